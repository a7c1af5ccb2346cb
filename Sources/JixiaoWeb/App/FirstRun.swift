import JixiaoStore

/// What `jixiao serve` does before it listens: with `demo`, or on a database without tables,
/// load the demo tables (and, with `demo`, one account per role whose password everyone
/// knows); on a database without accounts, create `admin` with a random password. Returns
/// what the person starting the server must read, line by line (the password only this once).
public enum FirstRun {
    public static func prepare(_ store: any TableRepository, demo: Bool, passwordCost: Int) async throws -> [String] {
        var lines: [String] = []
        let empty = try await store.listTables().isEmpty
        if demo || empty {
            let loaded = try await DemoData.load(into: store, accounts: demo, passwordCost: passwordCost)
            lines.append("演示数据已载入（\(loaded.tables.count) 张表）：")
            lines += loaded.tables.map { "  " + $0 }
            if !loaded.logins.isEmpty { lines.append("演示账号（密码均为 \(FirstAccounts.demoPassword)）：") }
            lines += loaded.logins.map { "  \($0.login)\t\($0.role.title)\($0.department.map { "（\($0)）" } ?? "")" }
        }
        if let first = try await FirstAccounts.ensureAdministrator(store.accounts, passwordCost: passwordCost) {
            lines.append("已创建管理员账号：\(first.login)，初始密码：\(first.password)（只显示这一次，请登录后在“我的账号”中修改）")
        }
        return lines
    }
}
