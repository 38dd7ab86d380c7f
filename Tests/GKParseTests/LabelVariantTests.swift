import Foundation
import GKModel
@testable import GKParse
import Testing

/// Synthetic tables made by editing seed text: table 2 given distinct values, labels rewritten.
enum Synthetic {
    static let columns = Schema.applicantColumns.map(\.id)
    static let rows = Schema.table(.applications, format: .v2021).rows.map(\.id)

    /// Distinct values for every row of table 2 that satisfy all of the table's identities.
    static let values: [String: [Int]] = {
        var result: [String: [Int]] = [:]
        let outcomes = Schema.outcomeRows(format: .v2021)
        for (index, row) in outcomes.enumerated() {
            let k = index + 1
            let parts = [k, k % 3, 0, k % 7 == 0 ? 2 : 0, k % 5 == 0 ? 1 : 0, k % 11 == 0 ? 1 : 0]
            result[row] = parts + [parts.reduce(0, +)]
        }
        let total = (0..<7).map { c in outcomes.reduce(0) { $0 + result[$1]![c] } }
        result["outcome_total"] = total
        result["carried_in"] = [2, 0, 0, 0, 0, 0, 2]
        result["carried_over"] = [3, 1, 0, 0, 0, 0, 4]
        result["new"] = (0..<7).map { total[$0] + result["carried_over"]![$0] - result["carried_in"]![$0] }
        return result
    }()

    /// The text with the numeric cells of `lines` (1-based, tab-separated) replaced, in reading order,
    /// by the values of table 2, row after row.
    static func withValues(_ text: String, lines range: ClosedRange<Int>) -> String {
        var flat = rows.flatMap { values[$0]! }[...]
        var lines = text.lfLines
        for number in range {
            let cells = lines[number - 1].components(separatedBy: "\t").map { cell -> String in
                let trimmed = cell.trimmingCharacters(in: .whitespaces)
                guard !trimmed.isEmpty, trimmed.allSatisfy(\.isASCII), Int(trimmed) != nil else { return cell }
                return cell.replacingOccurrences(of: trimmed, with: String(flat.popFirst()!))
            }
            lines[number - 1] = cells.joined(separator: "\t")
        }
        precondition(flat.isEmpty, "\(flat.count) values left over")
        return lines.joined(separator: "\n")
    }

    /// Seed 002 (a table row per line, rows on lines 53…77) with the synthetic values.
    static func seed002() throws -> String { withValues(try Fixtures.seedText("002"), lines: 53...77) }

    /// Seed 001 (one cell per line, rows on lines 89…354) with the synthetic values.
    static func seed001() throws -> String { withValues(try Fixtures.seedText("001"), lines: 89...354) }

    /// Expects every cell of table 2 to hold the synthetic values.
    static func expectValues(_ report: Report, except: Set<String> = [], context: String = "",
                             sourceLocation: SourceLocation = #_sourceLocation) {
        for row in rows {
            for (column, value) in zip(columns, values[row]!) where !except.contains("\(row).\(column)") {
                let cell = report.table(.applications).cell(row: row, column: column)
                #expect(cell.value == .integer(value), "\(context) \(row).\(column) = \(String(describing: cell.value)), expected \(value)",
                        sourceLocation: sourceLocation)
            }
        }
    }

    /// Replaces regex matches in lines `range` only.
    static func rewrite(_ text: String, lines range: ClosedRange<Int>, _ pattern: String, _ template: String) -> String {
        let regex = try! NSRegularExpression(pattern: pattern)
        var lines = text.lfLines
        for number in range {
            let line = lines[number - 1]
            lines[number - 1] = regex.stringByReplacingMatches(in: line, range: NSRange(line.startIndex..., in: line),
                                                               withTemplate: template)
        }
        return lines.joined(separator: "\n")
    }
}

@Suite("Label variants")
struct LabelVariantTests {
    @Test("the synthetic values satisfy the identities and are read back exactly, in both tab layouts")
    func syntheticBaseline() throws {
        let v = Synthetic.values
        for row in Synthetic.rows { #expect(v[row]![6] == v[row]![0..<6].reduce(0, +), "\(row)") }
        // 21 outcome rows: 自然人 1…21 (231), then 新收 = 231 + 3 (结转下年) − 2 (上年结转).
        #expect(Schema.outcomeRows(format: .v2021).count == 21)
        #expect(v["outcome_total"]!.first! == 231)
        #expect(v["new"]!.first! == 232)
        let r002 = ReportParser.parse(text: try Synthetic.seed002(), file: "002")
        Synthetic.expectValues(r002, context: "002")
        #expect(r002.cell(CellPath("applications.denied_third_party.natural_person")!).line == 60)
        let r001 = ReportParser.parse(text: try Synthetic.seed001(), file: "001")
        Synthetic.expectValues(r001, context: "001")
        #expect(r001.table(.applications).notes.isEmpty)
    }

    struct Numbering: Sendable, CustomTestStringConvertible {
        let name: String
        /// Template for `(一)` items, `$1` the numeral.
        let group: String
        /// Template for `1.` items, `$1` the digit.
        let item: String
        var testDescription: String { name }
    }

    static let numberings = [
        Numbering(name: "（一） and 1.", group: "（$1）", item: "$1."),
        Numbering(name: "(一) and 1、", group: "($1)", item: "$1、"),
        Numbering(name: "一、 and 1．", group: "$1、", item: "$1．"),
        Numbering(name: "（一） and （1）", group: "（$1）", item: "（$1）"),
        Numbering(name: "(一) and (1)", group: "($1) ", item: "($1) "),
        Numbering(name: "一、 and 1)", group: "$1、", item: "$1)"),
        Numbering(name: "no numbering", group: "", item: ""),
    ]

    @Test("numbering variants of table 2's labels", arguments: numberings)
    func numberingVariants(numbering: Numbering) throws {
        var text = try Synthetic.seed002()
        text = Synthetic.rewrite(text, lines: 53...77, #"\(([一二三四五六七])\) ?"#, numbering.group)
        text = Synthetic.rewrite(text, lines: 53...77, #"(?<![0-9])([1-8])\. "#, numbering.item)
        let line57 = text.lfLines[56]
        #expect(!line57.contains("1. 属于"), "rewritten: \(line57)")
        let report = ReportParser.parse(text: text, file: numbering.name)
        Synthetic.expectValues(report, context: numbering.name)
        #expect(report.table(.applications).notes.isEmpty)
        #expect(report.table(.applications).rows.count == 25)
        // The label as written, with the numbering written.
        let secret = report.table(.applications).rows["denied_secret"]?.label
        #expect(secret?.line == 57)
        #expect(secret?.text.hasSuffix("属于国家秘密") == true)
        #expect(secret?.text == numbering.item.replacingOccurrences(of: "$1", with: "1") + "属于国家秘密")
    }

    @Test("full-width punctuation in a table written with ASCII punctuation (seed 002)")
    func fullWidthPunctuation() throws {
        var text = try Synthetic.seed002()
        for (ascii, wide) in [("(", "（"), (") ", "）"), (")", "）"), (", ", "，"), (": ", "："), (". ", "．")] {
            text = Synthetic.rewrite(text, lines: 50...77, NSRegularExpression.escapedPattern(for: ascii), wide)
        }
        #expect(text.lfLines[55].contains("（二）部分公开（区分处理的，只计这一情形，不计其他情形）"))
        let report = ReportParser.parse(text: text, file: "wide")
        Synthetic.expectValues(report)
        #expect(report.table(.applications).rows["partial"]?.label?.text == "（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
        #expect(report.table(.applications).rows["denied_law"]?.label?.text == "2．其他法律行政法规禁止公开")
    }

    @Test("ASCII punctuation in a table written with full-width punctuation (seed 001, one cell per line)")
    func asciiPunctuation() throws {
        var text = try Synthetic.seed001()
        for (wide, ascii) in [("（", "("), ("）", ")"), ("，", ","), ("“", "\""), ("”", "\"")] {
            text = Synthetic.rewrite(text, lines: 70...354, NSRegularExpression.escapedPattern(for: wide), ascii)
        }
        let report = ReportParser.parse(text: text, file: "ascii")
        Synthetic.expectValues(report)
        #expect(report.table(.applications).rows["denied_safety"]?.label?.text == "3.危及\"三安全一稳定\"")
        #expect(report.table(.applications).rows["granted"]?.label?.text == "(一)予以公开")
    }

    @Test("typos in row labels: values still placed, labels kept as written", arguments: [
        ("1. 属于国家秘密", "1. 属于国家密秘", "denied_secret"),
        ("4. 保护第三方合法权益", "4. 保护第三方合法权利", "denied_third_party"),
        ("7. 属于行政执法案卷", "7. 属于行政执法卷宗", "denied_enforcement"),
        ("2. 重复申请", "2. 重复申清", "rejected_duplicate"),
    ])
    func typos(original: String, typo: String, row: String) throws {
        let text = try Synthetic.seed002().replacingOnce(original, with: typo)
        let report = ReportParser.parse(text: text, file: "typo")
        Synthetic.expectValues(report, context: typo)
        #expect(report.table(.applications).rows[row]?.label?.text == typo)
    }

    @Test("both typos at once, in the one-cell-per-line layout")
    func typosCellPerLine() throws {
        let text = try Synthetic.seed001()
            .replacingOnce("\t1.属于国家秘密", with: "\t1.属于国家密秘")
            .replacingOnce("\t4.保护第三方合法权益", with: "\t4.保护第三方合法权利")
        let report = ReportParser.parse(text: text, file: "typo")
        Synthetic.expectValues(report)
        #expect(report.table(.applications).rows["denied_secret"]?.label == WrittenLabel("1.属于国家密秘", line: 129))
        #expect(report.table(.applications).rows["denied_third_party"]?.label == WrittenLabel("4.保护第三方合法权利", line: 162))
    }

    @Test("a label broken over two lines in the one-cell-per-line layout")
    func brokenLabel() throws {
        let text = try Synthetic.seed001().replacingOnce("\t4.保护第三方合法权益\n", with: "\t4.保护第三方\n合法权益\n")
        let report = ReportParser.parse(text: text, file: "broken")
        Synthetic.expectValues(report)
        #expect(report.table(.applications).rows["denied_third_party"]?.label == WrittenLabel("4.保护第三方合法权益", line: 162))
        // The cells after the break are one line further down.
        #expect(report.cell(CellPath("applications.denied_third_party.natural_person")!).line == 164)
        #expect(report.cell(CellPath("applications.denied_internal.natural_person")!).line == 175)
        // A label broken in two places.
        let twice = try Synthetic.seed001().replacingOnce("\t1.本机关不掌握相关政府信息\n", with: "\t1.本机关不\n掌握相关\n政府信息\n")
        let r2 = ReportParser.parse(text: twice, file: "twice")
        Synthetic.expectValues(r2)
        #expect(r2.table(.applications).rows["unavailable_not_held"]?.label?.text == "1.本机关不掌握相关政府信息")
    }

    @Test("a blank cell in the middle of a tab row is missing; the others stay in their columns")
    func blankCellInRow() throws {
        // 一、本年新收 on line 53: "…数量\t\t254\t…": blank its third number (科研机构).
        var cells = try Synthetic.seed002().lfLines[52].components(separatedBy: "\t")
        #expect(cells[4] == "0")
        cells[4] = ""
        let text = try Synthetic.seed002().replacingLine(53, with: cells.joined(separator: "\t"))
        let report = ReportParser.parse(text: text, file: "blank")
        #expect(report.cell(CellPath("applications.new.research")!).isMissing)
        #expect(report.cell(CellPath("applications.new.research")!).line == 53)
        Synthetic.expectValues(report, except: ["new.research"])
        #expect(report.table(.applications).notes.isEmpty)

        // Blank and placeholder cells in table 1: 规章 with a blank 本年废止件数 (missing), or a dash, a slash
        // or 无 (written, not a number: kept as text, for table.value.invalid to report).
        for placeholder in ["", "-", "—", "/", "无", "－"] {
            let t1 = try Fixtures.seedText("003").replacingOnce("规章\t0\t0\t0", with: "规章\t3\t\(placeholder)\t7")
            let r1 = ReportParser.parse(text: t1, file: "t1")
            #expect(r1.cell(CellPath("disclosure.regulations.issued")!).value == .integer(3), "“\(placeholder)”")
            let repealed = r1.cell(CellPath("disclosure.regulations.repealed")!)
            #expect(repealed.value == (placeholder.isEmpty ? nil : .text(placeholder)), "“\(placeholder)”")
            #expect(r1.cell(CellPath("disclosure.regulations.in_force")!).value == .integer(7), "“\(placeholder)”")
        }
    }

    @Test("a blank cell in the one-cell-per-line layout")
    func blankCellCellPerLine() throws {
        // 001's 一、本年新收 cells are lines 90…96; blank line 92 (科研机构), keeping its tab.
        let text = try Synthetic.seed001().replacingLine(92, with: "\t")
        let report = ReportParser.parse(text: text, file: "blank")
        #expect(report.cell(CellPath("applications.new.research")!).isMissing)
        #expect(report.cell(CellPath("applications.new.social_org")!).line == 93)
        Synthetic.expectValues(report, except: ["new.research"])
    }

    @Test("seed 002: 一、本年新收 without its 总计: total missing, the identities keep 自然人 at 1")
    func lostTotal() throws {
        let text = try Fixtures.seedText("002")
            .replacingOnce("一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t1\t", with: "一、本年新收政府信息公开申请数量\t\t1\t0\t0\t0\t0\t0\t")
        let report = ReportParser.parse(text: text, file: "lost")
        #expect(report.cell(CellPath("applications.new.total")!).isMissing)
        #expect(report.cell(CellPath("applications.new.natural_person")!).value == .integer(1))
        #expect(report.cell(CellPath("applications.new.natural_person")!).line == 53)
        for column in ["business", "research", "social_org", "legal_service", "other_org"] {
            #expect(report.table(.applications).cell(row: "new", column: column).value == .integer(0), "\(column)")
        }
        // Everything else as in the seed.
        let expected = ExpectedReport.forFile("002")
        for (path, value) in expected.cells where path.description != "applications.new.total" {
            #expect(report.cell(path).value == value.map(CellValue.integer), "\(path)")
        }
    }

    @Test("synthetic: a row that lost its 总计 where only the identities can tell (both candidates hold numbers)")
    func lostTotalSynthetic() throws {
        // 二、上年结转 = 2 0 0 0 0 0 2 → "\t\t2\t0\t0\t0\t0\t0\t" (lost 2 at the end).
        let text = try Synthetic.seed002().replacingOnce("二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t2\t",
                                                         with: "二、上年结转政府信息公开申请数量\t\t2\t0\t0\t0\t0\t0\t")
        let report = ReportParser.parse(text: text, file: "lost")
        #expect(report.cell(CellPath("applications.carried_in.total")!).isMissing)
        Synthetic.expectValues(report, except: ["carried_in.total"])
    }

    @Test("a row that lost its first number with no blank cell before the others: not silently shifted")
    func lostFirstNumber() throws {
        // (七) 总计 in seed 002: "(七) 总计\t1\t0\t0\t0\t0\t0\t1\t\t". Its 自然人 lost, six numbers remain.
        let text = try Fixtures.seedText("002").replacingOnce("(七) 总计\t1\t0\t0\t0\t0\t0\t1\t\t", with: "(七) 总计\t0\t0\t0\t0\t0\t1\t\t")
        let report = ReportParser.parse(text: text, file: "lost")
        let row = report.table(.applications).rows["outcome_total"]
        #expect(row != nil)
        // The identities (outcome sum and balance per column) say the missing one is 自然人:
        // 总计 = 1 and the other applicant columns 0; in any case never 其他 = 1.
        #expect(report.cell(CellPath("applications.outcome_total.other_org")!).value != .integer(1))
        #expect(report.cell(CellPath("applications.outcome_total.natural_person")!).isMissing)
        #expect(report.cell(CellPath("applications.outcome_total.total")!).value == .integer(1))
    }

    @Test("one cell per line: a row that lost its first number is not silently shifted")
    func lostFirstNumberCellPerLine() throws {
        // 001's （七）总计 is "1 0 0 0 0 0 1" on lines 339…345; its first line (自然人 1) lost.
        let text = try Fixtures.seedText("001").replacingOnce("\t（七）总计\n\t1\n", with: "\t（七）总计\n")
        let report = ReportParser.parse(text: text, file: "lost")
        #expect(report.cell(CellPath("applications.outcome_total.other_org")!).value != .integer(1))
        #expect(report.cell(CellPath("applications.outcome_total.total")!).value == .integer(1))
    }

    @Test("table 3 with fourteen numbers: not silently shifted")
    func reviewTableFourteenNumbers() throws {
        // 复议: 维持 0, 纠正 0, 其他 1, 尚未审结 1, 总计 2; the two 诉讼 groups all 0. The first 0 lost.
        let fifteen = ["0", "0", "1", "1", "2"] + Array(repeating: "0", count: 10)
        let seed = try Fixtures.seedText("003").replacingOnce(Array(repeating: "0", count: 15).joined(separator: "\t"),
                                                              with: fifteen.joined(separator: "\t"))
        let whole = ReportParser.parse(text: seed, file: "15")
        #expect(whole.cell(CellPath("review_litigation.review.total")!).value == .integer(2))
        #expect(whole.cell(CellPath("review_litigation.review.other")!).value == .integer(1))

        let text = try Fixtures.seedText("003").replacingOnce(Array(repeating: "0", count: 15).joined(separator: "\t"),
                                                              with: fifteen.dropFirst().joined(separator: "\t"))
        let report = ReportParser.parse(text: text, file: "14")
        // Either the identities place them (复议 总计 = 2) or the table is missing with a note; never 总计 0 beside 尚未审结 2.
        let total = report.cell(CellPath("review_litigation.review.total")!).value
        let placed = total == .integer(2)
        let refused = total == nil && !report.table(.reviewLitigation).notes.isEmpty
        #expect(placed || refused, "复议 总计 = \(String(describing: total)), notes \(report.table(.reviewLitigation).notes)")
    }

    @Test("a row with one number too many: every cell missing, and a note")
    func extraNumber() throws {
        let text = try Fixtures.seedText("002").replacingOnce("(七) 总计\t1\t0\t0\t0\t0\t0\t1\t\t", with: "(七) 总计\t1\t0\t0\t0\t0\t0\t1\t5\t")
        let report = ReportParser.parse(text: text, file: "extra")
        let table = report.table(.applications)
        let row = try #require(table.rows["outcome_total"])
        #expect(row.cells.count == 7)
        #expect(row.cells.allSatisfy { $0.isMissing })
        #expect(row.cells.allSatisfy { $0.line == 76 })
        #expect(row.label?.text == "(七) 总计")
        #expect(table.notes.count == 1)
        let note = try #require(table.notes.first)
        #expect(note.line == 76)
        #expect(note.message.contains("8 个数值"))
        #expect(note.message.contains("1、0、0、0、0、0、1、5"))
        #expect(note.message.contains("应有 7 列"))
        // The neighbouring rows are untouched.
        #expect(report.cell(CellPath("applications.other_misc.total")!).value == .integer(0))
        #expect(report.cell(CellPath("applications.carried_over.total")!).value == .integer(0))
        // The note reaches the JSON.
        #expect(jsonMember(report, "notes")?.contains("8 个数值") == true)
    }

    @Test("table 1: one number too many in a one-column row")
    func extraNumberTable1() throws {
        let text = try Fixtures.seedText("003").replacingOnce("行政许可\t418\t\t", with: "行政许可\t418\t3\t")
        let report = ReportParser.parse(text: text, file: "extra")
        #expect(report.cell(CellPath("disclosure.licensing.decisions")!).isMissing)
        #expect(report.table(.disclosure).notes.count == 1)
        #expect(report.table(.disclosure).notes.first?.line == 39)
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(25))
    }
}

/// A value written as 无, - or / instead of a number keeps its place and its text (the rules report it).
@Suite("Placeholder cells")
struct PlaceholderCellTests {
    @Test("无 and - in a tab-separated row: text values in their own columns, the other cells read")
    func tabRow() throws {
        let text = try Fixtures.seedText("003")
            .replacingOnce("行政强制\t0", with: "行政强制\t无")
            .replacingOnce("一、本年新收政府信息公开申请数量\t\t0\t0\t0", with: "一、本年新收政府信息公开申请数量\t\t0\t-\t0")
        let report = ReportParser.parse(text: text, file: "x")
        #expect(report.cell(CellPath("disclosure.coercion.decisions")!).value == .text("无"))
        #expect(report.cell(CellPath("disclosure.coercion.decisions")!).line == 43)
        #expect(report.cell(CellPath("applications.new.business")!).value == .text("-"))
        #expect(report.cell(CellPath("applications.new.natural_person")!).value == .integer(0))
        #expect(report.cell(CellPath("applications.new.research")!).value == .integer(0))
        #expect(report.cell(CellPath("applications.new.total")!).value == .integer(0))
    }
}
