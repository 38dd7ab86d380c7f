import Foundation
import GKModel
@testable import GKParse
import GKTestSupport
import Testing

/// Text normalisation: characters mapped, line numbers kept.
@Suite("Normalizer")
struct NormalizerTests {
    @Test("full-width digits and letters become ASCII")
    func fullWidthToASCII() {
        #expect(Normalizer.lines(of: "２０２４年") == ["2024年"])
        #expect(Normalizer.lines(of: "０１２３４５６７８９") == ["0123456789"])
        #expect(Normalizer.lines(of: "ＡＢＣＸＹＺａｂｃｘｙｚ") == ["ABCXYZabcxyz"])
        #expect(Normalizer.lines(of: "共收到申请１２件，ＬＥＤ显示屏") == ["共收到申请12件，LED显示屏"])
    }

    @Test("full-width punctuation, brackets and signs are kept as written")
    func punctuationKept() {
        let text = "（一）予以公开，“三安全一稳定”：；。、！？【】《》－＋％／"
        #expect(Normalizer.lines(of: text) == [text])
        // The characters just outside the mapped full-width ranges stay too.
        #expect(Normalizer.lines(of: "＠［｀｛") == ["＠［｀｛"])
    }

    @Test("wide and no-break spaces become a space")
    func spaces() {
        #expect(Normalizer.lines(of: "a\u{3000}b") == ["a b"])
        #expect(Normalizer.lines(of: "a\u{00A0}b") == ["a b"])
        #expect(Normalizer.lines(of: "\u{3000}\u{3000}0") == ["  0"])
        #expect(Normalizer.lines(of: "0\u{00A0}") == ["0 "])
        for scalar in [0x2000, 0x2005, 0x200A, 0x202F, 0x205F, 0x1680] as [UInt32] {
            let text = "a" + String(Unicode.Scalar(scalar)!) + "b"
            #expect(Normalizer.lines(of: text) == ["a b"], "U+\(String(scalar, radix: 16, uppercase: true))")
        }
    }

    @Test("zero-width characters are removed, a BOM in mid-text too")
    func zeroWidth() {
        #expect(Normalizer.lines(of: "行政\u{200B}处罚") == ["行政处罚"])
        #expect(Normalizer.lines(of: "行政\u{FEFF}处罚") == ["行政处罚"])
        #expect(Normalizer.lines(of: "\u{FEFF}一、总体情况") == ["一、总体情况"])
        for scalar in [0x200C, 0x200D, 0x2060, 0x00AD, 0x180E] as [UInt32] {
            let text = "4" + String(Unicode.Scalar(scalar)!) + "1"
            #expect(Normalizer.lines(of: text) == ["41"], "U+\(String(scalar, radix: 16, uppercase: true))")
        }
    }

    @Test("tabs are kept; other control characters (form feed, NUL, C1) are dropped")
    func controls() {
        #expect(Normalizer.lines(of: "规章\t0\t0\t0") == ["规章\t0\t0\t0"])
        #expect(Normalizer.lines(of: "\t\t") == ["\t\t"])
        #expect(Normalizer.lines(of: "\u{0C}   信息内容") == ["   信息内容"])
        #expect(Normalizer.lines(of: "a\u{0}b\u{7}c\u{1B}d") == ["abcd"])
        #expect(Normalizer.lines(of: "a\u{85}b\u{9F}c") == ["abc"])
        // DEL (0x7F) is not a C0 control.
        #expect(Normalizer.lines(of: "a\u{7F}b") == ["a\u{7F}b"])
    }

    @Test("LF, CRLF and a lone CR each end one line")
    func lineEnds() {
        #expect(Normalizer.lines(of: "a\nb\nc") == ["a", "b", "c"])
        #expect(Normalizer.lines(of: "a\r\nb\r\nc") == ["a", "b", "c"])
        #expect(Normalizer.lines(of: "a\rb\rc") == ["a", "b", "c"])
        #expect(Normalizer.lines(of: "a\r\nb\rc\nd") == ["a", "b", "c", "d"])
        // Blank lines are kept as lines.
        #expect(Normalizer.lines(of: "a\n\nb") == ["a", "", "b"])
        #expect(Normalizer.lines(of: "a\r\r\nb") == ["a", "", "b"])
        #expect(Normalizer.lines(of: "a\n\r\nb") == ["a", "", "b"])
        #expect(Normalizer.lines(of: "a\n\rb") == ["a", "", "b"])
        #expect(Normalizer.lines(of: "\n\nx") == ["", "", "x"])
        #expect(Normalizer.lines(of: "x") == ["x"])
    }

    @Test("a final line terminator ends the last line and does not add an empty one")
    func finalTerminator() {
        #expect(Normalizer.lines(of: "a\nb\n") == ["a", "b"])
        #expect(Normalizer.lines(of: "a\r\nb\r\n") == ["a", "b"])
        #expect(Normalizer.lines(of: "a\rb\r") == ["a", "b"])
        // Whatever the convention, the numbering of the lines that exist is kept.
        #expect(Normalizer.lines(of: "a\nb\n").prefix(2) == ["a", "b"])
    }

    @Test("a file of N lines gives N elements, whatever its line ends", arguments: [1, 2, 7, 100, 1000])
    func lineCounts(count: Int) {
        let lines = (1...count).map { "第\($0)行\t\u{3000}１" }
        for separator in ["\n", "\r\n", "\r"] {
            let normalised = Normalizer.lines(of: lines.joined(separator: separator))
            #expect(normalised.count == count)
            #expect(Array(normalised) == (1...count).map { "第\($0)行\t 1" })
        }
        // Mixed line ends.
        var text = ""
        for (index, line) in lines.enumerated() {
            if index > 0 { text += ["\n", "\r\n", "\r"][index % 3] }
            text += line
        }
        #expect(Normalizer.lines(of: text).count == count)
    }

    @Test("the empty text is one empty line")
    func emptyText() {
        #expect(Normalizer.lines(of: "") == [""])
    }

    @Test("non-BMP, CJK and other text passes through unchanged")
    func passThrough() {
        let text = "𠀀𪚥 政府信息公开 é ü Ω 😀 〇 ㄅ"
        #expect(Normalizer.lines(of: text) == [text])
    }

    @Test("a seed's lines keep their numbers through CRLF and full-width digits")
    func seedLineNumbers() throws {
        let text = try Fixtures.seedText("003")
        let original = Normalizer.lines(of: text)
        #expect(original.count == text.lfLines.count)
        let wide = text.replacingOnce("行政许可\t418", with: "行政许可\t４１８").replacingOccurrences(of: "\n", with: "\r\n")
        let report = ReportParser.parse(text: wide, file: "wide")
        #expect(report.lines == original)
        #expect(report.cell(CellPath("disclosure.licensing.decisions")!).value == .integer(418))
        #expect(report.cell(CellPath("disclosure.licensing.decisions")!).line == 39)
    }

    @Test("table cells indented with U+3000 and U+00A0 read as numbers (seed 004)")
    func indentedCells() throws {
        let report = try Fixtures.seedReport("004")
        // Line 42 is "\t\u{3000}\u{3000}0", line 43 "\t\u{A0}\u{3000}0".
        #expect(report.line(42) == "\t  0")
        #expect(report.line(43) == "\t  0")
        #expect(report.cell(CellPath("disclosure.regulations.issued")!).value == .integer(0))
        #expect(report.cell(CellPath("disclosure.regulations.issued")!).line == 42)
        #expect(report.cell(CellPath("disclosure.regulations.in_force")!).line == 44)
    }

    // MARK: Against a reference

    /// The documented normalisation, one scalar at a time.
    static func reference(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var scalars = Array(text.unicodeScalars)[...]
        while let scalar = scalars.popFirst() {
            let v = scalar.value
            switch v {
            case 0x0A:
                lines.append(String(current)); current = .init()
            case 0x0D:
                lines.append(String(current)); current = .init()
                if scalars.first == "\n" { scalars.removeFirst() }
            case 0x09: current.append(scalar)
            case 0x00..<0x20, 0x80...0x9F, 0x200B...0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E: break
            case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A: current.append(Unicode.Scalar(v - 0xFEE0)!)
            case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x1680: current.append(" ")
            default: current.append(scalar)
            }
        }
        // A final line terminator ends the last line; it does not start an empty one.
        let last = text.unicodeScalars.last
        if !current.isEmpty || lines.isEmpty || !(last == "\n" || last == "\r") { lines.append(String(current)) }
        return lines
    }

    @Test("random text normalises as the reference does")
    func randomAgainstReference() {
        var rng = SplitMix64(seed: 0x5EED_0001)
        let alphabet: [Unicode.Scalar] = [
            "a", "Z", "0", "9", " ", "\t", "\n", "\r", "\u{0C}", "\u{0}", "\u{7F}", "\u{80}", "\u{85}", "\u{9F}", "\u{A0}",
            "\u{AD}", "é", "\u{1680}", "\u{180E}", "\u{2000}", "\u{200A}", "\u{200B}", "\u{200D}", "\u{200E}", "\u{2014}",
            "\u{201C}", "\u{202F}", "\u{205F}", "\u{2060}", "\u{2212}", "\u{3000}", "\u{3001}", "\u{3007}", "一", "年",
            "\u{FEFF}", "\u{FF0C}", "\u{FF0F}", "\u{FF10}", "\u{FF19}", "\u{FF1A}", "\u{FF20}", "\u{FF21}", "\u{FF3A}",
            "\u{FF3B}", "\u{FF40}", "\u{FF41}", "\u{FF5A}", "\u{FF5B}", "\u{FFFD}", "\u{20000}", "\u{1F600}",
        ]
        for _ in 0..<2_000 {
            var text = String.UnicodeScalarView()
            for _ in 0..<rng.int(in: 0...40) { text.append(alphabet[rng.int(in: 0...(alphabet.count - 1))]) }
            let string = String(text)
            #expect(Array(Normalizer.lines(of: string)) == Self.reference(string), "\(string.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// The marks of a normalised line, read the plain way.
    private static func referenceMarks(_ line: String) -> LineMarks {
        var marks: LineMarks = []
        if line.contains(where: { "况项题议".contains($0) }) { marks.insert(.headingAnchor) }
        if line.contains("统计") { marks.insert(.statistics) }
        if line.contains("核定") { marks.insert(.verification) }
        if line.contains("年"), line.contains(where: { $0.isASCII && $0.isNumber || $0 == "〇" || $0 == "零" }) {
            marks.insert(.mayHoldYear)
        }
        return marks
    }

    @Test("each line's marks are those of the normalised line, whatever was dropped or mapped on the way")
    func lineMarksAgainstReference() {
        #expect(Normalizer.read("一、总体情况\n统\u{200B}计期限自２０２４年\n核定\n二〇二四年\n年\n").marks
                == [.headingAnchor, [.statistics, .mayHoldYear], .verification, .mayHoldYear, []])
        var rng = SplitMix64(seed: 0x5EED_0002)
        let alphabet: [String] = ["况", "项", "题", "议", "统", "计", "核", "定", "年", "〇", "零", "1", "１", "a", " ", "\t",
                                  "\n", "\r\n", "\u{200B}", "\u{FEFF}", "\u{3000}", "，", "。", "一", "度", "\u{0C}"]
        for _ in 0..<3_000 {
            let text = (0..<rng.int(in: 0...30)).map { _ in alphabet[rng.int(in: 0...(alphabet.count - 1))] }.joined()
            let read = Normalizer.read(text)
            #expect(read.marks == read.lines.map(Self.referenceMarks), "\(text.debugDescription)")
            #expect(read.marks.count == read.lines.count)
        }
    }

    @Test("the normaliser tells binary data as the decoder does")
    func binaryEvidenceAgreesWithDecoder() {
        var rng = SplitMix64(seed: 0x5EED_0003)
        let pieces: [[UInt8]] = [[0x00], [0x01], [0x07], [0x0C], [0x1B], [0x09], [0x0A], [0x0D], Array("年度报告".utf8), Array("ab".utf8)]
        for _ in 0..<2_000 {
            let bytes = (0..<rng.int(in: 1...40)).flatMap { _ in pieces[rng.int(in: 0...(pieces.count - 1))] }
            let decoderSaysBinary: Bool
            do {
                _ = try TextDecoder.decode(Data(bytes))
                decoderSaysBinary = false
            } catch {
                decoderSaysBinary = error == .binary
            }
            let read = bytes.withUnsafeBufferPointer { Normalizer.read(utf8: $0) }
            #expect(read?.looksBinary == decoderSaysBinary, "\(bytes)")
        }
    }
}

/// One buffer for all of a report's lines.
@Suite("ReportLines")
struct ReportLinesTests {
    @Test("lines are read back as given, and a slice keeps the report's line indices")
    func linesAndSlices() {
        let lines: ReportLines = ["一、总体情况", "", "行政许可\t418", "末行"]
        #expect(lines.count == 4)
        #expect(lines[2] == "行政许可\t418")
        #expect(lines.utf8Count(0) == "一、总体情况".utf8.count)
        #expect(lines.utf8Count(1) == 0)
        let slice = lines[2..<4]
        #expect(slice.startIndex == 2 && slice.endIndex == 4)
        #expect(Array(slice) == ["行政许可\t418", "末行"])
        #expect(lines[1..<1].isEmpty)
        lines.withUTF8(lines: 1..<3) { bytes, ends in
            #expect(Array(bytes) == Array("行政许可\t418".utf8))
            #expect(Array(ends) == [0, "行政许可\t418".utf8.count])
        }
        lines.withUTF8(3) { #expect(Array($0) == Array("末行".utf8)) }
    }

    @Test("equal when they hold the same lines, wherever they are kept")
    func equality() {
        let whole: ReportLines = ["a", "bc", "d"]
        #expect(whole[1..<2] == ["bc"])
        #expect(whole[1..<2].hashValue == (["bc"] as ReportLines).hashValue)
        #expect(whole != ["ab", "c", "d"])
        #expect(whole != ["a", "bc"])
        #expect(ReportLines(utf8: Array("abcd".utf8), lineEnds: [1, 3, 4]) == whole)
    }
}

