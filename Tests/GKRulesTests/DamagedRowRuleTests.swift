import Foundation
import GKModel
import GKParse
import GKRules
import GKTestSupport
import Testing

/// `table.damaged-row` on seed 002 with its 新收 row damaged as crawlers leave it.
@Suite("Damaged rows rule")
struct DamagedRowRuleTests {
    /// Seed 002 with 新收, 予以公开 and 总计 all `values`, then 新收 written as `written`; 结转下年 left blank if asked.
    static func seed002(requests values: [Int], newWritten written: String, carriedOverBlank: Bool = false,
                        received: Int? = nil) throws -> Report {
        let name = TestFiles.seedNames.first { $0.hasPrefix("002") }!
        var lines = try String(contentsOf: TestFiles.root.appendingPathComponent("Fixtures/seeds/" + name), encoding: .utf8)
            .components(separatedBy: "\n")
        /// The row whose line holds `label` with its numbers replaced by `cells`.
        func rewrite(_ label: String, _ cells: [String]) {
            let index = lines.firstIndex { $0.contains(label) }!
            let parts = lines[index].components(separatedBy: "\t")
            let first = parts.firstIndex { !$0.isEmpty && $0.allSatisfy(\.isNumber) }!
            lines[index] = (parts[..<first] + cells).joined(separator: "\t")
        }
        for label in ["一、本年新收政府信息公开申请数量", "(一) 予以公开", "(七) 总计"] { rewrite(label, values.map(String.init)) }
        if carriedOverBlank { rewrite("四、结转下年度继续办理", []) }
        rewrite("一、本年新收政府信息公开申请数量", [written])
        if let received {
            // The seed's 共收到政府信息公开申请 / 1 件 (a blank line between).
            let index = lines.firstIndex { $0.hasPrefix("1 件，") }!
            lines[index] = "\(received)" + lines[index].dropFirst()
        }
        return ReportParser.parse(text: lines.joined(separator: "\n"), file: name)
    }

    static func findings(_ report: Report) -> [Finding] {
        Engine(rules: BuiltInRules.all).audit(report).findings.filter { $0.rule == "table.damaged-row" }
    }

    @Test("a row split back is a warning naming the split, on the row's line")
    func recovered() throws {
        let report = try Self.seed002(requests: [80, 1, 0, 0, 0, 0, 81], newWritten: "801000081")
        let findings = Self.findings(report)
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.line == 53)
        #expect(findings.first?.message
                == "第53行「一、本年新收政府信息公开申请数量」数字连在一起（801000081），已按勾稽关系拆分为 80、1、0、0、0、0、81，请核对原表。")
        // The row reads as the table had it: no other finding about it.
        let others = Engine(rules: BuiltInRules.all).audit(report).findings.filter { $0.line == 53 && $0.rule != "table.damaged-row" }
        #expect(others.isEmpty, "\(others.map(\.message))")
    }

    @Test("a row with several splits is an error listing them")
    func ambiguous() throws {
        let report = try Self.seed002(requests: [10, 1, 0, 0, 0, 0, 11], newWritten: "101000011", carriedOverBlank: true)
        let findings = Self.findings(report)
        #expect(findings.map(\.severity) == [.error])
        #expect(findings.first?.message == "第53行「一、本年新收政府信息公开申请数量」数字连在一起（101000011），无法唯一拆分，"
                + "可能为：1、0、10、0、0、0、11；10、1、0、0、0、0、11。该行按缺失处理，请核对原表。")
    }

    @Test("a row no split fits is an error")
    func unreadable() throws {
        let report = try Self.seed002(requests: [80, 1, 0, 0, 0, 0, 81], newWritten: "801000082")
        #expect(Self.findings(report).map(\.message)
                == ["第53行「一、本年新收政府信息公开申请数量」数字连在一起（801000082），没有符合勾稽关系的拆分方式，该行按缺失处理，请核对原表。"])
        #expect(Self.findings(report).map(\.severity) == [.error])
    }

    @Test("a split the text chose says so")
    func chosenByText() throws {
        let report = try Self.seed002(requests: [45, 2, 45, 100, 10, 45, 247], newWritten: "452451001045247",
                                      carriedOverBlank: true, received: 247)
        let findings = Self.findings(report)
        #expect(findings.map(\.severity) == [.warning])
        #expect(findings.first?.message == "第53行「一、本年新收政府信息公开申请数量」数字连在一起（452451001045247），"
                + "已按勾稽关系及正文「收到政府信息公开申请247 件」拆分为 45、2、45、100、10、45、247，请核对原表。")
    }

    @Test("no finding on the seeds", arguments: TestFiles.seedNames)
    func seeds(name: String) throws {
        #expect(Self.findings(try fixtureReport("Fixtures/seeds/" + name)).isEmpty)
    }
}
