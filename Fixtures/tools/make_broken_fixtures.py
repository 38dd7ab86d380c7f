#!/usr/bin/env python3
"""Writes one "broken" whole-report fixture per built-in rule to Fixtures/broken (run from anywhere).

Each fixture is a copy of ONE seed report (Fixtures/seeds) with a few explicit, realistic text edits —
the way a real report gets that check wrong — so that the audit finds exactly what the untouched seed
already gives plus the findings of the one rule the fixture is named after. Every edit names the exact
old text, which must occur exactly once in the (partly edited) seed; otherwise the script stops with an
error, so a changed seed can never silently produce a fixture that breaks nothing.

Outputs:
  Fixtures/broken/<rule-id>.txt                         one per rule
  Fixtures/broken/year.metadata-vs-text/2023.txt        a 2024 report filed under 2023
  Fixtures/broken/<rule-id>.<variant>.txt               extra fixtures for known gaps (see `gap`)
  Fixtures/broken/README.md                             each fixture, its seed, its edits and the
                                                        exact findings (rule, line) expected

The expected findings listed here are also asserted by Tests/GKRulesTests/BrokenFixtureTests.swift.
"""
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[2]
SEEDS = ROOT / "Fixtures" / "seeds"
OUT = ROOT / "Fixtures" / "broken"

S000 = "000_e8ec6a5d6c0a1c89.txt"
S001 = "001_1705811733659c39.txt"
S002 = "002_f90b525eb7280150.txt"
S003 = "003_f6478d7b7b0e6afc.txt"
S004 = "004_b35dc0beff817749.txt"

# What the audit gives on each untouched seed: (rule, line).
SEED_FINDINGS = {
    S000: [("narrative.breakdown-exceeds-total", 15), ("structure.missing-cell", 37), ("structure.unit-anomaly", 43)],
    S001: [],
    S002: [("structure.nonstandard-label", 34)],
    S003: [],
    S004: [("structure.missing-title-metadata", 1)],
}


def cells(*values):
    """The one-cell-per-line layout of seed 001: each cell on its own line after a tab."""
    return "".join(f"\t{v}\n" for v in values)


ZEROS7 = cells(0, 0, 0, 0, 0, 0, 0)

# Each fixture: the rule it breaks, the seed, where it is written (relative to Fixtures/broken), the edits
# (old text, new text, what it breaks) and the findings the broken rule must add, as (rule, line) with the
# line in the fixture. The seed's own findings (SEED_FINDINGS) are expected too; none of the edits below
# adds or removes a line before a seed finding, so those keep their seed line numbers.
FIXTURES = [
    # ---------------------------------------------------------------- table identities
    dict(
        rule="table.applications.row-sum",
        seed=S003,
        edits=[
            ("二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0\t",
             "二、上年结转政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t1\t",
             "上年结转 1 件只填在「总计」列，申请人各列仍为 0：该行总计 1 ≠ 各列之和 0"),
            ("四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t0\t",
             "四、结转下年度继续办理\t\t0\t0\t0\t0\t0\t0\t1\t",
             "这 1 件又结转下年，同样只填「总计」：该行总计 1 ≠ 0（两处同改，总计列的"
             "「新收+上年结转=办理结果+结转下年」仍然成立，只有行合计不符）"),
        ],
        findings=[("table.applications.row-sum", 54), ("table.applications.row-sum", 77)],
        message=["1", "0"],
        note="A single cell edit always breaks a column identity too (balance or outcome-sum), so the "
             "smallest break of the row sums alone is two rows whose totals move together.",
    ),
    dict(
        rule="table.applications.balance",
        seed=S001,
        edits=[
            ("\t四、结转下年度继续办理\n" + ZEROS7,
             "\t四、结转下年度继续办理\n" + cells(1, 0, 0, 0, 0, 0, 1),
             "已办结（计入「3.其他」）的 1 件申请又记作结转下年度：自然人列与总计列 1+0 ≠ 1+1"),
        ],
        findings=[("table.applications.balance", 339), ("table.applications.balance", 345)],
        message=["1", "2"],
    ),
    dict(
        rule="table.applications.outcome-sum",
        seed=S001,
        edits=[
            ("\t（一）予以公开\n" + ZEROS7,
             "\t（一）予以公开\n" + cells(1, 0, 0, 0, 0, 0, 1),
             "同一件申请在「3.其他」之外又计入「予以公开」（重复计数）：（七）总计 1 ≠ 各项之和 2"),
        ],
        findings=[("table.applications.outcome-sum", 339), ("table.applications.outcome-sum", 345)],
        message=["1", "2"],
    ),
    dict(
        rule="table.review.sum",
        seed=S003,
        edits=[
            ("\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
             "\n1\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0",
             "行政复议「结果维持」填 1，「总计」仍为 0"),
        ],
        findings=[("table.review.sum", 86)],
        message=["0", "1"],
    ),
    dict(
        rule="table.value.invalid",
        seed=S003,
        edits=[
            ("行政规范性文件\t0\t0\t0", "行政规范性文件\t0\t-1\t0",
             "把废止的 1 件规范性文件写成「本年废止件数 -1」（当作减数填写）"),
        ],
        findings=[("table.value.invalid", 36)],
        message=["-1", "非负整数"],
    ),
    dict(
        rule="table.value.invalid",
        seed=S003,
        path="table.value.invalid.text-cell.txt",
        edits=[
            ("行政强制\t0\t\t", "行政强制\t无\t\t", "没有行政强制决定，单元格写「无」而不是 0"),
        ],
        findings=[("table.value.invalid", 43)],
        message=["无"],
    ),
    dict(
        rule="table.damaged-row",
        seed=S002,
        edits=[
            ("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t", "一、本年新收政府信息公开申请数量\t\t1000001\t",
             "从网页抓取时新收一行各列之间的分隔丢失，七个数字连在一起（解析按行合计拆回 1、0、0、0、0、0、1）"),
        ],
        findings=[("table.damaged-row", 53)],
        message=["1000001", "1、0、0、0、0、0、1"],
    ),
    # ---------------------------------------------------------------- narrative vs tables
    dict(
        rule="narrative.breakdown-exceeds-total",
        seed=S003,
        edits=[
            ("2024年共发布各类信息1026条，", "2024年共发布各类信息126条，",
             "总数漏了一位（1026 → 126），而分项 8+237+125+140 = 510"),
        ],
        findings=[("narrative.breakdown-exceeds-total", 21)],
        message=["126", "510"],
    ),
    dict(
        rule="narrative.no-requests-vs-table",
        seed=S001,
        edits=[
            ("区卫生健康局2024年收到政府信息公开申请1件，申请涉及民用住宅二次供水水池水箱清洗记录，"
             "本单位严格按照办理程序，按时按要求答复，",
             "区卫生健康局2024年未收到政府信息公开申请，",
             "沿用往年「未收到申请」的文字，表二本年新收仍为 1 件"),
        ],
        findings=[("narrative.no-requests-vs-table", 15)],
        message=["未收到政府信息公开申请", "1"],
    ),
    dict(
        rule="narrative.request-count-vs-table",
        seed=S001,
        edits=[
            ("2024年收到政府信息公开申请1件，", "2024年收到政府信息公开申请2件，",
             "正文称收到 2 件，表二新收 1 件、上年结转 0 件"),
        ],
        findings=[("narrative.request-count-vs-table", 15)],
        message=["2", "1"],
    ),
    dict(
        rule="narrative.no-review-vs-table",
        seed=S001,
        edits=[
            ("\t尚未审结\n\t总计\n\n" + cells(0, 0, 0, 0, 0),
             "\t尚未审结\n\t总计\n\n" + cells(1, 0, 0, 0, 1),
             "表三填了 1 件行政复议（结果维持），正文仍称「未引起行政复议和行政诉讼」"),
        ],
        findings=[("narrative.no-review-vs-table", 15)],
        message=["未引起行政复议和行政诉讼", "1"],
    ),
    dict(
        rule="narrative.no-normative-docs-vs-table",
        seed=S001,
        edits=[
            ("\t行政规范性文件\n" + cells(0, 0, 0),
             "\t行政规范性文件\n" + cells(1, 0, 1),
             "表一行政规范性文件本年制发 1 件（现行有效 1 件），正文仍称「未制发规范性文件」"),
        ],
        findings=[("narrative.no-normative-docs-vs-table", 17)],
        message=["未制发规范性文件", "1"],
    ),
    dict(
        rule="narrative.outcome-count-vs-table",
        seed=S001,
        edits=[
            ("本单位严格按照办理程序，按时按要求答复，", "本单位严格按照办理程序，按时按要求答复，予以公开1件，",
             "正文称予以公开 1 件，表二把这件申请记在「（六）3.其他」，予以公开为 0"),
        ],
        findings=[("narrative.outcome-count-vs-table", 15)],
        message=["予以公开", "1", "0"],
    ),
    dict(
        rule="narrative.review-result-vs-table",
        seed=S001,
        edits=[
            ("按时按要求答复，未引起行政复议和行政诉讼。",
             "按时按要求答复，申请人就此申请行政复议1件，复议结果均获维持。",
             "正文称复议「均获维持」"),
            ("\t尚未审结\n\t总计\n\n" + cells(0, 0, 0, 0, 0),
             "\t尚未审结\n\t总计\n\n" + cells(0, 1, 0, 0, 1),
             "表三这件行政复议记为「结果纠正」"),
        ],
        findings=[("narrative.review-result-vs-table", 15)],
        message=["均获维持", "纠正 1"],
    ),
    dict(
        rule="narrative.in-force-vs-table",
        seed=S001,
        edits=[
            ("本年度，我局未制发规范性文件。", "本年度，我局未制发规范性文件，现行有效规范性文件3件。",
             "正文称现行有效规范性文件 3 件，表一现行有效件数为 0"),
        ],
        findings=[("narrative.in-force-vs-table", 17)],
        message=["3", "0"],
    ),
    # ---------------------------------------------------------------- years
    dict(
        rule="year.title-vs-period",
        seed=S001,
        edits=[
            ("统计期限自2024年1月1日起至2024年12月31日止", "统计期限自2023年1月1日起至2023年12月31日止",
             "套用上年模板，统计期限仍是 2023 年，标题为 2024 年"),
        ],
        findings=[("year.title-vs-period", 8)],
        message=["2024", "2023"],
    ),
    dict(
        rule="year.title-vs-period",
        seed=S003,
        path="year.title-vs-period.period-wording.txt",
        edits=[
            ("本报告统计数据从 2024 年 1 月 1 日至 12 月 31 日", "本报告统计数据从 2023 年 1 月 1 日至 12 月 31 日",
             "套用上年模板，统计数据的起止时间仍是 2023 年（seed 003 自己的写法），标题为 2024 年"),
        ],
        findings=[("year.title-vs-period", 5)],
        message=["2024", "2023"],
    ),
    dict(
        rule="year.text-mentions-other-year",
        seed=S003,
        edits=[
            ("2024 年，惠农区卫生健康局严格按照政务公开工作要求", "2023 年，惠农区卫生健康局严格按照政务公开工作要求",
             "总体情况首句沿用上年报告的年份"),
        ],
        findings=[("year.text-mentions-other-year", 9)],
        message=["2024", "2023"],
    ),
    dict(
        rule="year.metadata-vs-text",
        seed=S001,
        path="year.metadata-vs-text/2023.txt",
        edits=[],  # the text is untouched: the 2024 report is filed under 2023 (file name 2023.txt)
        filing="文本不改，2024 年的报告存为 `2023.txt`（语料归入 2023 年）",
        findings=[("year.metadata-vs-text", 2)],
        message=["2023", "2024"],
    ),
    dict(
        rule="year.late-publication",
        seed=S000,
        edits=[
            ("东营市第二人民医院\n\n2025年1月20日", "东营市第二人民医院\n\n2025年2月20日",
             "落款日期晚于部门的法定期限 2025-01-31"),
        ],
        findings=[("year.late-publication", 113)],
        message=["2025-02-20", "2025-01-31"],
    ),
    # ---------------------------------------------------------------- structure
    dict(
        rule="structure.missing-section",
        seed=S003,
        edits=[
            ("\n\n六、其他需要报告的事项\n\n2024 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。", "",
             "报告到第五部分为止，整个「六、其他需要报告的事项」部分（标题和内容）缺失"),
        ],
        findings=[("structure.missing-section", None)],
        message=["六、其他需要报告的事项"],
    ),
    dict(
        rule="structure.missing-table",
        seed=S003,
        edits=[
            ("四、政府信息公开行政复议、行政诉讼情况\n\n行政复议\t行政诉讼\n------\t------\n\n"
             "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉\t\t\t\t\n"
             "\t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\n"
             "0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n\n",
             "四、政府信息公开行政复议、行政诉讼情况\n\n",
             "表三（原文中是图片）转成文本时丢失，第四部分只剩标题"),
        ],
        findings=[("structure.missing-table", None)],
        message=["政府信息公开行政复议、行政诉讼情况"],
    ),
    dict(
        rule="structure.missing-cell",
        seed=S003,
        edits=[
            ("行政处罚\t25\t\t", "行政处罚\t\t\t", "行政处罚的本年处理决定数量漏填（空白，不是 0）"),
        ],
        findings=[("structure.missing-cell", 42)],
        message=["行政处罚"],
    ),
    dict(
        rule="structure.nonstandard-label",
        seed=S003,
        edits=[
            ("5. 属于三类内部事务信息", "5. 属于三类内部事物信息", "行标题错字：「事务」写成「事物」"),
        ],
        findings=[("structure.nonstandard-label", 61)],
        message=["事物", "事务"],
    ),
    dict(
        rule="structure.missing-title-metadata",
        seed=S001,
        edits=[
            ("\n2024年政府信息公开工作年度报告\n", "\n政府信息公开工作年度报告\n",
             "标题第二行漏写年度（年度只能从统计期限得知）"),
        ],
        findings=[("structure.missing-title-metadata", 1)],
        message=["年度"],
    ),
    dict(
        rule="structure.unit-anomaly",
        seed=S003,
        edits=[
            ("本年收费金额（单位：万元）", "本年收费金额（单位：元）", "收费金额的单位写成「元」，标准为「万元」"),
        ],
        findings=[("structure.unit-anomaly", 45)],
        message=["元", "万元"],
    ),
]


def fail(message):
    sys.stderr.write(f"make_broken_fixtures: {message}\n")
    sys.exit(1)


def apply_edits(fixture):
    seed = fixture["seed"]
    text = (SEEDS / seed).read_bytes().decode("utf-8")
    for old, new, why in fixture["edits"]:
        count = text.count(old)
        if count != 1:
            fail(f"{fixture['rule']}: the old text {old!r} occurs {count} times in {seed} (must be exactly once)")
        text = text.replace(old, new)
    return text


def fixture_path(fixture):
    return fixture.get("path", fixture["rule"] + ".txt")


def show(text):
    """An edit's text for the README: tabs and newlines made visible."""
    return text.replace("\t", "→").replace("\n", "⏎") or "（删去）"


def expected_findings(fixture):
    return sorted(SEED_FINDINGS[fixture["seed"]] + fixture["findings"],
                  key=lambda f: (f[1] if f[1] is not None else 0, f[0]))


def readme():
    lines = [
        "# Broken fixtures: one per rule",
        "",
        "Generated by `Fixtures/tools/make_broken_fixtures.py` (do not edit by hand; change the script and",
        "run it again). Each file is one seed report from `Fixtures/seeds` with a few realistic edits that",
        "break exactly one rule. The audit must find exactly the seed's own findings plus the broken rule's,",
        "at the lines below (`—` = a finding about the whole report, without a line).",
        "`Tests/GKRulesTests/BrokenFixtureTests.swift` asserts these exact sets.",
        "",
        "A fixture marked **已知缺口** (known gap) is a realistic edit on which the audit does not give what it",
        "should today; the expected findings are what it should give, followed by what it actually gives. The",
        "test records those as known issues (`withKnownIssue`), so it fails once the gap is closed and the mark",
        "can go. `<rule-id>.txt` is each rule's main fixture; `<rule-id>.<variant>.txt` are extra ones.",
        "",
        "In the edits, `→` is a tab and `⏎` a line break.",
        "",
        "| fixture | seed | edit | expected findings (rule: line) |",
        "|---|---|---|---|",
    ]
    for fixture in FIXTURES:
        if fixture["edits"]:
            edit = "<br>".join(f"{why}：`{show(old)}` ⇒ `{show(new)}`" for old, new, why in fixture["edits"])
        else:
            edit = fixture["filing"]
        found = "<br>".join(f"`{rule}`: {line if line is not None else '—'}"
                            for rule, line in expected_findings(fixture))
        if "gap" in fixture:
            now = ", ".join(f"`{rule}`: {line if line is not None else '—'}" for rule, line in
                            sorted(SEED_FINDINGS[fixture["seed"]] + fixture["actual"], key=lambda f: (f[1] or 0, f[0])))
            found += f"<br>**已知缺口**：{fixture['gap']} 目前实际：{now or '无'}"
        lines.append(f"| `{fixture_path(fixture)}` | `{fixture['seed']}` | {edit} | {found} |")
    lines += ["", "Seed findings kept in every fixture made from that seed:", ""]
    for seed, found in SEED_FINDINGS.items():
        text = ", ".join(f"`{rule}`: {line}" for rule, line in found) or "none"
        lines.append(f"- `{seed}`: {text}")
    notes = [f"- `{f['rule']}`: {f['note']}" for f in FIXTURES if "note" in f]
    if notes:
        lines += ["", "Notes:", ""] + notes
    return "\n".join(lines) + "\n"


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    seen = set()
    for fixture in FIXTURES:
        if fixture_path(fixture) in seen:
            fail(f"two fixtures written to {fixture_path(fixture)}")
        seen.add(fixture_path(fixture))
        text = apply_edits(fixture)
        path = OUT / fixture_path(fixture)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8"))
        print(f"wrote Fixtures/broken/{fixture_path(fixture)}")
    main_rules = {f["rule"] for f in FIXTURES if fixture_path(f) in (f["rule"] + ".txt", "year.metadata-vs-text/2023.txt")}
    all_rules = {f["rule"] for f in FIXTURES}
    if main_rules != all_rules:
        fail(f"rules without a main fixture: {sorted(all_rules - main_rules)}")
    (OUT / "README.md").write_bytes(readme().encode("utf-8"))
    print("wrote Fixtures/broken/README.md")


if __name__ == "__main__":
    main()
