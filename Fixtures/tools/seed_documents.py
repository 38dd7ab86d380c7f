#!/usr/bin/env python3
"""The five seeds as the documents portals publish: web pages (GBK and UTF-8) and Word documents.

Each seed's text is read back into what it was copied from: paragraphs, and tables as grids of cells. A seed's
table is written either a row per line with tab-separated cells (000, 002, 003) or a cell per line, each
starting with a tab, rows apart by blank lines (001, 004); a line without a tab straight after a cell goes on
that cell. Merged cells come back as spans: a text cell followed by empty cells in its row spans them
(colspan / w:gridSpan), and a text label over empty cells in its column, in rows that carry other cells,
spans those rows (rowspan / w:vMerge). A reader that expands the spans into empty cells gets each seed's
rows back as the seed has them.

Writes Fixtures/documents/html/<seed>.gbk.html (GBK, <meta charset=gbk>, characters GBK lacks as character
references), <seed>.utf8.html (UTF-8, the charset in an http-equiv meta; seed 001 inside a portal's layout
table), and Fixtures/documents/docx/<seed>.docx. Run from the repository root:

    python3 Fixtures/tools/seed_documents.py
"""
import html
import os
import re
import sys
import zipfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SEEDS = os.path.join(ROOT, "Fixtures", "seeds")
OUT = os.path.join(ROOT, "Fixtures", "documents")
NUMBER = re.compile(r"^[\s\u3000]*-?[0-9０-９.,]*[\s\u3000]*$")


def blocks(text):
    """The seed as a list of ("p", text) and ("table", rows), rows being lists of cell texts."""
    lines = text.split("\n")
    cell_mode = sum(1 for l in lines if l.startswith("\t") and "\t" not in l[1:]) > 100
    result, i = [], 0
    while i < len(lines):
        line = lines[i]
        if "\t" not in line:
            if line.strip():
                result.append(("p", line))
            i += 1
            continue
        rows, i = (cell_table if cell_mode else row_table)(lines, i)
        result.append(("table", rows))
    return result


def row_table(lines, i):
    """A table written a row per line: tab lines, with single blank lines between them inside the table."""
    rows = []
    while i < len(lines):
        if "\t" in lines[i]:
            rows.append(lines[i].split("\t"))
            i += 1
        elif not lines[i].strip() and i + 1 < len(lines) and "\t" in lines[i + 1]:
            i += 1
        else:
            break
    return rows, i


def cell_table(lines, i):
    """A table written a cell per line (each starting with a tab), its rows apart by blank lines."""
    rows, row = [], []
    def starts_cell(n):
        return n < len(lines) and lines[n].startswith("\t")
    while i < len(lines):
        line = lines[i]
        if line.startswith("\t"):
            row.append(line[1:])
        elif line.strip() and row:
            row[-1] += "\n" + line  # the cell's text goes on over a line break
        elif (not line.strip() and row and i + 2 < len(lines) and lines[i + 1].strip() and not starts_cell(i + 1)
              and starts_cell(i + 2)):
            # a cell's text broken by an empty line of its own ("结果", "", "维持"): the same cell goes on
            row[-1] += "\n"
        elif not line.strip() and starts_cell(i + 1):
            if row:
                rows.append(row)
            row = []
        else:
            break
        i += 1
    if row:
        rows.append(row)
    return rows, i


def spans(rows):
    """Each written cell of the grid as (row, column, text, rowspan, colspan); covered places are left out."""
    width = max(len(r) for r in rows)
    grid = [r + [None] * (width - len(r)) for r in rows]  # None: past the row's own cells
    claimed = [[False] * width for _ in grid]
    cells = []
    for r, row in enumerate(grid):
        for c, text in enumerate(row):
            if claimed[r][c] or text is None:
                continue
            claimed[r][c] = True
            colspan = rowspan = 1
            label = text.strip() and not NUMBER.match(text)
            if label:
                while c + colspan < width and grid[r][c + colspan] == "" and not claimed[r][c + colspan]:
                    claimed[r][c + colspan] = True
                    colspan += 1
            if label and colspan == 1:
                while (r + rowspan < len(grid) and grid[r + rowspan][c] == "" and not claimed[r + rowspan][c]
                       and any(t and t.strip() for t in grid[r + rowspan][c + 1:])):
                    claimed[r + rowspan][c] = True
                    rowspan += 1
            cells.append((r, c, text, rowspan, colspan))
    return cells, len(grid), width


def html_page(name, parts, charset, http_equiv, layout_table):
    title = next((t for kind, t in parts if kind == "p"), name)
    body = []
    for kind, content in parts:
        if kind == "p":
            body.append("<p style=\"text-indent:2em\">%s</p>" % html.escape(content, quote=False))
            continue
        cells, height, _ = spans(content)
        out = ["<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" class=\"MsoNormalTable\">", "<tbody>"]
        for r in range(height):
            out.append("<tr>")
            for (cr, _, text, rowspan, colspan) in (x for x in cells if x[0] == r):
                attrs = (" rowspan=\"%d\"" % rowspan if rowspan > 1 else "") + (" colspan=\"%d\"" % colspan if colspan > 1 else "")
                inner = "<br/>".join(html.escape(t, quote=False) for t in text.split("\n"))
                out.append("<td%s><p align=\"center\"><span style=\"font-size:10.5pt\">%s</span></p></td>"
                           % (attrs, inner.replace("  ", "&nbsp; ")))
            out.append("</tr>")
        out += ["</tbody>", "</table>"]
        body.append("\n".join(out))
    meta = ("<meta http-equiv=\"Content-Type\" content=\"text/html; charset=%s\">" % charset if http_equiv
            else "<meta charset=\"%s\">" % charset)
    content = "\n".join(body)
    if layout_table:
        content = ("<table width=\"100%\" class=\"layout\"><tr><td class=\"nav\">首页 &gt; 政务公开 &gt; 年度报告</td></tr>\n"
                   "<tr><td class=\"article\">\n" + content + "\n</td></tr></table>")
    return ("<!DOCTYPE html>\n<html>\n<head>\n%s\n<title>%s</title>\n"
            "<style>p { margin: 0 } td { border: 1px solid #000 }</style>\n"
            "<script>var _hmt = _hmt || []; if (1 < 2) { document.write('<p>not text</p>'); }</script>\n"
            "</head>\n<body>\n<div class=\"content\">\n%s\n</div>\n"
            "<div class=\"footer\">主办单位 &copy; 版权所有&nbsp;&nbsp;<!-- 统计代码 --></div>\n</body>\n</html>\n"
            % (meta, html.escape(title, quote=False), content))


W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_text(text):
    """A run's text: tabs as w:tab, line breaks as w:br."""
    runs = []
    for n, line in enumerate(text.split("\n")):
        if n:
            runs.append("<w:br/>")
        for m, piece in enumerate(line.split("\t")):
            if m:
                runs.append("<w:tab/>")
            if piece:
                runs.append("<w:t xml:space=\"preserve\">%s</w:t>" % html.escape(piece, quote=False))
    return "<w:r><w:rPr><w:rFonts w:eastAsia=\"宋体\"/></w:rPr>%s</w:r>" % "".join(runs)


def docx_document(parts):
    body = []
    for kind, content in parts:
        if kind == "p":
            body.append("<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr>%s</w:p>" % docx_text(content))
            continue
        cells, height, width = spans(content)
        at = {(r, c): (text, rowspan, colspan) for (r, c, text, rowspan, colspan) in cells}
        merged_from = {}
        for (r, c, _, rowspan, colspan) in cells:
            for k in range(1, rowspan):
                merged_from[(r + k, c)] = colspan
        rows = []
        for r in range(height):
            tcs, c = [], 0
            while c < width:
                if (r, c) in at:
                    text, rowspan, colspan = at[(r, c)]
                    props = ("<w:gridSpan w:val=\"%d\"/>" % colspan if colspan > 1 else "") + \
                            ("<w:vMerge w:val=\"restart\"/>" if rowspan > 1 else "")
                    tcs.append("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/>%s</w:tcPr><w:p>%s</w:p></w:tc>"
                               % (props, docx_text(text) if text else ""))
                    c += colspan
                elif (r, c) in merged_from:
                    colspan = merged_from[(r, c)]
                    span = "<w:gridSpan w:val=\"%d\"/>" % colspan if colspan > 1 else ""
                    tcs.append("<w:tc><w:tcPr>%s<w:vMerge/></w:tcPr><w:p/></w:tc>" % span)
                    c += colspan
                else:
                    tcs.append("<w:tc><w:tcPr><w:tcW w:w=\"0\" w:type=\"auto\"/></w:tcPr><w:p/></w:tc>")
                    c += 1
            rows.append("<w:tr>%s</w:tr>" % "".join(tcs))
        grid = "".join("<w:gridCol w:w=\"%d\"/>" % (9000 // width) for _ in range(width))
        body.append("<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>"
                    "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\"/><w:left w:val=\"single\" w:sz=\"4\"/>"
                    "<w:bottom w:val=\"single\" w:sz=\"4\"/><w:right w:val=\"single\" w:sz=\"4\"/>"
                    "<w:insideH w:val=\"single\" w:sz=\"4\"/><w:insideV w:val=\"single\" w:sz=\"4\"/></w:tblBorders>"
                    "</w:tblPr><w:tblGrid>%s</w:tblGrid>%s</w:tbl>" % (grid, "".join(rows)))
        body.append("<w:p/>")
    return ("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<w:document xmlns:w=\"%s\"><w:body>%s<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
            "<w:pgMar w:top=\"1440\" w:right=\"1200\" w:bottom=\"1440\" w:left=\"1200\"/></w:sectPr></w:body></w:document>"
            % (W, "".join(body)))


def write_docx(path, parts):
    files = {
        "[Content_Types].xml": "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
            "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            "<Override PartName=\"/word/document.xml\" "
            "ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>",
        "_rels/.rels": "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
            "officeDocument\" Target=\"word/document.xml\"/></Relationships>",
        "word/document.xml": docx_document(parts),
    }
    temporary = path + ".tmp"
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in files.items():
            info = zipfile.ZipInfo(name, date_time=(2025, 1, 20, 0, 0, 0))  # fixed: the same bytes every run
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))
    os.replace(temporary, path)


def write(path, data):
    temporary = path + ".tmp"
    with open(temporary, "wb") as f:
        f.write(data)
    os.replace(temporary, path)


def main():
    os.makedirs(os.path.join(OUT, "html"), exist_ok=True)
    os.makedirs(os.path.join(OUT, "docx"), exist_ok=True)
    for name in sorted(os.listdir(SEEDS)):
        if not name.endswith(".txt"):
            continue
        stem = name[:-4]
        with open(os.path.join(SEEDS, name), encoding="utf-8") as f:
            parts = blocks(f.read().replace("\r\n", "\n"))
        page = html_page(stem, parts, "gbk", http_equiv=False, layout_table=False)
        write(os.path.join(OUT, "html", stem + ".gbk.html"), page.encode("gbk", errors="xmlcharrefreplace"))
        page = html_page(stem, parts, "utf-8", http_equiv=True, layout_table=stem.startswith("001"))
        write(os.path.join(OUT, "html", stem + ".utf8.html"), page.encode("utf-8"))
        write_docx(os.path.join(OUT, "docx", stem + ".docx"), parts)
        print("%s: %d paragraphs, %d tables" % (stem, sum(1 for k, _ in parts if k == "p"),
                                                 sum(1 for k, _ in parts if k == "table")), file=sys.stderr)


if __name__ == "__main__":
    main()
