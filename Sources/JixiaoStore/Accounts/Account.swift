import Foundation

/// Who may do what (docs/domain.md §6): the finance bureau's administrator and reviewers, and each
/// department's editors. The public is everyone not signed in.
public enum Role: String, Sendable, CaseIterable, Codable {
    /// 管理员: people, departments, fiscal years, API tokens.
    case admin
    /// 财政审核: reads (and, next, reviews) every department's tables in every state.
    case reviewer
    /// 部门填报: one department's tables, in every state.
    case editor
    /// 信息公开: publishes approved tables, where the site keeps approving and publishing apart
    /// (the `publishing` site setting); reads the approved and published tables.
    case publisher

    public var title: String {
        switch self {
        case .admin: "管理员"
        case .reviewer: "财政审核"
        case .editor: "部门填报"
        case .publisher: "信息公开"
        }
    }
}

/// A person's account, without its password hash.
public struct Account: Sendable, Equatable, Codable {
    public var id: Int64
    public var login: String
    public var displayName: String
    public var role: Role
    /// An editor's department; nil for the other roles.
    public var departmentID: Int64?
    public var department: String?
    public var disabled: Bool
    /// Where notifications go; nil for none.
    public var email: String? = nil
}

/// What an administrator sets on an account (the password goes separately, hashed).
public struct AccountFields: Sendable, Equatable {
    public var login: String
    public var displayName: String
    public var role: Role
    public var departmentID: Int64?
    public var disabled: Bool
    public var email: String?

    public init(login: String, displayName: String, role: Role, departmentID: Int64?, disabled: Bool = false, email: String? = nil) {
        (self.login, self.displayName, self.role, self.departmentID, self.disabled) = (login, displayName, role, departmentID, disabled)
        self.email = email.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Why these fields cannot be saved, in the words the form shows; nil when they can.
    public var problem: String? {
        if login.isEmpty || login.count > 64 || !login.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || "._-@".unicodeScalars.contains($0)) }) {
            return "登录名须为 1–64 个字母、数字或 . _ - @"
        }
        if displayName.trimmingCharacters(in: .whitespaces).isEmpty || displayName.count > 64 { return "姓名不能为空，且不超过 64 个字"}
        if role == .editor && departmentID == nil { return "部门填报人员必须指定所属部门" }
        if role != .editor && departmentID != nil { return "只有部门填报人员属于某个部门" }
        if let email, !Self.isAddress(email) { return "邮箱地址“\(email)”不像一个邮箱地址（如 name@example.gov.cn）" }
        return nil
    }

    /// One `@` between a local part and a domain with a dot, nothing that could end a mail
    /// header line or stand outside an address (spaces, controls, `<>,;"`), at most 254 bytes.
    public static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        guard text.utf8.count <= 254, parts.count == 2, !parts[0].isEmpty, parts[1].contains("."),
              !parts[1].hasPrefix("."), !parts[1].hasSuffix(".") else { return false }
        // Printable ASCII only: a relay without SMTPUTF8 refuses anything else.
        return text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value < 127 && !"<>,;\"()[]\\".unicodeScalars.contains($0) }
    }
}

public struct Department: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    /// How many fiscal years' tables it has, and how many accounts belong to it.
    public var tables: Int
    public var users: Int
}

public struct FiscalYear: Sendable, Equatable, Codable {
    public var year: Int
    /// Milliseconds since 1970.
    public var openedAt: Int64
    public var tables: Int
}

/// A token for scripts: the secret is shown once, when issued; only its hash is kept.
public struct APIToken: Sendable, Equatable, Codable {
    public var id: Int64
    public var name: String
    public var login: String
    public var createdAt: Int64
    public var lastUsedAt: Int64?
    public var revoked: Bool
    /// The login of whoever issued it (nil for tokens issued before this was recorded).
    public var issuedBy: String?
}
