import Foundation
import GKModel
/// How a table was laid out in the text.
enum TableLayout: Equatable {
    /// A table row per line, cells separated by tabs (000, 002, 003).
    case rowPerLine
    /// A table row per line, cells separated by `|` (Markdown tables from converters).
    case pipeDelimited
    /// One cell per line, each starting with a tab; rows separated by blank lines (001, 004).
    case cellPerLine
    /// Columns aligned with spaces, as `pdftotext -layout` writes them.
    case spaceAligned
}

/// One cell as found in the text, before it is given a meaning.
struct RawCell {
    enum Kind: Equatable { case empty, number, text }

    var text: String
    let line: Int
    /// Scalar offset of the cell's centre on its line (space-aligned layout only).
    let center: Int?
    var kind: Kind
    var value: CellValue?
    /// The cell was joined from several lines (a label broken over lines).
    private(set) var isJoined = false
    /// A value cell written as 无, -, / or the like instead of a number: it holds its place in the row, and its
    /// text is kept (as a text value) for the rules to report.
    private(set) var isPlaceholder = false

    /// Whether the cell holds a place among a row's values (a number, or a placeholder such as 无).
    var occupiesSlot: Bool { kind != .empty || isPlaceholder }

    init(text: String, line: Int, center: Int? = nil) {
        // Every stored property set once, from locals: assigning them in the switch made the
        // optimiser build the cell and then copy it out (an outlined copy per cell).
        let (kind, value, isPlaceholder) = Self.reading(text)
        self.text = text
        self.line = line
        self.center = center
        self.kind = kind
        self.value = value
        self.isPlaceholder = isPlaceholder
    }

    /// What a cell's text holds: its kind, its value, and whether it is a placeholder.
    private static func reading(_ text: String) -> (Kind, CellValue?, isPlaceholder: Bool) {
        switch CellNumber.read(text) {
        case .number(let value): return (.number, value, false)
        case .placeholder where !text.isEmpty: return (.empty, .text(text), true)
        case .placeholder, .decoration: return (.empty, nil, false)
        case .text: return (.text, nil, false)
        }
    }

    mutating func append(_ continuation: String) {
        self = RawCell(text: text + continuation, line: line, center: center)
        isJoined = true
    }
}

/// A row of cells as found in the text: label cells, then value slots.
struct RawRow {
    let cells: [RawCell]
    let line: Int
    let hasNumbers: Bool
    let lastLine: Int
    /// Where the label ends: at the first number.
    private let labelEnd: Int
    /// Where the value slots start: after the last label text cell.
    private let valueStart: Int

    init(cells: [RawCell], line: Int) {
        self.cells = cells
        self.line = line
        var firstNumber: Int?, lastLine = line, lastLabelText: Int?
        for index in cells.indices {
            let cell = cells[index]
            if firstNumber == nil {
                if cell.kind == .number || cell.isPlaceholder { firstNumber = index } else if cell.kind == .text { lastLabelText = index }
            }
            lastLine = max(lastLine, cell.line)
        }
        labelEnd = firstNumber ?? cells.count
        hasNumbers = firstNumber != nil
        self.lastLine = lastLine
        valueStart = lastLabelText.map { $0 + 1 } ?? 0
    }

    /// The label cells (text before the first number), in order.
    var labelCells: LazyFilterSequence<ArraySlice<RawCell>> { cells[..<labelEnd].lazy.filter { $0.kind == .text } }

    /// The last label cell (found from the end, without copying the others).
    var lastLabelCell: RawCell? { cells[..<labelEnd].last { $0.kind == .text } }

    /// Whether the row has a label cell.
    var hasLabel: Bool { valueStart > 0 }

    var textCells: LazyFilterSequence<[RawCell]> { cells.lazy.filter { $0.kind == .text } }

    /// The value slots: every cell after the last label text cell, empty ones included.
    var valueSlots: ArraySlice<RawCell> { cells[valueStart...] }

    /// The row with its last cell continued by more text (a label broken over lines).
    func continuingLastCell(with text: String) -> RawRow {
        var cells = cells
        cells[cells.count - 1].append(text)
        return RawRow(cells: cells, line: line)
    }
}

/// Splits a range of report lines into rows of cells, whatever the layout.
enum TableGrid {
    /// No standard table spans more lines than this; a longer region is read only this far.
    static let maximumTableLines = 2_000

    static func rows(lines: [String], range: ClosedRange<Int>) -> (rows: [RawRow], layout: TableLayout) {
        let range = range.lowerBound...min(range.upperBound, range.lowerBound + maximumTableLines - 1)
        let layout = detectLayout(lines: lines, range: range)
        switch layout {
        case .rowPerLine: return (rowsPerLine(lines: lines, range: range, pipes: false), layout)
        case .pipeDelimited: return (rowsPerLine(lines: lines, range: range, pipes: true), layout)
        case .cellPerLine: return (cellsPerLine(lines: lines, range: range), layout)
        case .spaceAligned: return (spaceAligned(lines: lines, range: range), layout)
        }
    }

    /// The layout most of the range's tab-bearing lines follow.
    static func detectLayout(lines: [String], range: ClosedRange<Int>) -> TableLayout {
        var multiCell = 0, singleLeading = 0, piped = 0
        for number in range {
            var line = lines[number - 1]
            // One pass over the bytes: tabs, bars (| or ｜), and where the text ends.
            let (tabs, pipes, leadingTab) = line.withUTF8 { b -> (Int, Int, Bool) in
                var end = b.count
                while end > 0, b[end - 1] == 0x20 { end -= 1 }
                var tabs = 0, pipes = 0, i = 0
                while i < end {
                    let c = b[i]
                    if c == 0x09 { tabs += 1 } else if c == 0x7C { pipes += 1 }
                    else if c == 0xEF, i + 2 < end, b[i + 1] == 0xBD, b[i + 2] == 0x9C { pipes += 1 }
                    i += 1
                }
                return (tabs, pipes, end > 0 && b[0] == 0x09)
            }
            if pipes >= 2 { piped += 1 }
            guard tabs > 0 else { continue }
            if leadingTab && tabs == 1 { singleLeading += 1 } else { multiCell += 1 }
        }
        if piped >= 3 && piped > multiCell && piped > singleLeading { return .pipeDelimited }
        if multiCell == 0 && singleLeading == 0 { return .spaceAligned }
        return multiCell >= singleLeading ? .rowPerLine : .cellPerLine
    }

    /// The text without leading and trailing spaces and tabs (compared as bytes: both are ASCII).
    static func trim(_ s: Substring) -> String {
        var s = s
        let (first, last, count) = s.withUTF8 { b -> (Int, Int, Int) in
            var first = 0, last = b.count
            while first < last, b[first] == 0x20 || b[first] == 0x09 { first += 1 }
            while last > first, b[last - 1] == 0x20 || b[last - 1] == 0x09 { last -= 1 }
            return (first, last, b.count)
        }
        // Nothing to trim: the text itself (a whole string is returned without a copy).
        if first == 0, last == count { return String(s) }
        if first == last { return "" }
        return s.withUTF8 { b in String(decoding: UnsafeBufferPointer(rebasing: b[first..<last]), as: UTF8.self) }
    }

    /// The line's tab-separated cells, each without its surrounding spaces, trailing empty cells
    /// after the last tab kept (as blanks) but the line's trailing spaces dropped, each made into a
    /// `Cell` by `make`. Works on the bytes: a tab or a space never occurs inside a character.
    static func trimmedTabCells<Cell>(_ line: String, _ make: (String) -> Cell) -> [Cell] {
        var line = line
        return line.withUTF8 { b in
            var end = b.count
            while end > 0, b[end - 1] == 0x20 { end -= 1 }
            var cells: [Cell] = []
            cells.reserveCapacity(8)
            var start = 0
            while true {
                var stop = start
                while stop < end, b[stop] != 0x09 { stop += 1 }
                var first = start, last = stop
                while first < last, b[first] == 0x20 { first += 1 }
                while last > first, b[last - 1] == 0x20 { last -= 1 }
                cells.append(make(first == last ? "" : String(decoding: UnsafeBufferPointer(rebasing: b[first..<last]), as: UTF8.self)))
                if stop >= end { break }
                start = stop + 1
            }
            return cells
        }
    }

    /// The line's cells between `|` or `｜` (Markdown), outer bars dropped.
    static func pipeCells(_ line: Substring) -> [Substring] {
        var cells = line.replacingOccurrences(of: "｜", with: "|").utf8
            .split(separator: 0x7C, omittingEmptySubsequences: false).map { Substring($0) }
        if let first = cells.first, trim(first).isEmpty { cells.removeFirst() }
        if let last = cells.last, trim(last).isEmpty { cells.removeLast() }
        return cells
    }

    private static func rowsPerLine(lines: [String], range: ClosedRange<Int>, pipes: Bool) -> [RawRow] {
        var rows: [RawRow] = []
        for number in range {
            let line = lines[number - 1]
            if line.isBlank { continue }
            var cells = pipes ? pipeCells(Substring(line)).map { RawCell(text: trim($0), line: number) }
                              : trimmedTabCells(line) { RawCell(text: $0, line: number) }
            splitNumberRuns(&cells)
            rows.append(RawRow(cells: cells, line: number))
        }
        return rows
    }

    private static func cellsPerLine(lines: [String], range: ClosedRange<Int>) -> [RawRow] {
        var rows: [RawRow] = []
        var current: [RawCell] = []
        var currentLine = range.lowerBound
        func finishRow() {
            if !current.isEmpty { rows.append(RawRow(cells: current, line: currentLine)) }
            current = []
            current.reserveCapacity(8)  // a table row's cells, without growing the array cell by cell
        }
        for number in range {
            let line = lines[number - 1]
            if line.isBlank && line.utf8.first != 0x09 {
                finishRow()
                continue
            }
            if line.utf8.first == 0x09 {
                if current.isEmpty { currentLine = number }
                current.append(RawCell(text: trim(Substring(line)), line: number))
                continue
            }
            let text = trim(Substring(line))
            let cell = RawCell(text: text, line: number)
            if !current.isEmpty, cell.kind == .number {
                // A value that lost its tab is a cell of its own, not part of a label.
                current.append(cell)
            } else if let last = current.last, last.kind != .number {
                // A label broken over lines: the line continues the cell above.
                current[current.count - 1].append(text)
            } else if current.isEmpty, let previous = rows.last, !previous.hasNumbers,
                      previous.cells.last?.kind == .text {
                // A cell broken by a blank line (结果 / 维持).
                rows[rows.count - 1] = previous.continuingLastCell(with: text)
            } else {
                finishRow()
                currentLine = number
                current.append(RawCell(text: text, line: number))
            }
        }
        finishRow()
        for index in rows.indices {
            var cells = rows[index].cells
            if splitNumberRuns(&cells) { rows[index] = RawRow(cells: cells, line: rows[index].line) }
        }
        return rows
    }

    /// Cells separated by two or more spaces (or a tab), with their positions.
    private static func spaceAligned(lines: [String], range: ClosedRange<Int>) -> [RawRow] {
        var rows: [RawRow] = []
        for number in range {
            let line = lines[number - 1]
            if line.isBlank { continue }
            let scalars = Array(line.unicodeScalars)
            var cells: [RawCell] = []
            var start: Int?
            var gapStart = 0, gapWidth = 0
            func close(at end: Int) {
                if let s = start, s < end {
                    let text = String(String.UnicodeScalarView(scalars[s..<end]))
                    cells.append(RawCell(text: text, line: number, center: (s + end - 1) / 2))
                }
                start = nil
            }
            for (index, scalar) in scalars.enumerated() {
                if scalar == " " || scalar == "\t" {
                    if gapWidth == 0 { gapStart = index }
                    gapWidth += scalar == "\t" ? 2 : 1
                    // Two spaces (or a tab) end a cell; a single space is part of it.
                    if gapWidth >= 2, start != nil { close(at: gapStart) }
                } else {
                    if start == nil { start = index }
                    gapWidth = 0
                }
            }
            close(at: trailingEnd(scalars))
            splitNumberRuns(&cells)
            rows.append(RawRow(cells: cells, line: number))
        }
        return rows
    }

    private static func trailingEnd(_ scalars: [Unicode.Scalar]) -> Int {
        var end = scalars.count
        while end > 0, scalars[end - 1] == " " || scalars[end - 1] == "\t" { end -= 1 }
        return end
    }

    /// A cell such as `0 0 3` (numbers separated by single spaces) is several number cells, and
    /// `规章 0 0 0` (a label and its numbers, single-spaced by some converters) is a label cell and
    /// number cells. Returns whether any cell could hold such a run (and so was looked at).
    @discardableResult
    private static func splitNumberRuns(_ cells: inout [RawCell]) -> Bool {
        // Only text with a space that ends like a number (or a dash or slash) can hold a run.
        func mayHoldRun(_ cell: RawCell) -> Bool {
            guard cell.kind == .text, !cell.isJoined else { return false }
            var text = cell.text
            return text.withUTF8 { b in
                guard let last = b.last, last >= 0x30 && last <= 0x39 || last == 0x2D || last == 0x2F || last == 0x94
                else { return false }
                return b.contains(0x20)
            }
        }
        guard cells.contains(where: mayHoldRun) else { return false }
        var result: [RawCell] = []
        for cell in cells {
            guard mayHoldRun(cell) else {
                result.append(cell)
                continue
            }
            let pieces = cell.text.utf8.split(separator: 0x20).map { Substring($0) }
            // The numbers (or blanks) at the end of the cell.
            var firstValue = pieces.count
            while firstValue > 0, isValue(pieces[firstValue - 1]) { firstValue -= 1 }
            let valueCount = pieces.count - firstValue
            guard valueCount >= 1, pieces.count > 1 else {
                result.append(cell)
                continue
            }
            var offset = (cell.center ?? 0) - cell.text.unicodeScalars.count / 2
            if firstValue > 0 {
                let label = pieces[..<firstValue].joined(separator: " ")
                let width = label.unicodeScalars.count
                result.append(RawCell(text: label, line: cell.line, center: cell.center == nil ? nil : offset + (width - 1) / 2))
                offset += width + 1
            }
            for piece in pieces[firstValue...] {
                let width = piece.unicodeScalars.count
                result.append(RawCell(text: String(piece), line: cell.line, center: cell.center == nil ? nil : offset + (width - 1) / 2))
                offset += width + 1
            }
        }
        cells = result
        return true
    }

    private static func isValue(_ piece: Substring) -> Bool {
        switch CellNumber.read(String(piece)) {
        case .number, .placeholder: return true
        case .text, .decoration: return false
        }
    }
}
