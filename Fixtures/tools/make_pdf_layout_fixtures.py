#!/usr/bin/env python3
"""Make `pdftotext -layout` fixtures from the seed reports.

For each seed listed in VARIANTS this script
  1. reads the seed text (shared/seeds/<name>.txt) and its hand-checked cells
     (shared/spec/seeds-expected.json),
  2. builds an HTML document: the title, the seed's own narrative paragraphs
     (headings, paragraphs, signature and date lines, in order and as written)
     and the three tables rebuilt as real HTML tables in the official layout of
     国办公开办函〔2021〕30号, with the row/column labels exactly as the seed
     writes them (typos and odd units included) and the cell values of
     seeds-expected.json (null = empty cell),
  3. converts it to PDF with LibreOffice Writer (soffice --headless) and
  4. runs `pdftotext -layout` on the PDF and writes the text (form feeds kept) to
     Fixtures/layout/<name>.<suffix>.txt,
  5. checks that text: nothing off the page, each table-1 label followed on its
     line by its value (nothing for an empty cell), each of the 25 rows of
     table 2 showing its 7 numbers on one line, in order, and the 15 numbers of
     table 3 on one line; it exits 1 if one does not hold.
HTML and PDF go to a temporary folder, removed at the end (--keep-temp keeps it).

Needs: soffice (libreoffice-writer-nogui), pdftotext (poppler-utils) and the
font WenQuanYi Zen Hei (fonts-wqy-zenhei).  Standard library only.

Usage:
  python3 Fixtures/tools/make_pdf_layout_fixtures.py [--shared DIR] [--out DIR] [--keep-temp]
"""

import argparse
import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DEFAULT_SHARED = REPO.parent / "shared"
DEFAULT_OUT = HERE.parent / "layout"

FONT = "WenQuanYi Zen Hei"

# Page set-ups.  Sizes in cm, fonts in pt.
# padding = cellpadding in px.
A4 = dict(page_w=21.0, page_h=29.7, margin_tb=2.54, margin_lr=2.2,
          title_pt=18, body_pt=12, table_pt=10.5, padding=3)
# Narrow page (B5, 17.6 cm) with the same table font: the row labels of table 2
# wrap onto 2-8 lines inside their cells.  (On A5 the 15 columns of table 3
# no longer fit and LibreOffice lets the last one run off the page.)
NARROW = dict(page_w=17.6, page_h=25.0, margin_tb=2.0, margin_lr=1.8,
              title_pt=16, body_pt=11, table_pt=10.5, padding=1)

# (seed prefix, output suffix, page set-up)
VARIANTS = [
    ("000", "pdf-layout", A4),
    ("001", "pdf-layout", A4),
    ("002", "pdf-layout", A4),
    ("003", "pdf-layout", A4),
    ("002", "pdf-layout-narrow", NARROW),
]

# --------------------------------------------------------------------------
# Canonical structure (report-format.md)

T1_ROWS = [("regulations", ["issued", "repealed", "in_force"]),
           ("normative_documents", ["issued", "repealed", "in_force"]),
           ("licensing", ["decisions"]),
           ("punishment", ["decisions"]),
           ("coercion", ["decisions"]),
           ("fees", ["amount"])]

T2_COLS = ["natural_person", "business", "research", "social_org",
           "legal_service", "other_org", "total"]

# (row id, label alternatives, group) -- group: the merged (三)(四)(五)(六) cell
T2_ROWS = [
    ("new", ["一、本年新收政府信息公开申请数量"], None),
    ("carried_in", ["二、上年结转政府信息公开申请数量"], None),
    ("granted", ["（一）予以公开"], None),
    ("partial", ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"], None),
    ("denied_secret", ["1.属于国家秘密"], "denied"),
    ("denied_law", ["2.其他法律行政法规禁止公开"], "denied"),
    ("denied_safety", ["3.危及“三安全一稳定”"], "denied"),
    ("denied_third_party", ["4.保护第三方合法权益"], "denied"),
    ("denied_internal", ["5.属于三类内部事务信息"], "denied"),
    ("denied_process", ["6.属于四类过程性信息"], "denied"),
    ("denied_enforcement", ["7.属于行政执法案卷"], "denied"),
    ("denied_inquiry", ["8.属于行政查询事项"], "denied"),
    ("unavailable_not_held", ["1.本机关不掌握相关政府信息"], "unavailable"),
    ("unavailable_needs_creation", ["2.没有现成信息需要另行制作"], "unavailable"),
    ("unavailable_unclear", ["3.补正后申请内容仍不明确"], "unavailable"),
    ("rejected_petition", ["1.信访举报投诉类申请"], "rejected"),
    ("rejected_duplicate", ["2.重复申请"], "rejected"),
    ("rejected_publication", ["3.要求提供公开出版物"], "rejected"),
    ("rejected_abusive", ["4.无正当理由大量反复申请"], "rejected"),
    ("rejected_confirmation", ["5.要求行政机关确认或重新出具已获取信息"], "rejected"),
    ("other_no_supplement", ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"], "other"),
    ("other_no_fee", ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"], "other"),
    ("other_misc", ["3.其他"], "other"),
    ("outcome_total", ["（七）总计"], None),
    ("carried_over", ["四、结转下年度继续办理"], None),
]
T2_GROUP_LABELS = {"denied": ["（三）不予公开"], "unavailable": ["（四）无法提供"],
                   "rejected": ["（五）不予处理"], "other": ["（六）其他处理"]}

T3_GROUPS = ["review", "litigation_direct", "litigation_after_review"]
T3_COLS = ["upheld", "corrected", "other", "pending", "total"]
T3_COL_LABELS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]

# --------------------------------------------------------------------------
# Finding a label "as the seed writes it"

_EQUIV = {
    "（": "[（(]", "(": "[（(]", "）": "[）)]", ")": "[）)]",
    "，": "[，,]", ",": "[，,]", "：": "[：:]", ":": "[：:]",
    "“": "[“”\"]", "”": "[“”\"]", "\"": "[“”\"]", ".": "[.．、]",
}


def fuzzy(label):
    """Regex for a label: any whitespace (spaces, tabs, line breaks) may sit
    between two characters; full-/half-width punctuation are interchangeable."""
    parts = [_EQUIV.get(ch, re.escape(ch)) for ch in label if not ch.isspace()]
    return r"\s*".join(parts)


def clean_label(text):
    """A label as written, minus the line breaks/tabs the text conversion put
    inside it (a break inside a cell); plain spaces are kept."""
    text = re.sub(r"[ \u3000]*[\t\n\r][\s]*", "", text)
    return text.strip()


class Region:
    def __init__(self, text, what):
        self.text = text
        self.what = what
        self.pos = 0

    def find(self, alternatives, pattern=None, start=None, advance=True):
        """Find the first of the alternatives at or after `start` (default: the
        cursor).  Returns (label as written, match start)."""
        begin = self.pos if start is None else start
        pats = [pattern] if pattern else [fuzzy(a) for a in alternatives]
        best = None
        for p in pats:
            m = re.compile(p).search(self.text, begin)
            if m and (best is None or m.start() < best.start()):
                best = m
        if best is None:
            raise SystemExit("%s: label %r not found in the seed" % (self.what, alternatives or pattern))
        if advance:
            self.pos = best.end()
        return clean_label(best.group(0)), best.start()


# --------------------------------------------------------------------------
# Splitting a seed into narrative and table regions

def split_seed(text, name):
    lines = text.splitlines()

    def first(pred, start=0, what=""):
        for i in range(start, len(lines)):
            if pred(lines[i]):
                return i
        raise SystemExit("%s: cannot find %s" % (name, what))

    t1_start = first(lambda l: re.search(fuzzy("第二十条第（一）项"), l), 0, "table 1")
    t2_head = first(lambda l: "收到和处理政府信息公开申请情况" in l, t1_start, "table 2 heading")
    t3_head = first(lambda l: re.match(r"^\s*四、", l) and ("行政复议" in l or "行政诉讼" in l),
                    t2_head + 1, "table 3 heading")
    t3_start = first(lambda l: l.strip().startswith("行政复议"), t3_head + 1, "table 3")
    t3_end = first(lambda l: re.match(r"^\s*五、", l), t3_start, "section 五")

    blocks = []

    def narrative(seq):
        for l in seq:
            s = l.strip()
            if s:
                blocks.append(("p", s))

    narrative(lines[:t1_start])
    blocks.append(("table", 1))
    narrative([lines[t2_head]])
    blocks.append(("table", 2))
    narrative(lines[t3_head:t3_start])
    blocks.append(("table", 3))
    narrative(lines[t3_end:])
    regions = {
        1: "\n".join(lines[t1_start:t2_head]),
        2: "\n".join(lines[t2_head + 1:t3_head]),
        3: "\n".join(lines[t3_start:t3_end]),
    }
    return blocks, regions


def numeric_tokens(region_text):
    toks = [t.strip(" \u3000\u00a0") for t in re.split(r"[\t\n]", region_text)]
    return [t for t in toks if re.fullmatch(r"\d+(?:\.\d+)?", t)]


def fmt(v):
    if v is None:
        return ""
    if isinstance(v, float):
        return ("%f" % v).rstrip("0").rstrip(".")
    return str(v)


# --------------------------------------------------------------------------
# HTML

def esc(s):
    return html.escape(s, quote=False)


def td(text, cls=None, colspan=1, rowspan=1):
    attrs = ""
    if colspan > 1:
        attrs += ' colspan="%d"' % colspan
    if rowspan > 1:
        attrs += ' rowspan="%d"' % rowspan
    if cls:
        # LibreOffice's HTML import ignores class selectors for alignment:
        # use the align/valign attributes.
        attrs += ' align="%s" valign="middle"' % ("left" if cls in ("l", "note") else "center")
    return "<td%s>%s</td>" % (attrs, esc(text))


def table_open(widths, padding=3):
    # style="width:N%" -- LibreOffice's import lets the content override the
    # width="N%" attribute when rows hold rowspans.
    cols = "".join('<col style="width:%s%%">' % w for w in widths)
    return ('<table width="100%%" border="1" cellspacing="0" cellpadding="%d">'
            "<colgroup>%s</colgroup>" % (padding, cols))


def build_table1(region, cells, name, setup, record):
    r = Region(region, name + " table 1")
    t1rows = record.setdefault("t1", [])
    t = cells["disclosure"]
    L = lambda *alts: r.find(list(alts))[0]
    out = [table_open([28, 24, 24, 24], setup["padding"])]
    out.append("<tr>%s</tr>" % td(L("第二十条第（一）项"), "h", colspan=4))
    hdr = [L("信息内容"), L("本年制发件数"), L("本年废止件数", "本年度止件数"), L("现行有效件数")]
    out.append("<tr>%s</tr>" % "".join(td(h, "h") for h in hdr))
    for rid in ("regulations", "normative_documents"):
        lab = L("规章") if rid == "regulations" else L("行政规范性文件")
        vals = [fmt(t[rid][c]) for c in ("issued", "repealed", "in_force")]
        t1rows.append((lab, vals))
        out.append("<tr>%s%s</tr>" % (td(lab, "c"), "".join(td(v, "n") for v in vals)))
    blocks = [("第二十条第（五）项", "本年处理决定数量", None, [("licensing", "行政许可")]),
              ("第二十条第（六）项", "本年处理决定数量", None,
               [("punishment", "行政处罚"), ("coercion", "行政强制")]),
              ("第二十条第（八）项", None,
               r"本年收费金额\s*[（(]\s*单位\s*[：:][^）)\t\n]*[）)]",
               [("fees", "行政事业性收费")])]
    for item, head, head_pat, rows in blocks:
        out.append("<tr>%s</tr>" % td(L(item), "h", colspan=4))
        content = L("信息内容")
        head_text = r.find([head] if head else [], pattern=head_pat)[0]
        out.append("<tr>%s%s</tr>" % (td(content, "h"), td(head_text, "h", colspan=3)))
        for rid, lab in rows:
            col = T1_ROWS[[x[0] for x in T1_ROWS].index(rid)][1][0]
            lab = L(lab)
            t1rows.append((lab, [fmt(t[rid][col])]))
            out.append("<tr>%s%s</tr>" % (td(lab, "c"), td(fmt(t[rid][col]), "n", colspan=3)))
    out.append("</table>")
    return "\n".join(out)


def build_table2(region, cells, name, setup, record):
    r = Region(region, name + " table 2")
    a = cells["applications"]
    note, _ = r.find(["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"], start=0)
    applicant, applicant_at = r.find(["申请人情况"], start=0)
    natural, _ = r.find(["自然人"])
    legal, _ = r.find(["法人或其他组织"])
    orgs = [r.find([x])[0] for x in ("商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他")]
    header_end = r.pos
    total, total_at = r.find(["总计"], start=0, advance=False)
    # Where the seed puts 总计: on the 申请人情况 line (merged over 3 header
    # rows) or on the 自然人 line (merged over the 2 lower rows).
    total_in_row1 = "\n" not in region[applicant_at:total_at] and total_at > applicant_at
    r.pos = header_end

    record["t2"] = [[fmt(a[rid][c]) for c in T2_COLS] for rid, _, _ in T2_ROWS]
    out = [table_open([7, 10, 34] + [7] * 7, setup["padding"])]
    if total_in_row1:
        out.append("<tr>%s%s%s</tr>" % (td(note, "note", colspan=3, rowspan=3),
                                        td(applicant, "h", colspan=6), td(total, "h", rowspan=3)))
        out.append("<tr>%s%s</tr>" % (td(natural, "h", rowspan=2), td(legal, "h", colspan=5)))
    else:
        out.append("<tr>%s%s</tr>" % (td(note, "note", colspan=3, rowspan=3),
                                      td(applicant, "h", colspan=7)))
        out.append("<tr>%s%s%s</tr>" % (td(natural, "h", rowspan=2), td(legal, "h", colspan=5),
                                        td(total, "h", rowspan=2)))
    out.append("<tr>%s</tr>" % "".join(td(o, "h") for o in orgs))

    def vals(rid):
        return "".join(td(fmt(a[rid][c]), "n") for c in T2_COLS)

    seen_groups = set()
    for rid, alts, group in T2_ROWS:
        cells_html = ""
        if rid in ("new", "carried_in", "carried_over"):
            cells_html = td(r.find(alts)[0], "l", colspan=3)
        elif rid == "granted":
            result = r.find(["三、本年度办理结果"])[0]
            cells_html = td(result, "c", rowspan=22) + td(r.find(alts)[0], "l", colspan=2)
        elif rid in ("partial", "outcome_total"):
            cells_html = td(r.find(alts)[0], "l", colspan=2)
        else:
            if group not in seen_groups:
                seen_groups.add(group)
                n = sum(1 for x in T2_ROWS if x[2] == group)
                cells_html = td(r.find(T2_GROUP_LABELS[group])[0], "c", rowspan=n)
            cells_html += td(r.find(alts)[0], "l")
        out.append("<tr>%s%s</tr>" % (cells_html, vals(rid)))
    out.append("</table>")
    return "\n".join(out)


def build_table3(region, cells, name, setup, record):
    r = Region(region, name + " table 3")
    v = cells["review_litigation"]
    review = r.find(["行政复议"])[0]
    litigation = r.find(["行政诉讼"])[0]
    first = [r.find([x])[0] for x in T3_COL_LABELS]
    direct = r.find(["未经复议直接起诉"])[0]
    after = r.find(["复议后起诉"])[0]
    rest = [r.find([x])[0] for x in T3_COL_LABELS * 2]
    record["t3"] = [fmt(v[g][c]) for g in T3_GROUPS for c in T3_COLS]
    out = [table_open([round(100 / 15, 2)] * 15, setup["padding"])]
    out.append("<tr>%s%s</tr>" % (td(review, "h", colspan=5), td(litigation, "h", colspan=10)))
    out.append("<tr>%s%s%s</tr>" % ("".join(td(x, "h", rowspan=2) for x in first),
                                    td(direct, "h", colspan=5), td(after, "h", colspan=5)))
    out.append("<tr>%s</tr>" % "".join(td(x, "h") for x in rest))
    out.append("<tr>%s</tr>" % "".join(td(fmt(v[g][c]), "n") for g in T3_GROUPS for c in T3_COLS))
    out.append("</table>")
    return "\n".join(out)


DATE_RE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")


def classify(blocks):
    """Give each narrative paragraph a role: title, heading, body, sign."""
    roles = []
    in_title = True
    for kind, text in blocks:
        if kind != "p":
            roles.append(None)
            in_title = False
            continue
        if in_title and len(text) < 40:
            roles.append("title")
            if text.endswith("报告"):
                in_title = False
            continue
        in_title = False
        roles.append("heading" if SECTION_RE.match(text) and len(text) < 40 else "body")
    # signature block: a closing date line and the agency line just above it
    ps = [i for i, (k, _) in enumerate(blocks) if k == "p"]
    if ps and DATE_RE.match(blocks[ps[-1]][1]):
        roles[ps[-1]] = "sign"
        if len(ps) > 1 and len(blocks[ps[-2]][1]) < 25 and "。" not in blocks[ps[-2]][1]:
            roles[ps[-2]] = "sign"
    return roles


def build_html(name, text, cells, setup):
    """Returns (html, record); record holds what the tables show, for verify()."""
    record = {}
    blocks, regions = split_seed(text, name)
    check_values(name, regions, cells)
    roles = classify(blocks)
    css = """
@page {{ size: {page_w}cm {page_h}cm; margin: {margin_tb}cm {margin_lr}cm; }}
body {{ font-family: "{font}"; font-size: {body_pt}pt; }}
p {{ margin-top: 0; margin-bottom: 4pt; line-height: 150%; }}
p.title {{ text-align: center; font-size: {title_pt}pt; font-weight: bold; }}
p.heading {{ text-indent: {indent}pt; font-weight: bold; }}
p.body {{ text-indent: {indent}pt; text-align: justify; }}
p.sign {{ text-align: right; }}
p.gap {{ margin: 0; font-size: 9pt; }}
td {{ font-family: "{font}"; font-size: {table_pt}pt; }}
""".format(font=FONT, indent=2 * setup["body_pt"], **setup)
    body = []
    for (kind, val), role in zip(blocks, roles):
        if kind == "p":
            body.append('<p class="%s">%s</p>' % (role, esc(val)))
        else:
            builder = {1: build_table1, 2: build_table2, 3: build_table3}[val]
            body.append(builder(regions[val], cells, name, setup, record))
            body.append('<p class="gap"></p>')
    doc = ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title>'
           "<style>%s</style></head><body>\n%s\n</body></html>\n"
           % (esc(name), css, "\n".join(body)))
    return doc, record


def check_values(name, regions, cells):
    """The numbers of each table region of the seed, in reading order, must be
    the non-null cells of seeds-expected.json (so the fixture's cells are the
    seed's cells)."""
    t1 = [cells["disclosure"][rid][c] for rid, cols in T1_ROWS for c in cols]
    t2 = [cells["applications"][rid][c] for rid, _, _ in T2_ROWS for c in T2_COLS]
    t3 = [cells["review_litigation"][g][c] for g in T3_GROUPS for c in T3_COLS]
    for n, expected in ((1, t1), (2, t2), (3, t3)):
        want = [fmt(x) for x in expected if x is not None]
        got = [fmt(float(x)) if "." in x else x for x in numeric_tokens(regions[n])]
        if got != want:
            raise SystemExit("%s table %d: seed numbers %s differ from seeds-expected.json %s"
                             % (name, n, got, want))


# --------------------------------------------------------------------------
# Checking the pdftotext output

NUM_RE = re.compile(r"\d+(?:\.\d+)?")


def trailing_numbers(line):
    out = []
    for tok in reversed(line.split()):
        if not NUM_RE.fullmatch(tok):
            break
        out.append(tok)
    return out[::-1]


def verify(pdf, text, record, pdftotext):
    """Problems found in the -layout text: text off the page, a table-1 label
    whose line does not end with its value(s) (nothing after it for an empty
    cell), the 25 rows of table 2 not showing their 7 numbers on one line each,
    in order, or the 15 numbers of table 3 not on one line."""
    problems = []
    bbox = run([pdftotext, "-bbox", str(pdf), "-"]).stdout
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', bbox, re.S):
        w, h = float(page.group(1)), float(page.group(2))
        for m in re.finditer(r'xMin="([-\d.]+)" yMin="([-\d.]+)" xMax="([-\d.]+)" '
                             r'yMax="([-\d.]+)">([^<]*)<', page.group(3)):
            x0, y0, x1, y1 = map(float, m.groups()[:4])
            if x0 < 0 or y0 < 0 or x1 > w + 0.5 or y1 > h + 0.5:
                problems.append("text outside the page: %r" % m.group(5))

    lines = text.replace("\f", "\n").split("\n")
    start = next((i for i, l in enumerate(lines) if re.search(fuzzy("第二十条第（一）项"), l)), None)
    if start is None:
        return problems + ["table 1 not found"]
    cur = start
    for label, vals in record["t1"]:
        i = next((j for j in range(cur, len(lines)) if lines[j].strip().startswith(label)), None)
        if i is None:
            problems.append("table 1: no line starts with %r" % label)
            continue
        rest = lines[i].strip()[len(label):].split()
        if rest != [v for v in vals if v != ""]:
            problems.append("table 1: %r line shows %s, expected %s" % (label, rest, vals))
        cur = i + 1

    rows = []
    for j in range(cur, len(lines)):
        nums = trailing_numbers(lines[j])
        if len(rows) < 25 and len(nums) >= 7:
            rows.append(nums[-7:])
        elif len(rows) == 25 and len(nums) >= 15:
            if nums[-15:] != record["t3"]:
                problems.append("table 3: line shows %s, expected %s" % (nums[-15:], record["t3"]))
            break
    else:
        problems.append("table 3: no line with its 15 numbers")
    if any("" in r for r in record["t2"]):
        problems.append("table 2 has empty cells: its rows were not checked")
    elif rows != record["t2"]:
        problems.append("table 2: rows %s, expected %s" % (rows, record["t2"]))
    return problems


# --------------------------------------------------------------------------

def run(cmd, **kw):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, **kw)
    if res.returncode != 0:
        raise SystemExit("command failed (%d): %s\n%s%s" % (res.returncode, " ".join(cmd),
                                                           res.stdout, res.stderr))
    return res


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--shared", type=Path, default=DEFAULT_SHARED,
                    help="folder holding seeds/ and spec/ (default: %(default)s)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT,
                    help="output folder (default: %(default)s)")
    ap.add_argument("--keep-temp", action="store_true",
                    help="keep the temporary HTML/PDF folder and print its path")
    args = ap.parse_args()

    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    pdftotext = shutil.which("pdftotext")
    if not soffice or not pdftotext:
        raise SystemExit("needs soffice (libreoffice-writer-nogui) and pdftotext (poppler-utils)")

    expected = json.loads((args.shared / "spec" / "seeds-expected.json").read_text(encoding="utf-8"))
    seeds = sorted((args.shared / "seeds").glob("*.txt"))
    tmp = Path(tempfile.mkdtemp(prefix="gkaudit-layout-"))
    try:
        jobs = []
        for prefix, suffix, setup in VARIANTS:
            matches = [p for p in seeds if p.name.startswith(prefix + "_")]
            if len(matches) != 1:
                raise SystemExit("seed %s_*.txt: found %d files" % (prefix, len(matches)))
            seed = matches[0]
            text = seed.read_text(encoding="utf-8-sig")
            cells = expected["files"][seed.name]["tables"]
            stem = "%s.%s" % (seed.stem, suffix)
            doc, record = build_html(seed.name, text, cells, setup)
            (tmp / (stem + ".html")).write_text(doc, encoding="utf-8")
            jobs.append((stem, record))

        profile = (tmp / "lo-profile").as_uri()
        run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
             "--infilter=HTML (StarWriter)", "--convert-to", "pdf:writer_pdf_Export",
             "--outdir", str(tmp)] + [str(tmp / (s + ".html")) for s, _ in jobs])

        args.out.mkdir(parents=True, exist_ok=True)
        failed = False
        for stem, record in jobs:
            pdf = tmp / (stem + ".pdf")
            if not pdf.exists():
                raise SystemExit("soffice produced no %s" % pdf.name)
            txt = tmp / (stem + ".txt")
            run([pdftotext, "-layout", "-enc", "UTF-8", str(pdf), str(txt)])
            data = txt.read_bytes().decode("utf-8")  # must be valid UTF-8
            dest = args.out / (stem + ".txt")
            dest.write_text(data, encoding="utf-8", newline="")
            print("wrote %s (%d pages)" % (dest, data.count("\f")))
            for problem in verify(pdf, data, record, pdftotext):
                failed = True
                print("  PROBLEM: " + problem, file=sys.stderr)
        if failed:
            raise SystemExit("some fixtures do not show the tables as expected (see above)")
    finally:
        if args.keep_temp:
            print("temporary files kept in", tmp, file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
