import Foundation
import Hummingbird
import JixiaoCore
import JixiaoFormats
import JixiaoStore
import NIOConcurrencyHelpers

/// The upload form's text fields (its file is `Multipart.files["file"]`): whether to replace
/// the table's projects, a checkbox the editor must tick.
struct UploadForm: Decodable {
    var replace: Bool
}

/// 上传表格: a department's editor replaces a draft's content with a table file in any format
/// Jixiao reads (text, JSON, CSV, Excel). The table's state and its review comments stay;
/// replacing is a choice the form asks for explicitly, and the file must be this department's.
extension Workspace {
    static let uploadLimit = 20 << 20
    /// What an uploaded workbook may inflate to: a department's table of a few hundred
    /// projects is well under 5 MiB of sheet XML; a 100,000-project one is about 60 MiB.
    static let uploadInflateLimit = 64 << 20
    /// Uploads read at once; with the caps above, they hold at most about 2 × (20 + 64) MiB
    /// plus the tables they make, whatever is sent.
    static let uploadsAtOnce = UploadGate(limit: 2)

    func upload(_ request: Request, _ context: AppContext) async throws -> Response {
        let account = try context.requireAccount(request)
        let (summary, _) = try await readableEntry(request, context)
        guard account.mayEdit(summary) else { throw HTTPError(.forbidden, message: "只有本部门的填报人员可以在草稿或退回状态上传表格。") }
        let form = try await Multipart.read(request, limit: Self.uploadLimit)
        try context.checkCSRF(form.fields["_csrf"])
        let choices = try Form.decode(UploadForm.self, fields: form.fields)
        func refuse(_ message: String) async throws -> Response {
            try await page(summary, context, error: message, status: .unprocessableContent)
        }
        guard let file = form.files["file"], !file.bytes.isEmpty else { return try await refuse("请选择要上传的表格文件。") }
        let format = TableFormat(fileName: file.name) ?? TableFormat.recognise(file.bytes)
        let read = Self.uploadsAtOnce.admit {
            Result { () throws(FormatError) in try format.read(file.bytes, fileName: file.name, department: summary.department, inflateLimit: Self.uploadInflateLimit).table }
        }
        guard let read else {
            throw HTTPError(.serviceUnavailable, headers: [.retryAfter: "5"], message: "正在读取的上传较多，请稍后再试。")
        }
        let uploaded: BudgetTable
        do {
            uploaded = try read.get()
        } catch {
            return try await refuse("无法读取“\(file.name)”：\(FormatErrorChinese.text(error))")
        }
        guard uploaded.department == summary.department else {
            return try await refuse("“\(file.name)”的部门名称是“\(uploaded.department)”，不是“\(summary.department)”。")
        }
        guard choices.replace else {
            return try await refuse("上传的表（\(uploaded.projectCount) 个项目）将替换本表现有的 \(summary.projectCount) 个项目。请勾选“替换现有内容”后再上传。")
        }
        let comments = try await repository.workflow.comments(department: summary.department, year: summary.fiscalYear)
        // The import starts a table afresh (a draft, no comments): keep what the review said, and
        // where it stood — all three in one transaction, so no one sees the table between them.
        var work = UnitOfWork()
        // Still as it was when the upload began: a table published meanwhile is not reopened by it.
        work.require(department: summary.department, year: summary.fiscalYear, state: summary.state, version: summary.version)
        work.importTable(uploaded, year: summary.fiscalYear, replace: true, actor: account.login)
        work.restore(comments, department: summary.department, year: summary.fiscalYear)
        if summary.state != .draft { work.setState(department: summary.department, year: summary.fiscalYear, summary.state, actor: account.login) }
        try await repository.commit(work)
        context.logger.info("table uploaded", metadata: ["table": .string("\(summary.department)/\(summary.fiscalYear)"), "projects": .stringConvertible(uploaded.projectCount)])
        return Pages.seeOther(SiteURL.workspaceTable(summary.key).path([("notice", "uploaded")]))
    }
}

/// How many uploads may be read at once; one more is refused (503) rather than queued, so a
/// burst of large uploads cannot add up in memory.
final class UploadGate: Sendable {
    private let count = NIOLockedValueBox(0)
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Runs `read` if fewer than `limit` reads are under way; nil when the gate is full.
    func admit<T>(_ read: () -> T) -> T? {
        let entered = count.withLockedValue { count in
            guard count < limit else { return false }
            count += 1
            return true
        }
        guard entered else { return nil }
        defer { count.withLockedValue { $0 -= 1 } }
        return read()
    }
}
