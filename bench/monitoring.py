"""Benchmark: a monitoring round over 10,000 projects (issue 19), on SQLite and, when
JIXIAO_BENCH_POSTGRES_URL names a cluster, on PostgreSQL.

Setup, through the app's own paths: `jixiao serve --demo` (its 2025 round of 1–7月 is open);
40 generated departments of 250 projects imported for 2025 (`jixiao import`); for each, an
editor made on the admin's page, who signs in, downloads the report template, fills every
project and indicator (spending from a fifth to the whole budget, targets reached in step) and
uploads it. Then, as the finance reviewer:
  - the round's overview page (every department, its state, lights and money): 20 requests,
    median, p95 and slowest; goal under 200 ms;
  - every department's 监控表 workbook in one ZIP: 3 downloads, each timed; goal under 10 s;
    the ZIP is opened and one workbook checked in openpyxl (a row a project in 汇总, the
    lights as words);
and jixiao serve's peak RSS.
Usage: monitoring.py JIXIAO_BINARY WORKDIR
"""
import csv
import io
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.error
import urllib.request
import zipfile

from demo_server import DemoServer

binary, workdir = sys.argv[1], os.path.abspath(sys.argv[2])
DEPARTMENTS, PROJECTS = 40, 250


def form_post(opener, url, fields):
    return opener.open(url, urllib.parse.urlencode(fields).encode()).read().decode()


def csrf(page):
    return re.search(r'name="_csrf" value="([^"]*)"', page)[1]


def multipart(opener, url, fields, name, data):
    boundary = "----jixiao-bench"
    body = b""
    for key, value in fields.items():
        body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n".encode()
    body += f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: text/csv\r\n\r\n".encode() + data
    body += f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(url, body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
    try:
        with opener.open(request) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        page = error.read().decode()
        sys.exit(f"{url}: {error.code} " + " ".join(re.findall(r'class="error"[^>]*>([^<]*)', page)))


def filled(template, seed):
    """The template with every project's money and every indicator's progress filled in."""
    rows = list(csv.reader(io.StringIO(template.decode("utf-8-sig"))))
    col = {name: i for i, name in enumerate(rows[0])}
    out = [rows[0]]
    for n, cells in enumerate(r for r in rows[1:] if r):
        share = 20 + (n * 37 + seed * 11) % 81  # 20–100 % of the budget, 20–100 % of each target
        if cells[col["指标序号"]] == "":
            budget = float(cells[col["年初预算数"]] or 0)
            cells[col["执行数"]] = f"{budget * share / 100:.2f}"
            if share < 40:
                cells[col["偏差原因"]] = "经费保障：资金下达较晚"
        else:
            match = re.match(r"^[^0-9]*([0-9.]+)(.*)$", cells[col["年度指标值"]])
            if match:
                cells[col["截至目前完成值"]] = f"{float(match[1]) * share / 100:.2f}{match[2]}"
            cells[col["完成目标可能性"]] = "确定能" if share > 40 else "有可能"
            if share <= 25:
                cells[col["完成目标可能性"]], cells[col["纠偏措施"]] = "完全不可能", "申请调整目标"
        out.append(cells)
    text = io.StringIO()
    csv.writer(text, lineterminator="\r\n").writerows(out)
    return ("\ufeff" + text.getvalue()).encode()


def run(label, database):
    home = tempfile.mkdtemp(dir=workdir)
    with DemoServer(binary, workdir, database, extra=["--password-cost", "4"]) as server:
        start = time.monotonic()
        names = [f"基准测试部门{i:02d}（部门）" for i in range(DEPARTMENTS)]
        for i, name in enumerate(names):
            document = json.loads(subprocess.run([binary, "generate", "--projects", str(PROJECTS), "--seed", str(1900 + i), "-", "--to", "json"],
                                                 capture_output=True, check=True).stdout)
            document["department"] = name
            path = os.path.join(home, f"{i}.json")
            with open(path, "w") as f:
                json.dump(document, f, ensure_ascii=False)
            subprocess.run([binary, "import", path, "--year", "2025", "--database", database], check=True, capture_output=True)
        imported = time.monotonic() - start
        admin, _ = server.signed_in("admin")
        ids = {d["name"]: d["id"] for d in json.loads(server.get("/api/v1/departments"))["items"]}
        for i, name in enumerate(names):
            page = admin.open(server.base + "/admin/users").read().decode()
            form_post(admin, server.base + "/admin/users", {"_csrf": csrf(page), "login": f"bench{i:02d}", "display_name": f"填报员{i:02d}",
                                                           "role": "editor", "department_id": ids[name], "password": "jixiao-demo"})
        start = time.monotonic()
        entries = 0
        for i, name in enumerate(names):
            editor, _ = server.signed_in(f"bench{i:02d}")
            report = server.base + "/workspace/monitoring/2025/7/" + urllib.parse.quote(name)
            template = editor.open(report + "/download/template.csv").read()
            data = filled(template, i)
            entries += data.count(b"\r\n") - 1
            status, page = multipart(editor, report + "/upload", {"_csrf": csrf(editor.open(report).read().decode())}, "report.csv", data)
            assert "所填项目均已保存" in page, page[:2000]
        filling = time.monotonic() - start
        reviewer, _ = server.signed_in("reviewer")
        overview = server.base + "/workspace/monitoring/2025/7"
        page = reviewer.open(overview).read().decode()
        assert page.count("<tr><td><a href=") >= DEPARTMENTS, "every department in the overview"
        reported = sum(d["reported"] for d in json.loads(reviewer.open(server.base + "/api/v1/monitoring/2025/7").read())["departments"])
        times = []
        for _ in range(20):
            t = time.monotonic()
            reviewer.open(overview).read()
            times.append((time.monotonic() - t) * 1000)
        times.sort()
        print(f"{label}: {DEPARTMENTS} departments × {PROJECTS} projects imported in {imported:.1f} s; "
              f"{entries:,} template rows filled and uploaded in {filling:.1f} s; overview counts {reported:,} projects reported")
        print(f"  overview page (reviewer, {DEPARTMENTS + 6} departments, 10,000+ projects): median {statistics.median(times):.0f} ms, "
              f"p95 {times[18]:.0f} ms, slowest {times[-1]:.0f} ms, {len(page.encode()) / 1024:.0f} KiB (goal < 200 ms)")
        exports = []
        for _ in range(3):
            t = time.monotonic()
            archive = reviewer.open(overview + "/download/monitoring.zip").read()
            exports.append(time.monotonic() - t)
        with zipfile.ZipFile(io.BytesIO(archive)) as z:
            workbooks = [n for n in z.namelist() if n.endswith(".xlsx")]
            one = next(n for n in workbooks if n.startswith("基准测试部门00"))
            import openpyxl
            book = openpyxl.load_workbook(io.BytesIO(z.read(one)), read_only=True)
            summary = list(book["汇总"].iter_rows(values_only=True))
            rows = [r for r in summary[3:] if r[0] and r[0] != "合计"]
            lights = {r[7] for r in rows}
        assert len(rows) == PROJECTS, (len(rows), PROJECTS)
        assert lights <= {"红灯", "黄灯", "蓝灯", "绿灯"} and len(lights) >= 3, lights
        print(f"  every department's 监控表 workbook, one ZIP: {min(exports):.2f} / {statistics.median(exports):.2f} / {max(exports):.2f} s "
              f"(fastest / median / slowest of 3), {len(archive) / 1048576:.1f} MiB, {len(workbooks)} workbooks (goal < 10 s); "
              f"{one}: {len(rows)} projects in 汇总, lights {sorted(lights)}")
        print(f"  jixiao serve peak RSS {server.proc('VmHWM') / 1024:.0f} MiB")
        return statistics.median(times) < 200 and max(exports) < 10


print(f"monitoring round, {DEPARTMENTS * PROJECTS:,} generated projects plus the demo's")
ok = run("SQLite", f"sqlite:{tempfile.mkdtemp(dir=workdir)}/monitoring.sqlite")
if os.environ.get("JIXIAO_BENCH_POSTGRES_URL"):
    ok = run("PostgreSQL", os.environ["JIXIAO_BENCH_POSTGRES_URL"]) and ok
sys.exit(0 if ok else 1)
