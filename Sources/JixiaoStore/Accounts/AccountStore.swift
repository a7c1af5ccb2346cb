import Foundation

/// People, departments, fiscal years, sessions and API tokens, in either database: one set of
/// statements run through the repository's `SQLRunner`. Every change an administrator makes
/// is written to the audit log in the same transaction (passwords never: only that one was set).
public struct AccountStore: Sendable {
    let runner: any SQLRunner

    // MARK: Departments and fiscal years

    public func departments() async throws -> [Department] {
        try await runner.rows("""
            SELECT d.id, d.name, (SELECT count(*) FROM budget_tables t WHERE t.department_id = d.id),
              (SELECT count(*) FROM users u WHERE u.department_id = d.id) FROM departments d ORDER BY d.name
            """).map { Department(id: try $0.int(0), name: try $0.text(1), tables: Int(try $0.int(2)), users: Int(try $0.int(3))) }
    }

    public func createDepartment(_ name: String, actor: String) async throws -> Department {
        let results = try await named("部门“\(name)”") {
            try await runner.transaction([
                SQLStatement("INSERT INTO departments (name) VALUES (?) RETURNING id", [.text(name)]),
                audit(actor, "create", "department", name, before: nil, after: ["name": name]),
            ])
        }
        return Department(id: try results[0].firstInt(), name: name, tables: 0, users: 0)
    }

    public func fiscalYears() async throws -> [FiscalYear] {
        try await runner.rows("""
            SELECT y.year, y.opened_at, (SELECT count(*) FROM budget_tables t WHERE t.fiscal_year = y.year) FROM fiscal_years y ORDER BY y.year DESC
            """).map { FiscalYear(year: Int(try $0.int(0)), openedAt: try $0.int(1), tables: Int(try $0.int(2))) }
    }

    public func openFiscalYear(_ year: Int, actor: String) async throws {
        _ = try await named("\(year) 年度") {
            try await runner.transaction([
                SQLStatement("INSERT INTO fiscal_years (year, opened_at) VALUES (?, ?)", [.int(Int64(year)), .int(AuditTime.now())]),
                audit(actor, "open", "fiscal_year", "\(year)", before: nil, after: ["year": "\(year)"]),
            ])
        }
    }

    // MARK: Accounts

    /// What `account(_:)` reads, in its order, and where from (`users u`, its department `d`).
    private static let accountSelect = "SELECT u.id, u.login, u.display_name, u.role, u.department_id, d.name, u.disabled, u.password_hash, u.email"
    private static let accountFrom = "FROM users u LEFT JOIN departments d ON d.id = u.department_id"
    private static let accountColumns = accountSelect + " " + accountFrom

    private static func account(_ row: [SQLValue]) throws -> Account {
        try Account(id: row.int(0), login: row.text(1), displayName: row.text(2), role: Role(rawValue: row.text(3)) ?? .editor,
                departmentID: row[4].int, department: row[5].text, disabled: row[6].int != 0, email: row[8].text)
    }

    public func accounts() async throws -> [Account] {
        try await runner.rows(Self.accountColumns + " ORDER BY u.role, u.login").map(Self.account)
    }

    public func account(id: Int64) async throws -> Account? {
        try await runner.rows(Self.accountColumns + " WHERE u.id = ?", [.int(id)], prepared: true).first.map(Self.account)
    }

    /// The account and its password hash, for signing in.
    public func credentials(login: String) async throws -> (account: Account, passwordHash: String)? {
        try await runner.rows(Self.accountColumns + " WHERE u.login = ?", [.text(login)]).first.map { (try Self.account($0), try $0.text(7)) }
    }

    public func accountCount() async throws -> Int {
        Int(try await runner.rows("SELECT count(*) FROM users").firstInt())
    }

    public func createAccount(_ fields: AccountFields, passwordHash: String, actor: String) async throws -> Account {
        if let problem = fields.problem { throw StoreError.invalid(problem) }
        let results = try await named("登录名“\(fields.login)”") {
            try await runner.transaction([
                SQLStatement("INSERT INTO users (login, display_name, password_hash, role, department_id, disabled, email) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                             [.text(fields.login), .text(fields.displayName), .text(passwordHash), .text(fields.role.rawValue),
                              fields.departmentID.map(SQLValue.int) ?? .null, .int(fields.disabled ? 1 : 0), fields.email.map(SQLValue.text) ?? .null]),
                audit(actor, "create", "user", fields.login, before: nil, after: Self.snapshot(fields)),
            ])
        }
        guard let account = try await account(id: results[0].firstInt()) else { throw StoreError.notFound("the new account") }
        return account
    }

    /// Saves role, department, name and whether the account is disabled. Disabling an
    /// account ends its sessions in the same transaction.
    public func updateAccount(id: Int64, _ fields: AccountFields, actor: String) async throws -> Account {
        if let problem = fields.problem { throw StoreError.invalid(problem) }
        guard let old = try await account(id: id) else { throw StoreError.notFound("account \(id)") }
        let before = Self.snapshot(AccountFields(login: old.login, displayName: old.displayName, role: old.role, departmentID: old.departmentID,
                                                 disabled: old.disabled, email: old.email))
        var statements = [
            SQLStatement("UPDATE users SET login = ?, display_name = ?, role = ?, department_id = ?, disabled = ?, email = ?, version = version + 1 WHERE id = ?",
                         [.text(fields.login), .text(fields.displayName), .text(fields.role.rawValue),
                          fields.departmentID.map(SQLValue.int) ?? .null, .int(fields.disabled ? 1 : 0), fields.email.map(SQLValue.text) ?? .null, .int(id)]),
            audit(actor, "update", "user", fields.login, before: before, after: Self.snapshot(fields)),
        ]
        if fields.disabled { statements.append(SQLStatement("DELETE FROM sessions WHERE user_id = ?", [.int(id)])) }
        _ = try await named("登录名“\(fields.login)”") { try await runner.transaction(statements) }
        guard let account = try await account(id: id) else { throw StoreError.notFound("account \(id)") }
        return account
    }

    /// Sets a new password hash and ends every session of the account.
    public func setPassword(id: Int64, hash: String, actor: String) async throws {
        guard let old = try await account(id: id) else { throw StoreError.notFound("account \(id)") }
        _ = try await runner.transaction([
            SQLStatement("UPDATE users SET password_hash = ?, version = version + 1 WHERE id = ?", [.text(hash), .int(id)]),
            SQLStatement("DELETE FROM sessions WHERE user_id = ?", [.int(id)]),
            audit(actor, "password", "user", old.login, before: nil, after: nil),
        ])
    }

    private static func snapshot(_ fields: AccountFields) -> [String: String] {
        var snapshot = ["login": fields.login, "display_name": fields.displayName, "role": fields.role.rawValue, "disabled": fields.disabled ? "true" : "false"]
        if let department = fields.departmentID { snapshot["department_id"] = "\(department)" }
        if let email = fields.email { snapshot["email"] = email }
        return snapshot
    }

    // MARK: Sessions

    /// Stores a session under the hash of its key. `expiresAt` nil keeps an existing
    /// session's expiry; `createOnly` refuses a key already there.
    public func saveSession(keyHash: String, userID: Int64?, data: String, expiresAt: Int64, keepExpiry: Bool, createOnly: Bool) async throws {
        let insert = "INSERT INTO sessions (key_hash, user_id, data, expires_at) VALUES (?, ?, ?, ?)"
        let upsert = insert + " ON CONFLICT (key_hash) DO UPDATE SET user_id = excluded.user_id, data = excluded.data"
            + (keepExpiry ? "" : ", expires_at = excluded.expires_at")
        _ = try await runner.transaction([
            SQLStatement(createOnly ? insert : upsert, [.text(keyHash), userID.map(SQLValue.int) ?? .null, .text(data), .int(expiresAt)]),
        ])
    }

    /// A live session's data and expiry (milliseconds); expired sessions are deleted.
    /// A session, and the account it is of (nil if there is none), in one read: every signed-in
    /// request makes it, and asks for the account next.
    public func session(keyHash: String) async throws -> (data: String, expiresAt: Int64, account: Account?)? {
        let now = AuditTime.now()
        guard let row = try await runner.rows("""
            \(Self.accountSelect), s.data, s.expires_at FROM sessions s
            LEFT JOIN users u ON u.id = s.user_id LEFT JOIN departments d ON d.id = u.department_id WHERE s.key_hash = ?
            """, [.text(keyHash)], prepared: true).first else { return nil }
        guard try row.int(10) > now else {
            _ = try await runner.transaction([SQLStatement("DELETE FROM sessions WHERE expires_at <= ?", [.int(now)])])
            return nil
        }
        return (try row.text(9), try row.int(10), row[0].int == nil ? nil : try Self.account(row))
    }

    public func deleteSession(keyHash: String) async throws {
        _ = try await runner.rows("DELETE FROM sessions WHERE key_hash = ?", [.text(keyHash)])
    }

    // MARK: API tokens

    public func issueToken(name: String, userID: Int64, hash: String, actor: String) async throws -> APIToken {
        guard let owner = try await account(id: userID) else { throw StoreError.notFound("account \(userID)") }
        let now = AuditTime.now()
        let results = try await runner.transaction([
            SQLStatement("INSERT INTO api_tokens (token_hash, user_id, created_at, name, issued_by) VALUES (?, ?, ?, ?, ?) RETURNING id",
                         [.text(hash), .int(userID), .int(now), .text(name), .text(actor)]),
            audit(actor, "issue", "api_token", owner.login, before: nil, after: ["name": name, "login": owner.login]),
        ])
        return APIToken(id: try results[0].firstInt(), name: name, login: owner.login, createdAt: now, lastUsedAt: nil, revoked: false, issuedBy: actor)
    }

    public func tokens() async throws -> [APIToken] {
        try await runner.rows("""
            SELECT t.id, t.name, u.login, t.created_at, t.last_used_at, t.revoked_at, t.issued_by FROM api_tokens t JOIN users u ON u.id = t.user_id
            ORDER BY t.id DESC
            """).map { APIToken(id: try $0.int(0), name: try $0.text(1), login: try $0.text(2), createdAt: try $0.int(3), lastUsedAt: $0[4].int, revoked: $0[5].int != nil,
                                issuedBy: $0[6].text) }
    }

    /// The account a live token belongs to, and who issued the token (nil for tokens issued
    /// before that was recorded); nil for an unknown or revoked token. Notes the use at most
    /// once a minute, so that scripts polling the API do not write on every call; the note is
    /// bookkeeping, and a database that cannot take it now (a locked SQLite file) does not fail
    /// the call.
    public func tokenAccount(hash: String) async throws -> (account: Account, issuedBy: String?)? {
        // One read for the token and its account: every API call makes it.
        guard let row = try await runner.rows("""
            \(Self.accountSelect), t.id, t.issued_by, t.last_used_at \(Self.accountFrom) JOIN api_tokens t ON t.user_id = u.id
            WHERE t.token_hash = ? AND t.revoked_at IS NULL
            """, [.text(hash)], prepared: true).first else { return nil }
        let now = AuditTime.now()
        if (row[11].int ?? 0) < now - 60_000 {
            _ = try? await runner.rows("UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND (last_used_at IS NULL OR last_used_at < ?)",
                                       [.int(now), row[9], .int(now - 60_000)])
        }
        return (try Self.account(row), row[10].text)
    }

    public func revokeToken(id: Int64, actor: String) async throws {
        _ = try await runner.transaction([
            SQLStatement("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", [.int(AuditTime.now()), .int(id)]),
            audit(actor, "revoke", "api_token", "\(id)", before: nil, after: nil),
        ])
    }

    // MARK: Helpers

    private func audit(_ actor: String, _ action: String, _ entity: String, _ id: String, before: [String: String]?, after: [String: String]?) -> SQLStatement {
        func json(_ object: [String: String]?) -> SQLValue {
            object.map { .text(TableRows.json($0)) } ?? .null
        }
        return SQLStatement("INSERT INTO audit_log (at, actor, action, entity, entity_id, before_state, after_state) VALUES (?, ?, ?, ?, ?, CAST(? AS {json}), CAST(? AS {json}))",
                            [.int(AuditTime.now()), .text(actor), .text(action), .text(entity), .text(id), json(before), json(after)])
    }

    /// A taken unique name as an error that says which name.
    private func named<T>(_ what: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch StoreError.alreadyExists {
            throw StoreError.alreadyExists(what)
        }
    }
}
