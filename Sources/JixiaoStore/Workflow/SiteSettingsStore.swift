import Foundation

/// Settings of the whole site, one row a setting (`publishing`: who takes the 公开 step),
/// each save audited with the value before and after.
public struct SiteSettingsStore: Sendable {
    let runner: any SQLRunner

    /// Every saved setting by name; a setting never saved is absent (its default applies).
    public func all() async throws -> [String: String] {
        var values: [String: String] = [:]
        for row in try await runner.rows("SELECT name, value FROM site_settings") { values[try row.text(0)] = try row.text(1) }
        return values
    }

    public func save(_ name: String, _ value: String, actor: String) async throws {
        let before = try await all()[name]
        let now = AuditTime.now()
        _ = try await runner.transaction([
            SQLStatement("""
                INSERT INTO site_settings (name, value, version, updated_by, updated_at) VALUES (?, ?, 1, ?, ?)
                ON CONFLICT (name) DO UPDATE SET value = excluded.value, version = site_settings.version + 1,
                  updated_by = excluded.updated_by, updated_at = excluded.updated_at
                """, [.text(name), .text(value), .text(actor), .int(now)]),
            SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, 'update', 'site_setting', ?, CAST(? AS {json}), CAST(? AS {json}))",
                         [.int(now), .text(actor), .text(name), before.map { .text(TableRows.json([name: $0])) } ?? .null, .text(TableRows.json([name: value]))]),
        ])
    }
}
