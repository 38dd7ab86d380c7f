/// A table row whose numbers were damaged in the text (cells run together, or a number broken over
/// cells), and what the parser made of it: the one reading the table's identities allow, several, or none.
public struct RowRepair: Sendable, Hashable {
    /// What happened to the row's numbers.
    public enum Damage: String, Sendable, Hashable {
        /// Fewer numbers than columns: cells lost their separators (`801000081` for 80, 1, 0, 0, 0, 0, 81).
        case runTogether = "run_together"
        /// More numbers than columns: a number broken into pieces (`1` `2` for 12).
        case broken
    }

    /// What the parser made of the row.
    public enum Outcome: String, Sendable, Hashable {
        /// Exactly one reading satisfies the identities: the row's cells hold it.
        case recovered
        /// Several readings do: the row's cells are missing, `candidates` lists them.
        case ambiguous
        /// None does: the row's cells are missing.
        case unreadable
    }

    /// Longest list of candidates kept for an ambiguous row.
    public static let maximumCandidates = 5

    /// The row's ID; `*` for table 3 written as one row of fifteen numbers.
    public let row: String
    public let line: Int
    /// The row's numbers as written, separated by spaces (`801000081`, `1 2 0 0 0 0 12`).
    public let written: String
    public let damage: Damage
    public let outcome: Outcome
    /// The values read, when recovered (with the text's help when `narrative` is set).
    public let values: [Int]
    /// Readings the identities allow, when ambiguous or settled by the text (at most `maximumCandidates`).
    public let candidates: [[Int]]
    /// How many readings the identities allow (0 when unreadable).
    public let candidateCount: Int
    /// When the identities allowed several readings and the text chose one: its statement (收到政府信息公开申请81件).
    public let narrative: String?

    public init(row: String, line: Int, written: String, damage: Damage, outcome: Outcome,
                values: [Int] = [], candidates: [[Int]] = [], candidateCount: Int, narrative: String? = nil) {
        self.row = row
        self.line = line
        self.written = written
        self.damage = damage
        self.outcome = outcome
        self.values = values
        self.candidates = candidates
        self.candidateCount = candidateCount
        self.narrative = narrative
    }
}
