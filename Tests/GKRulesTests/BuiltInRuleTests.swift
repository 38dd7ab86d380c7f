import Foundation
import GKModel
import GKRules
import GKTestSupport
import Testing

/// The built-in rule set: every rule ID of the contract, every rule's own examples, and the exact findings on the seeds.
@Suite("Built-in rules")
struct BuiltInRuleTests {
    /// The IDs of ../shared/spec/report-format.md that do not start with `diff.`.
    static let contractIDs = [
        "table.applications.row-sum", "table.applications.balance", "table.applications.outcome-sum",
        "table.review.sum", "table.value.invalid",
        "narrative.no-requests-vs-table", "narrative.request-count-vs-table", "narrative.breakdown-exceeds-total",
        "narrative.no-review-vs-table", "narrative.no-normative-docs-vs-table", "narrative.outcome-count-vs-table",
        "narrative.review-result-vs-table", "narrative.in-force-vs-table",
        "year.title-vs-period", "year.text-mentions-other-year", "year.metadata-vs-text", "year.late-publication",
        "structure.missing-section", "structure.missing-table", "structure.missing-cell",
        "structure.nonstandard-label", "structure.missing-title-metadata", "structure.unit-anomaly",
    ]

    /// The contract's cross-year IDs (the `diff.` rules, which compare a report with the previous year's).
    static let contractPairIDs = [
        "diff.carryover-mismatch", "diff.in-force-continuity", "diff.prior-year-claim", "diff.large-swing",
        "diff.reused-text",
    ]

    /// Rules gkaudit adds to the contract's (the contract allows more).
    static let addedIDs = ["corpus.duplicate-report", "table.damaged-row"]

    @Test("rules/ implements every single-report rule ID of the contract, and only contract IDs and gkaudit's own")
    func contract() {
        let single = BuiltInRules.all.filter { $0.scope == .report }.map(\.id)
        #expect(single.sorted() == (Self.contractIDs + Self.addedIDs).sorted())
        let pairs = BuiltInRules.all.filter { $0.scope == .pair }.map(\.id)
        #expect(Set(pairs).isSubset(of: Self.contractPairIDs))
    }

    @Test("every rule has a Chinese title, a rationale, references and both kinds of example")
    func documented() {
        for rule in BuiltInRules.all {
            #expect(rule.title.unicodeScalars.contains { $0.value >= 0x4E00 && $0.value <= 0x9FFF }, "\(rule.id)")
            #expect(!rule.references.isEmpty, "\(rule.id)")
            #expect(rule.examples.contains { $0.expectation == .pass }, "\(rule.id)")
            #expect(rule.examples.contains { if case .fail = $0.expectation { true } else { false } }, "\(rule.id)")
        }
    }

    @Test("each rule's examples behave as they say", arguments: BuiltInRules.ids)
    func examples(id: String) throws {
        let rule = try #require(BuiltInRules.all.first { $0.id == id })
        for result in ExampleRunner.run(rule) {
            #expect(result.passed, "\(result.explanation)")
        }
    }

    /// What the five seeds must give, read from the reports by hand (seeds-expected.json's findings_expected).
    static let seedFindings: [String: [String]] = [
        "000_e8ec6a5d6c0a1c89.txt": [
            "narrative.breakdown-exceeds-total@15", "structure.missing-cell@37", "structure.unit-anomaly@43",
        ],
        "001_1705811733659c39.txt": [],
        "002_f90b525eb7280150.txt": ["structure.nonstandard-label@34"],
        "003_f6478d7b7b0e6afc.txt": [],
        "004_b35dc0beff817749.txt": ["structure.missing-title-metadata@1"],
    ]

    @Test("the exact findings on each seed", arguments: TestFiles.seedNames)
    func seed(name: String) throws {
        let audit = Engine(rules: BuiltInRules.all).audit(try fixtureReport("Fixtures/seeds/" + name))
        #expect(ruleLines(audit.findings) == Self.seedFindings[name]!.sorted())
        #expect(audit.failures.isEmpty)
    }

    @Test("the findings on the seeds agree with seeds-expected.json")
    func expectedFile() throws {
        let data = try Data(contentsOf: TestFiles.root.appendingPathComponent("Fixtures/seeds-expected.json"))
        let files = try #require((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["files"] as? [String: Any])
        for (name, entry) in files {
            let expected = try #require((entry as? [String: Any])?["findings_expected"] as? [String])
            let audit = Engine(rules: BuiltInRules.all).audit(try fixtureReport("Fixtures/seeds/" + name))
            #expect(Set(audit.findings.map(\.rule)) == Set(expected), "\(name)")
        }
    }

    @Test("seed 000: the breakdown finding gives the total, the sum of the parts and the excess")
    func breakdownValues() throws {
        let audit = Engine(rules: BuiltInRules.all).audit(try fixtureReport("Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt"))
        let finding = try #require(audit.findings.first { $0.rule == "narrative.breakdown-exceeds-total" })
        #expect(finding.expected == .integer(428))
        #expect(finding.actual == .integer(526))
        #expect(finding.difference == .integer(98))
        #expect(finding.message == "正文称共 428 条，其中各分项合计 526 条（121 + 102 + 98 + 205），超出总数 98 条。")
        #expect(finding.severity == .error)
        #expect(finding.agency == "东营市第二人民医院")
        #expect(finding.year == 2024)
        #expect(finding.evidence?.hasPrefix("2024 年通过医院官网主动公开各类信息共 428 条") == true)
    }

    @Test("seeds 000, 002, 004: the messages an auditor reads")
    func structureMessages() throws {
        let engine = Engine(rules: BuiltInRules.all)
        let first = engine.audit(try fixtureReport("Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt")).findings
        #expect(first.first { $0.rule == "structure.missing-cell" }?.message == "「行政许可」未填写：本年处理决定数量。")
        #expect(first.first { $0.rule == "structure.unit-anomaly" }?.message == "计量单位写作「0 万元」，应为「万元」。")
        let second = engine.audit(try fixtureReport("Fixtures/seeds/002_f90b525eb7280150.txt")).findings
        #expect(second.map(\.message) == ["列标题写作「本年度止件数」，标准表述为「本年废止件数」。"])
        let fifth = engine.audit(try fixtureReport("Fixtures/seeds/004_b35dc0beff817749.txt")).findings
        #expect(fifth.map(\.message) == ["标题「政府信息公开工作年度报告」缺少发布机关和年度；报告年度系按正文推断为 2025 年。"])
    }

    @Test("the same findings from other layouts and encodings of the seeds")
    func layouts() throws {
        let engine = Engine(rules: BuiltInRules.all)
        let cases: [(String, [String])] = [
            ("Fixtures/layout/000_e8ec6a5d6c0a1c89.pdf-layout.txt",
             ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
            ("Fixtures/layout/001_1705811733659c39.pdf-layout.txt", []),
            ("Fixtures/layout/002_f90b525eb7280150.pdf-layout.txt", ["structure.nonstandard-label"]),
            ("Fixtures/layout/002_f90b525eb7280150.pdf-layout-narrow.txt", ["structure.nonstandard-label"]),
            ("Fixtures/layout/003_f6478d7b7b0e6afc.pdf-layout.txt", []),
            ("Fixtures/variants/002_f90b525eb7280150.markdown.txt", ["structure.nonstandard-label"]),
            ("Fixtures/variants/004_b35dc0beff817749.plain-cells.txt", ["structure.missing-title-metadata"]),
            ("Fixtures/encodings/000.utf16be.txt",
             ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
            ("Fixtures/encodings/004.gb18030.txt", ["structure.missing-title-metadata"]),
            ("Fixtures/documents/pdf/000_e8ec6a5d6c0a1c89.pdf",
             ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
            ("Fixtures/documents/pdf/001_1705811733659c39.pdf", []),
            ("Fixtures/documents/pdf/002_f90b525eb7280150.pdf", ["structure.nonstandard-label"]),
            ("Fixtures/documents/pdf/003_f6478d7b7b0e6afc.pdf", []),
            ("Fixtures/documents/pdf/004_b35dc0beff817749.pdf", ["structure.missing-title-metadata"]),
            ("Fixtures/documents/pdf-narrow/000_e8ec6a5d6c0a1c89.pdf",
             ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
            ("Fixtures/documents/pdf-narrow/001_1705811733659c39.pdf", []),
            ("Fixtures/documents/pdf-narrow/002_f90b525eb7280150.pdf", ["structure.nonstandard-label"]),
            ("Fixtures/documents/pdf-narrow/003_f6478d7b7b0e6afc.pdf", []),
            ("Fixtures/documents/pdf-narrow/004_b35dc0beff817749.pdf", ["structure.missing-title-metadata"]),
        ]
        for (path, rules) in cases {
            let findings = engine.audit(try fixtureReport(path)).findings
            #expect(findings.map(\.rule).sorted() == rules, "\(path)")
        }
    }

    @Test("the same findings, with the same messages, from the seeds as web pages (GBK and UTF-8) as from their text")
    func webPages() throws {
        let engine = Engine(rules: BuiltInRules.all)
        let cases: [(String, [String])] = [
            ("000_e8ec6a5d6c0a1c89", ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
            ("001_1705811733659c39", []),
            ("002_f90b525eb7280150", ["structure.nonstandard-label"]),
            ("003_f6478d7b7b0e6afc", []),
            ("004_b35dc0beff817749", ["structure.missing-title-metadata"]),
        ]
        for (seed, rules) in cases {
            let text = engine.audit(try fixtureReport("Fixtures/seeds/\(seed).txt")).findings
            for charset in ["gbk", "utf8"] {
                let path = "Fixtures/documents/html/\(seed).\(charset).html"
                let audit = engine.audit(try fixtureReport(path))
                #expect(audit.findings.map(\.rule).sorted() == rules, "\(path)")
                #expect(audit.findings.map(\.message).sorted() == text.map(\.message).sorted(), "\(path)")
                #expect(audit.failures.isEmpty, "\(path)")
            }
        }
    }
}
