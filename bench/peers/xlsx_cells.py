"""The table's rows as a workbook holds them, whoever wrote it: every row after the header row
(项目名称（资金使用单位）…), as name, the four amounts (to the cent, blank for none or zero),
绩效目标 and 绩效指标 (without line breaks: Jixiao starts each indicator on a line of its own in
the cell, for reading; the text it came from has them on one). Read with python-calamine. The Excel benchmark compares each peer's
workbook with Jixiao's this way before it counts the peer's time.
Usage: xlsx_cells.py BOOK.xlsx  (prints the row count and a digest of the rows)
"""
import hashlib
import sys

from python_calamine import CalamineWorkbook


def amount(value):
    if value in (None, ""):
        return ""
    number = round(float(str(value).replace(",", "")), 2)
    return "" if number == 0 else f"{number:.2f}"


def rows(path):
    sheet = CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    start = next(i for i, row in enumerate(sheet) if row and str(row[0]).startswith("项目名称"))
    body = []
    for row in sheet[start + 1:]:
        row = list(row) + [""] * (7 - len(row))
        if all(c in (None, "") for c in row[:7]):
            continue
        body.append((str(row[0]), *[amount(c) for c in row[1:5]], str(row[5] or ""), str(row[6] or "").replace("\n", "")))
    return body


def digest(path):
    body = rows(path)
    return len(body), hashlib.sha256(repr(body).encode()).hexdigest()[:16]


if __name__ == "__main__":
    count, hexdigest = digest(sys.argv[1])
    print(f"rows {count} digest {hexdigest}")
