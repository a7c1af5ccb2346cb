"""The Python peer for the SQLite import: the same rows Jixiao stored, inserted into the same
schema by Python's own sqlite3 `executemany`, in one transaction, with the same pragmas
(WAL, synchronous=NORMAL). Reading the rows out of Jixiao's database is not timed; the
inserts and the commit are. The row counts are checked against the source before the time
is printed.
Usage: sqlite_executemany.py JIXIAO_BINARY SOURCE.sqlite TARGET.sqlite
"""
import os
import sqlite3
import subprocess
import sys
import time

binary, source, target = sys.argv[1], sys.argv[2], sys.argv[3]
for suffix in ["", "-wal", "-shm"]:
    if os.path.exists(target + suffix):
        os.remove(target + suffix)
# The schema as Jixiao migrates it.
subprocess.run([binary, "list", "--database", "sqlite:" + target], check=True, stdout=subprocess.DEVNULL)
tables = ["departments", "fiscal_years", "budget_tables", "spending_units", "projects", "indicators"]
rows = {}
with sqlite3.connect(source) as db:
    for name in tables:
        rows[name] = db.execute(f"SELECT * FROM {name}").fetchall()
db = sqlite3.connect(target, isolation_level=None)
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = NORMAL")
start = time.perf_counter()
db.execute("BEGIN")
for name in tables:
    if rows[name]:
        marks = ", ".join("?" * len(rows[name][0]))
        db.executemany(f"INSERT INTO {name} VALUES ({marks})", rows[name])
db.execute("COMMIT")
elapsed = time.perf_counter() - start
for name in tables:
    count = db.execute(f"SELECT count(*) FROM {name}").fetchone()[0]
    assert count == len(rows[name]), f"{name}: {count} rows, not {len(rows[name])}"
print(f"insert {elapsed:.3f} rows {sum(len(r) for r in rows.values())}")
