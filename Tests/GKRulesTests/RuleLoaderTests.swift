import Foundation
import GKModel
import GKRules
import GKTestSupport
import Testing

/// Strict loading: every mistake in a rule file is an error with file and line, and nothing runs.
@Suite("Rule loading")
struct RuleLoaderTests {
    /// A complete, valid rule; tests replace one line of it.
    static let valid = """
    id: local.new-total
    title: 新收申请总计为负
    severity: error
    rationale: 示例。
    references: [国办公开办函〔2021〕30号]
    condition: applications.new.total >= 0
    message: "新收总计为 {actual}。"
    actual: applications.new.total
    examples:
      pass:
        - cells:
            applications.new: [1, 0, 0, 0, 0, 0, 1]
      fail:
        - cells:
            applications.new.total: "-1"
    """

    static func variant(_ old: String, _ new: String) -> String {
        precondition(valid.contains(old))
        return valid.replacingOccurrences(of: old, with: new)
    }

    @Test("the valid rule loads and its examples pass")
    func validRule() throws {
        let rules = try RuleLoader.load(yaml: Self.valid, file: "local.yaml")
        #expect(rules.map(\.id) == ["local.new-total"])
        #expect(rules[0].location.description == "local.yaml:1")
        #expect(ExampleRunner.run(rules[0]).allSatisfy { $0.passed })
    }

    @Test("an unknown key, with a did-you-mean and its line")
    func unknownKey() {
        let problems = loadProblems(Self.variant("rationale:", "rationals:"), file: "r.yaml")
        #expect(problems.contains("r.yaml:4: 规则没有键「rationals」（是否想写「rationale」？）"))
        #expect(problems.contains("r.yaml:1: 缺少 rationale"))
    }

    @Test("an unknown cell, with a did-you-mean")
    func unknownCell() {
        let problems = loadProblems(Self.variant("condition: applications.new.total >= 0",
                                                 "condition: applications.nwe.total >= 0"))
        #expect(problems == ["test.yaml:1: applications 的行没有「nwe」（是否想写「new」？）"])
        let column = loadProblems(Self.variant("condition: applications.new.total >= 0",
                                               "condition: applications.new.totl >= 0"))
        #expect(column == ["test.yaml:1: applications 的列没有「totl」（是否想写「total」？）"])
    }

    @Test("a bad expression names the character where it goes wrong")
    func badExpression() {
        let problems = loadProblems(Self.variant("condition: applications.new.total >= 0",
                                                 "condition: applications.new.total >= (0"))
        #expect(problems.count == 1)
        #expect(problems[0].hasPrefix("test.yaml:6: 表达式「applications.new.total >= (0」有误"))
    }

    @Test("an unknown function, variable, report field or capture")
    func unknownNames() {
        #expect(loadProblems(Self.variant("condition: applications.new.total >= 0", "condition: summ([1]) >= 0"))
            == ["test.yaml:6: 表达式「summ([1]) >= 0」有误（第 6 个字符处）：未知函数「summ」（是否想写「sum」？）"])
        #expect(loadProblems(Self.variant("condition: applications.new.total >= 0",
                                          "condition: applications.$row.total >= 0"))
            == ["test.yaml:1: 变量 $row 未在 for_each 中定义"])
        #expect(loadProblems(Self.variant("condition: applications.new.total >= 0", "condition: report.yaer > 0"))
            == ["test.yaml:1: report 没有字段「yaer」（是否想写「year」？）"])
        #expect(loadProblems(Self.variant("condition: applications.new.total >= 0", "condition: match.n > 0"))
            == ["test.yaml:1: match.n 只能用于有 pattern 的检查"])
    }

    @Test("a pattern that does not compile, and a capture the pattern lacks")
    func badPatterns() {
        let broken = Self.variant("condition: applications.new.total >= 0",
                                  "pattern: '收到(?<n>[0-9]+'\ncondition: match.n >= 0")
        #expect(loadProblems(broken).contains("test.yaml:6: 正则表达式无法编译：收到(?<n>[0-9]+"))
        let missingGroup = Self.variant("condition: applications.new.total >= 0",
                                        "pattern: '收到(?<n>[0-9]+)件'\ncondition: match.m >= 0")
        #expect(loadProblems(missingGroup) == ["test.yaml:1: pattern 中没有名为「m」的捕获组 (?<m>…)（是否想写「n」？）"])
    }

    @Test("a rule without a passing or a failing example")
    func examplesRequired() {
        let noFail = Self.variant("""
              fail:
                - cells:
                    applications.new.total: "-1"
            """, "")
        #expect(loadProblems(noFail) == ["test.yaml:10: examples 缺少 fail 示例（须为非空列表）"])
    }

    @Test("severity, ID and message placeholders are checked")
    func scalars() {
        #expect(loadProblems(Self.variant("severity: error", "severity: fatal"))
            == ["test.yaml:3: severity 须为 error、warning 或 info，实为「fatal」"])
        #expect(loadProblems(Self.variant("id: local.new-total", "id: 本地规则"))
            == ["test.yaml:1: 规则 ID「本地规则」只能用小写 ASCII 字母、数字和 . _ -"])
        #expect(loadProblems(Self.variant("新收总计为 {actual}。", "新收总计为 {acutal}。"))
            == ["test.yaml:1: 消息中的名称「acutal」未定义（可用：actual、difference、expected、terms）（是否想写「actual」？）"])
    }

    @Test("duplicate IDs across files, and a broken file, stop everything")
    func duplicates() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.yaml", Data(Self.valid.utf8))
        try folder.write("b.yaml", Data(Self.valid.utf8))
        try folder.write("c.yaml", Data("id: [unclosed".utf8))
        #expect(throws: RuleLoadError.self) { try RuleLoader.load(paths: [folder.path]) }
        do {
            _ = try RuleLoader.load(paths: [folder.path])
        } catch {
            let text = error.description
            #expect(text.contains("b.yaml:1: 规则 ID「local.new-total」重复（已在 \(folder.path)/a.yaml:1 定义）"))
            #expect(text.contains("c.yaml:2: YAML 格式错误"))
        }
    }

    @Test("a rules: list in one file")
    func list() throws {
        let second = Self.valid.replacingOccurrences(of: "local.new-total", with: "local.other")
        let indented = [Self.valid, second].map { rule in
            rule.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
                .map { $0.offset == 0 ? "  - " + $0.element : "    " + $0.element }.joined(separator: "\n")
        }
        let rules = try RuleLoader.load(yaml: "rules:\n" + indented.joined(separator: "\n"), file: "list.yaml")
        #expect(rules.map(\.id) == ["local.new-total", "local.other"])
        #expect(rules.map(\.location.line) == [2, 17])
    }
}
