import Foundation
import JixiaoFormats

/// A reader's error (`FormatError`, in English for the command line and its scripts) as the
/// upload form says it: where in Chinese (工作表、第几行、哪一列) and what, from the readers'
/// message shapes. A message of a shape not listed here is shown as it is, marked 原文, rather
/// than lost.
enum FormatErrorChinese {
    /// (pattern, Chinese), the pattern's groups as $1, $2 … Tried in order; the first match wins.
    static let shapes: [(String, String)] = [
        (#"^"(.*)" is not an amount in (万元|元)$"#, "“$1”不是以$2计的金额（如 12.50）"),
        (#"^"(.*)" has more decimals than 分 can hold$"#, "“$1”的小数位过多，金额最多精确到分"),
        (#"^"(.*)" is beyond the largest amount a table may state \(10 万亿元\)$"#, "“$1”超过一张表可填的最大金额（10 万亿元）"),
        (#"^财政拨款 \+ 财政专户拨款 \+ 其他资金 come to more than the largest amount a table may state \(10 万亿元\)$"#,
         "财政拨款、财政专户拨款、其他资金合计超过一张表可填的最大金额（10 万亿元）"),
        (#"^no header row .* in the first (\d+) (line|row|record)s$"#, "前 $1 行中没有表头（项目名称（资金使用单位）、总计、财政拨款、财政专户拨款、其他资金、绩效目标、绩效指标）"),
        (#"^no header row in the sheet$"#, "工作表中没有表头（项目名称（资金使用单位）、总计、财政拨款……）"),
        (#"^no 部门名称 (line|row|record) before the header row$"#, "表头之前没有“部门名称：……”一行"),
        (#"^the header's cell (\d+) "(.*)" is not a column .*$"#, "表头第 $1 格“$2”不是本表的栏目，请改名或删除"),
        (#"^the header names the column (.*) twice$"#, "表头中“$1”出现了两次"),
        (#"^the header has no column (.*)$"#, "表头缺少“$1”一栏"),
        (#"^(\d+) cells where the header has (\d+) \(the extra cell holds "(.*)"\)$"#, "这一行有 $1 格，表头只有 $2 格（多出的一格是“$3”）"),
        (#"^a cell beyond the header's (\d+) columns holds "(.*)"$"#, "表头 $1 栏之外还有内容“$2”"),
        (#"^a row with amounts but no 项目名称$"#, "这一行有金额，但没有项目名称"),
        (#"^the file is empty$"#, "文件是空的"),
        (#"^the file has a header but no rows$"#, "文件只有表头，没有内容"),
        (#"^the file is binary, not a text table.*$"#, "这不是文本表格（文件含有二进制内容）"),
        (#"^the file is neither UTF-8 nor GB18030 text$"#, "文件既不是 UTF-8 也不是 GB18030 编码的文本"),
        (#"^the file starts with a UTF-16 byte-order mark but is not valid UTF-16$"#, "文件标明为 UTF-16 编码，但内容不是有效的 UTF-16"),
        (#"^not an Excel workbook.*$"#, "这不是 Excel 工作簿（.xlsx）"),
        (#"^not a readable Excel workbook.*$"#, "Excel 工作簿已损坏，无法读取"),
        (#"^refused: the workbook would inflate to more than (.*) \(a zip bomb\?\)$"#, "拒绝读取：工作簿解压后将超过 $1（疑似压缩炸弹）"),
        (#"^refused: "(.*)" inflates (\d+) times its size.*$"#, "拒绝读取：“$1”解压后是原大小的 $2 倍（疑似压缩炸弹）"),
        (#"^refused: .*zip bomb.*$"#, "拒绝读取：工作簿解压后过大（疑似压缩炸弹）"),
        (#"^refused: .*$"#, "拒绝读取：工作簿含有不安全或超出范围的内容"),
        (#"^the workbook has no sheets$"#, "工作簿中没有工作表"),
        (#"^the workbook holds (\d+) sheets \((.*)\), none of them 部门名称：(.*); upload one sheet.*$"#,
         "工作簿有 $1 个工作表（$2），其中没有部门名称为“$3”的工作表：请上传本部门的工作表"),
        (#"^the workbook holds (\d+) sheets \((.*)\), (\d+) of them 部门名称：(.*); upload one sheet.*$"#,
         "工作簿有 $1 个工作表（$2），其中 $3 个的部门名称都是“$4”，无法确定上传哪一个：请上传只含本部门一个工作表的工作簿"),
        (#"^not JSON: .*$|^not valid JSON.*$"#, "不是有效的 JSON"),
        (#"^at (.+): unknown key "(.*)" .*$"#, "JSON 中有未知的键“$2”（位于 $1），其内容会丢失"),
        (#"^at (.+): the key "(.*)" is missing$"#, "JSON 的 $1 处缺少“$2”"),
        (#"^at format: expected .*$"#, "JSON 的 format 不是 Jixiao 的预算表格式"),
        (#"^at version: .*$"#, "JSON 的版本与本系统不符"),
        (#"^at moneyUnit: "(.*)" is not 万元 or 元$"#, "金额单位“$1”不是万元或元"),
        (#"^"(.*)" is not 万元 or 元$"#, "金额单位“$1”不是万元或元"),
        (#"^at (.+)\.fen: (.*) is beyond the largest amount a table may state$"#, "JSON 的 $1 金额 $2 分超过一张表可填的最大金额"),
        (#"^at (.+): fen (.*) and amount "(.*)" disagree$"#, "JSON 的 $1 处，分（$2）与金额（$3）不一致"),
        (#"^at (.+): .*$"#, "JSON 的 $1 处内容类型不对"),
        (#"^a 项目 row before any 资金使用单位 row$"#, "在任何“资金使用单位”行之前出现了“项目”行"),
        (#"^"(.*)" is not 合计, 资金使用单位, 项目 or 表$"#, "“$1”不是合计、资金使用单位、项目或表"),
        // The monitoring report's template (`MonitoringCSV`).
        (#"^a row without 项目名称$"#, "这一行没有项目名称"),
        (#"^"(.*)" is not a project of the table$"#, "“$1”不是本表的项目"),
        (#"^the table has no project "(.*)" in "(.*)"$"#, "本表的“$2”下没有项目“$1”"),
        (#"^"(.*)" names (\d+) projects of the table; .*$"#, "“$1”是本表 $2 个项目的名称：请加上“项目序号”（或“资金使用单位”）一栏以区分"),
        (#"^"(.*)" is not a project's number \(1 to (\d+)\)$"#, "“$1”不是项目序号（1 到 $2）"),
        (#"^project (\d+) is "(.*)", not "(.*)"$"#, "第 $1 个项目是“$2”，不是“$3”"),
        (#"^a second money row \(no 指标序号\) for "(.*)"$"#, "“$1”的资金行（不填指标序号的行）出现了两次"),
        (#"^"(.*)" is not an indicator number$"#, "“$1”不是指标序号"),
        (#"^"(.*)" has no indicator (\d+) \(it has (\d+)\)$"#, "“$1”没有第 $2 个指标（共 $3 个）"),
        (#"^indicator (\d+) of "(.*)" is reported twice$"#, "“$2”的指标 $1 填报了两次"),
        (#"^"(.*)" is not 确定能, 有可能 or 完全不可能$"#, "“$1”不是“确定能”“有可能”或“完全不可能”"),
        (#"^Jixiao writes (HTML|PDF) but does not read it.*$"#, "Jixiao 可以导出 $1，但不能读取 $1：请上传文本、JSON、CSV 或 Excel"),
    ]

    static func text(_ error: FormatError) -> String {
        var place: [String] = []
        if let sheet = error.sheet { place.append("工作表“\(sheet)”") }
        if let line = error.line { place.append("第 \(line) 行") }
        if let column = error.column { place.append("“\(column)”列") }
        let what = message(error.message)
        return place.isEmpty ? what : place.joined(separator: " ") + "：" + what
    }

    static func message(_ english: String) -> String {
        for (pattern, chinese) in shapes {
            guard let regex = try? NSRegularExpression(pattern: pattern),
                  let match = regex.firstMatch(in: english, range: NSRange(english.startIndex..., in: english)) else { continue }
            return regex.replacementString(for: match, in: english, offset: 0, template: chinese)
        }
        return "原文：" + english
    }
}
