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
        try await VersionedSetting.save(runner, table: "site_settings", keyColumn: "name", valueColumn: "value", key: .text(name), value: value,
                                        entity: "site_setting", entityID: name, before: try await all()[name].map { TableRows.json([name: $0]) },
                                        after: TableRows.json([name: value]), actor: actor)
    }
}
