"""Benchmark: review (智能审核) a generated table against parsing it.

Runs `jixiao check --timings` a few times on the same file: the review must take at most
1.5x the time reading the table takes (rules linear, copy detection by hashing). Reports
the median of each phase and the process's peak RSS.
Usage: review.py JIXIAO_BINARY WORKDIR [PROJECTS]
"""
import os
import re
import statistics
import subprocess
import sys

binary, workdir = sys.argv[1], sys.argv[2]
projects = int(sys.argv[3]) if len(sys.argv) > 3 else 100_000
table = os.path.join(workdir, f"table-{projects}.txt")
if not os.path.exists(table):
    subprocess.run([binary, "generate", "--projects", str(projects), "--seed", "7", table], check=True)

reads, reviews, reports, peak = [], [], [], 0
for _ in range(5):
    process = subprocess.Popen([binary, "check", table, "--timings"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read().decode()
    process.stderr.close()
    match = re.search(r"read ([0-9.]+) s, review ([0-9.]+) s, report ([0-9.]+) s, ([0-9]+) findings", stderr)
    if not match:
        sys.exit(f"no timings from jixiao check: {stderr}")
    reads.append(float(match[1]))
    reviews.append(float(match[2]))
    reports.append(float(match[3]))
    findings = int(match[4])
    peak = max(peak, usage.ru_maxrss * 1024)

read, review, report = (statistics.median(x) for x in (reads, reviews, reports))
print(f"review (智能审核), {projects:,} projects, {findings:,} findings (median of 5 runs)")
print(f"  read {read:.2f}s   review {review:.2f}s   report {report:.2f}s   peak RSS {peak / 1048576:.0f} MiB")
ratio = review / read
print(f"  review takes {ratio:.2f}x the time of reading (goal: <= 1.5x) -> {'MET' if ratio <= 1.5 else 'NOT MET'}")
