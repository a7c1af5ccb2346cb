import Foundation
import Hummingbird
import JixiaoFormats
import JixiaoReview

/// The review's findings as a CSV a reviewer opens in Excel (UTF-8 with BOM, CRLF): one row a
/// finding, with the table it is in, so a whole year's findings of every department are one file.
enum FindingsCSV {
    static let header = ["年度", "部门", "规则", "规则名称", "严重程度", "维度", "资金使用单位", "项目", "指标序号", "字段", "说明", "修改建议"]

    static func rows(year: Int, department: String, _ findings: [Finding]) -> [[String]] {
        findings.map { finding in
            [String(year), department, finding.rule, RuleCatalogue.title(of: finding.rule), finding.severity.chinese, finding.dimension.rawValue,
             finding.location.unit ?? "", finding.location.project ?? "", finding.location.indicator.map(String.init) ?? "",
             finding.location.field ?? "", finding.message, finding.fix]
        }
    }

    static func document(_ rows: [[String]]) -> [UInt8] { CSVRows.write([header] + rows) }

    static func response(_ rows: [[String]], name: String, fallback: String) -> Response {
        Response(status: .ok, headers: [.contentType: "text/csv; charset=utf-8", .cacheControl: "private, no-store",
                                        .contentDisposition: PublicSite.attachment(name, fallback: fallback)],
                 body: .init(byteBuffer: ByteBuffer(bytes: document(rows))))
    }
}
