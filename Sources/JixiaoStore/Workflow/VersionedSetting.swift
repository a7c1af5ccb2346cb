/// A setting kept as one row with its version (a fiscal year's review settings, a site setting
/// by name): saving inserts or replaces the row, moves its version on, and writes an audit
/// entry holding the value before and after — in one transaction.
enum VersionedSetting {
    /// `table` has `keyColumn`, `valueColumn`, `version`, `updated_by`, `updated_at`; the audit
    /// entry is `entity`/`entityID` with `before` and `after` as its JSON snapshots.
    static func save(_ runner: any SQLRunner, table: String, keyColumn: String, valueColumn: String, key: SQLValue, value: String,
                     entity: String, entityID: String, before: String?, after: String, actor: String) async throws {
        let now = AuditTime.now()
        _ = try await runner.transaction([
            SQLStatement("""
                INSERT INTO \(table) (\(keyColumn), \(valueColumn), version, updated_by, updated_at) VALUES (?, ?, 1, ?, ?)
                ON CONFLICT (\(keyColumn)) DO UPDATE SET \(valueColumn) = excluded.\(valueColumn), version = \(table).version + 1,
                  updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, [key, .text(value), .text(actor), .int(now)]),
            SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, 'update', ?, ?, CAST(? AS {json}), CAST(? AS {json}))",
                         [.int(now), .text(actor), .text(entity), .text(entityID), before.map(SQLValue.text) ?? .null, .text(after)]),
        ])
    }
}
