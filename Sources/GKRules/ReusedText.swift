import GKModel
import GKParse

/// Paragraphs of a report that repeat, unchanged or nearly, a paragraph of the agency's previous report.
public enum ReusedText {
    /// Paragraphs shorter than this (in characters) are headings and set phrases (「未收到政府信息公开申请，
    /// 未收取信息处理费。」 is rightly the same every year), not reused prose.
    static let minimumLength = 60

    /// Records `{text, previous, similarity, line, previous_line, section, stale_years}` for each paragraph
    /// of `current` (outside the preamble) whose closest paragraph in `previous` has at least `percent`
    /// character-bigram similarity (Dice, as a whole percent). `stale_years` are the paragraph's years when
    /// they are exactly last year's paragraph's years: text carried over without its years updated.
    static func paragraphs(_ current: ReportFacts, previous: ReportFacts, percent: Int) -> [Value] {
        let earlier = previous.paragraphs.filter { $0.section != Narrative.preamble && isLong($0.text) }
            .map { ($0, LabelText.bigramList($0.text)) }
        var result: [Value] = []
        for paragraph in current.paragraphs where paragraph.section != Narrative.preamble && isLong(paragraph.text) {
            let bigrams = LabelText.bigramList(paragraph.text)
            var best: (Sentence, Int)?
            for (candidate, candidateBigrams) in earlier {
                let similarity = Int((LabelText.dice(bigrams, candidateBigrams) * 100).rounded())
                if best == nil || similarity > best!.1 { best = (candidate, similarity) }
            }
            guard let (match, similarity) = best, similarity >= percent else { continue }
            let mentioned = years(in: paragraph.text)
            let stale = mentioned == years(in: match.text) ? mentioned : []
            result.append(.record([
                "text": .string(paragraph.text),
                "previous": .string(match.text),
                "similarity": .number(.integer(similarity)),
                "line": .number(.integer(paragraph.firstLine)),
                "previous_line": .number(.integer(match.firstLine)),
                "section": .string(paragraph.section),
                "stale_years": .list(stale.map { .number(.integer($0)) }),
            ]))
        }
        return result
    }

    /// Whether a paragraph has at least `minimumLength` characters. Scalars that always stand alone as a
    /// character (ASCII, CJK ideographs and punctuation, full-width forms) are counted as they come; only
    /// text with another scalar before the minimum is reached is counted by characters.
    private static func isLong(_ text: String) -> Bool {
        guard text.utf8.count >= minimumLength else { return false }
        var standalone = 0
        for scalar in text.unicodeScalars {
            guard Narrative.standsAlone(scalar.value) else {
                return text.index(text.startIndex, offsetBy: minimumLength, limitedBy: text.endIndex) != nil
            }
            standalone += 1
            // The scalars before the last are each a character, and the last begins one.
            if standalone == minimumLength { return true }
        }
        return false
    }

    /// A report's prose paragraphs by place (`preamble` or a section ID), in order, with their first lines.
    public static func paragraphs(of report: Report) -> [(place: String, text: String, line: Int)] {
        Narrative.paragraphs(of: report).map { ($0.section, $0.text, $0.firstLine) }
    }

    /// How alike two paragraphs are: character-bigram similarity (Dice) as a whole percent.
    public static func similarity(_ a: String, _ b: String) -> Int {
        Int((LabelText.dice(LabelText.bigramList(a), LabelText.bigramList(b)) * 100).rounded())
    }

    /// The years a text mentions (`2023年`, `2023 年度`), in order, each once.
    static func years(in text: String) -> [Int] {
        var found: [Int] = []
        for mention in DateScanner.years(in: text, lineNumber: 0) where !found.contains(mention.year) {
            found.append(mention.year)
        }
        return found
    }
}
