import Foundation
import GKModel
@testable import GKParse
import Testing

/// Tables as `pdftotext -layout` breaks them: a header's rule wrapped into lone dashes, a label wrapped
/// across a page break, a group label wrapped beside a row label. Small texts written here.
@Suite("PDF tables")
struct PDFTableTests {
    /// Table 3 with its header as pdftotext writes a narrow 行政复议 / 行政诉讼 header: the rule under them
    /// (`------`) wrapped into `----- -----` and `-     -`, then the column titles, then `values`.
    static func reviewTable(rule: [String] = ["----- -----", "-     -"], values: [String]) -> String {
        (["四、政府信息公开行政复议、行政诉讼情况", "行     行", "政     政", "复     诉", "议     讼"] + rule + [
            "结     结     其 尚 总 未经复议直接起诉                   复议后起诉",
            "果     果     他 未 计 结  结  其    尚       总       结  结     其   尚   总",
            "维     纠     结 审   果  果  他    未       计       果  果     他   未   计",
            "持     正     果 结   维  纠  结    审               维  纠     结   审",
            "                  持  正  果    结               持  正     果   结",
        ] + values + ["", "五、存在的主要问题及改进情况", "无。"]).joined(separator: "\n")
    }

    /// Table 3's fifteen values, group by group, as the model holds them.
    static func reviewValues(_ report: Report) -> [CellValue?] {
        Schema.table(.reviewLitigation, format: .v2021).cellPaths.map { report.cell($0).value }
    }

    static func integers(_ values: [Int]) -> [CellValue?] { values.map { .integer($0) } }

    @Test("table 3: the header's rule wrapped into lone dashes is no row of values")
    func reviewHeaderRule() {
        let numbers = "1     0     0 0 1 0  2  0    0       2       0  0     0   0   0"
        let report = ReportParser.parse(text: Self.reviewTable(values: [numbers]), file: "rule.txt")
        let table = report.table(.reviewLitigation)
        #expect(table.notes.isEmpty, "\(table.notes)")
        #expect(Self.reviewValues(report) == Self.integers([1, 0, 0, 0, 1, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0]))
        #expect(report.cell(CellPath("review_litigation.review.upheld")!).line == 13)

        // The dashes just above a row that holds all fifteen values, the header above them.
        let below = ["行政复议 行政诉讼", "-     -", numbers].joined(separator: "\n")
        let text = "四、政府信息公开行政复议、行政诉讼情况\n" + below + "\n\n五、存在的主要问题及改进情况\n无。"
        #expect(Self.reviewValues(ReportParser.parse(text: text, file: "below.txt"))
                == Self.integers([1, 0, 0, 0, 1, 0, 2, 0, 0, 2, 0, 0, 0, 0, 0]))
    }

    @Test("table 3: a dash written as a value stays a value (and text, for table.value.invalid)")
    func reviewDashValues() {
        // A dash among the numbers holds its place.
        let withDash = "-     0     0 0 0 0  0  0    0       0       0  0     0   0   0"
        let report = ReportParser.parse(text: Self.reviewTable(values: [withDash]), file: "dash.txt")
        #expect(report.cell(CellPath("review_litigation.review.upheld")!).value == .text("-"))
        #expect(report.cell(CellPath("review_litigation.review.total")!).value == .integer(0))

        // Every value a dash, no numbers below: the dashes are the values.
        let dashes = Array(repeating: "-", count: 15).joined(separator: "   ")
        let allDashes = ReportParser.parse(text: Self.reviewTable(rule: [], values: [dashes]), file: "dashes.txt")
        #expect(Self.reviewValues(allDashes) == Array(repeating: .text("-"), count: 15))

        // A group's dashes on a line of their own, the other ten numbers below: fifteen values together.
        let split = ["- - - - -", "0 1 0 0 1 0 0 0 0 0"].joined(separator: "\n")
        let text = "四、政府信息公开行政复议、行政诉讼情况\n行政复议 行政诉讼\n" + split + "\n\n五、存在的主要问题及改进情况\n无。"
        #expect(Self.reviewValues(ReportParser.parse(text: text, file: "split.txt"))
                == Array(repeating: .text("-"), count: 5) + Self.integers([0, 1, 0, 0, 1, 0, 0, 0, 0, 0]))
    }

    /// Table 2's last rows as pdftotext writes them with the official column widths: (六)其他处理 wrapped
    /// beside its first row's label, and the second row's label wrapped across a page break (`pageBreak`:
    /// the lines between its two halves, the next page's first line starting with a form feed).
    static func applicationsTable(pageBreak: [String]) -> String {
        ([
            "三、收到和处理政府信息公开申请情况",
            "                                   申请人情况",
            "                          自然人   商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "一、本年新收政府信息公开申请数量       1   0   0   0   0    0    1",
            "     (六) 其他处   1. 申请人无正当理由逾期不补   0   0   0   0   0    0    0",
            "     理         正、行政机关不再处理其政府信",
            "               息公开申请",
            "               2. 申请人逾期未按收费通知要   0   0   0   0   0    0    0",
        ] + pageBreak + [
            "\u{0C}             求缴纳费用、行政机关不再处理",
            "             其政府信息公开申请",
            "3. 其他        0                 0       0    0   0   0   0",
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
        ]).joined(separator: "\n")
    }

    @Test("table 2: a label wrapped across a page break reads as written, without the footer", arguments: [
        ["", "", "                       第2页共4页"], ["                         第2页"], ["                 — 2 —", ""], [],
    ])
    func labelAcrossPageBreak(pageBreak: [String]) {
        let report = ReportParser.parse(text: Self.applicationsTable(pageBreak: pageBreak), file: "footer.txt")
        let table = report.table(.applications)
        #expect(table.notes.isEmpty, "\(table.notes)")
        let row = table.rows["other_no_fee"]
        #expect(row?.label?.text == "2. 申请人逾期未按收费通知要 求缴纳费用、行政机关不再处理 其政府信息公开申请")
        #expect(row?.label?.line == 8)
        #expect(row?["total"]?.value == .integer(0))
        #expect(table.rows["other_misc"]?.label?.text == "3. 其他")
        #expect(table.rows["other_misc"]?["natural_person"]?.line == 11 + pageBreak.count)
    }

    @Test("table 2: a group label wrapped beside a row label is not part of it")
    func groupLabelBeside() {
        let report = ReportParser.parse(text: Self.applicationsTable(pageBreak: []), file: "group.txt")
        // “理” (of “(六) 其他处理”) stands on the label's second line, in the column to its left.
        #expect(report.table(.applications).rows["other_no_supplement"]?.label?.text
                == "1. 申请人无正当理由逾期不补 正、行政机关不再处理其政府信 息公开申请")

        // A narrow column: the group label's lines beside every line of the row label, the numbers on the first.
        let narrow = [
            "三、收到和处理政府信息公开申请情况",
            "                          自然人   商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "(六) 其   1. 申请人无   0              0       0    0   0   0   0",
            "他处理     正当理由逾",
            "         期不补正、",
            "         行政机关不",
            "3. 其他     0              0       0    0   0   0   0",
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
        ].joined(separator: "\n")
        let row = ReportParser.parse(text: narrow, file: "narrow.txt").table(.applications).rows["other_no_supplement"]
        #expect(row?.label?.text == "1. 申请人无 正当理由逾 期不补正、 行政机关不")
        #expect(row?.label?.line == 3)

        // The row's numbers on a line whose only label is the group's: the row label is on the lines around.
        let besideNumbers = [
            "三、收到和处理政府信息公开申请情况",
            "                          自然人   商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "          1. 本机关不掌握相关政府",
            "                            0     0     0    0     0   0    0",
            "          信息",
            "     (四) 无",
            "           2. 没有现成信息需要另行",
            "      法提                    0     0     0    0     0   0    0",
            "三、本年       制作",
            "       供",
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
        ].joined(separator: "\n")
        let created = ReportParser.parse(text: besideNumbers, file: "beside.txt").table(.applications).rows["unavailable_needs_creation"]
        #expect(created?.label?.text == "2. 没有现成信息需要另行 制作")
        #expect(created?.label?.line == 7)
        #expect(created?["total"]?.line == 8)
    }

    @Test("table 2: a label wrapped over many lines in a narrow column keeps all its lines, and no line of the next")
    func longWrappedLabels() {
        let text = [
            "三、收到和处理政府信息公开申请情况",
            "                          自然人   商业企业 科研机构 社会公益组织 法律服务机构 其他 总计",
            "(六) 其   1. 申请   0   0     0      0   0   0   0",
            "他处理     人无正",
            "        当理由",
            "        逾期不",
            "        补正、",
            "",
            "                        第3页共5页",
            "\u{0C}           行政机",
            "           关不再",
            "           处理其",
            "           政府信",
            "           息公开",
            "           申请",
            "           2. 申请   0   0     0      0    0      0       0",
            "           人逾期",
            "           未按收",
            "           费通知",
            "           要求缴",
            "           纳费",
            "           用、行",
            "           政机关",
            "           不再处",
            "           理其政",
            "           府信息",
            "           公开申",
            "           请",
            "           3. 其他   0   0     0      0    0      0       0",
            "",
            "四、政府信息公开行政复议、行政诉讼情况",
        ].joined(separator: "\n")
        let rows = ReportParser.parse(text: text, file: "long.txt").table(.applications).rows
        #expect(rows["other_no_supplement"]?.label?.text == "1. 申请 人无正 当理由 逾期不 补正、 行政机 关不再 处理其 政府信 息公开 申请")
        #expect(rows["other_no_fee"]?.label?.text
                == "2. 申请 人逾期 未按收 费通知 要求缴 纳费 用、行 政机关 不再处 理其政 府信息 公开申 请")
        #expect(rows["other_no_fee"]?.label?.line == 16)
        #expect(rows["other_misc"]?.label?.text == "3. 其他")
    }
}
