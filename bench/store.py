"""Benchmark: storage (issue 6). Import and export a generated table on SQLite and PostgreSQL.

SQLite: `jixiao import` (goal <= 3 s for 100,000 projects) and `jixiao export` (<= 3 s).
PostgreSQL: `jixiao import` against PostgreSQL's own COPY of the same rows into the same
tables, measured in the same run (goal <= 2x COPY): after the import the rows are copied out
with psql, the table deleted, and COPY FROM timed loading them back.
Needs JIXIAO_BENCH_POSTGRES_URL (e.g. from `source .ci/postgres start`) for the PostgreSQL part.
Usage: store.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import os
import subprocess
import sys
import time

from measure import mib, run

binary, workdir = sys.argv[1], sys.argv[2]
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
table = os.path.join(workdir, f"table-{projects}.txt")
if not os.path.exists(table):
    subprocess.run([binary, "generate", "--projects", str(projects), "--seed", "7", table], check=True)
department = subprocess.run([binary, "convert", table, "-", "--to", "json"], capture_output=True, text=True, check=True).stdout
department = department.split('"department" : "')[1].split('"')[0]

print(f"storage, {projects:,} projects")
db = os.path.join(workdir, "bench.sqlite")
for suffix in ["", "-wal", "-shm"]:
    if os.path.exists(db + suffix):
        os.remove(db + suffix)
seconds, peak = run([binary, "import", table, "--year", "2025", "--replace", "--database", "sqlite:" + db], repeat=1)
print(f"  sqlite import {seconds:.2f}s (goal <= 3 s), peak RSS {mib(peak)}")
out = os.path.join(workdir, "exported.txt")
seconds, peak = run([binary, "export", "--year", "2025", "--department", department, "--database", "sqlite:" + db, out], repeat=1)
print(f"  sqlite export {seconds:.2f}s (goal <= 3 s), peak RSS {mib(peak)}")

url = os.environ.get("JIXIAO_BENCH_POSTGRES_URL")
if url:
    seconds, peak = run([binary, "import", table, "--year", "2025", "--replace", "--database", url], repeat=1)
    print(f"  postgres import {seconds:.2f}s, peak RSS {mib(peak)}")
    export_seconds, export_peak = run([binary, "export", "--year", "2025", "--department", department, "--database", url, out], repeat=1)
    print(f"  postgres export {export_seconds:.2f}s (goal <= 3 s), peak RSS {mib(export_peak)}")
    psql = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1"]
    dumps = {}
    for name in ["spending_units", "projects", "indicators"]:
        path = os.path.join(workdir, f"{name}.copy")
        with open(path, "wb") as f:
            subprocess.run(psql + ["-c", f"COPY {name} TO STDOUT"], stdout=f, check=True)
        dumps[name] = path
    subprocess.run(psql + ["-c", "DELETE FROM indicators; DELETE FROM projects; DELETE FROM spending_units;"], check=True)
    start = time.perf_counter()
    for name in ["spending_units", "projects", "indicators"]:
        with open(dumps[name], "rb") as f:
            subprocess.run(psql + ["-c", f"COPY {name} FROM STDIN"], stdin=f, check=True)
    copy = time.perf_counter() - start
    print(f"  postgres COPY of the same rows {copy:.2f}s: jixiao import / COPY = {seconds / copy:.2f}x (goal <= 2)")
