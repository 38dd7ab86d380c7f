import Foundation
import GKExport
import GKModel
@testable import GKParse
import GKTestSupport
import Testing

/// Randomly damaged reports: the parser never crashes, and what it reports points into the text.
@Suite("Properties")
struct PropertyTests {
    static let iterations = 200

    enum Mutation: CaseIterable {
        case deleteLines, duplicateLines, shuffleBlock, insertNoise, replaceDigits, truncateBytes
    }

    /// Applies one to three random mutations; the result is the text, or bytes when truncated.
    static func mutate(_ original: String, rng: inout SplitMix64) -> (text: String?, data: Data, log: [String]) {
        var lines = original.lfLines
        var log: [String] = []
        var truncateAt: Int?
        for _ in 0..<rng.int(in: 1...3) {
            let mutation = rng.element(Mutation.allCases)
            guard !lines.isEmpty else { break }
            switch mutation {
            case .deleteLines:
                let start = rng.int(in: 0...(lines.count - 1))
                let count = min(rng.int(in: 1...8), lines.count - start)
                lines.removeSubrange(start..<(start + count))
                log.append("delete \(count) at \(start + 1)")
            case .duplicateLines:
                let start = rng.int(in: 0...(lines.count - 1))
                let block = Array(lines[start..<min(lines.count, start + rng.int(in: 1...12))])
                let at = rng.int(in: 0...lines.count)
                lines.insert(contentsOf: block, at: at)
                log.append("duplicate \(block.count) from \(start + 1) at \(at + 1)")
            case .shuffleBlock:
                let start = rng.int(in: 0...(lines.count - 1))
                let end = min(lines.count, start + rng.int(in: 2...30))
                lines[start..<end].shuffle(using: &rng)
                log.append("shuffle \(start + 1)..<\(end + 1)")
            case .insertNoise:
                let at = rng.int(in: 0...lines.count)
                let noise = (0..<rng.int(in: 1...6)).map { _ in noiseLine(&rng) }
                lines.insert(contentsOf: noise, at: at)
                log.append("noise \(noise.count) at \(at + 1)")
            case .replaceDigits:
                var scalars = Array(lines.joined(separator: "\n").unicodeScalars)
                let digits = scalars.indices.filter { scalars[$0].properties.numericType != nil && scalars[$0].isASCII }
                for _ in 0..<min(digits.count, rng.int(in: 1...20)) {
                    let index = rng.element(digits)
                    let replacement: [Unicode.Scalar] = rng.chance(0.1)
                        ? Array("１２".unicodeScalars)
                        : rng.chance(0.1) ? Array("-7".unicodeScalars) : [Unicode.Scalar(UInt8(rng.int(in: 0x30...0x39)))]
                    scalars[index] = replacement[0]
                    if replacement.count > 1 { scalars.insert(replacement[1], at: index + 1) }
                }
                lines = String(String.UnicodeScalarView(scalars)).lfLines
                log.append("digits")
            case .truncateBytes:
                truncateAt = 0
                log.append("truncate")
            }
        }
        let text = lines.joined(separator: "\n")
        if truncateAt != nil {
            let bytes = Data(text.utf8)
            let cut = rng.int(in: 0...bytes.count)
            return (nil, bytes.prefix(cut), log + ["at byte \(cut) of \(bytes.count)"])
        }
        return (text, Data(text.utf8), log)
    }

    static let noiseAlphabet: [String] = [
        "政", "府", "信", "息", "公", "开", "年", "度", "报", "告", "总", "计", "行", "政", "复", "议", "一", "、", "（", "）",
        "(", ")", "1", "2", "0", "9", ".", "．", "：", "\t", "\t", " ", "\u{3000}", "\u{A0}", "a", "Z", "-", "—", "％",
        "２", "０", "\u{200B}", "\u{FEFF}", "\r", "第二十条第", "本年新收", "申请人情况", "四、结转下年度继续办理",
        "三、收到和处理政府信息公开申请情况", "五、存在的主要问题及改进情况", "结果维持", "复议后起诉", "单位：",
        "2024年1月1日", "统计期限", "数据核定", "12", "418", "万元", "1,234", "0.5",
    ]

    static func noiseLine(_ rng: inout SplitMix64) -> String {
        (0..<rng.int(in: 0...16)).map { _ in rng.element(noiseAlphabet) }.joined()
    }

    /// Checks that everything the report points at lies inside its lines.
    /// The number of line terminators (LF, CR, CRLF) in the text, and whether it ends with one.
    static func terminators(_ text: String) -> (count: Int, atEnd: Bool) {
        var count = 0, previousCR = false, last: UInt8 = 0
        for byte in text.utf8 {
            if byte == 0x0A { if !previousCR { count += 1 } } else if byte == 0x0D { count += 1 }
            previousCR = byte == 0x0D
            last = byte
        }
        return (count, last == 0x0A || last == 0x0D)
    }

    static func checkInvariants(_ report: Report, text: String, compareLines: Bool = true,
                                context: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
        // One element per line of the text: as many as the text has line terminators, plus one for an
        // unterminated last line (a final terminator may or may not open an empty last line: see
        // NormalizerTests.finalTerminator, a known issue).
        let (count, atEnd) = terminators(text)
        let lineCounts = atEnd ? [count, count + 1] : [count + 1]
        #expect(lineCounts.contains(report.lines.count), "\(report.lines.count) lines for \(count) terminators: \(context())",
                sourceLocation: sourceLocation)
        if compareLines {
            // Line by line, as the documented normalisation gives them.
            let expected = NormalizerTests.reference(text)
            #expect(Array(report.lines) == Array(expected.prefix(report.lines.count)), "lines differ: \(context())",
                    sourceLocation: sourceLocation)
        }
        let valid = 1...max(1, report.lines.count)

        for table in TableID.allCases {
            let t = report.table(table)
            if let range = t.lines {
                #expect(valid.contains(range.lowerBound) && valid.contains(range.upperBound), "\(table) \(range): \(context())",
                        sourceLocation: sourceLocation)
            }
            for (rowID, row) in t.rows {
                if let label = row.label {
                    #expect(valid.contains(label.line), "\(rowID) label line \(label.line): \(context())", sourceLocation: sourceLocation)
                }
                for (column, cell) in zip(row.columns, row.cells) {
                    if let line = cell.line {
                        #expect(valid.contains(line), "\(rowID).\(column) line \(line): \(context())", sourceLocation: sourceLocation)
                    }
                    guard cell.value != nil else { continue }
                    guard let line = cell.line else {
                        Issue.record("\(rowID).\(column) has a value and no line: \(context())", sourceLocation: sourceLocation)
                        continue
                    }
                    #expect(valid.contains(line), "\(rowID).\(column) on line \(line) of \(report.lines.count): \(context())",
                            sourceLocation: sourceLocation)
                    #expect(!cell.raw.isEmpty, "\(rowID).\(column): \(context())", sourceLocation: sourceLocation)
                    #expect(report.line(line).contains(cell.raw),
                            "\(table.rawValue).\(rowID).\(column) = “\(cell.raw)” not on line \(line) “\(report.line(line))”: \(context())",
                            sourceLocation: sourceLocation)
                }
            }
            for (key, label) in t.columnLabels.merging(t.units, uniquingKeysWith: { a, _ in a }) {
                #expect(valid.contains(label.line), "\(table) \(key) line \(label.line): \(context())", sourceLocation: sourceLocation)
            }
            for note in t.notes {
                if let line = note.line { #expect(valid.contains(line), "note line: \(context())", sourceLocation: sourceLocation) }
            }
        }
        var previousEnd = 0
        for id in SectionID.allCases {
            guard let section = report.sections[id] else { continue }
            #expect(valid.contains(section.lines.lowerBound) && valid.contains(section.lines.upperBound),
                    "\(id) \(section.lines): \(context())", sourceLocation: sourceLocation)
            #expect(section.lines.lowerBound > previousEnd, "\(id) overlaps: \(context())", sourceLocation: sourceLocation)
            previousEnd = section.lines.upperBound
        }
        let meta = report.metadata
        let metadataLines = [meta.title?.line, meta.agency?.line, meta.year?.line, meta.period?.line, meta.dataDate?.line,
                             meta.published?.line, meta.titleYear?.line].compactMap { $0 }
        for line in metadataLines {
            #expect(valid.contains(line), "metadata line \(line): \(context())", sourceLocation: sourceLocation)
        }
    }

    @Test("200 random mutations of each seed parse without crashing, and every line number points into the text",
          arguments: Fixtures.seedNames)
    func mutations(name: String) throws {
        let original = try Fixtures.seedText(String(name.prefix(3)))
        var rng = SplitMix64(seed: 0xC0FFEE &+ UInt64(Fixtures.seedNames.firstIndex(of: name)!))
        var parsed = 0, refused = 0
        for iteration in 0..<Self.iterations {
            let (text, data, log) = Self.mutate(original, rng: &rng)
            let context = "\(name) #\(iteration) \(log)"
            if let text {
                let report = ReportParser.parse(text: text, file: name)
                Self.checkInvariants(report, text: text, compareLines: iteration % 4 == 0, context: context)
                parsed += 1
            } else {
                do {
                    let (report, _) = try ReportParser.parse(data: data, file: name)
                    let (decoded, _) = try TextDecoder.decode(data)
                    Self.checkInvariants(report, text: decoded, compareLines: iteration % 4 == 0, context: context)
                    parsed += 1
                } catch {
                    // A cut in the middle of a character is not UTF-8; it may or may not be GB18030.
                    #expect(error == .undecodable || (error == .empty && data.isEmpty), "\(error): \(context)")
                    refused += 1
                }
            }
        }
        #expect(parsed + refused == Self.iterations)
        #expect(parsed > Self.iterations / 2)
    }

    @Test("the JSON of a damaged report is valid JSON", arguments: Fixtures.seedNames)
    func jsonOfMutations(name: String) throws {
        let original = try Fixtures.seedText(String(name.prefix(3)))
        var rng = SplitMix64(seed: 0xBADD_A7A &+ UInt64(Fixtures.seedNames.firstIndex(of: name)!))
        for iteration in 0..<20 {
            let (text, _, log) = Self.mutate(original, rng: &rng)
            guard let text else { continue }
            let report = ReportParser.parse(text: text, file: name)
            let rendered = ReportJSON.value(report).rendered(pretty: iteration % 2 == 0)
            let object = try? JSONSerialization.jsonObject(with: Data(rendered.utf8))
            #expect(object is [String: Any], "\(name) #\(iteration) \(log)")
        }
    }

    @Test("parsing is deterministic")
    func deterministic() throws {
        for name in Fixtures.seedNames {
            let text = try Fixtures.seedText(String(name.prefix(3)))
            let a = ReportParser.parse(text: text, file: name), b = ReportParser.parse(text: text, file: name)
            #expect(jsonIgnoringFile(a) == jsonIgnoringFile(b))
        }
    }

    @Test("the seeds themselves satisfy the invariants")
    func seedsSatisfyInvariants() throws {
        for name in Fixtures.seedNames {
            let text = try Fixtures.seedText(String(name.prefix(3)))
            Self.checkInvariants(ReportParser.parse(text: text, file: name), text: text, context: name)
        }
    }
}
