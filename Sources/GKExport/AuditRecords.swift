import GKModel

/// An audit's results as the exporters read them, in corpus order: kept in memory (`AuditOutput`) or read back
/// from the files an audit of a large corpus writes them to as it goes (`AuditSpill`).
public protocol AuditRecords {
    var toolVersion: String { get }
    var rules: [RuleDescriptor] { get }
    var pairing: AuditOutput.Pairing? { get }
    var counts: AuditCounts { get }
    /// Each report that was read.
    func forEachReport(_ body: (AuditOutput.ReportEntry) throws -> Void) throws
    /// Each report with the findings listed under it.
    func forEachReportWithFindings(_ body: (AuditOutput.ReportEntry, [Finding]) throws -> Void) throws
    /// Every finding, suppressed ones included.
    func forEachFinding(_ body: (Finding) throws -> Void) throws
    /// Every finding, suppressed ones included, as the workbook shows it (no Strings made for its texts).
    func forEachFindingCells(_ body: (FindingCells) throws -> Void) throws
    func forEachError(_ body: (AuditOutput.Problem) throws -> Void) throws
    /// The report at an index of the corpus order (for views in another order, e.g. by agency and year).
    func report(at index: Int) throws -> AuditOutput.ReportEntry
    /// Each report's agency and year, for views by agency and year.
    var agencyYears: AgencyYearIndex { get }
}

/// A finding as the workbook's rows show it: its texts are UTF-8 bytes, valid only during the call they are given
/// to (they are handed to C without becoming Strings); its terms and fingerprint are left out.
public struct FindingCells {
    public let rule: UnsafeBufferPointer<UInt8>
    public let severity: Severity
    public let title: UnsafeBufferPointer<UInt8>
    public let file: UnsafeBufferPointer<UInt8>
    public let line: Int?
    public let message: UnsafeBufferPointer<UInt8>
    public let expected: FindingValue?
    public let actual: FindingValue?
    public let difference: FindingValue?
    public let evidence: UnsafeBufferPointer<UInt8>?
    public let agency: UnsafeBufferPointer<UInt8>?
    public let year: Int?
    public let isSuppressed: Bool
}

/// What an audit counted: the summary of every output, kept as the findings go by.
public struct AuditCounts: Sendable {
    public var reports = 0
    public var errors = 0
    public var active = 0
    public var suppressed = 0
    /// Checks not evaluated because cells they need are blank.
    public var skippedChecks = 0
    private var bySeverity: [Severity: Int] = [:]
    private var byRule: [String: Int] = [:]
    private var agencies: [String] = []
    private var byAgency: [String: [Severity: Int]] = [:]

    public init() {}

    /// Counts a finding (by severity, rule and agency when it is active).
    public mutating func count(_ finding: Finding) {
        guard finding.suppression == nil else {
            suppressed += 1
            return
        }
        active += 1
        bySeverity[finding.severity, default: 0] += 1
        byRule[finding.rule, default: 0] += 1
        let agency = finding.agency ?? "（机关不详）"
        if byAgency[agency] == nil { agencies.append(agency) }
        byAgency[agency, default: [:]][finding.severity, default: 0] += 1
    }

    /// Active findings by severity, every severity present, most severe first.
    public var countsBySeverity: [(Severity, Int)] {
        Severity.allCases.reversed().map { ($0, bySeverity[$0] ?? 0) }
    }

    /// Active findings by rule, most first (then by ID).
    public var countsByRule: [(String, Int)] {
        byRule.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
    }

    /// Active findings by agency (as the reports name it), by severity, in the order agencies first appear.
    public var countsByAgency: [(String, [Severity: Int])] {
        agencies.map { ($0, byAgency[$0]!) }
    }
}

/// Each report's agency key and year, compactly (a key is kept once however many years it has): enough to order
/// the reports by agency and year and to find each one's previous year, without keeping the reports.
public struct AgencyYearIndex: Sendable {
    private static let noYear = Int32.min
    /// The distinct sort keys: an agency's key, or `~` and the file for a report that names no agency.
    private var keys: [String] = []
    private var keyNumbers: [String: Int32] = [:]
    private var reportKeys: [Int32] = []
    private var reportYears: [Int32] = []
    private var reportHasAgency: [Bool] = []

    public init() {}

    public mutating func append(agencyKey: String?, file: String, year: Int?) {
        let key = agencyKey ?? "~" + file
        let number: Int32
        if let known = keyNumbers[key] {
            number = known
        } else {
            number = Int32(keys.count)
            keys.append(key)
            keyNumbers[key] = number
        }
        reportKeys.append(number)
        reportYears.append(year.flatMap { Int32(exactly: $0) } ?? Self.noYear)
        reportHasAgency.append(agencyKey != nil)
    }

    /// The reports by agency and year (then corpus order), each with the same agency's report for the year before
    /// when that year and its own each have exactly one.
    public func byAgencyAndYear() -> [(report: Int, previous: Int?)] {
        let rank = keys.indices.sorted { keys[$0] < keys[$1] }.enumerated()
            .reduce(into: [Int](repeating: 0, count: keys.count)) { ranks, pair in ranks[pair.element] = pair.offset }
        func year(_ report: Int) -> Int32 { reportYears[report] == Self.noYear ? 0 : reportYears[report] }
        let order = reportKeys.indices.sorted { a, b in
            let ka = rank[Int(reportKeys[a])], kb = rank[Int(reportKeys[b])]
            return ka != kb ? ka < kb : (year(a), a) < (year(b), b)
        }
        struct AgencyYear: Hashable { let key: Int32, year: Int32 }
        var byAgencyYear: [AgencyYear: (count: Int, report: Int)] = [:]
        for report in reportKeys.indices where reportHasAgency[report] && reportYears[report] != Self.noYear {
            let slot = AgencyYear(key: reportKeys[report], year: reportYears[report])
            byAgencyYear[slot] = ((byAgencyYear[slot]?.count ?? 0) + 1, report)
        }
        return order.map { report in
            guard reportHasAgency[report], reportYears[report] != Self.noYear,
                  byAgencyYear[AgencyYear(key: reportKeys[report], year: reportYears[report])]?.count == 1,
                  let before = byAgencyYear[AgencyYear(key: reportKeys[report], year: reportYears[report] - 1)],
                  before.count == 1 else { return (report, nil) }
            return (report, before.report)
        }
    }
}
