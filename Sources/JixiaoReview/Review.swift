import Dispatch
import JixiaoCore

/// The quality review (智能审核): runs the catalogue's rules over a table.
public enum Review {
    /// `previousYear`: the department's table of the year before, for the rules that compare
    /// with it (`CARRIED-OVER`); without it they stay silent.
    public static func run(_ table: BudgetTable, lines: SourceLines = SourceLines(), settings: ReviewSettings = ReviewSettings(),
                           previousYear: BudgetTable? = nil) -> [Finding] {
        let context = ReviewContext(table: table, lines: lines, settings: settings, previousYear: previousYear)
        let active = RuleCatalogue.rules.filter { settings.severity(of: $0.description) != nil }
        @Sendable func report(_ rule: any ReviewRule) -> FindingReport {
            FindingReport(rule: rule.description, configured: settings.severities[rule.description.id])
        }
        let tableRules = active.compactMap { $0 as? any TableRule }
        let projectRules = active.compactMap { $0 as? any ProjectRule }
        let indicatorRules = active.compactMap { $0 as? any IndicatorRule }

        // Whole-table rules each take a task; the project walk is cut into chunks of units.
        var cut: [Range<Int>] = []
        var start = 0
        var projects = 0
        for (u, unit) in table.units.enumerated() {
            projects += unit.projects.count
            if projects >= 2_000 || u == table.units.count - 1 {
                cut.append(start..<(u + 1))
                start = u + 1
                projects = 0
            }
        }
        // With no project or indicator rules enabled there is nothing to walk.
        let chunks = projectRules.isEmpty && indicatorRules.isEmpty ? [] : cut
        let tasks = tableRules.count + chunks.count
        let results = ResultSlots<[Finding]>(count: tasks)
        // The walk reaches units and lines through buffers: through the arrays, every core
        // would retain and release the same shared storage for every project.
        table.units.withUnsafeBufferPointer { unitBuffer in
            lines.projects.withUnsafeBufferPointer { lineBuffer in
                let shared = SharedTable(units: unitBuffer, lines: lineBuffer)
                DispatchQueue.concurrentPerform(iterations: tasks) { task in
                    if task < tableRules.count {
                        var r = report(tableRules[task])
                        tableRules[task].check(context, &r)
                        results.set(task, r.findings)
                        return
                    }
                    var projectReports = projectRules.map(report)
                    var indicatorReports = indicatorRules.map(report)
                    for u in chunks[task - tableRules.count] {
                        let unit = shared.units[u]
                        let unitLines: [Int] = u < shared.lines.count ? shared.lines[u] : []
                        unit.projects.withUnsafeBufferPointer { projects in
                            for p in projects.indices {
                                var position = ProjectPosition(u: u, p: p, line: p < unitLines.count ? unitLines[p] : nil, unit: unit.name)
                                position.categorise(projects[p], context)
                                walk(projects[p], at: position, context, projectRules, &projectReports, indicatorRules, &indicatorReports)
                            }
                        }
                    }
                    results.set(task, (projectReports + indicatorReports).flatMap(\.findings))
                }
            }
        }
        return inReportOrder(results.values.flatMap { $0 })
    }

    private struct SharedTable: @unchecked Sendable {
        let units: UnsafeBufferPointer<SpendingUnit>
        let lines: UnsafeBufferPointer<[Int]>
    }

    private static func walk(
        _ project: Project, at position: ProjectPosition, _ context: ReviewContext,
        _ projectRules: [any ProjectRule], _ projectReports: inout [FindingReport],
        _ indicatorRules: [any IndicatorRule], _ indicatorReports: inout [FindingReport]
    ) {
        // Through buffers: taking an existential out of an array for each call retains and
        // releases it, millions of times over a large table.
        projectRules.withUnsafeBufferPointer { rules in
            for r in rules.indices { rules[r].check(project, at: position, context, &projectReports[r]) }
        }
        indicatorRules.withUnsafeBufferPointer { rules in
            for (i, indicator) in project.indicators.enumerated() {
                for r in rules.indices { rules[r].check(indicator, i, of: project, at: position, context, &indicatorReports[r]) }
            }
        }
    }

    /// Errors first; then in table order; then by rule. Sorted through small keys: a finding
    /// holds a dozen strings, and moving 100,000 of them around costs more than the review.
    static func inReportOrder(_ findings: [Finding]) -> [Finding] {
        let keys = findings.map { ($0.severity, $0.location.line ?? Int.max, $0.location.indicator ?? 0) }
        let order = findings.indices.sorted { i, j in
            let a = keys[i], b = keys[j]
            if a.0 != b.0 { return a.0 < b.0 }
            if a.1 != b.1 { return a.1 < b.1 }
            if a.2 != b.2 { return a.2 < b.2 }
            return findings[i].rule != findings[j].rule ? findings[i].rule < findings[j].rule : i < j
        }
        return order.map { findings[$0] }
    }
}

/// Counts by severity, for summaries and exit codes.
public struct FindingCounts: Hashable, Codable, Sendable {
    public var errors = 0
    public var warnings = 0
    public var info = 0

    public init(_ findings: [Finding]) {
        for finding in findings {
            switch finding.severity {
            case .error: errors += 1
            case .warning: warnings += 1
            case .info: info += 1
            }
        }
    }

    /// `2 errors, 7 warnings, 3 info`
    public var summary: String {
        "\(errors) error\(errors == 1 ? "" : "s"), \(warnings) warning\(warnings == 1 ? "" : "s"), \(info) info"
    }

    /// `错误 2 项，警告 7 项，提示 3 项`
    public var chinese: String {
        "\(Severity.error.chinese) \(errors) 项，\(Severity.warning.chinese) \(warnings) 项，\(Severity.info.chinese) \(info) 项"
    }
}

/// Slots written by concurrent workers, one index each, read after they finish.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = SerialLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.withLock { slots[index] = value }
    }

    var values: [T] { lock.withLock { slots.compactMap { $0 } } }
}

/// A mutex from Dispatch, which the review already uses (it imports no Foundation).
final class SerialLock: @unchecked Sendable {
    private let queue = DispatchQueue(label: "jixiao.review.slots")
    func withLock<R>(_ body: () -> R) -> R { queue.sync(execute: body) }
}
