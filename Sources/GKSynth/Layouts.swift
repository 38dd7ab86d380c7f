import GKModel

/// The ways a report's tables are laid out as text, each one the parser reads (README, "Layouts of the tables").
public enum SynthLayout: String, CaseIterable, Sendable {
    /// A table row per line, cells separated by tabs, with the merged group-label cells of seeds 000/002/003.
    case tabMerged = "tab-merged"
    /// A table row per line, tabs, every row label in the first cell (no merged group cells).
    case tabFlat = "tab-flat"
    /// One cell per line, a tab before each, rows separated by blank lines, long labels broken over lines and
    /// values padded with full-width and no-break spaces (seeds 001/004).
    case cellPerLine = "cell-per-line"
    /// The same without the leading tab (an HTML table copied as text).
    case plainCells = "plain-cells"
    /// `pdftotext -layout` output: space-aligned columns, labels wrapped around their numbers (A4 page).
    case pdfLayout = "pdf-layout"
    /// The same on a narrow page, where table 2's labels wrap onto several lines.
    case pdfLayoutNarrow = "pdf-layout-narrow"
    /// Markdown tables (`| a | b |` with a `|---|` rule).
    case markdown
    /// Tabs replaced by runs of spaces (a plain-text export).
    case spaces
    /// A portal's web page (`.html`): paragraphs in `<p>`, the tables with `rowspan`/`colspan` as the template merges them.
    case html
    /// A Word document (`.docx`): `w:tbl` tables with `w:gridSpan`/`w:vMerge` for the same merges.
    case docx

    /// The file's extension, which tells the reader how to read it.
    var fileExtension: String {
        switch self {
        case .html: return "html"
        case .docx: return "docx"
        default: return "txt"
        }
    }

    /// Whether the tables are a document's own (a page's or a Word document's), not lines of text.
    var isDocument: Bool { self == .html || self == .docx }

    /// Whether a row's cells can run together in this layout (a converter that lost the separators of
    /// tab- or space-separated text, or `pdftotext` columns too close to tell apart).
    var losesCellSeparators: Bool {
        switch self {
        case .tabMerged, .tabFlat, .spaces, .pdfLayout, .pdfLayoutNarrow: return true
        case .cellPerLine, .plainCells, .markdown, .html, .docx: return false
        }
    }

    /// Whether a blank cell of table 2 or 3 keeps its place in this layout (in space-aligned text a blank
    /// cell is only a wider gap).
    var keepsBlankCellsInWideTables: Bool {
        switch self {
        case .tabMerged, .tabFlat, .cellPerLine, .markdown, .html, .docx: return true
        case .plainCells, .pdfLayout, .pdfLayoutNarrow, .spaces: return false
        }
    }
}

/// Labels and units as one report writes them (the standard wording unless an error changes it).
struct TableWording: Hashable, Sendable {
    /// Text replacements applied to every label and header of the tables: (standard, as written).
    var replacements: [(String, String)] = []
    /// The header of the fees column.
    var feesHeader = standardFeesHeader
    static let standardFeesHeader = "本年收费金额（单位：万元）"

    static func == (lhs: TableWording, rhs: TableWording) -> Bool {
        lhs.feesHeader == rhs.feesHeader && lhs.replacements.elementsEqual(rhs.replacements) { $0 == $1 }
    }
    func hash(into hasher: inout Hasher) { hasher.combine(feesHeader) }

    func apply(_ label: String) -> String {
        if replacements.isEmpty { return label }
        var label = label
        for (standard, written) in replacements where label.contains(standard) {
            label = label.replacingOccurrences(of: standard, with: written)
        }
        return label
    }
}

/// Writes the three tables in one layout.
struct TableWriter {
    let cells: SynthCells
    let wording: TableWording
    let layout: SynthLayout
    var rng: SynthRandom
    /// The row whose cells run together (written as one string of digits), if any.
    var runTogether: RunTogetherRow?

    typealias Rows = [[String]]

    // MARK: Logical rows (cells as a row-per-line table has them)

    private func disclosureRows(flat: Bool) -> Rows {
        var rows: Rows = []
        var group: String?
        for (index, row) in SynthCells.disclosureRows.enumerated() {
            if row.group != group {
                group = row.group
                rows.append([row.group ?? "", "", "", ""])
                let headers = index == SynthCells.D.fees ? [wording.feesHeader] : row.columns.map { wording.apply($0.label) }
                rows.append(["信息内容"] + headers + Array(repeating: "", count: 3 - headers.count))
            }
            let values = cells.disclosure[index].map(\.written)
            rows.append([wording.apply(row.label)] + values + Array(repeating: "", count: 3 - values.count))
        }
        return rows
    }

    /// Row labels of table 2 in the seeds' half-width style: `(一) 予以公开`, `1. 属于国家秘密` (made once).
    private static let seedStyleLabels = SynthCells.applicationRows.map { seedStyle($0.label) }
    private static let seedStyleGroups = SynthCells.applicationRows.map { row in
        row.group.flatMap { $0.hasPrefix("（") && $0 != "（七）总计" ? seedStyle($0) : nil }
    }

    private static func seedStyle(_ label: String) -> String {
        var label = label.replacingOccurrences(of: "（", with: "(").replacingOccurrences(of: "）", with: ") ")
        label = label.replacingOccurrences(of: "，", with: ", ").replacingOccurrences(of: ") 区分", with: ")区分")
        if let dot = label.firstIndex(of: "."), label.distance(from: label.startIndex, to: dot) == 1 {
            label.insert(" ", at: label.index(after: dot))
        }
        return label.replacingOccurrences(of: "情形) ", with: "情形)")
    }

    private func applicationRows(merged: Bool) -> Rows {
        var rows: Rows = [
            ["(本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和)", "", "申请人情况", "", "", "", "", "", "总计", ""],
            ["", "", "自然人", "法人或其他组织", "", "", "", "", "", ""],
            ["", "", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "", ""],
        ]
        var group: String?
        for (index, row) in SynthCells.applicationRows.enumerated() {
            let label = wording.apply(merged ? Self.seedStyleLabels[index] : row.label)
            let subgroup = Self.seedStyleGroups[index]
            if runTogether == .applications(index) {
                // The row's cells run together, and nothing after them (an empty cell would count as a column).
                let joined = cells.applications[index].map(\.written).joined()
                switch index {
                case _ where !merged: rows.append([label, "", joined])
                case SynthCells.A.new, SynthCells.A.carriedIn, SynthCells.A.carriedOver: rows.append([label, "", joined])
                case SynthCells.A.granted: rows.append(["三、本年度办理结果", label, joined])
                case SynthCells.A.partial, SynthCells.A.outcomeTotal: rows.append(["", label, joined])
                default: rows.append(["", subgroup != group ? subgroup ?? "" : "", label, joined])
                }
                group = subgroup
                continue
            }
            let values = cells.applications[index].map(\.written)
            guard merged else {
                rows.append([label, ""] + values)
                continue
            }
            switch index {
            case SynthCells.A.new, SynthCells.A.carriedIn, SynthCells.A.carriedOver:
                rows.append([label, ""] + values + [""])
            case SynthCells.A.granted:
                rows.append(["三、本年度办理结果", label] + values + [""])
            case SynthCells.A.partial, SynthCells.A.outcomeTotal:
                rows.append(["", label] + values + [""])
            default:
                if subgroup != group {
                    rows.append(["", subgroup ?? "", label] + values)
                } else {
                    rows.append(["", "", label] + values)
                }
            }
            group = subgroup
        }
        return rows
    }

    private func reviewRows() -> Rows {
        let columns = Schema.reviewColumns.map(\.label)
        return [
            ["行政复议", "", "", "", "", "行政诉讼"],
            columns + ["未经复议直接起诉", "", "", "", "", "复议后起诉"],
            Array(repeating: "", count: 5) + columns + columns,
            runTogether == .review ? [cells.review.joined().map(\.written).joined()] : cells.review.joined().map(\.written),
        ]
    }

    // MARK: Layouts

    /// The lines of one table.
    mutating func lines(_ table: TableID) -> [String] {
        switch layout {
        case .tabMerged, .tabFlat, .html, .docx:
            // (A document's tables are written by `merged`; its reader lays them out as these lines.)
            return rows(table, merged: layout != .tabFlat).map { $0.joined(separator: "\t") }
        case .spaces:
            return rows(table, merged: false).map { row in
                var line = row.joined(separator: "    ")
                while line.hasSuffix(" ") { line.removeLast() }
                return line
            }
        case .markdown:
            let rows = rows(table, merged: rng.chance(50))
            var lines = rows.map { "| " + $0.joined(separator: " | ") + " |" }
            lines.insert("|" + Array(repeating: "---", count: rows[0].count).joined(separator: "|") + "|", at: 1)
            return lines
        case .cellPerLine, .plainCells:
            return cellLines(table, lead: layout == .cellPerLine ? "\t" : "")
        case .pdfLayout, .pdfLayoutNarrow:
            return pdfLines(table)
        }
    }

    /// The table with its merged cells, for a document layout.
    func merged(_ table: TableID) -> MergedTable { MergedTable(rows: rows(table, merged: true)) }

    private func rows(_ table: TableID, merged: Bool) -> Rows {
        switch table {
        case .disclosure: return disclosureRows(flat: !merged)
        case .applications: return applicationRows(merged: merged)
        case .reviewLitigation: return reviewRows()
        }
    }

    // One cell per line, as seeds 001 and 004.

    private mutating func padded(_ value: String) -> String {
        guard !value.isEmpty else { return value }
        switch rng.int(0...9) {
        case 0...4: return value
        case 5: return "\u{3000}\u{3000}" + value
        case 6: return "\u{A0}" + value
        case 7: return value + "\u{A0}"
        case 8: return "\u{A0}\u{3000}" + value
        default: return " " + value
        }
    }

    /// A long label broken over two lines (the continuation without the leading tab), as PDF-to-text does.
    private mutating func broken(_ label: String) -> String {
        let characters = Array(label)
        guard characters.count > 14, rng.chance(35) else { return label }
        let cut = rng.int(6...characters.count - 4)
        return String(characters[..<cut]) + "\n" + String(characters[cut...])
    }

    private mutating func cellLines(_ table: TableID, lead: String) -> [String] {
        var lines: [String] = []
        func row(_ cells: [String]) {
            for cell in cells { lines.append(lead + cell) }
            lines.append("")
        }
        switch table {
        case .disclosure:
            var group: String?
            for (index, spec) in SynthCells.disclosureRows.enumerated() {
                if spec.group != group {
                    group = spec.group
                    row([spec.group ?? ""])
                    let headers = index == SynthCells.D.fees ? [wording.feesHeader] : spec.columns.map { wording.apply($0.label) }
                    row(["信息内容"] + headers)
                }
                var values: [String] = []
                for value in cells.disclosure[index] { values.append(padded(value.written)) }
                row([wording.apply(spec.label)] + values)
            }
        case .applications:
            lines += [lead + "（本列数据的勾稽关系为：第一项加第二项之和，", "等于第三项加第四项之和）", lead + "申请人情况", ""]
            row(["", "自然人", "法人或其他组织", "总计"])
            row(["", "", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", ""])
            var group: String?
            for (index, spec) in SynthCells.applicationRows.enumerated() {
                var values: [String] = []
                for value in cells.applications[index] { values.append(padded(value.written)) }
                let label = broken(wording.apply(spec.label))
                let subgroup = spec.group.flatMap { $0.hasPrefix("（") && $0 != "（七）总计" ? $0 : nil }
                switch index {
                case SynthCells.A.new, SynthCells.A.carriedIn, SynthCells.A.carriedOver: row([label] + values)
                case SynthCells.A.granted: row(["三、本年度办理结果", label] + values)
                case SynthCells.A.partial, SynthCells.A.outcomeTotal: row(["", label] + values)
                default: row(["", subgroup != group ? subgroup ?? "" : "", label] + values)
                }
                group = subgroup
            }
        case .reviewLitigation:
            let headers = ["结果\n维持", "结果\n纠正", "其他\n结果", "尚未\n审结", "总计"]
            row(["行政复议", "行政诉讼"])
            row(["结果维持"] + headers.dropFirst() + ["未经复议直接起诉", "复议后起诉"])
            row(Array(repeating: "", count: 5) + headers + headers)
            var values: [String] = []
            for value in cells.review.joined() { values.append(padded(value.written)) }
            row(values)
        }
        while lines.last == "" { lines.removeLast() }
        return lines
    }

    // pdftotext -layout, from the templates of Fixtures/layout.

    private func pdfLines(_ table: TableID) -> [String] {
        let template = layout == .pdfLayout ? PDFTemplates.a4 : PDFTemplates.narrow
        let key: String
        var values: [String]
        switch table {
        case .disclosure: (key, values) = ("disclosure", cells.disclosure.joined().map(\.written))
        case .applications:
            key = "applications"
            values = cells.applications.enumerated().flatMap { index, row in
                runTogether == .applications(index) ? [row.map(\.written).joined()] + Array(repeating: "", count: row.count - 1) : row.map(\.written)
            }
        case .reviewLitigation:
            key = "review"
            values = cells.review.joined().map(\.written)
            if runTogether == .review { values = [values.joined()] + Array(repeating: "", count: values.count - 1) }
        }
        var next = 0
        return template[key]!.map { line in
            var line = wording.apply(line)
            if wording.feesHeader != TableWording.standardFeesHeader, line.contains(TableWording.standardFeesHeader) {
                line = line.replacingOccurrences(of: TableWording.standardFeesHeader, with: wording.feesHeader)
            }
            guard line.utf8.contains(UInt8(ascii: "#")) else { return line }
            // Fill the figures in, byte by byte: a wide number eats the spaces after it (keeping one) so the
            // next column stays where the template has it.
            var out = [UInt8]()
            out.reserveCapacity(line.utf8.count + 16)
            var debt = 0
            for byte in line.utf8 {
                if byte == UInt8(ascii: "#") {
                    let value = values[next]
                    next += 1
                    if value.isEmpty { out.append(UInt8(ascii: " ")) } else { out += value.utf8 }
                    debt += max(0, value.utf8.count - 1)
                } else if byte == UInt8(ascii: " "), debt > 0, out.last == UInt8(ascii: " ") {
                    debt -= 1
                } else {
                    out.append(byte)
                }
            }
            while out.last == UInt8(ascii: " ") { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        }
    }
}
