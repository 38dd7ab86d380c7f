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

/// A number read from a cell, exact. Plain data (unlike the model's `CellValue`), so cells copy as bytes.
enum RawNumber {
    case integer(Int)
    case decimal(Decimal)

    /// The number as the model records it.
    var value: CellValue {
        switch self {
        case .integer(let value): return .integer(value)
        case .decimal(let value): return .decimal(value)
        }
    }

    var decimal: Decimal {
        switch self {
        case .integer(let value): return Decimal(value)
        case .decimal(let value): return value
        }
    }
}

/// One cell as found in the text, before it is given a meaning. Its text is a range of bytes in its
/// table's `TableText`, so a cell holds no references and copying it costs no reference counting.
struct RawCell {
    enum Kind: Equatable { case empty, number, text }

    /// The cell's text: bytes of the table's `TableText`.
    let span: Range<Int>
    let line: Int
    /// Scalar offset of the cell's centre on its line (space-aligned layout only).
    let center: Int?
    let kind: Kind
    /// The value of a number cell.
    let number: RawNumber?
    /// The cell was joined from several lines (a label broken over lines).
    let isJoined: Bool
    /// A value cell written as 无, -, / or the like instead of a number: it holds its place in the row, and its
    /// text is kept (as a text value) for the rules to report.
    let isPlaceholder: Bool

    /// Whether the cell holds a place among a row's values (a number, or a placeholder such as 无).
    var occupiesSlot: Bool { kind != .empty || isPlaceholder }

    /// A cell of the text `bytes` (the bytes at `span`).
    init(span: Range<Int>, bytes: UnsafeBufferPointer<UInt8>, line: Int, center: Int? = nil, isJoined: Bool = false) {
        var number: RawNumber?
        var kind = Kind.empty, isPlaceholder = false
        switch CellNumber.read(bytes) {
        case .number(.integer(let value)): (kind, number) = (.number, .integer(value))
        case .number(.decimal(let value)): (kind, number) = (.number, .decimal(value))
        case .number(.text): kind = .text
        case .placeholder where !bytes.isEmpty: isPlaceholder = true
        case .placeholder, .decoration: break
        case .text: kind = .text
        }
        self.span = span
        self.line = line
        self.center = center
        self.kind = kind
        self.number = number
        self.isJoined = isJoined
        self.isPlaceholder = isPlaceholder
    }
}

/// The bytes a table's cells point into: the lines of its region, then the texts joined from
/// several lines (kept apart, so that the lines are copied once and never moved).
struct TableText {
    /// The region's lines, one after another.
    let lines: [UInt8]
    /// Texts made while reading the grid (labels joined over lines); spans into it start at `lines.count`.
    private(set) var joined: [UInt8] = []

    /// The first line of the region.
    let firstLine: Int
    /// Where each line of the region is in `lines`.
    private let lineSpans: [Range<Int>]

    /// The bytes of `range` of the report's lines.
    init(lines: ReportLines, range: ClosedRange<Int>) {
        (self.lines, self.lineSpans) = lines.withUTF8(lines: (range.lowerBound - 1)..<range.upperBound) { bytes, ends in
            var start = 0
            return (Array(bytes), ends.map { end in defer { start = end }; return start..<end })
        }
        self.firstLine = range.lowerBound
    }

    /// Where line `number` (of the region) is.
    func lineSpan(_ number: Int) -> Range<Int> { lineSpans[number - firstLine] }

    /// Calls `body` with the bytes of `span`.
    @inline(__always)
    func withBytes<R>(_ span: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if span.lowerBound >= lines.count {
            let offset = lines.count
            return joined.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[(span.lowerBound - offset)..<(span.upperBound - offset)])) }
        }
        return lines.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[span])) }
    }

    /// A cell of the text at `span`.
    func cell(_ span: Range<Int>, line: Int, center: Int? = nil, isJoined: Bool = false) -> RawCell {
        withBytes(span) { RawCell(span: span, bytes: $0, line: line, center: center, isJoined: isJoined) }
    }

    /// Keeps the texts of `spans`, one after another with `separator` between them, and returns their span.
    mutating func join(_ spans: [Range<Int>], separator: UInt8? = nil) -> Range<Int> {
        let start = lines.count + joined.count
        for (index, span) in spans.enumerated() {
            if index > 0, let separator { joined.append(separator) }
            let bytes = withBytes(span) { Array($0) }
            joined.append(contentsOf: bytes)
        }
        return start..<(lines.count + joined.count)
    }

    /// The number of Unicode scalars in `span`.
    func scalarCount(_ span: Range<Int>) -> Int {
        withBytes(span) { GKParse.scalarCount(ofUTF8: $0) }
    }

    /// The cell's text.
    func string(_ cell: RawCell) -> String {
        // Most cells are small whole numbers written plainly: their text is taken from a table of them.
        if case .integer(let value)? = cell.number, value >= 0, value < Self.smallNumbers.count,
           cell.span.count == (value < 10 ? 1 : value < 100 ? 2 : 3) {
            return Self.smallNumbers[value]
        }
        return withBytes(cell.span) { String(decoding: $0, as: UTF8.self) }
    }

    /// "0" to "999".
    private static let smallNumbers = (0..<1000).map(String.init)

    /// `LabelText.key` of the cell's text.
    func key(_ cell: RawCell) -> String { withBytes(cell.span) { LabelText.key(bytes: $0) } }

    /// The value the model records for the cell: its number, the text of a placeholder (无, -), else nil.
    func value(_ cell: RawCell) -> CellValue? {
        if let number = cell.number { return number.value }
        return cell.isPlaceholder ? .text(string(cell)) : nil
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
}

/// Splits a range of report lines into rows of cells, whatever the layout.
enum TableGrid {
    /// No standard table spans more lines than this; a longer region is read only this far.
    static let maximumTableLines = 2_000

    static func rows(lines: ReportLines, range: ClosedRange<Int>) -> (rows: [RawRow], layout: TableLayout, text: TableText) {
        let range = range.lowerBound...min(range.upperBound, range.lowerBound + maximumTableLines - 1)
        var text = TableText(lines: lines, range: range)
        let layout = detectLayout(text, range: range)
        let rows: [RawRow]
        switch layout {
        case .rowPerLine: rows = rowsPerLine(range, text: &text, pipes: false)
        case .pipeDelimited: rows = rowsPerLine(range, text: &text, pipes: true)
        case .cellPerLine: rows = cellsPerLine(range, text: &text)
        case .spaceAligned: rows = spaceAligned(range, text: &text)
        }
        return (rows, layout, text)
    }

    /// The layout most of the range's tab-bearing lines follow.
    static func detectLayout(_ text: TableText, range: ClosedRange<Int>) -> TableLayout {
        var multiCell = 0, singleLeading = 0, piped = 0
        for number in range {
            // One pass over the bytes: tabs, bars (| or ｜), and where the text ends.
            let (tabs, pipes, leadingTab) = text.withBytes(text.lineSpan(number)) { b -> (Int, Int, Bool) in
                var end = b.count
                while end > 0, b[end - 1] == 0x20 { end -= 1 }
                var tabs = 0, pipes = 0, i = 0
                while i < end {
                    let c = b[i]
                    // Common CJK characters (lead bytes E4–E9, three bytes) are neither.
                    if c >= 0xE4 && c <= 0xE9 { i += 3; continue }
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
            let trimmed = trimmed(b, tabs: true)
            return (trimmed.lowerBound, trimmed.upperBound, b.count)
        }
        // Nothing to trim: the text itself (a whole string is returned without a copy).
        if first == 0, last == count { return String(s) }
        if first == last { return "" }
        return s.withUTF8 { b in String(decoding: UnsafeBufferPointer(rebasing: b[first..<last]), as: UTF8.self) }
    }

    /// The range of `b` without leading and trailing spaces (and tabs, if `tabs`).
    @inline(__always)
    static func trimmed(_ b: UnsafeBufferPointer<UInt8>, from start: Int = 0, to end: Int? = nil, tabs: Bool) -> Range<Int> {
        var first = start, last = end ?? b.count
        while first < last, b[first] == 0x20 || (tabs && b[first] == 0x09) { first += 1 }
        while last > first, b[last - 1] == 0x20 || (tabs && b[last - 1] == 0x09) { last -= 1 }
        return first..<last
    }

    /// Whether the bytes are nothing but spaces and tabs (or none).
    @inline(__always)
    static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool { !b.contains { $0 != 0x20 && $0 != 0x09 } }

    /// The line's tab-separated cells, each without its surrounding spaces, trailing empty cells
    /// after the last tab kept (as blanks) but the line's trailing spaces dropped, each made into a
    /// `Cell` by `make`. Works on the bytes: a tab or a space never occurs inside a character.
    static func trimmedTabCells<Cell>(_ line: String, _ make: (String) -> Cell) -> [Cell] {
        var line = line
        return line.withUTF8 { b in
            var cells: [Cell] = []
            cells.reserveCapacity(8)
            forEachTabCell(b) { cells.append(make($0.isEmpty ? "" : String(decoding: UnsafeBufferPointer(rebasing: b[$0]), as: UTF8.self))) }
            return cells
        }
    }

    /// Calls `body` with the range of each of the line's tab-separated cells, in order, each without
    /// its surrounding spaces; trailing empty cells after the last tab kept, the line's trailing spaces dropped.
    @inline(__always)
    private static func forEachTabCell(_ b: UnsafeBufferPointer<UInt8>, _ body: (Range<Int>) -> Void) {
        var end = b.count
        while end > 0, b[end - 1] == 0x20 { end -= 1 }
        var start = 0
        while true {
            var stop = start
            while stop < end, b[stop] != 0x09 { stop += 1 }
            body(trimmed(b, from: start, to: stop, tabs: false))
            if stop >= end { break }
            start = stop + 1
        }
    }

    /// The ranges of the line's cells between `|` or `｜` (Markdown), outer bars dropped, each
    /// without surrounding spaces and tabs. An escaped bar (`\|`) is part of its cell.
    private static func pipeCellRanges(_ b: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var cells: [Range<Int>] = []
        var start = 0, i = 0
        while i < b.count {
            if b[i] == 0x5C, i + 1 < b.count, b[i + 1] == 0x7C {
                i += 2
            } else if b[i] == 0x7C {
                cells.append(start..<i)
                i += 1
                start = i
            } else if b[i] == 0xEF, i + 2 < b.count, b[i + 1] == 0xBD, b[i + 2] == 0x9C {
                cells.append(start..<i)
                i += 3
                start = i
            } else {
                i += 1
            }
        }
        cells.append(start..<b.count)
        cells = cells.map { trimmed(b, from: $0.lowerBound, to: $0.upperBound, tabs: true) }
        if let first = cells.first, first.isEmpty { cells.removeFirst() }
        if let last = cells.last, last.isEmpty { cells.removeLast() }
        return cells
    }

    private static func rowsPerLine(_ range: ClosedRange<Int>, text: inout TableText, pipes: Bool) -> [RawRow] {
        var rows: [RawRow] = []
        for number in range {
            let span = text.lineSpan(number)
            let cells: [RawCell]? = text.withBytes(span) { b in
                if isBlank(b) || PageFooter.matches(b) { return nil }
                var cells: [RawCell] = []
                cells.reserveCapacity(12)
                func add(_ cell: Range<Int>) {
                    cells.append(RawCell(span: (span.lowerBound + cell.lowerBound)..<(span.lowerBound + cell.upperBound),
                                         bytes: UnsafeBufferPointer(rebasing: b[cell]), line: number))
                }
                if pipes { pipeCellRanges(b).forEach(add) } else { forEachTabCell(b, add) }
                return cells
            }
            guard var cells else { continue }
            splitNumberRuns(&cells, text: &text)
            rows.append(RawRow(cells: cells, line: number))
        }
        return rows
    }

    private static func cellsPerLine(_ range: ClosedRange<Int>, text: inout TableText) -> [RawRow] {
        var rows: [RawRow] = []
        var current: [RawCell] = []
        current.reserveCapacity(12)
        var currentLine = range.lowerBound
        func finishRow() {
            if !current.isEmpty { rows.append(RawRow(cells: current, line: currentLine)) }
            current = []
            current.reserveCapacity(12)  // a table row's cells, without growing the array cell by cell
        }
        /// The cell continued by the text at `span` (a label broken over lines).
        func continuing(_ cell: RawCell, with span: Range<Int>) -> RawCell {
            let joined = text.join([cell.span, span])
            return text.cell(joined, line: cell.line, center: cell.center, isJoined: true)
        }
        for number in range {
            let line = text.lineSpan(number)
            if text.withBytes(line, PageFooter.matches) { continue }
            let (blank, leadingTab, trimmedSpan) = text.withBytes(line) { b in
                let cell = trimmed(b, tabs: true)
                return (isBlank(b), b.first == 0x09, (line.lowerBound + cell.lowerBound)..<(line.lowerBound + cell.upperBound))
            }
            if blank && !leadingTab {
                finishRow()
                continue
            }
            let cell = text.cell(trimmedSpan, line: number)
            if leadingTab {
                if current.isEmpty { currentLine = number }
                current.append(cell)
                continue
            }
            if !current.isEmpty, cell.kind == .number {
                // A value that lost its tab is a cell of its own, not part of a label.
                current.append(cell)
            } else if let last = current.last, last.kind != .number {
                // A label broken over lines: the line continues the cell above.
                current[current.count - 1] = continuing(last, with: trimmedSpan)
            } else if current.isEmpty, let previous = rows.last, !previous.hasNumbers,
                      let last = previous.cells.last, last.kind == .text {
                // A cell broken by a blank line (结果 / 维持).
                var cells = previous.cells
                cells[cells.count - 1] = continuing(last, with: trimmedSpan)
                rows[rows.count - 1] = RawRow(cells: cells, line: previous.line)
            } else {
                finishRow()
                currentLine = number
                current.append(cell)
            }
        }
        finishRow()
        for index in rows.indices {
            var cells = rows[index].cells
            if splitNumberRuns(&cells, text: &text) { rows[index] = RawRow(cells: cells, line: rows[index].line) }
        }
        return rows
    }

    /// Cells separated by two or more spaces (or a tab), with their positions (in scalars).
    private static func spaceAligned(_ range: ClosedRange<Int>, text: inout TableText) -> [RawRow] {
        var rows: [RawRow] = []
        for number in range {
            let line = text.lineSpan(number)
            let cells: [RawCell]? = text.withBytes(line) { b in
                if isBlank(b) || PageFooter.matches(b) { return nil }
                var cells: [RawCell] = []
                var start: (byte: Int, scalar: Int)?
                var gapStart = (byte: 0, scalar: 0), gapWidth = 0
                func close(at end: (byte: Int, scalar: Int)) {
                    if let s = start, s.byte < end.byte {
                        cells.append(RawCell(span: (line.lowerBound + s.byte)..<(line.lowerBound + end.byte),
                                             bytes: UnsafeBufferPointer(rebasing: b[s.byte..<end.byte]),
                                             line: number, center: (s.scalar + end.scalar - 1) / 2))
                    }
                    start = nil
                }
                var i = 0, scalar = 0
                while i < b.count {
                    let c = b[i]
                    if c == 0x20 || c == 0x09 {
                        if gapWidth == 0 { gapStart = (i, scalar) }
                        gapWidth += c == 0x09 ? 2 : 1
                        // Two spaces (or a tab) end a cell; a single space is part of it.
                        if gapWidth >= 2, start != nil { close(at: gapStart) }
                    } else {
                        if start == nil { start = (i, scalar) }
                        gapWidth = 0
                    }
                    i += utf8SequenceLength(c)
                    scalar += 1
                }
                // The end of the text without its trailing spaces and tabs (each one byte, one scalar).
                let end = trimmed(b, tabs: true).upperBound
                close(at: (end, scalar - (b.count - end)))
                return cells
            }
            guard var cells else { continue }
            splitNumberRuns(&cells, text: &text)
            rows.append(RawRow(cells: cells, line: number))
        }
        return rows
    }

    /// A cell such as `0 0 3` (numbers separated by single spaces) is several number cells, and
    /// `规章 0 0 0` (a label and its numbers, single-spaced by some converters) is a label cell and
    /// number cells. Returns whether any cell could hold such a run (and so was looked at).
    @discardableResult
    private static func splitNumberRuns(_ cells: inout [RawCell], text: inout TableText) -> Bool {
        // Only text with a space that ends like a number (or a dash or slash) can hold a run.
        func mayHoldRun(_ cell: RawCell) -> Bool {
            guard cell.kind == .text, !cell.isJoined else { return false }
            return text.withBytes(cell.span) { b in
                guard let last = b.last, last >= 0x30 && last <= 0x39 || last == 0x2D || last == 0x2F || last == 0x94
                else { return false }
                return b.contains(0x20)
            }
        }
        func isValue(_ piece: Range<Int>) -> Bool {
            switch text.withBytes(piece, CellNumber.read) {
            case .number, .placeholder: return true
            case .text, .decoration: return false
            }
        }
        guard cells.contains(where: mayHoldRun) else { return false }
        var result: [RawCell] = []
        for cell in cells {
            guard mayHoldRun(cell) else {
                result.append(cell)
                continue
            }
            // The cell's words between spaces.
            let pieces: [Range<Int>] = text.withBytes(cell.span) { b in
                b.indices.split(whereSeparator: { b[$0] == 0x20 }).map {
                    (cell.span.lowerBound + $0.lowerBound)..<(cell.span.lowerBound + $0.upperBound)
                }
            }
            // The numbers (or blanks) at the end of the cell.
            var firstValue = pieces.count
            while firstValue > 0, isValue(pieces[firstValue - 1]) { firstValue -= 1 }
            let valueCount = pieces.count - firstValue
            guard valueCount >= 1, pieces.count > 1 else {
                result.append(cell)
                continue
            }
            var offset = (cell.center ?? 0) - text.scalarCount(cell.span) / 2
            if firstValue > 0 {
                // The label's words with a space between them: as written, unless written with more spaces.
                let words = Array(pieces[..<firstValue])
                let singleSpaced = zip(words, words.dropFirst()).allSatisfy { $1.lowerBound == $0.upperBound + 1 }
                let label = singleSpaced ? words[0].lowerBound..<words[words.count - 1].upperBound
                                         : text.join(words, separator: 0x20)
                let width = text.scalarCount(label)
                result.append(text.cell(label, line: cell.line, center: cell.center == nil ? nil : offset + (width - 1) / 2))
                offset += width + 1
            }
            for piece in pieces[firstValue...] {
                let width = text.scalarCount(piece)
                result.append(text.cell(piece, line: cell.line, center: cell.center == nil ? nil : offset + (width - 1) / 2))
                offset += width + 1
            }
        }
        cells = result
        return true
    }
}
