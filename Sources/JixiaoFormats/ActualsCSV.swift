import JixiaoCore

/// Reads the year-end actuals for self-evaluation (`jixiao score TABLE ACTUALS`): a CSV with
/// the header
///
///     项目名称,指标序号,实际完成值,评价等级,评分比例,权重,偏差原因分析及改进措施,全年预算数,全年执行数
///
/// A row without 指标序号 gives a project's 全年预算数 and 全年执行数 (in the table's money
/// unit); a row with one gives that indicator's actual value, or for a qualitative target its
/// 评价等级 (达成/部分达成/未达成) and 评分比例 within the grade's band (`90%` or `0.9`).
/// Only 项目名称 and 指标序号 are required columns.
public enum ActualsCSV {
    public enum Column: String, CaseIterable {
        case project = "项目名称"
        case ordinal = "指标序号"
        case actual = "实际完成值"
        case grade = "评价等级"
        case share = "评分比例"
        case weight = "权重"
        case explanation = "偏差原因分析及改进措施"
        case annualBudget = "全年预算数"
        case spent = "全年执行数"
    }

    public static func read(_ bytes: [UInt8], unit: MoneyUnit, fileName: String? = nil) throws(FormatError) -> [ProjectActuals] {
        try CSVRows.read(bytes, fileName: fileName) { records throws(FormatError) in try read(records, unit: unit) }
    }

    static func read(_ records: [DelimitedRecord], unit: MoneyUnit) throws(FormatError) -> [ProjectActuals] {
        guard let header = records.first else { throw FormatError("the file is empty") }
        let index = try header.columns(required: [Column.project, .ordinal])
        var projects: [ProjectActuals] = []
        var position: [String: Int] = [:]
        for record in records.dropFirst() {
            func cell(_ column: Column) -> String { index[column].map(record.cell) ?? "" }
            func fail(_ column: Column, _ message: String) -> FormatError {
                FormatError(line: record.line, column: column.rawValue, message)
            }
            let name = cell(.project)
            guard !name.isEmpty else { throw fail(.project, "a row without 项目名称") }
            let p = position[name] ?? {
                projects.append(ProjectActuals(project: name, annualBudget: .zero, spent: .zero))
                position[name] = projects.count - 1
                return projects.count - 1
            }()
            let ordinalText = cell(.ordinal)
            if ordinalText.isEmpty {
                for (column, keyPath) in [(Column.annualBudget, \ProjectActuals.annualBudget), (.spent, \.spent)] {
                    let text = cell(column)
                    do {
                        projects[p][keyPath: keyPath] = try Money(parsing: text, in: unit)
                    } catch {
                        throw fail(column, Row.describe(error, text: text, unit: unit))
                    }
                }
                continue
            }
            guard let ordinal = Int(ordinalText), ordinal >= 0 else { throw fail(.ordinal, "\(quoted(ordinalText)) is not an indicator number") }
            var grade: QualitativeGrade?
            if !cell(.grade).isEmpty {
                guard let g = QualitativeGrade(rawValue: cell(.grade)) else {
                    throw fail(.grade, "\(quoted(cell(.grade))) is not 达成, 部分达成 or 未达成")
                }
                grade = g
            }
            var share: Double?
            if !cell(.share).isEmpty {
                guard let value = percentage(cell(.share)) else { throw fail(.share, "\(quoted(cell(.share))) is not a share such as 90% or 0.9") }
                if let grade, !grade.band.contains(value) {
                    throw fail(.share, "\(quoted(cell(.share))) is outside the band of \(grade.rawValue) (\(Int(grade.band.lowerBound * 100))%–\(Int(grade.band.upperBound * 100))%)")
                }
                share = value
            }
            var weight: Double?
            if !cell(.weight).isEmpty {
                guard let value = Double(cell(.weight)), value >= 0 else { throw fail(.weight, "\(quoted(cell(.weight))) is not a weight") }
                weight = value
            }
            projects[p].indicators.append(IndicatorActual(
                ordinal: ordinal, actual: cell(.actual), grade: grade, bandShare: share, weight: weight, explanation: cell(.explanation)
            ))
        }
        return projects
    }

    /// `90%` → 0.9, `0.9` → 0.9, `90` → 0.9.
    static func percentage(_ text: String) -> Double? {
        let hasPercent = text.hasSuffix("%") || text.hasSuffix("％")
        guard let value = Double(hasPercent ? String(text.dropLast()) : text), value >= 0 else { return nil }
        return hasPercent || value > 1 ? value / 100 : value
    }
}
