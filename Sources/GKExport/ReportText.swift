import GKModel

/// Terminal display width: CJK and full-width characters take two columns.
public enum DisplayWidth {
    public static func of(_ text: String) -> Int {
        text.unicodeScalars.reduce(0) { $0 + width($1) }
    }

    static func width(_ scalar: Unicode.Scalar) -> Int {
        let v = scalar.value
        if v < 0x1100 { return 1 }
        if (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v) {
            return 2
        }
        return 1
    }

    /// The text padded with spaces to `width` columns (left-aligned, or right-aligned for numbers).
    public static func pad(_ text: String, to width: Int, right: Bool = false) -> String {
        let padding = String(repeating: " ", count: max(0, width - of(text)))
        return right ? padding + text : text + padding
    }
}

/// The text a report was read as, a numbered line each (`gkaudit extract --format text`): the lines that findings
/// name, also for a web page, Word document or PDF, whose text is read out of the document first.
public enum ReportLinesText {
    public static func render(_ report: Report, document: String? = nil) -> String {
        var out = "== \(report.file)\(document.map { "（\($0)）" } ?? "")\n"
        let width = String(report.lines.count).count
        for (index, line) in report.lines.enumerated() {
            let number = String(index + 1)
            out += String(repeating: " ", count: width - number.count) + number + "  " + line + "\n"
        }
        return out
    }
}

/// The extracted report as aligned text tables with Chinese labels (`gkaudit extract --format table`).
public enum ReportText {
    public static let missingMark = "—"

    public static func render(_ report: Report, encoding: String? = nil, document: String? = nil) -> String {
        let meta = report.metadata
        var out = "== \(report.file)\n"
        func line(_ label: String, _ value: String?, _ source: MetadataSource?, _ at: Int?) {
            let where_ = source.map { "（来源：\(sourceName($0))\(at.map { "，第 \($0) 行" } ?? "")）" } ?? ""
            out += "\(DisplayWidth.pad(label, to: 10))\(value ?? "（未找到）")\(value == nil ? "" : where_)\n"
        }
        line("标题", meta.title?.value, meta.title?.source, meta.title?.line)
        line("机构", meta.agency?.value, meta.agency?.source, meta.agency?.line)
        line("年度", meta.year.map { "\($0.value)" }, meta.year?.source, meta.year?.line)
        line("格式", "\(meta.format.rawValue) 版", nil, nil)
        line("统计期限", meta.period.map { "\($0.value.start.chinese) 至 \($0.value.end.chinese)" },
             meta.period?.source, meta.period?.line)
        line("数据核定", meta.dataDate?.value.chinese, meta.dataDate?.source, meta.dataDate?.line)
        line("发布日期", meta.published?.value.chinese, meta.published?.source, meta.published?.line)
        if let document { line("文件类型", document, nil, nil) }
        if let encoding { line("编码", encoding, nil, nil) }
        out += "章节\n"
        for id in SectionID.allCases {
            if let section = report.sections[id] {
                out += "  \(DisplayWidth.pad(id.rawValue, to: 10))第 \(section.lines.lowerBound)–\(section.lines.upperBound) 行  \(section.heading)\n"
            } else {
                out += "  \(DisplayWidth.pad(id.rawValue, to: 10))（未找到：\(id.standardHeading)）\n"
            }
        }
        out += "\n"
        for id in TableID.allCases {
            out += renderTable(report, id)
            out += "\n"
        }
        for note in report.notes {
            out += "注意\(note.line.map { "（第 \($0) 行）" } ?? "")：\(note.message)\n"
        }
        return out
    }

    static func sourceName(_ source: MetadataSource) -> String {
        switch source {
        case .title: return "标题"
        case .period: return "统计期限"
        case .dataDate: return "数据核定时间"
        case .signature: return "落款"
        case .manifest: return "清单文件"
        case .path: return "文件路径"
        case .inferred: return "正文推断"
        }
    }

    private static func renderTable(_ report: Report, _ id: TableID) -> String {
        let table = report.table(id)
        let spec = Schema.table(id, format: report.metadata.format)
        var out = "【\(id.title)】 \(id.rawValue)"
        guard table.isPresent else { return out + "  （未找到此表）\n" }
        out += table.lines.map { "  第 \($0.lowerBound)–\($0.upperBound) 行" } ?? ""
        out += "\n"
        var rows: [[String]] = []
        let uniform = Set(spec.rows.map(\.columns)).count == 1
        if uniform, let columns = spec.rows.first?.columns {
            rows.append(["", ""] + columns.map(\.label))
            for row in spec.rows {
                rows.append([row.label, row.id] + columns.map { display(table.cell(row: row.id, column: $0.id)) })
            }
        } else {
            for row in spec.rows {
                let cells = row.columns.map { "\($0.label) \(display(table.cell(row: row.id, column: $0.id)))" }
                rows.append([row.label, row.id] + cells)
            }
        }
        let widths = (0..<(rows.map(\.count).max() ?? 0)).map { column in
            rows.map { column < $0.count ? DisplayWidth.of($0[column]) : 0 }.max() ?? 0
        }
        for row in rows {
            let cells = row.enumerated().map { index, text in
                DisplayWidth.pad(text, to: widths[index], right: uniform && index >= 2)
            }
            out += "  " + cells.joined(separator: "  ").replacingTrailingSpaces() + "\n"
        }
        return out
    }

    private static func display(_ cell: Cell) -> String {
        switch cell.value {
        case nil: return missingMark
        case .integer(let v): return String(v)
        case .decimal(let v): return "\(v)"
        case .text(let v): return "“\(v)”"
        }
    }
}

extension String {
    func replacingTrailingSpaces() -> String {
        var s = self
        while s.hasSuffix(" ") { s.removeLast() }
        return s
    }
}
