"""Benchmark: storage (issue 6). Import and export a generated table on SQLite and PostgreSQL.

SQLite: `jixiao import` (goal <= 3 s for 100,000 projects) and `jixiao export` (<= 3 s).
PostgreSQL: `jixiao import` against PostgreSQL's own COPY of the same rows into the same
tables, measured in the same run (goal <= 2x COPY): after the import the rows are copied out
with psql, the table deleted, and COPY FROM timed loading them back.
Python's sqlite3 `executemany` of the same rows (bench/peers/sqlite_executemany.py) for scale.
Needs JIXIAO_BENCH_POSTGRES_URL for the PostgreSQL part (bench/run starts a cluster and sets it).
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
# The 部门名称 line of the text (reading the whole table into Python here would make every
# child's peak RSS look huge: ru_maxrss counts the forked image before exec).
with open(table, encoding="utf-8") as f:
    department = next(line for line in f if line.startswith("部门名称")).split("：", 1)[1].strip()

print(f"storage, {projects:,} projects (best of three; this VM's timings vary by a third between runs)")
db = os.path.join(workdir, "bench.sqlite")


def fresh_sqlite():
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(db + suffix):
            os.remove(db + suffix)


def best(command, before, repeat=3):
    times, peaks = [], []
    for _ in range(repeat):
        before()
        seconds, peak = run(command, repeat=1)
        times.append(seconds)
        peaks.append(peak)
    return min(times), max(times), max(peaks)


fast, slow, peak = best([binary, "import", table, "--year", "2025", "--database", "sqlite:" + db], fresh_sqlite)
print(f"  sqlite import {fast:.2f}s (slowest {slow:.2f}s; goal <= 3 s), peak RSS {mib(peak)}")
# Python's own sqlite3 executemany of the same rows into the same schema, as many runs.
peer = min(float(subprocess.run([sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers", "sqlite_executemany.py"),
                                 binary, db, os.path.join(workdir, "peer.sqlite")], capture_output=True, text=True, check=True).stdout.split()[1])
           for _ in range(3))
print(f"  Python sqlite3 executemany of the same rows {peer:.2f}s (inserts and commit only)")
out = os.path.join(workdir, "exported.txt")
fast, slow, peak = best([binary, "export", "--year", "2025", "--department", department, "--database", "sqlite:" + db, out], lambda: None)
print(f"  sqlite export {fast:.2f}s (slowest {slow:.2f}s; goal <= 3 s), peak RSS {mib(peak)}")

url = os.environ.get("JIXIAO_BENCH_POSTGRES_URL")
if url:
    psql = ["psql", url, "-q", "-v", "ON_ERROR_STOP=1"]

    def empty_postgres():
        subprocess.run(psql + ["-c", "DROP SCHEMA public CASCADE; CREATE SCHEMA public;"], check=True, stderr=subprocess.DEVNULL)

    imported, slow, peak = best([binary, "import", table, "--year", "2025", "--database", url], empty_postgres)
    print(f"  postgres import {imported:.2f}s (slowest {slow:.2f}s), peak RSS {mib(peak)}")
    fast, slow, peak = best([binary, "export", "--year", "2025", "--department", department, "--database", url, out], lambda: None)
    print(f"  postgres export {fast:.2f}s (slowest {slow:.2f}s; goal <= 3 s), peak RSS {mib(peak)}")
    dumps = {}
    for name in ["spending_units", "projects", "indicators"]:
        path = os.path.join(workdir, f"{name}.copy")
        with open(path, "wb") as f:
            subprocess.run(psql + ["-c", f"COPY {name} TO STDOUT"], stdout=f, check=True)
        dumps[name] = path
    copies = []
    for _ in range(3):
        subprocess.run(psql + ["-c", "DELETE FROM indicators; DELETE FROM projects; DELETE FROM spending_units;"], check=True)
        subprocess.run(psql + ["-c", "VACUUM"], check=True)
        start = time.perf_counter()
        for name in ["spending_units", "projects", "indicators"]:
            with open(dumps[name], "rb") as f:
                subprocess.run(psql + ["-c", f"COPY {name} FROM STDIN"], stdin=f, check=True)
        copies.append(time.perf_counter() - start)
    copy = min(copies)
    print(f"  postgres COPY of the same rows {copy:.2f}s: jixiao import / COPY = {imported / copy:.2f}x (goal <= 2)")
