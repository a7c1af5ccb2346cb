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
import os
import sys
import tempfile
import time
import urllib.parse

import measure
from demo_server import DemoServer, Saves, seed_department

binary, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
seconds = int(os.environ.get("JIXIAO_BENCH_SECONDS", "10"))


def wrk(**options):
    return measure.wrk(seconds=seconds, **options)


def run(label, database):
    with DemoServer(binary, workdir, database) as server:
        editor = server.token("editor1")
        department = server.department(editor)
        server.hundred_projects(department)
        quoted = urllib.parse.quote(department)
        page = f"/workspace/tables/2025/{quoted}"
        opener, cookie = server.signed_in("reviewer")
        start = time.monotonic()
        size = len(server.get(page, opener=opener))
        one = (time.monotonic() - start) * 1000
        results = {}
        results["signed-in page (reviewer, 100 projects)"] = wrk(url=server.base + page, headers=[f"Cookie: {cookie}"])
        results["signed-in API table JSON (token, draft)"] = wrk(url=server.base + f"/api/v1/tables/2025/{quoted}", headers=[f"Authorization: Bearer {editor}"])
        results["anonymous published page (seed)"] = wrk(url=server.base + f"/tables/2025/{urllib.parse.quote(seed_department)}")
        print(f"{label}: the 100-project workspace page is {size / 1024:.0f} KiB, {one:.0f} ms for the first request")
        for name, (rps, p99, failures, _) in results.items():
            print(f"  {name}: {rps:,.0f} req/s, p99 {p99:.1f} ms, errors {failures}")

        saves = Saves(server, editor, department, 32)
        rps, p99, _, out = wrk(threads=64, **saves.wrk_options())
        ok = saves.check(out)
        print(f"  API saves (64 clients on 32 projects): {rps:,.0f} answers/s, {saves.stored / seconds:,.0f} saves stored/s, p99 {p99:.1f} ms; {saves.summary()}")
        print(f"  jixiao serve peak RSS {server.proc('VmHWM') / 1024:.0f} MiB")
        return ok


print(f"signed-in side, wrk {seconds} s, 64 connections")
ok = run("SQLite", f"sqlite:{tempfile.mkdtemp(dir=workdir)}/signed-in.sqlite")
if os.environ.get("JIXIAO_BENCH_POSTGRES_URL"):
    ok = run("PostgreSQL", os.environ["JIXIAO_BENCH_POSTGRES_URL"]) and ok
sys.exit(0 if ok else 1)
