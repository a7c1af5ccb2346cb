"""The pandas peer for the long-form CSV (issue 17): the same frame written with `to_csv`, and
the same file read with `read_csv(dtype=str)`. Each times the pandas call alone (the
interpreter's start and the frame's building are not counted) and checks its result holds the
same cells as Jixiao's file, read by Python's csv module, before printing its time.
Usage: pandas_csv.py write JIXIAO_CSV OUT | pandas_csv.py read JIXIAO_CSV
"""
import csv
import sys
import time

import pandas

mode, source = sys.argv[1], sys.argv[2]


def cells(path):
    with open(path, newline="", encoding="utf-8-sig") as f:
        return list(csv.reader(f))


frame = pandas.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
if mode == "write":
    target = sys.argv[3]
    start = time.perf_counter()
    frame.to_csv(target, index=False, encoding="utf-8-sig")
    elapsed = time.perf_counter() - start
    assert cells(target) == cells(source), "pandas wrote other cells than Jixiao's file holds"
    print(f"write {elapsed:.3f}")
else:
    start = time.perf_counter()
    frame = pandas.read_csv(source, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    elapsed = time.perf_counter() - start
    expected = cells(source)
    assert [list(frame.columns)] + frame.values.tolist() == expected, "pandas read other cells than the file holds"
    print(f"read {elapsed:.3f} rows {len(frame)} columns {len(frame.columns)}")
