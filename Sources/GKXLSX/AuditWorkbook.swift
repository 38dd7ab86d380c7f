import Foundation
import GKExport
import GKModel

/// The supervisors' workbook of an audit: 概览, 问题清单, 年度对比, 提取数据, 规则.
public enum AuditWorkbook {
    /// Where it was made from, for the 概览 sheet.
    public struct Provenance: Sendable {
        public let corpus: String
        public let rules: String
        public let created: String

        public init(corpus: String, rules: String, created: String) {
            self.corpus = corpus
            self.rules = rules
            self.created = created
        }
    }

    public static let sheetNames = ["概览", "问题清单", "年度对比", "提取数据", "规则"]
    public static let findingHeaders = ["序号", "机构", "年度", "文件", "行号", "规则ID", "规则名称", "严重程度", "问题描述",
                                        "期望值", "实际值", "差额", "原文摘录", "核实状态"]
    public static let triageChoices = ["待核实", "已确认", "误报"]

    /// Finding rows a sheet holds (Excel's row limit, less the header); more continue on a further sheet.
    public static let findingsPerSheet = 1_048_575

    /// Writes the workbook to a temporary file beside `path`, then renames it into place. The records are read in
    /// order, once for each sheet, and rows are written as they are read: memory stays flat however many there are.
    /// `beforeClosing` runs when every sheet is filled, before the file is made (where the library reports what is
    /// wrong with it); what it throws drops the workbook.
    public static func write(_ output: AuditRecords, provenance: Provenance, to path: String,
                             findingsPerSheet: Int = findingsPerSheet,
                             beforeClosing: () throws -> Void = {}) throws(XLSXError) {
        let folder = (path as NSString).deletingLastPathComponent
        let temporary = (folder.isEmpty ? "." : folder) + "/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        do {
            let workbook = try Workbook(path: temporary, constantMemory: true)
            let styles = try Styles(workbook)
            try overview(output, provenance, workbook, styles)
            let carryoverFiles = try findings(output, workbook, styles, perSheet: findingsPerSheet)
            try years(output, carryoverFiles: carryoverFiles, workbook, styles)
            try extracted(output, workbook, styles)
            try rules(output, workbook, styles)
            try beforeClosing()
            try workbook.close()
        } catch {
            unlink(temporary)
            throw error as? XLSXError ?? XLSXError("读取审核结果", message: "\(error)")
        }
        guard rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw XLSXError("rename", message: "无法写入 \(path)：\(reason)")
        }
    }

    /// The formats the sheets share.
    struct Styles {
        let header: CellFormat
        let title: CellFormat
        let wrap: CellFormat
        let bySeverity: SeverityFormats
        let wrapBySeverity: SeverityFormats
        let mismatch: CellFormat
        let muted: CellFormat

        init(_ workbook: Workbook) throws(XLSXError) {
            header = try workbook.addFormat(bold: true, wrap: true, background: 0xD9E1F2, border: true)
            title = try workbook.addFormat(bold: true)
            wrap = try workbook.addFormat(wrap: true)
            bySeverity = try SeverityFormats(workbook, wrap: false)
            wrapBySeverity = try SeverityFormats(workbook, wrap: true)
            mismatch = try workbook.addFormat(bold: true, background: 0xF4B6B2)
            muted = try workbook.addFormat(color: 0x808080)
        }
    }

    /// A format for each severity, in its colour.
    struct SeverityFormats {
        private let error: CellFormat, warning: CellFormat, info: CellFormat

        init(_ workbook: Workbook, wrap: Bool) throws(XLSXError) {
            error = try workbook.addFormat(wrap: wrap, background: 0xFDE2E1)
            warning = try workbook.addFormat(wrap: wrap, background: 0xFFF2CC)
            info = try workbook.addFormat(wrap: wrap, background: 0xE8F1FB)
        }

        subscript(severity: Severity) -> CellFormat {
            switch severity {
            case .error: return error
            case .warning: return warning
            case .info: return info
            }
        }
    }

    // MARK: 概览

    private static func overview(_ output: AuditRecords, _ provenance: Provenance, _ workbook: Workbook,
                                 _ styles: Styles) throws(XLSXError) {
        let counts = output.counts
        let sheet = try workbook.addSheet("概览")
        try sheet.setColumn(0, width: 34)
        try sheet.setColumn(1, width: 40)
        for column in 2...4 { try sheet.setColumn(column, width: 10) }
        var row = 0
        try sheet.write(row, 0, "政府信息公开工作年度报告审核结果", styles.title)
        row += 2
        let facts: [(String, String)] = [
            ("生成时间", provenance.created), ("语料", provenance.corpus), ("规则", provenance.rules),
            ("gkaudit 版本", output.toolVersion), ("读取报告", "\(counts.reports) 份"),
            ("无法读取", "\(counts.errors) 个"), ("已豁免问题", "\(counts.suppressed) 个"),
        ]
        for (name, value) in facts {
            try sheet.write(row, 0, name, styles.header)
            try sheet.write(row, 1, value)
            row += 1
        }
        row += 1
        try sheet.write(row, 0, "严重程度", styles.header)
        try sheet.write(row, 1, "问题数", styles.header)
        row += 1
        for (severity, count) in counts.countsBySeverity {
            try sheet.write(row, 0, severity.chinese, styles.bySeverity[severity])
            try sheet.write(row, 1, number: Double(count))
            row += 1
        }
        row += 1
        try sheet.write(row, 0, "规则", styles.header)
        try sheet.write(row, 1, "规则名称", styles.header)
        try sheet.write(row, 2, "问题数", styles.header)
        row += 1
        let titles = Dictionary(output.rules.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })
        let byRule = counts.countsByRule
        let firstRuleRow = row
        for (rule, count) in byRule {
            try sheet.write(row, 0, rule)
            try sheet.write(row, 1, titles[rule] ?? "")
            try sheet.write(row, 2, number: Double(count))
            row += 1
        }
        let chartRow = row + 1
        row += 1
        if !byRule.isEmpty { row += max(16, byRule.count + 4) }
        try sheet.write(row, 0, "机构", styles.header)
        for (offset, severity) in Severity.allCases.reversed().enumerated() {
            try sheet.write(row, 1 + offset, severity.chinese, styles.header)
        }
        row += 1
        for (agency, bySeverity) in counts.countsByAgency {
            try sheet.write(row, 0, agency)
            for (offset, severity) in Severity.allCases.reversed().enumerated() {
                try sheet.write(row, 1 + offset, number: Double(bySeverity[severity] ?? 0))
            }
            row += 1
        }
        if !byRule.isEmpty {
            let chart = try workbook.addBarChart(title: "各规则问题数", sheet: "概览",
                                                 categories: (firstRuleRow, firstRuleRow + byRule.count - 1, 0), values: 2)
            try sheet.insertChart(chart, row: chartRow, column: 0)
        }
    }

    // MARK: 问题清单

    /// The findings' rows, continued on further sheets past `perSheet`; the files of the findings of
    /// `diff.carryover-mismatch` (for 年度对比).
    private static func findings(_ output: AuditRecords, _ workbook: Workbook, _ styles: Styles,
                                 perSheet: Int) throws -> Set<String> {
        let total = output.counts.active
        let widths = try fittedWidths(output, total: total)
        var carryoverFiles = Set<String>()
        var sheet = try findingSheet(1, rows: min(total, perSheet), widths, workbook, styles)
        var number = 0
        try output.forEachFindingCells { finding in
            guard !finding.isSuppressed else { return }
            if finding.rule.count == carryoverRule.count, finding.rule.elementsEqual(carryoverRule) {
                carryoverFiles.insert(String(decoding: finding.file, as: UTF8.self))
            }
            if number > 0, number % perSheet == 0 {
                sheet = try findingSheet(number / perSheet + 1, rows: min(total - number, perSheet), widths, workbook, styles)
            }
            number += 1
            try findingRow(finding, number: number, row: (number - 1) % perSheet + 1, sheet, widths, styles)
        }
        return carryoverFiles
    }

    /// A sheet of 问题清单 (the first, or a continuation) with its widths, frozen header, filter, drop-down and
    /// header row, ready for `rows` rows to stream in.
    private static func findingSheet(_ part: Int, rows: Int, _ widths: [Double], _ workbook: Workbook,
                                     _ styles: Styles) throws(XLSXError) -> Sheet {
        let sheet = try workbook.addSheet(part == 1 ? "问题清单" : "问题清单（续\(part - 1)）")
        for (column, width) in widths.enumerated() {
            try sheet.setColumn(column, width: width, [8, 12].contains(column) ? styles.wrap : nil)
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(firstRow: 0, lastRow: max(rows, 1), lastColumn: findingHeaders.count - 1)
        if rows > 0 {
            try sheet.dropDown(column: findingHeaders.count - 1, firstRow: 1, lastRow: rows, choices: triageChoices)
        }
        for (column, header) in findingHeaders.enumerated() { try sheet.write(0, column, header, styles.header) }
        return sheet
    }

    /// The rule whose findings' files 年度对比 marks.
    private static let carryoverRule = Array("diff.carryover-mismatch".utf8)
    /// The agency column of a finding that names none.
    private static let unknownAgency = "（机关不详）"

    private static func findingRow(_ finding: FindingCells, number: Int, row: Int, _ sheet: Sheet, _ widths: [Double],
                                   _ styles: Styles) throws(XLSXError) {
        // Text with no line feed is one line, however short.
        let lines = max(CellText.lines(finding.message, width: widths[8]), finding.evidence.map { CellText.lines($0, width: widths[12]) } ?? 1)
        try sheet.setRow(row, height: CellText.rowHeight(lines: lines))
        let plain = styles.bySeverity[finding.severity], wrapped = styles.wrapBySeverity[finding.severity]
        try sheet.write(row, 0, number: Double(number), plain)
        if let agency = finding.agency { try sheet.write(row, 1, utf8: agency, plain) } else { try sheet.write(row, 1, unknownAgency, plain) }
        try writeOptional(sheet, row, 2, finding.year.map(Double.init), plain)
        try sheet.write(row, 3, utf8: finding.file, plain)
        try writeOptional(sheet, row, 4, finding.line.map(Double.init), plain)
        try sheet.write(row, 5, utf8: finding.rule, plain)
        try sheet.write(row, 6, utf8: finding.title, plain)
        try sheet.write(row, 7, finding.severity.chinese, plain)
        try sheet.write(row, 8, utf8: finding.message, wrapped)
        try writeValue(sheet, row, 9, finding.expected, plain)
        try writeValue(sheet, row, 10, finding.actual, plain)
        try writeValue(sheet, row, 11, finding.difference, plain)
        if let evidence = finding.evidence { try sheet.write(row, 12, utf8: evidence, wrapped) } else { try sheet.write(row, 12, "", wrapped) }
        try sheet.write(row, 13, triageChoices[0], plain)
    }

    /// Stops reading records early.
    private struct Enough: Error {}

    /// Column widths of 问题清单 fitted to the contents of the first 10,000 active findings (a CJK character is two
    /// units), between the header's width and a cap; the message and excerpt columns wrap within 60.
    static func fittedWidths(_ output: AuditRecords, total: Int) throws -> [Double] {
        let caps: [Double] = [8, 30, 6, 48, 8, 40, 36, 8, 60, 12, 12, 10, 60, 10]
        var widths = findingHeaders.map(CellText.displayWidth)
        func fit(_ column: Int, _ width: Int) { widths[column] = max(widths[column], width) }
        var sampled = 0
        do {
            try output.forEachFindingCells { finding in
                guard !finding.isSuppressed else { return }
                guard sampled < 10_000 else { throw Enough() }
                sampled += 1
                fit(1, finding.agency.map(CellText.displayWidth) ?? CellText.displayWidth(unknownAgency))
                fit(3, CellText.displayWidth(finding.file))
                fit(5, CellText.displayWidth(finding.rule))
                fit(6, CellText.displayWidth(finding.title))
                fit(7, CellText.displayWidth(finding.severity.chinese))
                fit(8, CellText.displayWidth(finding.message))
                fit(9, displayWidth(finding.expected))
                fit(10, displayWidth(finding.actual))
                fit(11, displayWidth(finding.difference))
                fit(12, finding.evidence.map(CellText.displayWidth) ?? 0)
            }
        } catch is Enough {}
        // The number, year, line and triage columns, whose widths are the same for every finding.
        if sampled > 0 {
            for (column, text) in [(0, String(total)), (2, "0000"), (4, "00000"), (13, triageChoices[0])] {
                fit(column, CellText.displayWidth(text))
            }
        }
        return zip(widths, caps).map { min(Double($0 + 2), $1) }
    }

    /// The width of a value's text (a whole number's digits and sign, counted without making its text).
    private static func displayWidth(_ value: FindingValue?) -> Int {
        switch value {
        case nil: return 0
        case .integer(let number)?:
            var digits = 1, rest = number.magnitude
            while rest >= 10 {
                digits += 1
                rest /= 10
            }
            return number < 0 ? digits + 1 : digits
        case let other?: return CellText.displayWidth(other.description)
        }
    }

    private static func writeOptional(_ sheet: Sheet, _ row: Int, _ column: Int, _ value: Double?,
                                      _ format: CellFormat?) throws(XLSXError) {
        if let value { try sheet.write(row, column, number: value, format) } else { try sheet.writeBlank(row, column, format) }
    }

    /// A finding's value: numbers as numbers (exact integers; amounts through their decimal text), the rest as text.
    private static func writeValue(_ sheet: Sheet, _ row: Int, _ column: Int, _ value: FindingValue?,
                                   _ format: CellFormat?) throws(XLSXError) {
        switch value {
        case .integer(let v)?: try sheet.write(row, column, number: Double(v), format)
        case .decimal(let v)?: try sheet.write(row, column, number: NSDecimalNumber(decimal: v).doubleValue, format)
        case let other?: try sheet.write(row, column, other.description, format)
        case nil: try sheet.writeBlank(row, column, format)
        }
    }

    private static func writeCell(_ sheet: Sheet, _ row: Int, _ column: Int, _ value: CellValue?,
                                  _ format: CellFormat? = nil) throws(XLSXError) {
        switch value {
        case .integer(let v)?: try sheet.write(row, column, number: Double(v), format)
        case .decimal(let v)?: try sheet.write(row, column, number: NSDecimalNumber(decimal: v).doubleValue, format)
        case .text(let v)?: try sheet.write(row, column, v, format)
        case nil: try sheet.writeBlank(row, column, format)
        }
    }

    // MARK: 年度对比

    /// The key figures of 年度对比: a name and the cells summed for it, as columns of a report's cells (nil: a cell no
    /// format has).
    static let keyFigures: [(name: String, columns: [Int?])] = ([
        ("新收", ["applications.new.total"]),
        ("上年结转", ["applications.carried_in.total"]),
        ("办理结果总计", ["applications.outcome_total.total"]),
        ("结转下年", ["applications.carried_over.total"]),
        ("行政许可", ["disclosure.licensing.decisions"]),
        ("行政处罚", ["disclosure.punishment.decisions"]),
        ("行政强制", ["disclosure.coercion.decisions"]),
        ("行政复议", ["review_litigation.review.total"]),
        ("行政诉讼", ["review_litigation.litigation_direct.total", "review_litigation.litigation_after_review.total"]),
    ] as [(String, [String])]).map { figure in
        (figure.0, figure.1.map { CellPath($0).flatMap(AuditOutput.cellColumns.firstIndex(of:)) })
    }

    /// A key figure of a report: the sum of its cells, nil when one is blank or not a number.
    static func figure(_ entry: AuditOutput.ReportEntry, _ columns: [Int?]) -> Int? {
        var total = 0
        for column in columns {
            guard let column, column < entry.cells.count, case .integer(let value)? = entry.cells[column] else { return nil }
            total += value
        }
        return total
    }

    private static func years(_ output: AuditRecords, carryoverFiles: Set<String>, _ workbook: Workbook,
                              _ styles: Styles) throws {
        let sheet = try workbook.addSheet("年度对比")
        let headers = ["机构", "年度", "文件"] + keyFigures.flatMap { [$0.name, "较上年"] }
        try sheet.setColumn(0, width: 24)
        try sheet.setColumn(1, width: 6)
        try sheet.setColumn(2, width: 30)
        for column in 3..<headers.count { try sheet.setColumn(column, width: column % 2 == 1 ? 12 : 7) }
        sheet.freeze(rows: 1, columns: 2)
        let rows = output.agencyYears.byAgencyAndYear()
        try sheet.autofilter(firstRow: 0, lastRow: max(rows.count, 1), lastColumn: headers.count - 1)
        for (column, header) in headers.enumerated() { try sheet.write(0, column, header, styles.header) }
        for (offset, (report, previousReport)) in rows.enumerated() {
            let row = offset + 1
            let entry = try output.report(at: report)
            let previous = try previousReport.map(output.report(at:))
            try sheet.write(row, 0, entry.agency ?? "（机关不详）")
            try writeOptional(sheet, row, 1, entry.year.map(Double.init), nil)
            try sheet.write(row, 2, entry.file)
            for (index, figure) in keyFigures.enumerated() {
                let column = 3 + 2 * index
                let value = Self.figure(entry, figure.columns)
                let highlight = figure.name == "上年结转" && carryoverFiles.contains(entry.file) ? styles.mismatch : nil
                try writeOptional(sheet, row, column, value.map(Double.init), highlight)
                if let value, let previous, let before = Self.figure(previous, figure.columns) {
                    try sheet.write(row, column + 1, number: Double(value - before), styles.muted)
                } else {
                    try sheet.writeBlank(row, column + 1, nil)
                }
            }
        }
    }

    // MARK: 提取数据

    private static func extracted(_ output: AuditRecords, _ workbook: Workbook, _ styles: Styles) throws {
        let reports = output.counts.reports
        let sheet = try workbook.addSheet("提取数据")
        let fixed = ["文件", "机构", "年度", "格式"]
        let columns = AuditOutput.cellColumns
        try sheet.setColumn(0, width: 30)
        try sheet.setColumn(1, width: 24)
        for column in fixed.count..<(fixed.count + columns.count) { try sheet.setColumn(column, width: 12) }
        sheet.freeze(rows: 2, columns: 2)
        try sheet.autofilter(firstRow: 1, lastRow: max(reports + 1, 2), lastColumn: fixed.count + columns.count - 1)
        // Two header rows (constant-memory mode writes rows in order): the Chinese names, then the IDs.
        let names = fixed + columns.map(CellNames.label)
        let ids = ["file", "agency", "year", "format"] + columns.map(\.description)
        for (row, headers) in [names, ids].enumerated() {
            for (column, header) in headers.enumerated() { try sheet.write(row, column, header, styles.header) }
        }
        var row = 2
        try output.forEachReport { entry in
            defer { row += 1 }
            try sheet.write(row, 0, entry.file)
            try sheet.write(row, 1, entry.agency ?? "")
            try writeOptional(sheet, row, 2, entry.year.map(Double.init), nil)
            try sheet.write(row, 3, entry.format.rawValue)
            for (index, value) in entry.cells.enumerated() { try writeCell(sheet, row, fixed.count + index, value) }
        }
    }

    // MARK: 规则

    private static func rules(_ output: AuditRecords, _ workbook: Workbook, _ styles: Styles) throws(XLSXError) {
        let sheet = try workbook.addSheet("规则")
        let headers = ["规则ID", "规则名称", "严重程度", "依据", "参考", "问题数", "定义于"]
        for (column, width) in [32.0, 30, 8, 70, 40, 8, 36].enumerated() where column < headers.count {
            try sheet.setColumn(column, width: width, [3, 4].contains(column) ? styles.wrap : nil)
        }
        sheet.freeze(rows: 1)
        try sheet.autofilter(firstRow: 0, lastRow: max(output.rules.count, 1), lastColumn: headers.count - 1)
        for (column, header) in headers.enumerated() { try sheet.write(0, column, header, styles.header) }
        let counts = Dictionary(uniqueKeysWithValues: output.counts.countsByRule)
        for (offset, rule) in output.rules.enumerated() {
            let row = offset + 1
            let lines = max(CellText.lines(rule.rationale, width: 70), CellText.lines(rule.references.joined(separator: "\n"), width: 40))
            try sheet.setRow(row, height: CellText.rowHeight(lines: lines))
            try sheet.write(row, 0, rule.id)
            try sheet.write(row, 1, rule.title)
            try sheet.write(row, 2, rule.severity.chinese, styles.bySeverity[rule.severity])
            try sheet.write(row, 3, rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines), styles.wrap)
            try sheet.write(row, 4, rule.references.joined(separator: "\n"), styles.wrap)
            try sheet.write(row, 5, number: Double(counts[rule.id] ?? 0))
            try sheet.write(row, 6, rule.source)
        }
    }
}
