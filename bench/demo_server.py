"""A `jixiao serve --demo` for the signed-in benchmarks (signed_in.py, soak.py): started on a
port of its own, tokens and browser sessions for the demo accounts, an editor's draft replaced
by a generated 100-project table, and the tally of the save clients (lua/save.lua) checked
against the versions stored."""
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
seed_department = "中国共产党广州市越秀区委员会组织部（部门）"


class DemoServer:
    port = 18192

    def __init__(self, binary, workdir, database, extra=()):
        self.binary, self.database, self.extra = binary, database, list(extra)
        self.base = f"http://127.0.0.1:{self.port}"
        self.home = tempfile.mkdtemp(dir=workdir)
        self.log_path = os.path.join(self.home, "serve.log")

    def __enter__(self):
        if subprocess.run(["curl", "-fsS", self.base + "/healthz"], capture_output=True).returncode == 0:
            sys.exit(f"port {self.port} is taken by another server; stop it first")
        self.process = subprocess.Popen([self.binary, "serve", "--demo", "--database", self.database, "--port", str(self.port), "--log-level", "warning"] + self.extra,
                                        stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        for _ in range(300):
            try:
                urllib.request.urlopen(self.base + "/healthz", timeout=1)
                return self
            except OSError:
                time.sleep(0.2)
        sys.exit("jixiao serve did not come up; see " + self.log_path)

    def __exit__(self, *_):
        self.process.terminate()
        self.process.wait()
        shutil.rmtree(self.home, ignore_errors=True)

    def get(self, path, token=None, opener=None):
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"Bearer {token}"} if token else {})
        with (opener.open(request) if opener else urllib.request.urlopen(request)) as response:
            return response.read()

    def token(self, login):
        """An API token for a demo account, issued through the admin's page (.ci/issue-token)."""
        return subprocess.run(["bash", os.path.join(root, ".ci/issue-token"), self.base, login, os.path.join(self.home, "cookies")],
                              capture_output=True, text=True, check=True).stdout.strip()

    def department(self, token):
        return json.loads(self.get("/api/v1/me", token))["department"]

    def signed_in(self, login):
        """A browser's session: the login form's CSRF token and cookie, then the form posted."""
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        form = opener.open(self.base + "/login").read().decode()
        csrf = re.search(r'name="_csrf" value="([^"]*)"', form)[1]
        opener.open(self.base + "/login", urllib.parse.urlencode({"_csrf": csrf, "login": login, "password": "jixiao-demo"}).encode()).read()
        return opener, "; ".join(f"{c.name}={c.value}" for c in jar)

    def hundred_projects(self, department):
        """`department`'s 2025 draft replaced by a generated table of 100 projects in 4 units."""
        document = json.loads(subprocess.run([self.binary, "generate", "--projects", "100", "--units", "4", "--seed", "18", "-", "--to", "json"],
                                             capture_output=True, check=True).stdout)
        document["department"] = department
        path = os.path.join(self.home, "hundred.json")
        with open(path, "w") as f:
            json.dump(document, f, ensure_ascii=False)
        subprocess.run([self.binary, "import", path, "--year", "2025", "--replace", "--database", self.database], check=True, capture_output=True)

    def proc(self, field):
        """A figure of the server's /proc/PID/status, in KiB (VmRSS, VmHWM)."""
        with open(f"/proc/{self.process.pid}/status") as status:
            return int(next(line for line in status if line.startswith(field + ":")).split()[1])

    def descriptors(self):
        return len(os.listdir(f"/proc/{self.process.pid}/fd"))

    def errors_logged(self):
        return [line for line in open(self.log_path) if " error " in line or "critical" in line]


class Saves:
    """Saving projects through the API with lua/save.lua: several clients on each project, each
    sending the version it last read. `check` compares the clients' tally with the stored
    versions: each project must have moved by exactly the saves answered 200 (give or take the
    ones still on their way when wrk stopped), and nothing but 200 and 409 may have come back."""

    def __init__(self, server, token, department, count):
        self.server, self.token = server, token
        self.path = f"/api/v1/tables/2025/{urllib.parse.quote(department)}/projects"
        self.before = {str(p["id"]): p["version"] for p in json.loads(server.get(self.path, token))["items"][:count]}
        self.ids = list(self.before)

    def wrk_options(self):
        return dict(url=self.server.base + self.path + "/", script=os.path.join(here, "lua/save.lua"),
                    args=[self.path + "/", self.token, ",".join(self.ids), *[str(self.before[i]) for i in self.ids]])

    def check(self, out):
        saved, unanswered, self.conflicts, self.other = {}, {}, 0, 0
        for line in out.splitlines():
            if line.startswith("thread "):
                _, project, good, refused, odd, sent = line.split()
                saved[project] = saved.get(project, 0) + int(good)
                unanswered[project] = unanswered.get(project, 0) + int(sent) - int(good) - int(refused) - int(odd)
                self.conflicts += int(refused)
                self.other += int(odd)
        after = {str(p["id"]): p["version"] for p in json.loads(self.server.get(self.path, self.token))["items"]}
        self.lost = [i for i in self.ids if not saved.get(i, 0) <= after[i] - self.before[i] <= saved.get(i, 0) + unanswered.get(i, 0)]
        self.stored = sum(saved.values())
        self.unanswered = sum(unanswered.values())
        return not self.lost and self.other == 0

    def summary(self):
        return (f"{self.stored:,} saved, {self.conflicts:,} refused with 409, {self.other} other answers; "
                + (f"every stored version matches the saves answered ({self.unanswered} unanswered at the end)" if not self.lost
                   else f"VERSIONS DISAGREE for projects {self.lost}"))
