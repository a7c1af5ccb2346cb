import Foundation
import JixiaoCore

/// A table's shape as its department edits it: projects added to a unit, deleted, moved up
/// or down within it; spending units added, renamed, moved and (when empty) deleted. Every
/// change is one transaction with its audit entry; sums are recomputed and the table's
/// version moves on. Which tables may be edited, and by whom, is the caller's rule.
public struct StructureStore: Sendable {
    let runner: any SQLRunner

    public enum Direction: Sendable { case up, down }

    private static let tableOfUnit = "(SELECT table_id FROM spending_units WHERE id = ?)"

    /// The audit entry of a change; `id` may be `.returned(by:)` an insert of the same transaction.
    private func audit(_ actor: String, _ action: String, _ entity: String, _ id: SQLValue, _ before: String?, _ after: String?) -> SQLStatement {
        SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, ?, ?, CAST(? AS TEXT), CAST(? AS {json}), CAST(? AS {json}))",
                     [.int(AuditTime.now()), .text(actor), .text(action), .text(entity), id, before.map(SQLValue.text) ?? .null, after.map(SQLValue.text) ?? .null])
    }

    /// A spending unit as the audit log keeps it.
    private struct UnitSnapshot: Encodable { var name: String }

    private static func json(name: String) -> String { TableRows.json(UnitSnapshot(name: name)) }

    /// The table's spending units in order: id and name.
    public func units(department: String, year: Int) async throws -> [(id: Int64, name: String)] {
        try await runner.rows("""
            SELECT u.id, u.name FROM spending_units u JOIN budget_tables t ON t.id = u.table_id JOIN departments d ON d.id = t.department_id
            WHERE d.name = ? AND t.fiscal_year = ? ORDER BY u.position
            """, [.text(department), .int(Int64(year))]).map { (try $0.int(0), try $0.text(1)) }
    }

    /// The table's projects' ids, versions and units, in the table's order.
    func projectRows(department: String, year: Int) async throws -> [(id: Int64, version: Int, unitID: Int64, unit: String)] {
        try await runner.rows("""
            SELECT p.id, p.version, u.id, u.name FROM projects p JOIN spending_units u ON u.id = p.unit_id
            JOIN budget_tables t ON t.id = p.table_id JOIN departments d ON d.id = t.department_id
            WHERE d.name = ? AND t.fiscal_year = ? ORDER BY u.position, p.position
            """, [.text(department), .int(Int64(year))]).map { (try $0.int(0), Int(try $0.int(1)), try $0.int(2), try $0.text(3)) }
    }

    /// The department and fiscal year of the table a project is in (nil: no such project).
    public func table(ofProject id: Int64) async throws -> (department: String, year: Int)? {
        try await runner.rows("""
            SELECT d.name, t.fiscal_year FROM projects p JOIN budget_tables t ON t.id = p.table_id JOIN departments d ON d.id = t.department_id
            WHERE p.id = ?
            """, [.int(id)], prepared: true).first.map { (try $0.text(0), Int(try $0.int(1))) }
    }

    /// A new project, last in its unit, with no money and no indicators yet; returns its id.
    public func addProject(unitID: Int64, name: String, actor: String) async throws -> Int64 {
        let now = AuditTime.now()
        do {
            let rows = try await runner.transaction([
                SQLStatement("""
                    INSERT INTO projects (table_id, unit_id, position, name, total_fen, fiscal_fen, special_fen, other_fen, goal, updated_at)
                    SELECT u.table_id, u.id, (SELECT coalesce(max(position), -1) + 1 FROM projects WHERE table_id = u.table_id), ?, 0, 0, 0, 0, '', ?
                    FROM spending_units u WHERE u.id = ? RETURNING id
                    """, [.text(name), .int(now), .int(unitID)], required: true),
                SQLStatement("UPDATE budget_tables SET version = version + 1, updated_at = ? WHERE id = \(Self.tableOfUnit)", [.int(now), .int(unitID)]),
                // In the same transaction: a project is never there without its entry.
                audit(actor, "create", "project", .returned(by: 0), nil, TableRows.snapshot(Project(name: name, amounts: .zero, goal: "", indicators: []))),
            ])
            return try rows[0].firstInt()
        } catch is SQLRowMissing {
            throw StoreError.notFound("spending unit \(unitID)")
        }
    }

    /// Deletes a project read at `version` (its comments stay on the table, naming it).
    public func deleteProject(id: Int64, version: Int, before: Project, actor: String) async throws {
        // A project never changes unit or table: read them first, for the sums after.
        guard let owner = try await runner.rows("SELECT unit_id, table_id FROM projects WHERE id = ?", [.int(id)]).first else {
            throw StoreError.stale("这个项目已被他人删除，请刷新后再操作")
        }
        do {
            _ = try await runner.transaction([
                // The table's row first, as a save takes it: its sums are recomputed below (see
                // PostgresRepository.updateProject; on SQLite, where writers take turns anyway, a no-op).
                SQLStatement("UPDATE budget_tables SET updated_at = updated_at WHERE id = ?", [owner[1]]),
                SQLStatement("SELECT id FROM projects WHERE id = ? AND version = ?", [.int(id), .int(Int64(version))], required: true),
                SQLStatement("UPDATE review_comments SET project_id = NULL, body = '（关于已删除的项目“' || ? || '”）' || body WHERE project_id = ?", [.text(before.name), .int(id)]),
                SQLStatement("DELETE FROM indicators WHERE project_id = ?", [.int(id)]),
                SQLStatement("DELETE FROM projects WHERE id = ? RETURNING id", [.int(id)], required: true),
                SQLStatement(TableRows.recomputeUnit("id = ?"), [owner[0]]),
                SQLStatement(TableRows.recomputeTable("id = ?"), [.int(AuditTime.now()), owner[1]]),
                audit(actor, "delete", "project", .text("\(id)"), TableRows.snapshot(before), nil),
            ])
        } catch is SQLRowMissing {
            throw StoreError.stale("这个项目已被他人修改或删除，请刷新后再操作")
        }
    }

    /// Swaps a project with its neighbour in the unit.
    public func moveProject(id: Int64, _ direction: Direction, actor: String) async throws {
        guard let row = try await runner.rows("SELECT unit_id, position FROM projects WHERE id = ?", [.int(id)]).first else { throw StoreError.notFound("project \(id)") }
        let (unit, position) = (row[0], row[1])
        let neighbour = try await runner.rows(direction == .up
            ? "SELECT id, position FROM projects WHERE unit_id = ? AND position < ? ORDER BY position DESC LIMIT 1"
            : "SELECT id, position FROM projects WHERE unit_id = ? AND position > ? ORDER BY position LIMIT 1", [unit, position]).first
        guard let neighbour else { return } // already first or last
        try await swap("projects", (.int(id), position), (neighbour[0], neighbour[1]), actor: actor, entity: "project")
    }

    public func addUnit(department: String, year: Int, name: String, actor: String) async throws -> Int64 {
        let table = "(SELECT t.id FROM budget_tables t JOIN departments d ON d.id = t.department_id WHERE d.name = ? AND t.fiscal_year = ?)"
        do {
            let rows = try await runner.transaction([
                SQLStatement("""
                    INSERT INTO spending_units (table_id, position, name, total_fen, fiscal_fen, special_fen, other_fen)
                    SELECT t.id, (SELECT coalesce(max(position), -1) + 1 FROM spending_units WHERE table_id = t.id), ?, 0, 0, 0, 0
                    FROM budget_tables t WHERE t.id = \(table) RETURNING id
                    """, [.text(name), .text(department), .int(Int64(year))], required: true),
                // Every change of a table moves its version on: pages are kept per version (`ReviewedTables`).
                SQLStatement("UPDATE budget_tables SET version = version + 1, updated_at = ? WHERE id = \(table)", [.int(AuditTime.now()), .text(department), .int(Int64(year))]),
                audit(actor, "create", "spending_unit", .text("\(department)/\(year)"), nil, Self.json(name: name)),
            ])
            return try rows[0].firstInt()
        } catch is SQLRowMissing {
            throw StoreError.notFound("\(department)'s \(year) table")
        }
    }

    public func renameUnit(id: Int64, name: String, actor: String) async throws {
        do {
            _ = try await runner.transaction([
                SQLStatement("UPDATE spending_units SET name = ?, version = version + 1 WHERE id = ? RETURNING id", [.text(name), .int(id)], required: true),
                SQLStatement("UPDATE budget_tables SET version = version + 1, updated_at = ? WHERE id = \(Self.tableOfUnit)", [.int(AuditTime.now()), .int(id)]),
                audit(actor, "rename", "spending_unit", .text("\(id)"), nil, Self.json(name: name)),
            ])
        } catch is SQLRowMissing {
            throw StoreError.notFound("spending unit \(id)")
        }
    }

    /// Deletes a spending unit that has no projects left.
    public func deleteUnit(id: Int64, actor: String) async throws {
        do {
            _ = try await runner.transaction([
                SQLStatement("UPDATE budget_tables SET version = version + 1, updated_at = ? WHERE id = \(Self.tableOfUnit)", [.int(AuditTime.now()), .int(id)]),
                SQLStatement("DELETE FROM spending_units WHERE id = ? AND NOT EXISTS (SELECT 1 FROM projects WHERE unit_id = ?) RETURNING name", [.int(id), .int(id)], required: true),
                audit(actor, "delete", "spending_unit", .text("\(id)"), nil, nil),
            ])
        } catch is SQLRowMissing {
            throw StoreError.invalid("这个资金使用单位下还有项目：先删除或移走项目，再删除单位")
        }
    }

    public func moveUnit(id: Int64, _ direction: Direction, actor: String) async throws {
        guard let row = try await runner.rows("SELECT table_id, position FROM spending_units WHERE id = ?", [.int(id)]).first else { throw StoreError.notFound("spending unit \(id)") }
        let neighbour = try await runner.rows(direction == .up
            ? "SELECT id, position FROM spending_units WHERE table_id = ? AND position < ? ORDER BY position DESC LIMIT 1"
            : "SELECT id, position FROM spending_units WHERE table_id = ? AND position > ? ORDER BY position LIMIT 1", [row[0], row[1]]).first
        guard let neighbour else { return }
        try await swap("spending_units", (.int(id), row[1]), (neighbour[0], neighbour[1]), actor: actor, entity: "spending_unit")
    }

    /// Two rows exchange positions, each only if still where it was read.
    private func swap(_ table: String, _ a: (SQLValue, SQLValue), _ b: (SQLValue, SQLValue), actor: String, entity: String) async throws {
        do {
            _ = try await runner.transaction([
                SQLStatement("UPDATE \(table) SET position = ? WHERE id = ? AND position = ? RETURNING id", [b.1, a.0, a.1], required: true),
                SQLStatement("UPDATE \(table) SET position = ? WHERE id = ? AND position = ? RETURNING id", [a.1, b.0, b.1], required: true),
                SQLStatement("UPDATE budget_tables SET version = version + 1, updated_at = ? WHERE id = (SELECT table_id FROM \(table) WHERE id = ?)", [.int(AuditTime.now()), a.0]),
                audit(actor, "move", entity, .text("\(a.0.int ?? 0)"), nil, nil),
            ])
        } catch is SQLRowMissing {
            throw StoreError.stale("顺序已被他人调整，请刷新后再操作")
        }
    }
}
