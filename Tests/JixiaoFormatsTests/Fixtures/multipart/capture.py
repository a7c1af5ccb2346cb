"""Captures the multipart/form-data bodies that real clients send for the upload form.

Writes <client>.body (the exact request body) and <client>.type (its Content-Type header)
beside this script, for curl and for Chromium (driven by selenium), each uploading the seed
table under a file name with the characters that trip parameter parsers: CJK, a space, `;`,
`=` and double quotes. The tests (MultipartBodyTests) read them; rerun this script when a new
client version is worth checking:

    python3 Tests/JixiaoFormatsTests/Fixtures/multipart/capture.py
"""
import http.server, os, shutil, subprocess, tempfile, threading

HERE = os.path.dirname(os.path.abspath(__file__))
SEED = os.path.join(HERE, "..", "000_d01970435e92e0bf.txt")
FILE_NAME = '绩效 目标;表=2025 "终".txt'
FORM = """<!doctype html><meta charset="utf-8">
<form method="post" action="/chromium" enctype="multipart/form-data">
<input type="hidden" name="_csrf" value="CSRF-TOKEN"><input type="checkbox" name="replace" value="1" checked>
<input type="file" name="file" id="file"><button id="send">上传</button></form>"""


class Capture(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        page = FORM.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        client = self.path.strip("/")
        with open(os.path.join(HERE, client + ".body"), "wb") as f:
            f.write(body)
        with open(os.path.join(HERE, client + ".type"), "w") as f:
            f.write(self.headers["Content-Type"])
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")

    def log_message(self, *args):
        pass


def main():
    server = http.server.HTTPServer(("127.0.0.1", 0), Capture)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    origin = "http://127.0.0.1:%d" % server.server_address[1]
    folder = tempfile.mkdtemp()
    upload = os.path.join(folder, FILE_NAME)
    shutil.copyfile(SEED, upload)
    try:
        # curl quotes the file name itself when it is given in quotes with \" inside.
        escaped = upload.replace('"', '\\"')
        subprocess.run(["curl", "-sS", "-o", "/dev/null", "-F", "_csrf=CSRF-TOKEN", "-F", "replace=1",
                        "-F", 'file=@"%s"' % escaped, origin + "/curl"], check=True)
        from selenium import webdriver
        from selenium.webdriver.chrome.options import Options
        from selenium.webdriver.common.by import By
        from selenium.webdriver.support.ui import WebDriverWait
        options = Options()
        for flag in ("--headless=new", "--no-sandbox", "--disable-gpu"):
            options.add_argument(flag)
        options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
        driver = webdriver.Chrome(options=options)
        try:
            driver.get(origin + "/")
            driver.find_element(By.ID, "file").send_keys(upload)
            driver.find_element(By.ID, "send").click()
            WebDriverWait(driver, 10).until(lambda d: "ok" in d.page_source)
            print("chromium", driver.capabilities.get("browserVersion"))
        finally:
            driver.quit()
    finally:
        shutil.rmtree(folder)
        server.shutdown()
    print("curl", subprocess.run(["curl", "--version"], capture_output=True, text=True).stdout.split()[1])


if __name__ == "__main__":
    main()
