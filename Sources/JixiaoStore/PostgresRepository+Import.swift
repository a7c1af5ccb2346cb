import Foundation
import JixiaoCore
import Logging
import PostgresNIO

/// Storing a table on PostgreSQL: its rows inserted in batches (ids returned in order), its
/// audit entry in the same transaction. Runs inside `commit`'s transaction.
extension PostgresRepository {
    static func importTable(_ table: BudgetTable, year: Int, replace: Bool, actor: String, _ db: PostgresConnection, _ logger: Logger) async throws {
        do {
            let now = AuditTime.now()
            try await db.query("INSERT INTO fiscal_years (year, opened_at) VALUES (\(year), \(now)) ON CONFLICT (year) DO NOTHING", logger: logger)
            try await db.query("INSERT INTO departments (name) VALUES (\(table.department)) ON CONFLICT (name) DO NOTHING", logger: logger)
            var departmentID: Int64 = 0
            for try await id in try await db.query("SELECT id FROM departments WHERE name = \(table.department)", logger: logger).decode(Int64.self) { departmentID = id }
            var before: String?
            var old: (Int64, Int, Int64?, Int64?, Int64?, Int64?, Int)?
            for try await row in try await db.query("""
                SELECT id, has_total, total_fen, fiscal_fen, special_fen, other_fen, version FROM budget_tables
                WHERE department_id = \(departmentID) AND fiscal_year = \(year) FOR UPDATE
                """, logger: logger).decode((Int64, Int, Int64?, Int64?, Int64?, Int64?, Int).self) { old = row }
            // A replaced table's version moves on from the old one's (see the SQLite repository).
            let version = (old?.6 ?? 0) + 1
            if let old {
                guard replace else { throw StoreError.alreadyStored(department: table.department, year: year) }
                var count = 0
                for try await n in try await db.query("SELECT count(*) FROM projects WHERE table_id = \(old.0)", logger: logger).decode(Int.self) { count = n }
                let total = old.1 == 1 ? TableRows.amounts([old.2 ?? 0, old.3 ?? 0, old.4 ?? 0, old.5 ?? 0]) : nil
                before = TableRows.snapshot((table.department, year, count, total))
                try await db.query("DELETE FROM budget_tables WHERE id = \(old.0)", logger: logger)
            }
            let heading = TableRows.heading(table)
            let total = heading.total.map(TableRows.fen)
            var tableID: Int64 = 0
            for try await id in try await db.query("""
                INSERT INTO budget_tables (department_id, fiscal_year, title, department_label, money_unit, stated_year,
                  has_total, total_fen, fiscal_fen, special_fen, other_fen, updated_at, version)
                VALUES (\(departmentID), \(year), \(heading.title), \(heading.departmentLabel), \(heading.moneyUnit), \(heading.statedYear),
                  \(total == nil ? 0 : 1), \(total?[0]), \(total?[1]), \(total?[2]), \(total?[3]), \(now), \(version)) RETURNING id
                """, logger: logger).decode(Int64.self) { tableID = id }

            // Units.
            let unitIDs = try await insertReturningIDs(db, logger, count: table.units.count) { range in
                let units = table.units[range]
                let f = units.map { TableRows.fen($0.amounts) }
                return """
                    INSERT INTO spending_units (table_id, position, name, total_fen, fiscal_fen, special_fen, other_fen)
                    SELECT \(tableID), * FROM UNNEST(\(Array(range))::bigint[], \(units.map(\.name))::text[], \(f.map { $0[0] })::bigint[],
                      \(f.map { $0[1] })::bigint[], \(f.map { $0[2] })::bigint[], \(f.map { $0[3] })::bigint[]) RETURNING id, position
                    """
            }
            // Projects, each with its unit's id.
            var projects: [(unitID: Int64, project: Project)] = []
            projects.reserveCapacity(table.projectCount)
            for (u, unit) in table.units.enumerated() { for project in unit.projects { projects.append((unitIDs[u], project)) } }
            let projectIDs = try await insertReturningIDs(db, logger, count: projects.count) { range in
                let batch = projects[range]
                let f = batch.map { TableRows.fen($0.project.amounts) }
                return """
                    INSERT INTO projects (table_id, unit_id, position, name, total_fen, fiscal_fen, special_fen, other_fen, goal, updated_at)
                    SELECT \(tableID), u, p, n, t, f, s, o, g, \(now) FROM UNNEST(\(batch.map(\.unitID))::bigint[], \(Array(range))::bigint[],
                      \(batch.map(\.project.name))::text[], \(f.map { $0[0] })::bigint[], \(f.map { $0[1] })::bigint[],
                      \(f.map { $0[2] })::bigint[], \(f.map { $0[3] })::bigint[], \(batch.map(\.project.goal))::text[])
                      AS x(u, p, n, t, f, s, o, g) RETURNING id, position
                    """
            }
            var indicators: [(Int64, Int, TableRows.IndicatorRow)] = []
            for (i, item) in projects.enumerated() {
                for (k, indicator) in item.project.indicators.enumerated() { indicators.append((projectIDs[i], k, TableRows.IndicatorRow(indicator))) }
            }
            try await insertIndicators(db, logger, tableID: tableID, indicators)
            let after = TableRows.snapshot((table.department, year, table.projectCount, table.total))
            try await insertAudit(db, logger, AuditRecord(actor: actor, action: before == nil ? "import" : "replace", entity: "table",
                                                               entityID: "\(table.department)/\(year)", before: before, after: after), at: now)
        }
    }

    static let batchSize = 20_000

    /// Runs the statement `make` gives for each batch of positions; returns the new ids
    /// indexed by position (RETURNING gives rows in no promised order, so positions map them).
    static func insertReturningIDs(_ db: PostgresConnection, _ logger: Logger, count: Int, _ make: (Range<Int>) -> PostgresQuery) async throws -> [Int64] {
        var ids = [Int64](repeating: 0, count: count)
        var start = 0
        while start < count {
            let range = start..<min(count, start + batchSize)
            for try await (id, position) in try await db.query(make(range), logger: logger).decode((Int64, Int).self) { ids[position] = id }
            start = range.upperBound
        }
        return ids
    }

    /// The rows in batches of `batchSize`, each one statement (`IndicatorArrays`).
    static func insertIndicators(_ db: PostgresConnection, _ logger: Logger, tableID: Int64, _ rows: [(Int64, Int, TableRows.IndicatorRow)]) async throws {
        let batches = stride(from: 0, to: rows.count, by: batchSize).map { rows[$0..<min(rows.count, $0 + batchSize)] }
        // The next batch is encoded on another core while the server inserts this one.
        var next = batches.first.map { batch in Task { indicatorInsert(tableID, batch) } }
        for index in batches.indices {
            let query = await next!.value
            next = index + 1 < batches.count ? Task { [batch = batches[index + 1]] in indicatorInsert(tableID, batch) } : nil
            try await db.query(query, logger: logger)
        }
    }

    /// One batch's INSERT: the project ids, positions and the indicator arrays, bound in that order.
    static func indicatorInsert(_ tableID: Int64, _ batch: ArraySlice<(Int64, Int, TableRows.IndicatorRow)>) -> PostgresQuery {
        var binds = PostgresBindings()
        binds.append(tableID)
        binds.append(batch.map(\.0))
        binds.append(batch.map { Int64($0.1) })
        IndicatorArrays.append(batch.map(\.2), to: &binds)
        let arrays = (["bigint[]", "bigint[]"] + IndicatorArrays.types).enumerated().map { "$\($0.offset + 2)::\($0.element)" }
        return PostgresQuery(unsafeSQL: IndicatorArrays.insert(projectID: "pid", tableID: "$1", from: "UNNEST(\(arrays.joined(separator: ", "))) AS x(pid, pos, \(IndicatorArrays.aliases))"),
                             binds: binds)
    }

    static func insertAudit(_ db: PostgresConnection, _ logger: Logger, _ record: AuditRecord, at: Int64) async throws {
        try await db.query("""
            INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state)
            VALUES (\(at), \(record.actor), \(record.action), \(record.entity), \(record.entityID), \(record.before)::jsonb, \(record.after)::jsonb)
            """, logger: logger)
    }
}
