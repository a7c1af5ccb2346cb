import Foundation
import JixiaoCore
import JixiaoReview
import JixiaoStore

/// A department's report in a monitoring round as the pages, downloads and the API read it: the
/// round, the table (reviewed, with its projects' ids), what was saved for each project, and
/// each project lit by the year's thresholds.
struct MonitoredReport: Sendable {
    let round: MonitoringRound
    let summary: TableSummary
    let entry: ReviewedTables.Entry
    let report: MonitoringReport
    let settings: ReviewSettings
    /// What was saved, by the project's place in the table, and the entry's version.
    let progress: [ProjectPlace: ProjectProgress]
    let versions: [ProjectPlace: Int]
    /// Each stored project's place, and back; every place in table order; the name each
    /// project's entry is kept under (`storedNames`) — worked out once, for pages walk them all.
    let places: [Int64: ProjectPlace]
    let ids: [ProjectPlace: Int64]
    let order: [ProjectPlace]
    let names: [ProjectPlace: String]
    /// The first project of each unit and name (`entryKey`), for the findings, which name them so.
    let named: [String: ProjectPlace]
    /// Every project of the table, lit, in table order.
    let projects: [MonitoredProject]
    /// Entries whose project the table no longer has (renamed or removed since): kept, and named on the page.
    let orphans: [String]
    /// `MON-LATE`, when the report is late.
    let lateness: Finding?

    var key: SiteURL.ReportKey { SiteURL.ReportKey(year: round.year, month: round.month, department: summary.department) }
    var table: BudgetTable { entry.table }

    /// The lateness first, then each project's.
    var findings: [Finding] { (lateness.map { [$0] } ?? []) + projects.flatMap(\.findings) }

    /// The project of a stored id, with its place and what it shows.
    func project(id: Int64) -> (place: ProjectPlace, stored: StoredProject, monitored: MonitoredProject)? {
        guard let place = places[id], let stored = entry.stored.first(where: { $0.id == id }) else { return nil }
        return (place, stored, projects[index(of: place)])
    }

    /// The place's position in `projects` (table order).
    func index(of place: ProjectPlace) -> Int {
        table.units[..<place.u].reduce(0) { $0 + $1.projects.count } + place.p
    }

    /// The place of the project at `index` of `projects`.
    func place(at index: Int) -> ProjectPlace { order[index] }

    /// The stored project at a place, for links.
    func storedID(at place: ProjectPlace) -> Int64? { ids[place] }

    /// The name the project's entry is kept under.
    func storedName(_ place: ProjectPlace) -> String { names[place] ?? table.units[place.u].projects[place.p].name }

    static func entryKey(_ unit: String, _ project: String) -> String { unit + "\u{0}" + project }

    /// The names the projects' entries are kept under: its own, and for the second and later
    /// projects of the same name in one unit (a table may have them; the review warns,
    /// DUPLICATE-PROJECT) `name（同名第2项）`, so each keeps an entry of its own. One pass.
    static func storedNames(in table: BudgetTable) -> [ProjectPlace: String] {
        var names: [ProjectPlace: String] = [:]
        for (u, unit) in table.units.enumerated() {
            var seen: [String: Int] = [:]
            for (p, project) in unit.projects.enumerated() {
                let occurrence = (seen[project.name] ?? 0) + 1
                seen[project.name] = occurrence
                names[ProjectPlace(u: u, p: p)] = occurrence == 1 ? project.name : "\(project.name)（同名第\(occurrence)项）"
            }
        }
        return names
    }

    /// The entry that stores `progress` for the project at `place`, lit as `monitored`.
    func storedEntry(_ progress: ProjectProgress, at place: ProjectPlace, monitored: MonitoredProject) throws -> MonitoringEntry {
        try Self.entry(progress, at: place, of: table, name: storedName(place), light: monitored.light)
    }

    /// The entry of a project's progress, kept under `name` (`storedNames`): its JSON, and the
    /// light and money the overview counts.
    static func entry(_ progress: ProjectProgress, at place: ProjectPlace, of table: BudgetTable, name: String, light: Light?) throws -> MonitoringEntry {
        let unit = table.units[place.u]
        let project = unit.projects[place.p]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = String(decoding: try encoder.encode(progress), as: UTF8.self)
        return MonitoringEntry(unit: unit.name, project: name, content: content, light: light?.rawValue,
                               initialFen: project.amounts.total.fen, budgetFen: (progress.annualBudget ?? project.amounts.total).fen, spentFen: progress.spent?.fen)
    }

    /// The lights of `progress` for the project at `place`, as the round's settings give them.
    func evaluate(_ progress: ProjectProgress?, at place: ProjectPlace) -> MonitoredProject {
        let unit = table.units[place.u]
        return MonitoringReview.evaluate(unit.projects[place.p], unit: unit.name, progress: progress, month: round.month, moneyUnit: table.moneyUnit, settings: settings)
    }
}

/// Loads reports: the round, the reviewed table, the saved entries, the lights.
struct MonitoringReports: Sendable {
    let repository: any TableRepository
    let reviewed: ReviewedTables
    let tables: PublishedTables

    /// Lights every saved entry of the year's rounds again, by the year's settings as they now
    /// are, where the stored light differs: the overview counts stored lights, and a change of
    /// thresholds must show there at once, as it does on the pages.
    func relight(year: Int) async throws {
        for round in try await repository.monitoring.rounds() where round.year == year {
            for line in try await repository.monitoring.overview(year: year, month: round.month) where line.reportedCount > 0 {
                guard let loaded = try await load(.init(year: year, month: round.month, department: line.department)) else { continue }
                let stored = Dictionary(loaded.report.entries.map { (MonitoredReport.entryKey($0.unit, $0.project), $0.light) }, uniquingKeysWith: { a, _ in a })
                var changed: [(unit: String, project: String, light: String?)] = []
                for (index, monitored) in loaded.projects.enumerated() where monitored.reported {
                    let place = loaded.place(at: index)
                    let name = loaded.storedName(place)
                    let unit = loaded.table.units[place.u].name
                    if let was = stored[MonitoredReport.entryKey(unit, name)], was != monitored.light?.rawValue {
                        changed.append((unit, name, monitored.light?.rawValue))
                    }
                }
                try await repository.monitoring.relight(changed, department: line.department, year: year, month: round.month)
            }
        }
    }

    /// The report of a department with a table in the round's year; nil when there is no such round or table.
    func load(_ key: SiteURL.ReportKey) async throws -> MonitoredReport? {
        guard let round = try await repository.monitoring.round(year: key.year, month: key.month),
              let (summary, entry) = try await reviewed.entry(department: key.department, year: key.year),
              let report = try await repository.monitoring.report(department: key.department, year: key.year, month: key.month) else { return nil }
        let settings = try await tables.reviewSettings(year: key.year).settings
        let table = entry.table
        let names = MonitoredReport.storedNames(in: table)
        var order: [ProjectPlace] = []
        order.reserveCapacity(table.projectCount)
        for (u, unit) in table.units.enumerated() {
            for p in unit.projects.indices { order.append(ProjectPlace(u: u, p: p)) }
        }
        var placeOf: [String: ProjectPlace] = [:], named: [String: ProjectPlace] = [:]
        for place in order {
            let unit = table.units[place.u]
            placeOf[MonitoredReport.entryKey(unit.name, names[place]!)] = place
            let key = MonitoredReport.entryKey(unit.name, unit.projects[place.p].name)
            if named[key] == nil { named[key] = place }
        }
        var progress: [ProjectPlace: ProjectProgress] = [:]
        var versions: [ProjectPlace: Int] = [:]
        var orphans: [String] = []
        for saved in report.entries {
            guard let place = placeOf[MonitoredReport.entryKey(saved.unit, saved.project)] else {
                orphans.append("\(saved.unit) › \(saved.project)")
                continue
            }
            // Written by this program from a ProjectProgress; an unreadable one is shown as not reported, and named.
            guard let decoded = try? JSONDecoder().decode(ProjectProgress.self, from: Data(saved.content.utf8)) else {
                orphans.append("\(saved.unit) › \(saved.project)（内容无法读取）")
                continue
            }
            progress[place] = decoded
            versions[place] = saved.version
        }
        var places: [Int64: ProjectPlace] = [:]
        var ids: [ProjectPlace: Int64] = [:]
        // The stored projects come in table order; the names are checked, not trusted.
        for (stored, place) in zip(entry.stored, order) where stored.project.name == table.units[place.u].projects[place.p].name {
            places[stored.id] = place
            ids[place] = stored.id
        }
        let projects = MonitoringReview.evaluate(table, report: progress, month: round.month, settings: settings)
        let today = DisplayTime.isoDate(Int64(Date().timeIntervalSince1970 * 1000))
        let lateness = MonitoringReview.lateness(due: round.due, submittedOn: report.submittedAt.map(DisplayTime.isoDate), today: today,
                                                 department: key.department, settings: settings)
        return MonitoredReport(round: round, summary: summary, entry: entry, report: report, settings: settings, progress: progress,
                               versions: versions, places: places, ids: ids, order: order, names: names, named: named, projects: projects, orphans: orphans,
                               lateness: lateness)
    }
}
