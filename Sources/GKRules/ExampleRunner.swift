import GKModel

/// The outcome of one rule example.
public struct ExampleResult: Sendable {
    public let rule: String
    public let example: RuleExample
    /// What the rule found on the example's report.
    public let findings: [Finding]
    public let failures: [RuleFailure]

    /// Whether the rule behaved as the example says.
    public var passed: Bool {
        guard failures.isEmpty else { return false }
        switch example.expectation {
        case .pass: return findings.isEmpty
        case .fail(let count?): return findings.count == count
        case .fail(nil): return !findings.isEmpty
        }
    }

    /// What went wrong, in Chinese, for `gkaudit rules test`.
    public var explanation: String {
        let name = example.name.map { "「\($0)」" } ?? ""
        if let failure = failures.first { return "示例\(name)（\(example.location)）：规则无法评估：\(failure.message)" }
        switch example.expectation {
        case .pass:
            return "示例\(name)（\(example.location)）不应报告问题，却报告了 \(findings.count) 个："
                + findings.map(\.message).joined(separator: "；")
        case .fail(let count?):
            return "示例\(name)（\(example.location)）应报告 \(count) 个问题，实际 \(findings.count) 个"
                + (findings.isEmpty ? "" : "：" + findings.map(\.message).joined(separator: "；"))
        case .fail(nil):
            return "示例\(name)（\(example.location)）应报告问题，实际没有"
        }
    }
}

/// Runs rules' own examples: each passing example must give no finding, each failing one must give some.
public enum ExampleRunner {
    public static func run(_ rule: Rule) -> [ExampleResult] {
        let engine = Engine(rules: [rule])
        return rule.examples.map { example in
            var previous: Report?
            if rule.scope == .pair {
                var earlier = example.previousBuild ?? ExampleReport()
                if example.previousBuild == nil {
                    earlier.year = example.build.year - 1
                    earlier.agency = example.build.agency
                }
                previous = earlier.report()
            }
            let audit = engine.audit(example.build.report(), previous: previous, duplicates: example.build.duplicates)
            return ExampleResult(rule: rule.id, example: example, findings: audit.findings, failures: audit.failures)
        }
    }

    /// The example's report as text (for `gkaudit rules explain`, and to debug an example).
    public static func text(of example: RuleExample) -> String {
        example.build.wholeText ?? example.build.render()
    }
}
