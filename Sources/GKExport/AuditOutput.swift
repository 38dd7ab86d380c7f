import Foundation
import GKModel

/// Everything an audit produced, in the order reports were read: what the exporters render.
public struct AuditOutput: Sendable {
    /// One report that was read.
    public struct ReportEntry: Sendable {
        public let file: String
        public let agency: String?
        public let year: Int?
        public let format: FormatVersion
        /// The agency's comparison key (the same for every year of one agency), for year-over-year views.
        public let agencyKey: String?
        /// The report's cells, in the order of `AuditOutput.cellColumns` (nil: blank, or not in its format).
        public let cells: PackedCells

        public init(file: String, agency: String?, year: Int?, format: FormatVersion, agencyKey: String? = nil,
                    cells: [CellValue?] = []) {
            self.file = file
            self.agency = agency
            self.year = year
            self.format = format
            self.agencyKey = agencyKey
            self.cells = PackedCells(cells)
        }
    }

    /// Every canonical cell of both formats: the 2021 format's, then those only the 2019 format has.
    public static let cellColumns: [CellPath] = {
        var paths: [CellPath] = []
        for format in [FormatVersion.v2021, .v2019] {
            for table in TableID.allCases {
                for path in Schema.table(table, format: format).cellPaths where !paths.contains(path) { paths.append(path) }
            }
        }
        return paths
    }()

    /// A report's cells in `cellColumns` order.
    public static func cells(of report: Report) -> [CellValue?] {
        cellColumns.map { Schema.column(at: $0, format: report.metadata.format) == nil ? nil : report.cell($0).value }
    }

    /// A report's cells, kept for the workbook's 提取数据 sheet however large the corpus: whole numbers that fit
    /// 32 bits (nearly all of them) inline, four bytes a cell; decimals, text and larger numbers aside.
    public struct PackedCells: RandomAccessCollection, Sendable {
        private static let blank = Int32.min, aside = Int32.min + 1
        private let numbers: [Int32]
        private let others: [Int: CellValue]

        public init(_ values: [CellValue?]) {
            var numbers: [Int32] = [], others: [Int: CellValue] = [:]
            numbers.reserveCapacity(values.count)
            for (index, value) in values.enumerated() {
                switch value {
                case nil: numbers.append(Self.blank)
                case .integer(let integer) where integer > Int(Self.aside) && integer <= Int(Int32.max):
                    numbers.append(Int32(integer))
                case let value?:
                    numbers.append(Self.aside)
                    others[index] = value
                }
            }
            self.numbers = numbers
            self.others = others
        }

        public var startIndex: Int { 0 }
        public var endIndex: Int { numbers.count }

        public subscript(position: Int) -> CellValue? {
            switch numbers[position] {
            case Self.blank: return nil
            case Self.aside: return others[position]
            case let number: return .integer(Int(number))
            }
        }
    }

    /// A file that could not be read, or a rule that could not be evaluated on a report.
    public struct Problem: Sendable {
        public let file: String
        public let line: Int?
        public let message: String

        public init(file: String, line: Int?, message: String) {
            self.file = file
            self.line = line
            self.message = message
        }
    }

    public var toolVersion: String
    public var rules: [RuleDescriptor]
    public var reports: [ReportEntry] = []
    /// Findings, suppressed ones included (`Finding.suppression` set).
    public var findings: [Finding] = []
    public var errors: [Problem] = []
    /// Files passed over (not report files).
    public var skipped: [Problem] = []
    /// Checks not evaluated because cells they need are blank.
    public var skippedChecks = 0
    /// How the corpus's years were paired, when cross-year rules ran.
    public var pairing: Pairing?

    /// The year pairing of the corpus.
    public struct Pairing: Sendable {
        public let agencies: Int
        /// Reports compared with the same agency's previous year.
        public let pairedReports: Int
        /// Agencies whose earliest report has no previous year in the corpus: cross-year rules did not run for it.
        public let agenciesWithoutPreviousYear: Int

        public init(agencies: Int, pairedReports: Int, agenciesWithoutPreviousYear: Int) {
            self.agencies = agencies
            self.pairedReports = pairedReports
            self.agenciesWithoutPreviousYear = agenciesWithoutPreviousYear
        }
    }

    public init(toolVersion: String, rules: [RuleDescriptor]) {
        self.toolVersion = toolVersion
        self.rules = rules
    }
}

extension AuditOutput: AuditRecords {
    public var counts: AuditCounts {
        var counts = AuditCounts()
        counts.reports = reports.count
        counts.errors = errors.count
        counts.skippedChecks = skippedChecks
        for finding in findings { counts.count(finding) }
        return counts
    }

    public func forEachReport(_ body: (ReportEntry) throws -> Void) rethrows {
        for report in reports { try body(report) }
    }

    /// Each report with the findings about its file.
    public func forEachReportWithFindings(_ body: (ReportEntry, [Finding]) throws -> Void) rethrows {
        var byFile: [String: [Finding]] = [:]
        for finding in findings { byFile[finding.file, default: []].append(finding) }
        for report in reports { try body(report, byFile[report.file] ?? []) }
    }

    public func forEachFinding(_ body: (Finding) throws -> Void) rethrows {
        for finding in findings { try body(finding) }
    }

    /// Each finding encoded as the spill keeps it and read back from there, so both give the same cells.
    public func forEachFindingCells(_ body: (FindingCells) throws -> Void) throws {
        for finding in findings {
            var record = SpillEncoder()
            record.finding(finding)
            try record.bytes.withUnsafeBufferPointer { bytes in
                var decoder = SpillDecoder(bytes)
                try body(decoder.findingCells())
            }
        }
    }

    public func forEachError(_ body: (Problem) throws -> Void) rethrows {
        for problem in errors { try body(problem) }
    }

    public func report(at index: Int) -> ReportEntry { reports[index] }

    public var agencyYears: AgencyYearIndex {
        var index = AgencyYearIndex()
        for report in reports { index.append(agencyKey: report.agencyKey, file: report.file, year: report.year) }
        return index
    }
}

extension FindingValue {
    var json: JSONValue {
        switch self {
        case .integer(let value): return .integer(value)
        case .decimal(let value): return .decimal(value)
        case .date(let value): return .string(value.description)
        case .text(let value): return .string(value)
        }
    }
}

/// The JSON of an audit: `{"tool", "reports", "findings", "suppressed", "errors", "summary"}`, written as it is
/// read from the records.
public enum AuditJSON {
    public static func write(_ records: AuditRecords, to sink: TextSink) throws {
        let counts = records.counts
        try JSONDocument.object([
            ("tool", .value(.object([
                ("name", .string("gkaudit")),
                ("version", .string(records.toolVersion)),
                ("rules", .array(records.rules.map { .string($0.id) })),
            ]))),
            ("reports", .array { emit in
                try records.forEachReport { report in
                    try emit(.value(.object([
                        ("file", .string(report.file)),
                        ("agency", .optional(report.agency) { .string($0) }),
                        ("year", .optional(report.year) { .integer($0) }),
                        ("format", .string(report.format.rawValue)),
                    ])))
                }
            }),
            ("findings", .array { emit in
                try records.forEachFinding { if $0.suppression == nil { try emit(.value(finding($0))) } }
            }),
            ("suppressed", .array { emit in
                try records.forEachFinding { if $0.suppression != nil { try emit(.value(finding($0))) } }
            }),
            ("errors", .array { emit in
                try records.forEachError { problem in
                    try emit(.value(.object([
                        ("file", .string(problem.file)),
                        ("line", .optional(problem.line) { .integer($0) }),
                        ("message", .string(problem.message)),
                    ])))
                }
            }),
            ("summary", .value(.object([
                ("reports", .integer(counts.reports)),
                ("unreadable", .integer(counts.errors)),
                ("findings", .integer(counts.active)),
                ("suppressed", .integer(counts.suppressed)),
                ("by_severity", .object(counts.countsBySeverity.map { ($0.0.rawValue, .integer($0.1)) })),
                ("by_rule", .object(counts.countsByRule.map { ($0.0, .integer($0.1)) })),
                ("checks_skipped_for_missing_cells", .integer(counts.skippedChecks)),
                ("pairing", .optional(records.pairing) { pairing in
                    .object([
                        ("agencies", .integer(pairing.agencies)),
                        ("paired_reports", .integer(pairing.pairedReports)),
                        ("agencies_without_previous_year", .integer(pairing.agenciesWithoutPreviousYear)),
                    ])
                }),
            ]))),
        ]).write(to: sink)
        try sink.write("\n")
    }

    static func finding(_ finding: Finding) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("rule", .string(finding.rule)),
            ("severity", .string(finding.severity.rawValue)),
            ("title", .string(finding.title)),
            ("file", .string(finding.file)),
            ("line", .optional(finding.line) { .integer($0) }),
            ("agency", .optional(finding.agency) { .string($0) }),
            ("year", .optional(finding.year) { .integer($0) }),
            ("message", .string(finding.message)),
            ("expected", .optional(finding.expected) { $0.json }),
            ("actual", .optional(finding.actual) { $0.json }),
            ("difference", .optional(finding.difference) { $0.json }),
            ("terms", .array(finding.terms.map { term in
                .object([
                    ("cell", .string(term.cell.description)),
                    ("value", .optional(term.value) { $0.json }),
                    ("line", .optional(term.line) { .integer($0) }),
                ])
            })),
            ("evidence", .optional(finding.evidence) { .string($0) }),
            ("fingerprint", .string(finding.fingerprint)),
        ]
        if let reason = finding.suppression { members.append(("suppression", .string(reason))) }
        return .object(members)
    }
}

/// SARIF 2.1.0, for code-scanning dashboards and editors.
public enum AuditSARIF {
    public static func write(_ records: AuditRecords, to sink: TextSink) throws {
        let ruleIndex = Dictionary(uniqueKeysWithValues: records.rules.enumerated().map { ($1.id, $0) })
        let rules: [JSONValue] = records.rules.map { rule in
            .object([
                ("id", .string(rule.id)),
                ("shortDescription", .object([("text", .string(rule.title))])),
                ("fullDescription", .object([("text", .string(rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines)))])),
                ("defaultConfiguration", .object([("level", .string(level(rule.severity)))])),
                ("properties", .object([
                    ("references", .array(rule.references.map { .string($0) })),
                    ("source", .string(rule.source)),
                ])),
            ])
        }
        func result(_ finding: Finding) -> JSONValue {
            var region: [(String, JSONValue)] = []
            if let line = finding.line { region.append(("startLine", .integer(line))) }
            var location: [(String, JSONValue)] = [("artifactLocation", .object([("uri", .string(uri(finding.file)))]))]
            if !region.isEmpty { location.append(("region", .object(region))) }
            var members: [(String, JSONValue)] = [
                ("ruleId", .string(finding.rule)),
                ("level", .string(level(finding.severity))),
                ("message", .object([("text", .string(finding.message))])),
                ("locations", .array([.object([("physicalLocation", .object(location))])])),
                ("partialFingerprints", .object([("gkaudit/v1", .string(finding.fingerprint))])),
                ("properties", .object([
                    ("expected", .optional(finding.expected) { $0.json }),
                    ("actual", .optional(finding.actual) { $0.json }),
                    ("difference", .optional(finding.difference) { $0.json }),
                    ("agency", .optional(finding.agency) { .string($0) }),
                    ("year", .optional(finding.year) { .integer($0) }),
                    ("evidence", .optional(finding.evidence) { .string($0) }),
                ])),
            ]
            if let index = ruleIndex[finding.rule] { members.insert(("ruleIndex", .integer(index)), at: 1) }
            if let reason = finding.suppression {
                members.append(("suppressions", .array([.object([
                    ("kind", .string("external")), ("justification", .string(reason)),
                ])])))
            }
            return .object(members)
        }
        func notification(_ problem: AuditOutput.Problem) -> JSONValue {
            .object([
                ("level", .string("error")),
                ("message", .object([("text", .string(problem.message))])),
                ("locations", .array([.object([("physicalLocation", .object([
                    ("artifactLocation", .object([("uri", .string(uri(problem.file)))])),
                ]))])])),
            ])
        }
        try JSONDocument.object([
            ("$schema", .value(.string("https://json.schemastore.org/sarif-2.1.0.json"))),
            ("version", .value(.string("2.1.0"))),
            ("runs", .array { emit in
                try emit(.object([
                    ("tool", .value(.object([("driver", .object([
                        ("name", .string("gkaudit")),
                        ("version", .string(records.toolVersion)),
                        ("rules", .array(rules)),
                    ]))]))),
                    ("invocations", .array { emit in
                        try emit(.object([
                            ("executionSuccessful", .value(.bool(true))),
                            ("toolExecutionNotifications", .array { emit in
                                try records.forEachError { try emit(.value(notification($0))) }
                            }),
                        ]))
                    }),
                    ("results", .array { emit in try records.forEachFinding { try emit(.value(result($0))) } }),
                ]))
            }),
        ]).write(to: sink)
        try sink.write("\n")
    }

    static func level(_ severity: Severity) -> String {
        switch severity {
        case .error: return "error"
        case .warning: return "warning"
        case .info: return "note"
        }
    }

    /// A relative URI reference: path segments percent-encoded (Chinese file names included).
    static func uri(_ path: String) -> String {
        path.split(separator: "/", omittingEmptySubsequences: false).map {
            String($0).addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/"))) ?? String($0)
        }.joined(separator: "/")
    }
}

/// The linter-style text of an audit: findings grouped by file, then a summary, in Chinese.
public enum AuditText {
    public static func write(_ records: AuditRecords, to sink: TextSink) throws {
        try records.forEachReportWithFindings { report, findings in
            var text = ""
            let sorted = findings.sorted { ($0.line ?? 0, $0.rule) < ($1.line ?? 0, $1.rule) }
            let who = [report.agency ?? "（机关不详）", report.year.map { "\($0) 年" } ?? "（年度不详）"].joined(separator: " ")
            text += "\(report.file)  \(who)"
            if sorted.isEmpty {
                return try sink.write(text + "  未发现问题\n\n")
            }
            text += "\n"
            for finding in sorted {
                let place = finding.line.map { "\(finding.file):\($0)" } ?? finding.file
                let mark = finding.suppression.map { "（已豁免：\($0)）" } ?? ""
                text += "  \(place): \(finding.severity.chinese) \(finding.rule)\(mark)\n"
                text += "    \(finding.message)\n"
                if let evidence = finding.evidence, !finding.message.contains(evidence) {
                    text += "    原文：\(evidence)\n"
                }
            }
            try sink.write(text + "\n")
        }
        try writeSummary(records, to: sink)
    }

    static func writeSummary(_ records: AuditRecords, to sink: TextSink) throws {
        let counts = records.counts
        let severities = counts.countsBySeverity.map { "\($0.0.chinese) \($0.1)" }.joined(separator: "，")
        var text = "汇总：读取报告 \(counts.reports) 份，无法读取 \(counts.errors) 份；"
            + "问题 \(counts.active) 个（\(severities)），已豁免 \(counts.suppressed) 个。\n"
        if counts.skippedChecks > 0 {
            text += "因单元格空白而未评估的检查 \(counts.skippedChecks) 项（空白单元格本身由 structure.missing-cell 报告）。\n"
        }
        if let pairing = records.pairing {
            text += "跨年度比较：\(pairing.agencies) 个机关，\(pairing.pairedReports) 份报告与同一机关上一年度的报告配对；"
                + "\(pairing.agenciesWithoutPreviousYear) 个机关在语料中没有上一年度的报告，其最早一年未作跨年度比较（不等于通过）。\n"
        }
        let byRule = counts.countsByRule
        if !byRule.isEmpty {
            let width = byRule.map { $0.0.count }.max() ?? 0
            text += "按规则：\n"
            for (rule, count) in byRule {
                text += "  \(rule)\(String(repeating: " ", count: width - rule.count))  \(count)\n"
            }
        }
        try sink.write(text)
        if counts.errors > 0 {
            try sink.write("无法处理：\n")
            try records.forEachError { problem in
                try sink.write("  \(problem.file)\(problem.line.map { ":\($0)" } ?? "")：\(problem.message)\n")
            }
        }
    }
}
