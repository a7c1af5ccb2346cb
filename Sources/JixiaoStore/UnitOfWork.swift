import JixiaoCore

/// One business operation's writes, committed whole or not at all (`TableRepository.commit`):
/// an upload replaces a table's content, puts the review's comments back and returns the
/// table to the state it was in — three writes that must not be seen one without the others.
/// The steps are gathered first and run in order in one transaction, because SQLite's (GRDB's)
/// transactions take synchronous work; each step writes its own audit entry in the same
/// transaction.
public struct UnitOfWork: Sendable {
    enum Step: Sendable {
        case importTables([(table: BudgetTable, year: Int)], replace: Bool, actor: String)
        case statements([SQLStatement])
    }

    private(set) var steps: [Step] = []

    public init() {}

    public var isEmpty: Bool { steps.isEmpty }

    /// Stores `table` as its department's table for `year` (as `TableRepository.importTable`).
    public mutating func importTable(_ table: BudgetTable, year: Int, replace: Bool, actor: String) {
        importTables([(table, year)], replace: replace, actor: actor)
    }

    /// Several tables (a file's sheets).
    public mutating func importTables(_ tables: [(table: BudgetTable, year: Int)], replace: Bool, actor: String) {
        steps.append(.importTables(tables, replace: replace, actor: actor))
    }

    /// Moves the table to `state` whatever it is in now, with its audit entry (the workflow's
    /// rules are the caller's; compare-and-set transitions are `WorkflowStore.transition`).
    public mutating func setState(department: String, year: Int, _ state: WorkflowState, actor: String) {
        let table = WorkflowStore.tableID
        let key: [SQLValue] = [.text(department), .int(Int64(year))]
        let now = AuditTime.now()
        append([
            // The entry first: it reads the state the table leaves.
            SQLStatement("""
                INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state)
                SELECT ?, ?, 'state', 'table', ?, CAST('{"state":"' || state || '"}' AS {json}), CAST(? AS {json}) FROM budget_tables WHERE id = \(table) RETURNING id
                """, [.int(now), .text(actor), .text("\(department)/\(year)"), .text("{\"state\":\"\(state.rawValue)\"}")] + key, required: true),
            SQLStatement("UPDATE budget_tables SET state = ?, version = version + 1, updated_at = ? WHERE id = \(table) RETURNING version",
                         [.text(state.rawValue), .int(now)] + key, required: true),
        ])
    }

    /// The work goes ahead only if the table is still at `state` and `version` (what the person
    /// acted on, read before a long upload's body): an UPDATE that changes nothing, so that it
    /// also holds the table's row until the transaction ends. Put it first.
    public mutating func require(department: String, year: Int, state: WorkflowState, version: Int) {
        append([SQLStatement("UPDATE budget_tables SET updated_at = updated_at WHERE id = \(WorkflowStore.tableID) AND state = ? AND version = ? RETURNING id",
                             [.text(department), .int(Int64(year)), .text(state.rawValue), .int(Int64(version))], required: true)])
    }

    mutating func append(_ statements: [SQLStatement]) {
        guard !statements.isEmpty else { return }
        steps.append(.statements(statements))
    }
}

extension StoreError {
    /// A step that had to find its row (the table named) found none: nothing was kept.
    public static let unitOfWorkMissedARow = StoreError.stale("保存未完成：要修改的表已不存在或已被他人改动，所有修改均未保存，请刷新后重试")
}
