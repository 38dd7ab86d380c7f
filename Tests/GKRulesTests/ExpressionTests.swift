import Foundation
import GKModel
import GKParse
import GKRules
import Testing

/// The expression language, observed through small rules run on example reports.
@Suite("Expressions")
struct ExpressionTests {
    /// Runs a one-check rule (condition) on a report built from `cells` and returns the finding messages.
    static func messages(condition: String, message: String = "{actual}", actual: String? = nil,
                         cells: String = "{}", extra: String = "") throws -> [String] {
        try auditExample(rule: """
            condition: '\(condition)'
            \(actual.map { "actual: '\($0)'" } ?? "")
            message: '\(message)'
            \(extra)
            """, cells: cells).findings.map(\.message)
    }

    @Test("amounts are exact decimals: 0.1 + 0.2 == 0.3")
    func decimals() throws {
        #expect(try Self.messages(condition: "0.1 + 0.2 == 0.3").isEmpty)
        #expect(try Self.messages(condition: "0.1 + 0.2 > 0.3 || 0.1 + 0.2 < 0.3", message: "unequal") == ["unequal"])
        #expect(try Self.messages(condition: "disclosure.fees.amount != 0.35", actual: "disclosure.fees.amount * 3",
                                  cells: "{disclosure.fees.amount: \"0.35\"}") == ["1.05"])
    }

    @Test("a blank cell makes the check unknown: no finding, however it is combined")
    func unknown() throws {
        let blank = "{applications.new.total: null}"
        #expect(try Self.messages(condition: "applications.new.total == 99", cells: blank).isEmpty)
        #expect(try Self.messages(condition: "sum(applications.new.*) == 99", cells: blank).isEmpty)
        // false && unknown is false: the finding is certain.
        #expect(try Self.messages(condition: "1 == 2 && applications.new.total == 0", message: "x", cells: blank) == ["x"])
        // true || unknown is true.
        #expect(try Self.messages(condition: "1 == 1 || applications.new.total == 0", cells: blank).isEmpty)
        #expect(try Self.messages(condition: "present(applications.new.total)", message: "blank", cells: blank) == ["blank"])
    }

    @Test("ranges, wildcards, maps, the conditional and text joining")
    func syntax() throws {
        let cells = "{applications.granted: [1, 0, 0, 0, 0, 0, 1], applications.denied_law: [2, 0, 0, 0, 0, 0, 2]}"
        #expect(try Self.messages(condition: "false", actual: "sum(applications.granted..other_misc.total)", cells: cells)
            == ["3"])
        #expect(try Self.messages(condition: "false", actual: "count(applications.*.total)") == ["25"])
        // Only the chosen entry of a map is evaluated: the blank cell under "b" does not matter.
        #expect(try Self.messages(condition: "false", actual: "{\"a\": 1, \"b\": applications.new.total}[\"a\"]",
                                  cells: "{applications.new.total: null}") == ["1"])
        #expect(try Self.messages(condition: "false", message: "{1 > 2 ? \"是\" : \"否\" + report.year}") == ["否2024"])
    }

    @Test("Chinese numerals are read as numbers")
    func chineseNumbers() throws {
        #expect(try Self.messages(condition: "false", actual: "number(\"两\") + number(\"十二\") + number(\"一百零五\")")
            == ["119"])
        #expect(try Self.messages(condition: "false", actual: "join(numbers(\"共三条，其中一条、两条。\", \"条\"), \"+\")")
            == ["3+1+2"])
    }
}
