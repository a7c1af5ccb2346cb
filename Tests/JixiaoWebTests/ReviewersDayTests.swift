import Foundation
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// The reviewer's day (issue 16, defect 10): a table's timeline by display name, its findings
/// as a CSV, and the year's findings of every table one may read in one CSV.
@Suite struct ReviewersDayTests {
    /// What openpyxl finds in the workbook compared with Python's csv reading of the CSV:
    /// "ok N" (N rows, header included) when every cell is the same, else the first difference.
    /// The sheet must keep its header frozen and filtered.
    static func openpyxlMatches(_ book: [UInt8], _ csv: [UInt8]) throws -> String {
        let folder = try ProcessRunner.temporaryDirectory("findings")
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(book).write(to: folder.appendingPathComponent("f.xlsx"))
        try Data(csv).write(to: folder.appendingPathComponent("f.csv"))
        let script = """
        import csv, openpyxl, sys
        sheet = openpyxl.load_workbook(sys.argv[1] + "/f.xlsx").worksheets[0]
        assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref, (sheet.freeze_panes, sheet.auto_filter.ref)
        book = [["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)]
        with open(sys.argv[1] + "/f.csv", encoding="utf-8-sig", newline="") as f:
            rows = list(csv.reader(f))
        book = [row + [""] * (len(rows[0]) - len(row)) for row in book]
        for i, (a, b) in enumerate(zip(book, rows)):
            if a != b: print("row", i, a, "!=", b); sys.exit()
        print("ok", len(book)) if len(book) == len(rows) else print(len(book), "rows !=", len(rows))
        """
        let run = try ProcessRunner.run("/usr/bin/env", ["python3", "-c", script, folder.path])
        return (String(decoding: run.stdout, as: UTF8.self) + run.stderr).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test func aTableShowsItsTimelineAndExportsItsFindings() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.draftDepartment)
            let editor = try await Browser.signedIn(client, "editor1")
            let reviewer = try await Browser.signedIn(client, "reviewer")
            #expect(try await editor.submit(table + "/transitions", from: table, [("action", "submit"), ("from", "draft"), ("comment", "")]).status == .seeOther)
            let page = try await reviewer.get(table).text
            #expect(page.contains("时间线") && page.contains("建立本表") && page.contains("草稿 → 已提交"))
            // By display name, not login.
            let line = try #require(page.components(separatedBy: "草稿 → 已提交").first?.components(separatedBy: "<li>").last)
            #expect(!line.contains("editor1"), "\(line)")

            // 待办 says when and by whom it came, and what the review finds.
            let workspace = try await reviewer.get("/workspace").text
            let awaiting = try #require(workspace.components(separatedBy: "<p class=\"awaits\">").dropFirst().first { $0.contains(demo.draftDepartment) })
            #expect(awaiting.contains("草稿 → 已提交") && awaiting.contains("审核发现 0 项错误") && !awaiting.contains("editor1"), "\(awaiting)")

            let csv = try await reviewer.get(table + "/download/findings.csv")
            #expect(csv.status == .ok && csv.headers[.contentType] == "text/csv; charset=utf-8")
            let lines = csv.text.components(separatedBy: "\r\n").filter { !$0.isEmpty }
            #expect(lines.first == "\u{FEFF}年度,部门,规则,规则名称,严重程度,维度,资金使用单位,项目,指标序号,字段,说明,修改建议")
            #expect(lines.count > 1 && lines.dropFirst().allSatisfy { $0.hasPrefix("2025,\(demo.draftDepartment),") })

            // The same findings as a workbook: openpyxl reads the CSV's rows from it, header first.
            let book = try await reviewer.get(table + "/download/findings.xlsx")
            #expect(book.status == .ok && book.headers[.contentType] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            #expect(book.headers[.contentDisposition]?.contains(".xlsx") == true)
            #expect(try Self.openpyxlMatches(book.bytes, csv.bytes) == "ok \(lines.count)")
            let yearBook = try await reviewer.get("/workspace/findings/2025?format=xlsx")
            let yearCSV = try await reviewer.get("/workspace/findings/2025")
            #expect(yearBook.status == .ok && yearCSV.text.count > csv.text.count)
            #expect(try Self.openpyxlMatches(yearBook.bytes, yearCSV.bytes).hasPrefix("ok "))

            // The year's: the reviewer gets every department's; an editor only its own.
            let year = try await reviewer.get("/workspace/findings/2025").text
            let departments = Set(year.components(separatedBy: "\r\n").dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) })
            #expect(departments.count > 2 && departments.contains(demo.draftDepartment) && departments.contains(demo.returnedDepartment))
            let own = try await editor.get("/workspace/findings/2025").text
            let ownDepartments = Set(own.components(separatedBy: "\r\n").dropFirst().compactMap { $0.split(separator: ",").dropFirst().first.map(String.init) })
            #expect(ownDepartments == [demo.draftDepartment])
            #expect(try await Browser(client).get("/workspace/findings/2025").status == .seeOther)
            // An error page keeps the signed-in header (工作台, 退出), not a signed-out look.
            let missing = try await reviewer.get("/workspace/tables/2025/没有这个部门")
            #expect(missing.status == .notFound && missing.text.contains(">退出</button>") && missing.text.contains(">工作台</a>"))
            #expect(!(try await Browser(client).get("/workspace/tables/2025/没有这个部门").text.contains(">退出</button>")))
        }
    }
}
