import Foundation
import GKModel
import GKParse
import GKRules
import GKTestSupport
import Testing

/// Whole-report fixtures that each break one built-in rule (Fixtures/broken, written by
/// Fixtures/tools/make_broken_fixtures.py from the seeds). Each must give exactly the findings of its
/// untouched seed plus those of the broken rule, at their lines.
@Suite("Broken fixtures")
struct BrokenFixtureTests {
    /// A finding as (rule, line); line nil for a finding about the whole report.
    struct Expected: Hashable, Comparable, CustomStringConvertible {
        let rule: String
        let line: Int?

        init(_ rule: String, _ line: Int?) {
            self.rule = rule
            self.line = line
        }

        var description: String { "\(rule):\(line.map(String.init) ?? "—")" }

        static func < (a: Expected, b: Expected) -> Bool { (a.line ?? 0, a.rule) < (b.line ?? 0, b.rule) }
    }

    struct Fixture: Sendable, CustomTestStringConvertible {
        /// Path under Fixtures/broken.
        let path: String
        let seed: String
        /// The rule the fixture breaks.
        let rule: String
        /// The findings the edit adds (the seed's own come from `seedFindings`).
        let added: [Expected]
        /// Text every finding of `rule` must have in its message (the key expected/actual numbers).
        let message: [String]
        /// The finding's `expected` and `actual` as text, where the rule states them.
        var expected: String?
        var actual: String?

        var testDescription: String { path }
    }

    static let seed000 = "000_e8ec6a5d6c0a1c89.txt"
    static let seed001 = "001_1705811733659c39.txt"
    static let seed002 = "002_f90b525eb7280150.txt"
    static let seed003 = "003_f6478d7b7b0e6afc.txt"
    static let seed004 = "004_b35dc0beff817749.txt"

    /// What the audit gives on the untouched seeds. No edit adds or removes a line before one of these.
    static let seedFindings: [String: [Expected]] = [
        seed000: [.init("narrative.breakdown-exceeds-total", 15), .init("structure.missing-cell", 37),
                  .init("structure.unit-anomaly", 43)],
        seed001: [],
        seed002: [.init("structure.nonstandard-label", 34)],
        seed003: [],
        seed004: [.init("structure.missing-title-metadata", 1)],
    ]

    static let fixtures: [Fixture] = [
        // Table identities.
        Fixture(path: "table.applications.row-sum.txt", seed: seed003, rule: "table.applications.row-sum",
                added: [.init("table.applications.row-sum", 54), .init("table.applications.row-sum", 77)],
                message: ["总计填报 1，各类申请人之和为 0"], expected: "0", actual: "1"),
        Fixture(path: "table.applications.balance.txt", seed: seed001, rule: "table.applications.balance",
                added: [.init("table.applications.balance", 339), .init("table.applications.balance", 345)],
                message: ["新收与上年结转之和为 1，办理结果总计与结转下年之和为 2"], expected: "2", actual: "1"),
        Fixture(path: "table.applications.outcome-sum.txt", seed: seed001, rule: "table.applications.outcome-sum",
                added: [.init("table.applications.outcome-sum", 339), .init("table.applications.outcome-sum", 345)],
                message: ["办理结果总计填报 1，各项办理结果之和为 2"], expected: "2", actual: "1"),
        Fixture(path: "table.review.sum.txt", seed: seed003, rule: "table.review.sum",
                added: [.init("table.review.sum", 86)],
                message: ["「行政复议」：总计填报 0，各项结果之和为 1"], expected: "1", actual: "0"),
        Fixture(path: "table.value.invalid.txt", seed: seed003, rule: "table.value.invalid",
                added: [.init("table.value.invalid", 36)],
                message: ["「行政规范性文件·本年废止件数」填写「-1」，应为非负整数"]),
        Fixture(path: "table.value.invalid.text-cell.txt", seed: seed003, rule: "table.value.invalid",
                added: [.init("table.value.invalid", 43)],
                message: ["「行政强制·本年处理决定数量」填写「无」"]),
        Fixture(path: "table.damaged-row.txt", seed: seed002, rule: "table.damaged-row",
                added: [.init("table.damaged-row", 53)],
                message: ["数字连在一起（1000001），已按勾稽关系拆分为 1、0、0、0、0、0、1"]),

        // Narrative against the tables.
        Fixture(path: "narrative.breakdown-exceeds-total.txt", seed: seed003, rule: "narrative.breakdown-exceeds-total",
                added: [.init("narrative.breakdown-exceeds-total", 21)],
                message: ["共 126 条，其中各分项合计 510 条（8 + 237 + 125 + 140），超出总数 384 条"],
                expected: "126", actual: "510"),
        Fixture(path: "narrative.no-requests-vs-table.txt", seed: seed001, rule: "narrative.no-requests-vs-table",
                added: [.init("narrative.no-requests-vs-table", 15)],
                message: ["「未收到政府信息公开申请」", "总计为 1 件"], actual: "1"),
        Fixture(path: "narrative.request-count-vs-table.txt", seed: seed001, rule: "narrative.request-count-vs-table",
                added: [.init("narrative.request-count-vs-table", 15)],
                message: ["收到政府信息公开申请 2 件，表二本年新收总计为 1 件（加上年结转为 1 件）"],
                expected: "1", actual: "2"),
        Fixture(path: "narrative.no-review-vs-table.txt", seed: seed001, rule: "narrative.no-review-vs-table",
                added: [.init("narrative.no-review-vs-table", 15)],
                message: ["「未引起行政复议和行政诉讼」", "行政复议 1 件、行政诉讼 0 件"]),
        Fixture(path: "narrative.no-normative-docs-vs-table.txt", seed: seed001, rule: "narrative.no-normative-docs-vs-table",
                added: [.init("narrative.no-normative-docs-vs-table", 17)],
                message: ["「未制发规范性文件」", "本年制发 1 件"], actual: "1"),
        Fixture(path: "narrative.outcome-count-vs-table.txt", seed: seed001, rule: "narrative.outcome-count-vs-table",
                added: [.init("narrative.outcome-count-vs-table", 15)],
                message: ["予以公开 1 件，表二相应各行总计为 0 件"], expected: "0", actual: "1"),
        Fixture(path: "narrative.review-result-vs-table.txt", seed: seed001, rule: "narrative.review-result-vs-table",
                added: [.init("narrative.review-result-vs-table", 15)],
                message: ["「均获维持」", "结果纠正 1 件、其他结果 0 件、尚未审结 0 件"]),
        Fixture(path: "narrative.in-force-vs-table.txt", seed: seed001, rule: "narrative.in-force-vs-table",
                added: [.init("narrative.in-force-vs-table", 17)],
                message: ["现行有效规范性文件 3 件，表一为 0 件"], expected: "0", actual: "3"),

        // Years.
        Fixture(path: "year.title-vs-period.txt", seed: seed001, rule: "year.title-vs-period",
                added: [.init("year.title-vs-period", 8)],
                message: ["标题所写年度为 2024 年，统计期限却是 2023 年"], expected: "2024", actual: "2023"),
        Fixture(path: "year.title-vs-period.period-wording.txt", seed: seed003, rule: "year.title-vs-period",
                added: [.init("year.title-vs-period", 5)],
                message: ["标题所写年度为 2024 年，统计期限却是 2023 年"], expected: "2024", actual: "2023"),
        Fixture(path: "year.text-mentions-other-year.txt", seed: seed003, rule: "year.text-mentions-other-year",
                added: [.init("year.text-mentions-other-year", 9)],
                message: ["报告年度为 2024 年，正文却以 2023 年作为本年度叙述：「2023 年，」"],
                expected: "2024", actual: "2023"),
        Fixture(path: "year.metadata-vs-text/2023.txt", seed: seed001, rule: "year.metadata-vs-text",
                added: [.init("year.metadata-vs-text", 2)],
                message: ["语料把本报告归入 2023 年", "报告所写年度却是 2024 年"], expected: "2023", actual: "2024"),
        Fixture(path: "year.late-publication.txt", seed: seed000, rule: "year.late-publication",
                added: [.init("year.late-publication", 113)],
                message: ["落款日期为 2025年2月20日", "法定期限 2025年1月31日"],
                expected: "2025年1月31日", actual: "2025年2月20日"),

        // Structure.
        Fixture(path: "structure.missing-section.txt", seed: seed003, rule: "structure.missing-section",
                added: [.init("structure.missing-section", nil)],
                message: ["报告缺少「六、其他需要报告的事项」部分"]),
        Fixture(path: "structure.missing-table.txt", seed: seed003, rule: "structure.missing-table",
                added: [.init("structure.missing-table", nil)],
                message: ["未找到「政府信息公开行政复议、行政诉讼情况」表"]),
        Fixture(path: "structure.missing-cell.txt", seed: seed003, rule: "structure.missing-cell",
                added: [.init("structure.missing-cell", 42)],
                message: ["「行政处罚」未填写：本年处理决定数量。"]),
        Fixture(path: "structure.nonstandard-label.txt", seed: seed003, rule: "structure.nonstandard-label",
                added: [.init("structure.nonstandard-label", 61)],
                message: ["行标题写作「5. 属于三类内部事物信息」，标准表述为「5.属于三类内部事务信息」"]),
        Fixture(path: "structure.missing-title-metadata.txt", seed: seed001, rule: "structure.missing-title-metadata",
                added: [.init("structure.missing-title-metadata", 1)],
                message: ["标题「济宁市兖州区卫生健康局 政府信息公开工作年度报告」缺少年度"]),
        Fixture(path: "structure.unit-anomaly.txt", seed: seed003, rule: "structure.unit-anomaly",
                added: [.init("structure.unit-anomaly", 45)],
                message: ["计量单位写作「元」，应为「万元」"]),
    ]

    static func brokenPath(_ path: String) -> String {
        TestFiles.root.appendingPathComponent("Fixtures/broken").appendingPathComponent(path).path
    }

    static func loadRules() throws -> [Rule] {
        try RuleLoader.load(paths: [TestFiles.root.appendingPathComponent("rules").path])
    }

    @Test("each fixture gives exactly its seed's findings plus the broken rule's", arguments: fixtures)
    func fixtureFindings(_ fixture: Fixture) throws {
        let path = Self.brokenPath(fixture.path)
        let report = try Corpus.load(path).get().report
        let audit = Engine(rules: try Self.loadRules()).audit(report)
        #expect(audit.failures.isEmpty, "\(audit.failures)")

        let found = audit.findings.map { Expected($0.rule, $0.line) }.sorted()
        let expected = (Self.seedFindings[fixture.seed]! + fixture.added).sorted()
        let broken = audit.findings.filter { $0.rule == fixture.rule }

        #expect(found == expected, "\(fixture.path): found \(found), expected \(expected)")
        #expect(broken.count == fixture.added.count)
        for finding in broken {
            for text in fixture.message {
                #expect(finding.message.contains(text), "\(fixture.path): 「\(finding.message)」 lacks 「\(text)」")
            }
            if let value = fixture.expected { #expect(finding.expected?.description == value) }
            if let value = fixture.actual { #expect(finding.actual?.description == value) }
        }
    }

    @Test("every finding points at a non-blank line of its fixture", arguments: fixtures)
    func findingLinesHoldTheirText(_ fixture: Fixture) throws {
        let report = try Corpus.load(Self.brokenPath(fixture.path)).get().report
        let audit = Engine(rules: try Self.loadRules()).audit(report)
        for finding in audit.findings {
            guard let line = finding.line else { continue }
            let text = report.line(line)
            #expect(!text.trimmingCharacters(in: .whitespaces).isEmpty,
                    "\(fixture.path): \(finding.rule) points at blank line \(line)")
        }
    }

    @Test("every single-report rule in rules/ has its main fixture, and every fixture file is listed")
    func everyRuleHasAFixture() throws {
        // Rules about the corpus as a whole (corpus.*) need several files: they are tested with corpus fixtures.
        let ids = Set(try Self.loadRules().filter { $0.scope == .report && !$0.id.hasPrefix("corpus.") }.map(\.id))
        let mains = Set(Self.fixtures.filter { $0.path == $0.rule + ".txt" || $0.path.hasPrefix($0.rule + "/") }.map(\.rule))
        #expect(ids.count == 24)
        #expect(mains == ids, "rules without a main fixture: \(ids.subtracting(mains).sorted())")

        let folder = TestFiles.root.appendingPathComponent("Fixtures/broken").path
        let files = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
            .filter { $0.hasSuffix(".txt") }
        #expect(Set(files) == Set(Self.fixtures.map(\.path)))
    }

    @Test("the untouched seeds give exactly the findings the fixtures build on", arguments: TestFiles.seedNames)
    func seedFindingsAreAsListed(_ name: String) throws {
        let report = try Corpus.load(TestFiles.root.appendingPathComponent("Fixtures/seeds/" + name).path).get().report
        let audit = Engine(rules: try Self.loadRules()).audit(report)
        #expect(audit.findings.map { Expected($0.rule, $0.line) }.sorted() == Self.seedFindings[name]!.sorted())
    }
}
