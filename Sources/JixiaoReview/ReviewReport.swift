import JixiaoCore

/// The review of one table as `jixiao check` reports it: a JSON document
/// (`schemas/findings.schema.json`) or Chinese text grouped by severity.
public struct ReviewReport: Codable, Sendable {
    public var format = "jixiao.findings"
    public var version = 1
    public var file: String?
    public var title: String
    public var department: String
    public var projects: Int
    public var summary: FindingCounts
    public var findings: [Finding]

    public init(file: String?, table: BudgetTable, findings: [Finding]) {
        self.file = file
        title = table.title
        department = table.department
        projects = table.projectCount
        summary = FindingCounts(findings)
        self.findings = findings
    }

    /// The report for people: a heading, findings grouped by severity (each with its
    /// location, rule, message and fix), and the summary line `2 errors, 7 warnings, 3 info`.
    public var text: String {
        var out = "\(file.map { $0 + "：" } ?? "")\(department)《\(title)》，\(projects) 个项目\n"
        for severity in Severity.allCases {
            let group = findings.filter { $0.severity == severity }
            guard !group.isEmpty else { continue }
            out += "\n\(severity.chinese)（\(group.count)）\n"
            for finding in group {
                out += "  \(finding.location.chinese)\n"
                out += "    [\(finding.rule) · \(finding.dimension.rawValue)] \(finding.message)\n"
                out += "    建议：\(finding.fix)\n"
            }
        }
        if findings.isEmpty { out += "\n未发现问题。\n" }
        out += "\n" + summary.summary + "\n"
        return out
    }
}

extension RuleDescription {
    /// One catalogue entry for `jixiao rules`.
    public func line(severity: Severity) -> String {
        "\(id.padding(to: 28))\(severity.chinese)  \(dimension.rawValue)  \(title)\n    \(explanation)"
    }
}

extension String {
    func padding(to width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
