"""Two `jixiao serve` on one PostgreSQL behind nginx's round robin, as .ci/deploy-check starts
them: what several servers must share, checked through the proxy and at each server directly.

  - a session made through one server works on both;
  - the sign-in limit is counted in the database: five wrong passwords spread over the two
    servers, and the sixth is refused by either;
  - a rule-settings change saved at one server reaches the other within the published list's
    lifetime (PublishedTables.defaultListLifetime, 2 s);
  - a correction republished at one server: until then the other keeps showing the published
    version; after it, the other's public page (and its fast-path cache) shows the new one
    within the list's lifetime and never the old one again;
  - PostgreSQL restarted under load: requests in flight fail cleanly (503, never a 500 or a
    dead server), and both servers answer again once it is back, without being restarted.

Usage: multi-server.py PROXY_BASE FIRST_SERVER SECOND_SERVER   (the database is .ci/postgres's)
"""
import html.parser
import http.client
import json
import os
import re
import ssl
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid

proxy, first, second = sys.argv[1:4]
LIFETIME = 2.0
SLACK = 1.5
SEED = "中国共产党广州市越秀区委员会组织部（部门）"
here = os.path.dirname(os.path.abspath(__file__))


def fail(message):
    print(f"[multi-server] {message}")
    sys.exit(1)


class Client:
    """One person's browser. Cookies are kept by hand: the proxy marks them Secure, and the
    same session is also carried to each server directly over plain HTTP."""

    def __init__(self):
        self.cookies = {}
        self.token = None

    def send(self, base, method, path, form=None, body=None, timeout=30, connection=None):
        """One request on a connection of its own, or on `connection` (kept open, as a
        browser keeps its connection to a site)."""
        keep = connection is not None
        connection = connection or self.connect(base, timeout)
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection.request(method, urllib.parse.quote(path, safe="/?=&%"), body=body, headers=headers)
            response = connection.getresponse()
            data = response.read().decode("utf-8", "replace")
        finally:
            if not keep:
                connection.close()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                value = rest.split(";")[0]
                if value:
                    self.cookies[key] = value
                else:
                    self.cookies.pop(key, None)
        return response.status, data

    @staticmethod
    def connect(base, timeout=30):
        parts = urllib.parse.urlsplit(base)
        if parts.scheme == "https":
            return http.client.HTTPSConnection(parts.hostname, parts.port, context=ssl._create_unverified_context(), timeout=timeout)
        return http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)

    def sign_in(self, base, login, password="jixiao-demo"):
        _, page = self.send(base, "GET", "/login")
        csrf = re.search(r'name="_csrf" value="([^"]*)"', page).group(1)
        return self.send(base, "POST", "/login", form={"_csrf": csrf, "login": login, "password": password, "next": ""})[0]

    def api(self, base, method, path, body=None, connection=None):
        status, text = self.send(base, method, "/api/v1" + path, body=body, connection=connection)
        return status, (json.loads(text) if text.startswith(("{", "[")) else text)


class FormFields(html.parser.HTMLParser):
    """The fields a browser would send from the form that holds `marker`: inputs (checked
    boxes only), selected options and textareas."""

    def __init__(self, marker):
        super().__init__()
        self.marker, self.forms, self.current = marker, [], None
        self.select, self.textarea = None, None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self.current = []
            self.forms.append(self.current)
        elif self.current is None:
            return
        elif tag == "input" and a.get("name") and (a.get("type") not in ("checkbox", "radio") or "checked" in a):
            self.current.append((a["name"], a.get("value", "on" if a.get("type") == "checkbox" else "")))
        elif tag == "select":
            self.select = [a.get("name"), None, None]
        elif tag == "option" and self.select:
            if self.select[2] is None:
                self.select[2] = a.get("value", "")
            if "selected" in a:
                self.select[1] = a.get("value", "")
        elif tag == "textarea":
            self.textarea = [a.get("name"), ""]

    def handle_data(self, data):
        if self.textarea:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self.select:
            self.current.append((self.select[0], self.select[1] if self.select[1] is not None else self.select[2]))
            self.select = None
        elif tag == "textarea" and self.textarea:
            self.current.append(tuple(self.textarea))
            self.textarea = None
        elif tag == "form":
            self.current = None

    @classmethod
    def of(cls, page, marker):
        parser = cls(marker)
        parser.feed(page)
        for form in parser.forms:
            if any(name == marker for name, _ in form):
                return form
        fail(f"no form with a field {marker}")


def sessions_work_on_both():
    reviewer = Client()
    if reviewer.sign_in(proxy, "reviewer") != 303:
        fail("the reviewer could not sign in through the proxy")
    for base in [proxy] * 4 + [first, second]:
        status, page = reviewer.send(base, "GET", "/workspace")
        if status != 200 or "财政局审核员" not in page:
            fail(f"the session made through the proxy was not honoured at {base}: {status}")
    print("[multi-server] one session, honoured by both servers and through the proxy")


def sign_in_limit_is_shared():
    guesser = Client()
    for i in range(5):
        status = guesser.sign_in([first, second][i % 2], "editor2", "wrong")
        if status != 401:
            fail(f"wrong password {i + 1} answered {status}, not 401")
    refused = [guesser.sign_in(base, "editor2", "wrong") for base in (first, second)]
    if refused != [429, 429]:
        fail(f"after five failures spread over both servers, a sixth was answered {refused}, not 429 by both")
    print("[multi-server] five failures over two servers: the sixth refused by both (counted in the database)")


def settings_reach_the_other(admin):
    _, page = admin.send(first, "GET", "/admin/rules?year=2025")
    fields = FormFields.of(page, "largeProjectWanYuan")
    current = dict(fields)["largeProjectWanYuan"]
    wanted = str(int(float(current)) + 7)
    fields = [(name, wanted if name == "largeProjectWanYuan" else value) for name, value in fields]
    status, _ = admin.send(first, "POST", "/admin/rules", form=fields)
    if status not in (200, 303):
        fail(f"saving the rule settings at the first server answered {status}")
    saved = time.monotonic()
    while True:
        _, page = admin.send(second, "GET", "/admin/rules?year=2025")
        if dict(FormFields.of(page, "largeProjectWanYuan"))["largeProjectWanYuan"] == wanted:
            break
        if time.monotonic() - saved > LIFETIME + SLACK:
            fail(f"the second server still showed {current} {LIFETIME + SLACK} s after the first saved {wanted}")
        time.sleep(0.05)
    print(f"[multi-server] a rule setting saved at one server showed at the other after {time.monotonic() - saved:.2f} s")


def issue_token(admin, login):
    _, page = admin.send(first, "GET", "/admin/tokens")
    csrf = re.search(r'name="_csrf" value="([^"]*)"', page).group(1)
    user = re.search(r'<option value="(\d+)"[^>]*>[^<]*' + re.escape(login) + r"\b", page)
    if not user:
        fail(f"no account {login} on the token page")
    status, page = admin.send(first, "POST", "/admin/tokens", form={"_csrf": csrf, "name": "multi-server " + login, "user_id": user.group(1)})
    secret = re.search(r'<p class="secret">[^<]*<code>([^<]+)</code>', page)
    if status != 200 or not secret:
        fail(f"issuing a token for {login} answered {status}")
    client = Client()
    client.token = secret.group(1)
    return client


def republished_table_is_never_stale(admin):
    table = f"/tables/2025/{SEED}"
    page = f"/tables/2025/{SEED}"
    anonymous = Client()
    for _ in range(3):  # the second server caches the published page (fast path from the second on)
        status, before = anonymous.send(second, "GET", page)
        if status != 200:
            fail(f"the seed's public page answered {status} at the second server")
    reviewer, editor = issue_token(admin, "reviewer"), issue_token(admin, "editor3")
    marker = "多机更正 " + uuid.uuid4().hex[:8]
    if reviewer.api(first, "POST", table + "/transitions", {"action": "correct", "comment": "多机测试：请更正"})[0] != 200:
        fail("the reviewer could not send the published seed back for correction")
    _, projects = editor.api(first, "GET", table + "/projects")
    project = (projects["items"] if isinstance(projects, dict) else projects)[0]
    body = {key: project[key] for key in ("version", "name", "goal", "amounts_fen", "indicators")}
    body["goal"] = marker + "：" + project["goal"]
    body["indicators"] = [{k: v for k, v in item.items() if v is not None} for item in project["indicators"]]
    status, saved = editor.api(first, "PUT", f"{table}/projects/{project['id']}", body)
    if status != 200:
        fail(f"saving the correction answered {status}: {saved}")
    # Under correction, the public still reads the published version, at either server.
    for base in (first, second, proxy):
        status, text = anonymous.send(base, "GET", page)
        if status != 200 or marker in text:
            fail(f"the correction showed publicly at {base} before it was published again")
    for who, action in ((editor, "submit"), (reviewer, "approve"), (reviewer, "publish")):
        status, answer = who.api(first, "POST", table + "/transitions", {"action": action})
        if status != 200:
            fail(f"{action} answered {status}: {answer}")
    published = time.monotonic()
    seen = None
    while seen is None:
        _, text = anonymous.send(second, "GET", page)
        if marker in text:
            seen = time.monotonic() - published
        elif time.monotonic() - published > LIFETIME + SLACK:
            fail(f"the second server still served the old table {LIFETIME + SLACK} s after the first published the correction")
        else:
            time.sleep(0.02)
    for base in [second] * 30 + [proxy] * 10:
        status, text = anonymous.send(base, "GET", page)
        if status != 200 or marker not in text:
            fail(f"{base} served the old table again after it had served the new one")
    print(f"[multi-server] a correction published at one server reached the other's public page after {seen:.2f} s, and never the old one after")
    return reviewer


def survives_a_database_restart(reviewer):
    """Signed-in API reads (each asks the database for the table's version) from eight
    threads through the proxy while PostgreSQL restarts."""
    findings = f"/tables/2025/{SEED}/findings"
    answers, stop = [], threading.Event()
    lock = threading.Lock()

    def load():
        # Each a browser-like client with one kept connection (made anew if it is lost).
        connection = None
        while not stop.is_set():
            started = time.monotonic()
            connection = connection or Client.connect(proxy)
            try:
                status, _ = reviewer.api(proxy, "GET", findings, connection=connection)
            except (OSError, http.client.HTTPException) as error:
                status = f"no answer ({error.__class__.__name__})"
                connection.close()
                connection = None
            with lock:
                answers.append((started, time.monotonic() - started, status))

    threads = [threading.Thread(target=load) for _ in range(8)]
    for thread in threads:
        thread.start()
    time.sleep(2)
    restart_began = time.monotonic()
    subprocess.run(["bash", os.path.join(here, "postgres"), "restart"], check=True)
    restarted = time.monotonic()
    time.sleep(6)
    stop.set()
    for thread in threads:
        thread.join()
    statuses = {}
    for _, _, status in answers:
        statuses[status] = statuses.get(status, 0) + 1
    unclean = {status: n for status, n in statuses.items() if status not in (200, 503)}
    if unclean:
        fail(f"during the restart some requests did not fail cleanly: {statuses}")
    slowest = max(took for _, took, _ in answers)
    if slowest > 15:
        fail(f"a request hung for {slowest:.1f} s during the restart")
    late = [status for started, _, status in answers if started > restarted + 3]
    if not late or any(status != 200 for status in late):
        fail(f"three seconds after the restart, requests still failed: {late.count(503)} of {len(late)}")
    for base in (first, second):
        if reviewer.api(base, "GET", findings)[0] != 200:
            fail(f"{base} did not answer after the restart")
    print(f"[multi-server] PostgreSQL restarted under load ({restarted - restart_began:.1f} s): {statuses.get(200, 0)} answered, "
          f"{statuses.get(503, 0)} refused cleanly (503), the slowest {slowest:.2f} s; both servers answer again")


sessions_work_on_both()
sign_in_limit_is_shared()
admin = Client()
if admin.sign_in(first, "admin") != 303:
    fail("the administrator could not sign in")
settings_reach_the_other(admin)
reviewer = republished_table_is_never_stale(admin)
survives_a_database_restart(reviewer)
