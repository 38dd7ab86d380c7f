import Foundation

/// How serious a finding is. Ordered: `info < warning < error`.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, warning, error

    /// The Chinese name auditors see (提示 / 警告 / 错误).
    public var chinese: String {
        switch self {
        case .info: return "提示"
        case .warning: return "警告"
        case .error: return "错误"
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// A value a finding compares: a number (exact), a date, or text.
public enum FindingValue: Sendable, Hashable, CustomStringConvertible {
    case integer(Int)
    case decimal(Decimal)
    case date(CalendarDate)
    case text(String)

    public var description: String {
        switch self {
        case .integer(let value): return String(value)
        case .decimal(let value): return "\(value)"
        case .date(let value): return value.chinese
        case .text(let value): return value
        }
    }
}

/// One term of a failed identity: the cell, its value and where it was read.
public struct FindingTerm: Sendable, Hashable {
    public let cell: CellPath
    public let value: FindingValue?
    /// The line in its own report.
    public let line: Int?
    /// The cell is the same agency's previous-year report's (a cross-year rule).
    public let isPreviousYear: Bool

    public init(cell: CellPath, value: FindingValue?, line: Int?, isPreviousYear: Bool = false) {
        self.cell = cell
        self.value = value
        self.line = line
        self.isPreviousYear = isPreviousYear
    }
}

/// What a rule reports about one report (or one pair of reports).
public struct Finding: Sendable, Hashable {
    public let rule: String
    public let severity: Severity
    /// The rule's Chinese title.
    public let title: String
    public let file: String
    /// 1-based line in the file; nil when the finding concerns the whole report (e.g. a missing section).
    public let line: Int?
    /// The Chinese message, placeholders filled in.
    public let message: String
    public let expected: FindingValue?
    public let actual: FindingValue?
    public let difference: FindingValue?
    /// The cells an identity's expected value was computed from.
    public let terms: [FindingTerm]
    /// The report text the finding rests on (a sentence, a label, a table line).
    public let evidence: String?
    public let agency: String?
    public let year: Int?
    /// A stable identity that survives re-extraction and edits elsewhere in the file: rule, agency, year and
    /// what the finding is about (a cell, a label, a sentence), but not the line number.
    public let fingerprint: String
    /// Set when a baseline accepts the finding: the reason given there.
    public var suppression: String?

    public init(rule: String, severity: Severity, title: String, file: String, line: Int?, message: String,
                expected: FindingValue? = nil, actual: FindingValue? = nil, difference: FindingValue? = nil,
                terms: [FindingTerm] = [], evidence: String? = nil, agency: String? = nil, year: Int? = nil,
                fingerprint: String, suppression: String? = nil) {
        self.rule = rule
        self.severity = severity
        self.title = title
        self.file = file
        self.line = line
        self.message = message
        self.expected = expected
        self.actual = actual
        self.difference = difference
        self.terms = terms
        self.evidence = evidence
        self.agency = agency
        self.year = year
        self.fingerprint = fingerprint
        self.suppression = suppression
    }
}

/// What exporters need to know of a rule that ran (SARIF's rule table, the workbook's 规则 sheet).
public struct RuleDescriptor: Sendable, Hashable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let rationale: String
    public let references: [String]
    /// The rule file and line it was defined at.
    public let source: String

    public init(id: String, title: String, severity: Severity, rationale: String, references: [String], source: String) {
        self.id = id
        self.title = title
        self.severity = severity
        self.rationale = rationale
        self.references = references
        self.source = source
    }
}
