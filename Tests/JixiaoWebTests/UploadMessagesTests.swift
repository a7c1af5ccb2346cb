import Foundation
import JixiaoFormats
import JixiaoTestSupport
import JixiaoWeb
import Testing

/// An upload that cannot be read is refused in Chinese (issue 16, defect 8): where (工作表, 行,
/// 列) and what, never the readers' English.
@Suite struct UploadMessagesTests {
    @Test func unreadableUploadsAreExplainedInChinese() async throws {
        try await PublicSiteTests.withDemo { client, demo in
            let table = "/workspace" + PublicSiteTests.tablePath(demo.returnedDepartment)
            let editor = try await Browser.signedIn(client, "editor2")
            let own = try await editor.get(table + "/download/table.txt").text
            // The department's own table with one amount mistyped, and its CSV's header alone.
            let amount = try #require(own.range(of: #"\t[0-9,]+\.[0-9]{2}\t"#, options: .regularExpression, range: own.range(of: "合计")!.upperBound..<own.endIndex))
            let mistyped = own.replacingCharacters(in: amount, with: "\t12,3a\t")
            let header = try #require(try await editor.get(table + "/download/table.csv").text.components(separatedBy: "\r\n").first)
            let cases: [(String, String, String)] = [
                ("无表头.txt", "部门名称：\(demo.returnedDepartment)\n只有一行字\n", "前 40 行中没有表头"),
                ("金额.txt", mistyped, "列：“12,3a”不是以万元计的金额"),
                ("假的.xlsx", "这不是工作簿", "这不是 Excel 工作簿"),
                ("只有表头.csv", header + "\r\n", "文件只有表头，没有内容"),
                ("多余.json", #"{"format":"jixiao.budget-table","goall":1}"#, "未知的键“goall”"),
            ]
            for (name, body, expected) in cases {
                let page = try await editor.upload(table + "/upload", from: table, fields: [("replace", "1")], file: ("file", name, Array(body.utf8)))
                #expect(page.status == .unprocessableContent, "\(name)")
                let refusal = page.text.components(separatedBy: "无法读取“\(name)”：").dropFirst().first?.components(separatedBy: "</p>").first ?? ""
                #expect(refusal.contains(expected), "\(name): \(refusal)")
                // No English left (but the file's own words and the formats' names).
                var words = refusal
                for kept in ["goall", ".xlsx", "Excel", "JSON"] { words = words.replacingOccurrences(of: kept, with: "") }
                #expect(words.range(of: "[A-Za-z]{4,}", options: .regularExpression) == nil, "\(name): \(refusal)")
            }
        }
    }
}
