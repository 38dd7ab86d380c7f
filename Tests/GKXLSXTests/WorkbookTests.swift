import Foundation
import GKExport
import GKModel
import GKTestSupport
import GKXLSX
import Testing
import ZIPFoundation

/// The workbook read back as a package: the parts' XML, independent of libxlsxwriter.
struct Package {
    let parts: [String: String]

    init(path: String) throws {
        let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
        var parts: [String: String] = [:]
        for entry in archive where entry.path.hasSuffix(".xml") {
            var data = Data()
            _ = try archive.extract(entry) { data.append($0) }
            parts[entry.path] = String(decoding: data, as: UTF8.self)
        }
        self.parts = parts
    }

    /// Sheet names in order, from xl/workbook.xml.
    var sheetNames: [String] {
        matches(#"<sheet name="([^"]*)""#, in: parts["xl/workbook.xml"] ?? "")
    }

    /// The XML of the n-th sheet (1-based, workbook order).
    func sheet(_ number: Int) -> String { parts["xl/worksheets/sheet\(number).xml"] ?? "" }

    /// The rows of a sheet: each row's cells as text (inline strings and numbers), by column letter order.
    func rows(_ number: Int) -> [[String]] {
        let xml = sheet(number)
        return matches(#"<row [^>]*>(.*?)</row>"#, in: xml).map { row in
            matches(#"<c r="[A-Z]+\d+"[^>]*?(?:/>|>(.*?)</c>)"#, in: row).map { cell in
                if let text = matches(#"<t[^>]*>(.*?)</t>"#, in: cell).first { return unescape(text) }
                return matches(#"<v>(.*?)</v>"#, in: cell).first ?? ""
            }
        }
    }

    func matches(_ pattern: String, in text: String) -> [String] {
        let regex = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
        return regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).map { match in
            match.range(at: 1).location == NSNotFound ? "" : String(text[Range(match.range(at: 1), in: text)!])
        }
    }

    func unescape(_ text: String) -> String {
        text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
            .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&amp;", with: "&")
    }
}

@Suite("Workbook")
struct WorkbookTests {
    static func finding(_ n: Int, message: String = "问题", evidence: String? = nil, severity: Severity = .error) -> Finding {
        Finding(rule: "table.applications.balance", severity: severity, title: "新收与上年结转之和不等于办理结果总计与结转下年之和",
                file: "corpus/某局/2024.txt", line: 40 + n, message: message, expected: .integer(3), actual: .integer(2),
                difference: .integer(-1), evidence: evidence, agency: "某某市某某局", year: 2024, fingerprint: "f\(n)")
    }

    static func output(findings: [Finding]) -> AuditOutput {
        var output = AuditOutput(toolVersion: "test", rules: [
            RuleDescriptor(id: "table.applications.balance", title: "新收与上年结转之和不等于办理结果总计与结转下年之和",
                           severity: .error, rationale: "第一项加第二项之和，等于第三项加第四项之和。", references: ["国办公开办函〔2021〕30号"],
                           source: "rules/table/applications-balance.yaml:1"),
        ])
        output.findings = findings
        let cells = AuditOutput.cellColumns.map { path -> CellValue? in path.description == "applications.new.total" ? .integer(2) : .integer(0) }
        output.reports = [
            .init(file: "corpus/某局/2023.txt", agency: "某某市某某局", year: 2023, format: .v2021, agencyKey: "某某市某某局",
                  cells: AuditOutput.cellColumns.map { _ in .integer(0) }),
            .init(file: "corpus/某局/2024.txt", agency: "某某市某某局", year: 2024, format: .v2021, agencyKey: "某某市某某局",
                  cells: cells),
        ]
        return output
    }

    static let provenance = AuditWorkbook.Provenance(corpus: "corpus", rules: "rules", created: "2026-11-22 23:00")

    @Test("sheets, headers, one row per finding, frozen header, filter and the triage drop-down")
    func structure() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        try AuditWorkbook.write(Self.output(findings: (1...3).map { Self.finding($0) }), provenance: Self.provenance, to: path)
        let package = try Package(path: path)
        #expect(package.sheetNames == AuditWorkbook.sheetNames)
        let rows = package.rows(2)
        #expect(rows.first == AuditWorkbook.findingHeaders)
        #expect(rows.count == 4)
        #expect(rows[1] == ["1", "某某市某某局", "2024", "corpus/某局/2024.txt", "41", "table.applications.balance",
                            "新收与上年结转之和不等于办理结果总计与结转下年之和", "错误", "问题", "3", "2", "-1", "", "待核实"])
        let findingsSheet = package.sheet(2)
        #expect(findingsSheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(findingsSheet.contains(#"<autoFilter ref="A1:N4"/>"#))
        #expect(findingsSheet.contains(#"<dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="N2:N4"><formula1>"待核实,已确认,误报"</formula1></dataValidation>"#))
        // No temporary file is left beside the workbook.
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["audit.xlsx"])
    }

    @Test("report text is always text: a line starting with = is not a formula; XML-illegal characters are dropped")
    func text() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        let finding = Self.finding(1, message: "=SUM(A1:A9)", evidence: "第一\u{1}段\u{0B}原文")
        try AuditWorkbook.write(Self.output(findings: [finding]), provenance: Self.provenance, to: path)
        let package = try Package(path: path)
        #expect(!package.sheet(2).contains("<f>"))
        #expect(package.rows(2)[1][8] == "=SUM(A1:A9)")
        #expect(package.rows(2)[1][12] == "第一段原文")
    }

    @Test("a text longer than a cell holds is cut with a visible mark")
    func truncation() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        let long = String(repeating: "政", count: 40_000)
        try AuditWorkbook.write(Self.output(findings: [Self.finding(1, evidence: long)]), provenance: Self.provenance, to: path)
        let cell = try Package(path: path).rows(2)[1][12]
        #expect(cell.hasSuffix("…（原文过长，已截断）"))
        #expect(cell.utf16.count == 32_767)
    }

    @Test("a row is as tall as its wrapped lines: a CR LF pair is one break, a long excerpt wraps in its column")
    func rowHeights() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        let findings = [Self.finding(1, message: "第一行\r\n第二行\n第三行"),
                        Self.finding(2, evidence: String(repeating: "政", count: 100))]
        try AuditWorkbook.write(Self.output(findings: findings), provenance: Self.provenance, to: path)
        let package = try Package(path: path)
        let rows = package.matches(#"<row r="(\d+" [^>]*)>"#, in: package.sheet(2))
        // Two lines of message; 200 units of excerpt in a column of 60 (59 of text) take four.
        #expect(rows.contains { $0.hasPrefix(#"2" "#) && $0.contains(#"ht="30""#) })
        #expect(rows.contains { $0.hasPrefix(#"3" "#) && $0.contains(#"ht="60""#) })
    }

    @Test("findings continue on a further sheet past the row limit")
    func continuation() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        try AuditWorkbook.write(Self.output(findings: (1...5).map { Self.finding($0) }), provenance: Self.provenance,
                                to: path, findingsPerSheet: 2)
        let package = try Package(path: path)
        #expect(package.sheetNames == ["概览", "问题清单", "问题清单（续1）", "问题清单（续2）", "年度对比", "提取数据", "规则"])
        #expect(package.rows(2).count == 3)
        #expect(package.rows(3).map { $0.first } == ["序号", "3", "4"])
        #expect(package.rows(4).map { $0.first } == ["序号", "5"])
    }

    @Test("年度对比: key figures with the change from the previous year; 提取数据: two header rows and every cell")
    func yearsAndCells() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("audit.xlsx")
        try AuditWorkbook.write(Self.output(findings: []), provenance: Self.provenance, to: path)
        let package = try Package(path: path)
        let years = package.rows(3)
        #expect(years[0].prefix(5) == ["机构", "年度", "文件", "新收", "较上年"])
        #expect(years[2].prefix(5) == ["某某市某某局", "2024", "corpus/某局/2024.txt", "2", "2"])
        let cells = package.rows(4)
        #expect(cells[1].prefix(5) == ["file", "agency", "year", "format", "disclosure.regulations.issued"])
        #expect(cells[0][4] == "第二十条第（一）项规章·本年制发件数" || cells[0][4] == "规章·本年制发件数")
        #expect(cells[0].count == 4 + AuditOutput.cellColumns.count)
        #expect(cells.count == 4)
        // 规则: the rule and its number of findings.
        #expect(package.rows(5)[1].prefix(3) == ["table.applications.balance", "新收与上年结转之和不等于办理结果总计与结转下年之和", "错误"])
    }

    @Test("a workbook that cannot be written is an error, and nothing is left behind")
    func unwritable() throws {
        #expect(throws: XLSXError.self) {
            try AuditWorkbook.write(Self.output(findings: []), provenance: Self.provenance, to: "/nonexistent-folder/audit.xlsx")
        }
    }
}
