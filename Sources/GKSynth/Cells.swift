import GKModel

/// One cell as the report writes it: a count, an amount in 万元 (written exactly, e.g. `0.5`), text that is
/// not a number (`无`), or nothing at all.
public enum SynthValue: Hashable, Sendable {
    case count(Int)
    case amount(String)
    case text(String)
    case blank

    /// The cell as written in the table.
    public var written: String {
        switch self {
        case .count(let n): return String(n)
        case .amount(let text), .text(let text): return text
        case .blank: return ""
        }
    }

    /// The value as `gkaudit extract --format json` writes it: a number, a JSON string, or null.
    public var json: String {
        switch self {
        case .count(let n): return String(n)
        case .amount(let text): return text
        case .text(let text): return JSONText.quoted(text)
        case .blank: return "null"
        }
    }

    /// The count, nil for anything else.
    public var int: Int? {
        if case .count(let n) = self { return n }
        return nil
    }
}

/// The three tables of a 2021-format report, cell by cell, in the canonical order of `Schema`.
public struct SynthCells: Hashable, Sendable {
    public static let disclosureRows = Schema.table(.disclosure, format: .v2021).rows
    public static let applicationRows = Schema.table(.applications, format: .v2021).rows
    public static let reviewRows = Schema.table(.reviewLitigation, format: .v2021).rows

    /// Table 1: each row's cells (3, 3, 1, 1, 1, 1).
    public var disclosure: [[SynthValue]]
    /// Table 2: 25 rows of 7 (six applicant columns, then 总计).
    public var applications: [[SynthValue]]
    /// Table 3: 3 groups of 5 (维持, 纠正, 其他, 尚未审结, 总计).
    public var review: [[SynthValue]]

    public init() {
        disclosure = Self.disclosureRows.map { Array(repeating: .count(0), count: $0.columns.count) }
        applications = Array(repeating: Array(repeating: .count(0), count: 7), count: Self.applicationRows.count)
        review = Array(repeating: Array(repeating: .count(0), count: 5), count: Self.reviewRows.count)
    }

    // Row indices by canonical ID.
    public enum D { public static let regulations = 0, normative = 1, licensing = 2, punishment = 3, coercion = 4, fees = 5 }
    public enum A {
        public static let new = 0, carriedIn = 1, granted = 2, partial = 3
        public static let deniedFirst = 4, deniedLast = 11, unavailableFirst = 12, unavailableLast = 14
        public static let rejectedFirst = 15, rejectedLast = 19, otherFirst = 20, otherLast = 22
        public static let outcomeTotal = 23, carriedOver = 24
        /// 予以公开 … 其他处理·3.其他: the rows whose sum is (七)总计.
        public static let outcomes = 2...22
        public static let total = 6
    }
    public enum R { public static let review = 0, direct = 1, afterReview = 2, total = 4 }
    public enum Doc { public static let issued = 0, repealed = 1, inForce = 2 }

    /// A count cell of table 2 (0 when it holds anything else).
    public func app(_ row: Int, _ column: Int) -> Int { applications[row][column].int ?? 0 }
    public func appTotal(_ row: Int) -> Int { app(row, A.total) }
    public func disc(_ row: Int, _ column: Int = 0) -> Int? { disclosure[row][column].int }
    public func rev(_ group: Int, _ column: Int) -> Int { review[group][column].int ?? 0 }

    /// Sets a row of table 2 from its six applicant counts; 总计 is their sum.
    public mutating func setApplications(_ row: Int, _ applicants: [Int]) {
        applications[row] = applicants.map { .count($0) } + [.count(applicants.reduce(0, +))]
    }

    /// Adds `amount` to one applicant column of a row and to its 总计.
    public mutating func bump(_ row: Int, column: Int, by amount: Int) {
        applications[row][column] = .count(app(row, column) + amount)
        applications[row][A.total] = .count(app(row, A.total) + amount)
    }

    /// Recomputes (七)总计 from the outcome rows, column by column.
    public mutating func recomputeOutcomeTotal() {
        for column in 0..<7 {
            applications[A.outcomeTotal][column] = .count(A.outcomes.reduce(0) { $0 + app($1, column) })
        }
    }

    /// Sets a group of table 3 from its four results; 总计 is their sum.
    public mutating func setReview(_ group: Int, _ results: [Int]) {
        review[group] = results.map { .count($0) } + [.count(results.reduce(0, +))]
    }

    /// Every cell path with its value, in canonical order, table by table.
    public func forEachCell(_ body: (TableID, RowSpec, Int, SynthValue) -> Void) {
        for (index, row) in Self.disclosureRows.enumerated() {
            for column in row.columns.indices { body(.disclosure, row, column, disclosure[index][column]) }
        }
        for (index, row) in Self.applicationRows.enumerated() {
            for column in row.columns.indices { body(.applications, row, column, applications[index][column]) }
        }
        for (index, row) in Self.reviewRows.enumerated() {
            for column in row.columns.indices { body(.reviewLitigation, row, column, review[index][column]) }
        }
    }

    /// The value at a canonical path, nil when the path names no cell of the 2021 format.
    public func value(at path: CellPath) -> SynthValue? {
        let rows: [RowSpec], values: [[SynthValue]]
        switch path.table {
        case .disclosure: (rows, values) = (Self.disclosureRows, disclosure)
        case .applications: (rows, values) = (Self.applicationRows, applications)
        case .reviewLitigation: (rows, values) = (Self.reviewRows, review)
        }
        guard let r = rows.firstIndex(where: { $0.id == path.row }),
              let c = rows[r].columnIDs.firstIndex(of: path.column) else { return nil }
        return values[r][c]
    }

    /// The identities of a clean report (report-format.md): row sums, the balance, the outcome sum, table 3's
    /// group sums, in-force ≥ 0 and every count non-negative. Returns what does not hold (empty when all do).
    public func brokenIdentities() -> [String] {
        var broken: [String] = []
        for row in 0..<applications.count {
            if (0..<6).reduce(0, { $0 + app(row, $1) }) != appTotal(row) { broken.append("row-sum \(Self.applicationRows[row].id)") }
        }
        for column in 0..<7 {
            if app(A.new, column) + app(A.carriedIn, column) != app(A.outcomeTotal, column) + app(A.carriedOver, column) {
                broken.append("balance \(column)")
            }
            if A.outcomes.reduce(0, { $0 + app($1, column) }) != app(A.outcomeTotal, column) { broken.append("outcome-sum \(column)") }
        }
        for group in 0..<review.count where (0..<4).reduce(0, { $0 + rev(group, $1) }) != rev(group, R.total) {
            broken.append("review-sum \(group)")
        }
        for row in [D.regulations, D.normative] {
            guard let issued = disc(row, Doc.issued), let repealed = disc(row, Doc.repealed),
                  let inForce = disc(row, Doc.inForce) else { broken.append("documents \(row)"); continue }
            if issued < 0 || repealed < 0 || inForce < 0 { broken.append("documents \(row)") }
        }
        let all = Array(disclosure.joined()) + Array(applications.joined()) + Array(review.joined())
        if all.contains(where: { if case .count(let n) = $0 { return n < 0 }; return $0 == .blank }) { broken.append("value") }
        return broken
    }
}

/// JSON text helpers (the truth file is written by hand: it is on the hot path of generation).
public enum JSONText {
    public static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
