import Foundation
import Synchronization
import GKExport
import GKModel
import GKTestSupport
import GKXLSX
import Testing

/// The audit's results spilled to disk and read back: the same records, and the same outputs, as in memory.
@Suite("AuditSpill")
struct SpillTests {
    final class StringSink: TextSink {
        var text = ""
        func write(_ text: String) throws { self.text += text }
        func finish() throws {}
    }

    static let findings: [Finding] = [
        WorkbookTests.finding(1, message: "正文称共 428 条，其中各分项合计 526 条。", evidence: "原文\n第二行"),
        Finding(rule: "year.late-publication", severity: .warning, title: "发布晚于期限", file: "corpus/某局/2024.txt", line: nil,
                message: "发布日期晚于 1 月 31 日。", expected: .date(CalendarDate(year: 2025, month: 1, day: 31)),
                actual: .decimal(Decimal(string: "12.75")!), difference: .text("晚 3 天"),
                terms: [FindingTerm(cell: CellPath("applications.new.total")!, value: .integer(-7), line: 40, isPreviousYear: true),
                        FindingTerm(cell: CellPath("applications.carried_in.total")!, value: nil, line: nil)],
                agency: nil, year: nil, fingerprint: "abcdef0123456789", suppression: "经核实无误"),
        WorkbookTests.finding(3, severity: .info),
    ]

    /// The test workbook's output with two more reports (odd cells, no agency) and problems.
    static func output() -> AuditOutput {
        var output = WorkbookTests.output(findings: findings)
        output.reports.append(.init(file: "corpus/无名.txt", agency: nil, year: nil, format: .v2019, agencyKey: nil,
                                    cells: AuditOutput.cellColumns.indices.map { index -> CellValue? in
                                        switch index % 4 {
                                        case 0: return .integer(Int(Int32.max) + index)
                                        case 1: return .decimal(Decimal(string: "3.25")!)
                                        case 2: return .text("不详")
                                        default: return nil
                                        }
                                    }))
        output.errors = [.init(file: "corpus/坏.txt", line: 3, message: "无法解码"), .init(file: "corpus/x.txt", line: nil, message: "空文件")]
        output.skippedChecks = 5
        output.pairing = .init(agencies: 2, pairedReports: 1, agenciesWithoutPreviousYear: 1)
        return output
    }

    /// The same records, spilled: each report with the findings about its file.
    static func spilled(_ output: AuditOutput) throws -> AuditSpill {
        let spill = try AuditSpill(toolVersion: output.toolVersion, rules: output.rules)
        try output.forEachReportWithFindings { report, findings in try spill.append(report, findings: findings) }
        try output.forEachError { try spill.append($0) }
        spill.addSkippedChecks(output.skippedChecks)
        spill.pairing = output.pairing
        return spill
    }

    static func cells(_ entry: AuditOutput.ReportEntry) -> [CellValue?] { Array(entry.cells) }

    @Test("reports with their cells, findings with every kind of value, and problems come back as they went in")
    func roundTrip() throws {
        let output = Self.output()
        let spill = try Self.spilled(output)
        var reports: [AuditOutput.ReportEntry] = []
        try spill.forEachReport { reports.append($0) }
        #expect(reports.count == output.reports.count)
        for (index, (back, original)) in zip(reports, output.reports).enumerated() {
            #expect(back.file == original.file && back.agency == original.agency && back.year == original.year)
            #expect(back.format == original.format && back.agencyKey == original.agencyKey)
            #expect(Self.cells(back) == Self.cells(original))
            #expect(Self.cells(try spill.report(at: index)) == Self.cells(original))
        }
        var findings: [Finding] = []
        try spill.forEachFinding { findings.append($0) }
        #expect(findings == output.findings)
        var problems: [String] = []
        try spill.forEachError { problems.append("\($0.file):\($0.line ?? 0):\($0.message)") }
        #expect(problems == ["corpus/坏.txt:3:无法解码", "corpus/x.txt:0:空文件"])
        #expect(spill.counts.reports == 3 && spill.counts.errors == 2)
        #expect(spill.counts.active == 2 && spill.counts.suppressed == 1 && spill.counts.skippedChecks == 5)
    }

    @Test("text, JSON and SARIF from the spill are byte for byte those from memory")
    func sameOutputs() throws {
        let output = Self.output()
        let spill = try Self.spilled(output)
        for write in [AuditText.write, AuditJSON.write, AuditSARIF.write] as [(AuditRecords, TextSink) throws -> Void] {
            let memory = StringSink(), disk = StringSink()
            try write(output, memory)
            try write(spill, disk)
            #expect(!memory.text.isEmpty)
            #expect(memory.text == disk.text)
        }
    }

    @Test("the workbook from the spill has the sheets of the workbook from memory")
    func sameWorkbook() throws {
        let folder = try TemporaryFolder()
        let output = Self.output()
        try AuditWorkbook.write(output, provenance: WorkbookTests.provenance, to: folder.file("memory.xlsx"))
        try AuditWorkbook.write(try Self.spilled(output), provenance: WorkbookTests.provenance, to: folder.file("spill.xlsx"))
        let memory = try Package(path: folder.file("memory.xlsx")), spill = try Package(path: folder.file("spill.xlsx"))
        // docProps/core.xml holds the second each file was made (libxlsxwriter's own clock): not compared.
        let timed = "docProps/core.xml"
        #expect(memory.parts.filter { $0.key != timed } == spill.parts.filter { $0.key != timed })
        #expect(memory.parts.keys.sorted() == spill.parts.keys.sorted())
        #expect(memory.rows(3).count == 4) // 年度对比: the header and the three reports
    }

    @Test("the workbook's view of each finding has the finding's texts and values, from the spill and from memory")
    func findingCells() throws {
        let output = Self.output()
        for records in [output, try Self.spilled(output)] as [AuditRecords] {
            var seen: [Finding] = []
            try records.forEachFindingCells { cells in
                let finding = output.findings[seen.count]
                func text(_ bytes: UnsafeBufferPointer<UInt8>?) -> String? { bytes.map { String(decoding: $0, as: UTF8.self) } }
                #expect(text(cells.rule) == finding.rule && cells.severity == finding.severity && text(cells.title) == finding.title)
                #expect(text(cells.file) == finding.file && cells.line == finding.line && text(cells.message) == finding.message)
                #expect(cells.expected == finding.expected && cells.actual == finding.actual && cells.difference == finding.difference)
                #expect(text(cells.evidence) == finding.evidence && text(cells.agency) == finding.agency && cells.year == finding.year)
                #expect(cells.isSuppressed == (finding.suppression != nil))
                seen.append(finding)
            }
            #expect(seen.count == output.findings.count)
        }
    }

    @Test("threads reading one spill at once each get every record, as a single reader does")
    func concurrentReaders() throws {
        // Enough findings for several of the reader's blocks, with reports spread among them.
        var output = Self.output()
        output.findings = (0..<1000).map { n in
            WorkbookTests.finding(n, message: String(repeating: "第\(n)项不符；", count: 1 + n % 40), evidence: n % 3 == 0 ? nil : "原文 \(n)" + String(repeating: "政", count: 1000))
        }
        let spill = try Self.spilled(output)
        try spill.finishAppending()
        @Sendable func read() throws -> [String] {
            var lines: [String] = []
            try spill.forEachReportWithFindings { report, findings in lines.append("\(report.file) \(findings.count)") }
            try spill.forEachFinding { lines.append("\($0.fingerprint) \($0.message)") }
            try spill.forEachFindingCells { lines.append(String(decoding: $0.message, as: UTF8.self)) }
            for index in 0..<spill.counts.reports { lines.append(try spill.report(at: index).file) }
            return lines
        }
        let expected = try read()
        #expect(expected.count == 2 * 1000 + 2 * 3)
        let results = Mutex<[[String]]>([])
        DispatchQueue.concurrentPerform(iterations: 4) { _ in
            let lines = (try? read()) ?? []
            results.withLock { $0.append(lines) }
        }
        #expect(results.withLock { $0 }.allSatisfy { $0 == expected })
    }
}
