#!/usr/bin/env python3
"""The five seeds as PDFs, and two PDFs gkaudit cannot read, from the seeds' Word documents.

Writes, from Fixtures/documents/docx/<seed>.docx (made by seed_documents.py):
  Fixtures/documents/pdf/<seed>.pdf    the Word document printed to PDF by LibreOffice Writer, with a page
                                       footer as portals' PDFs have: "— N —" (000), "- N -" (001),
                                       "第 N 页 共 M 页" (002), "第 N 页" (003), none (004); table 2's columns
                                       in the official template's proportions (its three label columns wide,
                                       the seven number columns narrow) rather than the generated document's
                                       ten equal columns, which wrap a row's label over up to eight lines
  Fixtures/documents/pdf-unreadable/scan.pdf
                                       a scan: the first two pages of 000's PDF as grey images, no text
                                       but a page number ("- N -") a page, as scanners' software adds
  Fixtures/documents/pdf-unreadable/encrypted.pdf
                                       seed 003 with an open password ("gkaudit")
and checks that pdftotext reads each seed's PDF with its footers, and nothing but page numbers in the scan.

With --narrow, writes only Fixtures/documents/pdf-narrow/<seed>.pdf: the same PDFs with table 2's ten equal
columns kept as the generated documents have them, so that its row labels wrap over up to eight lines beside
their groups' labels (the harder layout).

Needs soffice (libreoffice-writer-nogui), pdftotext and pdftoppm (poppler-utils) and the font WenQuanYi
Zen Hei (fonts-wqy-zenhei). Standard library only. Run from the repository root:

    python3 Fixtures/tools/make_pdf_fixtures.py [--narrow]
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCX = os.path.join(ROOT, "Fixtures", "documents", "docx")
OUT = os.path.join(ROOT, "Fixtures", "documents", "pdf")
NARROW_OUT = os.path.join(ROOT, "Fixtures", "documents", "pdf-narrow")
UNREADABLE = os.path.join(ROOT, "Fixtures", "documents", "pdf-unreadable")

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

# Each seed's footer: text runs and fields (PAGE, NUMPAGES), and the pattern pdftotext must show for it.
FOOTERS = {
    "000": (["— ", "PAGE", " —"], r"—\s*\d+\s*—"),
    "001": (["- ", "PAGE", " -"], r"-\s*\d+\s*-"),
    "002": (["第 ", "PAGE", " 页 共 ", "NUMPAGES", " 页"], r"第\s*\d+\s*页\s*共\s*\d+\s*页"),
    "003": (["第 ", "PAGE", " 页"], r"第\s*\d+\s*页"),
    "004": None,
}
PASSWORD = "gkaudit"


def run(cmd):
    res = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if res.returncode != 0:
        sys.exit("command failed (%d): %s\n%s" % (res.returncode, " ".join(cmd), res.stderr.decode(errors="replace")))
    return res.stdout


def footer_xml(parts):
    runs = []
    for part in parts:
        if part in ("PAGE", "NUMPAGES"):
            runs.append('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                        '<w:r><w:instrText xml:space="preserve"> %s </w:instrText></w:r>'
                        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r>'
                        '<w:r><w:fldChar w:fldCharType="end"/></w:r>' % part)
        else:
            runs.append('<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % part)
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:ftr xmlns:w="%s"><w:p><w:pPr>'
            '<w:jc w:val="center"/></w:pPr>%s</w:p></w:ftr>' % (W, "".join(runs)))


# Table 2's grid (twips): 三、本年度办理结果, the (三)…(六) groups, the row labels, then the seven numbers.
TABLE2_GRID = [900, 1300, 3000] + [540] * 7


def grid(widths):
    return "<w:tblGrid>%s</w:tblGrid>" % "".join('<w:gridCol w:w="%d"/>' % w for w in widths)


def prepare(source, dest, parts, narrow):
    """The Word document with table 2 in the template's proportions (unless `narrow`) and, with `parts`, a
    footer on every page (a footer part, its relationship and content type)."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "[Content_Types].xml" and parts:
                data = data.replace(b"</Types>", b'<Override PartName="/word/footer1.xml" ContentType="application/'
                                    b'vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>')
            elif item.filename == "word/document.xml":
                data = prepare_body(data.decode("utf-8"), source, parts, narrow).encode("utf-8")
            zout.writestr(item, data)
        if parts:
            zout.writestr("word/_rels/document.xml.rels",
                          '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
                          'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdFooter" '
                          'Type="%s/footer" Target="footer1.xml"/></Relationships>' % R)
            zout.writestr("word/footer1.xml", footer_xml(parts))


def prepare_body(text, source, parts, narrow):
    equal = grid([900] * 10)
    if text.count(equal) != 1:
        sys.exit("%s: table 2's grid of ten equal columns not found" % source)
    if not narrow:
        text = text.replace(equal, grid(TABLE2_GRID))
    if parts:
        if "<w:sectPr>" not in text:
            sys.exit("%s: no <w:sectPr> to hang the footer on" % source)
        text = text.replace('<w:document xmlns:w="%s"' % W, '<w:document xmlns:w="%s" xmlns:r="%s"' % (W, R), 1)
        text = text.replace("<w:sectPr>", '<w:sectPr><w:footerReference w:type="default" r:id="rIdFooter"/>')
    return text


def convert(soffice, profile, sources, outdir, export="pdf:writer_pdf_Export"):
    run([soffice, "-env:UserInstallation=" + profile, "--headless", "--norestore",
         "--convert-to", export, "--outdir", outdir] + sources)


def image_pdf(pages):
    """A PDF of grey images, one a page (A4), each with its page number ("- N -") as its only text."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for number, (width, height, pixels) in enumerate(pages, 1):
        image = len(objects) + 1
        objects.append(b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                       b"/BitsPerComponent 8 /Filter /FlateDecode /Length %d >>\nstream\n"
                       % (width, height, len(zlib.compress(pixels, 9))) + zlib.compress(pixels, 9) + b"\nendstream")
        label = b"- %d -" % number
        content = b"q 595 0 0 842 0 0 cm /Im Do Q BT /F1 10 Tf 285 30 Td (%s) Tj ET" % label
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(content), content))
        kids.append(len(objects) + 1)
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /XObject << /Im %d 0 R >> /Font << /F1 3 0 R >> >> >>" % (image + 1, image))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for index, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (index, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def read_pgm(path):
    data = open(path, "rb").read()
    match = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    if not match:
        sys.exit("%s: not an 8-bit PGM" % path)
    width, height = int(match.group(1)), int(match.group(2))
    return width, height, data[match.end():match.end() + width * height]


def main():
    if sys.argv[1:] not in ([], ["--narrow"]):
        sys.exit("usage: make_pdf_fixtures.py [--narrow]")
    narrow = sys.argv[1:] == ["--narrow"]
    out = NARROW_OUT if narrow else OUT
    tools = {name: shutil.which(name) for name in ("soffice", "pdftotext", "pdftoppm")}
    if not all(tools.values()):
        sys.exit("needs soffice (libreoffice-writer-nogui), pdftotext and pdftoppm (poppler-utils)")
    if b"WenQuanYi Zen Hei" not in run(["fc-list"]):
        sys.exit("needs the font WenQuanYi Zen Hei (fonts-wqy-zenhei)")
    seeds = sorted(name for name in os.listdir(DOCX) if name.endswith(".docx"))
    if [name[:3] for name in seeds] != sorted(FOOTERS):
        sys.exit("expected the five seeds' .docx in %s, found %s" % (DOCX, seeds))
    tmp = tempfile.mkdtemp(prefix="gkaudit-pdf-")
    try:
        profile = "file://" + os.path.join(tmp, "profile")
        sources = []
        for name in seeds:
            footer = FOOTERS[name[:3]]
            source = os.path.join(tmp, name)
            prepare(os.path.join(DOCX, name), source, footer and footer[0], narrow)
            sources.append(source)
        convert(tools["soffice"], profile, sources, tmp)
        os.makedirs(out, exist_ok=True)
        for name in seeds:
            stem = name[:-len(".docx")]
            pdf = os.path.join(tmp, stem + ".pdf")
            text = run([tools["pdftotext"], "-layout", "-enc", "UTF-8", pdf, "-"]).decode("utf-8")
            pages = text.count("\f")
            footer = FOOTERS[name[:3]]
            if footer and len(re.findall(footer[1], text)) != pages:
                sys.exit("%s: %d pages, but the footer %r %d times" % (stem, pages, footer[1],
                                                                      len(re.findall(footer[1], text))))
            shutil.copyfile(pdf, os.path.join(out, stem + ".pdf"))
            print("wrote %s (%d pages)" % (os.path.relpath(os.path.join(out, stem + ".pdf"), ROOT), pages))
        if narrow:
            return

        os.makedirs(UNREADABLE, exist_ok=True)
        first = os.path.join(OUT, seeds[0][:-len(".docx")] + ".pdf")
        run([tools["pdftoppm"], "-gray", "-r", "72", "-f", "1", "-l", "2", first, os.path.join(tmp, "scan")])
        images = sorted(f for f in os.listdir(tmp) if f.startswith("scan") and f.endswith(".pgm"))
        scan = os.path.join(UNREADABLE, "scan.pdf")
        with open(scan, "wb") as f:
            f.write(image_pdf([read_pgm(os.path.join(tmp, image)) for image in images]))
        text = run([tools["pdftotext"], "-layout", "-enc", "UTF-8", scan, "-"]).decode("utf-8")
        if re.sub(r"\s|-\s*\d+\s*-", "", text):
            sys.exit("scan.pdf: text other than page numbers: %r" % text)
        print("wrote Fixtures/documents/pdf-unreadable/scan.pdf (%d pages)" % len(images))

        encrypted = 'pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},' \
                    '"DocumentOpenPassword":{"type":"string","value":"%s"}}' % PASSWORD
        os.makedirs(os.path.join(tmp, "encrypted"))
        convert(tools["soffice"], profile, [os.path.join(tmp, seeds[3])], os.path.join(tmp, "encrypted"), encrypted)
        shutil.copyfile(os.path.join(tmp, "encrypted", seeds[3][:-len(".docx")] + ".pdf"),
                        os.path.join(UNREADABLE, "encrypted.pdf"))
        print("wrote Fixtures/documents/pdf-unreadable/encrypted.pdf (password %s)" % PASSWORD)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
