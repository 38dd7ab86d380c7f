import Foundation
import GKModel
import GKParse
import GKRules
import Testing

/// The compiled form of rules (expressions compiled once, schema calls made in advance, cells read
/// recorded only for findings) gives what the expressions say, observed through whole audits.
@Suite("Compiled rules")
struct CompiledPlanTests {
    static func audit(_ keys: String, cells: String = "{}", overview: String = "") throws -> ReportAudit {
        try auditExample(rule: keys, cells: cells, overview: overview)
    }

    static func messages(_ keys: String, cells: String = "{}", overview: String = "") throws -> [String] {
        try audit(keys, cells: cells, overview: overview).findings.map(\.message)
    }

    @Test("schema calls made in advance list what the report's format has, as cell patterns do")
    func schemaCalls() throws {
        #expect(try Self.messages("""
            condition: 'false'
            message: '{count(cells("applications")) == count(applications.*.*)} {count(rows("applications"))} {join(columns("applications", "new"), ",") == join(columns("applications", "outcome_total"), ",")} {count(tables())}'
            """) == ["是 25 是 3"])
    }

    @Test("a schema call with a wrong argument still fails where it runs, not when the rule is loaded")
    func schemaCallFailure() throws {
        let audit = try Self.audit("condition: 'count(rows(\"nope\")) == 0'\nmessage: m")
        #expect(audit.findings.isEmpty)
        #expect(audit.failures.map(\.message) == ["没有名为 nope 的表（disclosure、applications、review_litigation）"])
    }

    @Test("a finding names the cells its expected value, else its condition, read")
    func terms() throws {
        let cells = "{applications.new: [3, 0, 0, 0, 0, 0, 3]}"
        #expect(try Self.messages("""
            actual: applications.new.total
            expected: applications.new.natural_person - 1
            message: '{terms}'
            """, cells: cells) == ["自然人 3"])
        #expect(try Self.messages("condition: 'applications.new.natural_person == 0'\nmessage: '{terms}'", cells: cells)
            == ["自然人 3"])
        let finding = try Self.audit("""
            actual: applications.new.total
            expected: applications.new.total + 1
            subject: applications.new.total
            message: '{actual} {expected} {difference}'
            """, cells: cells).findings
        #expect(finding.map(\.message) == ["3 4 -1"])
        #expect(finding.first?.terms.map(\.cell.description) == ["applications.new.total"])
    }

    @Test("loop variables in cell paths, blanks in when and in negations, exact decimals")
    func evaluation() throws {
        #expect(try Self.messages("""
            for_each:
              row: '["new", "carried_in"]'
            condition: 'applications.$row.total == 0'
            message: '{$row} {applications.$row.total}'
            """, cells: "{applications.new.total: 2, applications.carried_in.total: 5}") == ["new 2", "carried_in 5"])
        let blank = try Self.audit("""
            when: '!(applications.new.total == 1)'
            condition: 'false'
            message: m
            """, cells: "{applications.new.total: null}")
        #expect(blank.findings.isEmpty)
        #expect(blank.skipped.map(\.missing) == [[CellPath(table: .applications, row: "new", column: "total")]])
        #expect(try Self.messages("condition: '7 / 2 == 3.5 && 0.1 * 3 == 0.3 && round(2.675, 2) == 2.68 && -(0 - 2) == 2'\nmessage: m")
            .isEmpty)
    }

    @Test("a sentence is passed over where one alternative of `unless` matches, and only there")
    func unlessAlternatives() throws {
        let rule = """
            pattern: '(?<year>20[0-9]{2})年'
            unless: '将|计划|下一步'
            condition: 'false'
            message: '{match}'
            """
        #expect(try Self.messages(rule, overview: "2023年，我局完成了工作。").contains("2023年"))
        #expect(try !Self.messages(rule, overview: "2023年，我局计划完成工作。").contains("2023年"))
        #expect(try !Self.messages(rule, overview: "下一步，2023年完成工作。").contains("2023年"))
    }

    @Test("a cell's kind compared with a literal, either way round, as the comparison of texts would")
    func kindTests() throws {
        #expect(try Self.messages("""
            condition: 'false'
            message: '{kind(disclosure.fees.amount) == "amount"} {"amount" != kind(disclosure.fees.amount)} {kind(applications.new.total) == "amount"} {kind(applications.new.total) != "nope"} {kind(applications.new.total) == "count"}'
            """) == ["是 否 否 是 是"])
        // A blank cell still has its kind; a cell the format lacks has none, and the comparison is unknown.
        #expect(try Self.messages("condition: 'kind(applications.new.total) == \"count\"'\nmessage: m",
                                  cells: "{applications.new.total: null}").isEmpty)
        let unknown = try Self.audit("""
            for_each:
              row: '["nope"]'
            condition: 'kind(applications.$row.total) == "count"'
            message: m
            """)
        #expect(unknown.findings.isEmpty && unknown.skipped.isEmpty && unknown.failures.isEmpty)
        #expect(try Self.audit("condition: 'kind(1) == \"count\"'\nmessage: m").failures.map(\.message)
            == ["kind 需要单元格，实为「数字」"])
    }

    @Test("has_table of a known table, of a number, of a wrong name")
    func hasTable() throws {
        #expect(try Self.messages("condition: 'false'\nmessage: '{has_table(\"applications\")} {has_table(\"review_litigation\")}'")
            == ["是 是"])
        #expect(try Self.audit("condition: 'has_table(\"applicationz\")'\nmessage: m").failures.map(\.message)
            == ["没有名为 applicationz 的表（disclosure、applications、review_litigation）"])
        #expect(try Self.audit("condition: 'has_table(12)'\nmessage: m").failures.map(\.message)
            == ["没有名为 12 的表（disclosure、applications、review_litigation）"])
    }

    @Test("integer arithmetic and comparison, and what overflows into decimals")
    func integers() throws {
        #expect(try Self.messages("""
            condition: 'false'
            message: '{7 - 9} {6 * 7} {7 / 2} {3 <= 3} {3 != 3} {9223372036854775807 + 1} {9223372036854775807 + 1 > 9223372036854775807}'
            """) == ["-2 42 3.5 是 否 9223372036854775808 是"])
    }

    @Test("sums and lists of cell patterns with a loop variable in the row or the column: exact, or unknown with every blank cell")
    func cellPatterns() throws {
        let cells = "{applications.new: [3, 1, 0, 0, 0, 1, 5], applications.granted: [1, null, 0, 0, 0, null, 2], disclosure.fees.amount: \"0.35\"}"
        #expect(try Self.messages("""
            for_each:
              row: '["new", "nope"]'
            condition: 'false'
            message: '{$row} {sum(applications.$row.natural_person..other_org)} {count(applications.$row.*)} {sum(disclosure.*.amount) + 0.65}'
            """, cells: cells) == ["new 5 7 1", "nope 0 0 1"])
        let blank = try Self.audit("""
            for_each:
              column: '["business", "other_org", "nope"]'
            condition: 'sum(applications.new..granted.$column) == 0'
            message: '{$column}'
            """, cells: cells)
        #expect(blank.findings.isEmpty && blank.failures.isEmpty)
        #expect(blank.skipped.map { $0.missing.map(\.description) }
            == [["applications.granted.business"], ["applications.granted.other_org"]])
        #expect(try Self.audit("""
            for_each:
              row: '[1]'
            condition: 'sum(applications.$row.*) == 0'
            message: m
            """).failures.map(\.message) == ["循环变量 $row 不是行、列或分组的 ID"])
    }
}
