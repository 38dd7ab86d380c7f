/// A table as a document holds it: each written cell with the rows and columns it spans, as the official
/// template merges them (申请人情况 across the applicant columns, 三、本年度办理结果 down the outcome rows, …).
struct MergedTable {
    struct Cell {
        let row: Int
        let column: Int
        let text: String
        let rowSpan: Int
        let columnSpan: Int
    }

    let cells: [Cell]
    let height: Int
    let width: Int

    /// Merges the row-per-line grid (merged places left empty, as `tab-merged` writes them): a label spans
    /// the empty places to its right, then the rows below while their places under it are empty, the row
    /// holds something else and, for a row of figures, the place to the label's left is empty too (the row
    /// is still in the label's group). Read back, the grid is the same text again.
    init(rows: [[String]]) {
        let width = rows.map(\.count).max() ?? 0
        let grid = rows.map { $0 + Array(repeating: "", count: width - $0.count) }
        var claimed = grid.map { Array(repeating: false, count: $0.count) }
        var cells: [Cell] = []
        for (r, row) in grid.enumerated() {
            for (c, text) in row.enumerated() where !claimed[r][c] {
                claimed[r][c] = true
                var rowSpan = 1, columnSpan = 1
                if !text.isEmpty, Int(text) == nil {
                    while c + columnSpan < width, grid[r][c + columnSpan].isEmpty, !claimed[r][c + columnSpan] {
                        claimed[r][c + columnSpan] = true
                        columnSpan += 1
                    }
                    let columns = c..<(c + columnSpan)
                    while r + rowSpan < grid.count {
                        let below = grid[r + rowSpan]
                        guard columns.allSatisfy({ below[$0].isEmpty && !claimed[r + rowSpan][$0] }),
                              c == 0 || below[c - 1].isEmpty || !below.contains(where: { Int($0) != nil }),
                              below.indices.contains(where: { !columns.contains($0) && !below[$0].isEmpty }) else { break }
                        for column in columns { claimed[r + rowSpan][column] = true }
                        rowSpan += 1
                    }
                }
                cells.append(Cell(row: r, column: c, text: text, rowSpan: rowSpan, columnSpan: columnSpan))
            }
        }
        self.cells = cells
        height = grid.count
        self.width = width
    }
}

/// A report's text with its tables set apart: the writer marks where each table goes with a line of its own.
enum DocumentBlocks {
    /// The line that stands for a table in the text of a document layout.
    static func marker(_ index: Int) -> String { "\u{1}\(index)" }

    /// The report's paragraphs (non-empty lines) and tables, in order.
    static func blocks(_ text: String, tables: [MergedTable]) -> [Block] {
        text.split(separator: "\n").map { line in
            if line.hasPrefix("\u{1}"), let index = Int(line.dropFirst()) { return .table(tables[index]) }
            return .paragraph(String(line))
        }
    }

    enum Block {
        case paragraph(String)
        case table(MergedTable)
    }
}

/// A report as a portal's web page: `<meta charset>` (or the `http-equiv` form), a paragraph a `<p>`, the
/// tables with their merged cells, sometimes inside a layout table, with a script, a style and a footer.
struct HTMLPage {
    let title: String
    let charset: String
    var rng: SynthRandom

    mutating func render(_ blocks: [DocumentBlocks.Block], place: String) -> String {
        var out = "<!DOCTYPE html>\n<html>\n<head>\n"
        out += rng.chance(50) ? "<meta charset=\"\(charset)\">\n"
            : "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(charset)\">\n"
        out += "<title>\(Self.escaped(title))_\(Self.escaped(place))人民政府门户网站</title>\n"
        out += "<style>p { margin: 0; line-height: 2 } td { border: 1px solid #000 }</style>\n"
        out += "<script type=\"text/javascript\">var _hmt = _hmt || []; if (a < b && c > d) { document.write('<p>统计</p>'); }</script>\n"
        out += "</head>\n<body>\n"
        let layoutTable = rng.chance(35)
        if layoutTable {
            out += "<table width=\"100%\" class=\"layout\"><tr><td class=\"nav\">首页 &gt; 政务公开 &gt; 政府信息公开年报</td></tr>\n<tr><td class=\"article\">\n"
        } else {
            out += "<div class=\"crumb\">当前位置：<a href=\"/\">首页</a>&nbsp;&gt;&nbsp;<a href=\"/zwgk/\">政务公开</a></div>\n<div class=\"content\">\n"
        }
        let indent = rng.pick(["<p style=\"text-indent:2em\">", "<p>", "<p class=\"MsoNormal\">&nbsp;&nbsp;&nbsp;&nbsp;"])
        let boldHeadings = rng.chance(50)
        for block in blocks {
            switch block {
            case .paragraph(let text) where boldHeadings && Self.isSectionHeading(text):
                out += indent + "<strong>" + Self.escaped(text) + "</strong></p>\n"
            case .paragraph(let text): out += indent + Self.escaped(text) + "</p>\n"
            case .table(let table): out += tableHTML(table)
            }
        }
        out += layoutTable ? "</td></tr></table>\n" : "</div>\n"
        out += "<div class=\"footer\">主办单位：\(Self.escaped(place))人民政府办公室&nbsp;&nbsp;&copy; 版权所有<!-- 统计代码 --></div>\n"
        out += "<script>document.getElementById('share').style.display = 'none';</script>\n</body>\n</html>\n"
        return out
    }

    private mutating func tableHTML(_ table: MergedTable) -> String {
        let plain = rng.chance(50)
        var out = plain ? "<table border=\"1\" cellspacing=\"0\">\n<tbody>\n"
            : "<table border=\"1\" cellspacing=\"0\" cellpadding=\"0\" class=\"MsoNormalTable\" style=\"border-collapse:collapse\">\n<tbody>\n"
        var next = 0
        for row in 0..<table.height {
            out += "<tr>"
            while next < table.cells.count, table.cells[next].row == row {
                let cell = table.cells[next]
                next += 1
                out += "<td"
                if cell.rowSpan > 1 { out += " rowspan=\"\(cell.rowSpan)\"" }
                if cell.columnSpan > 1 { out += " colspan=\"\(cell.columnSpan)\"" }
                out += plain ? ">" + Self.escaped(cell.text) + "</td>"
                    : "><p align=\"center\"><span style=\"font-size:10.5pt\">" + Self.escaped(cell.text) + "</span></p></td>"
            }
            out += "</tr>\n"
        }
        return out + "</tbody>\n</table>\n"
    }

    /// A section's heading: 一、 to 六、 and a short line.
    private static func isSectionHeading(_ text: String) -> Bool {
        guard let first = text.first, "一二三四五六".contains(first) else { return false }
        return text.dropFirst().first == "、" && text.count < 30
    }

    /// The text with `&`, `<`, `>` escaped and, in a page, the curly quotes as named references, as editors
    /// write them.
    static func escaped(_ text: String, namedQuotes: Bool = true) -> String {
        // (“ and ” are E2 80 9C and E2 80 9D in UTF-8.)
        guard text.utf8.contains(where: { $0 == 0x26 || $0 == 0x3C || $0 == 0x3E || $0 == 0xE2 }) else { return text }
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "“" where namedQuotes: out += "&ldquo;"
            case "”" where namedQuotes: out += "&rdquo;"
            default: out.append(character)
            }
        }
        return out
    }
}

/// A report as a Word document: `word/document.xml` with a `w:p` a paragraph and the tables as `w:tbl`,
/// merged cells as `w:gridSpan` and `w:vMerge`, in a ZIP with the package's two other parts.
enum WordDocument {
    static func bytes(_ blocks: [DocumentBlocks.Block]) -> [UInt8] {
        var zip = ZIPArchive()
        zip.add("[Content_Types].xml", contentTypes)
        zip.add("_rels/.rels", relationships)
        zip.add("word/document.xml", document(blocks))
        return zip.finish()
    }

    private static let namespace = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    private static let contentTypes = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
        <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
        <Default Extension="xml" ContentType="application/xml"/>\
        <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>
        """
    private static let relationships = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
        <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>
        """

    static func document(_ blocks: [DocumentBlocks.Block]) -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document xmlns:w=\"\(namespace)\"><w:body>"
        out.reserveCapacity(64 * 1024)
        for block in blocks {
            switch block {
            case .paragraph(let text):
                out += "<w:p><w:pPr><w:ind w:firstLineChars=\"200\"/></w:pPr><w:r><w:rPr><w:rFonts w:eastAsia=\"仿宋_GB2312\"/></w:rPr>"
                out += "<w:t xml:space=\"preserve\">"
                out += HTMLPage.escaped(text, namedQuotes: false)
                out += "</w:t></w:r></w:p>"
            case .table(let table):
                write(table, to: &out)
                out += "<w:p/>"
            }
        }
        out += "<w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr></w:body></w:document>"
        return out
    }

    private static func write(_ table: MergedTable, to out: inout String) {
        // Each place of the grid: the index of the cell written there, or the column span of the merged cell
        // above it (negative).
        var places = [Int](repeating: 0, count: table.height * table.width)
        for (index, cell) in table.cells.enumerated() {
            places[cell.row * table.width + cell.column] = index + 1
            for below in 1..<max(1, cell.rowSpan) { places[(cell.row + below) * table.width + cell.column] = -cell.columnSpan }
        }
        out += "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/></w:tblPr><w:tblGrid>"
        for _ in 0..<table.width { out += "<w:gridCol w:w=\"\(9000 / table.width)\"/>" }
        out += "</w:tblGrid>"
        for row in 0..<table.height {
            out += "<w:tr>"
            var column = 0
            while column < table.width {
                let place = places[row * table.width + column]
                if place > 0 {
                    // A cell's run in the table's style (no font of its own).
                    let cell = table.cells[place - 1]
                    out += "<w:tc><w:tcPr>"
                    if cell.columnSpan > 1 { out += "<w:gridSpan w:val=\"\(cell.columnSpan)\"/>" }
                    if cell.rowSpan > 1 { out += "<w:vMerge w:val=\"restart\"/>" }
                    if cell.text.isEmpty {
                        out += "</w:tcPr><w:p/></w:tc>"
                    } else {
                        out += "</w:tcPr><w:p><w:r><w:t>"
                        out += HTMLPage.escaped(cell.text, namedQuotes: false)
                        out += "</w:t></w:r></w:p></w:tc>"
                    }
                    column += cell.columnSpan
                } else if place < 0 {
                    out += "<w:tc><w:tcPr>"
                    if place < -1 { out += "<w:gridSpan w:val=\"\(-place)\"/>" }
                    out += "<w:vMerge/></w:tcPr><w:p/></w:tc>"
                    column -= place
                } else {
                    out += "<w:tc><w:p/></w:tc>"
                    column += 1
                }
            }
            out += "</w:tr>"
        }
        out += "</w:tbl>"
    }
}

/// A ZIP archive of deflated members (method 8): local headers, the central directory, the end record.
struct ZIPArchive {
    private var bytes: [UInt8] = []
    private var directory: [UInt8] = []
    private var count = 0

    mutating func add(_ name: String, _ text: String) {
        let data = Array(text.utf8), path = Array(name.utf8)
        let packed = Deflate.compress(data)
        let crc = Self.crc32(data), offset = UInt32(bytes.count)
        // Version 2.0, UTF-8 names (bit 11), deflated, 20 January 2025 00:00 (a fixed time: the same bytes every run).
        func common(_ out: inout [UInt8]) {
            out.le16(20); out.le16(0x0800); out.le16(8); out.le16(0); out.le16(0x5A34)
            out.le32(crc); out.le32(UInt32(packed.count)); out.le32(UInt32(data.count)); out.le16(UInt16(path.count)); out.le16(0)
        }
        bytes.le32(0x0403_4B50)
        common(&bytes)
        bytes += path
        bytes += packed
        directory.le32(0x0201_4B50)
        directory.le16(20)
        common(&directory)
        directory.le16(0); directory.le16(0); directory.le16(0); directory.le32(0); directory.le32(offset)
        directory += path
        count += 1
    }

    mutating func finish() -> [UInt8] {
        let start = UInt32(bytes.count)
        var out = bytes + directory
        out.le32(0x0605_4B50); out.le16(0); out.le16(0); out.le16(UInt16(count)); out.le16(UInt16(count))
        out.le32(UInt32(directory.count)); out.le32(start); out.le16(0)
        return out
    }

    /// CRC-32 tables for four bytes at a time (slicing by four): `tables[k][b]` is the CRC of byte `b`
    /// followed by `k` zero bytes.
    private static let tables: [[UInt32]] = {
        var first = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            first[n] = c
        }
        var tables = [first]
        for k in 1..<4 { tables.append((0..<256).map { n in (tables[k - 1][n] >> 8) ^ first[Int(tables[k - 1][n] & 0xFF)] }) }
        return tables
    }()

    static func crc32(_ data: [UInt8]) -> UInt32 {
        let (t0, t1, t2, t3) = (tables[0], tables[1], tables[2], tables[3])
        var crc: UInt32 = 0xFFFF_FFFF
        var i = 0
        while i + 4 <= data.count {
            crc ^= UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            crc = t3[Int(crc & 0xFF)] ^ t2[Int((crc >> 8) & 0xFF)] ^ t1[Int((crc >> 16) & 0xFF)] ^ t0[Int(crc >> 24)]
            i += 4
        }
        while i < data.count {
            crc = t0[Int((crc ^ UInt32(data[i])) & 0xFF)] ^ (crc >> 8)
            i += 1
        }
        return crc ^ 0xFFFF_FFFF
    }
}

/// Deflate (RFC 1951) in one block of the fixed Huffman codes, with greedy LZ77 matches found through a
/// hash of the next three bytes: small and fast, and markup shrinks several times.
enum Deflate {
    static func compress(_ data: [UInt8]) -> [UInt8] {
        var bits = BitWriter()
        bits.bytes.reserveCapacity(data.count / 4 + 16)
        bits.write(1, 1)  // the last block
        bits.write(1, 2)  // fixed Huffman codes
        var head = [Int32](repeating: -1, count: 1 << hashBits)
        let n = data.count
        func hash(_ at: Int) -> Int {
            let key = UInt32(data[at]) | UInt32(data[at + 1]) << 8 | UInt32(data[at + 2]) << 16
            return Int((key &* 2_654_435_761) >> (32 - UInt32(hashBits)))
        }
        var i = 0
        while i < n {
            var length = 0, distance = 0
            if i + 3 <= n {
                let h = hash(i)
                let candidate = Int(head[h])
                head[h] = Int32(i)
                if candidate >= 0, i - candidate <= 32_768 {
                    let limit = min(258, n - i)
                    while length < limit, data[candidate + length] == data[i + length] { length += 1 }
                    distance = i - candidate
                }
            }
            if length >= 3 {
                writeLength(length, &bits)
                writeDistance(distance, &bits)
                // The positions inside a short match are hashed too, so later text finds them (a long one is
                // markup repeated, found again from its start).
                var k = i + 1
                while length <= longestInserted, k < i + length, k + 3 <= n { head[hash(k)] = Int32(k); k += 1 }
                i += length
            } else {
                writeSymbol(Int(data[i]), &bits)
                i += 1
            }
        }
        writeSymbol(256, &bits)
        bits.flush()
        return bits.bytes
    }

    private static let hashBits = 14
    private static let longestInserted = 16

    /// A literal/length symbol in its fixed code.
    private static func writeSymbol(_ symbol: Int, _ bits: inout BitWriter) {
        bits.write(literalCodes[symbol], symbol < 144 || symbol >= 280 ? 8 : symbol < 256 ? 9 : 7)
    }

    /// The fixed literal/length codes, their bits reversed (codes go most significant bit first).
    private static let literalCodes: [UInt32] = (0..<288).map { symbol in
        switch symbol {
        case 0...143: return reversed(UInt32(0x30 + symbol), 8)
        case 144...255: return reversed(UInt32(0x190 + symbol - 144), 9)
        case 256...279: return reversed(UInt32(symbol - 256), 7)
        default: return reversed(UInt32(0xC0 + symbol - 280), 8)
        }
    }
    private static let distanceCodes: [UInt32] = (0..<30).map { reversed(UInt32($0), 5) }

    private static func reversed(_ code: UInt32, _ width: Int) -> UInt32 {
        var out: UInt32 = 0
        for bit in 0..<width where code & (1 << UInt32(bit)) != 0 { out |= 1 << UInt32(width - 1 - bit) }
        return out
    }

    private static let lengthBases = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115,
                                      131, 163, 195, 227, 258]
    private static let lengthExtra = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    private static let distanceBases = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
                                        2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577]
    private static let distanceExtra = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13]

    private static func writeLength(_ length: Int, _ bits: inout BitWriter) {
        var code = lengthBases.count - 1
        while lengthBases[code] > length { code -= 1 }
        writeSymbol(257 + code, &bits)
        bits.write(UInt32(length - lengthBases[code]), lengthExtra[code])
    }

    private static func writeDistance(_ distance: Int, _ bits: inout BitWriter) {
        var code = distanceBases.count - 1
        while distanceBases[code] > distance { code -= 1 }
        bits.write(distanceCodes[code], 5)
        bits.write(UInt32(distance - distanceBases[code]), distanceExtra[code])
    }

    /// Bits packed from the least significant end of each byte, as deflate stores them.
    struct BitWriter {
        var bytes: [UInt8] = []
        private var buffer: UInt64 = 0
        private var count = 0

        mutating func write(_ value: UInt32, _ width: Int) {
            buffer |= UInt64(value) << UInt64(count)
            count += width
            while count >= 8 {
                bytes.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                count -= 8
            }
        }

        mutating func flush() {
            if count > 0 { bytes.append(UInt8(truncatingIfNeeded: buffer)) }
            buffer = 0
            count = 0
        }
    }
}

private extension [UInt8] {
    mutating func le16(_ value: UInt16) { append(UInt8(value & 0xFF)); append(UInt8(value >> 8)) }
    mutating func le32(_ value: UInt32) { le16(UInt16(value & 0xFFFF)); le16(UInt16(value >> 16)) }
}
