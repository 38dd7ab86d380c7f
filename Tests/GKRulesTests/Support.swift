import Foundation
import GKModel
import GKParse
import GKRules
import GKTestSupport

/// The repository's rules, loaded once.
enum BuiltInRules {
    static let folder = TestFiles.root.appendingPathComponent("rules").path
    static let all: [Rule] = {
        do {
            return try RuleLoader.load(paths: [folder])
        } catch {
            fatalError("the built-in rules do not load:\n\(error)")
        }
    }()
    static let ids = all.map(\.id)
}

/// Loads a report from Fixtures, by its path relative to the repository root.
func fixtureReport(_ relativePath: String) throws -> Report {
    let path = TestFiles.root.appendingPathComponent(relativePath).path
    return try Corpus.load(path).get().report
}

/// `(rule, line)` pairs of an audit's findings, sorted, for exact comparisons.
func ruleLines(_ findings: [Finding]) -> [String] {
    findings.map { "\($0.rule)@\($0.line.map(String.init) ?? "-")" }.sorted()
}

/// Loads rules from YAML text, returning the problems' descriptions when loading fails.
func loadProblems(_ yaml: String, file: String = "test.yaml") -> [String] {
    do {
        _ = try RuleLoader.load(yaml: yaml, file: file)
        return []
    } catch {
        return error.problems.map(\.description)
    }
}

/// Audits the default example report, with `cells` changed and `overview` at the start of its first
/// section, under a one-check rule made of `keys`.
func auditExample(rule keys: String, cells: String = "{}", overview: String = "") throws -> ReportAudit {
    let yaml = """
    id: t.rule
    title: 测试
    severity: info
    rationale: 测试。
    references: []
    \(keys)
    examples:
      pass: [{}]
      fail: [{}]
    """
    let rule = try RuleLoader.load(yaml: yaml, file: "t.yaml")[0]
    let reportYAML = """
    id: t.report
    title: 测试
    severity: info
    rationale: 测试。
    references: []
    condition: 'true'
    message: m
    examples:
      pass: [{cells: \(cells), text: {overview: "\(overview)"}}]
      fail: [{}]
    """
    let report = ExampleRunner.text(of: try RuleLoader.load(yaml: reportYAML, file: "r.yaml")[0].examples[0])
    return Engine(rules: [rule]).audit(ReportParser.parse(text: report, file: "r.txt"))
}
