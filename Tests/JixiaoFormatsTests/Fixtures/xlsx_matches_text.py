"""Checks, as an Excel user's tools would see it, that a workbook holds a table.

xlsx_matches_text.py BOOK.xlsx TABLE.txt [TABLE.txt ...]: sheet i must hold table i —
title, 部门名称, 单位, the header, then every row: names and goals exactly, amounts as
numbers equal to the text's to the cent, indicator cells equal to the text's apart from
the line breaks between items. Opened with openpyxl with warnings as errors. Prints the
first difference and exits 1, or prints "ok".
"""
import csv
import sys
import warnings
from decimal import Decimal

warnings.simplefilter("error")
import openpyxl  # noqa: E402


def text_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    title, department, unit = lines[0], lines[2], lines[4]
    body = "\n".join(lines[6:])
    rows = list(csv.reader(body.splitlines(keepends=True) and [body][0].splitlines(True), delimiter="\t"))
    return title, department, unit, [r for r in rows if r]


def fail(message):
    print(message)
    sys.exit(1)


book = openpyxl.load_workbook(sys.argv[1])
if len(book.worksheets) != len(sys.argv) - 2:
    fail(f"{len(book.worksheets)} sheets for {len(sys.argv) - 2} tables")
for sheet, path in zip(book.worksheets, sys.argv[2:]):
    title, department, unit, rows = text_rows(path)
    if sheet["A1"].value != title:
        fail(f"A1 {sheet['A1'].value!r} != {title!r}")
    if sheet["A2"].value != department or sheet["G2"].value != unit:
        fail(f"row 2 {sheet['A2'].value!r} {sheet['G2'].value!r}")
    cells = list(sheet.iter_rows(min_row=3, values_only=True))
    if len(cells) != len(rows):
        fail(f"{len(cells)} rows in the sheet, {len(rows)} in the text")
    for n, (got, want) in enumerate(zip(cells, rows), start=3):
        want = want + [""] * (7 - len(want))
        for c in range(7):
            g, w = got[c], want[c]
            if n > 3 and 1 <= c <= 4:
                expected = None if w == "" else Decimal(w.replace(",", ""))
                value = None if g is None else Decimal(str(g)).quantize(Decimal("0.000001"))
                if (expected is None) != (value is None) or (expected is not None and value != expected.quantize(Decimal("0.000001"))):
                    fail(f"row {n} column {c + 1}: {g!r} != {w!r}")
            elif c == 6 and n > 3:
                if (g or "").replace("\n", "") != w:
                    fail(f"row {n} indicators differ:\n{g!r}\n{w!r}")
            elif (g or "") != w:
                fail(f"row {n} column {c + 1}: {g!r} != {w!r}")
print("ok")
