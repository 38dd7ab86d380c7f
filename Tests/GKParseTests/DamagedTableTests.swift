import Foundation
import GKModel
@testable import GKParse
import Testing

/// Tables as crawlers and converters damage them: page footers and repeated headers inside table 2,
/// cells run together, numbers broken over cells. The damaged texts are made here from the fixtures.
@Suite("Damaged tables")
struct DamagedTableTests {
    /// Every fixture with the 2021 tables: the seeds, their PDF, Markdown, space-separated and tab-less layouts.
    static let layouts: [String] = {
        let folders = ["Fixtures/seeds", "Fixtures/layout", "Fixtures/variants"]
        return folders.flatMap { folder in (try? Fixtures.files(in: folder))?.map { "\(folder)/\($0)" } ?? [] }
    }()

    static let footers = ["— 4 —", "- 4 -", "第 4 页", "第4页 共9页"]

    @Test("page footers are no rows", arguments: footers)
    func pageFooterLines(footer: String) {
        let lines = [footer, "  \(footer)  ", "\t\(footer)"]
        for line in lines { #expect(matches(line), "\(line)") }
        for line in ["第一项", "- 4", "4 -", "—— 4", "第 4 页 内容", "第4页共", "-1", "第二十条第（一）项", "—"] {
            #expect(!matches(line), "\(line)")
        }
        func matches(_ line: String) -> Bool {
            var line = line
            return line.withUTF8 { PageFooter.matches($0) }
        }
    }

    @Test("a page footer and table 2's header repeated inside table 2 change nothing", arguments: layouts)
    func pageBreakInsideTable(file: String) throws {
        let text = try String(contentsOf: Fixtures.url(file), encoding: .utf8)
        let clean = ReportParser.parse(text: text, file: file)
        for footer in Self.footers {
            let broken = try #require(Damage.pageBreak(in: text, footer: footer), "\(file)")
            let report = ReportParser.parse(text: broken, file: file)
            expectSameTables(report, clean, context: "\(file) \(footer)")
        }
    }

    @Test("seeds with a page break inside table 2 still equal seeds-expected.json", arguments: Fixtures.seedNames)
    func pageBreakSeedsMatchExpected(name: String) throws {
        let text = try Fixtures.seedText(String(name.prefix(3)))
        let broken = try #require(Damage.pageBreak(in: text, footer: "第4页 共9页"))
        let report = ReportParser.parse(text: broken, file: name)
        expectCells(report, equal: try #require(ExpectedReport.all[name]), context: name)
        #expect(report.notes.isEmpty, "\(report.notes)")
    }

    @Test("a Markdown table with an alignment row and escaped pipes in a label is read")
    func markdownEscapedPipes() throws {
        let file = "Fixtures/variants/002_f90b525eb7280150.markdown.txt"
        let text = try String(contentsOf: Fixtures.url(file), encoding: .utf8)
        #expect(text.contains("|---") || text.contains("| ---") || text.contains(":--"))
        let escaped = text.replacingOnce("(区分处理的, 只计这一情形", with: "(区分处理的 \\| 只计这一情形")
        let report = ReportParser.parse(text: escaped, file: file)
        expectCells(report, equal: ExpectedReport.forFile(file), context: file)
        // The escaped bar stays inside its cell: the label is read whole.
        let label = try #require(report.table(.applications).rows["partial"]?.label?.text)
        #expect(label.contains("\\| 只计这一情形"), "\(label)")
    }

    /// Office programs' web pages often carry an empty spacer column: a row then has more cells than columns,
    /// its blanks holding none.
    @Test("a spacer column (more cells than columns, the extra ones blank) is left out, in table 3 and table 2")
    func spacerColumns() throws {
        let name = Fixtures.seedName("003")
        var text = try Fixtures.seedText("003")
        text = text.replacingOnce("结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉",
                                  with: "结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t\t未经复议直接起诉")
        text = text.replacingOnce("\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
                                  with: "\n0\t0\t0\t0\t0\t\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n")
        text = text.replacingOnce("一、本年新收政府信息公开申请数量\t\t0\t0\t0\t0\t0\t0\t0",
                                  with: "一、本年新收政府信息公开申请数量\t\t0\t0\t\t0\t0\t0\t0\t0")
        let report = ReportParser.parse(text: text, file: name)
        expectCells(report, equal: try #require(ExpectedReport.all[name]), context: name)
        #expect(report.notes.isEmpty, "\(report.notes)")
        // Fourteen values, two blanks, fifteen columns: which blank is the spacer the group sums decide.
        var missing = try Fixtures.seedText("003")
        missing = missing.replacingOnce("\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\n",
                                        with: "\n3\t1\t0\t0\t4\t\t2\t0\t0\t0\t2\t0\t0\t\t0\t0\n")
        let review = ReportParser.parse(text: missing, file: name).table(.reviewLitigation)
        #expect(review.cell(row: "review", column: "total").value == .integer(4))
        #expect(review.cell(row: "litigation_direct", column: "upheld").value == .integer(2))
        #expect(review.cell(row: "litigation_direct", column: "total").value == .integer(2))
        #expect(review.cell(row: "litigation_after_review", column: "other").value == nil)
        #expect(review.rows["litigation_after_review"]?.cells.compactMap(\.value).count == 4)
    }

    // MARK: Run-together and broken rows

    @Test("rows run together in each seed are split back as seeds-expected.json has them", arguments: Fixtures.seedNames)
    func runTogetherSeeds(name: String) throws {
        let text = try Fixtures.seedText(String(name.prefix(3)))
        let expected = try #require(ExpectedReport.all[name])
        var damaged = text
        // (The tab-separated seeds write (七) 总计, the others （七）总计.)
        for labels in [["一、本年新收政府信息公开申请数量"], ["（七）总计", "(七) 总计"]] {
            let label = try #require(labels.first { damaged.contains($0) })
            let row = try #require(Damage.rowValues(in: damaged, label: label), "\(name): \(label)")
            damaged = try #require(Damage.rewriteRow(in: damaged, label: label, cells: [row.joined()]))
        }
        let report = ReportParser.parse(text: damaged, file: name)
        expectCells(report, equal: expected, context: name)
        let repairs = report.table(.applications).repairs
        #expect(repairs.map(\.row) == ["new", "outcome_total"])
        for repair in repairs {
            #expect(repair.outcome == .recovered && repair.damage == .runTogether)
            #expect(repair.values == expected.cells.filter { $0.path.table == .applications && $0.path.row == repair.row }.map { $0.value ?? -1 })
        }
    }

    @Test("a row run together is split back in every layout (PDF, Markdown, spaces, tab-less cells)", arguments: layouts)
    func runTogetherLayouts(file: String) throws {
        let text = try String(contentsOf: Fixtures.url(file), encoding: .utf8)
        let clean = ReportParser.parse(text: text, file: file)
        let damaged = try #require(Damage.runTogether(in: text, label: "本年新收"), "\(file)")
        let report = ReportParser.parse(text: damaged, file: file)
        for path in Schema.table(.applications, format: .v2021).cellPaths {
            #expect(report.cell(path).value == clean.cell(path).value, "\(file): \(path)")
        }
        #expect(report.table(.applications).repairs.map(\.outcome) == [.recovered], "\(file)")
    }

    @Test("table 3 written as fifteen digits in a row is split back")
    func runTogetherReviewTable() throws {
        let name = Fixtures.seedName("000")
        let text = try Fixtures.seedText("000").replacingOnce(Array(repeating: "0", count: 15).joined(separator: "\t") + "\n",
                                                              with: String(repeating: "0", count: 15) + "\n")
        let report = ReportParser.parse(text: text, file: name)
        expectCells(report, equal: try #require(ExpectedReport.all[name]), context: name)
        let repairs = report.table(.reviewLitigation).repairs
        #expect(repairs.map(\.row) == ["*"] && repairs.first?.outcome == .recovered)
        #expect(repairs.first?.values == Array(repeating: 0, count: 15))
    }

    /// Seed 002 with 新收, 予以公开 and 总计 all `values` (the table's identities hold).
    static func seed002(withRequests values: [Int]) throws -> String {
        var text = try Fixtures.seedText("002")
        for label in ["一、本年新收政府信息公开申请数量", "(一) 予以公开", "(七) 总计"] {
            text = try #require(Damage.rewriteRow(in: text, label: label, cells: values.map(String.init)))
        }
        return text
    }

    @Test("801000081 is split into 80、1、0、0、0、0、81, the one split the row sum allows")
    func runTogetherRow() throws {
        let text = try Self.seed002(withRequests: [80, 1, 0, 0, 0, 0, 81])
        let damaged = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["801000081"]))
        let report = ReportParser.parse(text: damaged, file: "damaged.txt")
        let row = try #require(report.table(.applications).rows["new"])
        #expect(row.cells.map(\.value) == [80, 1, 0, 0, 0, 0, 81].map { .integer($0) })
        let repair = try #require(report.table(.applications).repairs.first)
        #expect(repair.row == "new" && repair.written == "801000081" && repair.outcome == .recovered)
        #expect(repair.values == [80, 1, 0, 0, 0, 0, 81] && repair.line == row.cells[0].line)
        #expect(report.notes.map(\.message) == ["“一、本年新收政府信息公开申请数量”一行的数字连在一起（801000081），已按表内勾稽关系拆分为 80、1、0、0、0、0、81"])
    }

    @Test("numbers partly run together (120 0 0 0 012) are split back")
    func partlyRunTogether() throws {
        let text = try Self.seed002(withRequests: [12, 0, 0, 0, 0, 0, 12])
        let damaged = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["120 0 0 0 012"]))
        let report = ReportParser.parse(text: damaged, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.map(\.value) == [12, 0, 0, 0, 0, 0, 12].map { .integer($0) })
        #expect(report.table(.applications).repairs.map(\.outcome) == [.recovered])
    }

    @Test("a number broken over cells (1 2, or 1 | 2) is joined back", arguments: [["1 2", "0", "0", "0", "0", "0", "12"],
                                                                                   ["1", "2", "0", "0", "0", "0", "0", "12"]])
    func brokenNumber(cells: [String]) throws {
        let text = try Self.seed002(withRequests: [12, 0, 0, 0, 0, 0, 12])
        let damaged = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: cells))
        let report = ReportParser.parse(text: damaged, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.map(\.value) == [12, 0, 0, 0, 0, 0, 12].map { .integer($0) })
        let repair = try #require(report.table(.applications).repairs.first)
        #expect(repair.damage == .broken && repair.outcome == .recovered && repair.values == [12, 0, 0, 0, 0, 0, 12])
    }

    @Test("a row the identities cannot split one way is missing, with its candidate splits")
    func ambiguousRow() throws {
        // 101000011 is 10、1、…、11 or 1、0、10、…、11; with 结转下年 blank the balance cannot tell.
        var text = try Self.seed002(withRequests: [10, 1, 0, 0, 0, 0, 11])
        text = try #require(Damage.rewriteRow(in: text, label: "四、结转下年度继续办理", cells: []))
        text = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["101000011"]))
        let report = ReportParser.parse(text: text, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.allSatisfy(\.isMissing) == true)
        let repair = try #require(report.table(.applications).repairs.first)
        #expect(repair.outcome == .ambiguous && repair.candidateCount == 2 && repair.values.isEmpty)
        #expect(repair.candidates == [[1, 0, 10, 0, 0, 0, 11], [10, 1, 0, 0, 0, 0, 11]])
        #expect(report.notes.contains { $0.message.contains("有 2 种拆分方式都符合表内勾稽关系（1、0、10、0、0、0、11；10、1、0、0、0、0、11）") },
                "\(report.notes)")
    }

    @Test("the text's 收到申请 N 件 chooses between splits the identities allow")
    func narrativeChooses() throws {
        // 452451001045247 is 45、2、45、100、10、45、247 or 45245、1、0、0、1、0、45247; 结转下年 is blank.
        let values = [45, 2, 45, 100, 10, 45, 247]
        var text = try Self.seed002(withRequests: values)
            .replacingOnce("共收到政府信息公开申请\n\n1 件", with: "共收到政府信息公开申请\n\n247 件")
        text = try #require(Damage.rewriteRow(in: text, label: "四、结转下年度继续办理", cells: []))
        text = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["452451001045247"]))
        let report = ReportParser.parse(text: text, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.map(\.value) == values.map { .integer($0) })
        let repair = try #require(report.table(.applications).repairs.first)
        #expect(repair.outcome == .recovered && repair.values == values && repair.candidateCount == 2)
        #expect(repair.narrative == "收到政府信息公开申请247 件")
        // Without the sentence the row stays ambiguous.
        let silent = ReportParser.parse(text: text.replacingOnce("247 件", with: "若干件"), file: "damaged.txt")
        #expect(silent.table(.applications).repairs.first?.outcome == .ambiguous)
    }

    @Test("the balance chooses between splits the row sum allows")
    func balanceChooses() throws {
        let text = try Self.seed002(withRequests: [10, 1, 0, 0, 0, 0, 11])
        let damaged = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["101000011"]))
        let report = ReportParser.parse(text: damaged, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.map(\.value) == [10, 1, 0, 0, 0, 0, 11].map { .integer($0) })
        #expect(report.table(.applications).repairs.map(\.outcome) == [.recovered])
    }

    @Test("a row no split makes consistent is missing and recorded as unreadable")
    func unreadableRow() throws {
        let text = try Self.seed002(withRequests: [80, 1, 0, 0, 0, 0, 81])
        let damaged = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["801000082"]))
        let report = ReportParser.parse(text: damaged, file: "damaged.txt")
        #expect(report.table(.applications).rows["new"]?.cells.allSatisfy(\.isMissing) == true)
        let repair = try #require(report.table(.applications).repairs.first)
        #expect(repair.outcome == .unreadable && repair.candidates.isEmpty && repair.candidateCount == 0)
    }

    @Test("a row with a blank cell whose numbers could also be split is read as written")
    func blankCellIsNoDamage() throws {
        // 4、0、0、0、0、15 with 总计 blank might be 4、0、0、0、0、1、5, but the balance says 其他 is 15.
        let text = try Self.seed002(withRequests: [4, 0, 0, 0, 0, 15, 19])
        let blank = try #require(Damage.rewriteRow(in: text, label: "一、本年新收政府信息公开申请数量", cells: ["4", "0", "0", "0", "0", "15", ""]))
        let report = ReportParser.parse(text: blank, file: "blank.txt")
        #expect(report.table(.applications).rows["new"]?.cells.map(\.value) == [4, 0, 0, 0, 0, 15].map { .integer($0) } + [nil])
        #expect(report.table(.applications).repairs.isEmpty)
    }

    @Test("no fixture has a damaged row", arguments: ["Fixtures/seeds", "Fixtures/layout", "Fixtures/variants", "Fixtures/encodings"])
    func fixturesHaveNoRepairs(folder: String) throws {
        for file in try Fixtures.files(in: folder) {
            let (report, _) = try ReportParser.parse(data: try Fixtures.data("\(folder)/\(file)"), file: file)
            for id in TableID.allCases { #expect(report.table(id).repairs.isEmpty, "\(file): \(report.table(id).repairs)") }
        }
    }

    /// The cells and row labels of the two reports' tables are the same (lines may differ).
    func expectSameTables(_ report: Report, _ expected: Report, context: String,
                          sourceLocation: SourceLocation = #_sourceLocation) {
        for id in TableID.allCases {
            let table = report.table(id), other = expected.table(id)
            #expect(table.isPresent == other.isPresent, "\(context): \(id.rawValue)", sourceLocation: sourceLocation)
            for path in Schema.table(id, format: expected.metadata.format).cellPaths {
                #expect(report.cell(path).value == expected.cell(path).value,
                        "\(context): \(path) = \(String(describing: report.cell(path).value)), expected \(String(describing: expected.cell(path).value))",
                        sourceLocation: sourceLocation)
            }
            for (row, written) in other.rows {
                #expect(table.rows[row]?.label?.text == written.label?.text, "\(context): label of \(row)", sourceLocation: sourceLocation)
            }
            #expect(table.notes.map(\.message) == other.notes.map(\.message), "\(context): notes", sourceLocation: sourceLocation)
            #expect(table.repairs.isEmpty, "\(context): \(table.repairs)", sourceLocation: sourceLocation)
        }
    }
}

/// Damage done to a report's text as crawlers and converters do it.
enum Damage {
    /// The text with two page breaks inside table 2: `footer` alone just before the 重复申请 row, and
    /// `footer` with table 2's column-header lines (from the line holding 勾稽关系 to the first row)
    /// repeated before the 结转下年度 row.
    static func pageBreak(in text: String, footer: String) -> String? {
        var lines = text.lfLines
        guard let headerStart = lines.firstIndex(where: { $0.contains("勾稽关系") }),
              let firstRow = lines[headerStart...].firstIndex(where: { $0.contains("本年新收") }),
              let middleRow = lines[firstRow...].firstIndex(where: { $0.contains("重复申请") }),
              let lastRow = lines[middleRow...].firstIndex(where: { $0.contains("结转下年度") })
        else { return nil }
        let header = Array(lines[headerStart..<rowStart(firstRow, in: lines)])
        lines.insert(contentsOf: ["", footer, ""] + header + [""], at: rowStart(lastRow, in: lines))
        lines.insert(footer, at: rowStart(middleRow, in: lines))
        return lines.joined(separator: "\n")
    }

    /// Where the row whose label is on line `index` starts: before the lines of empty cells (`\t`) above it.
    private static func rowStart(_ index: Int, in lines: [String]) -> Int {
        var start = index
        while start > 0, lines[start - 1].contains("\t"), lines[start - 1].allSatisfy({ $0 == "\t" || $0 == " " }) { start -= 1 }
        return start
    }

    /// The text with the seven numbers of the row whose label line holds `label` written together: at the
    /// end of its line or of the next (a PDF label wrapped around its numbers), with tabs, spaces or Markdown
    /// bars between them; or on the lines below it (a cell per line).
    static func runTogether(in text: String, label: String) -> String? {
        var lines = text.lfLines
        guard let index = lines.firstIndex(where: { $0.contains(label) }) else { return nil }
        for number in [index, index + 1] where number < lines.count {
            let line = lines[number]
            guard let match = line.firstMatch(of: /((?:[\t |]+[0-9]+){7})([\t |]*)$/) else { continue }
            let digits = match.output.1.filter(\.isASCIIDigit)
            let separator = match.output.1.prefix { !$0.isASCIIDigit }
            lines[number] = String(line[..<match.range.lowerBound]) + separator + digits + match.output.2
            return lines.joined(separator: "\n")
        }
        let values = lines[(index + 1)...].prefix { isNumber($0.trimmingCharacters(in: .whitespaces)) }
        guard values.count == 7, let first = values.first else { return nil }
        let lead = first.prefix { $0 == "\t" || $0 == " " }
        lines.replaceSubrange((index + 1)...(index + 7), with: [lead + values.map { $0.trimmingCharacters(in: .whitespaces) }.joined()])
        return lines.joined(separator: "\n")
    }

    /// The values of the row whose label line holds `label`: the cells after its label (a row per line),
    /// or the lines of values below it (a cell per line).
    static func rowValues(in text: String, label: String) -> [String]? {
        let lines = text.lfLines
        guard let index = lines.firstIndex(where: { $0.contains(label) }) else { return nil }
        let cells = lines[index].components(separatedBy: "\t")
        if let first = cells.firstIndex(where: isNumber) {
            return cells[first...].filter(isNumber)
        }
        let below = lines[(index + 1)...].prefix { isNumber($0.trimmingCharacters(in: .whitespaces)) }
        return below.isEmpty ? nil : below.map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The text with the values of the row labelled `label` written as `cells`: on its line after the label
    /// and a blank cell (a row per line), or one line each below the label (a cell per line).
    static func rewriteRow(in text: String, label: String, cells: [String]) -> String? {
        var lines = text.lfLines
        guard let index = lines.firstIndex(where: { $0.contains(label) }) else { return nil }
        let parts = lines[index].components(separatedBy: "\t")
        if let first = parts.firstIndex(where: isNumber) {
            lines[index] = (parts[..<first] + cells).joined(separator: "\t")
        } else {
            let count = lines[(index + 1)...].prefix { isNumber($0.trimmingCharacters(in: .whitespaces)) }.count
            guard count > 0 else { return nil }
            lines.replaceSubrange((index + 1)...(index + count), with: cells.map { "\t" + $0 })
        }
        return lines.joined(separator: "\n")
    }

    private static func isNumber(_ cell: String) -> Bool { !cell.isEmpty && cell.allSatisfy(\.isASCIIDigit) }
}

extension Character {
    fileprivate var isASCIIDigit: Bool { isASCII && isNumber }
}
