import Foundation
import JixiaoCore
import JixiaoTestSupport
import Testing
@testable import JixiaoFormats

/// The monitoring report CSV: what the template writes, the reader reads back.
@Suite struct MonitoringCSVTests {
    static let report = SeedFixture.fixtures.appendingPathComponent("monitoring-2025-07.csv")

    @Test func theSeedsReportReadsByPlace() throws {
        let table = try SeedFixture.table
        let report = try MonitoringCSV.read(Array(try Data(contentsOf: Self.report)), table: table)
        #expect(report.count == 5)
        let first = try #require(report[ProjectPlace(u: 0, p: 0)])
        #expect(first.spent == Money(fen: 25_000_00))
        #expect(first.deviation == DeviationReason(causes: [.funding, .other], text: "两名辅助人员6月才到岗"))
        #expect(first.indicators.map(\.ordinal) == [1, 2])
        #expect(report[ProjectPlace(u: 0, p: 1)]?.annualBudget == nil, "an empty 全年预算数 leaves the table's")
    }

    @Test func whatTheTemplateWritesReadsBack() throws {
        let table = try SeedFixture.table
        let report = try MonitoringCSV.read(Array(try Data(contentsOf: Self.report)), table: table)
        let written = MonitoringCSV.write(table, report: report)
        #expect(try MonitoringCSV.read(written, table: table) == report)
    }

    @Test func theWorkbookTemplateReadsBackAsTheCSVDoes() throws {
        let table = try SeedFixture.table
        let report = try MonitoringCSV.read(Array(try Data(contentsOf: Self.report)), table: table)
        let workbook = try MonitoringCSV.workbook(table, report: report)
        #expect(try XLSXReader.sheetNames(workbook) == ["监控填报"])
        #expect(try MonitoringCSV.readWorkbook(workbook, table: table) == report)
        // A refused row is named by its row in the sheet.
        var blank = MonitoringCSV.rows(table, report: [:])
        blank[2][6] = "较好"
        blank[2][8] = "大概能"
        let bad = try XLSXList(sheetName: "监控填报", title: "t", header: blank[0], widths: blank[0].map { _ in 10 }, rows: Array(blank.dropFirst())).bytes()
        #expect(throws: FormatError(file: "t.xlsx", line: 3, column: "完成目标可能性", "\"大概能\" is not 确定能, 有可能 or 完全不可能")) {
            try MonitoringCSV.readWorkbook(bad, table: table, fileName: "t.xlsx")
        }
    }

    @Test func aNameTwoUnitsShareIsToldApartByTheUnit() throws {
        var table = try SeedFixture.table
        table.units[1].projects[0].name = table.units[0].projects[0].name
        let header = "资金使用单位,项目名称,指标序号,执行数\n"
        let name = table.units[0].projects[0].name
        #expect(throws: FormatError.self) { try MonitoringCSV.read(Array((header + ",\(name),,1.00\n").utf8), table: table) }
        let report = try MonitoringCSV.read(Array((header + "\(table.units[1].name),\(name),,1.00\n").utf8), table: table)
        #expect(report.keys.map { $0 } == [ProjectPlace(u: 1, p: 0)])
    }

    @Test func sameNamedProjectsOfOneUnitAreToldApartByTheirNumber() throws {
        var table = try SeedFixture.table
        table.units[0].projects[1].name = table.units[0].projects[0].name
        let name = table.units[0].projects[0].name
        let header = "项目序号,项目名称,指标序号,执行数\n"
        #expect(throws: FormatError.self) { try MonitoringCSV.read(Array((header + ",\(name),,1.00\n").utf8), table: table) }
        let report = try MonitoringCSV.read(Array((header + "1,\(name),,1.00\n2,\(name),,2.00\n").utf8), table: table)
        #expect(report[ProjectPlace(u: 0, p: 0)]?.spent == Money(fen: 1_000_000) && report[ProjectPlace(u: 0, p: 1)]?.spent == Money(fen: 2_000_000))
        #expect(throws: FormatError.self) { try MonitoringCSV.read(Array((header + "3,\(name),,1.00\n").utf8), table: table) }
        // What the template writes for them reads back to each its own.
        #expect(try MonitoringCSV.read(MonitoringCSV.write(table, report: report), table: table) == report)
    }
}
