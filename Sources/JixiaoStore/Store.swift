import Foundation

/// Opens the repository a database URL names and brings its schema up to date:
/// `sqlite:PATH` (the embedded default, `sqlite:./jixiao.sqlite`) or
/// `postgres://user:password@host:port/database`.
public enum Store {
    public static let defaultURL = "sqlite:./jixiao.sqlite"

    /// The newest migration this program brings a database to.
    public static let schemaVersion = Schema.migrations.map(\.version).max() ?? 0

    public static func open(_ url: String, migrate: Bool = true) async throws -> any TableRepository {
        let repository: any TableRepository
        if url.hasPrefix("sqlite:") {
            var path = String(url.dropFirst("sqlite:".count))
            if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
            guard !path.isEmpty else { throw StoreError.badURL("\(url): no file after sqlite: (e.g. sqlite:./jixiao.sqlite)") }
            let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
            guard FileManager.default.fileExists(atPath: folder) else {
                throw StoreError.unreachable("\(url): the folder \(folder) does not exist")
            }
            repository = try SQLiteRepository(path: path)
        } else if url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") {
            guard let parsed = URL(string: url) else { throw StoreError.badURL("\(url): not a valid URL") }
            repository = try await PostgresRepository(url: parsed, label: redacted(url))
        } else {
            throw StoreError.badURL("\(redacted(url)): not a database URL (sqlite:PATH or postgres://user:password@host:port/database)")
        }
        if migrate { try await repository.migrate() }
        return repository
    }

    /// The URL with its password masked, for messages and logs.
    public static func redacted(_ url: String) -> String {
        guard var parts = URLComponents(string: url), parts.password != nil else { return url }
        parts.password = "***"
        return parts.string ?? url
    }
}
