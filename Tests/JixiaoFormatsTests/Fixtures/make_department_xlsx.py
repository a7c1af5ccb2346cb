"""Writes a table the way a department's own Excel file looks, with openpyxl.

make_department_xlsx.py TABLE.txt OUT.xlsx: a blank row before the title, the title merged
across the columns, 部门名称 in A and 单位：万元 in the LAST column of its row, a blank row,
then the header; amounts as numbers with float noise (86.3 stored as 86.29999999999998),
some as text with thousands separators ("1,250.60"); shared strings (openpyxl's default);
indicator items on separate lines in a wrapped cell; one goal written as rich text runs.
"""
import csv
import sys
from decimal import Decimal

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.styles import Alignment, Font

source, target = sys.argv[1], sys.argv[2]
with open(source, encoding="utf-8", newline="") as f:
    lines = f.read().split("\n")
title, department, unit = lines[0], lines[2], lines[4]
rows = [r for r in csv.reader("\n".join(lines[6:]).splitlines(True), delimiter="\t") if r]

book = openpyxl.Workbook()
sheet = book.active
sheet.title = "项目支出绩效目标表"
sheet["A2"] = title
sheet["A2"].font = Font(bold=True, size=16)
sheet.merge_cells("A2:G2")
sheet["A3"] = department
sheet["G3"] = unit
for n, row in enumerate(rows):
    r = 5 + n
    row = row + [""] * (7 - len(row))
    for c, value in enumerate(row, start=1):
        cell = sheet.cell(row=r, column=c)
        if n > 0 and 2 <= c <= 5 and value:
            number = Decimal(value.replace(",", ""))
            if (r + c) % 3 == 0:
                cell.value = value                      # amount typed as text
            else:
                cell.value = float(number) - 1e-12 if (r + c) % 3 == 1 else float(number)  # float noise
                cell.number_format = "#,##0.00"
        elif c == 7 and value:
            cell.value = value.replace("。", "。\n").rstrip("\n")
            cell.alignment = Alignment(wrap_text=True)
        elif c == 6 and value and n == 3:
            half = len(value) // 2
            cell.value = CellRichText([TextBlock(InlineFont(b=True), value[:half]), value[half:]])
        elif value:
            cell.value = value
book.save(target)
