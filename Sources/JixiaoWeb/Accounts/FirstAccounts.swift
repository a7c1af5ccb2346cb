import JixiaoStore

/// The accounts a new installation starts with. A database without any account gets an
/// administrator with a random password, shown once by `jixiao serve`; the demo gets one
/// account per role with a password everyone knows.
public enum FirstAccounts {
    public struct Login: Sendable {
        public var login: String
        public var password: String
        public var role: Role
        public var department: String?
    }

    /// Creates `admin` with a random password if there is no account at all.
    public static func ensureAdministrator(_ accounts: AccountStore, passwordCost: Int = 12) async throws -> Login? {
        guard try await accounts.accountCount() == 0 else { return nil }
        let password = String(Secrets.random().prefix(16))
        _ = try await accounts.createAccount(AccountFields(login: "admin", displayName: "系统管理员", role: .admin, departmentID: nil),
                                             passwordHash: try await Passwords.hash(password, cost: passwordCost), actor: "jixiao")
        return Login(login: "admin", password: password, role: .admin)
    }

    public static let demoPassword = "jixiao-demo"

    /// One account per role for the demo (created if missing, else reset to the demo password):
    /// an administrator, a reviewer, a publisher (信息公开), and an editor for each of the given departments.
    public static func demo(_ accounts: AccountStore, editorsOf departments: [String], passwordCost: Int = 12) async throws -> [Login] {
        let ids = Dictionary(try await accounts.departments().map { ($0.name, $0.id) }, uniquingKeysWith: { a, _ in a })
        var wanted = [
            (AccountFields(login: "admin", displayName: "系统管理员", role: .admin, departmentID: nil), nil as String?),
            (AccountFields(login: "reviewer", displayName: "财政局审核员", role: .reviewer, departmentID: nil), nil),
            (AccountFields(login: "publisher", displayName: "财政局信息公开专员", role: .publisher, departmentID: nil), nil),
        ]
        for (i, department) in departments.enumerated() {
            guard let id = ids[department] else { continue }
            let names = ["陈晓明", "李华", "王芳", "赵磊", "刘洋"]
            wanted.append((AccountFields(login: "editor\(i + 1)", displayName: names[i % names.count], role: .editor, departmentID: id), department))
        }
        let hash = try await Passwords.hash(demoPassword, cost: passwordCost)
        var logins: [Login] = []
        for (fields, department) in wanted {
            if let existing = try await accounts.credentials(login: fields.login)?.account {
                _ = try await accounts.updateAccount(id: existing.id, fields, actor: "demo")
                try await accounts.setPassword(id: existing.id, hash: hash, actor: "demo")
            } else {
                _ = try await accounts.createAccount(fields, passwordHash: hash, actor: "demo")
            }
            logins.append(Login(login: fields.login, password: demoPassword, role: fields.role, department: department))
        }
        return logins
    }
}
