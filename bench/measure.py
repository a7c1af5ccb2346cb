"""Runs a command a few times and reports its best wall time and its peak RSS.

Peak RSS comes from wait4's rusage of the child itself (ru_maxrss, KiB on Linux), so each
measurement is that process alone, not the harness.
"""
import os
import subprocess
import sys
import time


def run(command, repeat=3, stdout=subprocess.DEVNULL):
    best = None
    peak = 0
    for _ in range(repeat):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=stdout, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        stderr = process.stderr.read().decode(errors="replace")
        process.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"failed: {' '.join(command)}\n{stderr}")
        best = elapsed if best is None else min(best, elapsed)
        peak = max(peak, usage.ru_maxrss)
    return best, peak * 1024


def mib(n):
    return f"{n / 1048576:.0f} MiB"
