import Foundation
import GKModel

/// Finds the six section headings, in order, by their wording (numbering may be missing or differ).
enum SectionLocator {
    struct Heading {
        let id: SectionID
        let text: String
        let line: Int
        /// The last line of the heading (a heading broken over two lines ends on the second).
        let lastLine: Int
    }

    /// Phrases (key form) a heading of each section starts with, after its numbering.
    static let phrases: [SectionID: [String]] = [
        .overview: ["总体情况", "总体概况"],
        .proactive: ["主动公开政府信息情况", "主动公开政府信息", "主动公开政府信息公开情况"],
        .requests: ["收到和处理政府信息公开申请", "收到和处理政府信息公开申请情况", "收到处理政府信息公开申请"],
        .review: ["政府信息公开行政复议", "因政府信息公开工作被申请行政复议", "因政府信息公开申请行政复议",
                  "政府信息公开工作被申请行政复议", "行政复议行政诉讼情况", "行政复议和行政诉讼情况"],
        .problems: ["存在的主要问题", "存在主要问题", "主要问题及改进", "存在的问题及改进", "存在问题及改进"],
        .other: ["其他需要报告的事项", "其他需要报告事项", "其他需要说明的事项"],
    ]

    /// The phrases' bytes by section, in section order (looked up for every candidate line).
    static let phrasesInOrder = SectionID.allCases.map { ($0, phrases[$0]!.map { Array($0.utf8) }) }

    /// The first character of every phrase (its three bytes as one number): a key that starts
    /// otherwise matches none.
    static let phraseStarts: [UInt32] = Array(Set(phrasesInOrder.flatMap { $0.1.map { firstCharacter(of: $0) } }))

    private static func firstCharacter<Bytes: RandomAccessCollection<UInt8>>(of b: Bytes) -> UInt32 {
        b.prefix(3).reduce(0) { $0 << 8 | UInt32($1) }
    }

    static let maximumHeadingLength = 40
    /// The length of the longest phrase, in bytes.
    static let longestPhraseBytes = phrases.values.joined().map(\.utf8.count).max()!
    /// A line that reads like a section heading.
    private struct Candidate {
        let id: SectionID
        let line: Int
        /// Numbered like a sub-heading, `（一）…`: sections are numbered `一、…` or not at all.
        let isSubheadingStyle: Bool
    }

    /// The headings among the lines; `marks` are the lines' `LineMarks`.
    static func headings(in lines: ReportLines, marks: [LineMarks]) -> [Heading] {
        var candidates: [Candidate] = []
        // Every heading phrase holds one of 况 (情况, 概况), 项 (事项), 题 (问题) or 议 (复议).
        for index in lines.indices where marks[index].contains(.headingAnchor)
            && lines.utf8Count(index) <= maximumHeadingLength * 6 {
            if let candidate = match(lines, at: index) { candidates.append(candidate) }
        }
        var result: [Heading] = []
        var after = 0
        for (position, id) in SectionID.allCases.enumerated() {
            let options = candidates.filter { $0.id == id && $0.line > after }
            // The first heading numbered like a section; a sub-heading style one only if it comes before
            // every section-style heading of the later sections (so "（一）主动公开政府信息情况" under
            // 一、总体情况 does not take the place of 二、主动公开政府信息情况).
            let laterSection = candidates.first { $0.line > after && !$0.isSubheadingStyle
                && SectionID.allCases.firstIndex(of: $0.id)! > position }?.line ?? Int.max
            guard let pick = options.first(where: { !$0.isSubheadingStyle && $0.line < laterSection })
                ?? options.first(where: { $0.line < laterSection }) else { continue }
            let (text, last) = joinedHeading(lines[pick.line - 1], at: pick.line, lines: lines)
            result.append(Heading(id: id, text: text, line: pick.line, lastLine: last))
            after = last
        }
        return result
    }

    /// The section line `index` reads as the heading of, if any.
    private static func match(_ lines: ReportLines, at index: Int) -> Candidate? {
        // Only the start of the key can match a phrase: the line is made a String, and its whole
        // key made, only when it starts like a heading (most anchor lines are body text).
        let found = lines.withUTF8(index) { bytes in
            LabelText.withKeyStart(bytes, atLeast: longestPhraseBytes) { key -> (SectionID, isWholeKey: Bool)? in
                guard key.count >= 3, phraseStarts.contains(firstCharacter(of: key)) else { return nil }
                let section = phrasesInOrder.first { _, phrases in
                    phrases.contains { $0.count <= key.count && memcmp(key.baseAddress!, $0, $0.count) == 0 }
                }?.0
                return section.map { ($0, key.count < longestPhraseBytes) }
            }
        }
        guard let (section, isWholeKey) = found else { return nil }
        let line = lines[index]
        guard isWholeKey || LabelText.key(line).utf8.count <= maximumHeadingLength * 3 else { return nil }
        // A table row is not a heading; a heading alone in a cell of its own is.
        guard !line.utf8.contains(0x09) || isTabHeading(line) else { return nil }
        let trimmed = TableGrid.trim(Substring(line))
        // An unnumbered line with a full stop is a sentence that a page's width happened to start with the
        // phrase (a PDF's "…政府信息公开\n行政复议和行政诉讼情况、…等六部分内容。"), not a heading.
        guard LabelText.startsWithNumbering(String(trimmed)) || !trimmed.contains("。") else { return nil }
        let parenthesized = trimmed.unicodeScalars.first.map(LabelText.isOpener) ?? false
        return Candidate(id: section, line: index + 1, isSubheadingStyle: parenthesized)
    }

    /// Some converters put a heading in a table cell of its own: a line with one text cell.
    private static func isTabHeading(_ line: String) -> Bool {
        TableGrid.trimmedTabCells(line) { $0 }.filter { !$0.isEmpty }.count == 1
    }

    /// A heading broken over lines ("…提起行政诉" / "讼情况") is joined with its short continuation.
    private static func joinedHeading(_ line: String, at number: Int, lines: ReportLines) -> (String, Int) {
        let text = TableGrid.trim(Substring(line))
        var look = number + 1
        while look <= lines.count, lines.isBlank(look - 1), look - number <= 2 {
            look += 1
        }
        guard look <= lines.count else { return (text, number) }
        // A short key ending in 情况; six scalars take at most 24 bytes, so a key that reaches 25
        // is too long whatever follows.
        let endsSection = lines.withTrimmedUTF8(look - 1) { line in
            LabelText.withKeyStart(line, atLeast: 25) { key in
                let scalars = scalarCount(ofUTF8: key)
                return !key.isEmpty && key.count < 25 && scalars <= 6 && key.reversed().starts(with: "情况".utf8.reversed())
            }
        }
        guard endsSection else { return (text, number) }
        let continuation = TableGrid.trim(Substring(lines[look - 1]))
        if !LabelText.startsWithNumbering(continuation) {
            return (text + continuation, look)
        }
        return (text, number)
    }
}
