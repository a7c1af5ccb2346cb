import Foundation
import JixiaoCore
import JixiaoFormats
import JixiaoStore

/// A whole fiscal year in one file (`BulkFormat`), read from the database a table at a time:
/// `jixiao export --year 2025 --all OUT` and the site's `/bulk/{year}.csv` share it.
public enum BulkExport {
    public enum Scope: Sendable {
        /// Every stored table of the year, in whatever state (an administrator's export).
        case stored
        /// What the public reads: each department's newest publication (a table being
        /// corrected as it was published), no draft.
        case published
    }

    public struct Written: Sendable, Equatable {
        public var tables: Int
        public var projects: Int
    }

    /// The tables `scope` takes of `year`, by department.
    public static func summaries(year: Int, scope: Scope, repository: any TableRepository) async throws -> [TableSummary] {
        let stored = try await repository.listTables(department: nil, year: year)
        let chosen: [TableSummary]
        switch scope {
        case .stored:
            chosen = stored
        case .published:
            let publications = try await repository.publications.all().filter { $0.summary.fiscalYear == year }
            chosen = PublishedTables.current(stored: stored, publications: publications).byName.values.compactMap { $0[year] }
        }
        // Sorted here, not by the database: PostgreSQL's collation and SQLite's order Chinese
        // names differently, and the same year must give the same file on both.
        return chosen.sorted { $0.department < $1.department }
    }

    /// Writes `summaries`' tables to `path` in `format`, each loaded, written and let go.
    public static func write(_ summaries: [TableSummary], scope: Scope, repository: any TableRepository,
                             to path: String, format: BulkFormat) async throws -> Written {
        let writer = try BulkWriter(path, format: format)
        do {
            for summary in summaries {
                let table: BudgetTable?
                switch scope {
                case .stored: table = try await repository.loadTable(department: summary.department, year: summary.fiscalYear)
                case .published: table = try await PublishedTables.load(summary, repository)
                }
                // Gone since the list was read (replaced, withdrawn): the file says what is there now.
                guard let table else { continue }
                try writer.append(table)
            }
            try writer.finish()
        } catch {
            writer.abandon()
            throw error
        }
        return Written(tables: writer.tableCount, projects: writer.projectCount)
    }
}
