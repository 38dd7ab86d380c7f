#!/usr/bin/env python3
"""Reads a gkaudit workbook with openpyxl (independently of libxlsxwriter) and checks it against the audit's
JSON: sheet names, headers, one 问题清单 row per JSON finding with the same values, frozen header, autofilter,
the triage drop-down, 提取数据 against the JSON reports. Prints what is wrong and exits 1; prints OK otherwise.

    python3 Tests/tools/check_workbook.py audit.xlsx audit.json
"""
import json
import sys

import openpyxl

SHEETS = ["概览", "问题清单", "年度对比", "提取数据", "规则"]
HEADERS = ["序号", "机构", "年度", "文件", "行号", "规则ID", "规则名称", "严重程度", "问题描述", "期望值", "实际值", "差额",
           "原文摘录", "核实状态"]
SEVERITY = {"error": "错误", "warning": "警告", "info": "提示"}


def main(xlsx, audit_json):
    problems = []
    workbook = openpyxl.load_workbook(xlsx)
    with open(audit_json, encoding="utf-8") as f:
        audit = json.load(f)
    if workbook.sheetnames != SHEETS:
        problems.append(f"sheets {workbook.sheetnames} != {SHEETS}")
    sheet = workbook["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    if list(rows[0]) != HEADERS:
        problems.append(f"问题清单 headers {rows[0]}")
    findings = audit["findings"]
    if len(rows) - 1 != len(findings):
        problems.append(f"问题清单 has {len(rows) - 1} rows, the JSON {len(findings)} findings")
    for number, (row, finding) in enumerate(zip(rows[1:], findings), start=1):
        expected = (number, finding["agency"] or "（机关不详）", finding["year"], finding["file"], finding["line"],
                    finding["rule"], finding["title"], SEVERITY[finding["severity"]], finding["message"])
        if tuple(row[:9]) != expected:
            problems.append(f"问题清单 row {number + 1}: {row[:9]} != {expected}")
        for column, key in ((9, "expected"), (10, "actual"), (11, "difference")):
            value = finding.get(key)
            if isinstance(value, (int, float)) and row[column] != value:
                problems.append(f"问题清单 row {number + 1} {key}: {row[column]} != {value}")
        if row[13] != "待核实":
            problems.append(f"问题清单 row {number + 1}: 核实状态 {row[13]}")
    if sheet.freeze_panes != "A2":
        problems.append(f"问题清单 freeze panes {sheet.freeze_panes}")
    if sheet.auto_filter.ref != f"A1:N{max(len(findings), 1) + 1}":
        problems.append(f"问题清单 autofilter {sheet.auto_filter.ref}")
    validations = sheet.data_validations.dataValidation
    if findings and not any(v.type == "list" and v.formula1 == '"待核实,已确认,误报"' for v in validations):
        problems.append("问题清单 has no 待核实/已确认/误报 drop-down")
    cells = list(workbook["提取数据"].iter_rows(values_only=True))
    if len(cells) - 2 != len(audit["reports"]):
        problems.append(f"提取数据 has {len(cells) - 2} reports, the JSON {len(audit['reports'])}")
    for row, report in zip(cells[2:], audit["reports"]):
        if (row[0], row[2], row[3]) != (report["file"], report["year"], report["format"]):
            problems.append(f"提取数据 row {row[:4]} != {report}")
    rules = list(workbook["规则"].iter_rows(values_only=True))
    if [r[0] for r in rules[1:]] != audit["tool"]["rules"]:
        problems.append("规则 sheet does not list the rules that ran")
    print("\n".join(problems) if problems else "OK")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
