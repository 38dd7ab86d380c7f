/// A table of a page being read: its cells' texts one after another in `sink`, and the slot of the grid each
/// takes once `rowspan` and `colspan` are laid out (as browsers do: a cell takes the first column no cell
/// above still covers; spans past the last row end there).
///
/// Written out, a table of data is a line per row with its cells separated by tabs, a merged cell written in
/// its first slot and the slots it covers left empty, then a blank line (see `DocumentText`); a cell's text is
/// joined to one line. A table that lays out the page instead — a cell holding headings, many paragraphs,
/// a long text in more than one line, or a table of data with rows of its own; or a table of one column —
/// is written as its cells' lines, one after another, as if it were not there.
struct HTMLTable {
    /// Caps: rows and columns of one table, a span (larger spans are cut to it).
    static let maxRows = 2000, maxColumns = 200, maxSpan = 1000
    /// A cell of this many paragraphs, or of more than one line and this many bytes (some 100 Chinese
    /// characters, twice the longest label of the standard tables), lays out the page.
    static let layoutParagraphs = 6, layoutTextBytes = 300

    /// The cells' texts (each cell's lines, one after another).
    var sink = TextSink()
    /// Which table of the page it is (from 1, in the order they start).
    let number: Int
    private(set) var rowOpen = false, cellOpen = false
    /// What its cells hold, all together.
    private(set) var content = SinkContent()

    /// A cell: its slot and its text (`sink.bytes[start..<end]`).
    private struct Cell {
        let row: Int, column: Int, start: Int
        var end: Int
    }

    private var cells: [Cell] = []
    /// Each row's slots: up to the last one a cell takes or covers.
    private var rowSlots: [Int] = []
    /// For each column, the first row no cell above covers.
    private var coveredUntil: [Int] = []
    private var nextColumn = 0
    private var isLayout = false

    init(number: Int) { self.number = number }

    mutating func openRow() throws(ReadError) {
        closeRow()
        guard rowSlots.count < Self.maxRows else { throw tooLarge("超过 \(Self.maxRows) 行") }
        rowSlots.append(0)
        rowOpen = true
        nextColumn = 0
    }

    /// Starts a cell (a row too, when none is open) spanning `rowspan` rows and `colspan` columns (from 1).
    mutating func openCell(rowspan: Int, colspan: Int) throws(ReadError) {
        if rowOpen { closeCell() } else { try openRow() }
        let row = rowSlots.count - 1
        var column = nextColumn
        while column < coveredUntil.count, coveredUntil[column] > row { column += 1 }
        guard column + colspan <= Self.maxColumns else { throw tooLarge("超过 \(Self.maxColumns) 列") }
        if coveredUntil.count < column + colspan {
            coveredUntil.append(contentsOf: repeatElement(0, count: column + colspan - coveredUntil.count))
        }
        for k in column..<(column + colspan) { coveredUntil[k] = max(coveredUntil[k], row + rowspan) }
        nextColumn = column + colspan
        cells.append(Cell(row: row, column: column, start: sink.bytes.count, end: sink.bytes.count))
        sink.startCell()
        cellOpen = true
    }

    mutating func closeCell() {
        guard cellOpen else { return }
        cellOpen = false
        sink.endLine(paragraph: true)
        let end = sink.bytes.count
        cells[cells.count - 1].end = end
        let held = sink.content
        if held.headings > 0 || held.tableRows >= 2 || held.paragraphs >= Self.layoutParagraphs
            || held.lines >= 2 && end - cells[cells.count - 1].start >= Self.layoutTextBytes {
            isLayout = true
        }
        content.add(held)
    }

    mutating func closeRow() {
        closeCell()
        guard rowOpen else { return }
        rowOpen = false
        let row = rowSlots.count - 1
        var slots = coveredUntil.count
        while slots > 0, coveredUntil[slots - 1] <= row { slots -= 1 }
        rowSlots[row] = slots
    }

    /// Writes the table (closed) into `parent`; `slots` counts the slots written on the page, up to `maxSlots`.
    func write(into parent: inout TextSink, slots: inout Int, maxSlots: Int) throws(ReadError) {
        if isLayout || rowSlots.allSatisfy({ $0 <= 1 }) {
            sink.bytes.withUnsafeBufferPointer { parent.appendLines($0) }
            parent.content.add(content)
            return
        }
        parent.endLine(paragraph: true)
        var rows = 0, k = 0
        sink.bytes.withUnsafeBufferPointer { text in
            for (row, count) in rowSlots.enumerated() {
                let lineStart = parent.bytes.count
                var slot = 0
                while k < cells.count, cells[k].row == row {
                    while slot < cells[k].column {
                        parent.bytes.append(0x09)
                        slot += 1
                    }
                    Self.appendJoined(UnsafeBufferPointer(rebasing: text[cells[k].start..<cells[k].end]), to: &parent.bytes)
                    k += 1
                }
                while slot + 1 < count {
                    parent.bytes.append(0x09)
                    slot += 1
                }
                slots += count
                if parent.bytes.count > lineStart {
                    parent.bytes.append(0x0A)
                    rows += 1
                }
            }
        }
        guard slots <= maxSlots else {
            throw .unreadable(reason: "网页中的表格共超过 \(maxSlots) 个单元格，不像是一份年度报告，未读取")
        }
        if rows > 0 { parent.bytes.append(0x0A) }
        parent.lineStart = parent.bytes.count
        parent.content.lines += rows
        parent.content.tableRows = max(parent.content.tableRows, rows)
    }

    /// A cell's lines joined into one: line breaks and tabs (of tables inside it) are spaces, white space
    /// collapsed, none at either end.
    private static func appendJoined(_ text: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        let start = out.count
        var space = false
        for c in text {
            if c == 0x0A || c == 0x09 || c == 0x20 {
                space = true
            } else {
                if space, out.count > start { out.append(0x20) }
                space = false
                out.append(c)
            }
        }
    }

    private func tooLarge(_ what: String) -> ReadError {
        .unreadable(reason: "网页中的\(name)过大：\(what)（每个表格上限 \(Self.maxRows) 行、\(Self.maxColumns) 列），不像是年度报告中的表格，未读取")
    }

    /// "第 N 个表格", with the start of its first cell's text.
    private var name: String {
        let first = sink.bytes.prefix { $0 != 0x0A }
        let text = String(decoding: first, as: UTF8.self)
        let shown = text.count > 20 ? String(text.prefix(20)) + "…" : text
        return shown.isEmpty ? "第 \(number) 个表格" : "第 \(number) 个表格（“\(shown)”）"
    }
}
