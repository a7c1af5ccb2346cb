"""Benchmark: Excel. Jixiao against the Python tools a user would pick, same file, same run.

Write: each program loads the same disclosure text and writes a workbook; compared on the
write phase (Jixiao's from `convert --timings`, the peers' from their own clocks). Every side
runs RUNS times and its best counts, and only if its workbook holds the same rows as
Jixiao's (`peers/xlsx_cells.py`: names, amounts to the cent, goals, indicators). Sizes are
printed beside the times.
Read: each reads the workbook Jixiao wrote, RUNS times; Jixiao builds the whole table (parsed
indicators, units) and must give back the text it was written from, the peers load every cell.
Goals (issues 5 and 17): write <= 1.0x rustpy-xlsxwriter's time with the file <= 1.05x its
size, >= 5x faster than XlsxWriter; read <= 1.0x python-calamine.
Memory: peak RSS of writing a workbook of ten times PROJECTS (1,000,000 at the issue size)
straight from the generator, streamed (goal <= 150 MB).
Usage: xlsx.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import filecmp
import json
import os
import re
import subprocess
import sys

from measure import mib, run

RUNS = 3
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


def best(command, pattern):
    return min(timed(command, pattern) for _ in range(RUNS))


def cells(book):
    out = subprocess.run([sys.executable, os.path.join(here, "peers", "xlsx_cells.py"), book], capture_output=True, text=True, check=True).stdout
    return out.strip()


books = {"jixiao": os.path.join(workdir, "jixiao.xlsx")}
writes = {"jixiao": best([binary, "convert", table, books["jixiao"], "--timings"], r"write ([0-9.]+) s")}
expected = cells(books["jixiao"])
for peer in ["rustpy-xlsxwriter", "xlsxwriter", "openpyxl"]:
    books[peer] = os.path.join(workdir, f"{peer}.xlsx")
    # openpyxl takes a minute a run at the issue size: once is enough to show it is far behind.
    runs = RUNS if peer != "openpyxl" else 1
    writes[peer] = min(timed([sys.executable, os.path.join(here, "peers", "xlsx_peers.py"), "write", peer, table, books[peer]], r"write ([0-9.]+)")
                       for _ in range(runs))
    held = cells(books[peer])
    if held != expected:
        sys.exit(f"{peer}'s workbook holds other rows than Jixiao's ({held} against {expected}): its time does not count")
sizes = {k: os.path.getsize(v) for k, v in books.items()}

none = os.path.join(workdir, "no-rules.json")
with open(none, "w") as f:
    rules = subprocess.run([binary, "rules", "--format", "json"], capture_output=True, text=True, check=True).stdout
    json.dump({"disabled": [r["id"] for r in json.loads(rules)]}, f)
back = os.path.join(workdir, "from-xlsx.txt")
subprocess.run([binary, "convert", books["jixiao"], back], check=True)
if not filecmp.cmp(back, table, shallow=False):
    sys.exit("Jixiao's workbook does not read back to the text it was written from")
reads = {"jixiao": best([binary, "check", books["jixiao"], "--timings", "--rules", none], r"read ([0-9.]+) s")}
for peer in ["calamine", "openpyxl"]:
    reads[peer] = min(timed([sys.executable, os.path.join(here, "peers", "xlsx_peers.py"), "read", peer, books["jixiao"]], r"read ([0-9.]+)")
                      for _ in range(RUNS if peer != "openpyxl" else 1))

print(f"excel, {projects:,} projects, best of {RUNS} (openpyxl: 1); every workbook holds the same rows ({expected})")
print("  write: " + "   ".join(f"{k} {v:.2f}s" for k, v in writes.items()))
print("  size:  " + "   ".join(f"{k} {v / 1048576:.1f} MiB" for k, v in sizes.items()))
ratio, size_ratio = writes["jixiao"] / writes["rustpy-xlsxwriter"], sizes["jixiao"] / sizes["rustpy-xlsxwriter"]
print(f"    jixiao / rustpy-xlsxwriter: time {ratio:.2f}x (goal <= 1.0) -> {'MET' if ratio <= 1 else 'NOT MET'}, "
      f"size {size_ratio:.2f}x (goal <= 1.05) -> {'MET' if size_ratio <= 1.05 else 'NOT MET'}")
print(f"    xlsxwriter / jixiao = {writes['xlsxwriter'] / writes['jixiao']:.1f}x (goal >= 5)")
print("  read:  " + "   ".join(f"{k} {v:.2f}s" for k, v in reads.items()))
print(f"    jixiao / calamine = {reads['jixiao'] / reads['calamine']:.2f}x (goal <= 1.0) -> {'MET' if reads['jixiao'] <= reads['calamine'] else 'NOT MET'}")

large = projects * 10
big = os.path.join(workdir, "large.xlsx")
seconds, peak = run([binary, "generate", "--projects", str(large), "--seed", "7", big], repeat=1)
print(f"  streamed write of {large:,} projects: {seconds:.1f}s, peak RSS {mib(peak)} (goal <= 150 MB), workbook {os.path.getsize(big) / 1048576:.0f} MiB")
os.remove(big)
