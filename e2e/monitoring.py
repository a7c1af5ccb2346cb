"""End-to-end: issue 19's monitoring round in a real browser on a running `jixiao serve --demo`:

  the administrator opens 2025's round of 1–9月 with a due date;
  the customer's clerk (editor3) opens it from 待办, fills 对口协作工作经费 — its money light
  turns red at 0.30 万元 and green as the 执行数 is raised to 1.20, as typed — saves and submits;
  the reviewer returns it with a reason; the clerk reads it, mends and resubmits;
  the reviewer approves, and the overview counts the department's lit project.

Screenshots of each step go to the folder given (printed at the end).
Usage: monitoring.py BASE_URL SCREENSHOT_DIR
"""
from browser import *  # noqa: F401,F403 (the shared steps and the driver)
from browser import base, driver, shots

SEED = "中国共产党广州市越秀区委员会组织部（部门）"


def light(element_id):
    """The colour the light of `element_id` shows now."""
    return driver.find_element(By.ID, element_id).get_attribute("class").replace("light light-", "")


def wait_light(element_id, colour):
    wait.until(lambda d: light(element_id) == colour, f"{element_id} should turn {colour}")


def type_into(name, text, form=""):
    """Types into the field `name` (of the form whose action is `form`, where a page has several)."""
    scope = f"//form[@action='{form}']" if form else ""
    field = driver.find_element(By.XPATH, f"{scope}//*[@name='{name}']")
    field.clear()
    field.send_keys(text)


def open_project(name):
    driver.find_element(By.XPATH, f"//table[contains(@class,'list')]//a[normalize-space(.)='{name}']").click()
    see("绩效指标")


def open_round_report(as_reviewer=False):
    driver.get(base + "/workspace")
    see("2025 年 1–9 月运行监控")
    driver.find_element(By.XPATH, "//p[contains(@class,'round')]/a[contains(., '2025 年 1–9 月运行监控')]").click()
    if as_reviewer:
        see("运行监控总览")
        driver.find_element(By.LINK_TEXT, SEED).click()
    see("2025 年 1–9 月运行监控")


def steps():
    # 1. The administrator opens the round.
    sign_in("admin")
    driver.get(base + "/admin/monitoring")
    Select(driver.find_element(By.NAME, "year")).select_by_value("2025")
    type_into("month", "9", form="/admin/monitoring")
    type_into("due", "2025-10-15", form="/admin/monitoring")
    click_text("开启", "button")
    see("监控已开启")
    see("2025 年 1–9 月")
    shot("admin-opens-round")
    sign_out()

    # 2. The clerk opens it from 待办 and fills one project; the lights follow the typing.
    sign_in("editor3")
    see("2025 年 1–9 月运行监控")
    see("截止日期 2025-10-15")
    open_round_report()
    see("11 个项目，已填报 0 个")
    open_project("对口协作工作经费")
    assert light("light-money") == "none", light("light-money")
    type_into("spent", "0.30")
    wait_light("light-money", "red")
    see("MON-MONEY-NO-REASON")
    shot("clerk-red-light")
    type_into("spent", "1.20")
    wait_light("light-money", "green")
    type_into("rows[0][reached]", "85%")
    Select(driver.find_element(By.NAME, "rows[0][likelihood]")).select_by_value("确定能")
    wait_light("light-row-1", "green")
    wait.until(lambda d: "MON-MONEY-NO-REASON" not in body_text(d), "the reason is no longer asked for")
    shot("clerk-green-light")
    click_text("保存", "button")
    see("已保存（第 1 版）")
    driver.get(driver.current_url.split("/projects/")[0])
    see("已填报 1 个")
    transition("提交审核", expect_question="提交后")
    see("监控报告已提交审核")
    sign_out()

    # 3. The reviewer sees it waiting and returns it with a reason.
    sign_in("reviewer")
    see("1 份报告待审核")
    open_round_report(as_reviewer=True)
    transition("退回修改", comment="请补填全年预计执行数")
    see("已退回部门修改")
    sign_out()

    # 4. The clerk reads the reason, mends and resubmits.
    sign_in("editor3")
    see("已退回，待修改后重新提交")
    open_round_report()
    see("请补填全年预计执行数")
    open_project("对口协作工作经费")
    type_into("forecastSpent", "1.50")
    click_text("保存", "button")
    see("已保存（第 2 版）")
    driver.get(driver.current_url.split("/projects/")[0])
    transition("提交审核")
    see("监控报告已提交审核")
    sign_out()

    # 5. The reviewer approves; the overview counts the lit project.
    sign_in("reviewer")
    open_round_report(as_reviewer=True)
    transition("审核通过", expect_question="审核通过后")
    see("监控报告已审核通过")
    driver.get(base + "/workspace/monitoring/2025/9")
    see("运行监控总览")
    row = driver.find_element(By.XPATH, f"//table[contains(@class,'overview')]//tr[td/a[normalize-space(.)='{SEED}']]")
    cells = [c.text for c in row.find_elements(By.TAG_NAME, "td")]
    assert "已审核" in cells[1], cells
    assert cells[3:9] == ["11", "1", "0", "0", "0", "1"], cells
    shot("reviewer-overview")
    driver.set_window_size(400, 1100)
    open_round_report(as_reviewer=True)
    open_project("对口协作工作经费")
    shot("project-at-400px")
    print(f"e2e: the monitoring round passed; screenshots in {shots}")


walk(steps)
