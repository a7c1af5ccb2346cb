"""Soak (issue 18): ten minutes of what a province's deadline day mixes, against one
`jixiao serve --demo`, on SQLite and, when JIXIAO_BENCH_POSTGRES_URL names a cluster, on
PostgreSQL:
  - anonymous readers of the published seed page (wrk, 8 connections);
  - a reviewer reading a 100-project draft's workspace page (wrk, 8 connections, session);
  - API saves (wrk, 16 clients, two on each of 8 projects, each with the version it read);
  - one clerk uploading their table again (replace) and submitting it, and a reviewer
    returning it, in turn, as fast as they are answered.
Checks: no 5xx and no failed request anywhere (a save is answered 200 or 409, nothing else);
every project's stored version moved by exactly the saves answered 200 (give or take the one
on its way when wrk stopped); RSS after warm-up (the first minute) grows by at most 10 %; no
file descriptor growth. Prints RSS and descriptors each minute.
Usage: soak.py JIXIAO_BINARY WORKDIR   (JIXIAO_SOAK_SECONDS=600 by default)
"""
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
import uuid

import measure

here = os.path.dirname(os.path.abspath(__file__))
duration = int(os.environ.get("JIXIAO_SOAK_SECONDS", "600"))
# The set-up of the signed-in benchmark: a demo server, tokens, a 100-project draft.
__file__ = os.path.join(here, "signed_in.py")
exec(open(__file__).read().split("\ndef run(")[0])


def status(opener, request):
    try:
        with opener.open(request) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def multipart(fields, file_name, content):
    boundary = uuid.uuid4().hex
    body = b""
    for name, value in fields.items():
        body += f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
    body += f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
    body += content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def soak(label, database):
    home = tempfile.mkdtemp(dir=workdir)
    log = open(os.path.join(home, "serve.log"), "w")
    server = subprocess.Popen([binary, "serve", "--demo", "--database", database, "--port", str(port), "--log-level", "warning"], stdout=log, stderr=subprocess.STDOUT)
    try:
        for _ in range(300):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        jar = os.path.join(home, "cookies")
        token = lambda login: subprocess.run(["bash", os.path.join(root, ".ci/issue-token"), base, login, jar], capture_output=True, text=True, check=True).stdout.strip()
        editor, clerk, reviewer = token("editor1"), token("editor2"), token("reviewer")
        draft = json.loads(get("/api/v1/me", editor))["department"]
        returned = json.loads(get("/api/v1/me", clerk))["department"]
        document = json.loads(subprocess.run([binary, "generate", "--projects", "100", "--units", "4", "--seed", "18", "-", "--to", "json"], capture_output=True, check=True).stdout)
        document["department"] = draft
        path = os.path.join(home, "hundred.json")
        with open(path, "w") as f:
            json.dump(document, f, ensure_ascii=False)
        subprocess.run([binary, "import", path, "--year", "2025", "--replace", "--database", database], check=True, capture_output=True)
        q_draft, q_returned = urllib.parse.quote(draft), urllib.parse.quote(returned)
        _, reviewer_cookie = signed_in("reviewer")
        clerk_browser, _ = signed_in("editor2")
        table_text = get(f"/workspace/tables/2025/{q_returned}/download/table.txt", opener=clerk_browser)

        failures = {"workflow": 0}
        stop = threading.Event()

        def workflow():
            """Upload (replace), submit, return: a clerk and a reviewer taking turns."""
            api = f"{base}/api/v1/tables/2025/{q_returned}/transitions"
            rounds = 0
            while not stop.is_set():
                page = get(f"/workspace/tables/2025/{q_returned}", opener=clerk_browser).decode()
                csrf = page.split('name="_csrf" value="', 1)[1].split('"', 1)[0]
                body, kind = multipart({"_csrf": csrf, "replace": "1"}, "table.txt", table_text)
                answers = [status(clerk_browser, urllib.request.Request(f"{base}/workspace/tables/2025/{q_returned}/upload", data=body, headers={"Content-Type": kind}))]
                for who, action in ((clerk, {"action": "submit"}), (reviewer, {"action": "return", "comment": "请再核对"})):
                    request = urllib.request.Request(api, data=json.dumps(action).encode(), headers={"Authorization": f"Bearer {who}", "Content-Type": "application/json"})
                    answers.append(status(urllib.request.build_opener(), request))
                if any(code == 0 or code >= 500 for code in answers):
                    failures["workflow"] += 1
                rounds += 1
            failures["workflow rounds"] = rounds

        samples = []

        def sample():
            start = time.monotonic()
            while not stop.wait(10):
                with open(f"/proc/{server.pid}/status") as status_file:
                    rss = int(next(line for line in status_file if line.startswith("VmRSS:")).split()[1]) / 1024
                samples.append((time.monotonic() - start, rss, len(os.listdir(f"/proc/{server.pid}/fd"))))

        projects = json.loads(get(f"/api/v1/tables/2025/{q_draft}/projects", editor))["items"][:8]
        before = {str(p["id"]): p["version"] for p in projects}
        ids = list(before)
        results = {}

        def load(name, **options):
            results[name] = measure.wrk(seconds=duration, timeout="10s", **options)

        loads = [
            threading.Thread(target=load, args=("anonymous page",), kwargs=dict(url=base + f"/tables/2025/{urllib.parse.quote(seed_department)}", threads=1, connections=8)),
            threading.Thread(target=load, args=("signed-in page",), kwargs=dict(url=base + f"/workspace/tables/2025/{q_draft}", headers=[f"Cookie: {reviewer_cookie}"], threads=1, connections=8)),
            threading.Thread(target=load, args=("API saves",), kwargs=dict(url=base + f"/api/v1/tables/2025/{q_draft}/projects/", script=os.path.join(here, "lua/save.lua"),
                             args=[f"/api/v1/tables/2025/{q_draft}/projects/", editor, ",".join(ids), *[str(before[i]) for i in ids]], threads=16, connections=16)),
        ]
        helpers = [threading.Thread(target=workflow), threading.Thread(target=sample)]
        for thread in loads + helpers:
            thread.start()
        for thread in loads:
            thread.join()
        stop.set()
        for thread in helpers:
            thread.join()

        print(f"{label}: {duration} s of mixed load")
        ok = True
        for name in ("anonymous page", "signed-in page"):
            rps, p99, failed, _ = results[name]
            print(f"  {name}: {rps:,.0f} req/s, p99 {p99:.1f} ms, failed {failed}")
            ok = ok and failed == 0
        rps, p99, _, out = results["API saves"]
        saved, unanswered, conflicts, other = {}, {}, 0, 0
        for line in out.splitlines():
            if line.startswith("thread "):
                _, project, good, refused, odd, sent = line.split()
                saved[project] = saved.get(project, 0) + int(good)
                unanswered[project] = unanswered.get(project, 0) + int(sent) - int(good) - int(refused) - int(odd)
                conflicts += int(refused)
                other += int(odd)
        after = {str(p["id"]): p["version"] for p in json.loads(get(f"/api/v1/tables/2025/{q_draft}/projects", editor))["items"]}
        lost = [i for i in ids if not saved.get(i, 0) <= after[i] - before[i] <= saved.get(i, 0) + unanswered.get(i, 0)]
        print(f"  API saves: {rps:,.0f} answers/s, p99 {p99:.1f} ms; {sum(saved.values()):,} stored, {conflicts:,} refused 409, {other} other; "
              + ("every stored version matches the saves answered" if not lost else f"VERSIONS DISAGREE for {lost}"))
        print(f"  upload + submit + return rounds: {failures['workflow rounds']}, rounds with a 5xx or no answer: {failures['workflow']}")
        ok = ok and not lost and other == 0 and failures["workflow"] == 0
        for at, rss, fds in samples[5::6]:
            print(f"    at {at:4.0f} s: RSS {rss:.0f} MiB, {fds} file descriptors")
        warm = [s for s in samples if s[0] >= 60]
        if warm:
            base_rss, base_fds = warm[0][1], warm[0][2]
            last = [s for s in samples if s[0] >= samples[-1][0] - 60]
            grew = max(s[1] for s in last) / base_rss - 1
            fd_growth = max(s[2] for s in last) - base_fds
            print(f"  RSS after warm-up {base_rss:.0f} MiB, in the last minute at most {max(s[1] for s in last):.0f} MiB ({grew:+.1%}; goal <= +10 %); "
                  f"file descriptors {base_fds} → at most {base_fds + fd_growth}")
            ok = ok and grew <= 0.10 and fd_growth <= 8
        errors = [line for line in open(os.path.join(home, "serve.log")) if " error " in line or "critical" in line]
        print(f"  server log: {len(errors)} error lines" + (f", the first: {errors[0].strip()[:200]}" if errors else ""))
        return ok
    finally:
        server.terminate()
        server.wait()


ok = soak("SQLite", f"sqlite:{tempfile.mkdtemp(dir=workdir)}/soak.sqlite")
if os.environ.get("JIXIAO_BENCH_POSTGRES_URL"):
    ok = soak("PostgreSQL", os.environ["JIXIAO_BENCH_POSTGRES_URL"]) and ok
print("soak: " + ("held" if ok else "FAILED"))
sys.exit(0 if ok else 1)
