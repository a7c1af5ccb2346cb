import Foundation
import JixiaoStore
import Testing

/// Accounts, departments, fiscal years, sessions and tokens on both databases (the same
/// statements run on each). Names carry a random suffix: the PostgreSQL database is shared.
@Suite(.serialized) struct AccountStoreTests {
    typealias Backend = RepositoryConformanceTests.Backend

    @Test(arguments: Backend.allCases) func accountsAreCreatedChangedAndAudited(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let accounts = store.accounts
        let tag = UUID().uuidString.prefix(8).lowercased()
        let department = try await accounts.createDepartment("测试局-\(tag)", actor: "admin")
        #expect(try await accounts.departments().contains { $0.id == department.id && $0.name == department.name && $0.users == 0 })
        await #expect(throws: StoreError.alreadyExists("部门“测试局-\(tag)”")) {
            _ = try await accounts.createDepartment("测试局-\(tag)", actor: "admin")
        }

        let fields = AccountFields(login: "clerk-\(tag)", displayName: "张三", role: .editor, departmentID: department.id)
        let clerk = try await accounts.createAccount(fields, passwordHash: "$2b$04$hash", actor: "admin")
        #expect(clerk.login == fields.login && clerk.department == department.name && clerk.role == .editor && !clerk.disabled)
        #expect(try await accounts.credentials(login: fields.login)?.passwordHash == "$2b$04$hash")
        #expect(try await accounts.credentials(login: "nobody-\(tag)") == nil)
        await #expect(throws: StoreError.alreadyExists("登录名“clerk-\(tag)”")) {
            _ = try await accounts.createAccount(fields, passwordHash: "x", actor: "admin")
        }
        // An editor without a department, or a reviewer with one, is refused before any SQL.
        await #expect(throws: StoreError.invalid("部门填报人员必须指定所属部门")) {
            _ = try await accounts.createAccount(AccountFields(login: "x-\(tag)", displayName: "x", role: .editor, departmentID: nil), passwordHash: "x", actor: "admin")
        }
        await #expect(throws: StoreError.invalid("登录名须为 1–64 个字母、数字或 . _ - @")) {
            _ = try await accounts.createAccount(AccountFields(login: "有 空格", displayName: "x", role: .admin, departmentID: nil), passwordHash: "x", actor: "admin")
        }

        // A session of the clerk's; disabling the account ends it.
        let key = "key-\(tag)"
        try await accounts.saveSession(keyHash: key, userID: clerk.id, data: "{\"user\":1}", expiresAt: Self.now + 60_000, keepExpiry: false, createOnly: true)
        #expect(try await accounts.session(keyHash: key)?.data == "{\"user\":1}")
        #expect(try await accounts.session(keyHash: key)?.account == clerk, "read with its account")
        var changed = fields
        changed.role = .reviewer
        changed.departmentID = nil
        changed.disabled = true
        let updated = try await accounts.updateAccount(id: clerk.id, changed, actor: "admin")
        #expect(updated.role == .reviewer && updated.department == nil && updated.disabled)
        #expect(try await accounts.session(keyHash: key) == nil)

        let log = Array(try await store.workflow.history(entity: "user", id: fields.login).reversed())
        #expect(log.map(\.record.action) == ["update", "create"])
        #expect(log[0].record.before?.contains("editor") == true && log[0].record.after?.contains("reviewer") == true)
        try await accounts.setPassword(id: clerk.id, hash: "$2b$04$other", actor: "admin")
        // This account's newest entry (other suites write to the shared PostgreSQL log meanwhile).
        let password = try #require(try await store.workflow.history(entity: "user", id: fields.login).last).record
        #expect(password.action == "password" && password.before == nil && password.after == nil)
        #expect(try await accounts.credentials(login: fields.login)?.passwordHash == "$2b$04$other")
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func sessionsExpireAndKeepTheirExpiryOnUpdate(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let accounts = store.accounts
        let key = "s-" + UUID().uuidString
        try await accounts.saveSession(keyHash: key, userID: nil, data: "a", expiresAt: Self.now + 60_000, keepExpiry: false, createOnly: true)
        let first = try #require(try await accounts.session(keyHash: key))
        await #expect(throws: StoreError.self) {
            try await accounts.saveSession(keyHash: key, userID: nil, data: "b", expiresAt: Self.now, keepExpiry: false, createOnly: true)
        }
        try await accounts.saveSession(keyHash: key, userID: nil, data: "b", expiresAt: Self.now + 1, keepExpiry: true, createOnly: false)
        #expect(try await accounts.session(keyHash: key)?.data == "b")
        #expect(try await accounts.session(keyHash: key)?.expiresAt == first.expiresAt)
        try await accounts.saveSession(keyHash: key, userID: nil, data: "c", expiresAt: Self.now - 1, keepExpiry: false, createOnly: false)
        #expect(try await accounts.session(keyHash: key) == nil)
        try await accounts.saveSession(keyHash: key, userID: nil, data: "d", expiresAt: Self.now + 60_000, keepExpiry: false, createOnly: true)
        try await accounts.deleteSession(keyHash: key)
        #expect(try await accounts.session(keyHash: key) == nil)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func tokensNameTheirAccountUntilRevoked(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        let accounts = store.accounts
        let tag = UUID().uuidString.prefix(8).lowercased()
        let reviewer = try await accounts.createAccount(AccountFields(login: "bot-\(tag)", displayName: "脚本", role: .reviewer, departmentID: nil),
                                                        passwordHash: "x", actor: "admin")
        let token = try await accounts.issueToken(name: "夜间导出", userID: reviewer.id, hash: "hash-\(tag)", actor: "admin")
        #expect(try await accounts.tokenAccount(hash: "hash-\(tag)")?.account.id == reviewer.id)
        #expect(try await accounts.tokenAccount(hash: "other-\(tag)") == nil)
        #expect(try await accounts.tokenAccount(hash: "hash-\(tag)")?.issuedBy == "admin")
        let listed = try #require(try await accounts.tokens().first { $0.id == token.id })
        #expect(listed.name == "夜间导出" && listed.login == reviewer.login && listed.lastUsedAt != nil && !listed.revoked)
        try await accounts.revokeToken(id: token.id, actor: "admin")
        #expect(try await accounts.tokenAccount(hash: "hash-\(tag)") == nil)
        #expect(try await accounts.tokens().first { $0.id == token.id }?.revoked == true)
        try await store.close()
    }

    @Test(arguments: Backend.allCases) func fiscalYearsOpenOnce(_ backend: Backend) async throws {
        guard let store = try await RepositoryConformanceTests.open(backend) else { return }
        // A year far from any a test imports, unique per run.
        let year = 3000 + Int.random(in: 0..<5000)
        try await store.accounts.openFiscalYear(year, actor: "admin")
        #expect(try await store.accounts.fiscalYears().contains { $0.year == year && $0.tables == 0 })
        await #expect(throws: StoreError.alreadyExists("\(year) 年度")) { try await store.accounts.openFiscalYear(year, actor: "admin") }
        try await store.close()
    }

    static var now: Int64 { Int64(Date().timeIntervalSince1970 * 1000) }
}
