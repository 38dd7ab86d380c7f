import Foundation
import GKModel
import GKParse
@testable import GKRules
import GKTestSupport
import Testing

/// The report's prose as paragraphs and sentences, read on bytes, against a reading character by character.
@Suite("Narrative")
struct NarrativeTests {
    /// Characters that try the byte reading: terminators, a prepended mark before one, combining marks,
    /// ideographic space, emoji (surrogate pairs), commas, numbering, tabs.
    static let pieces = [
        "。", "！", "？", "；", "：", ":", "!", "?", "，", ",", "\u{600}", "\u{301}", "\u{3000}", "😀", "𠀀", "\t", " ",
        "（一）", "2.", "三、", "年", "本机关", "共收到申请", "12", "件", "é", "\u{200D}", "a",
    ]

    @Test("paragraphs and sentences are those of a reading character by character, on damaged seeds")
    func sameAsCharacterReading() throws {
        var rng = SplitMix64(seed: 20_261_123)
        for name in TestFiles.seedNames {
            let text = try String(contentsOf: TestFiles.root.appendingPathComponent("Fixtures/seeds/\(name)"), encoding: .utf8)
            for round in 0..<40 {
                var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
                for _ in 0..<(round == 0 ? 0 : rng.int(in: 1...30)) {
                    let index = rng.int(in: 0...(lines.count - 1))
                    var line = Array(lines[index])
                    let position = rng.int(in: 0...line.count)
                    let inserted = (0..<rng.int(in: 1...4)).map { _ in rng.element(Self.pieces) }.joined()
                    line.insert(contentsOf: inserted, at: position)
                    if rng.chance(0.2), !line.isEmpty { line.removeLast(rng.int(in: 1...line.count)) }
                    lines[index] = String(line)
                }
                let report = ReportParser.parse(text: lines.joined(separator: "\n"), file: name)
                let paragraphs = Narrative.paragraphs(of: report)
                let expected = CharacterReading.paragraphs(of: report)
                #expect(paragraphs.map(\.text) == expected.map(\.text), "\(name) round \(round)")
                #expect(paragraphs.map(\.section) == expected.map(\.section))
                #expect(paragraphs.map(\.length) == expected.map(\.length))
                #expect(paragraphs.map { $0.lineStarts.map { [$0.offset, $0.line] } } == expected.map { $0.lineStarts.map { [$0.offset, $0.line] } })
                let sentences = Narrative.sentences(of: paragraphs)
                let expectedSentences = CharacterReading.sentences(of: expected)
                #expect(sentences.map(\.text) == expectedSentences.map(\.text), "\(name) round \(round)")
                #expect(sentences.map(\.section) == expectedSentences.map(\.section))
                #expect(sentences.map { $0.lineStarts.map { [$0.offset, $0.line] } } == expectedSentences.map { $0.lineStarts.map { [$0.offset, $0.line] } })
                #expect(sentences.allSatisfy { $0.characters == CharacterBits($0.text) && $0.length == $0.text.utf16.count })
            }
        }
    }

    @Test("a sentence's part at a UTF-16 range is what NSString cuts")
    func substringAsNSString() {
        var rng = SplitMix64(seed: 7)
        for _ in 0..<500 {
            let text = (0..<rng.int(in: 0...12)).map { _ in rng.element(Self.pieces) }.joined()
            let sentence = Sentence(section: "overview", text: text, lineStarts: [(0, 1)], length: text.utf16.count)
            // Ranges on scalar boundaries, as a pattern's matches are.
            var boundaries = [0]
            for scalar in text.unicodeScalars { boundaries.append(boundaries.last! + scalar.utf16.count) }
            let a = rng.element(boundaries), b = rng.element(boundaries)
            let range = NSRange(location: min(a, b), length: abs(a - b))
            #expect(sentence.substring(range) == (text as NSString).substring(with: range))
        }
    }

    @Test("a word's bits are among those of a text holding it")
    func characterBits() {
        let text = CharacterBits("本年度，我局共收到政府信息公开申请12件😀")
        #expect(text.contains(CharacterBits("政府信息")))
        #expect(text.contains(CharacterBits("😀")))
        #expect(CharacterBits.all.contains(text))
        #expect(!CharacterBits().contains(CharacterBits("年")))
    }
}

/// Paragraphs and sentences read character by character, with Foundation and String operations: how the
/// narrative was read before it was read on bytes, kept as the reference.
private enum CharacterReading {
    static func paragraphs(of report: Report) -> [Sentence] {
        let tableLines = report.tables.values.compactMap(\.lines)
        let ordered = report.sections.values.sorted { $0.lines.lowerBound < $1.lines.lowerBound }
        var result: [Sentence] = []
        let firstSectionLine = ordered.first?.lines.lowerBound ?? report.lines.count + 1
        if firstSectionLine > 1 {
            append(1...(firstSectionLine - 1), section: Narrative.preamble, report: report, skipping: tableLines, to: &result)
        }
        for section in ordered {
            guard let first = section.firstBodyLine, first <= section.lines.upperBound else { continue }
            append(first...section.lines.upperBound, section: section.id.rawValue, report: report,
                   skipping: tableLines, to: &result)
        }
        return result
    }

    private static func append(_ range: ClosedRange<Int>, section: String, report: Report,
                               skipping tables: [ClosedRange<Int>], to result: inout [Sentence]) {
        var paragraph = ""
        var starts: [(offset: Int, line: Int)] = []
        func flush() {
            if !paragraph.isEmpty {
                result.append(Sentence(section: section, text: paragraph, lineStarts: starts, length: paragraph.utf16.count))
            }
            paragraph = ""
            starts = []
        }
        for number in range where number <= report.lines.count {
            var scalars = report.lines[number - 1].unicodeScalars[...]
            while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
            while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
            let line = String(String.UnicodeScalarView(scalars))
            if tables.contains(where: { $0.contains(number) }), line.includes("\t") || !line.includes("。") {
                flush()
                continue
            }
            if line.isEmpty { continue }
            if !paragraph.isEmpty, LabelText.startsWithNumbering(line) { flush() }
            starts.append((paragraph.utf16.count, number))
            paragraph += line
            if endsParagraph(line) { flush() }
        }
        flush()
    }

    private static func endsParagraph(_ line: String) -> Bool {
        guard let last = line.last else { return true }
        if "。！？；：:!?".contains(last) { return true }
        return !line.includes("，") && !line.includes(",") && LabelText.startsWithNumbering(line) && line.count <= 24
    }

    static func sentences(of paragraphs: [Sentence]) -> [Sentence] {
        var result: [Sentence] = []
        for paragraph in paragraphs {
            var sentence = "", start = 0
            func emit() {
                let length = sentence.utf16.count
                if !sentence.allSatisfy(\.isWhitespace) {
                    var lineStarts: [(offset: Int, line: Int)] = []
                    for (offset, line) in paragraph.lineStarts where offset < start + length {
                        if offset <= start { lineStarts = [(0, line)] } else { lineStarts.append((offset - start, line)) }
                    }
                    result.append(Sentence(section: paragraph.section, text: sentence, lineStarts: lineStarts, length: length))
                }
                start += length
                sentence = ""
            }
            for scalar in paragraph.text.unicodeScalars {
                sentence.unicodeScalars.append(scalar)
                if "。！？；!?".unicodeScalars.contains(scalar) { emit() }
            }
            emit()
        }
        return result
    }
}
