"""What the end-to-end scripts share: a real browser (Debian's chromium, driven by selenium
through chromium-driver) on the server at BASE_URL, screenshots to SCREENSHOT_DIR, and the
steps people take (sign in and out, open what awaits them, press a workflow button).
Usage of a script: SCRIPT.py BASE_URL SCREENSHOT_DIR
"""
import os
import sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

base, shots = sys.argv[1].rstrip("/"), os.path.abspath(sys.argv[2])
os.makedirs(shots, exist_ok=True)
options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1300,1100", "--lang=zh-CN"):
    options.add_argument(argument)
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
# A page being replaced by the next one can leave an element stale mid-check: look again.
wait = WebDriverWait(driver, 15, ignored_exceptions=[StaleElementReferenceException])
step = 0


def shot(name):
    global step
    step += 1
    path = os.path.join(shots, f"{step:02d}-{name}.png")
    driver.save_screenshot(path)
    print(f"  step {step:2d}: {name}")


def body_text(d):
    try:
        return d.find_element(By.TAG_NAME, "body").text
    except WebDriverException as error:
        # The same race as a stale element, reported by chromium in its own words: the page
        # was replaced between finding <body> and reading its text. Look again.
        if "does not belong to the document" in str(error):
            return ""
        raise


def see(text):
    wait.until(lambda d: text in body_text(d), f"the page should say {text!r}")


def click_text(text, tag="a"):
    driver.find_element(By.XPATH, f"//{tag}[contains(normalize-space(.), '{text}')]").click()


def sign_in(login):
    driver.get(base + "/login")
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys("jixiao-demo")
    click_text("登录", "button")
    see("工作台")


def sign_out():
    click_text("退出", "button")
    see("项目支出绩效目标表")


def open_awaiting(what, department=None):
    """The workspace's 待办 list names the table; open it from there."""
    driver.get(base + "/workspace")
    see(what)
    which = f"[contains(., '{department}')]" if department else ""
    driver.find_element(By.XPATH, f"//p[@class='awaits'][contains(., '{what}')]{which}/a").click()
    see("审核发现")


def transition(button, comment=None, expect_question=None):
    """Press a workflow button. Every one but 退回 asks first, stating what the review still
    finds: the question must hold `expect_question`, and is accepted."""
    form = driver.find_element(By.XPATH, f"//form[contains(@class,'action')][.//button[normalize-space(.)='{button}']]")
    question = form.get_attribute("data-confirm")
    if comment is not None:
        field = form.find_element(By.NAME, "comment")
        field.clear()
        field.send_keys(comment)
    form.find_element(By.TAG_NAME, "button").click()
    if question:
        alert = WebDriverWait(driver, 5).until(EC.alert_is_present(), f"{button} should ask first")
        assert alert.text == question, alert.text
        assert expect_question is None or expect_question in alert.text, (expect_question, alert.text)
        alert.accept()




def walk(steps):
    """Runs a script's steps; on a failure, a screenshot of where it stood and its address."""
    try:
        steps()
    except Exception:
        shot("failure")
        print(driver.current_url)
        raise
    finally:
        driver.quit()
