import JixiaoCore

/// A monitoring report as CSV (`jixiao monitor TABLE REPORT.csv`, the web app's template and
/// upload; docs/domain.md §9). The header:
///
///     项目名称,指标序号,截至目前完成值,全年预计完成值,完成目标可能性,偏差原因,纠偏措施,全年预算数,执行数,全年预计执行数
///
/// A row without 指标序号 carries the project's money (in the table's unit) and the money's
/// 偏差原因 and 纠偏措施; a row with one, that indicator's progress. 偏差原因 lists categories
/// separated by `、`, the words after a `：` (`经费保障、其他：供应商延期交货`). The template
/// adds 项目序号 and 资金使用单位 (which tell apart projects of the same name), 指标名称,
/// 年度指标值 and 年初预算数 for the person filling it in; the reader takes them as read-only.
public enum MonitoringCSV {
    public enum Column: String, CaseIterable, Sendable {
        /// The project's number in the table (1, 2, … across its units): tells apart projects of
        /// the same name in one unit, which a table may have.
        case position = "项目序号"
        case unit = "资金使用单位"
        case project = "项目名称"
        case ordinal = "指标序号"
        case indicator = "指标名称"
        case target = "年度指标值"
        case reached = "截至目前完成值"
        case forecast = "全年预计完成值"
        case likelihood = "完成目标可能性"
        case deviation = "偏差原因"
        case correction = "纠偏措施"
        case initialBudget = "年初预算数"
        case annualBudget = "全年预算数"
        case spent = "执行数"
        case forecastSpent = "全年预计执行数"
        /// The version of what was saved for the project when the template was downloaded: an
        /// upload over a newer save is refused, not silently laid over it.
        case version = "版本"
    }

    /// The report's projects by their place in `table`. A project or indicator the table does
    /// not have, a project named twice in the table without its unit, a number that is no
    /// amount, an indicator reported twice: an error naming the row and column.
    public static func read(_ bytes: [UInt8], table: BudgetTable, fileName: String? = nil) throws(FormatError) -> [ProjectPlace: ProjectProgress] {
        try readVersioned(bytes, table: table, fileName: fileName).report
    }

    /// The report, and the version each project's money row says it was downloaded at (none
    /// for a file made by hand).
    public static func readVersioned(_ bytes: [UInt8], table: BudgetTable, fileName: String? = nil) throws(FormatError) -> Versioned {
        try CSVRows.read(bytes, fileName: fileName) { records throws(FormatError) in try read(records, table: table) }
    }

    public struct Versioned: Sendable {
        public var report: [ProjectPlace: ProjectProgress]
        public var versions: [ProjectPlace: Int]
    }

    static func read(_ records: [DelimitedRecord], table: BudgetTable) throws(FormatError) -> Versioned {
        guard let header = records.first else { throw FormatError("the file is empty") }
        let index = try header.columns(required: [Column.project, .ordinal])
        var places: [String: [ProjectPlace]] = [:]
        var numbered: [ProjectPlace] = []
        for (u, unit) in table.units.enumerated() {
            for (p, project) in unit.projects.enumerated() {
                places[project.name, default: []].append(ProjectPlace(u: u, p: p))
                numbered.append(ProjectPlace(u: u, p: p))
            }
        }
        let unit = table.moneyUnit
        var report: [ProjectPlace: ProjectProgress] = [:]
        var versions: [ProjectPlace: Int] = [:]
        var moneyRows = Set<ProjectPlace>()
        for record in records.dropFirst() {
            func cell(_ column: Column) -> String { index[column].map(record.cell)?.trimmingSpaces() ?? "" }
            /// A cell of words, as the writer guarded it against spreadsheet formulas, checked for length.
            func words(_ column: Column, limit: Int) throws(FormatError) -> String {
                var text = cell(column)
                if text.hasPrefix("'") { text.removeFirst() }
                guard text.count <= limit else { throw fail(column, "\(text.count) characters, more than the \(limit) a cell may hold") }
                return text
            }
            func fail(_ column: Column, _ message: String) -> FormatError {
                FormatError(line: record.line, column: column.rawValue, message)
            }
            let name = cell(.project)
            guard !name.isEmpty else { throw fail(.project, "a row without 项目名称") }
            guard var candidates = places[name] else { throw fail(.project, "\(quoted(name)) is not a project of the table") }
            if !cell(.position).isEmpty {
                guard let n = Int(cell(.position)), numbered.indices.contains(n - 1) else {
                    throw fail(.position, "\(quoted(cell(.position))) is not a project's number (1 to \(numbered.count))")
                }
                let place = numbered[n - 1]
                guard table.units[place.u].projects[place.p].name == name else {
                    throw fail(.position, "project \(n) is \(quoted(table.units[place.u].projects[place.p].name)), not \(quoted(name))")
                }
                candidates = [place]
            }
            if candidates.count > 1, !cell(.unit).isEmpty {
                candidates = candidates.filter { table.units[$0.u].name == cell(.unit) }
                guard !candidates.isEmpty else { throw fail(.unit, "the table has no project \(quoted(name)) in \(quoted(cell(.unit)))") }
            }
            guard candidates.count == 1 else {
                throw fail(.project, "\(quoted(name)) names \(candidates.count) projects of the table; add the column 项目序号 (or 资金使用单位) to tell them apart")
            }
            let place = candidates[0]
            let project = table.units[place.u].projects[place.p]
            var progress = report[place] ?? ProjectProgress(project: name)
            func money(_ column: Column) throws(FormatError) -> Money? {
                let text = cell(column)
                guard !text.isEmpty else { return nil }
                let money: Money
                do { money = try Money(parsing: text, in: unit) } catch { throw fail(column, Row.describe(error, text: text, unit: unit)) }
                guard money.fen >= 0 else { throw fail(column, "\(quoted(text)) is negative") }
                return money
            }
            let ordinalText = cell(.ordinal)
            if ordinalText.isEmpty {
                guard moneyRows.insert(place).inserted else { throw fail(.project, "a second money row (no 指标序号) for \(quoted(name))") }
                progress.annualBudget = try money(.annualBudget)
                progress.spent = try money(.spent)
                progress.forecastSpent = try money(.forecastSpent)
                progress.deviation = DeviationReason(cell: try words(.deviation, limit: ProjectProgress.textLimit + 40))
                progress.correction = try words(.correction, limit: ProjectProgress.textLimit)
                if !cell(.version).isEmpty {
                    guard let version = Int(cell(.version)), version >= 0 else { throw fail(.version, "\(quoted(cell(.version))) is not a version") }
                    versions[place] = version
                }
            } else {
                guard let ordinal = Int(ordinalText), ordinal > 0 else { throw fail(.ordinal, "\(quoted(ordinalText)) is not an indicator number") }
                guard project.indicators.indices.contains(where: { (project.indicators[$0].ordinal ?? $0 + 1) == ordinal }) else {
                    throw fail(.ordinal, "\(quoted(name)) has no indicator \(ordinal) (it has \(project.indicators.count))")
                }
                guard progress.indicator(ordinal) == nil else { throw fail(.ordinal, "indicator \(ordinal) of \(quoted(name)) is reported twice") }
                var likelihood: Likelihood?
                if !cell(.likelihood).isEmpty {
                    guard let l = Likelihood(rawValue: cell(.likelihood)) else {
                        throw fail(.likelihood, "\(quoted(cell(.likelihood))) is not 确定能, 有可能 or 完全不可能")
                    }
                    likelihood = l
                }
                let reported = IndicatorProgress(
                    ordinal: ordinal, reached: try words(.reached, limit: ProjectProgress.valueLimit), forecast: try words(.forecast, limit: ProjectProgress.valueLimit),
                    likelihood: likelihood, deviation: DeviationReason(cell: try words(.deviation, limit: ProjectProgress.textLimit + 40)),
                    correction: try words(.correction, limit: ProjectProgress.textLimit))
                // A template's row left blank reports nothing (and a second blank one is no duplicate).
                if !reported.isEmpty { progress.indicators.append(reported) }
            }
            report[place] = progress
        }
        // A project whose rows were all left blank was not reported.
        let reported = report.filter { !$0.value.isEmpty }
        return Versioned(report: reported, versions: versions.filter { reported[$0.key] != nil })
    }

    /// The template of a table's report, every project and indicator, filled with `report`
    /// where it has them: what `read` reads back as `report`.
    public static func write(_ table: BudgetTable, report: [ProjectPlace: ProjectProgress] = [:], versions: [ProjectPlace: Int] = [:]) -> [UInt8] {
        // The words people typed are guarded against spreadsheet formulas (`=HYPERLINK(…)`), as the table's CSV is.
        let words: Set<Int> = Set([Column.reached, .forecast, .deviation, .correction].compactMap { Column.allCases.firstIndex(of: $0) })
        return CSVRows.write(rows(table, report: report, versions: versions).enumerated().map { r, row in
            r == 0 ? row : row.enumerated().map { c, cell in words.contains(c) ? TableCSV.formulaGuarded(cell) : cell }
        })
    }

    /// The same template as a workbook (one sheet, the header frozen and filtered), for those
    /// who fill it in Excel; `readWorkbook` reads it back.
    public static func workbook(_ table: BudgetTable, report: [ProjectPlace: ProjectProgress] = [:], versions: [ProjectPlace: Int] = [:]) throws -> [UInt8] {
        let rows = rows(table, report: report, versions: versions)
        return try XLSXList(sheetName: "监控填报", title: "\(table.department) 运行监控填报模板", header: rows[0],
                            widths: [6, 22, 26, 6, 22, 16, 12, 12, 10, 24, 24, 10, 10, 10, 12, 6], rows: Array(rows.dropFirst())).bytes()
    }

    /// A filled template from a workbook (its first sheet), as `read` reads the CSV.
    public static func readWorkbook(_ bytes: [UInt8], table: BudgetTable, fileName: String? = nil) throws(FormatError) -> [ProjectPlace: ProjectProgress] {
        try readWorkbookVersioned(bytes, table: table, fileName: fileName).report
    }

    /// The same, with the versions (`readVersioned`); `inflateLimit` bounds what the workbook may inflate to.
    public static func readWorkbookVersioned(_ bytes: [UInt8], table: BudgetTable, fileName: String? = nil,
                                             inflateLimit: Int = XLSXArchive.maximumTotalBytes) throws(FormatError) -> Versioned {
        do {
            return try read(try XLSXRows.firstSheet(bytes, inflateLimit: inflateLimit), table: table)
        } catch {
            throw fileName.map { error.inFile($0) } ?? error
        }
    }

    /// The header and a row a project's money and a row an indicator.
    static func rows(_ table: BudgetTable, report: [ProjectPlace: ProjectProgress], versions: [ProjectPlace: Int] = [:]) -> [[String]] {
        var rows = [Column.allCases.map(\.rawValue)]
        func row(_ cells: [String]) { rows.append(cells) }
        let unit = table.moneyUnit
        var number = 0
        for (u, spending) in table.units.enumerated() {
            for (p, project) in spending.projects.enumerated() {
                number += 1
                let progress = report[ProjectPlace(u: u, p: p)]
                row([String(number), spending.name, project.name, "", "", "", "", "", "", progress?.deviation.cell ?? "", progress?.correction ?? "",
                     project.amounts.total.formatted(in: unit, thousandsSeparator: false),
                     progress?.annualBudget?.formatted(in: unit, thousandsSeparator: false) ?? "",
                     progress?.spent?.formatted(in: unit, thousandsSeparator: false) ?? "",
                     progress?.forecastSpent?.formatted(in: unit, thousandsSeparator: false) ?? "",
                     String(versions[ProjectPlace(u: u, p: p)] ?? 0)])
                for (i, indicator) in project.indicators.enumerated() {
                    let ordinal = indicator.ordinal ?? i + 1
                    let reported = progress?.indicator(ordinal)
                    row([String(number), spending.name, project.name, String(ordinal), indicator.name.isEmpty ? (indicator.unparsedText ?? "") : indicator.name,
                         (indicator.annualTarget ?? indicator.periodTarget)?.text ?? "", reported?.reached ?? "", reported?.forecast ?? "",
                         reported?.likelihood?.rawValue ?? "", reported?.deviation.cell ?? "", reported?.correction ?? "", "", "", "", "", ""])
                }
            }
        }
        return rows
    }
}
