import Foundation
import JixiaoCore
import JixiaoReview
import JixiaoStore
import NIOConcurrencyHelpers

/// A stored table as the signed-in pages and the API use it — the table, its projects' ids
/// and versions, its units, the review's findings and the parts of its page that do not
/// depend on who reads it — made once per version and kept. A page view then reads two
/// summaries instead of two tables and a review, and renders a small template around parts
/// already rendered (the 100-project page went from 28 to … requests a second).
///
/// The key is exact, never a time: the table's version (every change of a table moves it on,
/// a replaced table's too), the fiscal year's review settings' version, and the version of the
/// department's table of the year before (the review compares targets with it). A change made
/// by another server behind the same database shows at once, for the version is read from the
/// database on every request. The review runs on the first view after a save (or when a save
/// warms it, `warm`), not on every view.
///
/// A lock, not an actor, like `PublishedTables`; requests that miss at once share one making.
final class ReviewedTables: Sendable {
    struct Stamp: Hashable, Sendable {
        var version: Int
        var settings: Int
        var previous: Int?
    }

    final class Entry: Sendable {
        let stamp: Stamp
        let table: BudgetTable
        let stored: [StoredProject]
        let units: [(id: Int64, name: String)]
        /// The review's findings, errors first.
        let findings: [Finding]
        let counts: FindingCounts
        /// Rendered parts of the page, by name, made when first asked for.
        private let parts = NIOLockedValueBox<[String: String]>([:])
        /// Whole pages' contents by everything else they show (`Workspace.page`): the last few,
        /// for a reviewer's page, an administrator's and an editor's differ (and each after a
        /// step, with its notice), and each is some 3 KB a project.
        private let pages = NIOLockedValueBox<[(key: WorkspaceTablePage, content: CSRFSlots)]>([])
        static let pagesKept = 4

        init(stamp: Stamp, table: BudgetTable, stored: [StoredProject], units: [(id: Int64, name: String)], findings: [Finding]) {
            (self.stamp, self.table, self.stored, self.units) = (stamp, table, stored, units)
            self.findings = findings.sorted { $0.severity < $1.severity }
            counts = FindingCounts(findings)
        }

        func part(_ name: String, make: () throws -> String) rethrows -> String {
            if let made = parts.withLockedValue({ $0[name] }) { return made }
            let made = try make()
            parts.withLockedValue { $0[name] = made }
            return made
        }

        /// The page's content rendered from `page` (whose parts are this entry's), made once.
        func page(_ page: WorkspaceTablePage, make: () -> CSRFSlots) -> CSRFSlots {
            if let made = pages.withLockedValue({ $0.first { $0.key == page }?.content }) { return made }
            let made = make()
            pages.withLockedValue { pages in
                pages.removeAll { $0.key == page }
                pages.append((page, made))
                if pages.count > Self.pagesKept { pages.removeFirst() }
            }
            return made
        }

        /// What keeping it costs, roughly: its projects.
        var weight: Int { max(1, stored.count) }
    }

    private struct Key: Hashable {
        var department: String
        var year: Int
    }

    private struct State {
        var entries: [Key: (entry: Entry, used: Int)] = [:]
        var making: [Key: (stamp: Stamp, task: Task<(entry: Entry, current: Bool), any Error>)] = [:]
        /// Tables a save asked to be reviewed soon (`warm`).
        var warming: Set<Key> = []
        var clock = 0
        var weight = 0
    }

    let repository: any TableRepository
    let tables: PublishedTables
    /// How many projects the kept tables may have together (about 10 KB each with its parts, and
    /// 3 KB for each page kept);
    /// the least recently read table goes first. The newest is always kept.
    let capacity: Int
    private let state = NIOLockedValueBox(State())

    init(repository: any TableRepository, tables: PublishedTables, capacity: Int = 20_000) {
        (self.repository, self.tables, self.capacity) = (repository, tables, capacity)
    }

    /// The table `summary` describes (read just now), reviewed.
    func entry(_ summary: TableSummary) async throws -> Entry {
        try await entry(summary, previous: try await repository.summary(department: summary.department, year: summary.fiscalYear - 1))
    }

    /// A department's year as stored now and reviewed, nil if it has no table that year. One
    /// read finds both the table and the year before it (which the review compares with).
    func entry(department: String, year: Int) async throws -> (TableSummary, Entry)? {
        let years = try await repository.listTables(department: department, year: nil)
        guard let summary = years.first(where: { $0.fiscalYear == year }) else { return nil }
        return (summary, try await entry(summary, previous: years.first { $0.fiscalYear == year - 1 }))
    }

    private func entry(_ summary: TableSummary, previous: TableSummary?) async throws -> Entry {
        let key = Key(department: summary.department, year: summary.fiscalYear)
        let (settings, settingsVersion) = try await tables.reviewSettings(year: summary.fiscalYear)
        let stamp = Stamp(version: summary.version, settings: settingsVersion, previous: previous?.version)
        let task = state.withLockedValue { state -> Task<(entry: Entry, current: Bool), any Error>? in
            state.clock += 1
            if let kept = state.entries[key], kept.entry.stamp == stamp {
                state.entries[key]?.used = state.clock
                return nil
            }
            if let making = state.making[key], making.stamp == stamp { return making.task }
            let task = Task { try await self.make(summary, stamp, settings, previousExists: previous != nil) }
            state.making[key] = (stamp, task)
            return task
        }
        guard let task else {
            Monitoring.reviewedHits.increment()
            return state.withLockedValue { $0.entries[key]!.entry }
        }
        do {
            let (entry, current) = try await task.value
            keep(entry, key, current: current)
            return entry
        } catch {
            state.withLockedValue { state in if state.making[key]?.stamp == stamp { state.making[key] = nil } }
            throw error
        }
    }

    /// Makes the entry of a table just saved, a moment later, so that the next view finds it
    /// made: saves in a burst review once when they pause (or every `settle` while they go on),
    /// not once each.
    func warm(department: String, year: Int, settle: Duration = .milliseconds(250)) {
        let key = Key(department: department, year: year)
        guard state.withLockedValue({ state in state.warming.insert(key).inserted }) else { return }
        Task {
            try? await Task.sleep(for: settle)
            state.withLockedValue { _ = $0.warming.remove(key) }
            guard let summary = try? await repository.summary(department: department, year: year) else { return }
            _ = try? await entry(summary)
        }
    }

    /// The entry, and whether the table is still at the version it was made for.
    private func make(_ summary: TableSummary, _ stamp: Stamp, _ settings: ReviewSettings, previousExists: Bool) async throws -> (entry: Entry, current: Bool) {
        let (department, year) = (summary.department, summary.fiscalYear)
        guard let table = try await repository.loadTable(department: department, year: year) else {
            throw StoreError.notFound("\(department)'s \(year) table")
        }
        let previous = previousExists ? try await repository.loadTable(department: department, year: year - 1) : nil
        let stored = try await repository.projects(of: table, department: department, year: year)
        let units = try await repository.structure.units(department: department, year: year)
        Monitoring.reviewedMade.increment()
        let entry = Entry(stamp: stamp, table: table, stored: stored, units: units,
                          findings: Review.run(table, settings: settings, previousYear: previous))
        // Read in several statements: only if the version did not move meanwhile is it all of one version.
        let current = try await repository.summary(department: department, year: year)?.version == stamp.version
        return (entry, current)
    }

    /// Keeps `entry` if what it was made from is still what is stored (a save between reading
    /// the version and reading the table made it of a newer one: answered, not kept).
    private func keep(_ entry: Entry, _ key: Key, current: Bool) {
        state.withLockedValue { state in
            guard let making = state.making[key], making.stamp == entry.stamp else { return }
            state.making[key] = nil
            guard current else { return }
            if let old = state.entries[key] { state.weight -= old.entry.weight }
            state.entries[key] = (entry, state.clock)
            state.weight += entry.weight
            while state.weight > capacity, state.entries.count > 1,
                  let oldest = state.entries.filter({ $0.key != key }).min(by: { $0.value.used < $1.value.used }) {
                state.entries[oldest.key] = nil
                state.weight -= oldest.value.entry.weight
            }
        }
    }
}
