import GKModel
import GKRules

/// Compares one agency's report with its previous year's: cells and text (`gkaudit diff OLD NEW`).
public enum Comparison {
    /// Paragraphs at least this similar (percent) are the same paragraph carried over.
    public static let carriedSimilarity = 90

    /// Cells the 2019 and 2021 formats define under one ID with different meanings.
    static let differentAcrossFormats: [(pattern: String, why: String)] = [
        ("disclosure.*.in_force", "现行有效件数（2021）与对外公开总数量（2019）含义不同"),
        ("disclosure.*.issued", "本年制发件数（2021）与本年新制作数量（2019）口径不同"),
        ("applications.other_misc.*", "2019 年格式的（六）其他处理是一行，2021 年格式分为三项"),
    ]

    public static func compare(old: Report, new: Report) -> ReportComparison {
        let crossFormat = old.metadata.format != new.metadata.format
        var cells: [ReportComparison.CellChange] = []
        for table in TableID.allCases {
            let oldPaths = Set(Schema.table(table, format: old.metadata.format).cellPaths)
            for path in Schema.table(table, format: new.metadata.format).cellPaths where oldPaths.contains(path) {
                if crossFormat, differentAcrossFormats.contains(where: { matches(path, $0.pattern) }) { continue }
                cells.append(.init(path: path, old: old.cell(path).value, new: new.cell(path).value))
            }
        }
        return ReportComparison(
            oldFile: old.file, newFile: new.file, oldYear: old.metadata.year?.value, newYear: new.metadata.year?.value,
            agency: new.metadata.agency?.value ?? old.metadata.agency?.value,
            oldFormat: old.metadata.format, newFormat: new.metadata.format, cells: cells,
            notComparable: crossFormat ? differentAcrossFormats.map(\.why) : [],
            sections: sections(old: old, new: new))
    }

    private static func matches(_ path: CellPath, _ pattern: String) -> Bool {
        let parts = pattern.split(separator: ".").map(String.init)
        let values = [path.table.rawValue, path.row, path.column]
        return zip(parts, values).allSatisfy { $0 == "*" || $0 == $1 }
    }

    /// Each section's paragraphs, matched greedily by similarity.
    private static func sections(old: Report, new: Report) -> [ReportComparison.SectionText] {
        let oldParagraphs = ReusedText.paragraphs(of: old), newParagraphs = ReusedText.paragraphs(of: new)
        return SectionID.allCases.map(\.rawValue).compactMap { section in
            var before = oldParagraphs.filter { $0.place == section }
            let after = newParagraphs.filter { $0.place == section }
            guard !before.isEmpty || !after.isEmpty else { return nil }
            var carried: [(old: ReportComparison.Paragraph, new: ReportComparison.Paragraph, similarity: Int)] = []
            var added: [ReportComparison.Paragraph] = []
            for paragraph in after {
                let scored = before.enumerated().map { ($0.offset, ReusedText.similarity($0.element.text, paragraph.text)) }
                if let (index, similarity) = scored.max(by: { $0.1 < $1.1 }), similarity >= carriedSimilarity {
                    let match = before.remove(at: index)
                    carried.append((.init(text: match.text, line: match.line), .init(text: paragraph.text, line: paragraph.line),
                                    similarity))
                } else {
                    added.append(.init(text: paragraph.text, line: paragraph.line))
                }
            }
            return .init(section: section, carried: carried, added: added,
                         removed: before.map { .init(text: $0.text, line: $0.line) })
        }
    }
}
