import Foundation
import GKModel
import Yams

/// Findings a corpus has accepted, with the reason (`gkaudit.yaml` at the corpus root, or `--baseline FILE`):
///
///     suppressions:
///       - rule: structure.unit-anomaly
///         file: 000_e8ec6a5d6c0a1c89.txt      # the end of the path is enough
///         reason: 经核实，单位为万元，系排版错误
///       - fingerprint: 3f2a9c0d1e7b4a55       # from the JSON output; survives re-extraction
///         reason: 已向该机关核实
///
/// A suppressed finding is counted and listed as suppressed, never dropped.
public struct Baseline: Sendable {
    public struct Entry: Sendable, Hashable {
        public let rule: String?
        public let file: String?
        public let fingerprint: String?
        public let reason: String
        public let location: SourceLocation

        func matches(_ finding: Finding) -> Bool {
            if let rule, rule != finding.rule { return false }
            if let fingerprint, fingerprint != finding.fingerprint { return false }
            if let file, !Baseline.path(finding.file, endsWith: file) { return false }
            return true
        }
    }

    public let entries: [Entry]
    public let file: String

    /// Reads a baseline file; every problem is reported with its line.
    public static func load(path: String) throws(RuleLoadError) -> Baseline {
        func fail(_ line: Int, _ message: String) -> RuleLoadError {
            RuleLoadError(problems: [.init(location: SourceLocation(file: path, line: line), message: message)])
        }
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw fail(0, "无法读取豁免清单（须为 UTF-8 文本）")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw fail(1, "YAML 格式错误：\(error)")
        }
        guard let root else { return Baseline(entries: [], file: path) }
        guard let mapping = root.mapping, mapping.count == 1, let list = mapping["suppressions"]?.sequence else {
            throw fail(root.mark?.line ?? 1, "豁免清单须为 suppressions: 列表")
        }
        var entries: [Entry] = []
        var problems: [RuleLoadError.Problem] = []
        for item in list {
            let line = item.mark?.line ?? 1
            let location = SourceLocation(file: path, line: line)
            guard let fields = item.mapping else {
                problems.append(.init(location: location, message: "每项豁免须为映射"))
                continue
            }
            for key in fields.keys.compactMap(\.string) where !["rule", "file", "fingerprint", "reason"].contains(key) {
                problems.append(.init(location: location, message: "豁免没有键「\(key)」（可用 rule、file、fingerprint、reason）"))
            }
            let rule = fields["rule"]?.string, file = fields["file"]?.string, fingerprint = fields["fingerprint"]?.string
            guard let reason = fields["reason"]?.string, !reason.isEmpty else {
                problems.append(.init(location: location, message: "每项豁免须写明 reason（理由）"))
                continue
            }
            guard fingerprint != nil || (rule != nil && file != nil) else {
                problems.append(.init(location: location, message: "豁免须给出 fingerprint，或同时给出 rule 与 file"))
                continue
            }
            entries.append(Entry(rule: rule, file: file, fingerprint: fingerprint, reason: reason, location: location))
        }
        if !problems.isEmpty { throw RuleLoadError(problems: problems) }
        return Baseline(entries: entries, file: path)
    }

    public init(entries: [Entry], file: String) {
        self.entries = entries
        self.file = file
    }

    /// Marks the findings the baseline accepts; returns the entries that were used.
    public func apply(to findings: inout [Finding]) -> Set<Entry> {
        var used = Set<Entry>()
        for index in findings.indices {
            if let entry = entries.first(where: { $0.matches(findings[index]) }) {
                findings[index].suppression = entry.reason
                used.insert(entry)
            }
        }
        return used
    }

    /// Whether `path` ends with the path components of `suffix` (`a/b/000.txt` ends with `000.txt` and `b/000.txt`).
    static func path(_ path: String, endsWith suffix: String) -> Bool {
        let whole = path.split(separator: "/"), tail = suffix.split(separator: "/")
        return !tail.isEmpty && whole.count >= tail.count && Array(whole.suffix(tail.count)) == tail
    }
}
