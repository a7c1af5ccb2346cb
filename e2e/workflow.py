"""End-to-end: a real browser (Debian's chromium, driven by selenium through chromium-driver)
walks issue 8's life cycle on a running `jixiao serve --demo`:

  the editor signs in, declines a delete's question, fixes an indicator (watching the live
  reading), saves and submits;
  the reviewer returns it with a comment; the editor reads the comment, fixes, resubmits;
  the reviewer approves and publishes; an anonymous visitor reads the published table.

Screenshots of each step go to the folder given (printed at the end).
Usage: workflow.py BASE_URL SCREENSHOT_DIR
"""
from browser import *  # noqa: F401,F403 (the shared steps and the driver)
from browser import driver, shots

def steps():
    # 1. The editor of the draft department signs in; the workspace says what awaits.
    sign_in("editor1")
    see("待填报并提交")
    shot("editor-workspace")
    open_awaiting("待填报并提交")
    table_url = driver.current_url
    department = driver.find_element(By.TAG_NAME, "h1").text.split(" ")[0]
    shot("editor-draft-table")
    # A delete button asks first; saying no leaves the project where it was.
    first_delete = driver.find_element(By.XPATH, "//form[@data-confirm]//button[normalize-space(.)='删除']")
    question = first_delete.find_element(By.XPATH, "./ancestor::form[1]").get_attribute("data-confirm")
    count = len(driver.find_elements(By.LINK_TEXT, "修改"))
    first_delete.click()
    alert = WebDriverWait(driver, 5).until(EC.alert_is_present(), "deleting a project should ask first")
    assert alert.text == question and question.startswith("删除项目“"), alert.text
    alert.dismiss()
    assert driver.current_url == table_url and len(driver.find_elements(By.LINK_TEXT, "修改")) == count

    # 2. Fix an indicator of the first project whose value is not measurable, watching the
    #    reading as it is typed (the form asks the server's grammar).
    projects = [a.get_attribute("href") for a in driver.find_elements(By.LINK_TEXT, "修改")]
    fixed = None
    for href in projects:
        driver.get(href)
        notes = driver.find_elements(By.XPATH, "//tr[@class='notes']//p[contains(., 'NOT-QUANTITATIVE')]")
        if notes:
            row = notes[0].find_element(By.XPATH, "./ancestor::tr[1]/preceding-sibling::tr[1]")
            fixed = row.find_element(By.XPATH, ".//input[contains(@name,'[annual]')]")
            break
    assert fixed is not None, "no project with a NOT-QUANTITATIVE finding in the demo draft"
    # Fields are named rows[N][annual]; each value's reading sits beside it (data-reading).
    name = fixed.get_attribute("name")
    period = driver.find_element(By.NAME, name.replace("[annual]", "[period]"))
    for field in (period, fixed):
        field.clear()
        field.send_keys("≥95%")
    reading = "reading-" + fixed.get_attribute("data-reading")
    wait.until(lambda d: "≥ 95 %" in d.find_element(By.ID, reading).text, "the live reading of ≥95%")
    shot("editor-fixes-indicator-live-reading")
    click_text("保存", "button")
    see("已保存（第 2 版）")
    assert not driver.find_elements(By.XPATH, f"//input[@name='{name}']/ancestor::tr[1]/following-sibling::tr[1][@class='notes']//p[contains(., 'NOT-QUANTITATIVE')]"), \
        "the finding should be gone after the fix"
    shot("editor-saved")

    # 2b. A save with a bad amount keeps every value as typed, the bad one marked.
    driver.get(projects[0])
    typed = {"fiscal": "12,3a", "goal": "改过但未保存的目标"}
    for field, value in typed.items():
        element = driver.find_element(By.NAME, field)
        element.clear()
        element.send_keys(value)
    spare = [e for e in driver.find_elements(By.XPATH, "//input[contains(@name,'[name]')]") if not e.get_attribute("value")][0]
    spare_row = spare.get_attribute("name").replace("[name]", "")
    spare.send_keys("新增的指标")
    driver.find_element(By.NAME, spare_row + "[annual]").send_keys("2025年10月底前")
    # 添加一行 gives a blank row numbered next; its 二级 list offers only the chosen 一级's.
    before = len(driver.find_elements(By.XPATH, "//input[contains(@name,'[name]')]"))
    driver.find_element(By.ID, "add-row").click()
    added = driver.find_elements(By.XPATH, "//input[contains(@name,'[name]')]")[-1].get_attribute("name")
    assert added == f"rows[{before}][name]", added
    Select(driver.find_element(By.NAME, added.replace("[name]", "[l1]"))).select_by_visible_text("2-效益指标")
    offered = driver.execute_script("return [...arguments[0].options].filter(o => !o.hidden && o.value).map(o => o.text)",
                                    driver.find_element(By.NAME, added.replace("[name]", "[l2]")))
    assert offered and all("（效益）" in text for text in offered), offered
    click_text("保存", "button")
    see("不是以万元计的金额")
    for field, value in list(typed.items()) + [(spare_row + "[name]", "新增的指标"), (spare_row + "[annual]", "2025年10月底前")]:
        kept = driver.find_element(By.NAME, field).get_attribute("value")
        assert kept == value, (field, kept, value)
    assert driver.find_element(By.NAME, "fiscal").get_attribute("aria-invalid") == "true"
    shot("editor-bad-amount-kept-as-typed")

    # 3. Submit (the question states the open findings), withdraw, submit again.
    driver.get(table_url)
    transition("提交审核", expect_question="提交后，审核前本表不能修改")
    see("已提交审核")
    transition("撤回提交", expect_question="撤回后本表回到草稿")
    see("已撤回，本表回到草稿")
    transition("提交审核", expect_question="审核发现尚有")
    see("已提交审核")
    shot("editor-submitted")
    sign_out()

    # 4. The reviewer reads a project read-only, then returns the table with a comment.
    sign_in("reviewer")
    open_awaiting("待审核", department)
    review_url = driver.current_url
    driver.find_element(By.XPATH, "//h3[contains(@class,'unit')]/following-sibling::table[1]//tbody/tr[1]/td[1]/a").click()
    see("只读查看")
    see("本项目的审核发现")
    assert not driver.find_elements(By.XPATH, "//form[@class='project']"), "a reviewer gets no edit form"
    shot("reviewer-reads-project")
    driver.get(review_url)
    transition("退回修改", "请把“服务对象满意度”写成可核验的数值，并说明调查方式。")
    see("已退回部门修改")
    shot("reviewer-returned")
    sign_out()

    # 5. The editor reads the comment, mends the goal, resubmits.
    sign_in("editor1")
    open_awaiting("已退回", department)
    see("请把“服务对象满意度”写成可核验的数值")
    shot("editor-reads-comment")
    driver.find_elements(By.LINK_TEXT, "修改")[0].click()
    goal = driver.find_element(By.NAME, "goal")
    goal.send_keys("满意度以年度问卷调查测定，样本不少于200份。")
    click_text("保存", "button")
    see("已保存")
    driver.get(table_url)
    transition("提交审核", "已按意见修改")
    see("已提交审核")
    shot("editor-resubmitted")
    sign_out()

    # 6. The reviewer approves and publishes.
    sign_in("reviewer")
    open_awaiting("待审核", department)
    transition("审核通过")
    see("已审核通过")
    transition("公开", expect_question="公开后，所有人都能查看和下载这张表")
    see("已公开，公众现在可以查看和下载这张表")
    shot("reviewer-published")
    sign_out()

    # 6b. The administrator opens 2026; the department starts its 2026 table from 2025's.
    sign_in("admin")
    driver.get(base + "/admin/years")
    year_field = driver.find_element(By.NAME, "year")
    year_field.clear()
    year_field.send_keys("2026")
    year_field.find_element(By.XPATH, "./ancestor::form[1]//button").click()
    see("2026")
    sign_out()
    sign_in("editor1")
    see("2026 年度已开启")
    click_text("复制 2025 年度的项目", "button")
    see("已新建本年度表")
    see("沿用上年度指标值")
    shot("editor-starts-2026-from-2025")
    sign_out()

    # 7. Anyone reads it: listed on the home page, the table with the fixed value.
    # The 2025 link itself: the department's 2024 table was published already, so its name is
    # on the page before the new table is (the public list may be two seconds old).
    listed = f"//h2[contains(., '2025')]/following-sibling::table[1]//a[contains(., '{department}')]"
    wait.until(lambda d: (d.get(base + "/"), d.find_elements(By.XPATH, listed))[1], "the home page should list the 2025 table")
    driver.find_element(By.XPATH, listed).click()
    see("项目支出绩效目标表（含转移支付项目）")
    see("≥95%")
    see("满意度以年度问卷调查测定")
    shot("public-reads-published-table")
    public_url = driver.current_url

    # 7b. A correction: the reviewer reopens the published table with a reason; the department
    #     mends and resubmits; meanwhile the public still reads what was published; once the
    #     correction is published, the page says 已更正 and keeps the first version to download.
    sign_in("reviewer")
    driver.get(table_url)
    transition("更正", "第一个项目的绩效目标缺少完成时限，请补充后重新提交。", expect_question="公开页仍显示现在公开的版本")
    see("已退回部门更正")
    see("公开页仍显示")
    shot("reviewer-reopens-for-correction")
    sign_out()
    sign_in("editor1")
    open_awaiting("已退回", department)
    see("第一个项目的绩效目标缺少完成时限")
    driver.find_elements(By.LINK_TEXT, "修改")[0].click()
    driver.find_element(By.NAME, "goal").send_keys("全部工作于2025年12月底前完成。")
    click_text("保存", "button")
    see("已保存")
    driver.get(public_url)
    see("满意度以年度问卷调查测定")
    assert "2025年12月底前完成" not in body_text(driver), "the public must read the published version until the correction is published"
    driver.get(table_url)
    transition("提交审核", "已补充完成时限")
    see("已提交审核")
    sign_out()
    sign_in("reviewer")
    open_awaiting("待审核", department)
    transition("审核通过")
    transition("公开", expect_question="确定公开")
    see("已公开")
    sign_out()
    wait.until(lambda d: (d.get(public_url), "已更正" in body_text(d))[1], "the corrected table should say 已更正")
    see("全部工作于2025年12月底前完成。")
    see("第 1 版")
    shot("public-reads-corrected-table")

    # 8. At phone width (400 px) nothing overlaps: the header's links stay whole words, the
    #    official grid scrolls sideways, and no cell's text runs into its neighbour's.
    driver.set_window_size(400, 900)
    driver.refresh()
    see("项目支出绩效目标表（含转移支付项目）")
    problems = driver.execute_script("""
        const problems = [];
        for (const a of document.querySelectorAll('header.site a')) {
            const r = a.getBoundingClientRect(), line = parseFloat(getComputedStyle(a).fontSize) * 1.8;
            if (r.height > line) problems.push('header link wraps: ' + a.textContent);
        }
        for (const row of document.querySelectorAll('.jixiao-table tr')) {
            const cells = [...row.children];
            for (let i = 0; i < cells.length; i++) {
                const c = cells[i];
                if (c.scrollWidth > c.clientWidth + 1) problems.push('cell overflows: ' + c.textContent.slice(0, 20));
                if (i + 1 < cells.length && c.getBoundingClientRect().right > cells[i + 1].getBoundingClientRect().left + 1)
                    problems.push('cells overlap: ' + c.textContent.slice(0, 20));
            }
        }
        const grid = document.querySelector('.jixiao-table');
        if (grid.scrollWidth <= grid.clientWidth) problems.push('the grid should scroll sideways at 400 px');
        if (document.documentElement.scrollWidth > window.innerWidth + 1) problems.push('the page itself is wider than the screen');
        return problems;
    """)
    assert not problems, problems
    shot("public-table-at-400px")
    print(f"e2e: the whole life cycle passed; screenshots in {shots}")


walk(steps)
