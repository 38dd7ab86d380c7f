import Foundation
import GKModel
import GKParse

/// The report an example describes: a complete, consistent 2021-format report whose tables are all zero,
/// changed by what the example states (metadata, cells, text, labels, units, parts left out); or a whole
/// report written out. It is written as report text and read by the real parser, so examples exercise
/// exactly what an audit does.
struct ExampleReport: Sendable {
    /// A cell's content: a number or text as written, or blank.
    enum CellText: Sendable, Hashable {
        case written(String)
        case blank
    }

    var file = "示例/某某市某某局.txt"
    /// A whole report as text; when set, everything else but `file` is ignored.
    var wholeText: String?
    var agency: String? = "某某市某某局"
    var year = 2024
    /// The title; by default `<agency><year>年政府信息公开工作年度报告`.
    var title: String?
    /// The year of the statistical period sentence (by default the report's year); `.some(nil)` leaves it out.
    var periodYear: Int??
    /// The 数据核定 date as written (by default 31 December of the year); `.some(nil)` leaves it out.
    var dataDate: String??
    /// The signing date as written (by default 20 January of the next year); `.some(nil)` leaves it out.
    var published: String??
    var cells: [CellPath: CellText] = [:]
    /// Section ID (or `preamble`) → text placed at the start of the section.
    var text: [String: String] = [:]
    /// `applications.new` → a row label; `disclosure.regulations.repealed` → a column header.
    var labels: [String: String] = [:]
    /// `disclosure.fees.amount` → the unit written in its header.
    var units: [String: String] = [:]
    /// Section and table IDs to leave out.
    var omitted: Set<String> = []
    /// Other files the corpus holds for the same agency and year.
    var duplicates: [String] = []

    func report() -> Report {
        ReportParser.parse(text: wholeText ?? render(), file: file)
    }

    // MARK: Writing the report

    func render() -> String {
        var lines: [String] = []
        let titleLine = title ?? "\(agency ?? "")\(year)年政府信息公开工作年度报告"
        lines.append(titleLine)
        lines.append("")
        if let preamble = text[Narrative.preamble] { lines.append(preamble) }
        if let periodYear = periodYear ?? year {
            lines.append("本报告所列数据的统计期限自\(periodYear)年1月1日起至\(periodYear)年12月31日止。")
        }
        for section in SectionID.allCases {
            if !omitted.contains(section.rawValue) { lines.append(section.standardHeading) }
            if let body = text[section.rawValue] { lines.append(body) }
            switch section {
            case .proactive:
                if let dataDate = dataDate ?? "\(year)年12月31日" { lines.append("数据核定时间点为\(dataDate)。") }
                if !omitted.contains(TableID.disclosure.rawValue) { lines += disclosureTable() }
            case .requests:
                if !omitted.contains(TableID.applications.rawValue) { lines += applicationsTable() }
            case .review:
                if !omitted.contains(TableID.reviewLitigation.rawValue) { lines += reviewTable() }
            default: break
            }
            lines.append("")
        }
        if let agency { lines.append(agency) }
        if let published = published ?? "\(year + 1)年1月20日" { lines.append(published) }
        return lines.joined(separator: "\n") + "\n"
    }

    private func value(_ table: TableID, _ row: String, _ column: String) -> String {
        switch cells[CellPath(table: table, row: row, column: column)] {
        case .written(let text)?: return text
        case .blank?: return ""
        case nil: return "0"
        }
    }

    private func rowLabel(_ table: TableID, _ row: RowSpec) -> String {
        labels["\(table.rawValue).\(row.id)"] ?? row.label
    }

    private func columnHeader(_ row: RowSpec, _ column: ColumnSpec) -> String {
        let key = "disclosure.\(row.id).\(column.id)"
        if let unit = units[key] { return "本年收费金额（单位：\(unit)）" }
        return labels[key] ?? column.label
    }

    private func disclosureTable() -> [String] {
        var lines: [String] = []
        var group: String?
        for row in Schema.table(.disclosure, format: .v2021).rows {
            if row.group != group {
                group = row.group
                lines.append((row.group ?? "") + "\t\t\t")
                lines.append((["信息内容"] + row.columns.map { columnHeader(row, $0) }).joined(separator: "\t"))
            }
            lines.append(([rowLabel(.disclosure, row)] + row.columnIDs.map { value(.disclosure, row.id, $0) })
                .joined(separator: "\t"))
        }
        return lines
    }

    private func applicationsTable() -> [String] {
        let header = { (id: String, standard: String) in labels["applications.\(id)"] ?? standard }
        var lines = [
            "(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)\t\t申请人情况\t\t\t\t\t\t\(header("total", "总计"))",
            "\t\t\(header("natural_person", "自然人"))\t法人或其他组织",
            "\t\t\t" + ["business", "research", "social_org", "legal_service", "other_org"]
                .map { id in header(id, Schema.applicantColumns.first { $0.id == id }!.label) }.joined(separator: "\t"),
        ]
        for row in Schema.table(.applications, format: .v2021).rows {
            let values = row.columnIDs.map { value(.applications, row.id, $0) }
            lines.append(([rowLabel(.applications, row), ""] + values).joined(separator: "\t"))
        }
        return lines
    }

    private func reviewTable() -> [String] {
        let columns = Schema.reviewColumns.map(\.label)
        let values = Schema.table(.reviewLitigation, format: .v2021).rows.flatMap { row in
            row.columnIDs.map { value(.reviewLitigation, row.id, $0) }
        }
        return [
            "行政复议\t\t\t\t\t行政诉讼",
            (columns + ["未经复议直接起诉", "", "", "", "", "复议后起诉"]).joined(separator: "\t"),
            (Array(repeating: "", count: 5) + columns + columns).joined(separator: "\t"),
            values.joined(separator: "\t"),
        ]
    }
}
