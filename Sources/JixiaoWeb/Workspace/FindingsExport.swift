import Foundation
import Hummingbird
import JixiaoFormats
import JixiaoReview

/// The review's findings as a reviewer opens them in Excel: one row a finding, with the table
/// it is in, so a whole year's findings of every department are one file. As CSV (UTF-8 with
/// BOM, CRLF) or as a workbook (header frozen and filtered, text wrapped).
enum FindingsExport {
    enum Format: String {
        case csv, xlsx
    }

    static let header = ["年度", "部门", "规则", "规则名称", "严重程度", "维度", "资金使用单位", "项目", "指标序号", "字段", "说明", "修改建议"]
    static let widths: [Double] = [6, 24, 26, 20, 9, 8, 24, 30, 9, 14, 50, 50]

    static func rows(year: Int, department: String, _ findings: [Finding]) -> [[String]] {
        findings.map { finding in
            [String(year), department, finding.rule, RuleCatalogue.title(of: finding.rule), finding.severity.chinese, finding.dimension.rawValue,
             finding.location.unit ?? "", finding.location.project ?? "", finding.location.indicator.map(String.init) ?? "",
             finding.location.field ?? "", finding.message, finding.fix]
        }
    }

    static func document(_ rows: [[String]], _ format: Format, title: String) throws -> [UInt8] {
        switch format {
        case .csv: CSVRows.write([header] + rows)
        case .xlsx: try XLSXList(sheetName: "审核发现", title: title, header: header, widths: widths, rows: rows).bytes()
        }
    }

    /// `name` without its extension (`某部门2025年度审核发现`); `fallback` the ASCII one's stem.
    static func response(_ rows: [[String]], _ format: Format, name: String, fallback: String) throws -> Response {
        let type = format == .csv ? "text/csv; charset=utf-8" : PublicSite.downloads.first { $0.format == .xlsx }!.type
        return Response(status: .ok, headers: [.contentType: type, .cacheControl: "private, no-store",
                                               .contentDisposition: PublicSite.attachment(name + "." + format.rawValue, fallback: fallback + "." + format.rawValue)],
                        body: .init(byteBuffer: ByteBuffer(bytes: try document(rows, format, title: name))))
    }
}
