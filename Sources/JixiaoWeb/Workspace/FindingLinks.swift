import JixiaoReview
import JixiaoStore

/// Where a finding leads: its project's page, at the field it is about — an indicator's row
/// (`#row-2`), the amounts, the goal or the name — so a reviewer's or clerk's click lands on
/// what to read or mend. A finding about the table as a whole (its 合计) leads nowhere.
struct FindingLinks {
    let key: SiteURL.TableKey
    let stored: [StoredProject]

    func href(_ finding: Finding) -> String? {
        guard let name = finding.location.project,
              let project = stored.first(where: { $0.project.name == name && (finding.location.unit == nil || finding.location.unit == $0.unit) }) else {
            return nil
        }
        return SiteURL.project(key, id: project.id).path + "#" + Self.anchor(finding.location)
    }

    /// The element id on the project page (`projectEdit` and `projectView` templates).
    static func anchor(_ location: Location) -> String {
        if let indicator = location.indicator { return "row-\(indicator)" }
        switch location.field {
        case "绩效目标": return "f-goal"
        case "项目名称": return "f-name"
        case "总计", "财政拨款", "财政专户拨款", "其他资金": return "f-amounts"
        default: return "indicators"
        }
    }
}
