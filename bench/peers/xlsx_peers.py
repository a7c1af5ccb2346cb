"""Peers for the Excel benchmark: what a Python user would pick to write or read the table.

xlsx_peers.py write PEER TABLE.txt OUT.xlsx   peer: rustpy-xlsxwriter | xlsxwriter | openpyxl
xlsx_peers.py read PEER BOOK.xlsx             peer: calamine | openpyxl
Writing loads the disclosure text with the csv module (amounts as numbers), then writes the
sheet with the peer; reading loads every cell. Prints "load S write S" or "read S".
"""
import csv
import sys
import time


def load(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = f.read().split("\n")
    rows = [r for r in csv.reader("\n".join(lines[6:]).splitlines(True), delimiter="\t") if r]
    header, body = rows[0], rows[1:]
    records = []
    for r in body:
        r = r + [""] * (7 - len(r))
        records.append([r[0]] + [float(x.replace(",", "")) if x else None for x in r[1:5]] + [r[5], r[6]])
    return header, records


def write(peer, source, target):
    start = time.perf_counter()
    header, records = load(source)
    loaded = time.perf_counter()
    if peer == "rustpy-xlsxwriter":
        import rustpy_xlsxwriter
        dicts = [dict(zip(header, r)) for r in records]
        rustpy_xlsxwriter.FastExcel(target).format(float_format="#,##0.00").freeze(row=1).sheet("Sheet1", dicts).save()
    elif peer == "xlsxwriter":
        import xlsxwriter
        book = xlsxwriter.Workbook(target, {"constant_memory": True})
        sheet = book.add_worksheet()
        money = book.add_format({"num_format": "#,##0.00", "border": 1})
        wrap = book.add_format({"text_wrap": True, "border": 1})
        sheet.write_row(0, 0, header)
        for i, r in enumerate(records, start=1):
            sheet.write_string(i, 0, r[0])
            for c in range(1, 5):
                if r[c] is not None:
                    sheet.write_number(i, c, r[c], money)
            sheet.write_string(i, 5, r[5], wrap)
            sheet.write_string(i, 6, r[6], wrap)
        book.close()
    elif peer == "openpyxl":
        import openpyxl
        book = openpyxl.Workbook(write_only=True)
        sheet = book.create_sheet()
        sheet.append(header)
        for r in records:
            sheet.append(r)
        book.save(target)
    else:
        sys.exit(f"unknown peer {peer}")
    done = time.perf_counter()
    print(f"load {loaded - start:.3f} write {done - loaded:.3f}")


def read(peer, path):
    start = time.perf_counter()
    cells = 0
    if peer == "calamine":
        from python_calamine import CalamineWorkbook
        book = CalamineWorkbook.from_path(path)
        for row in book.get_sheet_by_index(0).to_python():
            cells += len(row)
    elif peer == "openpyxl":
        import openpyxl
        book = openpyxl.load_workbook(path, read_only=True)
        for row in book.active.iter_rows(values_only=True):
            cells += len(row)
    else:
        sys.exit(f"unknown peer {peer}")
    print(f"read {time.perf_counter() - start:.3f} cells {cells}")


if __name__ == "__main__":
    if sys.argv[1] == "write":
        write(sys.argv[2], sys.argv[3], sys.argv[4])
    else:
        read(sys.argv[2], sys.argv[3])
