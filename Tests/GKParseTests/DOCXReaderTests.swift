import Foundation
import GKModel
@testable import GKParse
import Testing
import ZIPFoundation

/// Small Word documents built here, in memory, and what the reader makes of them.
enum DOCX {
    static let namespaces = """
        xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" \
        xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" \
        xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" \
        xmlns:v="urn:schemas-microsoft-com:vml" mc:Ignorable="wps"
        """

    static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" \
        ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """

    static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" \
        Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" \
        Target="word/document.xml"/></Relationships>
        """

    /// `word/document.xml` with `body` as the body's content.
    static func document(_ body: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document \(namespaces)><w:body>\(body)<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>
        """
    }

    /// A ZIP archive of `entries` (path, bytes), each deflated unless `stored`.
    static func archive(_ entries: [(String, Data)], stored: Bool = false) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, data) in entries {
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count),
                                 compressionMethod: stored ? .none : .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        return try #require(archive.data)
    }

    /// A whole .docx whose document XML is `xml`, with `extra` entries after the usual ones.
    static func file(xml: String, extra: [(String, Data)] = [], stored: Bool = false) throws -> Data {
        try archive([("[Content_Types].xml", Data(contentTypes.utf8)), ("_rels/.rels", Data(relationships.utf8)),
                     ("word/document.xml", Data(xml.utf8))] + extra, stored: stored)
    }

    /// A whole .docx with `body` as its body.
    static func file(body: String) throws -> Data { try file(xml: document(body)) }

    /// What the reader makes of a file.
    static func read(_ data: Data, limits: DOCXReader.Limits = .standard) throws(ReadError) -> String {
        try data.withUnsafeBytes { raw in
            Result { () throws(ReadError) in
                try DOCXReader.read(raw.assumingMemoryBound(to: UInt8.self), limits: limits)
            }
        }.map { String(decoding: $0.text, as: UTF8.self) }.get()
    }

    /// The text of a .docx with `body` as its body.
    static func text(_ body: String) throws -> String { try read(try file(body: body)) }

    // Building blocks.

    static func p(_ text: String) -> String { "<w:p><w:r><w:t xml:space=\"preserve\">\(text)</w:t></w:r></w:p>" }

    /// A cell with `properties` (inside w:tcPr) holding `paragraphs`.
    static func tc(_ paragraphs: [String], _ properties: String = "") -> String {
        "<w:tc><w:tcPr><w:tcW w:w=\"1000\" w:type=\"dxa\"/>\(properties)</w:tcPr>" + paragraphs.map(p).joined() + "</w:tc>"
    }

    static func tc(_ text: String, _ properties: String = "") -> String { tc([text], properties) }

    static func tr(_ cells: String..., properties: String = "") -> String {
        "<w:tr>" + (properties.isEmpty ? "" : "<w:trPr>\(properties)</w:trPr>") + cells.joined() + "</w:tr>"
    }

    static func tbl(_ rows: String...) -> String {
        "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tblGrid><w:gridCol w:w=\"1000\"/></w:tblGrid>"
            + rows.joined() + "</w:tbl>"
    }
}

@Suite("DOCX reader")
struct DOCXReaderTests {
    // MARK: Paragraphs

    @Test("paragraphs are lines; runs join; references resolved; tabs between texts, breaks as line ends")
    func paragraphs() throws {
        let body = DOCX.p("2024 年度政府信息公开工作年度报告")
            + "<w:p><w:pPr><w:tabs><w:tab w:val=\"left\" w:pos=\"420\"/></w:tabs></w:pPr>"
            + "<w:r><w:tab/><w:t>规章</w:t><w:tab/><w:tab/></w:r><w:r><w:t>0</w:t></w:r><w:r><w:tab/></w:r></w:p>"
            + "<w:p><w:r><w:t>A &amp; B &lt;C&gt; &#x4E00;&#19968; &quot;x&apos;</w:t><w:br/><w:t>第二行</w:t>"
            + "<w:cr/><w:t>第三行</w:t><w:noBreakHyphen/><w:t>尾</w:t><w:sym w:font=\"Wingdings\" w:char=\"F0FC\"/></w:r></w:p>"
            + "<w:p/>"
            + "<w:p><w:r><w:t><![CDATA[<b>&amp;</b>]]></w:t></w:r></w:p>"
        #expect(try DOCX.text(body) == """
            2024 年度政府信息公开工作年度报告
            规章\t0
            A & B <C> 一一 "x'
            第二行
            第三行-尾

            <b>&amp;</b>

            """)
    }

    @Test("a tab after a heading's number is a space: number and heading stay one line of text")
    func numberedHeadings() throws {
        func line(_ number: String, _ heading: String) -> String {
            "<w:p><w:r><w:t>\(number)</w:t><w:tab/><w:t>\(heading)</w:t></w:r></w:p>"
        }
        let body = line("一、", "总体情况") + line("（一）", "主动公开情况") + line(" 1.", "规章") + line("第四部分", "复议")
            + line("(12)", "其他") + line("行政许可", "0") + line("、", "标点") + line("2024", "12") + line("一", "二")
        #expect(try DOCX.text(body) == "一、 总体情况\n（一） 主动公开情况\n 1. 规章\n第四部分 复议\n(12) 其他\n行政许可\t0\n、\t标点\n2024\t12\n一\t二\n")
    }

    /// 50,000 tabs in one paragraph (a quadratic reading of them took minutes; speed itself is the benchmark's).
    @Test("a long paragraph with many tabs keeps each tab between its texts")
    func manyTabs() throws {
        let numbers = (0..<50_000).map(String.init)
        let run = numbers.map { "<w:t>\($0)</w:t><w:tab/>" }.joined()
        let text = try DOCX.text("<w:p><w:r>" + run + "</w:r></w:p>")
        #expect(text == numbers.joined(separator: "\t") + "\n")
    }

    @Test("deleted, moved-away, hidden, field-code and ruby text is not read; inserted and moved-to text is")
    func revisionsAndHiddenText() throws {
        let body = "<w:p><w:r><w:t>本年</w:t></w:r>"
            + "<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>废止</w:delText></w:r></w:del>"
            + "<w:ins w:id=\"2\" w:author=\"a\"><w:r><w:t>制发</w:t></w:r></w:ins>"
            + "<w:moveFrom w:id=\"3\" w:author=\"a\"><w:r><w:t>旧</w:t></w:r></w:moveFrom>"
            + "<w:moveTo w:id=\"4\" w:author=\"a\"><w:r><w:t>件数</w:t></w:r></w:moveTo>"
            + "<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏</w:t></w:r>"
            + "<w:r><w:rPr><w:vanish w:val=\"0\"/><w:rPrChange w:id=\"5\" w:author=\"a\"><w:rPr><w:vanish/></w:rPr></w:rPrChange></w:rPr><w:t>：</w:t></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r>"
            + "<w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
            + "<w:r><w:ruby><w:rubyPr/><w:rt><w:r><w:t>jiàn</w:t></w:r></w:rt><w:rubyBase><w:r><w:t>件</w:t></w:r></w:rubyBase></w:ruby></w:r>"
            + "</w:p>"
        #expect(try DOCX.text(body) == "本年制发件数：3件\n")
    }

    @Test("content controls, hyperlinks and smart tags are read through; of mc:AlternateContent the choice only")
    func wrappers() throws {
        let textBox = "<w:txbxContent>" + DOCX.p("框内文字") + "</w:txbxContent>"
        let body = "<w:sdt><w:sdtPr><w:alias w:val=\"标题\"/></w:sdtPr><w:sdtContent>" + DOCX.p("标题控件") + "</w:sdtContent></w:sdt>"
            + "<w:p><w:hyperlink r:id=\"rId9\" xmlns:r=\"r\"><w:r><w:t>链接</w:t></w:r></w:hyperlink>"
            + "<w:smartTag w:uri=\"u\" w:element=\"date\"><w:r><w:t>2025年1月20日</w:t></w:r></w:smartTag>"
            + "<w:sdt><w:sdtContent><w:r><w:t>行内控件</w:t></w:r></w:sdtContent></w:sdt></w:p>"
            + "<w:p><w:r><w:t>锚点</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx>"
            + textBox + "</wps:txbx></wps:wsp></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>"
            + textBox + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>后</w:t></w:r></w:p>"
        #expect(try DOCX.text(body) == "标题控件\n链接2025年1月20日行内控件\n锚点后\n框内文字\n")
        // A control still showing its prompt is an empty cell.
        let prompt = "<w:sdt><w:sdtPr><w:placeholder><w:docPart w:val=\"D\"/></w:placeholder><w:showingPlcHdr/></w:sdtPr>"
            + "<w:sdtContent><w:r><w:t>单击或点击此处输入文字。</w:t></w:r></w:sdtContent></w:sdt>"
        let filled = "<w:sdt><w:sdtPr><w:showingPlcHdr w:val=\"0\"/></w:sdtPr><w:sdtContent><w:r><w:t>3</w:t></w:r></w:sdtContent></w:sdt>"
        let row = DOCX.tr(DOCX.tc("行政许可"), "<w:tc><w:p>" + prompt + "</w:p></w:tc>", "<w:tc><w:p>" + filled + "</w:p></w:tc>")
        #expect(try DOCX.text(DOCX.tbl(row)) == "行政许可\t\t3\n\n")
    }

    // MARK: Tables

    @Test("a table is a row per line, cells tab-separated, merged cells written once and their places left empty")
    func mergedCells() throws {
        let table = DOCX.tbl(
            DOCX.tr(DOCX.tc("申请人情况", "<w:gridSpan w:val=\"3\"/>"), DOCX.tc("总计", "<w:vMerge w:val=\"restart\"/>")),
            DOCX.tr(DOCX.tc("自然人", "<w:vMerge w:val=\"restart\"/>"), DOCX.tc("法人或其他组织", "<w:gridSpan w:val=\"2\"/>"),
                    DOCX.tc("", "<w:vMerge/>")),
            DOCX.tr(DOCX.tc("", "<w:vMerge w:val=\"continue\"/>"), DOCX.tc("商业企业"), DOCX.tc("科研机构"),
                    DOCX.tc("", "<w:vMerge/>")),
            DOCX.tr(DOCX.tc("1"), DOCX.tc("0"), DOCX.tc(""), DOCX.tc("1")),
            DOCX.tr(DOCX.tc("前空"), DOCX.tc("2"), properties: "<w:gridBefore w:val=\"1\"/><w:gridAfter w:val=\"1\"/>"))
        #expect(try DOCX.text(DOCX.p("表前") + table + DOCX.p("表后")) == """
            表前
            申请人情况\t\t\t总计
            自然人\t法人或其他组织\t\t
            \t商业企业\t科研机构\t
            1\t0\t\t1
            \t前空\t2\t

            表后

            """)
    }

    @Test("a cell is one line: paragraphs joined with spaces, tabs and breaks made spaces")
    func cellText() throws {
        let cell = "<w:tc>" + DOCX.p(" 结果") + DOCX.p("维持 ") + DOCX.p("")
            + "<w:p><w:r><w:tab/><w:t>第</w:t><w:br/><w:t>一项</w:t><w:tab/></w:r></w:p></w:tc>"
        #expect(try DOCX.text(DOCX.tbl(DOCX.tr(cell, DOCX.tc("0")))) == "结果 维持 第 一项\t0\n\n")
    }

    @Test("deleted rows are left out; old cell properties (w:tcPrChange) do not count; rows in content controls are read")
    func tableRevisions() throws {
        let table = DOCX.tbl(
            DOCX.tr(DOCX.tc("规章"), DOCX.tc("1")),
            DOCX.tr(DOCX.tc("删去的行"), DOCX.tc("9"), properties: "<w:del w:id=\"1\" w:author=\"a\"/>"),
            "<w:sdt><w:sdtContent>" + DOCX.tr(
                "<w:sdt><w:sdtContent>" + DOCX.tc("行政规范性文件", "<w:tcPrChange w:id=\"2\" w:author=\"a\"><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr></w:tcPrChange>") + "</w:sdtContent></w:sdt>",
                DOCX.tc("2")) + "</w:sdtContent></w:sdt>")
        #expect(try DOCX.text(table) == "规章\t1\n行政规范性文件\t2\n\n")
    }

    @Test("a table inside a cell makes the outer one a layout frame: its content is read as if it stood alone")
    func nestedTables() throws {
        let inner = DOCX.tbl(DOCX.tr(DOCX.tc("行政复议"), DOCX.tc("行政诉讼")), DOCX.tr(DOCX.tc("0"), DOCX.tc("1")))
        let outer = DOCX.tbl(DOCX.tr("<w:tc>" + DOCX.p("三、表格") + inner + DOCX.p("说明") + "</w:tc>", DOCX.tc("右栏")))
        #expect(try DOCX.text(outer) == "三、表格\n行政复议\t行政诉讼\n0\t1\n\n说明\n右栏\n")
        // A cell of six lines, or of two and 300 bytes, lays out the page; a label in three paragraphs does not.
        let article = (1...6).map { "第\($0)段" }
        #expect(try DOCX.text(DOCX.tbl(DOCX.tr(DOCX.tc("栏目"), DOCX.tc(article)))) == "栏目\n" + article.joined(separator: "\n") + "\n")
        let long = [String(repeating: "正文", count: 40), String(repeating: "内容", count: 11)]
        #expect(try DOCX.text(DOCX.tbl(DOCX.tr(DOCX.tc("栏目"), DOCX.tc(long)))) == "栏目\n" + long.joined(separator: "\n") + "\n")
        let label = ["（本列数据的勾稽关系为：", "第一项加第二项之和，", "等于第三项加第四项之和）"]
        #expect(try DOCX.text(DOCX.tbl(DOCX.tr(DOCX.tc(label), DOCX.tc("申请人情况")))) == label.joined(separator: " ") + "\t申请人情况\n\n")
        // A one-column table frames paragraphs too.
        let framed = DOCX.tbl(DOCX.tr(DOCX.tc(["一、总体情况", "正文"])), DOCX.tr(DOCX.tc("二、主动公开")))
        #expect(try DOCX.text(framed) == "一、总体情况\n正文\n二、主动公开\n")
    }

    @Test("a .docx read through the parser gives the report: title, sections and a table's cells")
    func throughParser() throws {
        let body = DOCX.p("某市某局2024年政府信息公开工作年度报告")
            + "<w:p><w:r><w:t>二、</w:t><w:tab/><w:t>主动公开政府信息情况</w:t></w:r></w:p>"
            + DOCX.tbl(
                DOCX.tr(DOCX.tc("第二十条第（一）项", "<w:gridSpan w:val=\"4\"/>")),
                DOCX.tr(DOCX.tc("信息内容"), DOCX.tc("本年制发件数"), DOCX.tc("本年废止件数"), DOCX.tc("现行有效件数")),
                DOCX.tr(DOCX.tc("规章"), DOCX.tc("0"), DOCX.tc("0"), DOCX.tc("0")),
                DOCX.tr(DOCX.tc("行政规范性文件"), DOCX.tc("3"), DOCX.tc("1"), DOCX.tc("12")))
        let (report, encoding) = try ReportParser.parse(data: try DOCX.file(body: body), file: "report.docx")
        #expect(encoding == .utf8)
        #expect(report.metadata.agency?.value == "某市某局")
        #expect(report.metadata.year?.value == 2024)
        #expect(report.sections[.proactive] != nil)
        #expect(report.cell(CellPath("disclosure.normative_documents.issued")!).value == .integer(3))
        #expect(report.cell(CellPath("disclosure.normative_documents.in_force")!).value == .integer(12))
    }

    @Test("document XML in UTF-16 (with its BOM) or declared GBK is read; another encoding, bad UTF-8 or an altChunk body is an error")
    func encodings() throws {
        let body = DOCX.p("规章") + DOCX.p("行政规范性文件")
        let utf16 = [UInt8]([0xFF, 0xFE]) + [UInt8](try #require(DOCX.document(body).data(using: .utf16LittleEndian)))
        #expect(try DOCX.read(try DOCX.archive([("word/document.xml", Data(utf16))])) == "规章\n行政规范性文件\n")
        let gbk = DOCX.document(body).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"GBK\"")
        let gbkBytes = try #require(gbk.data(using: TextDecoder.gb18030))
        #expect(try DOCX.read(try DOCX.archive([("word/document.xml", gbkBytes)])) == "规章\n行政规范性文件\n")
        let latin = DOCX.document(body).replacingOccurrences(of: "encoding=\"UTF-8\"", with: "encoding=\"ISO-8859-1\"")
        #expect(throws: ReadError.notWordDocument(reason: "正文使用了不支持的编码 iso-8859-1")) { try DOCX.read(try DOCX.file(xml: latin)) }
        var bad = Data(DOCX.document(DOCX.p("QQ")).utf8)
        bad[try #require(bad.firstRange(of: Data("QQ".utf8))).lowerBound] = 0xC3
        #expect(throws: ReadError.notWordDocument(reason: "正文含有不是 UTF-8 编码的文字")) {
            try DOCX.read(try DOCX.archive([("word/document.xml", bad)]))
        }
        #expect(throws: ReadError.notWordDocument(reason: "正文是从其他文件导入的内容（altChunk），不是 Word 自身的文字")) {
            try DOCX.text("<w:altChunk r:id=\"rId5\" xmlns:r=\"r\"/>")
        }
    }

    // MARK: Not Word documents

    @Test("garbage, a PDF, an old .doc, an empty file: each its own error")
    func otherFiles() throws {
        #expect(throws: ReadError.notWordDocument(reason: "文件不是 ZIP 压缩包（.docx 文件应是 ZIP 格式）")) {
            try DOCX.read(Data("这不是 Word 文档".utf8))
        }
        #expect(throws: ReadError.notWordDocument(reason: "文件不是 ZIP 压缩包（.docx 文件应是 ZIP 格式）")) {
            try DOCX.read(Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 >> 3) }))
        }
        #expect(throws: ReadError.notWordDocument(reason: "文件内容是 PDF，请将扩展名改为 .pdf")) { try DOCX.read(Data("%PDF-1.7".utf8)) }
        let ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 504))
        #expect(throws: ReadError.oldOrEncryptedWord) { try DOCX.read(ole) }
        #expect(ReadError.oldOrEncryptedWord.description
                == "不是有效的 Word 文档（.docx）：文件是旧版 Word 格式（.doc）或设置了打开密码的加密文档；请在 Word 中打开，取消密码后另存为 .docx 再读取")
        #expect(throws: ReadError.empty) { try DOCX.read(Data()) }
        #expect(throws: ReadError.empty) { try DOCX.read(try DOCX.file(body: "<w:p/><w:p><w:r><w:tab/></w:r></w:p>")) }
        // Through the parser, by the file's name.
        #expect(throws: ReadError.oldOrEncryptedWord) { try ReportParser.parse(data: ole, file: "旧报告.docx") }
    }

    @Test("a ZIP without word/document.xml, a damaged one, a truncated one: not a Word document")
    func damagedArchives() throws {
        let other = try DOCX.archive([("[Content_Types].xml", Data(DOCX.contentTypes.utf8)), ("word/document2.xml", Data("<x/>".utf8))])
        let missing = ReadError.notWordDocument(reason: "压缩包中没有正文 word/document.xml")
        #expect(throws: missing) { try DOCX.read(other) }
        #expect(missing.description == "不是有效的 Word 文档（.docx）：压缩包中没有正文 word/document.xml")

        let good = try DOCX.file(body: DOCX.p(String(repeating: "政府信息公开", count: 200)))
        // Cut in the middle: the central directory is gone.
        #expect(throws: ReadError.notWordDocument(reason: "文件不是 ZIP 压缩包（.docx 文件应是 ZIP 格式）")) {
            try DOCX.read(good.prefix(good.count / 2))
        }
        // The deflated text damaged: either the inflater or the checksum says so.
        var corrupt = good
        let start = try #require(Self.dataStart(of: "word/document.xml", in: good))
        for k in 0..<40 { corrupt[start + 10 + k] ^= 0x5A }
        #expect(throws: (any Error).self) { try DOCX.read(corrupt) }
        do {
            _ = try DOCX.read(corrupt)
        } catch {
            #expect(error == .notWordDocument(reason: "压缩包已损坏（正文压缩数据已损坏或不完整）")
                    || error == .notWordDocument(reason: "压缩包已损坏（正文数据校验和不符）"), "\(error)")
        }
        // The compressed size cut short: the stream runs out before it ends.
        var short = good
        let entry = try #require(Self.centralEntry(of: "word/document.xml", in: good))
        let size = Int(short[entry + 20]) | Int(short[entry + 21]) << 8
        short[entry + 20] = UInt8((size / 2) & 0xFF)
        short[entry + 21] = UInt8((size / 2) >> 8)
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（正文压缩数据已损坏或不完整）")) { try DOCX.read(short) }
        // An encrypted member.
        var encrypted = good
        encrypted[entry + 8] |= 1
        #expect(throws: ReadError.notWordDocument(reason: "正文 word/document.xml 已加密")) { try DOCX.read(encrypted) }
        // Offsets past the end, including ZIP64 ones too large for any file.
        var farOffset = good
        for k in 42..<46 { farOffset[entry + k] = 0xFE }
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（本地文件头无效）")) { try DOCX.read(farOffset) }
        var zip64 = good
        for k in 42..<46 { zip64[entry + k] = 0xFF }
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（缺少 ZIP64 扩展字段）")) { try DOCX.read(zip64) }
    }

    @Test("a ZIP64 record pointing past any file is damage, not a crash")
    func zip64Record() throws {
        func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        for offset: UInt64 in [0x7FFF_FFFF_FFFF_FFF0, 0xFFFF_FFFF_FFFF_FFFF, 10] {
            let locator = le(0x0706_4B50, 4) + le(0, 4) + le(offset, 8) + le(1, 4)
            let record = le(0x0605_4B50, 4) + le(0, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4)
                + le(0xFFFF_FFFF, 4) + le(0, 2)
            #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（ZIP64 目录记录无效）")) {
                try DOCX.read(Data([UInt8](repeating: 0x20, count: 64) + locator + record))
            }
        }
    }

    @Test("archives that trap or hang ZIPFoundation's own Archive are errors here")
    func archivesZIPFoundationCannotRead() throws {
        func le(_ value: UInt64, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) } }
        // A ZIP64 record whose central directory is at 2^64 − 16: Archive's lookup traps converting it to off_t.
        let record = le(0x0606_4B50, 4) + le(44, 8) + le(45, 2) + le(45, 2) + le(0, 4) + le(0, 4) + le(1, 8) + le(1, 8)
            + le(46, 8) + le(0xFFFF_FFFF_FFFF_FFF0, 8)
        let locator = le(0x0706_4B50, 4) + le(0, 4) + le(4, 8) + le(1, 4)
        let zip64 = le(0x0605_4B50, 4) + le(0, 4) + le(0xFFFF, 2) + le(0xFFFF, 2) + le(0xFFFF_FFFF, 4) + le(0xFFFF_FFFF, 4) + le(0, 2)
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（ZIP64 目录记录无效）")) {
            try DOCX.read(Data([0, 0, 0, 0] + record + locator + zip64))
        }
        // A deflate stream (one stored block of 65,535 bytes) running past the end of the file: Archive's
        // extract waits for more bytes for ever.
        let name = Array("word/document.xml".utf8)
        let stream: [UInt8] = [0x00, 0xFF, 0xFF, 0x00, 0x00]
        let fields = le(0, 2) + le(8, 2) + le(0, 4) + le(0, 4) + le(UInt64(stream.count), 4) + le(100, 4) + le(UInt64(name.count), 2) + le(0, 2)
        let local = le(0x0403_4B50, 4) + le(20, 2) + fields + name
        let central = le(0x0201_4B50, 4) + le(20, 2) + le(20, 2) + fields + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(0, 4) + name
        let end = le(0x0605_4B50, 4) + le(0, 4) + le(1, 2) + le(1, 2) + le(UInt64(central.count), 4)
            + le(UInt64(local.count + stream.count), 4) + le(0, 2)
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（正文压缩数据已损坏或不完整）")) {
            try DOCX.read(Data(local + stream + central + end))
        }
    }

    @Test("stored (uncompressed) members are read; other entries, odd paths included, are ignored; a second document.xml is refused")
    func entries() throws {
        let stored = try DOCX.file(xml: DOCX.document(DOCX.p("不压缩")), stored: true)
        #expect(try DOCX.read(stored) == "不压缩\n")
        let odd = try DOCX.file(xml: DOCX.document(DOCX.p("正文")),
                                extra: [("../../gkaudit-docx-escape.txt", Data("x".utf8)), ("/etc/passwd", Data("y".utf8)),
                                        ("word/../word/document.xml", Data("<bad".utf8))])
        #expect(try DOCX.read(odd) == "正文\n")
        #expect(!FileManager.default.fileExists(atPath: "../../gkaudit-docx-escape.txt"))
        let twice = try DOCX.file(xml: DOCX.document(DOCX.p("一")), extra: [("word/document.xml", Data(DOCX.document(DOCX.p("二")).utf8))])
        #expect(throws: ReadError.notWordDocument(reason: "压缩包已损坏（含有两个 word/document.xml）")) { try DOCX.read(twice) }
    }

    // MARK: Hostile documents

    @Test("a zip bomb: 200 MB of zeros deflated is refused by its ratio, having inflated little of it")
    func zipBomb() throws {
        let size = 200 << 20
        let archive = try Archive(data: Data(), accessMode: .create)
        let chunk = Data(count: 1 << 20)
        try archive.addEntry(with: "word/document.xml", type: .file, uncompressedSize: Int64(size),
                             compressionMethod: .deflate, bufferSize: 1 << 20) { position, length in
            length == chunk.count ? chunk : Data(count: length)
        }
        let bomb = try #require(archive.data)
        #expect(bomb.count < 1 << 20)
        let refused = ReadError.hostileDocument(reason: "正文 word/document.xml 的压缩比超过 200 倍，疑为“压缩炸弹”")
        #expect(throws: refused) { try DOCX.read(bomb) }
        #expect(refused.description == "文档结构异常，为安全起见未读取：正文 word/document.xml 的压缩比超过 200 倍，疑为“压缩炸弹”")
    }

    @Test("the size cap counts inflated bytes, whatever size the archive declares")
    func sizeCap() throws {
        let text = (0..<3000).map { "第\($0)段，本年新收申请\($0 * 7 % 1000)件。" }.joined()
        var data = try DOCX.file(body: DOCX.p(text))
        // Declare the document 100 bytes long, in the central directory and the local header.
        let entry = try #require(Self.centralEntry(of: "word/document.xml", in: data))
        let local = Int(data[entry + 42]) | Int(data[entry + 43]) << 8 | Int(data[entry + 44]) << 16 | Int(data[entry + 45]) << 24
        for (offset, value) in [(entry + 24, 100), (local + 22, 100)] {
            for k in 0..<4 { data[offset + k] = UInt8((value >> (8 * k)) & 0xFF) }
        }
        var limits = DOCXReader.Limits.standard
        limits.archive.maximumBytes = 32 << 10
        #expect(throws: ReadError.hostileDocument(reason: "正文 word/document.xml 解压后超过 32 KB 上限，疑为“压缩炸弹”")) {
            try DOCX.read(data, limits: limits)
        }
        #expect(try DOCX.read(data).hasPrefix("第0段"))
    }

    @Test("a DOCTYPE or ENTITY declaration is refused, so no entity is ever expanded")
    func declarations() throws {
        let refused = ReadError.hostileDocument(reason: "正文含有文档类型声明（<!DOCTYPE>/<!ENTITY>），Word 从不写入，可能用于实体膨胀攻击")
        let laughs = """
            <?xml version="1.0"?>
            <!DOCTYPE w:document [<!ENTITY a "哈哈哈哈哈哈哈哈"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <w:document \(DOCX.namespaces)><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>
            """
        #expect(throws: refused) { try DOCX.read(try DOCX.file(xml: laughs)) }
        let inBody = DOCX.document("<!ENTITY x SYSTEM \"file:///etc/passwd\">" + DOCX.p("&x;"))
        #expect(throws: refused) { try DOCX.read(try DOCX.file(xml: inBody)) }
        // An undeclared entity stays unexpanded: it is dropped.
        #expect(try DOCX.text(DOCX.p("a&x;b&#0;c")) == "abc\n")
    }

    @Test("enormous tables are refused: too many rows, too many columns, a huge gridSpan")
    func enormousTables() throws {
        let row = DOCX.tr(DOCX.tc("1"), DOCX.tc("2"))
        let rows = String(repeating: row, count: 2_001)
        #expect(throws: ReadError.hostileDocument(reason: "表格超过 2000 行")) {
            try DOCX.text("<w:tbl>" + rows + "</w:tbl>")
        }
        #expect(try DOCX.text("<w:tbl>" + String(repeating: row, count: 2_000) + "</w:tbl>").count == 2_000 * 4 + 1)
        let wide = DOCX.tr(String(repeating: DOCX.tc("0"), count: 201))
        #expect(throws: ReadError.hostileDocument(reason: "表格的一行超过 200 列")) { try DOCX.text("<w:tbl>" + wide + "</w:tbl>") }
        for properties in ["<w:gridSpan w:val=\"1000000000\"/>", "<w:gridSpan w:val=\"99999999999999999999999\"/>"] {
            #expect(throws: ReadError.hostileDocument(reason: "表格的一行超过 200 列")) {
                try DOCX.text(DOCX.tbl(DOCX.tr(DOCX.tc("x", properties))))
            }
        }
        #expect(throws: ReadError.hostileDocument(reason: "表格的一行超过 200 列")) {
            try DOCX.text(DOCX.tbl(DOCX.tr(DOCX.tc("x"), properties: "<w:gridBefore w:val=\"5000\"/>")))
        }
    }

    @Test("the text read out is bounded, held in cells or written")
    func textCap() throws {
        var limits = DOCXReader.Limits.standard
        limits.document.maximumTextBytes = 64 << 10
        let wide = DOCX.tr(DOCX.tc("x", "<w:gridSpan w:val=\"200\"/>"))
        let table = DOCX.tbl(String(repeating: wide, count: 400))
        let refused = ReadError.hostileDocument(reason: "读出的文字超过 64 KB")
        #expect(throws: refused) { try DOCX.read(try DOCX.file(body: table), limits: limits) }
        // Tables in a layout frame count too: two of 40 KB each pass the bound together.
        let half = DOCX.tbl(String(repeating: wide, count: 200))
        #expect(try DOCX.read(try DOCX.file(body: half), limits: limits).count == 200 * 201 + 1)
        let framed = DOCX.tbl(DOCX.tr("<w:tc>" + half + half + "</w:tc>"))
        #expect(throws: refused) { try DOCX.read(try DOCX.file(body: framed), limits: limits) }
        #expect(try DOCX.read(try DOCX.file(body: table)).count == 400 * 201 + 1)
    }

    @Test("deep nesting is refused: elements and tables")
    func deepNesting() throws {
        let deep = String(repeating: "<w:sdt><w:sdtContent>", count: 300) + DOCX.p("深") + String(repeating: "</w:sdtContent></w:sdt>", count: 300)
        #expect(throws: ReadError.hostileDocument(reason: "XML 元素嵌套超过 512 层")) { try DOCX.text(deep) }
        let nested = String(repeating: "<w:tbl><w:tr><w:tc>", count: 33) + DOCX.p("里") + String(repeating: "</w:tc></w:tr></w:tbl>", count: 33)
        #expect(throws: ReadError.hostileDocument(reason: "表格嵌套超过 32 层")) { try DOCX.text(nested) }
        let fine = String(repeating: "<w:tbl><w:tr><w:tc>", count: 20) + DOCX.p("里") + String(repeating: "</w:tc></w:tr></w:tbl>", count: 20)
        #expect(try DOCX.text(fine) == "里\n")
    }

    @Test("malformed XML is an error saying where")
    func malformedXML() throws {
        #expect(throws: ReadError.notWordDocument(reason: "正文 word/document.xml 不是格式正确的 XML（第 6 字节处）")) {
            try DOCX.read(try DOCX.file(xml: "<a><b></a>"))
        }
        for xml in ["<a><b>", "<a", "<a b=\"1></a>", "<a></a></b>", "<!-- x", "<![CDATA[ x"] {
            #expect(throws: (any Error).self, "\(xml)") { try DOCX.read(try DOCX.file(xml: xml)) }
        }
    }

    @Test("never a crash: a valid document with bytes changed at random gives text or a ReadError")
    func mutations() throws {
        let body = DOCX.p("2024年政府信息公开工作年度报告")
            + DOCX.tbl(DOCX.tr(DOCX.tc("规章", "<w:vMerge w:val=\"restart\"/>"), DOCX.tc("0", "<w:gridSpan w:val=\"2\"/>")),
                       DOCX.tr(DOCX.tc("", "<w:vMerge/>"), DOCX.tc("1"), DOCX.tc("2")))
        for stored in [false, true] {
            let original = [UInt8](try DOCX.file(xml: DOCX.document(body), stored: stored))
            var random = SplitMix64(seed: stored ? 7 : 11)
            for _ in 0..<400 {
                var bytes = original
                for _ in 0..<random.int(in: 1...8) {
                    bytes[random.int(in: 0...(bytes.count - 1))] = UInt8(truncatingIfNeeded: random.next())
                }
                if random.chance(0.125) { bytes.removeLast(random.int(in: 0...(bytes.count - 1))) }
                do {
                    _ = try DOCX.read(Data(bytes))
                } catch {
                    #expect(!error.description.isEmpty)
                }
            }
        }
    }

    @Test("never a crash: document XML changed at random, cut short, or made of random tags")
    func xmlMutations() throws {
        let xml = Array(DOCX.document(
            DOCX.p("标题&amp;<![CDATA[x]]>") + "<w:p><w:r><w:tab/><w:br/><w:rPr><w:vanish/></w:rPr></w:r></w:p>"
                + DOCX.tbl(DOCX.tr(DOCX.tc("a", "<w:gridSpan w:val=\"2\"/><w:vMerge w:val=\"restart\"/>"), DOCX.tc("b")),
                           DOCX.tr(DOCX.tc("", "<w:gridSpan w:val=\"2\"/><w:vMerge/>"), DOCX.tc("c", "<w:hMerge/>"),
                                   properties: "<w:gridBefore w:val=\"1\"/><w:del/>"))
                + "<w:p><w:r><w:txbxContent>" + DOCX.tbl(DOCX.tr(DOCX.tc("框"))) + "</w:txbxContent></w:r></w:p>").utf8)
        var random = SplitMix64(seed: 2024)
        var limits = WordTextReader.Limits()
        limits.maximumColumns = 8
        limits.maximumRows = 6
        limits.maximumDepth = 40
        limits.maximumTableNesting = 3
        func read(_ bytes: [UInt8]) {
            _ = bytes.withUnsafeBufferPointer { try? WordTextReader.read($0, limits: limits) }
        }
        for _ in 0..<2_000 {
            var bytes = xml
            for _ in 0..<random.int(in: 1...6) {
                let at = random.int(in: 0...(bytes.count - 1))
                switch random.int(in: 0...2) {
                case 0: bytes[at] = random.element(Array("<>/=\"&;#x:wpt ".utf8) + [0xE4, 0x80, 0x00])
                case 1: bytes.remove(at: at)
                default: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + random.int(in: 1...40))], at: random.int(in: 0...at))
                }
            }
            read(bytes)
            read(Array(bytes.prefix(random.int(in: 0...bytes.count))))
        }
        // Random well-formed nestings of the elements that mean something.
        let names = ["w:tbl", "w:tr", "w:tc", "w:p", "w:r", "w:t", "w:tcPr", "w:trPr", "w:rPr", "w:txbxContent", "w:del",
                     "mc:Fallback", "w:sdt", "w:tblPrChange"]
        let empties = ["<w:gridSpan w:val=\"3\"/>", "<w:vMerge/>", "<w:vMerge w:val=\"restart\"/>", "<w:hMerge/>",
                       "<w:gridBefore w:val=\"2\"/>", "<w:gridAfter w:val=\"9\"/>", "<w:vanish/>", "<w:del/>", "<w:tab/>",
                       "<w:br/>", "<w:tc/>", "<w:tr/>", "<w:p/>", "<w:tbl/>", "<w:noBreakHyphen/>", "<w:altChunk/>"]
        for _ in 0..<2_000 {
            var text = "<w:document \(DOCX.namespaces)>", open: [String] = []
            for _ in 0..<random.int(in: 1...120) {
                switch random.int(in: 0...3) {
                case 0 where !open.isEmpty: text += "</\(open.removeLast())>"
                case 1: text += random.element(empties)
                case 2: text += random.element(["x", "12", " ", "\t", "&amp;", "表"])
                default:
                    let name = random.element(names)
                    open.append(name)
                    text += "<\(name)>"
                }
            }
            text += open.reversed().map { "</\($0)>" }.joined() + "</w:document>"
            read(Array(text.utf8))
        }
    }

    // MARK: Helpers

    /// Where the central directory entry of `path` starts.
    static func centralEntry(of path: String, in data: Data) -> Int? {
        let bytes = [UInt8](data), name = Array(path.utf8)
        for k in stride(from: 0, to: bytes.count - 46, by: 1)
        where bytes[k] == 0x50 && bytes[k + 1] == 0x4B && bytes[k + 2] == 0x01 && bytes[k + 3] == 0x02
            && Array(bytes[(k + 46)..<min(bytes.count, k + 46 + name.count)]) == name {
            return k
        }
        return nil
    }

    /// Where the (compressed) data of `path` starts.
    static func dataStart(of path: String, in data: Data) -> Int? {
        guard let entry = centralEntry(of: path, in: data) else { return nil }
        let bytes = [UInt8](data)
        let local = Int(bytes[entry + 42]) | Int(bytes[entry + 43]) << 8 | Int(bytes[entry + 44]) << 16 | Int(bytes[entry + 45]) << 24
        return local + 30 + (Int(bytes[local + 26]) | Int(bytes[local + 27]) << 8) + (Int(bytes[local + 28]) | Int(bytes[local + 29]) << 8)
    }
}

/// The seeds as Word documents (`Fixtures/documents/docx`, made by `Fixtures/tools/seed_documents.py`).
@Suite("DOCX reader: the seeds as Word documents")
struct DOCXReaderSeedTests {
    static let files = TestFiles.seedNames.map { ($0 as NSString).deletingPathExtension + ".docx" }

    @Test("the fixture folder holds a Word document for each seed")
    func folderListing() throws {
        let listed = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("Fixtures/documents/docx"))
        #expect(listed.sorted() == Self.files)
    }

    @Test("every cell, agency, year and published date as the seed's", arguments: files)
    func sameAsSeed(name: String) throws {
        let (report, encoding) = try ReportParser.parse(data: try Fixtures.data("Fixtures/documents/docx/" + name), file: name)
        #expect(encoding == .utf8)
        let expected = ExpectedReport.forFile(name)
        expectCells(report, equal: expected, context: name)
        #expect(report.metadata.agency?.value == expected.agency)
        #expect(report.metadata.year?.value == expected.year)
        #expect(report.metadata.published?.value.description == expected.published)
        let seed = try Fixtures.seedReport(String(name.prefix(3)))
        #expect(report.metadata.format == seed.metadata.format)
        #expect(Set(report.sections.keys) == Set(seed.sections.keys), "\(name)")
        for table in TableID.allCases {
            #expect(report.table(table).isPresent == seed.table(table).isPresent, "\(name): \(table.rawValue)")
            #expect(report.table(table).notes.count == seed.table(table).notes.count, "\(name): \(report.table(table).notes)")
        }
    }
}
