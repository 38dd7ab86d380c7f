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
}
