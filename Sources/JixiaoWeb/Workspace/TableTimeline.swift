import Foundation
import JixiaoStore

/// 时间线: who moved the table and when — imported or replaced, submitted, withdrawn, returned,
/// approved, published — by their display name, from the audit log.
enum TableTimeline {
    struct Event: Sendable, Hashable { var at: String; var who: String; var what: String; var millis: Int64 }

    static func events(_ summary: TableSummary, _ repository: any TableRepository, names: [String: String]) async throws -> [Event] {
        let entries = try await repository.workflow.history(entity: "table", id: "\(summary.department)/\(summary.fiscalYear)")
        return entries.compactMap { entry in
            let record = entry.record
            let what: String
            switch record.action {
            case "import": what = "建立本表"
            case "replace": what = "上传表格，替换内容"
            case "state":
                let snapshot = fields(in: record.after)
                let before = state(in: record.before)
                guard let after = snapshot["state"].flatMap(WorkflowState.init(rawValue:)) else { return nil }
                let step = [WorkflowAction.correct, .unpublish].first { $0.rawValue == snapshot["action"] }
                what = (step.map { $0.title + "：" } ?? "") + (before.map { $0.title + " → " } ?? "") + after.title
            default: return nil
            }
            return Event(at: DisplayTime.text(entry.at), who: names[record.actor] ?? record.actor, what: what, millis: entry.at)
        }
    }

    /// A monitoring report's steps: who moved it and when.
    static func events(_ key: SiteURL.ReportKey, _ repository: any TableRepository, names: [String: String]) async throws -> [Event] {
        try await repository.workflow.history(entity: "monitoring_report", id: "\(key.department)/\(key.year)/\(key.month)").compactMap { entry in
            guard let after = state(in: entry.record.after) else { return nil }
            let what = (state(in: entry.record.before).map { $0.title + " → " } ?? "") + after.title
            return Event(at: DisplayTime.text(entry.at), who: names[entry.record.actor] ?? entry.record.actor, what: what, millis: entry.at)
        }
    }

    /// `{"state":"submitted"}` → .submitted.
    static func state(in json: String?) -> WorkflowState? {
        field("state", in: json).flatMap(WorkflowState.init(rawValue:))
    }

    /// One text field of an audit snapshot (`{"state":"returned","action":"correct"}`).
    static func field(_ name: String, in json: String?) -> String? {
        fields(in: json)[name]
    }

    /// An audit snapshot's text fields (empty if it is not an object of texts).
    static func fields(in json: String?) -> [String: String] {
        guard let json, let object = try? JSONDecoder().decode([String: String].self, from: Data(json.utf8)) else { return [:] }
        return object
    }
}
