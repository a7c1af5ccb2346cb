import Dispatch
import JixiaoCore

/// The quality review (智能审核): runs the catalogue's rules over a table.
public enum Review {
    public static func run(_ table: BudgetTable, lines: SourceLines = SourceLines(), settings: ReviewSettings = ReviewSettings()) -> [Finding] {
        let context = ReviewContext(table: table, lines: lines, settings: settings)
        let rules = RuleCatalogue.rules.filter { settings.severity(of: $0.description) != nil }
        // Rules are independent of each other: run them on every core.
        let results = ResultSlots<[Finding]>(count: rules.count)
        DispatchQueue.concurrentPerform(iterations: rules.count) { index in
            let rule = rules[index]
            let explicit = settings.severities[rule.description.id]
            var report = FindingReport(rule: rule.description, configured: explicit)
            rule.check(context, &report)
            results.set(index, report.findings)
        }
        return inReportOrder(results.values.flatMap { $0 })
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
}

/// Slots written by concurrent workers, one index each, read after they finish.
final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [T?]
    private let lock = NSLockish()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func set(_ index: Int, _ value: T) {
        lock.withLock { slots[index] = value }
    }

    var values: [T] { lock.withLock { slots.compactMap { $0 } } }
}

/// A mutex without Foundation (the review is Foundation-free).
final class NSLockish: @unchecked Sendable {
    private let queue = DispatchQueue(label: "jixiao.review.slots")
    func withLock<R>(_ body: () -> R) -> R { queue.sync(execute: body) }
}
