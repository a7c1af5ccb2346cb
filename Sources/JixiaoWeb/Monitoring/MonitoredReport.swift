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
    /// Each stored project's place.
    let places: [Int64: ProjectPlace]
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

    /// The stored project at a place, for links.
    func storedID(at place: ProjectPlace) -> Int64? { places.first { $0.value == place }?.key }

    static func entryKey(_ unit: String, _ project: String) -> String { unit + "\u{0}" + project }

    /// The name a project's entry is kept under: its own, and for the second and later projects
    /// of the same name in one unit (a table may have them; the review warns, DUPLICATE-PROJECT)
    /// `name（同名第2项）`, so each keeps an entry of its own.
    static func storedName(_ place: ProjectPlace, in table: BudgetTable) -> String {
        let unit = table.units[place.u]
        let name = unit.projects[place.p].name
        let occurrence = unit.projects[...place.p].filter { $0.name == name }.count
        return occurrence == 1 ? name : "\(name)（同名第\(occurrence)项）"
    }

    /// The entry that stores `progress` for the project at `place`, lit as `monitored`.
    func storedEntry(_ progress: ProjectProgress, at place: ProjectPlace, monitored: MonitoredProject) throws -> MonitoringEntry {
        try Self.entry(progress, at: place, of: table, light: monitored.light)
    }

    /// The entry of a project's progress: its JSON, and the light and money the overview counts.
    static func entry(_ progress: ProjectProgress, at place: ProjectPlace, of table: BudgetTable, light: Light?) throws -> MonitoringEntry {
        let unit = table.units[place.u]
        let project = unit.projects[place.p]
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let content = String(decoding: try encoder.encode(progress), as: UTF8.self)
        return MonitoringEntry(unit: unit.name, project: storedName(place, in: table), content: content, light: light?.rawValue,
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
                    let name = MonitoredReport.storedName(place, in: loaded.table)
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
        var placeOf: [String: ProjectPlace] = [:]
        for (u, unit) in table.units.enumerated() {
            for p in unit.projects.indices {
                let place = ProjectPlace(u: u, p: p)
                placeOf[MonitoredReport.entryKey(unit.name, MonitoredReport.storedName(place, in: table))] = place
            }
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
        var storedIndex = 0
        for (u, unit) in table.units.enumerated() {
            for p in unit.projects.indices {
                // The stored projects come in table order; the names are checked, not trusted.
                if storedIndex < entry.stored.count, entry.stored[storedIndex].project.name == unit.projects[p].name {
                    places[entry.stored[storedIndex].id] = ProjectPlace(u: u, p: p)
                }
                storedIndex += 1
            }
        }
        let projects = MonitoringReview.evaluate(table, report: progress, month: round.month, settings: settings)
        let today = DisplayTime.isoDate(Int64(Date().timeIntervalSince1970 * 1000))
        let lateness = MonitoringReview.lateness(due: round.due, submittedOn: report.submittedAt.map(DisplayTime.isoDate), today: today,
                                                 department: key.department, settings: settings)
        return MonitoredReport(round: round, summary: summary, entry: entry, report: report, settings: settings, progress: progress,
                               versions: versions, places: places, projects: projects, orphans: orphans, lateness: lateness)
    }
}
