"""The Python peer for the disclosure-text benchmark: what an analyst would write instead.

Reads the table with pandas (read_csv, tab-separated, Excel quoting), parses every amount
to 分 and every indicator cell into items and targets with Python regular expressions,
then writes the table back in the canonical form. Usage: pandas_text.py IN OUT
"""
import csv
import re
import sys

import pandas as pd

ITEM_START = re.compile(r"(?:^|(?<=。))\s*(\d+)、")
ITEM = re.compile(
    r"^\s*(?:(\d+)\s*-\s*)?([^：:]+?)\s*[：:]\s*(?:(\d+)\s*-\s*)?([^：:]+?)\s*[：:]\s*(.*?)"
    r"(?:\s*[；;]\s*实施周期指标值\s*[：:]\s*(.*?))?(?:\s*[；;]\s*年度指标值\s*[：:]\s*(.*?))?\s*。?\s*$",
    re.S,
)
COMPARATORS = (
    "大于或等于|小于或等于|大于等于|小于等于|不低于|不少于|不小于|不高于|不超过|不大于|不多于|"
    "至少|达到|最多|大于|高于|多于|超过|小于|低于|少于|等于|>=|<=|＞＝|＜＝|≥|≧|⩾|≤|≦|⩽|＞|>|＝|=|＜|<"
)
TARGET = re.compile(r"^(.*?)(" + COMPARATORS + r")?\s*([0-9０-９][0-9０-９,.．]*)\s*([^0-9]{0,8}?)(或以上|及以上|以上|或以下|及以下|以下|以内)?$")
CLAUSE_SPLIT = re.compile(r"[，；;]|,(?!\d)")


def parse_target(text):
    parts = []
    for clause in CLAUSE_SPLIT.split(text):
        m = TARGET.match(clause.strip())
        if m and (m.group(2) or m.group(5) or not m.group(1)):
            parts.append((m.group(1), m.group(2) or m.group(5) or "", m.group(3), m.group(4)))
    return parts


def parse_indicators(cell):
    if not cell:
        return []
    cell = cell.replace("\r", "").replace("\n", "")
    pieces = ITEM_START.split(cell)
    items = []
    # pieces: [before, n1, body1, n2, body2, ...]
    for i in range(1, len(pieces), 2):
        number, body = pieces[i], pieces[i + 1]
        m = ITEM.match(body)
        if not m:
            items.append((number, None, body))
            continue
        c1, n1, c2, n2, name, period, annual = m.groups()
        items.append((number, (c1, n1, c2, n2, name,
                               (period, parse_target(period)) if period else None,
                               (annual, parse_target(annual)) if annual else None), None))
    if not items and cell.strip():
        items.append((None, None, cell.strip()))
    return items


def format_indicators(items):
    out = []
    for number, parsed, raw in items:
        prefix = f"{number}、" if number else ""
        if parsed is None:
            out.append(prefix + raw)
            continue
        c1, n1, c2, n2, name, period, annual = parsed
        level1 = f"{c1}-{n1}" if c1 else n1
        level2 = f"{c2}-{n2}" if c2 else n2
        text = f"{prefix}{level1}：{level2}：{name}"
        if period:
            text += "；实施周期指标值：" + period[0]
        if annual:
            text += "；年度指标值：" + annual[0]
        out.append(text + "。")
    return "".join(out)


def to_fen(series):
    cleaned = series.str.replace(",", "", regex=False).replace("", "0")
    return (pd.to_numeric(cleaned) * 1_000_000).round().astype("int64")


def from_fen(series):
    return series.map(lambda f: "" if f == 0 else f"{f / 1_000_000:,.2f}")


def main(src, dst):
    with open(src, encoding="utf-8-sig") as f:
        preamble = []
        for line in f:
            if line.startswith("项目名称"):
                break
            if line.strip():
                preamble.append(line.strip())
    header_row = len(preamble)
    with open(src, encoding="utf-8-sig") as f:
        skip = 0
        for line in f:
            if line.startswith("项目名称"):
                break
            skip += 1
    df = pd.read_csv(src, sep="\t", skiprows=skip, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    amount_columns = ["总计", "财政拨款", "财政专户拨款", "其他资金"]
    for column in amount_columns:
        df[column] = to_fen(df[column].str.strip())
    df["parsed"] = df["绩效指标"].map(parse_indicators)

    for column in amount_columns:
        df[column] = from_fen(df[column])
    df["绩效指标"] = df["parsed"].map(format_indicators)
    df = df.drop(columns=["parsed"])
    with open(dst, "w", encoding="utf-8", newline="") as out:
        title, department, unit = preamble[:3]
        out.write(f"{title}\n\n{department}\n\n{unit}\n\n")
        df.to_csv(out, sep="\t", index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    del header_row


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
