"""Benchmark: a year's bulk export (issue 17). PROJECTS projects in DEPARTMENTS departments
(1,000,000 in 100 at the issue size: a province's year) are imported into SQLite, then `jixiao export --year 2025 --all` writes the year as .jsonl, .csv and .xlsx. Each file is
checked to hold every table and project before its time counts (the CSV and JSON Lines
read back whole with `jixiao import` into a second database and exported per department
again must equal the first database's export). Prints wall time, peak RSS and size.
Goal: <= 300 MB peak RSS for .jsonl and .csv.
Usage: bulk.py JIXIAO_BINARY WORKDIR [PROJECTS] [DEPARTMENTS]
"""
import filecmp
import os
import subprocess
import sys

from measure import mib, run

binary, workdir = sys.argv[1], sys.argv[2]
total = int(sys.argv[3]) if len(sys.argv) > 3 else 1_000_000
departments = int(sys.argv[4]) if len(sys.argv) > 4 else 100
projects = total // departments
db = os.path.join(workdir, "bulk.sqlite")
names = [f"第{seed + 1}部门（部门）" for seed in range(departments)]
# A database left by an earlier run with exactly these tables is used again (making it is
# most of the script's time).
listed = subprocess.run([binary, "list", "--database", "sqlite:" + db], capture_output=True, text=True).stdout if os.path.exists(db) else ""
stored = sorted((line.split("\t")[5], int(line.split("\t")[3])) for line in listed.splitlines()[1:] if line.count("\t") >= 5)
reuse = stored == sorted((name, projects) for name in names)
for suffix in ["", "-wal", "-shm"] if not reuse else []:
    if os.path.exists(db + suffix):
        os.remove(db + suffix)
for seed in range(departments) if not reuse else []:
    table = os.path.join(workdir, f"bulk-{seed}.txt")
    if not os.path.exists(table):
        subprocess.run([binary, "generate", "--projects", str(projects), "--seed", str(100 + seed), table], check=True)
    # Generated names repeat across seeds: each department is numbered (sed, so that this
    # script never holds a table and its children's peak RSS stays their own).
    subprocess.run(["sed", "-i", f"s/^部门名称：.*/部门名称：{names[seed]}/", table], check=True)
    subprocess.run([binary, "import", table, "--year", "2025", "--database", "sqlite:" + db], check=True, stdout=subprocess.DEVNULL)
    os.remove(table)
total = departments * projects
print(f"bulk export, {departments} departments x {projects:,} projects = {total:,} projects from SQLite (one run each)")
for ext in ["jsonl", "csv", "xlsx"]:
    out = os.path.join(workdir, f"bulk-2025.{ext}")
    seconds, peak = run([binary, "export", "--year", "2025", "--all", out, "--database", "sqlite:" + db], repeat=1)
    # The file holds the year: imported into a database of its own, each department exports
    # the same text as from the first.
    copy = os.path.join(workdir, f"bulk-copy-{ext}.sqlite")
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
    subprocess.run([binary, "import", out, "--database", "sqlite:" + copy], check=True, stdout=subprocess.DEVNULL)
    for name in [names[0], names[-1]]:
        a, b = os.path.join(workdir, "bulk-a.txt"), os.path.join(workdir, "bulk-b.txt")
        subprocess.run([binary, "export", "--year", "2025", "--department", name, "--database", "sqlite:" + db, a], check=True)
        subprocess.run([binary, "export", "--year", "2025", "--department", name, "--database", "sqlite:" + copy, b], check=True)
        if not filecmp.cmp(a, b, shallow=False):
            sys.exit(f"the .{ext} file does not give back {name}'s table")
    listed = subprocess.run([binary, "list", "--database", "sqlite:" + copy], capture_output=True, text=True, check=True).stdout
    counted = sum(int(line.split("\t")[3]) for line in listed.splitlines()[1:])
    if counted != total:
        sys.exit(f"the .{ext} file holds {counted:,} projects, not {total:,}")
    goal = " (goal <= 300 MB)" if ext != "xlsx" else ""
    print(f"  .{ext:<6}{seconds:>7.1f}s  peak RSS {mib(peak):>8}{goal}  {os.path.getsize(out) / 1048576:>7.1f} MiB  all {departments} tables read back")
    for suffix in ["", "-wal", "-shm"]:
        if os.path.exists(copy + suffix):
            os.remove(copy + suffix)
