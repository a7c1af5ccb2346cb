"""Writes overflow-amount.xlsx: a department's table whose first project's 财政拨款 cell holds
the number 9223372036854.7758075 (万元), which rounds to one 分 past Int64.max. Issue 14's
finding 2: reading it crashed the server. Raw XML with Python's zipfile, because openpyxl
would round the number to a double first. Run: python3 make_overflow_xlsx.py"""
import zipfile

def cell(ref, value):
    if isinstance(value, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'
    return f'<c r="{ref}"><v>{value}</v></c>'

rows = [
    ["2025年项目支出绩效目标表"],
    ["部门名称：广州市越秀区测试局"],
    ["单位：万元"],
    ["项目名称（资金使用单位）", "总计", "财政拨款", "财政专户拨款", "其他资金", "绩效目标", "绩效指标"],
    ["合计", 10, 10, 0, 0, "", ""],
    ["广州市越秀区测试局", 10, 10, 0, 0, "", ""],
    ["测试项目", 10, "9223372036854.7758075", 0, 0, "完成测试。",
     "1-产出指标：11-数量指标：测试次数；实施周期指标值：≥2次；年度指标值：≥2次。"],
]
sheet_rows = []
for r, row in enumerate(rows, start=1):
    cells = []
    for c, value in enumerate(row):
        ref = "ABCDEFG"[c] + str(r)
        # The overflowing amount is a number cell, as Excel stores amounts.
        if value == "9223372036854.7758075":
            cells.append(f'<c r="{ref}"><v>{value}</v></c>')
        else:
            cells.append(cell(ref, value))
    sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
parts = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="绩效目标表" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + "".join(sheet_rows) + '</sheetData></worksheet>',
}
with zipfile.ZipFile("overflow-amount.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in parts.items():
        info = zipfile.ZipInfo(name, date_time=(2025, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, text.encode("utf-8"))
