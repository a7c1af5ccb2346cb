import Foundation
import Hummingbird
import JixiaoCore
import JixiaoStore

/// What the API answers, as typed documents: encoded with sorted keys (a stable text for
/// caches and diffs); an optional member left out when nil unless the document says null.
enum APIDocument {
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    static func response(_ document: some Encodable, status: HTTPResponse.Status = .ok, type: String = "application/json; charset=utf-8") -> Response {
        // Encoding these value types cannot fail (no floats that are not finite, no throwing encoders).
        let data = (try? encoder().encode(document)) ?? Data()
        return Response(status: status, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// RFC 9457.
    struct Problem: Encodable {
        var type = "about:blank"
        var title: String, status: Int, detail: String
        var current_version: Int? = nil, changed_by: String? = nil, changed_at: String? = nil
    }

    struct Items<Item: Encodable>: Encodable { var items: [Item] }

    struct Department: Encodable { var id: Int64; var name: String; var tables: Int }
    struct Year: Encodable { var year: Int; var tables: Int }
    struct Me: Encodable { var login: String; var display_name: String; var role: String; var department: String? }

    struct TableList: Encodable {
        struct Links: Encodable { var page: String; var table: String; var findings: String }
        struct Item: Encodable {
            var department: String, fiscal_year: Int, state: String, units: Int
            var projects: Int, version: Int, links: Links, total_fen: Int64?
        }
        var items: [Item], page: Int, per_page: Int, total: Int
    }

    struct Reading: Encodable { var text: String; var reading: String }
    struct Saved: Encodable { var id: Int64; var version: Int }
    struct Moved: Encodable { var state: String; var version: Int }

    /// A project as the API writes and reads it: amounts in 分, indicators as their levels,
    /// name and the two target values as written (`unparsed` for an item kept as written).
    struct Project: Encodable {
        struct AmountsFen: Encodable { var total: Int64; var fiscal: Int64; var special: Int64; var other: Int64 }
        struct Indicator: Encodable {
            var unparsed: String?, level1: String?, level2: String?, name: String?
            var period: String?, annual: String?
        }
        var id: Int64, version: Int, unit: String, unit_id: Int64
        var name: String, goal: String, amounts_fen: AmountsFen, indicators: [Indicator]

        init(_ stored: StoredProject) {
            let project = stored.project
            id = stored.id
            version = stored.version
            unit = stored.unit
            unit_id = stored.unitID
            name = project.name
            goal = project.goal
            amounts_fen = AmountsFen(total: project.amounts.total.fen, fiscal: project.amounts.fiscalAppropriation.fen,
                                     special: project.amounts.specialAccount.fen, other: project.amounts.otherFunds.fen)
            indicators = project.indicators.map { indicator in
                if let raw = indicator.unparsedText { return Indicator(unparsed: raw) }
                return Indicator(level1: indicator.level1?.text ?? "", level2: indicator.level2?.text ?? "", name: indicator.name,
                                 period: indicator.periodTarget?.text ?? "", annual: indicator.annualTarget?.text ?? "")
            }
        }
    }

    /// One saved version of a project (`/projects/{id}/history`).
    struct ProjectVersion: Encodable {
        var version: Int, actor: String, name: String, amounts_fen: [Int64]
        var goal: String, indicators: [String], at: String?
    }

    /// One entry of a table's audit history; `before` and `after` are null when there is none.
    struct TableEvent: Encodable {
        var at: String, actor: String, action: String, before: String?
        var after: String?

        enum CodingKeys: String, CodingKey { case at, actor, action, before, after }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(at, forKey: .at)
            try container.encode(actor, forKey: .actor)
            try container.encode(action, forKey: .action)
            try container.encode(before, forKey: .before)
            try container.encode(after, forKey: .after)
        }
    }

    struct Comment: Encodable {
        var id: Int64, author: String, body: String, at: String
        var project_id: Int64?, project: String?, transition: String?
    }
}
