import Foundation
import GKRules
import GKTestSupport
import Testing

/// The rules the README's rule-writing section writes from scratch load and pass their examples as printed.
@Suite("README rules")
struct ReadmeRuleTests {
    /// The ```yaml blocks after the heading "A rule from scratch".
    static func blocks() throws -> [String] {
        let readme = try String(contentsOf: TestFiles.root.appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "#### A rule from scratch"))
        var blocks: [String] = []
        var rest = readme[section.upperBound...]
        while let start = rest.range(of: "```yaml\n"), let end = rest[start.upperBound...].range(of: "```\n") {
            blocks.append(String(rest[start.upperBound..<end.lowerBound]))
            rest = rest[end.upperBound...]
            if !rest.hasPrefix("\n") && rest.hasPrefix("#") { break }
        }
        return blocks
    }

    @Test("both README rules load, their examples pass, and they run beside the built-in rules")
    func readmeRules() throws {
        let blocks = try Self.blocks()
        #expect(blocks.count == 2)
        for (index, yaml) in blocks.enumerated() {
            let rules = try RuleLoader.load(yaml: yaml, file: "README-\(index).yaml")
            #expect(rules.count == 1)
            for result in ExampleRunner.run(rules[0]) { #expect(result.passed, "\(result.explanation)") }
            #expect(!BuiltInRules.ids.contains(rules[0].id))
        }
    }

    @Test("the README's punishment rule finds nothing on seed 001, whose text does not state the count")
    func onSeed() throws {
        let rule = try RuleLoader.load(yaml: try Self.blocks()[0], file: "README.yaml")
        let report = try fixtureReport("Fixtures/seeds/001_1705811733659c39.txt")
        #expect(Engine(rules: rule).audit(report).findings.isEmpty)
    }
}
