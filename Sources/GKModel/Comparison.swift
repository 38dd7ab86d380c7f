/// One agency's report compared with its previous year's: every comparable cell and the text, section by section.
public struct ReportComparison: Sendable {
    /// A canonical cell in both years.
    public struct CellChange: Sendable {
        public let path: CellPath
        public let old: CellValue?
        public let new: CellValue?

        public init(path: CellPath, old: CellValue?, new: CellValue?) {
            self.path = path
            self.old = old
            self.new = new
        }
    }

    /// A paragraph, where it stands in its report.
    public struct Paragraph: Sendable {
        public let text: String
        public let line: Int

        public init(text: String, line: Int) {
            self.text = text
            self.line = line
        }
    }

    /// One section's paragraphs: carried over (with their similarity, in percent), added this year, or dropped.
    public struct SectionText: Sendable {
        public let section: String
        public let carried: [(old: Paragraph, new: Paragraph, similarity: Int)]
        public let added: [Paragraph]
        public let removed: [Paragraph]

        public init(section: String, carried: [(old: Paragraph, new: Paragraph, similarity: Int)], added: [Paragraph],
                    removed: [Paragraph]) {
            self.section = section
            self.carried = carried
            self.added = added
            self.removed = removed
        }
    }

    public let oldFile: String
    public let newFile: String
    public let oldYear: Int?
    public let newYear: Int?
    public let agency: String?
    public let oldFormat: FormatVersion
    public let newFormat: FormatVersion
    /// Cells both formats define with the same meaning, in canonical order.
    public let cells: [CellChange]
    /// What was left out because the two formats mean it differently (empty when the formats agree).
    public let notComparable: [String]
    public let sections: [SectionText]

    public init(oldFile: String, newFile: String, oldYear: Int?, newYear: Int?, agency: String?,
                oldFormat: FormatVersion, newFormat: FormatVersion, cells: [CellChange], notComparable: [String],
                sections: [SectionText]) {
        self.oldFile = oldFile
        self.newFile = newFile
        self.oldYear = oldYear
        self.newYear = newYear
        self.agency = agency
        self.oldFormat = oldFormat
        self.newFormat = newFormat
        self.cells = cells
        self.notComparable = notComparable
        self.sections = sections
    }
}
