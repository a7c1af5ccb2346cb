"""Benchmark: the signed-in side on deadline day (issue 18), on SQLite and, when
JIXIAO_BENCH_POSTGRES_URL names a cluster, on PostgreSQL, beside the anonymous figures of the
same server in the same run. wrk, 10 s, 64 connections:
  - a reviewer's workspace page of a 100-project table (session cookie);
  - the same table through the API with a token (a draft: never cached);
  - the published seed page, anonymous (the fast path), for comparison;
  - saving projects through the API: 64 clients, two on each of 32 projects, each sending
    the version it last read. Every answer is counted; afterwards each project's stored
    version must have moved by exactly the number of saves answered 200 (none lost, none
    applied twice), and every other answer must be a 409 carrying the current version.
Goals: page >= 500 req/s with p99 <= 100 ms; saves >= 300/s with p99 <= 100 ms; no lost update.
Usage: signed_in.py JIXIAO_BINARY WORKDIR
"""
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

import measure

binary, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
seed_department = "中国共产党广州市越秀区委员会组织部（部门）"
port = 18192
base = f"http://127.0.0.1:{port}"
seconds = int(os.environ.get("JIXIAO_BENCH_SECONDS", "10"))


def wrk(url, **options):
    return measure.wrk(url, seconds=seconds, **options)


def get(path, token=None, opener=None):
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"} if token else {})
    with (opener.open(request) if opener else urllib.request.urlopen(request)) as response:
        return response.read()


def signed_in(login):
    """A browser's session: the login form's CSRF token and cookie, then the form posted."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(base + "/login").read().decode()
    csrf = re.search(r'name="_csrf" value="([^"]*)"', form)[1]
    opener.open(base + "/login", urllib.parse.urlencode({"_csrf": csrf, "login": login, "password": "jixiao-demo"}).encode()).read()
    jar = next(h for h in opener.handlers if isinstance(h, urllib.request.HTTPCookieProcessor)).cookiejar
    return opener, "; ".join(f"{c.name}={c.value}" for c in jar)


def run(label, database):
    home = tempfile.mkdtemp(dir=workdir)
    log = open(os.path.join(home, "serve.log"), "w")
    if subprocess.run(["curl", "-fsS", base + "/healthz"], capture_output=True).returncode == 0:
        sys.exit(f"port {port} is taken by another server; stop it first")
    server = subprocess.Popen([binary, "serve", "--demo", "--database", database, "--port", str(port), "--log-level", "warning"],
                              stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        jar = os.path.join(home, "cookies")
        token = lambda login: subprocess.run(["bash", os.path.join(root, ".ci/issue-token"), base, login, jar],
                                             capture_output=True, text=True, check=True).stdout.strip()
        editor = token("editor1")
        department = json.loads(get("/api/v1/me", editor))["department"]
        # The editor's draft, replaced by a generated 100-project table.
        document = json.loads(subprocess.run([binary, "generate", "--projects", "100", "--units", "4", "--seed", "18", "-", "--to", "json"],
                                             capture_output=True, check=True).stdout)
        document["department"] = department
        path = os.path.join(home, "hundred.json")
        with open(path, "w") as f:
            json.dump(document, f, ensure_ascii=False)
        subprocess.run([binary, "import", path, "--year", "2025", "--replace", "--database", database], check=True, capture_output=True)
        quoted = urllib.parse.quote(department)
        page = f"/workspace/tables/2025/{quoted}"
        opener, cookie = signed_in("reviewer")
        start = time.monotonic()
        size = len(get(page, opener=opener))
        one = (time.monotonic() - start) * 1000
        results = {}
        results["signed-in page (reviewer, 100 projects)"] = wrk(base + page, headers=[f"Cookie: {cookie}"])
        results["signed-in API table JSON (token, draft)"] = wrk(base + f"/api/v1/tables/2025/{quoted}", headers=[f"Authorization: Bearer {editor}"])
        results["anonymous published page (seed)"] = wrk(base + f"/tables/2025/{urllib.parse.quote(seed_department)}")
        print(f"{label}: the 100-project workspace page is {size / 1024:.0f} KiB, {one:.0f} ms for the first request")
        for name, (rps, p99, failures, _) in results.items():
            print(f"  {name}: {rps:,.0f} req/s, p99 {p99:.1f} ms, errors {failures}")

        projects = json.loads(get(f"/api/v1/tables/2025/{quoted}/projects", editor))["items"][:32]
        before = {str(p["id"]): p["version"] for p in projects}
        ids = list(before)
        rps, p99, failures, out = wrk(base + f"/api/v1/tables/2025/{quoted}/projects/", script=os.path.join(here, "lua/save.lua"),
                                      args=[f"/api/v1/tables/2025/{quoted}/projects/", editor, ",".join(ids), *[str(before[i]) for i in ids]],
                                      threads=64)
        saved, unanswered, conflicts, other = {}, {}, 0, 0
        for line in out.splitlines():
            if line.startswith("thread "):
                _, project, ok, refused, odd, sent = line.split()
                saved[project] = saved.get(project, 0) + int(ok)
                unanswered[project] = unanswered.get(project, 0) + int(sent) - int(ok) - int(refused) - int(odd)
                conflicts += int(refused)
                other += int(odd)
        # A save still on its way when wrk stopped may or may not have been stored; nothing else may differ.
        after = {str(p["id"]): p["version"] for p in json.loads(get(f"/api/v1/tables/2025/{quoted}/projects", editor))["items"]}
        lost = [i for i in ids if not saved.get(i, 0) <= after[i] - before[i] <= saved.get(i, 0) + unanswered.get(i, 0)]
        stored = sum(saved.values())
        print(f"  API saves (64 clients on 32 projects): {rps:,.0f} answers/s, {stored / seconds:,.0f} saves stored/s, p99 {p99:.1f} ms; "
              f"{stored:,} saved, {conflicts:,} refused with 409, {other} other answers; "
              f"{f'every stored version matches the saves answered ({sum(unanswered.values())} unanswered at the end)' if not lost else f'VERSIONS DISAGREE for projects {lost}'}")
        with open(f"/proc/{server.pid}/status") as status:
            kib = int(next(line for line in status if line.startswith("VmHWM:")).split()[1])
        print(f"  jixiao serve peak RSS {kib / 1024:.0f} MiB")
        return not lost and other == 0
    finally:
        server.terminate()
        server.wait()
        shutil.rmtree(home, ignore_errors=True)


print(f"signed-in side, wrk {seconds} s, 64 connections")
ok = run("SQLite", f"sqlite:{tempfile.mkdtemp(dir=workdir)}/signed-in.sqlite")
if os.environ.get("JIXIAO_BENCH_POSTGRES_URL"):
    ok = run("PostgreSQL", os.environ["JIXIAO_BENCH_POSTGRES_URL"]) and ok
sys.exit(0 if ok else 1)
