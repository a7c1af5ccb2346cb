"""Benchmark: Excel. Jixiao against the Python tools a user would pick, same file, same run.

Write: each program loads the same disclosure text and writes a workbook; compared on the
write phase (Jixiao's from `convert --timings`, the peers' from their own clocks).
Read: each reads the workbook Jixiao wrote; Jixiao builds the whole table (parsed indicators,
units), the peers load every cell. Goals (issue 5): write <= 1.0x rustpy-xlsxwriter,
>= 5x faster than XlsxWriter; read <= 1.0x python-calamine.
Memory: peak RSS of writing a workbook of ten times PROJECTS (1,000,000 at the issue size)
straight from the generator, streamed (goal <= 150 MB).
Usage: xlsx.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import os
import re
import subprocess
import sys

from measure import mib, run

here = os.path.dirname(os.path.abspath(__file__))
binary, workdir = sys.argv[1], sys.argv[2]
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
table = os.path.join(workdir, f"table-{projects}.txt")
if not os.path.exists(table):
    subprocess.run([binary, "generate", "--projects", str(projects), "--seed", "7", table], check=True)


def timed(command, pattern):
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    match = re.search(pattern, out.stdout + out.stderr)
    return float(match[1])


book = os.path.join(workdir, "jixiao.xlsx")
writes = {"jixiao": min(timed([binary, "convert", table, book, "--timings"], r"write ([0-9.]+) s") for _ in range(2))}
for peer in ["rustpy-xlsxwriter", "xlsxwriter", "openpyxl"]:
    target = os.path.join(workdir, f"{peer}.xlsx")
    writes[peer] = timed([sys.executable, os.path.join(here, "peers", "xlsx_peers.py"), "write", peer, table, target], r"write ([0-9.]+)")
none = os.path.join(workdir, "no-rules.json")
with open(none, "w") as f:
    rules = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout
    import json
    json.dump({"disabled": [r["id"] for r in json.loads(rules)]}, f)
reads = {"jixiao": min(timed([binary, "check", book, "--timings", "--rules", none], r"read ([0-9.]+) s") for _ in range(2))}
for peer in ["calamine", "openpyxl"]:
    reads[peer] = timed([sys.executable, os.path.join(here, "peers", "xlsx_peers.py"), "read", peer, book], r"read ([0-9.]+)")

print(f"excel, {projects:,} projects (workbook {os.path.getsize(book) / 1048576:.1f} MiB)")
print("  write: " + "   ".join(f"{k} {v:.2f}s" for k, v in writes.items()))
print(f"    jixiao / rustpy-xlsxwriter = {writes['jixiao'] / writes['rustpy-xlsxwriter']:.2f}x (goal <= 1.0)   "
      f"xlsxwriter / jixiao = {writes['xlsxwriter'] / writes['jixiao']:.1f}x (goal >= 5)")
print("  read:  " + "   ".join(f"{k} {v:.2f}s" for k, v in reads.items()))
print(f"    jixiao / calamine = {reads['jixiao'] / reads['calamine']:.2f}x (goal <= 1.0)")

large = projects * 10
big = os.path.join(workdir, "large.xlsx")
seconds, peak = run([binary, "generate", "--projects", str(large), "--seed", "7", big], repeat=1)
print(f"  streamed write of {large:,} projects: {seconds:.1f}s, peak RSS {mib(peak)} (goal <= 150 MB), workbook {os.path.getsize(big) / 1048576:.0f} MiB")
os.remove(big)
