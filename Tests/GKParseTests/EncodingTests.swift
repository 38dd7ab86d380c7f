import Foundation
import GKExport
import GKModel
@testable import GKParse
import Testing

/// The same report in every encoding and line-ending convention gives the same model.
@Suite("Encodings")
struct EncodingTests {
    struct EncodedFixture: Sendable, CustomTestStringConvertible {
        let file: String
        let encoding: TextEncoding
        var testDescription: String { file }
    }

    static let fixtures = [
        EncodedFixture(file: "000.utf16be.txt", encoding: .utf16BE),
        EncodedFixture(file: "001.utf16le.txt", encoding: .utf16LE),
        EncodedFixture(file: "002.gb18030.txt", encoding: .gb18030),
        EncodedFixture(file: "003.crlf.txt", encoding: .utf8),
        EncodedFixture(file: "003.utf8bom.txt", encoding: .utf8BOM),
        EncodedFixture(file: "004.gb18030.txt", encoding: .gb18030),
    ]

    @Test("the fixture folder holds exactly the files tested here")
    func folderListing() throws {
        #expect(try Fixtures.files(in: "Fixtures/encodings") == Self.fixtures.map(\.file))
    }

    @Test("encoding names as reported")
    func encodingNames() {
        #expect(TextEncoding.utf8.rawValue == "UTF-8")
        #expect(TextEncoding.utf8BOM.rawValue == "UTF-8 (BOM)")
        #expect(TextEncoding.utf16LE.rawValue == "UTF-16LE")
        #expect(TextEncoding.utf16BE.rawValue == "UTF-16BE")
        #expect(TextEncoding.gb18030.rawValue == "GB18030")
    }

    @Test("each re-encoded fixture gives the seed's JSON, cells and metadata", arguments: fixtures)
    func fixtureMatchesSeed(fixture: EncodedFixture) throws {
        let prefix = String(fixture.file.prefix(3))
        let data = try Fixtures.data("Fixtures/encodings/" + fixture.file)
        let (report, encoding) = try ReportParser.parse(data: data, file: fixture.file)
        #expect(encoding == fixture.encoding)
        let seed = try Fixtures.seedReport(prefix)
        expectCells(report, equal: ExpectedReport.forFile(fixture.file), context: fixture.file)
        #expect(report.metadata == seed.metadata)
        #expect(report.tables == seed.tables)

        if fixture.file == "003.crlf.txt" {
            // This fixture ends with a line break (a final CR) that the seed has not; the line it ends
            // must not add an empty line 97 to the report. Everything else is compared exactly.
            for key in ["agency", "year", "title", "period", "published", "data_date", "metadata_sources", "sections",
                        "tables", "locations", "labels", "notes"] {
                #expect(jsonMember(report, key) == jsonMember(seed, key), "\(key)")
            }
            #expect(report.lines.count == seed.lines.count)
            #expect(jsonIgnoringFile(report) == jsonIgnoringFile(seed))
        } else {
            #expect(report.lines == seed.lines)
            #expect(jsonIgnoringFile(report) == jsonIgnoringFile(seed))
        }
    }

    // MARK: In-memory re-encodings of the five seeds

    enum Variant: String, CaseIterable, Sendable {
        case utf16LE, utf16BE, utf8BOM, crlf, loneCR, crlfUTF16LE, gb18030
    }

    static func encode(_ text: String, _ variant: Variant) -> (Data, TextEncoding) {
        func utf16(_ text: String, littleEndian: Bool) -> Data {
            var bytes: [UInt8] = littleEndian ? [0xFF, 0xFE] : [0xFE, 0xFF]
            for unit in text.utf16 {
                let (hi, lo) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
                bytes += littleEndian ? [lo, hi] : [hi, lo]
            }
            return Data(bytes)
        }
        switch variant {
        case .utf16LE: return (utf16(text, littleEndian: true), .utf16LE)
        case .utf16BE: return (utf16(text, littleEndian: false), .utf16BE)
        case .utf8BOM: return (Data([0xEF, 0xBB, 0xBF]) + Data(text.utf8), .utf8BOM)
        case .crlf: return (Data(text.replacingOccurrences(of: "\n", with: "\r\n").utf8), .utf8)
        case .loneCR: return (Data(text.replacingOccurrences(of: "\n", with: "\r").utf8), .utf8)
        case .crlfUTF16LE: return (utf16(text.replacingOccurrences(of: "\n", with: "\r\n"), littleEndian: true), .utf16LE)
        case .gb18030: return (text.data(using: TextDecoder.gb18030)!, .gb18030)
        }
    }

    @Test("in-memory re-encodings of every seed give the seed's JSON",
          arguments: Fixtures.seedNames, Variant.allCases)
    func inMemory(name: String, variant: Variant) throws {
        let prefix = String(name.prefix(3))
        let text = try Fixtures.seedText(prefix)
        let seed = ReportParser.parse(text: text, file: name)
        let (data, expectedEncoding) = Self.encode(text, variant)
        let (report, encoding) = try ReportParser.parse(data: data, file: "\(name).\(variant)")
        #expect(encoding == expectedEncoding)
        #expect(report.lines == seed.lines)
        #expect(jsonIgnoringFile(report) == jsonIgnoringFile(seed))
        #expect(report.file == "\(name).\(variant)")
        expectCells(report, equal: ExpectedReport.forFile(name), context: "\(name) \(variant)")
    }

    @Test("TextDecoder names what it decoded")
    func decoderResults() throws {
        let text = "2024年政府信息公开工作年度报告\n"
        #expect(try TextDecoder.decode(Data(text.utf8)) == (text, .utf8))
        #expect(try TextDecoder.decode(Self.encode(text, .utf8BOM).0) == (text, .utf8BOM))
        #expect(try TextDecoder.decode(Self.encode(text, .utf16LE).0) == (text, .utf16LE))
        #expect(try TextDecoder.decode(Self.encode(text, .utf16BE).0) == (text, .utf16BE))
        #expect(try TextDecoder.decode(Self.encode(text, .gb18030).0) == (text, .gb18030))
        // GB18030 bytes of 报告 (B1 A8 B8 E6), not valid UTF-8.
        #expect(try TextDecoder.decode(Data([0xB1, 0xA8, 0xB8, 0xE6])) == ("报告", .gb18030))
        // Supplementary-plane characters survive UTF-16 (surrogate pairs).
        let wide = "𠀀年度报告"
        #expect(try TextDecoder.decode(Self.encode(wide, .utf16LE).0).text == wide)
        #expect(try TextDecoder.decode(Self.encode(wide, .utf16BE).0).text == wide)
    }

    @Test("a BOM alone, or a BOM with only white space after, is an empty file")
    func bomOnly() throws {
        #expect(throws: ReadError.empty) { try TextDecoder.decode(Data([0xEF, 0xBB, 0xBF])) }
        #expect(throws: ReadError.empty) { try TextDecoder.decode(Data([0xFF, 0xFE])) }
        #expect(throws: ReadError.empty) { try TextDecoder.decode(Data([0xEF, 0xBB, 0xBF, 0x20, 0x0A, 0xE3, 0x80, 0x80])) }
    }

    @Test("malformed UTF-16 and UTF-8 after a BOM are undecodable")
    func malformedAfterBOM() {
        // An odd number of bytes after a UTF-16 BOM.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0xFF, 0xFE, 0x41, 0x00, 0x42])) }
        // A lone high surrogate (D800) in UTF-16LE.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00])) }
        // A lone low surrogate (DC00) in UTF-16BE.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0xFE, 0xFF, 0xDC, 0x00, 0x00, 0x41])) }
        // Invalid UTF-8 after a UTF-8 BOM is not retried as GB18030.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0xEF, 0xBB, 0xBF, 0xB1, 0xA8, 0xB8, 0xE6])) }
    }

    @Test("the normaliser accepts exactly the UTF-8 that String(validating:) does, alone or in text")
    func validatorAgreesWithStandardLibrary() {
        let samples: [[UInt8]] = [
            [], Array("ASCII only, long enough for the 8-byte path".utf8), Array("政府信息公开年度报告 2024".utf8),
            Array("𠀀 four bytes, ＡＢＣ and \u{FEFF}".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xE0, 0x9F, 0xBF], [0xED, 0xA0, 0x80], [0xED, 0x9F, 0xBF],
            [0xF0, 0x8F, 0xBF, 0xBF], [0xF4, 0x8F, 0xBF, 0xBF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE4, 0xB8], [0xE4, 0xB8, 0x41], [0x41, 0xE4], [0x80], [0xBF, 0x41], [0xFF], [0xB1, 0xA8, 0xB8, 0xE6],
            // A control byte or a line end inside a character: dropping it must not join the parts.
            [0xE4, 0x0C, 0xB8, 0xAD], [0xE4, 0xB8, 0x0A, 0xAD], [0xC2, 0x00, 0xA0], [0xEF, 0xBC, 0x0D, 0x91],
        ]
        for sample in samples {
            for bytes in [sample, Array("年度报告\t".utf8) + sample + Array("\n情况".utf8)] {
                let read = bytes.withUnsafeBufferPointer { Normalizer.read(utf8: $0) }
                #expect((read != nil) == (String(validating: bytes, as: UTF8.self) != nil), "\(bytes)")
            }
        }
    }

    @Test("plain UTF-8 read straight from its bytes gives what decoding first gives")
    func plainUTF8FastPath() throws {
        for text in ["一、总体情况\r\n\u{3000}\u{3000}２０２４年\t１２\n", "a\u{0C}b\rc", "x\u{FEFF}y", "末行\n\n"] {
            let lines = try plainLines(Array(text.utf8))
            #expect(lines == Normalizer.lines(of: text))
        }
        #expect(throws: ReadError.empty) { try plainLines(Array(" \n\u{3000}\u{FEFF}".utf8)) }
        #expect(throws: ReadError.binary) { try plainLines(Array("年度\u{0}报告".utf8)) }
        #expect(try plainLines([0xEF, 0xBB, 0xBF, 0x41]) == nil)
        #expect(try plainLines([0xB1, 0xA8, 0xB8, 0xE6]) == nil)
    }

    @Test("UTF-16 transcoded straight to UTF-8 gives what the standard library's UTF16 decoding gives")
    func utf16Transcoding() {
        let samples: [[UInt16]] = [
            [], [0x41, 0x7F, 0x80, 0x7FF, 0x800, 0x5E74, 0xFFFF, 0xFEFF], [0xD840, 0xDC00, 0x5E74], [0xDBFF, 0xDFFF],
            [0xD800], [0xDC00, 0x41], [0x41, 0xD800, 0x41], [0xD800, 0xD800, 0xDC00], [0xDFFF], [0x41, 0xDBFF],
        ]
        for units in samples {
            var expected: [UInt8]? = []
            var iterator = units.makeIterator(), decoder = UTF16()
            decoding: while true {
                switch decoder.decode(&iterator) {
                case .scalarValue(let scalar): expected!.append(contentsOf: Array(String(scalar).utf8))
                case .emptyInput: break decoding
                case .error: expected = nil; break decoding
                }
            }
            for littleEndian in [true, false] {
                let bytes = units.flatMap { littleEndian ? [UInt8($0 & 0xFF), UInt8($0 >> 8)] : [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
                let utf8 = bytes.withUnsafeBufferPointer { TextDecoder.utf8(fromUTF16: $0, littleEndian: littleEndian) }
                #expect(utf8 == expected, "\(units) \(littleEndian)")
            }
        }
        // An odd number of bytes.
        #expect([UInt8]([0x41, 0x00, 0x42]).withUnsafeBufferPointer { TextDecoder.utf8(fromUTF16: $0, littleEndian: true) } == nil)
    }

    @Test("GB18030 read through iconv gives Foundation's text: every one- and two-byte sequence, four-byte ones sampled")
    func gb18030MatchesFoundation() {
        var sequences: [[UInt8]] = (0...0xFF).map { [UInt8($0)] }
        for lead in 0x80...0xFF { for trail in 0...0xFF { sequences.append([UInt8(lead), UInt8(trail)]) } }
        for a in stride(from: 0x81, through: 0xFE, by: 3) { for b in 0x30...0x39 { for c in stride(from: 0x81, through: 0xFE, by: 5) {
            for d in 0x30...0x39 { sequences.append([UInt8(a), UInt8(b), UInt8(c), UInt8(d)]) }
        } } }
        // Cut off, and the ones glibc reads otherwise than Foundation (A3A0, FE51…), in text.
        sequences += [[0x81], [0x81, 0x30], [0x81, 0x30, 0x81], [0xB1, 0xA8, 0xA3, 0xA0, 0xFE, 0x51, 0xB8, 0xE6]]
        for sequence in sequences {
            let bytes = [0x41] + sequence + [0x42]
            let expected = String(data: Data(bytes), encoding: TextDecoder.gb18030).map { Array($0.utf8) }
            #expect(bytes.withUnsafeBufferPointer(TextDecoder.utf8(fromGB18030:)) == expected, "\(sequence)")
        }
    }

    @Test("a report's bytes normalised straight give the text and the errors of decoding, then normalising")
    func normalizedTextMatchesDecoding() throws {
        let text = "一、总体情况\r\n\u{3000}２０２４年𠀀\t１２\n"
        var inputs: [[UInt8]] = [[], [0xEF, 0xBB, 0xBF], [0xFF, 0xFE], [0xFF, 0xFE, 0x20, 0x00], Array("年度\u{0}报告".utf8),
                                 [0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00], [0xFE, 0xFF, 0xDC, 0x00], [0xFF, 0xFE, 0x41],
                                 [0xEF, 0xBB, 0xBF, 0xB1, 0xA8], [0xB1, 0xA8, 0xB8, 0xE6], [0xB1, 0xA8, 0xB8], [0xB1, 0xA8, 0xA3, 0xA0],
                                 [0xA1, 0xA1, 0x0A], [0xB1, 0x00, 0xB8, 0xE6], [0x80, 0xB1, 0xA8], [0xFE, 0x51, 0xB1, 0xA8]]
        inputs.append(Array(text.utf8))
        for variant in [Variant.utf8BOM, .utf16LE, .utf16BE, .crlfUTF16LE, .gb18030] {
            inputs.append([UInt8](Self.encode(text, variant).0))
        }
        for bytes in inputs {
            let straight = Result { () throws(ReadError) in
                try bytes.withUnsafeBufferPointer { b throws(ReadError) in
                    let (text, encoding) = try TextDecoder.normalizedText(b)
                    return "\(encoding.rawValue) \(text.lines.map { $0 })"
                }
            }
            let decoded = Result { () throws(ReadError) in
                let (text, encoding) = try TextDecoder.decode(Data(bytes))
                return "\(encoding.rawValue) \(Normalizer.lines(of: text).map { $0 })"
            }
            #expect(straight == decoded, "\(bytes)")
        }
    }

    /// `TextDecoder.plainUTF8Lines` of some bytes.
    private func plainLines(_ bytes: [UInt8]) throws -> ReportLines? {
        try bytes.withUnsafeBufferPointer { try TextDecoder.plainUTF8Text($0)?.lines }
    }
}
