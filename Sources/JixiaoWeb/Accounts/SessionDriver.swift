import Foundation
import Hummingbird
import JixiaoStore

/// hummingbird-auth's session storage on the Jixiao database, so sessions survive a restart
/// and are shared by every server of a PostgreSQL installation. Keys are stored as SHA-256
/// hashes: whoever reads the database cannot sign in with what they read.
struct SessionDriver: PersistDriver {
    let accounts: AccountStore
    /// Used when a value is stored without an expiry.
    static let defaultLifetime = Duration.seconds(8 * 3600)

    func create<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        do {
            try await save(key, value, expires, createOnly: true)
        } catch StoreError.alreadyExists {
            throw PersistError.duplicate
        }
    }

    func set<Object: Codable & Sendable>(key: String, value: Object, expires: Duration?) async throws {
        try await save(key, value, expires, createOnly: false)
    }

    func get<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> Object? {
        try await getWithTTL(key: key, as: type)?.object
    }

    func getWithTTL<Object: Codable & Sendable>(key: String, as type: Object.Type) async throws -> (object: Object, ttl: Duration?)? {
        guard let stored = try await accounts.session(keyHash: Secrets.hash(key)) else { return nil }
        guard var object = try? JSONDecoder().decode(type, from: Data(stored.data.utf8)) else { throw PersistError.invalidConversion }
        if var session = object as? WebSession, let account = stored.account, account.id == session.userID {
            session.account = account
            if let typed = session as? Object { object = typed }
        }
        return (object, .milliseconds(stored.expiresAt - Self.now))
    }

    func remove(key: String) async throws {
        try await accounts.deleteSession(keyHash: Secrets.hash(key))
    }

    private func save<Object: Codable & Sendable>(_ key: String, _ value: Object, _ expires: Duration?, createOnly: Bool) async throws {
        let data = String(decoding: try JSONEncoder().encode(value), as: UTF8.self)
        let lifetime = expires ?? Self.defaultLifetime
        let expiresAt = Self.now + lifetime.components.seconds * 1000
        try await accounts.saveSession(keyHash: Secrets.hash(key), userID: (value as? WebSession)?.userID, data: data,
                                       expiresAt: expiresAt, keepExpiry: expires == nil, createOnly: createOnly)
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
