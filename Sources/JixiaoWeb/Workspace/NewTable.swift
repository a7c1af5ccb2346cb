import Foundation
import Hummingbird
import JixiaoCore
import JixiaoStore

/// 新建本年度表: once the administrator opens a fiscal year, a department's editor starts the
/// department's table for it — blank (one spending unit named for the department, to rename
/// and fill), or copied from its latest earlier table: the same units and continuing projects
/// with their goals and indicators, the amounts empty (a new year's money is decided anew).
/// The review then marks each target carried over unchanged (`CARRIED-OVER`) for a look.
struct NewTableForm: Decodable {
    enum Start: String, Decodable { case blank, copy }
    var start: Start
}

extension Workspace {
    /// The years this editor's department has been opened but has no table in, and the
    /// earlier year each could be copied from.
    func startable(_ account: Account) async throws -> [WorkspacePage.Startable] {
        guard account.role == .editor, !account.disabled, let department = account.department else { return [] }
        let have = try await repository.listTables(department: department, year: nil).map(\.fiscalYear)
        return try await repository.accounts.fiscalYears().map(\.year).filter { !have.contains($0) }.sorted(by: >).map { year in
            let key = SiteURL.TableKey(year: year, department: department)
            return WorkspacePage.Startable(year: year, action: SiteURL.newTable(key).path, copyFrom: have.filter { $0 < year }.max())
        }
    }

    func newTable(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let form = try await context.decode(NewTableForm.self, request)
        guard let year = context.fiscalYear, let department = context.parameters.get("department").map(WebPath.decode),
              account.role == .editor, !account.disabled, account.department == department else {
            throw HTTPError(.forbidden, message: "只有本部门的填报人员可以新建本部门的表。")
        }
        guard let start = try await startable(account).first(where: { $0.year == year }) else {
            throw HTTPError(.conflict, message: "\(year) 年度尚未开启，或本部门已有这一年度的表。")
        }
        var table: BudgetTable
        switch form.start {
        case .copy:
            guard let from = start.copyFrom, let earlier = try await repository.loadTable(department: department, year: from) else {
                throw HTTPError(.conflict, message: "本部门没有更早年度的表可以复制。")
            }
            table = Self.carriedOver(earlier, to: year)
        case .blank:
            let unit = department.replacingOccurrences(of: "（部门）", with: "")
            table = BudgetTable(title: BudgetTable.standardTitle, department: department, moneyUnit: .wanYuan, fiscalYear: year,
                                total: .zero, units: [SpendingUnit(name: unit, amounts: .zero, projects: [])])
        }
        do {
            try await repository.importTable(table, year: year, replace: false, actor: account.login)
        } catch StoreError.alreadyStored {
            throw HTTPError(.conflict, message: "本部门已有 \(year) 年度的表。")
        }
        context.logger.info("table started", metadata: ["table": .string("\(department)/\(year)"), "from": .string(form.start.rawValue)])
        return Pages.seeOther(SiteURL.workspaceTable(SiteURL.TableKey(year: year, department: department)).path([("notice", "started-" + form.start.rawValue)]))
    }

    /// Last year's table as this year's start: units, projects, goals and indicators kept; every
    /// amount zero; a title that named last year names this one.
    static func carriedOver(_ earlier: BudgetTable, to year: Int) -> BudgetTable {
        var table = earlier
        if let stated = earlier.fiscalYear, earlier.title.contains("\(stated)年") {
            table.title = earlier.title.replacingOccurrences(of: "\(stated)年", with: "\(year)年")
        }
        table.fiscalYear = year
        table.total = .zero
        for u in table.units.indices {
            table.units[u].amounts = .zero
            for p in table.units[u].projects.indices { table.units[u].projects[p].amounts = .zero }
        }
        return table
    }
}
