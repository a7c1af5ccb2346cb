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
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid

import measure
from demo_server import DemoServer, Saves, seed_department

binary, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
duration = int(os.environ.get("JIXIAO_SOAK_SECONDS", "600"))


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
    with DemoServer(binary, workdir, database) as server:
        base = server.base
        editor, clerk, reviewer = server.token("editor1"), server.token("editor2"), server.token("reviewer")
        draft, returned = server.department(editor), server.department(clerk)
        server.hundred_projects(draft)
        q_draft, q_returned = urllib.parse.quote(draft), urllib.parse.quote(returned)
        _, reviewer_cookie = server.signed_in("reviewer")
        clerk_browser, _ = server.signed_in("editor2")
        table_text = server.get(f"/workspace/tables/2025/{q_returned}/download/table.txt", opener=clerk_browser)

        failures = {"workflow": 0}
        stop = threading.Event()

        def workflow():
            """Upload (replace), submit, return: a clerk and a reviewer taking turns."""
            api = f"{base}/api/v1/tables/2025/{q_returned}/transitions"
            rounds = 0
            while not stop.is_set():
                page = server.get(f"/workspace/tables/2025/{q_returned}", opener=clerk_browser).decode()
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

        def memory():
            """malloc's bytes in use and SQLite's, in MiB, from /metrics (None when unread)."""
            try:
                text = urllib.request.urlopen(base + "/metrics", timeout=10).read().decode()
            except OSError:
                return None, None
            values = dict(line.split(" ", 1) for line in text.splitlines() if line.startswith(("jixiao_malloc_in_use_bytes ", "jixiao_sqlite_memory_bytes ")))
            mib = lambda name: float(values[name]) / 2**20 if name in values else None
            return mib("jixiao_malloc_in_use_bytes"), mib("jixiao_sqlite_memory_bytes")

        def sample():
            start = time.monotonic()
            while not stop.wait(10):
                samples.append((time.monotonic() - start, server.proc("VmRSS") / 1024, server.descriptors(), *memory(),
                                server.proc("RssAnon") / 1024, server.proc("RssFile") / 1024))

        saves = Saves(server, editor, draft, 8)
        results = {}

        def load(name, **options):
            results[name] = measure.wrk(seconds=duration, timeout="10s", **options)

        loads = [
            threading.Thread(target=load, args=("anonymous page",), kwargs=dict(url=base + f"/tables/2025/{urllib.parse.quote(seed_department)}", threads=1, connections=8)),
            threading.Thread(target=load, args=("signed-in page",), kwargs=dict(url=base + f"/workspace/tables/2025/{q_draft}", headers=[f"Cookie: {reviewer_cookie}"], threads=1, connections=8)),
            threading.Thread(target=load, args=("API saves",), kwargs=dict(threads=16, connections=16, **saves.wrk_options())),
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
        ok = saves.check(out) and ok
        print(f"  API saves: {rps:,.0f} answers/s, p99 {p99:.1f} ms; {saves.summary()}")
        print(f"  upload + submit + return rounds: {failures['workflow rounds']}, rounds with a 5xx or no answer: {failures['workflow']}")
        ok = ok and failures["workflow"] == 0
        for at, rss, fds, held, sqlite, anonymous, mapped in samples[5::6]:
            inside = f"; malloc holds {held:.0f} MiB, SQLite {sqlite:.1f} MiB of it" if held is not None and sqlite is not None else ""
            print(f"    at {at:4.0f} s: RSS {rss:.0f} MiB ({anonymous:.0f} anonymous, {mapped:.0f} of files: the program's code{inside}), {fds} file descriptors")
        warm = [s for s in samples if s[0] >= 60]
        if warm:
            base_rss, base_fds = warm[0][1], warm[0][2]
            last = [s for s in samples if s[0] >= samples[-1][0] - 60]
            grew = max(s[1] for s in last) / base_rss - 1
            fd_growth = max(s[2] for s in last) - base_fds
            print(f"  RSS after warm-up {base_rss:.0f} MiB, in the last minute at most {max(s[1] for s in last):.0f} MiB ({grew:+.1%}; goal <= +10 %); "
                  f"file descriptors {base_fds} → at most {base_fds + fd_growth}")
            print(f"    of which anonymous {warm[0][5]:.0f} → at most {max(s[5] for s in last):.0f} MiB, pages of files {warm[0][6]:.0f} → at most {max(s[6] for s in last):.0f} MiB")
            ok = ok and grew <= 0.10 and fd_growth <= 8
            # Where the growth is: SQLite's page caches fill to their set bound as the database
            # grows (minutes), malloc's holding beside them, and the second half on its own.
            half = [s for s in samples if s[0] >= samples[-1][0] / 2]
            if half and half[0][3] is not None:
                print(f"  second half: RSS {half[0][1]:.0f} → at most {max(s[1] for s in half):.0f} MiB ({max(s[1] for s in half) / half[0][1] - 1:+.1%}); "
                      f"malloc holds {half[0][3]:.0f} → {half[-1][3]:.0f} MiB, SQLite {half[0][4]:.1f} → {half[-1][4]:.1f} MiB")
        errors = server.errors_logged()
        print(f"  server log: {len(errors)} error lines" + (f", the first: {errors[0].strip()[:200]}" if errors else ""))
        return ok


ok = soak("SQLite", f"sqlite:{tempfile.mkdtemp(dir=workdir)}/soak.sqlite")
if os.environ.get("JIXIAO_BENCH_POSTGRES_URL"):
    ok = soak("PostgreSQL", os.environ["JIXIAO_BENCH_POSTGRES_URL"]) and ok
print("soak: " + ("held" if ok else "FAILED"))
sys.exit(0 if ok else 1)
