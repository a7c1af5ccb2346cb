"""Benchmark: the open-data formats against the disclosure text path (issue 17).

One generated table; `jixiao convert` text → text (the baseline), text → JSON, JSON → text,
text → CSV, CSV → text, text → HTML, each the same number of runs (best of 3), and pandas on
the same CSV (to_csv, read_csv; bench/peers/pandas_csv.py). Every
conversion that ends in text must give back the input byte for byte, or its time does not
count. Prints wall time, peak RSS, output size, and each figure against issue 17's goal.
Usage: formats.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import filecmp
import os
import subprocess
import sys

from measure import mib, run

binary, workdir = sys.argv[1], sys.argv[2]
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
table = os.path.join(workdir, f"table-{projects}.txt")
if not os.path.exists(table):
    subprocess.run([binary, "generate", "--projects", str(projects), "--seed", "7", table], check=True)
size = os.path.getsize(table)


def path(name):
    return os.path.join(workdir, f"formats-{projects}.{name}")


# (label, input, output, must equal the input afterwards)
steps = [
    ("text → text", table, path("back.txt"), True),
    ("text → JSON (compact)", table, path("json"), False),
    ("JSON → text", path("json"), path("from-json.txt"), True),
    ("text → CSV", table, path("csv"), False),
    ("CSV → text", path("csv"), path("from-csv.txt"), True),
    ("text → HTML", table, path("html"), False),
]
results = {}
print(f"formats, {projects:,} projects, {size / 1048576:.1f} MiB of disclosure text (best of 3)")
print(f"  {'conversion':<24}{'time':>9}{'peak RSS':>11}{'output':>11}  identical")
failed = []
for label, source, target, identical in steps:
    seconds, rss = run([binary, "convert", source, target])
    same = filecmp.cmp(table, target, shallow=False) if identical else None
    results[label] = (seconds, rss, os.path.getsize(target))
    print(f"  {label:<24}{seconds:>8.2f}s{mib(rss):>11}{os.path.getsize(target) / 1048576:>9.1f} MiB  {'' if same is None else same}")
    if same is False:
        failed.append(label)

base = results["text → text"][0]


def goal(name, value, limit, unit="x"):
    print(f"  {name:<44}{value:>6.2f}{unit} (goal: <= {limit}{unit}) -> {'MET' if value <= limit else 'NOT MET'}")


goal("text → JSON against text → text", results["text → JSON (compact)"][0] / base, 1.5)
goal("JSON → text against text → text", results["JSON → text"][0] / base, 1.5)
goal("compact JSON's size against the text's", results["text → JSON (compact)"][2] / size, 3.0)
goal("text → HTML against text → text", results["text → HTML"][0] / base, 1.5)
# pandas on the same CSV, as many runs: to_csv of the frame read from Jixiao's CSV, and
# read_csv(dtype=str) of that file; each checks its cells against Python's csv reading.
peer = os.path.join(os.path.dirname(os.path.abspath(__file__)), "peers", "pandas_csv.py")


def pandas(mode, *args):
    out = subprocess.run([sys.executable, peer, mode, path("csv"), *args], capture_output=True, text=True, check=True).stdout
    return float(out.split()[1])


to_csv = min(pandas("write", path("pandas.csv")) for _ in range(3))
read_csv = min(pandas("read") for _ in range(3))
print(f"  pandas to_csv of the same frame {to_csv:.2f}s; read_csv(dtype=str) of the same file {read_csv:.2f}s (the call alone, best of 3)")
goal("text → CSV against pandas to_csv", results["text → CSV"][0] / to_csv, 1.0)
goal("CSV → text against pandas read_csv", results["CSV → text"][0] / read_csv, 1.0)
peak = max(rss for _, rss, _ in results.values())
goal("largest peak RSS", peak / 1048576, 400, " MiB")
if failed:
    sys.exit(f"not the input back: {', '.join(failed)}")
