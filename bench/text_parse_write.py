"""Benchmark: parse and write back a generated disclosure-text table.

Jixiao (`jixiao convert IN OUT`) against the Python peer (pandas read_csv + the same
indicator parsing with regular expressions + writing back), on the same file in the same run.
Both outputs must equal the input (canonical form), or the comparison means nothing.
Usage: text_parse_write.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import filecmp
import os
import subprocess
import sys

from measure import mib, run

binary, workdir = sys.argv[1], sys.argv[2]
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
here = os.path.dirname(os.path.abspath(__file__))
table = os.path.join(workdir, f"table-{projects}.txt")
subprocess.run([binary, "generate", "--projects", str(projects), "--seed", "7", table], check=True)
size = os.path.getsize(table)

jixiao_out = os.path.join(workdir, "jixiao-out.txt")
peer_out = os.path.join(workdir, "peer-out.txt")
jixiao_time, jixiao_rss = run([binary, "convert", table, jixiao_out])
peer_time, peer_rss = run([sys.executable, os.path.join(here, "peers", "pandas_text.py"), table, peer_out])

jixiao_same = filecmp.cmp(table, jixiao_out, shallow=False)
peer_same = filecmp.cmp(table, peer_out, shallow=False)
print(f"disclosure text, {projects:,} projects, {size / 1048576:.1f} MiB, parse + write back (best of 3)")
print(f"  {'program':<34}{'time':>9}{'peak RSS':>11}  output = input")
print(f"  {'jixiao convert':<34}{jixiao_time:>8.2f}s{mib(jixiao_rss):>11}  {jixiao_same}")
print(f"  {'pandas + re (Python peer)':<34}{peer_time:>8.2f}s{mib(peer_rss):>11}  {peer_same}")
ratio = peer_time / jixiao_time
print(f"  jixiao is {ratio:.1f}x faster than the peer (goal: >= 10x) -> {'MET' if ratio >= 10 else 'NOT MET'}")
if not jixiao_same:
    sys.exit("jixiao's output differs from its input")
