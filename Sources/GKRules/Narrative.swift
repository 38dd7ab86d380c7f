import GKModel
import GKParse

/// One sentence (or paragraph) of a report's text, joined back together when the file broke it over lines.
struct Sentence: Sendable {
    /// `preamble` (text before the first section) or a section ID.
    let section: String
    let text: String
    /// Where each source line starts in `text` (UTF-16 offsets, for pattern matches), with its line number.
    let lineStarts: [(offset: Int, line: Int)]

    var firstLine: Int { lineStarts.first?.line ?? 0 }

    /// The file line of a UTF-16 offset in `text`.
    func line(atOffset offset: Int) -> Int {
        var line = firstLine
        for start in lineStarts where start.offset <= offset { line = start.line }
        return line
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
        for paragraph in paragraphs {
            split(paragraph.text, starts: paragraph.lineStarts, section: paragraph.section, into: &result)
        }
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

    private static func appendParagraphs(of range: ClosedRange<Int>, section: String, report: Report,
                                         skipping tables: [ClosedRange<Int>], to result: inout [Sentence]) {
        var paragraph = ""
        var paragraphLength = 0 // in UTF-16 code units, as pattern matches count
        var starts: [(offset: Int, line: Int)] = []
        func flush() {
            if !paragraph.isEmpty { result.append(Sentence(section: section, text: paragraph, lineStarts: starts)) }
            paragraph = ""
            paragraphLength = 0
            starts = []
        }
        for number in range where number <= report.lines.count {
            let line = trimmedLine(number, of: report)
            // A table's region may hold prose too (text between the heading and the table): a line with a
            // full stop and no tab is prose; everything else there is a table's label, header or value.
            if tables.contains(where: { $0.contains(number) }), line.includes("\t") || !line.includes("。") {
                flush()
                continue
            }
            if line.isEmpty { continue } // a blank line inside a broken sentence does not end it
            if !paragraph.isEmpty, startsNewParagraph(line) { flush() }
            starts.append((paragraphLength, number))
            paragraph += line
            paragraphLength += line.utf16.count
            if endsParagraph(line) { flush() }
        }
        flush()
    }

    /// Splits a paragraph after 。！？；, keeping each sentence's line starts. Read as UTF-8 bytes: the
    /// terminators are whole scalars, so a sentence ends exactly where a scalar-by-scalar reading ends it.
    private static func split(_ paragraph: String, starts: [(offset: Int, line: Int)], section: String,
                              into result: inout [Sentence]) {
        var text = paragraph
        text.withUTF8 { bytes in
            var sentenceStart = 0, sentenceStartByte = 0, offset = 0, index = 0
            while index < bytes.count {
                let lead = bytes[index]
                let width = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
                offset += width == 4 ? 2 : 1
                index += width
                if isTerminator(bytes, endingAt: index, width: width) {
                    emit(String(decoding: UnsafeBufferPointer(rebasing: bytes[sentenceStartByte..<index]), as: UTF8.self),
                         from: sentenceStart, length: offset - sentenceStart, starts: starts, section: section, into: &result)
                    sentenceStart = offset
                    sentenceStartByte = index
                }
            }
            emit(String(decoding: UnsafeBufferPointer(rebasing: bytes[sentenceStartByte...]), as: UTF8.self),
                 from: sentenceStart, length: offset - sentenceStart, starts: starts, section: section, into: &result)
        }
    }

    /// Whether the scalar of `width` bytes ending at `end` is one of 。！？；!?
    @inline(__always)
    private static func isTerminator(_ bytes: UnsafeBufferPointer<UInt8>, endingAt end: Int, width: Int) -> Bool {
        switch width {
        case 1: return bytes[end - 1] == 0x21 || bytes[end - 1] == 0x3F // ! ?
        case 3:
            let (a, b, c) = (bytes[end - 3], bytes[end - 2], bytes[end - 1])
            if a == 0xE3 { return b == 0x80 && c == 0x82 } // 。
            return a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F || c == 0x9B) // ！ ？ ；
        default: return false
        }
    }

    private static func emit(_ text: String, from start: Int, length: Int, starts: [(offset: Int, line: Int)],
                             section: String, into result: inout [Sentence]) {
        guard !text.allSatisfy(\.isWhitespace) else { return }
        var lineStarts: [(offset: Int, line: Int)] = []
        for (offset, line) in starts where offset < start + length {
            if offset <= start {
                lineStarts = [(0, line)]
            } else {
                lineStarts.append((offset - start, line))
            }
        }
        result.append(Sentence(section: section, text: text, lineStarts: lineStarts))
    }

    /// Line `number` without leading and trailing spaces and tabs (normalisation has made every space
    /// ASCII), made from its bytes.
    private static func trimmedLine(_ number: Int, of report: Report) -> String {
        report.lines.withUTF8(number - 1) { bytes in
            var start = 0, end = bytes.count
            while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
            while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
        }
    }

    /// A line that ends a sentence or is a short heading ends its paragraph.
    private static func endsParagraph(_ line: String) -> Bool {
        guard let last = line.last else { return true }
        if "。！？；：:!?".contains(last) { return true }
        // A short line with no sentence punctuation at all is a heading: （三）政府信息管理情况.
        // The character count last: it is the dearest to take.
        return !line.includes("，") && !line.includes(",") && LabelText.startsWithNumbering(line) && line.count <= 24
    }

    /// A numbered line (（二）…, 三、…, 2.…) starts a new paragraph.
    private static func startsNewParagraph(_ line: String) -> Bool {
        LabelText.startsWithNumbering(line)
    }
}
