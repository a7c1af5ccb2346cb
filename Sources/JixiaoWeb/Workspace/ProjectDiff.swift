import Foundation
import JixiaoCore
import JixiaoStore

/// Field-level differences between two versions of a project, as a person reads them: the
/// name, each amount in 万元, the goal, and the indicators line by line.
enum ProjectDiff {
    struct Change: Equatable {
        var field: String
        var before: String
        var after: String
    }

    /// A version as the audit log keeps it (`TableRows.snapshot`), or as a project is now.
    struct Snapshot: Equatable {
        var name: String
        var amountsFen: [Int64]
        var goal: String
        var indicators: [String]

        init(_ project: Project) {
            self.init(ProjectSnapshot(project))
        }

        init?(json: String?) {
            guard let stored = ProjectSnapshot(json: json) else { return nil }
            self.init(stored)
        }

        private init(_ stored: ProjectSnapshot) {
            name = stored.name
            amountsFen = stored.amounts_fen
            goal = stored.goal
            indicators = stored.indicators.map(Self.unnumbered)
        }

        /// Without its `N、`: deleting the first indicator renumbers the others, which is not a
        /// change of theirs.
        static func unnumbered(_ line: String) -> String {
            let digits = line.prefix { $0.isASCII && $0.isNumber }
            guard !digits.isEmpty, line.dropFirst(digits.count).first == "、" else { return line }
            return String(line.dropFirst(digits.count + 1))
        }
    }

    static let amountLabels = ["总计", "财政拨款", "财政专户拨款", "其他资金"]

    static func fields(_ before: Project, _ after: Project) -> [Change] { fields(Snapshot(before), Snapshot(after)) }

    static func fields(_ before: Snapshot, _ after: Snapshot) -> [Change] {
        var changes: [Change] = []
        if before.name != after.name { changes.append(Change(field: "项目名称", before: before.name, after: after.name)) }
        for (i, label) in amountLabels.enumerated() {
            let (a, b) = (before.amountsFen.count > i ? before.amountsFen[i] : 0, after.amountsFen.count > i ? after.amountsFen[i] : 0)
            if a != b { changes.append(Change(field: label + "（万元）", before: Money(fen: a).formatted(in: .wanYuan), after: Money(fen: b).formatted(in: .wanYuan))) }
        }
        if before.goal != after.goal { changes.append(Change(field: "绩效目标", before: before.goal, after: after.goal)) }
        let removed = before.indicators.filter { !after.indicators.contains($0) }
        let added = after.indicators.filter { !before.indicators.contains($0) }
        if !removed.isEmpty || !added.isEmpty {
            changes.append(Change(field: "绩效指标", before: removed.joined(separator: "\n"), after: added.joined(separator: "\n")))
        } else if before.indicators != after.indicators {
            changes.append(Change(field: "绩效指标（顺序）", before: before.indicators.joined(separator: "\n"), after: after.indicators.joined(separator: "\n")))
        }
        return changes
    }
}
