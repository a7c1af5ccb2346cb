import Foundation
import Hummingbird
import JixiaoStore

/// The new-department form.
struct DepartmentForm: Decodable {
    var name: String
}

/// The open-a-fiscal-year form; the year as typed, so a refused one shows again as it was.
struct FiscalYearForm: Decodable {
    var year: String
}

/// 管理 › 部门 and 管理 › 预算年度: the lists, adding a department (so its editors can be set
/// up before its first table) and opening a fiscal year.
struct AdminDirectory {
    let accounts: AccountStore

    func register(on router: some RouterMethods<AppContext>) {
        router.get(SiteURL.adminDepartments.route) { request, context in
            return try await departments(context, notice: PageNotice.text(request))
        }
        router.post(SiteURL.adminDepartments.route) { request, context in
            let admin = try context.requireAccount(request)
            let typed = try await context.decode(DepartmentForm.self, request).name
            let name = typed.trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, name.count <= 100 else {
                return try await departments(context, typed: typed, error: "部门名称不能为空，且不超过 100 个字。", status: .unprocessableContent)
            }
            do {
                _ = try await accounts.createDepartment(name, actor: admin.login)
            } catch let error as StoreError {
                return try await departments(context, typed: typed, error: PageNotice.describe(error), status: .unprocessableContent)
            }
            return Pages.seeOther(SiteURL.adminDepartments.path([("notice", "department")]))
        }
        router.get(SiteURL.adminYears.route) { request, context in
            return try await years(context, notice: PageNotice.text(request))
        }
        router.post(SiteURL.adminYears.route) { request, context in
            let admin = try context.requireAccount(request)
            let typed = try await context.decode(FiscalYearForm.self, request).year
            guard let year = Int(typed.trimmingCharacters(in: .whitespaces)), (2000...2100).contains(year) else {
                return try await years(context, typed: typed, error: "年度须为 2000 到 2100 之间的整数。", status: .unprocessableContent)
            }
            do {
                try await accounts.openFiscalYear(year, actor: admin.login)
            } catch let error as StoreError {
                return try await years(context, typed: typed, error: PageNotice.describe(error), status: .unprocessableContent)
            }
            return Pages.seeOther(SiteURL.adminYears.path([("notice", "year")]))
        }
    }

    func departments(_ context: AppContext, typed: String = "", notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let rows = try await accounts.departments().map { DepartmentsPage.Row(name: $0.name, tables: $0.tables, users: $0.users) }
        return Pages.response(DepartmentsPage(departments: rows, typed: typed, notice: notice, error: error), context, status: status)
    }

    func years(_ context: AppContext, typed: String? = nil, notice: String? = nil, error: String? = nil, status: HTTPResponse.Status = .ok) async throws -> Response {
        let years = try await accounts.fiscalYears()
        let next = (years.map(\.year).max() ?? Calendar.current.component(.year, from: Date())) + 1
        let page = YearsPage(years: years.map { YearsPage.Row(year: $0.year, opened: DisplayTime.text($0.openedAt), tables: $0.tables) },
                             nextYear: typed ?? "\(next)", notice: notice, error: error)
        return Pages.response(page, context, status: status)
    }
}
