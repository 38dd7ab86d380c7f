import Foundation
import GKDiff
import GKModel
import GKParse
import GKRules
import GKSynth

/// Checks a generated corpus against its truth: every cell, agency, year and encoding as extracted, and
/// every finding of the audit (report rules and, through the year pairing, cross-year rules) against the
/// rules the truth expects — per rule, true and false positives and false negatives.
public struct SynthCheckResult: Sendable {
    public struct Mismatch: Sendable, Hashable {
        public let file: String
        /// A cell path, or `agency`, `year`, `encoding`, `file`.
        public let what: String
        public let expected: String
        public let actual: String
    }

    public struct RuleCount: Sendable, Hashable {
        public var truePositives = 0
        public var falsePositives = 0
        public var falseNegatives = 0

        /// TP / (TP + FP) as a percentage with one decimal ("—" when the rule never fired).
        public var precision: String { Self.ratio(truePositives, truePositives + falsePositives) }
        public var recall: String { Self.ratio(truePositives, truePositives + falseNegatives) }

        static func ratio(_ part: Int, _ whole: Int) -> String {
            guard whole > 0 else { return "—" }
            let tenths = (part * 2000 + whole) / (whole * 2)
            return "\(tenths / 10).\(tenths % 10)%"
        }
    }

    /// A report whose findings differ from the truth: the rules missed and the rules found in excess, with
    /// the messages of the latter.
    public struct RuleMiss: Sendable, Hashable {
        public let file: String
        public let injected: String?
        public let missed: [String]
        public let extra: [String]
    }

    public var reports = 0
    public var mismatches: [Mismatch] = []
    public var rules: [String: RuleCount] = [:]
    public var misses: [RuleMiss] = []
    /// Rules that could not be evaluated, files that could not be read.
    public var errors: [String] = []

    public var passed: Bool { mismatches.isEmpty && misses.isEmpty && errors.isEmpty }
}

public enum SynthCheck {
    /// Extracts and audits `folder` (written by `gkaudit synth`) and compares with its `truth.jsonl`.
    public static func run(folder: String, rules rulePaths: [String]) throws -> SynthCheckResult {
        let engine = Engine(rules: try RuleLoader.load(paths: rulePaths))
        let truth = try TruthRecord.load(folder: folder)
        var byFile: [String: TruthRecord] = [:]
        for record in truth { byFile[record.file] = record }
        var result = SynthCheckResult()
        let prefix = folder.hasSuffix("/") ? folder : folder + "/"

        var reports: [Report] = []
        var records: [TruthRecord] = []
        let listing = Extraction.stream([folder]) { loaded in
            switch loaded {
            case .failure(let error):
                result.errors.append("\(error.path): \(error.message)")
            case .success(let loaded):
                let relative = loaded.report.file.hasPrefix(prefix) ? String(loaded.report.file.dropFirst(prefix.count)) : loaded.report.file
                guard let record = byFile.removeValue(forKey: relative) else {
                    result.mismatches.append(.init(file: relative, what: "file", expected: "(not in truth.jsonl)", actual: "read"))
                    return
                }
                compare(loaded, with: record, into: &result)
                reports.append(loaded.report)
                records.append(record)
            }
        }
        result.errors += listing.errors.map { "\($0.path): \($0.message)" }
        for record in byFile.values.sorted(by: { $0.file < $1.file }) {
            result.mismatches.append(.init(file: record.file, what: "file", expected: "read", actual: "(not read)"))
        }
        result.reports = reports.count

        let pairing = YearPairing(reports)
        for (index, placement) in pairing.placements.enumerated() {
            let audit = engine.audit(reports[index], previous: placement.previous.map { reports[$0] },
                                     duplicates: placement.duplicates.map { reports[$0].file })
            result.errors += audit.failures.map(\.description)
            let found = Set(audit.findings.map(\.rule))
            let expected = records[index].expectedRules
            for rule in found.union(expected) {
                var count = result.rules[rule] ?? .init()
                switch (found.contains(rule), expected.contains(rule)) {
                case (true, true): count.truePositives += 1
                case (true, false): count.falsePositives += 1
                default: count.falseNegatives += 1
                }
                result.rules[rule] = count
            }
            if found != expected {
                let extra = audit.findings.filter { !expected.contains($0.rule) }.map { "\($0.rule): \($0.message)" }
                result.misses.append(.init(file: records[index].file, injected: records[index].injectedKind,
                                           missed: expected.subtracting(found).sorted(), extra: extra))
            }
        }
        // Rules that exist but were never expected nor found still get a row (all zero).
        for rule in engine.rules.map(\.id) where result.rules[rule] == nil { result.rules[rule] = .init() }
        return result
    }

    private static func compare(_ loaded: LoadedReport, with record: TruthRecord, into result: inout SynthCheckResult) {
        let report = loaded.report
        func mismatch(_ what: String, _ expected: String, _ actual: String) {
            result.mismatches.append(.init(file: record.file, what: what, expected: expected, actual: actual))
        }
        let agency = report.metadata.agency?.value ?? "(none)"
        if agency != record.agency { mismatch("agency", record.agency, agency) }
        let year = report.metadata.year.map { String($0.value) } ?? "(none)"
        if year != String(record.year) { mismatch("year", String(record.year), year) }
        if loaded.encoding.rawValue != record.encoding { mismatch("encoding", record.encoding, loaded.encoding.rawValue) }
        for (path, expected) in record.cells {
            guard let cellPath = CellPath(path) else { mismatch(path, "a canonical cell", "(unknown path)"); continue }
            let actual = report.cell(cellPath).value
            if !same(expected, actual) { mismatch(path, text(expected), text(actual)) }
        }
    }

    /// Whether a truth value and an extracted value agree: numbers as exact decimals, text as written, null as blank.
    static func same(_ truth: TruthJSON, _ value: CellValue?) -> Bool {
        switch (truth, value) {
        case (.null, nil): return true
        case (.number(let written), let value?):
            guard let expected = Decimal(string: written, locale: Locale(identifier: "en_US_POSIX")), let number = value.number else { return false }
            return expected == number
        case (.string(let written), .text(let text)?): return written == text
        default: return false
        }
    }

    static func text(_ truth: TruthJSON) -> String {
        switch truth {
        case .null: return "null"
        case .number(let n): return n
        case .string(let s): return "\"\(s)\""
        default: return "?"
        }
    }

    static func text(_ value: CellValue?) -> String {
        switch value {
        case nil: return "null"
        case .integer(let n)?: return String(n)
        case .decimal(let d)?: return "\(d)"
        case .text(let s)?: return "\"\(s)\""
        }
    }

    /// The report for people: mismatches (up to `limit` of each kind), then the per-rule table.
    public static func render(_ result: SynthCheckResult, limit: Int = 50) -> String {
        var out = ""
        if !result.mismatches.isEmpty {
            out += "Extraction mismatches (\(result.mismatches.count)):\n"
            for m in result.mismatches.prefix(limit) { out += "  \(m.file)  \(m.what)  expected \(m.expected)  actual \(m.actual)\n" }
            if result.mismatches.count > limit { out += "  … \(result.mismatches.count - limit) more\n" }
        }
        if !result.misses.isEmpty {
            out += "Reports whose findings differ from the truth (\(result.misses.count)):\n"
            for m in result.misses.prefix(limit) {
                out += "  \(m.file)  injected: \(m.injected ?? "none")\n"
                if !m.missed.isEmpty { out += "    missed: \(m.missed.joined(separator: ", "))\n" }
                for extra in m.extra.prefix(5) { out += "    extra: \(extra)\n" }
            }
            if result.misses.count > limit { out += "  … \(result.misses.count - limit) more\n" }
        }
        if !result.errors.isEmpty {
            out += "Errors (\(result.errors.count)):\n"
            for e in result.errors.prefix(limit) { out += "  \(e)\n" }
        }
        let width = max(4, result.rules.keys.map(\.count).max() ?? 4)
        func pad(_ s: String, _ n: Int) -> String { s + String(repeating: " ", count: max(0, n - s.count)) }
        func left(_ s: String, _ n: Int) -> String { String(repeating: " ", count: max(0, n - s.count)) + s }
        out += "\n" + pad("rule", width) + "      TP      FP      FN  precision     recall\n"
        for (rule, c) in result.rules.sorted(by: { $0.key < $1.key }) {
            out += pad(rule, width) + left(String(c.truePositives), 8) + left(String(c.falsePositives), 8)
                + left(String(c.falseNegatives), 8) + left(c.precision, 11) + left(c.recall, 11) + "\n"
        }
        let cells = result.mismatches.count
        out += "\n\(result.reports) reports; \(cells) extraction mismatches; \(result.misses.count) reports with findings "
            + "other than the truth; \(result.errors.count) errors: \(result.passed ? "PASS" : "FAIL")\n"
        return out
    }
}
