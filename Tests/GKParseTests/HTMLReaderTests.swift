import Foundation
import GKModel
@testable import GKParse
import GKTestSupport
import Testing

/// Web pages read into report text (`HTMLReader`): charsets, blocks and white space, character references,
/// what is not shown, tables (grids, layout, nesting), caps and bad input. Each page's text is asserted exactly.
@Suite("HTMLReader")
struct HTMLReaderTests {
    static func read(_ bytes: [UInt8]) throws(ReadError) -> DocumentText {
        try bytes.withUnsafeBufferPointer { bytes throws(ReadError) in try HTMLReader.read(bytes) }
    }

    /// The report text of a page given as UTF-8.
    static func text(_ page: String) throws -> String {
        String(decoding: try read(Array(page.utf8)).text, as: UTF8.self)
    }

    static func gbk(_ text: String) -> [UInt8] { Array(text.data(using: TextDecoder.gb18030)!) }

    // MARK: Charsets

    static let body = "<p>济宁市兖州区卫生健康局2024年政府信息公开工作年度报告</p>"
    static let bodyText = "济宁市兖州区卫生健康局2024年政府信息公开工作年度报告\n"

    @Test("a GBK page declared by <meta charset> or <meta http-equiv>, whatever the name's case or alias")
    func declaredGBK() throws {
        let heads = [
            "<meta charset=\"gbk\">",
            "<META CHARSET=GB2312>",
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">",
            "<meta http-equiv='content-type' content='text/html;charset=GB18030'>",
            "<meta content=\"text/html; charset = x-gbk\" http-equiv=\"Content-Type\" />",
        ]
        for head in heads {
            let page = Self.gbk("<html><head>\(head)<title>报告</title></head><body>\(Self.body)</body></html>")
            #expect(page.withUnsafeBufferPointer(HTMLReader.declaredCharset) == .gb18030, "\(head)")
            let document = try Self.read(page)
            #expect(document.encoding == .gb18030, "\(head)")
            #expect(String(decoding: document.text, as: UTF8.self) == Self.bodyText, "\(head)")
        }
    }

    @Test("without a <meta>: UTF-8, else GB18030; a BOM decides; UTF-8 bytes under a GBK <meta> are UTF-8")
    func undeclared() throws {
        let page = "<html><body>\(Self.body)</body></html>"
        #expect(try Self.read(Self.gbk(page)).encoding == .gb18030)
        #expect(String(decoding: try Self.read(Self.gbk(page)).text, as: UTF8.self) == Self.bodyText)
        #expect(try Self.read(Array(page.utf8)).encoding == .utf8)
        #expect(try Self.read([0xEF, 0xBB, 0xBF] + Array(page.utf8)).encoding == .utf8BOM)
        let utf16 = try Self.read([0xFF, 0xFE] + Array(page.data(using: .utf16LittleEndian)!))
        #expect(utf16.encoding == .utf16LE)
        #expect(String(decoding: utf16.text, as: UTF8.self) == Self.bodyText)
        // A page re-encoded as UTF-8 that kept its GBK <meta>.
        let reencoded = try Self.read(Array("<meta charset=gbk>\(page)".utf8))
        #expect(reencoded.encoding == .utf8)
        #expect(String(decoding: reencoded.text, as: UTF8.self) == Self.bodyText)
        // Declared UTF-8, written in GBK: read as GB18030.
        #expect(try Self.read(Self.gbk("<meta charset=utf-8>\(page)")).encoding == .gb18030)
        // ASCII under a GBK <meta> is GBK, as declared.
        #expect(try Self.read(Array("<meta charset=gbk><p>2024</p>".utf8)).encoding == .gb18030)
        // A <meta> past the first 4 KB is not looked for.
        let late = "<!--" + String(repeating: "x", count: 5000) + "--><meta charset=gbk>"
        #expect(Array(late.utf8).withUnsafeBufferPointer(HTMLReader.declaredCharset) == nil)
        #expect(Array("<meta charset=big5>".utf8).withUnsafeBufferPointer(HTMLReader.declaredCharset) == nil)
    }

    @Test("bytes that are not GBK under a GBK <meta>, binary data, and pages without text are errors")
    func badBytes() throws {
        #expect(throws: ReadError.undecodable) { try Self.read(Array("<meta charset=gbk><p>".utf8) + [0xFF, 0xFF]) }
        #expect(throws: ReadError.binary) { try Self.read(Array("<meta charset=gbk><p>报告".utf8) + [0, 0, 0]) }
        #expect(throws: ReadError.binary) { try Self.read(BadInputTests.pngHeader + Array(repeating: 0x41, count: 100)) }
        #expect(throws: ReadError.empty) { try Self.read([]) }
        #expect(throws: ReadError.empty) { try Self.text("<html><head><title>报告</title></head><body> &nbsp; <br></body></html>") }
        #expect(throws: ReadError.empty) { try Self.text("  \n ") }
        // Random bytes: never a report, never a crash.
        var rng = SplitMix64(seed: 7)
        for _ in 0..<50 {
            let bytes = (0..<rng.int(in: 200...3000)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            #expect(throws: ReadError.self) { try Self.read(bytes) }
        }
    }

    // MARK: Text

    @Test("blocks end lines, inline tags do not; unknown tags are inline")
    func blocks() throws {
        let page = """
        <!DOCTYPE html><html><body>
        <h1>标题</h1><p>第一段<span style="x">内联</span><b>粗</b><font color=red>红</font><a href="/x?a=1&b=2">链接</a><o:p></o:p></p>
        <div>二<br>三<br/><br>四</div><ul><li>甲</li><li>乙</li></ul><table-like>五</table-like><blockquote>六</blockquote>
        <p>一行<p>又一行</body></html>
        """
        #expect(try Self.text(page) == "标题\n第一段内联粗红链接\n二\n三\n四\n甲\n乙\n五\n六\n一行\n又一行\n")
    }

    @Test("white space collapses as in a browser; a line break between CJK characters is none; &nbsp; and U+3000 stay")
    func whiteSpace() throws {
        #expect(try Self.text("<p>  a   b\n c\t d </p>") == "a b c d\n")
        #expect(try Self.text("<p>政府信息\n   公开工作</p>") == "政府信息公开工作\n")
        #expect(try Self.text("<p>2024年\n共收到 12\n件</p>") == "2024年共收到 12 件\n")
        #expect(try Self.text("<p>本年<span>\n</span>新收</p>") == "本年新收\n")
        #expect(try Self.text("<p>共&nbsp;&nbsp;5 件</p>") == "共  5 件\n")
        #expect(try Self.text("<p>&nbsp;&nbsp;&nbsp;一、总体情况&nbsp;</p>") == "一、总体情况\n")
        #expect(try Self.text("<p>\u{3000}\u{3000}一、总体情况</p>") == "\u{3000}\u{3000}一、总体情况\n")
        #expect(try Self.text("<p>a\u{A0}b</p>") == "a b\n")
        #expect(try Self.text("<pre>\n\t规章\n\n\t0  1</pre><p>后</p>") == "\t规章\n\n\t0  1\n后\n")
    }

    @Test("character references: named, decimal, hexadecimal, without their semicolon, unknown and out of range")
    func references() throws {
        #expect(try Self.text("<p>&lt;&gt;&amp;&quot;&apos;&ldquo;三安全一稳定&rdquo;&mdash;&hellip;&middot;&times;&emsp;&ensp;</p>")
            == "<>&\"'“三安全一稳定”—…·×\u{2003}\u{2002}\n")
        #expect(try Self.text("<p>&#20013;&#x6587;&#X56FD; &#150;&#9;x</p>") == "中文国 – x\n")
        #expect(try Self.text("<p>&nbsp2024 &amp x &ampere; &unknown; &#; &#x; & a</p>") == "2024 & x &ere; &unknown; &#; &#x; & a\n")
        #expect(try Self.text("<p>&#0;&#xD800;&#99999999999999;&#1;</p>") == "\u{FFFD}\u{FFFD}\u{FFFD}\n")
    }

    @Test("scripts, styles, the title, comments and declarations are not text")
    func hidden() throws {
        let page = """
        <?xml version="1.0"?><!DOCTYPE html><html><head><title>标题栏</title>
        <style type="text/css">p { color: red } </style><script>var s = "</p><table><tr><td>x"; if (a<b) {}</SCRIPT >
        <!--[if gte mso 9]><xml><o:Author>张三</o:Author></xml><![endif]--></head>
        <body><!-- <table><tr><td>注释</td></tr></table> --><p>正文</p><!----><!---><![CDATA[x]]><noscript>请启用脚本</noscript>
        <p>尾</p></body></html>
        """
        #expect(try Self.text(page) == "正文\n尾\n")
    }

    @Test("cut-off markup at the end is dropped, what came before is kept; a stray < is text")
    func truncated() throws {
        #expect(try Self.text("<p>正文<span cl") == "正文\n")
        #expect(try Self.text("<p>正文<span class=\"x") == "正文\n")
        #expect(try Self.text("<p>正文<!-- 未完") == "正文\n")
        #expect(try Self.text("<p>正文</sp") == "正文\n")
        #expect(try Self.text("<p>a < b, 1<2</p>x<") == "a < b, 1<2\nx<\n")
        #expect(try Self.text("<p>正文<script>var a") == "正文\n")
        #expect(try Self.text("<table><tr><td>1<td>2") == "1\t2\n\n")
        #expect(try Self.text("<table><tr><td>1</td><td rowspan=\"3") == "1\n")
    }

    @Test("plain text saved as a page, without a tag, keeps its lines and tabs: a seed so saved reads as the seed")
    func plainText() throws {
        #expect(try Self.text("一、总体情况\n\n规章\t0\t1 &amp; 2 <3 <https://x.cn/>\r\n") == "一、总体情况\n\n规章\t0\t1 &amp; 2 <3 <https://x.cn/>\n")
        let name = Fixtures.seedName("000")
        let (report, _) = try ReportParser.parse(data: try Fixtures.data("Fixtures/seeds/" + name), file: "000.html")
        expectCells(report, equal: ExpectedReport.forFile(name), context: "000.html")
    }

    // MARK: Tables

    /// The applications table's header as portals write it, and rows under merged labels.
    static let grid = """
    <table border="1">
    <tr><td colspan="3" rowspan="3">（本列数据的勾稽关系为：第一项加第二项之和，<br>等于第三项加第四项之和）</td><td colspan="7">申请人情况</td></tr>
    <tr><td rowspan="2">自然人</td><td colspan="5">法人或其他组织</td><td rowspan="2">总计</td></tr>
    <tr><td>商业企业</td><td>科研机构</td><td>社会公益组织</td><td>法律服务机构</td><td>其他</td></tr>
    <tr><td colspan="3">一、本年新收政府信息公开申请数量</td><td>5</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>6</td></tr>
    <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>3</td><td>1</td><td>0</td><td>0</td><td>0</td><td>0</td><td>4</td></tr>
    <tr><td rowspan="2">（三）不予公开</td><td><p>1. 属于</p><p>国家秘密</p></td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td></td><td>0</td></tr>
    <tr><td>2. 其他法律行政法规禁止公开</td><td>0</td><td>0</td><td>0</td><td>0</td><td>0</td><td>&nbsp;</td><td>0</td></tr>
    </table>
    """

    @Test("rowspan and colspan laid out into a grid: each merged cell once, in its first slot, the slots it covers empty")
    func gridLayout() throws {
        let expected = [
            "（本列数据的勾稽关系为：第一项加第二项之和， 等于第三项加第四项之和）\t\t\t申请人情况\t\t\t\t\t\t",
            "\t\t\t自然人\t法人或其他组织\t\t\t\t\t总计",
            "\t\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t",
            "一、本年新收政府信息公开申请数量\t\t\t5\t1\t0\t0\t0\t0\t6",
            "三、本年度办理结果\t（一）予以公开\t\t3\t1\t0\t0\t0\t0\t4",
            "\t（三）不予公开\t1. 属于 国家秘密\t0\t0\t0\t0\t0\t\t0",
            "\t\t2. 其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t\t0",
        ]
        #expect(try Self.text("<p>前</p>" + Self.grid + "<p>后</p>") == "前\n" + expected.joined(separator: "\n") + "\n\n后\n")
    }

    @Test("rows and cells closed by the next one, <th>, row groups, captions, spans past the end or garbled")
    func tableMarkup() throws {
        let page = """
        <table><caption>表一</caption><thead><tr><th>信息内容<th>本年制发件数<th>本年废止件数</thead>
        <tbody><tr><td>规章<td rowspan=0>0<td colspan="x">1
        <tr><td>行政规范性文件<td>2</tbody><tr>  </tr><tr><td rowspan="99999" colspan=" 2px">3</td></tr></table>
        """
        #expect(try Self.text(page) == "表一\n信息内容\t本年制发件数\t本年废止件数\n规章\t0\t1\n行政规范性文件\t\t2\n\t\n3\t\n\n")
    }

    @Test("a label of several paragraphs, as Word writes it, keeps its table one of data")
    func paragraphsInLabel() throws {
        let page = """
        <table><tr><td><p>（本列数据的勾稽关系为：</p><p>第一项加第二项之和，</p><p>等于第三项加第四项之和）</p></td>
        <td><p>申请人</p><p>情况</p></td></tr><tr><td>一、本年新收政府信息公开申请数量</td><td><st1:chsdate w:st="on">5</st1:chsdate></td></tr></table>
        """
        #expect(try Self.text(page) == """
        （本列数据的勾稽关系为： 第一项加第二项之和， 等于第三项加第四项之和）\t申请人 情况
        一、本年新收政府信息公开申请数量\t5


        """)
    }

    @Test("a table inside a cell of a table of data is read into the cell")
    func nestedInCell() throws {
        let page = "<table><tr><td>行政许可</td><td><table><tr><td>本年</td><td>12</td></tr></table></td></tr></table>"
        #expect(try Self.text(page) == "行政许可\t本年 12\n\n")
    }

    @Test("a table that lays out the page is read as its cells' blocks, the tables of data in it as tables")
    func layoutTable() throws {
        let page = """
        <table width="100%"><tr><td><a href="/">首页</a> &gt; 政务公开</td></tr>
        <tr><td class="content">
        <h2>某局2024年政府信息公开工作年度报告</h2>
        <p>　　一、总体情况</p><p>　　2024年，我局……</p>
        <table border=1><tr><td>信息内容</td><td>本年制发件数</td></tr><tr><td>规章</td><td>0</td></tr></table>
        <p>　　二、主动公开政府信息情况</p>
        </td></tr></table>
        """
        #expect(try Self.text(page) == """
        首页 > 政务公开
        某局2024年政府信息公开工作年度报告
        　　一、总体情况
        　　2024年，我局……
        信息内容\t本年制发件数
        规章\t0

        　　二、主动公开政府信息情况

        """)
        // Two columns of long paragraphs joined by <br>: layout too; so is a table of one column.
        let long = String(repeating: "政府信息公开", count: 40)
        #expect(try Self.text("<table><tr><td>导航</td><td>\(long)<br>\(long)</td></tr></table>") == "导航\n\(long)\n\(long)\n")
        #expect(try Self.text("<table><tr><td><p>某局</p><p>2025年1月20日</p></td></tr></table>") == "某局\n2025年1月20日\n")
    }

    // MARK: Caps

    @Test("a table too wide, too long or nested too deep, and too many slots in all, are errors naming the table")
    func caps() throws {
        #expect(throws: ReadError.unreadable(reason:
            "网页中的第 2 个表格（“甲”）过大：超过 200 列（每个表格上限 2000 行、200 列），不像是年度报告中的表格，未读取")) {
            try Self.text("<table><tr><td>a</td></tr></table><table><tr><td>甲</td><td colspan=\"200\">乙</td></tr></table>")
        }
        #expect(throws: ReadError.unreadable(reason:
            "网页中的第 1 个表格（“1”）过大：超过 2000 行（每个表格上限 2000 行、200 列），不像是年度报告中的表格，未读取")) {
            try Self.text("<table>" + String(repeating: "<tr><td>1</td></tr>", count: 2001) + "</table>")
        }
        #expect(throws: ReadError.unreadable(reason: "网页中的表格嵌套超过 32 层，不像是一份年度报告，未读取")) {
            try Self.text(String(repeating: "<table><tr><td>", count: 33))
        }
        #expect(try Self.text(String(repeating: "<table><tr><td>", count: 32) + "深") == "深\n")
        let wide = "<table>" + String(repeating: "<tr><td colspan=200></td></tr>", count: 2000) + "</table>"
        #expect(throws: ReadError.unreadable(reason: "网页中的表格共超过 1000000 个单元格，不像是一份年度报告，未读取")) {
            try Self.text(wide + wide + wide)
        }
        // The largest table allowed is read.
        let largest = try Self.text("<table>" + String(repeating: "<tr><td colspan=199></td><td>1</td></tr>", count: 2000) + "</table>")
        #expect(largest == String(repeating: String(repeating: "\t", count: 199) + "1\n", count: 2000) + "\n")
    }

    @Test("pages made to make a reader go back and forth are read in one pass")
    func linear() throws {
        let count = 400_000
        let brackets = String(repeating: "<x", count: count)
        #expect(try Self.text(brackets) == brackets + "\n")
        #expect(throws: ReadError.empty) { try Self.text("<p>" + brackets) }
        #expect(throws: ReadError.empty) { try Self.text("<script>" + String(repeating: "</a", count: count)) }
        #expect(try Self.text(String(repeating: "<b>x</b>", count: count)).count == count + 1)
        let digits = try Self.text("<p>&#" + String(repeating: "9", count: count) + ";</p>")
        #expect(digits == "\u{FFFD}\n")
    }

    @Test("mutated pages never crash the reader")
    func mutations() {
        let page = Array(("<html><head><meta charset=utf-8><script>x</script></head><body><h1>报告</h1>"
            + "<p>&ldquo;正文&rdquo;&#20013;</p><!-- c -->" + Self.grid + "</body></html>").utf8)
        let pieces = ["<", ">", "&", "&#", "\"", "'", "<td rowspan=3>", "<table>", "</table>", "<tr>", "</td>", "<!--", "<script>",
                      "<pre>", "</pre>", "<br>", "&nbsp;", "\u{0}", "\n", "<td colspan=999999>"].map { Array($0.utf8) }
        var rng = SplitMix64(seed: 0x47_4B_48)
        for _ in 0..<1000 {
            var bytes = page
            for _ in 0..<rng.int(in: 1...4) {
                let at = rng.int(in: 0...bytes.count)
                switch rng.int(in: 0...3) {
                case 0: bytes.removeSubrange(at...)
                case 1: bytes.insert(contentsOf: rng.element(pieces), at: at)
                case 2: if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &rng) }
                default: bytes.removeSubrange(at..<min(bytes.count, at + rng.int(in: 1...40)))
                }
            }
            _ = try? Self.read(bytes)
        }
    }
}

/// The five seeds as portal pages (`Fixtures/documents/html`, GBK and UTF-8, one inside a layout table) read
/// as the seeds themselves are.
@Suite("HTMLReader seeds")
struct HTMLReaderSeedTests {
    static let pages = TestFiles.seedNames.flatMap { name in
        ["gbk", "utf8"].map { name.replacingOccurrences(of: ".txt", with: ".\($0).html") }
    }

    @Test("the fixture folder holds exactly the pages tested here")
    func folderListing() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("Fixtures/documents/html")).sorted()
        #expect(names == Self.pages)
    }

    @Test("every cell, the agency, year and published date of the seed, in its charset", arguments: pages)
    func seedPage(name: String) throws {
        let data = try Fixtures.data("Fixtures/documents/html/" + name)
        let (report, encoding) = try ReportParser.parse(data: data, file: name)
        #expect(encoding == (name.contains(".gbk.") ? .gb18030 : .utf8))
        let expected = ExpectedReport.forFile(name)
        expectCells(report, equal: expected, context: name)
        #expect(report.metadata.agency?.value == expected.agency, "\(name)")
        #expect(report.metadata.year?.value == expected.year, "\(name)")
        #expect(report.metadata.published?.value.description == expected.published, "\(name)")
        // As the text seed reads: format, period, sections, tables found and their notes.
        let seed = try Fixtures.seedReport(String(name.prefix(3)))
        #expect(report.metadata.format == seed.metadata.format, "\(name)")
        #expect(report.metadata.period?.value == seed.metadata.period?.value, "\(name)")
        #expect(Set(report.sections.keys) == Set(seed.sections.keys), "\(name)")
        for table in TableID.allCases {
            #expect(report.table(table).isPresent == seed.table(table).isPresent, "\(name): \(table.rawValue)")
            #expect(report.table(table).notes.map(\.message) == seed.table(table).notes.map(\.message),
                    "\(name): \(table.rawValue)")
        }
    }
}
