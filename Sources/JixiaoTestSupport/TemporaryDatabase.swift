import Foundation
import JixiaoStore

/// The two databases the tests run on: SQLite in a fresh temporary file, and the PostgreSQL
/// that `.ci/run` starts (`JIXIAO_TEST_POSTGRES_URL`). Without that variable PostgreSQL tests
/// are skipped on a developer's machine, and fail under `CI=true`, where they must run.
public enum Backend: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres
    public var description: String { rawValue }
}

public enum TemporaryDatabase {
    public struct PostgresRequired: Error, CustomStringConvertible {
        public var description: String { "CI=true but JIXIAO_TEST_POSTGRES_URL is not set: the PostgreSQL run must happen" }
    }

    /// A `sqlite:` URL of a new file under the temporary directory.
    public static func sqliteURL(_ label: String = "test") -> String {
        "sqlite:" + FileManager.default.temporaryDirectory.appendingPathComponent("jixiao-\(label)-\(UUID().uuidString).sqlite").path
    }

    /// The database's URL; nil when PostgreSQL is not configured outside CI.
    public static func url(_ backend: Backend) throws -> String? {
        switch backend {
        case .sqlite: return sqliteURL()
        case .postgres:
            let environment = ProcessInfo.processInfo.environment
            if let url = environment["JIXIAO_TEST_POSTGRES_URL"] { return url }
            if environment["CI"] == "true" { throw PostgresRequired() }
            return nil
        }
    }

    /// A database of its own on the test server, made with `createdb` (the demo's departments
    /// and accounts would collide with other suites' in the shared one); its URL, or nil
    /// when PostgreSQL is skipped. On SQLite, a new file.
    public static func fresh(_ backend: Backend) throws -> String? {
        guard let url = try url(backend) else { return nil }
        guard backend == .postgres, var parts = URLComponents(string: url) else { return url }
        let name = "jixiao_t_" + UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: "")
        let created = try ProcessRunner.run("/usr/bin/env", ["createdb", "-h", parts.host ?? "127.0.0.1", "-p", "\(parts.port ?? 5432)", "-U", parts.user ?? "postgres", name])
        guard created.status == 0 else { throw CreateFailed(name: name, message: created.stderr) }
        parts.path = "/" + name
        return parts.string
    }

    public struct CreateFailed: Error, CustomStringConvertible {
        var name: String
        var message: String
        public var description: String { "createdb \(name) failed: \(message)" }
    }

    /// An opened, migrated repository on `backend`; nil when PostgreSQL is skipped.
    public static func open(_ backend: Backend) async throws -> (any TableRepository)? {
        guard let url = try url(backend) else { return nil }
        return try await Store.open(url)
    }
}
