import Foundation
import GKModel

/// `gkaudit diff OLD NEW` for a person: the cells that changed, the text section by section, the findings.
public enum ComparisonText {
    public static func render(_ comparison: ReportComparison, findings: [Finding]) -> String {
        var text = "\(comparison.agency ?? "（机关不详）")：\(year(comparison.oldYear)) → \(year(comparison.newYear))\n"
        text += "  旧：\(comparison.oldFile)（\(comparison.oldFormat.rawValue) 年格式）\n"
        text += "  新：\(comparison.newFile)（\(comparison.newFormat.rawValue) 年格式）\n"
        if !comparison.notComparable.isEmpty {
            text += "两年格式不同，只比较含义相同的单元格；未比较：\(comparison.notComparable.joined(separator: "；"))。\n"
        }
        let changed = comparison.cells.filter { !same($0.old, $0.new) }
        text += "\n表格：比较 \(comparison.cells.count) 个单元格，\(changed.count) 个有变化\n"
        let rows = changed.map { change in
            [CellNames.label(change.path), value(change.old), value(change.new), difference(change)]
        }
        text += table(header: ["单元格", "旧", "新", "变化"], rows: rows)
        text += "\n正文（按部分；相似度 ≥ 90% 视为沿用）\n"
        for section in comparison.sections {
            text += "  \(SectionID(rawValue: section.section)?.standardHeading ?? section.section)："
                + "沿用 \(section.carried.count) 段，新增 \(section.added.count) 段，删去 \(section.removed.count) 段\n"
            for (_, new, similarity) in section.carried {
                text += "    = 第 \(new.line) 行（相似度 \(similarity)%）：\(excerpt(new.text))\n"
            }
            for paragraph in section.added { text += "    + 第 \(paragraph.line) 行：\(excerpt(paragraph.text))\n" }
            for paragraph in section.removed { text += "    - 旧第 \(paragraph.line) 行：\(excerpt(paragraph.text))\n" }
        }
        text += "\n跨年度问题：\(findings.isEmpty ? "无" : "\(findings.count) 个")\n"
        for finding in findings {
            text += "  \(finding.file)\(finding.line.map { ":\($0)" } ?? ""): \(finding.severity.chinese) \(finding.rule)\n"
            text += "    \(finding.message)\n"
        }
        return text
    }

    static func year(_ year: Int?) -> String { year.map { "\($0) 年" } ?? "年度不详" }

    static func value(_ value: CellValue?) -> String {
        switch value {
        case .integer(let v)?: return String(v)
        case .decimal(let v)?: return "\(v)"
        case .text(let v)?: return v
        case nil: return "—"
        }
    }

    static func same(_ a: CellValue?, _ b: CellValue?) -> Bool { a == b }

    static func difference(_ change: ReportComparison.CellChange) -> String {
        guard let old = change.old?.number, let new = change.new?.number else { return "" }
        let delta = new - old
        return delta > 0 ? "+\(delta)" : "\(delta)"
    }

    static func excerpt(_ text: String) -> String { text.count > 60 ? String(text.prefix(60)) + "…" : text }

    static func table(header: [String], rows: [[String]]) -> String {
        guard !rows.isEmpty else { return "  （无变化）\n" }
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { DisplayWidth.of($0[column]) }.max() ?? 0 }
        return all.map { row in
            "  " + row.indices.map { DisplayWidth.pad(row[$0], to: widths[$0], right: $0 > 0) }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}

/// `gkaudit diff OLD NEW --format json`.
public enum ComparisonJSON {
    public static func value(_ comparison: ReportComparison, findings: [Finding]) -> JSONValue {
        func paragraph(_ p: ReportComparison.Paragraph) -> JSONValue {
            .object([("line", .integer(p.line)), ("text", .string(p.text))])
        }
        return .object([
            ("agency", .optional(comparison.agency) { .string($0) }),
            ("old", .object([("file", .string(comparison.oldFile)), ("year", .optional(comparison.oldYear) { .integer($0) }),
                             ("format", .string(comparison.oldFormat.rawValue))])),
            ("new", .object([("file", .string(comparison.newFile)), ("year", .optional(comparison.newYear) { .integer($0) }),
                             ("format", .string(comparison.newFormat.rawValue))])),
            ("not_comparable", .array(comparison.notComparable.map { .string($0) })),
            ("cells", .array(comparison.cells.map { change in
                .object([
                    ("cell", .string(change.path.description)),
                    ("old", ReportJSON.cellValue(change.old)),
                    ("new", ReportJSON.cellValue(change.new)),
                    ("change", .optional(change.new?.number.flatMap { new in change.old?.number.map { new - $0 } }) { .decimal($0) }),
                ])
            })),
            ("sections", .array(comparison.sections.map { section in
                .object([
                    ("section", .string(section.section)),
                    ("carried", .array(section.carried.map { carried in
                        .object([("old", paragraph(carried.old)), ("new", paragraph(carried.new)),
                                 ("similarity", .integer(carried.similarity))])
                    })),
                    ("added", .array(section.added.map(paragraph))),
                    ("removed", .array(section.removed.map(paragraph))),
                ])
            })),
            ("findings", .array(findings.map(AuditJSON.finding))),
        ])
    }
}

/// The standard Chinese name of a cell: `一、本年新收政府信息公开申请数量·自然人`, `（三）不予公开1.属于国家秘密·总计`,
/// `行政许可` for a one-column row.
public enum CellNames {
    public static func label(_ path: CellPath) -> String {
        guard let (row, column) = Schema.column(at: path, format: .v2021) ?? Schema.column(at: path, format: .v2019) else {
            return path.description
        }
        let rowName = row.group.map { group in group.hasPrefix("第二十条") || group.hasPrefix("三、") ? row.label : "\(group)\(row.label)" }
            ?? row.label
        return row.columns.count == 1 ? rowName : "\(rowName)·\(column.label)"
    }
}
