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


def wrk(url, headers=(), script=None, args=(), threads=2, seconds=10, connections=64, timeout=None):
    """wrk (64 connections unless told): requests a second, p99 in ms, failures (non-2xx/3xx
    and socket errors), and wrk's whole output (a script's `done` prints there)."""
    import re
    extra = [arg for header in headers for arg in ("-H", header)]
    if script:
        extra += ["-s", script]
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *(["--timeout", timeout] if timeout else []), *extra, url]
    if args:
        command += ["--", *args]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([0-9.]+)", out)[1])
    p99 = re.search(r"99%\s+([0-9.]+)(us|ms|s)", out)
    p99_ms = float(p99[1]) * {"us": 0.001, "ms": 1, "s": 1000}[p99[2]]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    failures = (int(errors[1]) if errors else 0) + (sum(int(x) for x in socket.groups()) if socket else 0)
    return rps, p99_ms, failures, out
