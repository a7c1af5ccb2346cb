import JixiaoFormats
import JixiaoReview
import JixiaoStore

/// The parts of a signed-in table page that depend only on the table's version: the units
/// with their projects (one rendering for those who may edit, one for those who read), the
/// project choices of the comment form, the findings, and the table itself. Each is rendered
/// once and kept with the reviewed entry (`ReviewedTables.Entry.part`); the page puts them in
/// as they are. The forms' CSRF token is the one thing of the reader's in them: rendered as
/// `CSRFSlots.marker`, filled in per page.
struct WorkspaceTableParts {
    let entry: ReviewedTables.Entry
    let key: SiteURL.TableKey

    var links: WorkspaceTablePage.Links {
        .init(transitions: SiteURL.transitions(key).path, comments: SiteURL.comments(key).path,
              upload: SiteURL.upload(key).path, structure: SiteURL.structure(key).path)
    }

    /// With `CSRFSlots.marker` for the token of the forms (those who may edit have some).
    func units(editable: Bool) -> String {
        entry.part(editable ? "units-editable" : "units") {
            Pages.render(UnitsPart(units: groups, editable: editable, links: links), chrome: CSRFSlots.chrome)
        }
    }

    var projectOptions: String {
        entry.part("project-options") {
            Pages.render(ProjectOptionsPart(projectOptions: entry.stored.map { .init(id: $0.id, name: $0.project.name, unit: $0.unit) }), chrome: CSRFSlots.chrome)
        }
    }

    var findings: String {
        entry.part("findings") {
            let findings = entry.findings
            let links = FindingLinks(key: key, stored: entry.stored)
            // By rule first (a rule firing 120 times is one thing to learn), then every finding.
            let byRule = Dictionary(grouping: findings, by: \.rule).values.sorted { ($0[0].severity, -$0.count) < ($1[0].severity, -$1.count) }
            return Pages.render(FindingsPart(
                counts: entry.counts.chinese,
                findingsHref: SiteURL.workspaceDownload(key, file: "findings.csv").path,
                findingsWorkbookHref: SiteURL.workspaceDownload(key, file: "findings.xlsx").path,
                findings: findings.isEmpty ? nil : .init(
                    rules: byRule.map { .init(rule: $0[0].rule, title: RuleCatalogue.title(of: $0[0].rule), severity: $0[0].severity.rawValue,
                                              severityTitle: $0[0].severity.chinese, count: $0.count, fix: $0[0].fix) },
                    items: findings.map { FindingView($0, href: links.href($0)) }, open: findings.count <= 20 ? " open" : "")),
                chrome: CSRFSlots.chrome)
        }
    }

    var table: String {
        entry.part("table") { TableHTML.fragment(entry.table) }
    }

    /// The projects grouped by unit (units without projects included), with their findings' counts.
    private var groups: [WorkspaceTablePage.Unit] {
        let perProject = Dictionary(grouping: entry.findings, by: { "\($0.location.unit ?? "")|\($0.location.project ?? "")" })
        let byUnit = Dictionary(grouping: entry.stored, by: \.unitID)
        return entry.units.enumerated().map { index, unit in
            let projects = byUnit[unit.id] ?? []
            let subtotal = entry.table.units.indices.contains(index) ? entry.table.units[index].amounts.total.formatted(in: .wanYuan) : "—"
            return WorkspaceTablePage.Unit(unitID: unit.id, name: unit.name, subtotal: subtotal, empty: projects.isEmpty, projects: projects.map { project in
                let counts = FindingCounts(perProject["\(unit.name)|\(project.project.name)"] ?? [])
                return WorkspaceTablePage.Project(id: project.id, name: project.project.name, version: project.version,
                                                  total: project.project.amounts.total.formatted(in: .wanYuan), errors: counts.errors, warnings: counts.warnings,
                                                  href: SiteURL.project(key, id: project.id).path,
                                                  historyHref: SiteURL.projectHistory(key, id: project.id).path)
            })
        }
    }

    struct UnitsPart: PageView {
        static let template = "workspaceUnits"
        let title = ""
        var units: [WorkspaceTablePage.Unit], editable: Bool, links: WorkspaceTablePage.Links
    }

    struct ProjectOptionsPart: PageView {
        static let template = "projectOptions"
        let title = ""
        var projectOptions: [WorkspaceTablePage.ProjectOption]
    }

    struct FindingsPart: PageView {
        static let template = "workspaceFindings"
        let title = ""
        var counts: String, findingsHref: String, findingsWorkbookHref: String, findings: WorkspaceTablePage.Findings?
    }
}
