import Foundation
import GKModel
import GKParse

/// One sentence (or paragraph) of a report's text, joined back together when the file broke it over lines.
/// A class: every narrative check goes through the report's sentences, and passing one on is then one reference.
final class Sentence: Sendable {
    /// `preamble` (text before the first section) or a section ID.
    let section: String
    let text: String
    /// Where each source line starts in `text` (UTF-16 offsets, for pattern matches), with its line number.
    let lineStarts: [(offset: Int, line: Int)]
    /// The length of `text` in UTF-16 code units, as pattern matches count.
    let length: Int
    /// The bits of the characters of `text` (of a sentence; every bit for a paragraph, which no filter reads).
    let characters: CharacterBits

    init(section: String, text: String, lineStarts: [(offset: Int, line: Int)], length: Int,
         characters: CharacterBits = .all) {
        self.section = section
        self.text = text
        self.lineStarts = lineStarts
        self.length = length
        self.characters = characters
    }

    var firstLine: Int { lineStarts.first?.line ?? 0 }

    /// The file line of a UTF-16 offset in `text`.
    func line(atOffset offset: Int) -> Int {
        var line = firstLine
        for start in lineStarts where start.offset <= offset { line = start.line }
        return line
    }

    /// The part of `text` at a UTF-16 range (a pattern match's or a group's, which never splits a scalar),
    /// read from the UTF-8 bytes: what `NSString.substring(with:)` gives, without its costly bridging.
    func substring(_ range: NSRange) -> String {
        var text = text
        return text.withUTF8 { bytes in
            let upper = range.location + range.length
            var units = 0, index = 0, start = 0
            while index < bytes.count, units < upper {
                if units == range.location { start = index }
                let lead = bytes[index]
                let width = lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                units += width == 4 ? 2 : 1
                index += width
            }
            if units == range.location { start = index }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        }
    }
}

/// The report's prose as sentences: table lines left out, lines broken mid-sentence (by PDF conversion
/// or page width) joined, so a pattern finds "共收到政府信息公开申请\n1 件" as one phrase.
enum Narrative {
    static let preamble = "preamble"
    /// The places a narrative check may look: the text before the first section, then the six sections.
    static let places = [preamble] + SectionID.allCases.map(\.rawValue)

    /// The sentences of paragraphs made by `paragraphs(of:)`, in order.
    static func sentences(of paragraphs: [Sentence]) -> [Sentence] {
        var result: [Sentence] = []
        result.reserveCapacity(paragraphs.count * 2)
        for paragraph in paragraphs { split(paragraph, into: &result) }
        return result
    }

    /// The report's paragraphs (lines joined until one ends a sentence or a heading), in order.
    static func paragraphs(of report: Report) -> [Sentence] {
        let tableLines = report.tables.values.compactMap(\.lines)
        let ordered = report.sections.values.sorted { $0.lines.lowerBound < $1.lines.lowerBound }
        var result: [Sentence] = []
        let firstSectionLine = ordered.first?.lines.lowerBound ?? report.lines.count + 1
        // The title and preamble: lines before the first section heading.
        if firstSectionLine > 1 {
            appendParagraphs(of: 1...(firstSectionLine - 1), section: preamble, report: report,
                             skipping: tableLines, to: &result)
        }
        for section in ordered {
            guard let first = section.firstBodyLine, first <= section.lines.upperBound else { continue }
            appendParagraphs(of: first...section.lines.upperBound, section: section.id.rawValue, report: report,
                             skipping: tableLines, to: &result)
        }
        return result
    }

    /// A paragraph being joined from lines, as UTF-8 bytes: each line is read in place, and the paragraph
    /// is made a String once, when it ends.
    private struct ParagraphBuilder {
        let section: String
        var bytes: [UInt8] = []
        var length = 0 // in UTF-16 code units, as pattern matches count
        var starts: [(offset: Int, line: Int)] = []

        var isEmpty: Bool { bytes.isEmpty }

        mutating func append(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
            starts.append((length, number))
            bytes.append(contentsOf: line)
            length += utf16Count(line)
        }

        mutating func flush(into result: inout [Sentence]) {
            if !bytes.isEmpty {
                result.append(Sentence(section: section, text: String(decoding: bytes, as: UTF8.self), lineStarts: starts,
                                       length: length))
            }
            bytes.removeAll(keepingCapacity: true)
            length = 0
            starts = []
        }
    }

    private static func appendParagraphs(of range: ClosedRange<Int>, section: String, report: Report,
                                         skipping tables: [ClosedRange<Int>], to result: inout [Sentence]) {
        var paragraph = ParagraphBuilder(section: section)
        for number in range where number <= report.lines.count {
            report.lines.withUTF8(number - 1) { whole in
                let line = trimmed(whole)
                // A table's region may hold prose too (text between the heading and the table): a line with a
                // full stop and no tab is prose; everything else there is a table's label, header or value.
                if tables.contains(where: { $0.contains(number) }),
                   ByteSearch.includes(line, tab) || !ByteSearch.includes(line, fullStop) {
                    paragraph.flush(into: &result)
                    return
                }
                if line.isEmpty { return } // a blank line inside a broken sentence does not end it
                if !paragraph.isEmpty, startsNewParagraph(line) { paragraph.flush(into: &result) }
                paragraph.append(line, number: number)
                if endsParagraph(line) { paragraph.flush(into: &result) }
            }
        }
        paragraph.flush(into: &result)
    }

    private static let tab: [UInt8] = [0x09]
    private static let fullStop = Array("。".utf8)
    private static let comma = Array(",".utf8)
    private static let fullWidthComma = Array("，".utf8)

    /// Splits a paragraph after 。！？；!?, keeping each sentence's line starts. Read as UTF-8 bytes: the
    /// terminators are whole scalars, so a sentence ends exactly where a scalar-by-scalar reading ends it.
    private static func split(_ paragraph: Sentence, into result: inout [Sentence]) {
        var text = paragraph.text
        text.withUTF8 { bytes in
            var sentenceStart = 0, sentenceStartByte = 0, offset = 0, index = 0
            var characters = CharacterBits()
            while index < bytes.count {
                let next = characters.insertScalar(of: bytes, at: index)
                offset += next - index == 4 ? 2 : 1
                index = next
                if isTerminator(bytes, endingAt: index) {
                    emit(sentenceStartByte..<index, of: paragraph, bytes: bytes, from: sentenceStart,
                         length: offset - sentenceStart, characters: characters, into: &result)
                    sentenceStart = offset
                    sentenceStartByte = index
                    characters = CharacterBits()
                }
            }
            emit(sentenceStartByte..<index, of: paragraph, bytes: bytes, from: sentenceStart,
                 length: offset - sentenceStart, characters: characters, into: &result)
        }
    }

    /// Whether the scalar ending at `end` is one of 。！？；!?
    @inline(__always)
    private static func isTerminator(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int) -> Bool {
        let c = bytes[end - 1]
        if c < 0x80 { return c == 0x21 || c == 0x3F } // ! ?
        guard end >= 3 else { return false }
        let (a, b) = (bytes[end - 3], bytes[end - 2])
        if a == 0xE3 { return b == 0x80 && c == 0x82 } // 。
        return a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F || c == 0x9B) // ！ ？ ；
    }

    /// Adds the sentence at `byteRange` of the paragraph (whose bytes are `bytes`), unless it is all white space.
    private static func emit(_ byteRange: Range<Int>, of paragraph: Sentence, bytes: UnsafeBufferPointer<UInt8>,
                             from start: Int, length: Int, characters: CharacterBits, into result: inout [Sentence]) {
        // The paragraph's bytes are well-formed, and a sentence starts and ends on a scalar: the String
        // is cut from the paragraph's, without reading its bytes again.
        let utf8 = paragraph.text.utf8
        let lower = utf8.index(utf8.startIndex, offsetBy: byteRange.lowerBound)
        let upper = utf8.index(lower, offsetBy: byteRange.count)
        let text = String(Substring(utf8[lower..<upper]))
        guard !isBlank(bytes, at: byteRange.lowerBound, text) else { return }
        var lineStarts: [(offset: Int, line: Int)] = []
        for (offset, line) in paragraph.lineStarts where offset < start + length {
            if offset <= start {
                lineStarts = [(0, line)]
            } else {
                lineStarts.append((offset - start, line))
            }
        }
        result.append(Sentence(section: paragraph.section, text: text, lineStarts: lineStarts, length: length,
                               characters: characters))
    }

    /// Whether every character of `text`, which starts at `start` of `bytes`, is white space. A first byte
    /// that starts no white space (printable ASCII, U+4000–U+9FFF, U+F000–U+FFFF) answers at once.
    @inline(__always)
    private static func isBlank(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, _ text: String) -> Bool {
        if start < bytes.count {
            switch bytes[start] {
            case 0x21...0x7E, 0xE4...0xE9, 0xEF: return false
            default: break
            }
        }
        return text.allSatisfy(\.isWhitespace)
    }

    /// The number of UTF-16 code units of well-formed UTF-8.
    @inline(__always)
    private static func utf16Count(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
        var count = 0
        for byte in bytes {
            // Each scalar counts at its lead byte, and a four-byte one (a surrogate pair) once more.
            if byte & 0xC0 != 0x80 { count += 1 }
            if byte >= 0xF0 { count += 1 }
        }
        return count
    }

    /// A line's bytes without leading and trailing spaces and tabs (normalisation has made every space ASCII).
    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var start = 0, end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return UnsafeBufferPointer(rebasing: bytes[start..<end])
    }

    /// A line that ends a sentence or is a short heading ends its paragraph. Read on the bytes of a
    /// (non-empty) line; a line where characters and scalars might not be one to one there is read as
    /// characters, by `endsParagraph(_: String)`.
    private static func endsParagraph(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var lastStart = line.count - 1
        while lastStart > 0, line[lastStart] & 0xC0 == 0x80 { lastStart -= 1 }
        if isParagraphEnd(LabelText.scalar(line, lastStart).0) {
            // The last character is that scalar alone unless the scalar before it joins it (a prepended
            // concatenation mark), which a scalar that always stands alone never does.
            guard lastStart > 0 else { return true }
            var previousStart = lastStart - 1
            while previousStart > 0, line[previousStart] & 0xC0 == 0x80 { previousStart -= 1 }
            if standsAlone(LabelText.scalar(line, previousStart).0) { return true }
            return endsParagraph(String(decoding: line, as: UTF8.self))
        }
        guard !ByteSearch.includes(line, fullWidthComma), !ByteSearch.includes(line, comma),
              LabelText.startsWithNumbering(bytes: line) else { return false }
        // No more characters than bytes, nor than scalars; as many as scalars when every one stands alone.
        if line.count <= 24 { return true }
        var scalars = 0, index = 0, allStandAlone = true
        while index < line.count {
            let (value, width) = LabelText.scalar(line, index)
            if !standsAlone(value) { allStandAlone = false }
            scalars += 1
            index += width
        }
        if scalars <= 24 { return true }
        if allStandAlone { return false }
        return String(decoding: line, as: UTF8.self).count <= 24
    }

    /// `endsParagraph` read as characters.
    private static func endsParagraph(_ line: String) -> Bool {
        guard let last = line.last else { return true }
        if "。！？；：:!?".contains(last) { return true }
        // A short line with no sentence punctuation at all is a heading: （三）政府信息管理情况.
        // The character count last: it is the dearest to take.
        return !line.includes("，") && !line.includes(",") && LabelText.startsWithNumbering(line) && line.count <= 24
    }

    /// Whether a scalar is one of 。！？；：:!? (the ends of a paragraph's last line).
    private static func isParagraphEnd(_ value: UInt32) -> Bool {
        switch value {
        case 0x3002, 0xFF01, 0xFF1F, 0xFF1B, 0xFF1A, 0x3A, 0x21, 0x3F: return true
        default: return false
        }
    }

    /// A numbered line (（二）…, 三、…, 2.…) starts a new paragraph.
    private static func startsNewParagraph(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        LabelText.startsWithNumbering(bytes: line)
    }

    /// A scalar that is a character by itself next to any other such scalar (grapheme cluster break
    /// property Other, neither extending nor extended): ASCII, CJK ideographs and punctuation, full-width forms.
    static func standsAlone(_ value: UInt32) -> Bool {
        switch value {
        case 0x20...0x7E, 0x4E00...0x9FFF, 0x3000...0x3029, 0x3030...0x303F, 0x2010...0x2027, 0xFF01...0xFF5E: return true
        default: return false
        }
    }
}
