import Foundation
import GKModel

/// Reads the three standard tables from a report's lines into the canonical model.
struct TableReader {
    let lines: ReportLines
    let format: FormatVersion

    /// Reads one table from its region of the text (nil region: the table is absent).
    func read(_ id: TableID, region: ClosedRange<Int>?) -> ReportTable {
        var table = ReportTable(id: id)
        guard let region else { return table }
        var (rows, layout, text) = TableGrid.rows(lines: lines, range: region)
        if region.count > TableGrid.maximumTableLines {
            table.notes.append(ParseNote(line: region.lowerBound, message:
                "表格所在部分长达 \(region.count) 行，只在前 \(TableGrid.maximumTableLines) 行中查找表格"))
        }
        switch id {
        case .disclosure, .applications: readLabelledRows(into: &table, rows: rows, layout: layout, text: &text)
        case .reviewLitigation: readReviewTable(into: &table, rows: rows, layout: layout, text: &text)
        }
        return table
    }

    // MARK: Tables 1 and 2: rows found by their labels

    private func readLabelledRows(into table: inout ReportTable, rows: [RawRow], layout: TableLayout, text: inout TableText) {
        let rows = table.id == .applications ? Self.withoutRepeatedHeaders(rows, text: text) : rows
        let spec = Schema.table(table.id, format: format)
        let matchers = RowMatchers.matchers(for: table.id, format: format)
        let labelled = labelledRows(rows, text: text, matchers: matchers)
        let assignment = RowAligner.align(labelled, to: matchers)
        let centers = columnCenters(rows: assignment.compactMap { $0.map { labelled[$0].raw } }, spec: spec,
                                    layout: layout)

        var found: [FoundRow] = []
        found.reserveCapacity(spec.rows.count)
        var firstLine: Int?, lastLine: Int?
        for (j, index) in assignment.enumerated() {
            guard let index else { continue }
            // (The row's spec read in place, not copied: it holds several arrays and strings.)
            let columnCount = spec.rows[j].columns.count
            let row = labelled[index]
            let slots = row.raw.valueSlots
            var options = Placement.candidates(slots: slots, count: columnCount, layout: layout,
                                               centers: centers[columnCount])
            // Table 2's rows with fewer or more numbers than columns may have been run together or broken.
            var recovery: RowRecovery?
            if table.id == .applications, let damaged = DamagedRow(slots: slots, columns: columnCount, text: text) {
                recovery = RowRecovery(damaged, groups: [columnCount], text: &text)
                options = recovery!.options + options
            }
            if options.isEmpty, recovery?.explainsRow != true {
                let values = slots.filter { $0.kind != .empty }.map(text.string)
                table.notes.append(ParseNote(line: row.raw.line, message:
                    "“\(row.leaf?.text ?? spec.rows[j].label)”一行有 \(values.count) 个数值（\(values.joined(separator: "、"))），"
                    + "而该行应有 \(columnCount) 列，无法确定对应关系，按缺失处理"))
            }
            let label = bestLabel(for: matchers.matchers[j], at: index, in: labelled, layout: layout, text: text)
            found.append(FoundRow(row: j, label: label, line: row.raw.line, options: options, recovery: recovery))
            firstLine = min(firstLine ?? row.raw.line, row.raw.line)
            lastLine = max(lastLine ?? row.raw.lastLine, row.raw.lastLine)
        }
        guard let firstRow = firstLine, let lastRow = lastLine else { return }

        // Usually every row has one placement; otherwise the table's identities choose.
        let chosen: [CandidateResolver.Choice] = found.allSatisfy { $0.options.count == 1 }
            ? found.map { .placed($0.options[0]) }
            : CandidateResolver.resolve(rows: found.map { (spec.rows[$0.row].id, $0.options) }, table: table.id, spec: spec)
        table.rows.reserveCapacity(found.count)
        for (index, choice) in chosen.enumerated() {
            let j = found[index].row, label = found[index].label, line = found[index].line
            var placed: [RawCell?]?
            if let recovery = found[index].recovery,
               let (repair, note) = recovery.outcome(choice, rowID: spec.rows[j].id, label: label?.text ?? spec.rows[j].label,
                                                     line: line) {
                if repair.outcome == .recovered, case .placed(let cells) = choice { placed = cells }
                table.repairs.append(repair)
                table.notes.append(note)
            } else {
                switch choice {
                case .placed(let cells): placed = cells
                case .ambiguous(let best):
                    table.notes.append(ParseNote(line: label?.line ?? line, message:
                        "“\(label?.text ?? spec.rows[j].label)”一行只有部分数值，有 \(best.count) 种可能的列对应，"
                        + "表内勾稽关系也无法区分，整行按缺失处理"))
                case .none: break
                }
            }
            table.rows[spec.rows[j].id] = Self.row(spec.rows[j], label: label, placed: placed, line: line, text: text)
        }

        let headerStart = headerStartLine(rows: rows, before: firstRow, table: table.id, text: text) ?? firstRow
        table.lines = headerStart...lastRow
        readHeaders(into: &table, rows: rows, assignment: assignment, labelled: labelled, spec: spec, text: text)
    }

    /// A standard row found in the text: its index in the spec, its label as written, its line and
    /// its possible placements. (A struct, not a tuple: an array of tuples is destroyed element by
    /// element through the runtime's generic code.)
    private struct FoundRow {
        let row: Int
        let label: WrittenLabel?
        let line: Int
        let options: [[RawCell?]]
        /// The row read again when its numbers were damaged.
        let recovery: RowRecovery?
    }

    /// Rows of the text that may be table rows, each with its own label (leaf) and the
    /// label-only rows around it.
    private func labelledRows(_ rows: [RawRow], text: TableText, matchers: RowMatcherSet) -> [LabelledRow] {
        let rows = Self.mergingBareValues(rows)
        let keys = RowKeys(rows, text: text)
        var result: [LabelledRow] = []
        result.reserveCapacity(rows.count)
        for (index, raw) in rows.enumerated() {
            guard raw.hasNumbers || raw.hasLabel else { continue }
            var leaf: (span: Range<Int>, line: Int)?, exactHit: (matcher: Int, key: LabelKey)?
            if let last = raw.lastLabelCell {
                // The last numbered part of the last label cell (as `LabelText.lastNumberedPart`), else the whole cell.
                let span = last.span
                let part = text.withBytes(span) { b in
                    let part = TableGrid.trimmed(b, from: LabelText.lastNumberedPartStart(b), tabs: true)
                    return part.isEmpty ? span : (span.lowerBound + part.lowerBound)..<(span.lowerBound + part.upperBound)
                }
                leaf = (part, last.line)
                exactHit = text.withBytes(part) { LabelText.withKey(of: $0, matchers.exactMatch) }
            }
            result.append(LabelledRow(raw: raw, leaf: leaf, exactHit: exactHit, keys: keys, index: index))
        }
        return result
    }

    /// Table 2's rows without its column headers repeated after the first row of numbers (a page break
    /// in a converted table repeats them): they are neither rows nor labels.
    static func withoutRepeatedHeaders(_ rows: [RawRow], text: TableText) -> [RawRow] {
        guard let firstData = rows.firstIndex(where: { $0.hasNumbers }),
              rows[(firstData + 1)...].contains(where: { !$0.hasNumbers && isApplicantHeader($0, text: text) })
        else { return rows }
        return Array(rows[...firstData]) + rows[(firstData + 1)...].filter { $0.hasNumbers || !isApplicantHeader($0, text: text) }
    }

    /// Whether a row without numbers is (part of) table 2's column header: every cell reads as a header
    /// word or a fragment of one, and one of them is distinctive or there are several. (Keys are read in
    /// place, as bytes: most label-only rows fail at their first cell.)
    private static func isApplicantHeader(_ row: RawRow, text: TableText) -> Bool {
        var cells = 0, distinctive = false
        for cell in row.textCells {
            let reading: HeaderWord = text.withBytes(cell.span) { b in
                LabelText.withKey(of: b) { key in
                    if key.isEmpty { return .none }
                    if headerMarkers.contains(where: { ByteSearch.includes(key, $0) }) { return .marker }
                    return headerWords.contains { word in word.withUnsafeBufferPointer { ByteSearch.includes($0, key) } } ? .word : .other
                }
            }
            switch reading {
            case .none: continue
            case .marker: distinctive = true
            case .word: break
            case .other: return false
            }
            cells += 1
        }
        return cells > 0 && (distinctive || cells >= 3)
    }

    /// What a cell's key is to table 2's header.
    private enum HeaderWord { case none, marker, word, other }

    /// Words only table 2's header holds (in `LabelText.key` form, as bytes).
    private static let headerMarkers = ["勾稽关系", "第一项加第二项", "第三项加第四项", "申请人情况", "自然人", "法人或其他组织",
                                        "商业企业", "科研机构", "社会公益组织", "法律服务机构"].map { Array($0.utf8) }
    /// Every word of table 2's header; a cell may hold a piece of one (`商业` / `企业` in PDF text).
    private static let headerWords = headerMarkers + ["其他", "总计"].map { Array($0.utf8) }

    /// Rows of numbers without a label belong to the label-only row just above: a value per line
    /// under its label, or a PDF label wrapped around its line of numbers.
    static func mergingBareValues(_ rows: [RawRow]) -> [RawRow] {
        var result: [RawRow] = []
        var open = false
        for row in rows {
            let bare = row.hasNumbers && !row.hasLabel
            if bare, open, let last = result.last, row.line - last.lastLine <= 2 {
                result[result.count - 1] = RawRow(cells: last.cells + row.cells, line: last.line)
                continue
            }
            result.append(row)
            open = !row.hasNumbers && row.hasLabel
        }
        return result
    }

    /// The label as written; when it was wrapped over label-only lines around the row (as PDF text
    /// does), joined with those lines if that reads closer to the standard wording. The lines are the
    /// label's own up to the next numbered label; in space-aligned text the pieces of one column may also
    /// be joined alone, since a group label wrapped beside it (（六）其他处理) shares its lines. The joins are
    /// compared as bytes; only the chosen one is made a String.
    private func bestLabel(for matcher: RowMatcher, at index: Int, in rows: [LabelledRow], layout: TableLayout,
                           text: TableText) -> WrittenLabel? {
        func isLabelOnly(_ k: Int) -> Bool { k >= 0 && k < rows.count && !rows[k].raw.hasNumbers && rows[k].hasLeaf }
        if let hit = rows[index].exactHit, hit.key == matcher.standardKey {
            return rows[index].leaf(reusing: matcher.row.label)
        }
        let own = rows[index].leaf
        let ownSpan = rows[index].leafSpan?.span
        // In space-aligned text, the character positions the own label covers on its line.
        let ownColumn = layout == .spaceAligned ? rows[index].raw.lastLabelCell.flatMap { cell in
            ownSpan.flatMap { Self.columns(of: cell, part: $0, text: text) }
        } : nil
        /// Whether row `k`'s label (its last label cell) starts with a numbering mark: a label's first line.
        func startsLabel(_ k: Int) -> Bool {
            guard let cell = rows[k].raw.lastLabelCell else { return false }
            return text.withBytes(cell.span) { LabelText.startsWithNumbering(bytes: $0) }
        }
        /// Whether row `k` has a label cell in the own label's column.
        func sharesOwnColumn(_ k: Int) -> Bool {
            guard let ownColumn else { return true }
            return rows[k].raw.labelCells.contains { Self.columns(of: $0, text: text)?.overlaps(ownColumn) ?? true }
        }
        // Label-only rows just above, up to the label's numbered first line, and just below, up to the next
        // numbered label, at most `wrappedLines` each way. A label that starts with its numbering has no line
        // above in its own column: such a line ends the label before it.
        let ownStartsLabel = ownSpan.map { text.withBytes($0) { LabelText.startsWithNumbering(bytes: $0) } } ?? false
        var first = index, last = index
        while index - first < Self.wrappedLines, isLabelOnly(first - 1), !(ownStartsLabel && sharesOwnColumn(first - 1)) {
            first -= 1
            if startsLabel(first) { break }
        }
        while last - index < Self.wrappedLines, isLabelOnly(last + 1), !startsLabel(last + 1) { last += 1 }
        // The options: the own label (rows `index...index`), then each join of rows `from...to` around
        // it, more lines above first.
        var options: [ClosedRange<Int>] = own == nil ? [] : [index...index]
        for from in first...index {
            for to in index...last where from < index || to > index { options.append(from...to) }
        }
        // The label cells around may stand in several columns (a group label wrapped beside the row's): each
        // column is tried alone too, after the joins of every cell.
        let columns = ownColumn == nil ? [] : labelColumns(rows[first...last], ownColumn: ownColumn, index: index, text: text)
        var bytes: [UInt8] = []
        /// Writes into `bytes` the label cells of rows `option` (row `index` by its own label) in `column`
        /// (every one, without), a space between them; returns the line of the first one written.
        @discardableResult
        func write(_ option: ClosedRange<Int>, column: Range<Int>?) -> Int? {
            bytes.removeAll(keepingCapacity: true)
            var firstLine: Int?
            func append(_ span: Range<Int>, line: Int) {
                text.withBytes(span) { part in
                    guard !part.isEmpty else { return }
                    if !bytes.isEmpty { bytes.append(0x20) }
                    bytes.append(contentsOf: part)
                    firstLine = firstLine ?? line
                }
            }
            func inColumn(_ cell: RawCell) -> Bool {
                guard let column, let span = Self.columns(of: cell, text: text) else { return true }
                return span.overlaps(column)
            }
            for k in option {
                if k != index {
                    for cell in rows[k].raw.labelCells where inColumn(cell) { append(cell.span, line: cell.line) }
                } else if let ownSpan, let own, column.map({ ownColumn?.overlaps($0) ?? true }) ?? true {
                    append(ownSpan, line: own.line)
                }
            }
            return firstLine
        }
        func label(_ option: ClosedRange<Int>, column: Range<Int>?) -> WrittenLabel? {
            if option == index...index, column == nil { return own }
            let line = write(option, column: column)
            return WrittenLabel(String(decoding: bytes, as: UTF8.self), line: line ?? rows[index].raw.line)
        }
        guard options.count > 1 || !columns.isEmpty else { return options.first.flatMap { label($0, column: nil) } }
        // The first option that reads most like the standard wording (none can beat an exact one).
        var best: (option: ClosedRange<Int>, column: Range<Int>?, similarity: Double)?
        search: for column in [nil] + columns {
            for option in options {
                guard write(option, column: column) != nil else { continue }
                let similarity = bytes.withUnsafeBufferPointer { matcher.similarity(toKeyOf: $0) }
                if best == nil || similarity > best!.similarity { best = (option, column, similarity) }
                if similarity == 1 { break search }
            }
        }
        return best.flatMap { label($0.option, column: $0.column) }
    }

    /// The most lines a label is wrapped over on either side of its numbers: a narrow column of PDF text
    /// wraps one over eight lines, and a page break may come between them.
    static let wrappedLines = 12

    /// The columns (character positions) the label cells of `rows` stand in, when there are several:
    /// cells that overlap are one column. Row `index` counts by its own label (`ownColumn`). Empty for one column.
    private func labelColumns(_ rows: ArraySlice<LabelledRow>, ownColumn: Range<Int>?, index: Int, text: TableText) -> [Range<Int>] {
        var columns: [Range<Int>] = []
        func add(_ span: Range<Int>?) {
            guard let span else { return }
            if let k = columns.firstIndex(where: { $0.overlaps(span) }) {
                columns[k] = min(columns[k].lowerBound, span.lowerBound)..<max(columns[k].upperBound, span.upperBound)
            } else {
                columns.append(span)
            }
        }
        for k in rows.indices {
            if k != index {
                for cell in rows[k].raw.labelCells { add(Self.columns(of: cell, text: text)) }
            } else {
                add(ownColumn)
            }
        }
        return columns.count > 1 ? columns : []
    }

    /// The character positions a cell of space-aligned text covers on its line, or those of `part` of it
    /// (nil without a position).
    static func columns(of cell: RawCell, part: Range<Int>? = nil, text: TableText) -> Range<Int>? {
        guard let center = cell.center else { return nil }
        let start = center - (text.scalarCount(cell.span) - 1) / 2
        guard let part, part != cell.span else { return start..<(start + text.scalarCount(cell.span)) }
        let partStart = start + text.scalarCount(cell.span.lowerBound..<part.lowerBound)
        return partStart..<(partStart + text.scalarCount(part))
    }

    /// A row with the placed values, its other cells missing (on the row's line).
    static func row(_ spec: RowSpec, label: WrittenLabel?, placed: [RawCell?]?, line: Int, text: TableText) -> TableRow {
        let cells = spec.columns.indices.map { index -> Cell in
            guard let cell = placed?[index] else { return .missing(line: line) }
            return Cell(value: text.value(cell), raw: text.string(cell), line: cell.line)
        }
        return TableRow(label: label, columns: spec.columnIDs, cells: cells)
    }

    /// Column centres (space-aligned layout), by number of columns, from rows with every value present.
    private func columnCenters(rows: [RawRow], spec: TableSpec, layout: TableLayout) -> [Int: [Int]] {
        guard layout == .spaceAligned else { return [:] }
        // (Loops, not key paths: a key path is projected through the runtime's generic code at every use.)
        var widths = Set<Int>()
        for rowSpec in spec.rows { widths.insert(rowSpec.columns.count) }
        var samples: [Int: [[Int]]] = [:]
        for row in rows {
            var centers: [Int] = [], values = 0
            for cell in row.valueSlots where cell.kind != .empty {
                values += 1
                if let center = cell.center { centers.append(center) }
            }
            guard widths.contains(values) else { continue }
            samples[values, default: []].append(centers)
        }
        return samples.mapValues { lists in
            let width = lists[0].count
            return (0..<width).map { column in
                let sorted = lists.filter { $0.count == width }.map { $0[column] }.sorted()
                return sorted[sorted.count / 2]
            }
        }
    }

    private func headerStartLine(rows: [RawRow], before line: Int, table: TableID, text: TableText) -> Int? {
        let markers: [String]
        switch table {
        case .disclosure: markers = ["第二十条", "信息内容"]
        case .applications: markers = ["勾稽关系", "申请人情况", "自然人"]
        case .reviewLitigation: markers = ["行政复议", "行政诉讼"]
        }
        return rows.first { row in
            row.line < line && row.textCells.contains { cell in
                let key = text.key(cell)
                return markers.contains { key.includes($0) }
            }
        }?.line
    }

    // MARK: Headers as written

    private func readHeaders(into table: inout ReportTable, rows: [RawRow], assignment: [Int?],
                             labelled: [LabelledRow], spec: TableSpec, text: TableText) {
        let firstDataLine = assignment.compactMap { $0.map { labelled[$0].raw.line } }.min() ?? 0
        switch table.id {
        case .disclosure:
            // The header rows (信息内容 | column titles…), each heading the rows below it up to the next.
            let headers = rows.filter { row in
                !row.hasNumbers && row.textCells.first.map { text.withBytes($0.span) { LabelText.hasKey($0, Self.contentHeaderKey) } } == true
            }
            var previousLine = 0
            // The column titles of the header last read (several rows share one header).
            var titlesRead: (line: Int, titles: [WrittenLabel])?
            table.columnLabels.reserveCapacity(spec.rows.reduce(0) { $0 + $1.columns.count })
            for (j, index) in assignment.enumerated() {
                guard let index else { continue }
                let rowSpec = spec.rows[j]
                let rowLine = labelled[index].raw.line
                let header = headers.last { $0.line > previousLine && $0.line < rowLine }
                previousLine = rowLine
                guard let header else { continue }
                if titlesRead?.line != header.line {
                    var titles: [WrittenLabel] = header.textCells.dropFirst().map { WrittenLabel(text.string($0), line: $0.line) }
                    if titles.isEmpty {
                        // A cell per line without tabs: the titles are the rows of text between the
                        // header (信息内容) and the first row it heads.
                        titles = rows.filter { $0.line > header.line && $0.line < rowLine && !$0.hasNumbers }
                            .flatMap { $0.textCells }.map { WrittenLabel(text.string($0), line: $0.line) }
                    }
                    titlesRead = (header.line, titles)
                }
                let titles = titlesRead!.titles
                if titles.count == rowSpec.columns.count {
                    for (path, title) in zip(rowSpec.cellPaths, titles) { table.columnLabels[path] = title }
                }
                for cell in titles where cell.text.includes("单位") {
                    if let column = rowSpec.columns.firstIndex(where: { $0.kind == .amount }),
                       let unit = Self.unit(in: cell.text) {
                        table.units[rowSpec.cellPaths[column]] = WrittenLabel(unit, line: cell.line)
                    }
                }
            }
        case .applications:
            let header = rows.filter { $0.line < firstDataLine }.flatMap { $0.textCells }
            matchHeaders(header, to: Self.applicantHeaders, into: &table, text: text)
        case .reviewLitigation:
            break
        }
    }

    /// The key of the first cell of table 1's header rows.
    private static let contentHeaderKey = Array("信息内容".utf8)

    /// A standard header: the ID it is recorded under, and the bigrams of its wording.
    struct StandardHeader: Sendable {
        let id: String
        let bigrams: [UInt64]

        init(_ id: String, _ label: String) {
            self.id = id
            bigrams = LabelText.bigramList(LabelText.key(label))
        }
    }

    static let applicantHeaders = Schema.applicantColumns.map { StandardHeader($0.id, $0.label) }
    static let reviewHeaders = Schema.reviewColumns.map { StandardHeader($0.id, $0.label) }
        + Schema.table(.reviewLitigation, format: .v2021).rows.map { StandardHeader($0.id, $0.label) }
        + [StandardHeader("litigation", "行政诉讼")]

    /// Records, for each standard header, the first header cell that reads like it.
    fileprivate func matchHeaders(_ cells: [RawCell], to standards: [StandardHeader], into table: inout ReportTable,
                                  text: TableText) {
        table.columnLabels.reserveCapacity(table.columnLabels.count + standards.count)
        var used = [Bool](repeating: false, count: cells.count)
        // Every cell's sorted bigrams, one after another in one list.
        var bigrams: [UInt64] = [], ranges: [Range<Int>] = []
        bigrams.reserveCapacity(cells.count * 8)
        ranges.reserveCapacity(cells.count)
        for cell in cells {
            let start = bigrams.count
            text.withBytes(cell.span) { LabelText.appendKeyBigrams(of: $0, to: &bigrams) }
            ranges.append(start..<bigrams.count)
        }
        for standard in standards {
            var best: (index: Int, score: Double)?
            bigrams.withUnsafeBufferPointer { all in standard.bigrams.withUnsafeBufferPointer { key in
                for (index, range) in ranges.enumerated() where !used[index] {
                    // Dice can reach at most 2·min/(sum) of the two lengths: skip a cell that could not beat the best.
                    let bound = Double(2 * min(range.count, key.count)) / Double(max(range.count + key.count, 1))
                    if bound < 0.5 || bound <= (best?.score ?? 0) { continue }
                    let score = LabelText.dice(UnsafeBufferPointer(rebasing: all[range]), key)
                    if score >= 0.5, score > (best?.score ?? 0) { best = (index, score) }
                    if score == 1 { break }
                }
            } }
            if let best {
                used[best.index] = true
                table.columnLabels[standard.id] = WrittenLabel(text.string(cells[best.index]), line: cells[best.index].line)
            }
        }
    }

    /// `万元` from `本年收费金额（单位：万元）`.
    static func unit(in header: String) -> String? {
        guard let after = header.after("单位") else { return nil }
        var rest = after.drop { $0 == ":" || $0 == "：" || $0 == " " }
        if let close = rest.firstIndex(where: { $0 == "）" || $0 == ")" }) { rest = rest[..<close] }
        let unit = TableGrid.trim(rest)
        return unit.isEmpty ? nil : unit
    }

    // MARK: Table 3: fifteen numbers under a two-level header

    private func readReviewTable(into table: inout ReportTable, rows: [RawRow], layout: TableLayout, text: inout TableText) {
        let spec = Schema.table(.reviewLitigation, format: format)
        guard let firstData = firstReviewDataRow(rows, values: spec.rows.reduce(0) { $0 + $1.columns.count }, text: text) else {
            // A table with every cell blank: its header is there — a row of cells naming 行政复议, or
            // the column headings. (A sentence saying there was no 行政复议 or 行政诉讼 is no table.)
            let hasColumnHeadings = rows.contains { row in
                row.textCells.contains { cell in
                    let key = text.key(cell)
                    return Schema.reviewColumns.contains { $0.id != "total" && key.includes($0.label) }
                }
            }
            if let header = rows.first(where: { row in row.textCells.contains { text.key($0).includes("行政复议") } }),
               hasColumnHeadings || header.textCells.count > 1 {
                table.lines = header.line...header.lastLine
                for group in spec.rows {
                    table.rows[group.id] = Self.row(group, label: nil, placed: nil, line: header.line, text: text)
                }
            }
            return
        }
        let header = rows[..<firstData].flatMap { $0.textCells }
        let headerStart = headerStartLine(rows: rows, before: rows[firstData].line, table: .reviewLitigation, text: text)
        let dataRows = rows[firstData...].prefix { $0.hasNumbers || !$0.hasLabel }
        table.lines = (headerStart ?? rows[firstData].line)...(dataRows.last?.lastLine ?? rows[firstData].lastLine)

        let grouped = groupedRows(Array(dataRows), spec: spec, text: text)
        let flat = Schema.reviewColumns.count * spec.rows.count
        var options: [String: [[RawCell?]]] = [:]
        // Rows whose numbers were run together or broken, read again under the group sums, with their label and line.
        var recoveries: [String: (recovery: RowRecovery, label: String, line: Int)] = [:]
        func place(_ rowID: String, slots: ArraySlice<RawCell>, groups: [Int], label: String, line: Int) {
            let count = groups.reduce(0, +)
            options[rowID] = Placement.candidates(slots: slots, count: count, layout: layout, centers: nil)
            guard let damaged = DamagedRow(slots: slots, columns: count, text: text) else { return }
            let recovery = RowRecovery(damaged, groups: groups, text: &text)
            options[rowID] = recovery.options + options[rowID]!
            recoveries[rowID] = (recovery, label, line)
        }
        if let grouped {
            for (group, row) in grouped {
                place(group.id, slots: row.valueSlots, groups: [group.columns.count], label: group.label, line: row.line)
            }
        } else {
            let slots = dataRows.flatMap { $0.hasLabel ? $0.valueSlots : $0.cells[...] }
            place(Self.flatRowID, slots: slots[...], groups: spec.rows.map { $0.columns.count }, label: "行政复议、行政诉讼表",
                  line: rows[firstData].line)
        }
        let chosen = CandidateResolver.resolve(options, table: .reviewLitigation, spec: spec)
        // In the table's order (the flat row, when there is one, is the only one), so notes come out the same every run.
        let order = Dictionary(uniqueKeysWithValues: spec.rows.enumerated().map { ($1.id, $0) })
        var placed: [String: [RawCell?]] = [:]
        for (rowID, choice) in chosen.sorted(by: { (order[$0.key] ?? -1) < (order[$1.key] ?? -1) }) {
            if let (recovery, label, line) = recoveries[rowID],
               let (repair, note) = recovery.outcome(choice, rowID: rowID, label: label, line: line) {
                table.repairs.append(repair)
                table.notes.append(note)
                // A recovered row is placed below; an ambiguous or unreadable one stays missing.
                guard repair.outcome == .recovered else { continue }
            }
            switch choice {
            case .placed(let cells) where rowID == Self.flatRowID:
                // The fifteen values in reading order: each group's columns in turn.
                var rest = cells[...]
                for group in spec.rows {
                    placed[group.id] = Array(rest.prefix(group.columns.count))
                    rest = rest.dropFirst(group.columns.count)
                }
            case .placed(let cells):
                placed[rowID] = cells
            case .ambiguous(let best):
                table.notes.append(ParseNote(line: rows[firstData].line, message:
                    "行政复议、行政诉讼表的数值个数与 15 列不符，有 \(best.count) 种可能的对应，无法确定，按缺失处理"))
            case .none:
                let values = dataRows.flatMap { $0.cells }.filter { $0.kind != .empty }.map(text.string)
                table.notes.append(ParseNote(line: rows[firstData].line, message:
                    "行政复议、行政诉讼表有 \(values.count) 个数值，应为 \(flat) 个，无法确定对应关系，按缺失处理"))
            }
        }
        for group in spec.rows {
            table.rows[group.id] = Self.row(group, label: nil, placed: placed[group.id], line: rows[firstData].line, text: text)
        }
        matchHeaders(header, to: Self.reviewHeaders, into: &table, text: text)
    }

    /// The first row of table 3's values. A row of dashes alone above the header's text, or above a row
    /// that holds all fifteen values by itself, is a rule of the header broken in its narrow cells
    /// (`-     -` in PDF text), not values; a dash among numbers is a value written as text.
    private func firstReviewDataRow(_ rows: [RawRow], values: Int, text: TableText) -> Int? {
        guard let first = rows.firstIndex(where: { $0.hasNumbers }) else { return nil }
        var index = first
        while isDashRule(rows[index], text: text) {
            guard let next = rows[(index + 1)...].firstIndex(where: { $0.hasNumbers }) else { return first }
            let headerBetween = rows[(index + 1)..<next].contains { $0.hasLabel }
            let fillsTable = rows[next].cells.lazy.filter(\.occupiesSlot).count >= values
            guard headerBetween || fillsTable else { return first }
            index = next
        }
        return index
    }

    /// Whether every cell of the row is a dash placeholder (`-`, `—`, `--`…) and none a number or a label.
    private func isDashRule(_ row: RawRow, text: TableText) -> Bool {
        row.cells.allSatisfy { cell in
            cell.kind == .empty || cell.isPlaceholder
                && text.withBytes(cell.span) { b in CellNumber.dashPlaceholders.contains { b.elementsEqual($0) } }
        }
    }

    /// The pseudo-row of all fifteen values of table 3 in reading order.
    static let flatRowID = "*"

    /// Table 3 written as three labelled rows (行政复议 / 未经复议直接起诉 / 复议后起诉), if it is.
    private func groupedRows(_ rows: [RawRow], spec: TableSpec, text: TableText) -> [(RowSpec, RawRow)]? {
        // Fewer than two rows (the fifteen values on one line, the usual case) cannot be groups.
        guard rows.lazy.filter({ $0.hasNumbers || $0.hasLabel }).count >= 2 else { return nil }
        let matchers = RowMatchers.matchers(for: .reviewLitigation, format: format)
        let labelled = labelledRows(rows, text: text, matchers: matchers)
        guard labelled.count >= 2 else { return nil }
        let assignment = RowAligner.align(labelled, to: matchers)
        let found = zip(spec.rows, assignment).compactMap { group, index in index.map { (group, labelled[$0].raw) } }
        guard found.count >= 2, found.allSatisfy({ $0.1.valueSlots.filter { $0.kind != .empty }.count <= 5 }) else {
            return nil
        }
        return found
    }
}
