/// Monitoring rounds and the departments' reports (docs/domain.md §9), written once for both
/// databases: each save one transaction with its audit entry, an entry saved only over the
/// version it was read at, transitions as compare-and-set like the table's.
public struct MonitoringStore: Sendable {
    let runner: any SQLRunner

    /// A department's report in a round, as a subquery bound by (department, year, month).
    static let reportID = """
        (SELECT mr.id FROM monitoring_reports mr JOIN monitoring_rounds r ON r.id = mr.round_id
         JOIN departments d ON d.id = mr.department_id WHERE d.name = ? AND r.fiscal_year = ? AND r.through_month = ?)
        """

    /// What the entries of a report add up to, changing with every save: their versions' sum
    /// and their count (a subquery bound by the report's key).
    static let stamp = "(SELECT coalesce(sum(version), 0) + count(*) FROM monitoring_entries WHERE report_id = \(reportID))"

    /// `stamp` of a report's entries as read (`MonitoringReport.entries`).
    public static func contentStamp(_ entries: [MonitoringEntry]) -> Int { entries.reduce(entries.count) { $0 + $1.version } }

    private static func key(_ department: String, _ year: Int, _ month: Int) -> [SQLValue] {
        [.text(department), .int(Int64(year)), .int(Int64(month))]
    }

    // MARK: Rounds

    /// Opens a round of an opened fiscal year; a round of the same months is `alreadyExists`.
    public func open(year: Int, month: Int, due: String, actor: String) async throws {
        guard (1...12).contains(month) else { throw StoreError.invalid("监控截至月份应为 1–12") }
        let now = AuditTime.now()
        do {
            _ = try await runner.transaction([
                SQLStatement("INSERT INTO monitoring_rounds (fiscal_year, through_month, due_date, opened_by, opened_at) SELECT year, ?, ?, ?, ? FROM fiscal_years WHERE year = ? RETURNING id",
                             [.int(Int64(month)), .text(due), .text(actor), .int(now), .int(Int64(year))], required: true),
                SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, 'create', 'monitoring_round', ?, NULL, CAST(? AS {json}))",
                             [.int(now), .text(actor), .text("\(year)/\(month)"), .text(TableRows.json(["due": due]))]),
            ])
        } catch is SQLRowMissing {
            throw StoreError.notFound("\(year) 年度尚未开启")
        } catch StoreError.alreadyExists {
            throw StoreError.alreadyExists("\(year) 年 1–\(month) 月的监控已开启")
        }
    }

    /// Every round, the newest year first, then by month.
    public func rounds() async throws -> [MonitoringRound] {
        try await runner.rows("SELECT fiscal_year, through_month, due_date, opened_by, opened_at, published_at FROM monitoring_rounds ORDER BY fiscal_year DESC, through_month",
                              prepared: true).map {
            MonitoringRound(year: Int(try $0.int(0)), month: Int(try $0.int(1)), due: try $0.text(2), openedBy: try $0.text(3),
                            openedAt: try $0.int(4), publishedAt: $0[5].int)
        }
    }

    public func round(year: Int, month: Int) async throws -> MonitoringRound? {
        try await rounds().first { $0.year == year && $0.month == month }
    }

    /// Changes a round's due date or opens its reports to the public (or closes them again).
    public func update(year: Int, month: Int, due: String, published: Bool, actor: String) async throws {
        let now = AuditTime.now()
        do {
            _ = try await runner.transaction([
                SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) SELECT ?, ?, 'update', 'monitoring_round', ?, CAST(? AS {json}), CAST(? AS {json}) FROM monitoring_rounds WHERE fiscal_year = ? AND through_month = ? RETURNING id",
                             [.int(now), .text(actor), .text("\(year)/\(month)"), .null, .text(TableRows.json(["due": due, "published": published ? "yes" : "no"])),
                              .int(Int64(year)), .int(Int64(month))], required: true),
                SQLStatement("UPDATE monitoring_rounds SET due_date = ?, published_at = CASE WHEN ? = 1 THEN coalesce(published_at, ?) ELSE NULL END WHERE fiscal_year = ? AND through_month = ?",
                             [.text(due), .int(published ? 1 : 0), .int(now), .int(Int64(year)), .int(Int64(month))]),
            ])
        } catch is SQLRowMissing {
            throw StoreError.notFound("\(year) 年 1–\(month) 月的监控")
        }
    }

    // MARK: Reports

    /// A department's report, nil when the round does not exist; a draft at version 0 when
    /// nothing was saved to it yet.
    public func report(department: String, year: Int, month: Int) async throws -> MonitoringReport? {
        guard try await round(year: year, month: month) != nil else { return nil }
        let key = Self.key(department, year, month)
        var report = MonitoringReport(department: department, year: year, month: month, state: .draft, version: 0, submittedAt: nil, entries: [])
        if let row = try await runner.rows("SELECT state, version, submitted_at FROM monitoring_reports WHERE id = \(Self.reportID)", key, prepared: true).first {
            report.state = WorkflowState(rawValue: try row.text(0)) ?? .draft
            report.version = Int(try row.int(1))
            report.submittedAt = row[2].int
        }
        report.entries = try await runner.rows("""
            SELECT unit_name, project_name, content, light, initial_fen, budget_fen, spent_fen, version, updated_by, updated_at
            FROM monitoring_entries WHERE report_id = \(Self.reportID) ORDER BY id
            """, key, prepared: true).map {
            MonitoringEntry(unit: try $0.text(0), project: try $0.text(1), content: try $0.text(2), light: $0[3].text, initialFen: try $0.int(4),
                            budgetFen: try $0.int(5), spentFen: $0[6].int, version: Int(try $0.int(7)), updatedBy: try $0.text(8), updatedAt: try $0.int(9))
        }
        return report
    }

    /// The state of a department's report, nil while it has none (nothing saved or done): the
    /// workspace's 待办 asks it of every round, without reading the entries.
    public func state(department: String, year: Int, month: Int) async throws -> WorkflowState? {
        try await runner.rows("SELECT state FROM monitoring_reports WHERE id = \(Self.reportID)", Self.key(department, year, month), prepared: true)
            .first.flatMap { $0[0].text.flatMap(WorkflowState.init(rawValue:)) }
    }

    /// Saves one project's entry over the version it was read at (0: there was none), while the
    /// report is a draft or returned; returns the entry's new version. Someone else's newer
    /// save is `StoreError.stale` naming who and when; nothing is kept then.
    @discardableResult
    public func save(_ entry: MonitoringEntry, department: String, year: Int, month: Int, atVersion: Int, actor: String) async throws -> Int {
        let key = Self.key(department, year, month)
        let now = AuditTime.now()
        let entryKey: [SQLValue] = [.text(entry.unit), .text(entry.project)]
        let values = Self.values(entry, actor: actor, now: now)
        let write = atVersion == 0
            ? SQLStatement("""
                INSERT INTO monitoring_entries (report_id, unit_name, project_name, content, light, initial_fen, budget_fen, spent_fen, updated_by, updated_at)
                VALUES (\(Self.reportID), ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id, unit_name, project_name) DO NOTHING RETURNING version
                """, key + entryKey + values, required: true)
            : SQLStatement("""
                UPDATE monitoring_entries SET content = ?, light = ?, initial_fen = ?, budget_fen = ?, spent_fen = ?, updated_by = ?, updated_at = ?,
                  version = version + 1 WHERE report_id = \(Self.reportID) AND unit_name = ? AND project_name = ? AND version = ? RETURNING version
                """, values + key + entryKey + [.int(Int64(atVersion))], required: true)
        do {
            return Int(try await runner.transaction([
                Self.ensureReport(key, now: now),
                Self.holdEditable(key, now: now),
                Self.audit(entry, action: atVersion == 0 ? "create" : "update", key: key, actor: actor, now: now),
                write,
            ])[3].firstInt())
        } catch let missing as SQLRowMissing {
            if missing.index == 1 {
                let state = try await report(department: department, year: year, month: month)?.state ?? .draft
                throw StoreError.stale("监控报告已是“\(state.title)”状态，不能修改（可能已被他人提交），请刷新后再操作")
            }
            let current = try await report(department: department, year: year, month: month)?.entries.first { $0.unit == entry.unit && $0.project == entry.project }
            if let current {
                throw StoreError.stale("“\(entry.project)”的监控已被 \(current.updatedBy) 于 \(AuditTime.iso(current.updatedAt)) 保存（第 \(current.version) 版），您的修改未保存；请刷新后再改")
            }
            throw StoreError.stale("“\(entry.project)”的监控已不在您读取时的版本，您的修改未保存；请刷新后再改")
        }
    }

    /// Saves the entries of an uploaded report in one transaction: all of them, or none — when
    /// the report is no longer a draft or returned, or an entry is no longer at the version the
    /// file was downloaded at (`atVersion`; 0: none was saved; nil: not known, laid over).
    public func saveAll(_ entries: [(entry: MonitoringEntry, atVersion: Int?)], department: String, year: Int, month: Int, actor: String) async throws {
        let key = Self.key(department, year, month)
        let now = AuditTime.now()
        var statements = [Self.ensureReport(key, now: now), Self.holdEditable(key, now: now)]
        for (entry, atVersion) in entries {
            let entryKey: [SQLValue] = [.text(entry.unit), .text(entry.project)]
            statements.append(Self.audit(entry, action: "upload", key: key, actor: actor, now: now))
            statements.append(SQLStatement("""
                INSERT INTO monitoring_entries (report_id, unit_name, project_name, content, light, initial_fen, budget_fen, spent_fen, updated_by, updated_at)
                VALUES (\(Self.reportID), ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (report_id, unit_name, project_name) DO UPDATE SET
                  content = excluded.content, light = excluded.light, initial_fen = excluded.initial_fen, budget_fen = excluded.budget_fen,
                  spent_fen = excluded.spent_fen, updated_by = excluded.updated_by, updated_at = excluded.updated_at, version = monitoring_entries.version + 1
                """ + (atVersion == nil ? "" : " WHERE monitoring_entries.version = ? RETURNING version"),
                key + entryKey + Self.values(entry, actor: actor, now: now) + (atVersion.map { [.int(Int64($0))] } ?? []),
                required: atVersion != nil))
        }
        do {
            _ = try await runner.transaction(statements)
        } catch let missing as SQLRowMissing {
            if missing.index >= 2 {
                let entry = entries[(missing.index - 2) / 2].entry
                throw StoreError.stale("“\(entry.project)”在模板下载之后已被他人保存，整个文件未保存：请重新下载模板，填好后再上传")
            }
            let state = try await report(department: department, year: year, month: month)?.state ?? .draft
            throw StoreError.stale("监控报告已是“\(state.title)”状态，不能上传（可能已被他人提交），请刷新后再操作")
        }
    }

    /// Sets the stored lights of a report's entries (a year's thresholds changed: the overview
    /// counts what is stored), in one transaction; the entries' versions stay, for their
    /// content did not change.
    public func relight(_ lights: [(unit: String, project: String, light: String?)], department: String, year: Int, month: Int) async throws {
        guard !lights.isEmpty else { return }
        let key = Self.key(department, year, month)
        _ = try await runner.transaction(lights.map { entry in
            SQLStatement("UPDATE monitoring_entries SET light = ? WHERE report_id = \(Self.reportID) AND unit_name = ? AND project_name = ?",
                         [entry.light.map(SQLValue.text) ?? .null] + key + [.text(entry.unit), .text(entry.project)])
        })
    }

    /// An entry's columns after its key, as both saves write them: content, light, the three
    /// amounts, who and when.
    private static func values(_ entry: MonitoringEntry, actor: String, now: Int64) -> [SQLValue] {
        [.text(entry.content), entry.light.map(SQLValue.text) ?? .null, .int(entry.initialFen), .int(entry.budgetFen),
         entry.spentFen.map(SQLValue.int) ?? .null, .text(actor), .int(now)]
    }

    /// Holds the report's row to the end of the transaction, and requires it a draft or returned:
    /// a submission cannot slip between this check and the save.
    private static func holdEditable(_ key: [SQLValue], now: Int64) -> SQLStatement {
        SQLStatement("UPDATE monitoring_reports SET updated_at = ? WHERE id = \(reportID) AND state IN ('draft', 'returned') RETURNING id",
                     [.int(now)] + key, required: true)
    }

    /// The audit entry of an entry's save (entity id `部门/年/月/单位/项目`), with the content before
    /// (read in the same statement: the content this save replaces) and after.
    private static func audit(_ entry: MonitoringEntry, action: String, key: [SQLValue], actor: String, now: Int64) -> SQLStatement {
        let report = key.map { $0.text ?? $0.int.map(String.init) ?? "" }.joined(separator: "/")
        return SQLStatement("""
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state)
            VALUES (?, ?, ?, 'monitoring_entry', ?, CAST((SELECT content FROM monitoring_entries WHERE report_id = \(reportID) AND unit_name = ? AND project_name = ?) AS {json}), CAST(? AS {json}))
            """, [.int(now), .text(actor), .text(action), .text("\(report)/\(entry.unit)/\(entry.project)")] + key + [.text(entry.unit), .text(entry.project), .text(entry.content)])
    }

    /// Makes the department's report in the round, if it has none (nothing when the round or
    /// the department does not exist: the statement after it then finds no row).
    private static func ensureReport(_ key: [SQLValue], now: Int64) -> SQLStatement {
        SQLStatement("""
            INSERT INTO monitoring_reports (round_id, department_id, state, version, updated_at)
            SELECT r.id, d.id, 'draft', 1, ? FROM monitoring_rounds r, departments d WHERE d.name = ? AND r.fiscal_year = ? AND r.through_month = ?
            ON CONFLICT (round_id, department_id) DO NOTHING
            """, [.int(now)] + key)
    }

    /// Moves the report from `from` to `to` with `comment` beside it (a return's reason); returns
    /// the report's new version. `StoreError.stale` when the report is no longer at `from`.
    @discardableResult
    /// `content`: the entries as the caller checked them (`contentStamp`); a save made since
    /// makes the step stale, so a submission is never of content its check did not see.
    public func transition(department: String, year: Int, month: Int, from: WorkflowState, to: WorkflowState, actor: String, comment: String?,
                           content: Int? = nil) async throws -> Int {
        let key = Self.key(department, year, month)
        let now = AuditTime.now()
        var statements = [
            Self.ensureReport(key, now: now),
            // Holds the report's row first: a save waits for it (and this for a save under way), and
            // the statement after it reads the entries as they then are.
            SQLStatement("UPDATE monitoring_reports SET updated_at = updated_at WHERE id = \(Self.reportID) RETURNING id", key, required: true),
            SQLStatement("SELECT 1 WHERE \(Self.stamp) = ?", key + [.int(Int64(content ?? 0))], required: content != nil),
            SQLStatement("""
                UPDATE monitoring_reports SET state = ?, version = version + 1, updated_at = ?,
                  submitted_at = CASE WHEN ? = 'submitted' THEN ? WHEN ? = 'draft' THEN NULL ELSE submitted_at END
                WHERE id = \(Self.reportID) AND state = ? RETURNING version
                """, [.text(to.rawValue), .int(now), .text(to.rawValue), .int(now), .text(to.rawValue)] + key + [.text(from.rawValue)], required: true),
            SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, 'state', 'monitoring_report', ?, CAST(? AS {json}), CAST(? AS {json}))",
                         [.int(now), .text(actor), .text("\(department)/\(year)/\(month)"), .text(TableRows.json(["state": from.rawValue])),
                          .text(TableRows.json(["state": to.rawValue]))]),
        ]
        if let comment, !comment.isEmpty {
            statements.append(SQLStatement("INSERT INTO monitoring_comments (report_id, project_name, author, body, created_at, transition) VALUES (\(Self.reportID), NULL, ?, ?, ?, ?)",
                                           key + [.text(actor), .text(comment), .int(now), .text(to.rawValue)]))
        }
        do {
            return Int(try await runner.transaction(statements)[3].firstInt())
        } catch let missing as SQLRowMissing {
            guard try await round(year: year, month: month) != nil else { throw StoreError.notFound("\(year) 年 1–\(month) 月的监控") }
            if missing.index == 2 { throw StoreError.stale("监控报告在您查看之后又有修改，请刷新页面，确认审核发现后再操作") }
            throw StoreError.stale("\(department) 的监控报告已不在“\(from.title)”状态（可能已被他人处理），请刷新后再操作")
        }
    }

    /// A remark on the report or one of its projects.
    public func addComment(department: String, year: Int, month: Int, project: String?, author: String, body: String) async throws {
        let key = Self.key(department, year, month)
        do {
            _ = try await runner.transaction([
                Self.ensureReport(key, now: AuditTime.now()),
                SQLStatement("INSERT INTO monitoring_comments (report_id, project_name, author, body, created_at) SELECT \(Self.reportID), ?, ?, ?, ? WHERE \(Self.reportID) IS NOT NULL RETURNING id",
                             key + [project.map(SQLValue.text) ?? .null, .text(author), .text(body), .int(AuditTime.now())] + key, required: true),
            ])
        } catch is SQLRowMissing {
            throw StoreError.notFound("\(department) 的 \(year) 年 1–\(month) 月监控报告")
        }
    }

    /// The report's comments, oldest first.
    public func comments(department: String, year: Int, month: Int) async throws -> [ReviewComment] {
        try await runner.rows("SELECT id, project_name, author, body, created_at, transition FROM monitoring_comments WHERE report_id = \(Self.reportID) ORDER BY id",
                              Self.key(department, year, month), prepared: true).map {
            ReviewComment(id: try $0.int(0), projectID: nil, project: $0[1].text, author: try $0.text(2), body: try $0.text(3), at: try $0.int(4),
                          transition: $0[5].text.flatMap(WorkflowState.init(rawValue:)))
        }
    }

    // MARK: Overview

    /// How many reports of the round wait for a reviewer: what the workspace's 待办 says, without
    /// the overview's sums (that page is read on every visit to the workspace).
    public func submitted(year: Int, month: Int) async throws -> Int {
        Int(try await runner.rows("""
            SELECT count(*) FROM monitoring_reports mr JOIN monitoring_rounds r ON r.id = mr.round_id
            WHERE r.fiscal_year = ? AND r.through_month = ? AND mr.state = 'submitted'
            """, [.int(Int64(year)), .int(Int64(month))], prepared: true).firstInt())
    }

    /// Every department with a table in the round's year: its report's state, how many projects
    /// are reported and lit which colour, and the money — one statement, whatever the size.
    public func overview(year: Int, month: Int) async throws -> [DepartmentMonitoring] {
        try await runner.rows("""
            SELECT d.name, mr.state, mr.submitted_at, (SELECT count(*) FROM projects p WHERE p.table_id = t.id), coalesce(t.total_fen, 0),
              coalesce(e.entries, 0), coalesce(e.red, 0), coalesce(e.yellow, 0), coalesce(e.blue, 0), coalesce(e.green, 0),
              coalesce(e.adjustment, 0), coalesce(e.spent, 0), coalesce(e.reported_budget, 0)
            FROM budget_tables t JOIN departments d ON d.id = t.department_id
            LEFT JOIN monitoring_rounds r ON r.fiscal_year = t.fiscal_year AND r.through_month = ?
            LEFT JOIN monitoring_reports mr ON mr.round_id = r.id AND mr.department_id = t.department_id
            LEFT JOIN (SELECT report_id, count(*) AS entries, sum(CASE WHEN light = 'red' THEN 1 ELSE 0 END) AS red,
                sum(CASE WHEN light = 'yellow' THEN 1 ELSE 0 END) AS yellow, sum(CASE WHEN light = 'blue' THEN 1 ELSE 0 END) AS blue,
                sum(CASE WHEN light = 'green' THEN 1 ELSE 0 END) AS green, CAST(sum(budget_fen - initial_fen) AS BIGINT) AS adjustment,
                CAST(sum(coalesce(spent_fen, 0)) AS BIGINT) AS spent,
                CAST(sum(CASE WHEN spent_fen IS NULL THEN 0 ELSE budget_fen END) AS BIGINT) AS reported_budget
              FROM monitoring_entries WHERE report_id IN (SELECT x.id FROM monitoring_reports x JOIN monitoring_rounds y ON y.id = x.round_id
                WHERE y.fiscal_year = ? AND y.through_month = ?) GROUP BY report_id) e ON e.report_id = mr.id
            WHERE t.fiscal_year = ? ORDER BY d.name
            """, [.int(Int64(month)), .int(Int64(year)), .int(Int64(month)), .int(Int64(year))]).map {
            let initial = try $0.int(4)
            let adjusted = initial.addingReportingOverflow(try $0.int(10))
            return DepartmentMonitoring(
                department: try $0.text(0), state: $0[1].text.flatMap(WorkflowState.init(rawValue:)) ?? .draft, started: $0[1].text != nil,
                submittedAt: $0[2].int, projectCount: Int(try $0.int(3)), reportedCount: Int(try $0.int(5)), red: Int(try $0.int(6)),
                yellow: Int(try $0.int(7)), blue: Int(try $0.int(8)), green: Int(try $0.int(9)), initialFen: initial,
                budgetFen: adjusted.overflow ? nil : adjusted.partialValue, spentFen: try $0.int(11), reportedBudgetFen: try $0.int(12))
        }
    }
}
