import JixiaoCore
@testable import JixiaoFormats
import JixiaoSynthetic
import PropertyBased
import Testing

/// Every format gives back the table it was given, on the seed and on generated tables.
@Suite struct RoundTripTests {
    static func generated(seed: UInt64, projects: Int, units: Int) -> BudgetTable {
        var generator = TableGenerator(seed: seed)
        return generator.table(projects: projects, units: units)
    }

    static let seeds = Gen.uint64(in: 0...UInt64.max)
    static let sizes = Gen.int(in: 1...60)
    static let unitCounts = Gen.int(in: 1...6)

    @Test(arguments: TableFormat.readable)
    func theSeedThroughEveryFormat(format: TableFormat) throws {
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        let back = try format.read(format.write(seed)).table
        #expect(back == seed)
        #expect(DisclosureTextWriter.write(back) == Fixtures.seedCanonical)
    }

    /// The seed filed for 2025 (its title states no year) through every format: each carries
    /// the year, and the text says it in a 预算年度 line under 部门名称.
    @Test(arguments: TableFormat.readable)
    func theSeedFiledForAYearThroughEveryFormat(format: TableFormat) throws {
        var seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        seed.fiscalYear = 2025
        #expect(try format.read(format.write(seed)).table == seed)
        #expect(DisclosureTextWriter.write(seed).contains("\n\n预算年度：2025\n\n单位：万元\n"))
        // A title that states the year needs no line; a 预算年度 that is no year is no year.
        seed.title = "2025年" + seed.title
        #expect(!DisclosureTextWriter.write(seed).contains("预算年度"))
        let undecided = Fixtures.seedCanonical.replacingOccurrences(of: "\n\n单位：", with: "\n\n预算年度：待定\n\n单位：")
        #expect(try DisclosureTextReader.read(Array(undecided.utf8)).table.fiscalYear == nil)
    }

    @Test func textToModelToText() async {
        await propertyCheck(count: 60, input: Self.seeds, Self.sizes, Self.unitCounts) { seed, projects, units in
            let table = Self.generated(seed: seed, projects: projects, units: units)
            let text = DisclosureTextWriter.write(table)
            let read = try DisclosureTextReader.read(Array(text.utf8)).table
            #expect(read == table)
            #expect(DisclosureTextWriter.write(read) == text)
        }
    }

    /// Text → JSON → text and text → CSV → text give the text back.
    @Test(arguments: [TableFormat.json, .csv])
    func textThroughOpenData(format: TableFormat) async {
        await propertyCheck(count: 40, input: Self.seeds, Self.sizes, Self.unitCounts) { seed, projects, units in
            let text = DisclosureTextWriter.write(Self.generated(seed: seed, projects: projects, units: units))
            let through = try format.read(format.write(DisclosureTextReader.read(Array(text.utf8)).table)).table
            #expect(DisclosureTextWriter.write(through) == text)
        }
    }

    /// Messy copies of generated tables — any mix of encodings, line endings, quoting,
    /// half-width delimiters, padding — read as the table.
    @Test func messyCopiesReadAsTheTable() async {
        await propertyCheck(count: 80, input: Self.seeds, Self.sizes, Self.unitCounts, Self.seeds) { seed, projects, units, mess in
            let table = Self.generated(seed: seed, projects: projects, units: units)
            let writer = MessyWriter.random(mess)
            let read = try DisclosureTextReader.read(writer.write(table)).table
            #expect(read == table, "\(writer)")
        }
    }

    @Test func theCSVOpensInExcel() {
        let csv = TableCSV.write(Self.generated(seed: 1, projects: 3, units: 1))
        #expect(Array(csv.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let firstLine = String(decoding: csv.dropFirst(3), as: UTF8.self).components(separatedBy: "\r\n")[0]
        #expect(firstLine.hasPrefix("表名,部门名称,金额单位,年度,行类型,资金使用单位,项目序号,项目名称,总计"))
    }

    @Test func aProjectWithoutIndicatorsHasOneCSVRow() throws {
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        var table = seed
        table.units[1].projects[0].indicators = []
        table.units[1].projects[0].goal = ""
        let lines = String(decoding: TableCSV.write(table), as: UTF8.self).components(separatedBy: "\r\n").filter { $0.contains(",人才发展工作经费,") }
        #expect(lines.count == 1)
        #expect(try TableCSV.read(TableCSV.write(table)).table == table)
    }

    @Test func formatsAreRecognised() throws {
        let seed = try DisclosureTextReader.read(Fixtures.seedBytes).table
        for format in TableFormat.readable {
            #expect(TableFormat.recognise(try format.write(seed)) == format)
        }
        #expect(TableFormat(fileName: "a/b.TSV") == .text)
        #expect(TableFormat(fileName: "x.json") == .json)
        #expect(TableFormat(fileName: "x.xlsx") == .xlsx)
        #expect(TableFormat(fileName: "x.docx") == nil)
    }
}
