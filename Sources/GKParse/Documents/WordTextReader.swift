import Foundation

/// Reads the WordprocessingML of `word/document.xml` as report text (see `DocumentText`).
///
/// - A paragraph (`w:p`) is a line: the text of its runs' `w:t`; a `w:tab` is a tab between texts (a
///   paragraph's leading and trailing tabs are indentation and dropped, a run of tabs is one tab, and one
///   after a heading's number, as in 一、→总体情况, is a space); `w:br`
///   and `w:cr` break the line; `w:noBreakHyphen` is a hyphen. Symbols (`w:sym`), field codes, ruby
///   annotations and hidden runs (`w:vanish`) are not text that is read.
/// - Tracked changes are read as accepted: inserted and moved-to text is read, deleted and moved-from text
///   (`w:del`, `w:delText`, `w:moveFrom`) and deleted table rows are not; old property sets (`w:…Change`)
///   are passed over. Content controls (`w:sdt`), hyperlinks, smart tags and the like are read through; a
///   content control showing its placeholder prompt (`w:showingPlcHdr`) is empty.
///   Of `mc:AlternateContent` the choice is read, not the fallback that repeats it.
/// - A table (`w:tbl`) is a row per line, its cells separated by tabs, and a blank line after its rows. A
///   cell is one line: its paragraphs joined with spaces, its tabs and breaks made spaces. The grid is
///   expanded: a cell spanning columns (`w:gridSpan`) is written in its first column and the columns it
///   covers are left empty, and so is a cell that continues a vertical merge (`w:vMerge`) or a legacy
///   horizontal one (`w:hMerge`); `w:gridBefore`/`w:gridAfter` are empty cells before and after a row's.
/// - A table that lays out the page rather than holding data — a cell holding a table, six lines or more,
///   or more than one line and 300 bytes (as web pages' tables are told apart); or a table of one column —
///   is read out as its cells' paragraphs and tables in order, as if they stood outside it.
/// - A text box (`w:txbxContent`) is read after the paragraph it is anchored in, as paragraphs (or cell
///   text) of its own.
///
/// Rows, columns, the depth of elements and of tables and the size of the text are bounded (`Limits`); a
/// document past a bound is refused.
struct WordTextReader {
    /// The bounds a document is held to.
    struct Limits {
        var maximumRows = 2_000
        var maximumColumns = 200
        var maximumDepth = 512
        var maximumTableNesting = 32
        var maximumTextBytes = 64 << 20
    }

    enum Failure: Error, Equatable {
        case xml(XMLScanner.Failure)
        /// Past a bound (what, in Chinese).
        case limit(String)
    }

    /// The text of `xml`, and whether the body holds an `altChunk` (content imported from another part).
    static func read(_ xml: UnsafeBufferPointer<UInt8>, limits: Limits) throws(Failure) -> (text: [UInt8], altChunk: Bool) {
        var reader = WordTextReader(scanner: XMLScanner(xml), limits: limits)
        try reader.run()
        return (reader.output, reader.sawAltChunk)
    }

    /// The elements that mean something here. `skipped` ones are passed over with all they hold.
    private enum Kind {
        case other, paragraph, run, runProperties, text, tab, lineBreak, hyphen
        case table, row, rowProperties, cell, cellProperties
        case gridSpan, verticalMerge, horizontalMerge, gridBefore, gridAfter, vanish, deletion
        case textBox, altChunk, skipped
        case contentControl, contentControlProperties, contentControlContent, showingPlaceholder
    }

    /// What the document has already given: a paragraph's lines, or a table's rendered rows (blank line included).
    private enum Block {
        case paragraph([UInt8])
        case table([UInt8])
    }

    /// A paragraph being read: its text (tabs as 0x09, breaks as 0x0A) and the text boxes anchored in it.
    private struct Paragraph {
        var text: [UInt8] = []
        var anchored: [Block] = []

        /// A tab between texts; after a heading's number (一、 （一） 1. 第一部分), a space: the number and
        /// its heading are one line of text, not two cells.
        mutating func tab() {
            guard let last = text.last, last != 0x09, last != 0x0A else { return }
            text.append(isNumberLabel() ? 0x20 : 0x09)
        }

        /// Whether the paragraph so far is a number such as 一、, （一）, (1), 1. or 第一部分, spaces around it:
        /// numerals closed by 、 . ) ） or 】, or 第 and numerals and 部分, 章 or 节.
        private func isNumberLabel() -> Bool {
            // Six characters of three bytes, and some spaces: anything longer is no number (and is not looked at).
            guard text.count <= 32 else { return false }
            let label = String(decoding: text, as: UTF8.self).trimmingCharacters(in: .whitespaces)
            guard label.count >= 2, label.count <= 6,
                  label.unicodeScalars.allSatisfy({ Self.numberLabelScalars.contains($0) || ("0"..."9").contains($0) }),
                  label.unicodeScalars.contains(where: { Self.numerals.contains($0) || ("0"..."9").contains($0) }) else {
                return false
            }
            return "、.．)）】".contains(label.last!) || label.hasPrefix("第") && "分章节".contains(label.last!)
        }

        private static let numerals = Set("〇零一二三四五六七八九十百".unicodeScalars)
        private static let numberLabelScalars = numerals.union("()（）【】.．、第部分章节".unicodeScalars)

        mutating func lineBreak() {
            dropTrailingTab()
            text.append(0x0A)
        }

        mutating func dropTrailingTab() {
            if text.last == 0x09 { text.removeLast() }
        }
    }

    private struct Element {
        let name: Range<Int>
        let kind: Kind
        /// A content control (`w:sdt`) showing its placeholder (`w:showingPlcHdr`), which is a prompt, not text.
        var showsPlaceholder = false
    }

    private var scanner: XMLScanner
    private let limits: Limits
    private var output: [UInt8] = []
    /// The bytes of all blocks handed on so far.
    private var produced = 0
    private var sawAltChunk = false

    /// The open elements, outermost first.
    private var elements: [Element] = []
    /// The index in `elements` of the element being passed over, with everything inside it.
    private var skippedFrom: Int?
    private var paragraphs: [Paragraph] = []
    private var tables: [TableBuilder] = []
    /// The blocks of each open cell or text box, innermost last; the body's go straight to `output`.
    private var containers: [[Block]] = []

    /// The prefixes bound to the WordprocessingML and markup-compatibility namespaces on the root element.
    private var wordPrefix: [UInt8] = Array("w".utf8)
    private var compatibilityPrefix: [UInt8] = Array("mc".utf8)
    private var valueAttribute: [UInt8] = Array("w:val".utf8)

    private init(scanner: XMLScanner, limits: Limits) {
        self.scanner = scanner
        self.limits = limits
    }

    private mutating func run() throws(Failure) {
        var sawRoot = false
        while true {
            let token: XMLScanner.Token?
            do { token = try scanner.next() } catch { throw .xml(error) }
            guard let token else { break }
            switch token {
            case .start(let name, let attributes, let empty):
                if !sawRoot {
                    sawRoot = true
                    readPrefixes(attributes)
                }
                try start(name: name, attributes: attributes, empty: empty)
            case .end(let name):
                try end(name: name)
            case .text(let range), .cdata(let range):
                guard skippedFrom == nil, elements.last?.kind == .text, !paragraphs.isEmpty else { continue }
                if case .cdata = token {
                    paragraphs[paragraphs.count - 1].text.append(contentsOf: scanner.bytes[range].map { $0 < 0x20 ? 0x20 : $0 })
                } else {
                    scanner.appendText(range, to: &paragraphs[paragraphs.count - 1].text)
                }
            }
        }
        guard elements.isEmpty else { throw .xml(.malformed(at: scanner.bytes.count)) }
    }

    // MARK: Elements

    private mutating func start(name: Range<Int>, attributes: Range<Int>, empty: Bool) throws(Failure) {
        let kind = skippedFrom == nil ? self.kind(of: name) : .other
        if skippedFrom == nil {
            try open(kind, attributes: attributes, empty: empty)
        }
        if empty {
            if skippedFrom == nil { try close(kind) }
        } else {
            guard elements.count < limits.maximumDepth else {
                throw .limit("XML 元素嵌套超过 \(limits.maximumDepth) 层")
            }
            elements.append(Element(name: name, kind: kind))
        }
    }

    private mutating func end(name: Range<Int>) throws(Failure) {
        guard let element = elements.popLast(), scanner.equals(element.name, name) else {
            throw .xml(.malformed(at: name.lowerBound - 2))
        }
        if let skipped = skippedFrom {
            if skipped == elements.count { skippedFrom = nil }
            return
        }
        try close(element.kind)
    }

    /// What an element means as it opens (`elements` not yet holding it).
    private mutating func open(_ kind: Kind, attributes: Range<Int>, empty: Bool) throws(Failure) {
        let parent = elements.last?.kind
        let grandparent = elements.count >= 2 ? elements[elements.count - 2].kind : nil
        switch kind {
        case .paragraph:
            paragraphs.append(Paragraph())
        case .tab where parent == .run:
            paragraphs.modifyLast { $0.tab() }
        case .lineBreak where parent == .run:
            paragraphs.modifyLast { $0.lineBreak() }
        case .hyphen where parent == .run:
            paragraphs.modifyLast { $0.text.append(0x2D) }
        case .table:
            guard tables.count < limits.maximumTableNesting else {
                throw .limit("表格嵌套超过 \(limits.maximumTableNesting) 层")
            }
            tables.append(TableBuilder(limits: limits))
        case .row:
            tables.modifyLast { $0.startRow() }
        case .gridBefore where parent == .rowProperties, .gridAfter where parent == .rowProperties:
            let count = number(attributes)
            tables.modifyLast { if kind == .gridBefore { $0.gridBefore = count } else { $0.gridAfter = count } }
        case .deletion where parent == .rowProperties:
            tables.modifyLast { $0.rowDeleted = true }
        case .cell:
            try tables.modifyLast { table throws(Failure) in try table.startCell() }
            containers.append([])
        case .gridSpan where parent == .cellProperties && grandparent == .cell:
            let span = number(attributes)
            tables.modifyLast { $0.cell.span = span }
        case .verticalMerge where parent == .cellProperties && grandparent == .cell:
            let restart = valueIs("restart", attributes)
            tables.modifyLast { $0.cell.vertical = restart ? .restart : .proceed }
        case .horizontalMerge where parent == .cellProperties && grandparent == .cell:
            let proceed = !valueIs("restart", attributes)
            tables.modifyLast { $0.cell.continuesRow = proceed }
        case .vanish where parent == .runProperties && grandparent == .run:
            // A hidden run: the rest of it is passed over.
            if !valueIs("0", attributes) && !valueIs("false", attributes) && !valueIs("off", attributes) {
                skippedFrom = elements.count - 2
            }
        case .textBox:
            containers.append([])
        case .altChunk:
            sawAltChunk = true
        case .showingPlaceholder where parent == .contentControlProperties && grandparent == .contentControl:
            if !valueIs("0", attributes) && !valueIs("false", attributes) && !valueIs("off", attributes) {
                elements[elements.count - 2].showsPlaceholder = true
            }
        case .contentControlContent where parent == .contentControl:
            // The prompt a control shows while empty ("单击或点击此处输入文字。") is not the report's text.
            if elements[elements.count - 1].showsPlaceholder && !empty { skippedFrom = elements.count }
        case .deletion, .skipped:
            if !empty { skippedFrom = elements.count }
        default:
            break
        }
    }

    /// What an element means as it closes.
    private mutating func close(_ kind: Kind) throws(Failure) {
        switch kind {
        case .paragraph:
            guard var paragraph = paragraphs.popLast() else { return }
            paragraph.dropTrailingTab()
            try deliver(.paragraph(paragraph.text))
            for block in paragraph.anchored { try deliver(block) }
        case .row:
            try tables.modifyLast { table throws(Failure) in try table.endRow() }
        case .cell:
            let blocks = containers.popLast() ?? []
            if tables.isEmpty {
                for block in blocks { try deliver(block) }
            } else {
                try tables.modifyLast { table throws(Failure) in try table.endCell(blocks) }
            }
        case .table:
            guard let table = tables.popLast() else { return }
            for block in table.render() { try deliver(block) }
        case .textBox:
            let blocks = containers.popLast() ?? []
            if paragraphs.isEmpty {
                for block in blocks { try deliver(block) }
            } else {
                paragraphs[paragraphs.count - 1].anchored.append(contentsOf: blocks)
            }
        default:
            break
        }
    }

    /// Hands a block to the innermost open cell or text box, or writes it out. Every block handed on
    /// counts towards the text bound, those held in cells too (a frame's blocks count again as it hands
    /// them on), so what is held is bounded as well as what is written.
    private mutating func deliver(_ block: Block) throws(Failure) {
        switch block {
        case .paragraph(let text): produced += text.count + 1
        case .table(let rows): produced += rows.count
        }
        guard produced <= limits.maximumTextBytes else {
            throw .limit("读出的文字超过 \(DOCXReader.size(limits.maximumTextBytes))")
        }
        if !containers.isEmpty {
            containers[containers.count - 1].append(block)
            return
        }
        switch block {
        case .paragraph(let text):
            output.append(contentsOf: text)
            output.append(0x0A)
        case .table(let rows):
            output.append(contentsOf: rows)
        }
    }

    // MARK: Names and attributes

    private static let wordNames: [(String, Kind)] = [
        ("p", .paragraph), ("r", .run), ("rPr", .runProperties), ("t", .text), ("tab", .tab), ("ptab", .tab),
        ("br", .lineBreak), ("cr", .lineBreak), ("noBreakHyphen", .hyphen),
        ("tbl", .table), ("tr", .row), ("trPr", .rowProperties), ("tc", .cell), ("tcPr", .cellProperties),
        ("gridSpan", .gridSpan), ("vMerge", .verticalMerge), ("hMerge", .horizontalMerge),
        ("gridBefore", .gridBefore), ("gridAfter", .gridAfter), ("vanish", .vanish), ("del", .deletion),
        ("txbxContent", .textBox), ("altChunk", .altChunk),
        ("sdt", .contentControl), ("sdtPr", .contentControlProperties), ("sdtContent", .contentControlContent),
        ("showingPlcHdr", .showingPlaceholder),
        ("moveFrom", .skipped), ("delText", .skipped), ("instrText", .skipped), ("delInstrText", .skipped),
        ("rt", .skipped),
    ]

    /// `wordNames` by the length of the name, in bytes.
    private static let wordNamesByLength: [[([UInt8], Kind)]] = {
        var table = [[([UInt8], Kind)]](repeating: [], count: 16)
        for (name, kind) in wordNames { table[name.utf8.count].append((Array(name.utf8), kind)) }
        return table
    }()
    private static let change = Array("Change".utf8)
    private static let fallback = Array("Fallback".utf8)

    /// The meaning of an element by its name: a WordprocessingML one, or `mc:Fallback` (passed over).
    private func kind(of name: Range<Int>) -> Kind {
        let b = scanner.bytes
        var colon = name.lowerBound
        while colon < name.upperBound, b[colon] != 0x3A { colon += 1 }
        let hasPrefix = colon < name.upperBound
        let prefix = name.lowerBound..<(hasPrefix ? colon : name.lowerBound)
        let local = (hasPrefix ? colon + 1 : name.lowerBound)..<name.upperBound
        if scanner.equals(prefix, wordPrefix) {
            if local.count < Self.wordNamesByLength.count {
                for (candidate, kind) in Self.wordNamesByLength[local.count] where scanner.equals(local, candidate) { return kind }
            }
            // Revision marks keep the properties as they were before a change (w:rPrChange, w:tcPrChange…).
            if local.count > Self.change.count,
               scanner.equals((local.upperBound - Self.change.count)..<local.upperBound, Self.change) {
                return .skipped
            }
            return .other
        }
        if scanner.equals(prefix, compatibilityPrefix), scanner.equals(local, Self.fallback) { return .skipped }
        return .other
    }

    /// Takes the prefixes the root element binds to the WordprocessingML (transitional or strict) and
    /// markup-compatibility namespaces, where it binds them.
    private mutating func readPrefixes(_ attributes: Range<Int>) {
        let word: [[UInt8]] = [Array("http://schemas.openxmlformats.org/wordprocessingml/2006/main".utf8),
                               Array("http://purl.oclc.org/ooxml/wordprocessingml/main".utf8)]
        let compatibility = Array("http://schemas.openxmlformats.org/markup-compatibility/2006".utf8)
        let xmlns = Array("xmlns".utf8)
        var bindings: [([UInt8], Range<Int>)] = []
        scanner.forEachAttribute(in: attributes) { name, value in
            let b = scanner.bytes
            guard name.count >= 5, scanner.equals(name.lowerBound..<(name.lowerBound + 5), xmlns) else { return true }
            if name.count == 5 {
                bindings.append(([], value))
            } else if b[name.lowerBound + 5] == 0x3A {
                bindings.append((Array(b[(name.lowerBound + 6)..<name.upperBound]), value))
            }
            return true
        }
        for (prefix, value) in bindings {
            if word.contains(where: { scanner.equals(value, $0) }) { wordPrefix = prefix }
            if scanner.equals(value, compatibility) { compatibilityPrefix = prefix }
        }
        valueAttribute = wordPrefix.isEmpty ? Array("val".utf8) : wordPrefix + Array(":val".utf8)
    }

    /// The element's `w:val` as a count: 0 when absent or not a number, and past any bound when too large to matter.
    private func number(_ attributes: Range<Int>) -> Int {
        guard let value = scanner.attribute(valueAttribute, in: attributes), !value.isEmpty else { return 0 }
        var n = 0
        for c in scanner.bytes[value] {
            guard c >= 0x30, c <= 0x39 else { return 0 }
            n = min(n * 10 + Int(c - 0x30), 1 << 30)
        }
        return n
    }

    /// Whether the element's `w:val` is `expected`.
    private func valueIs(_ expected: String, _ attributes: Range<Int>) -> Bool {
        guard let value = scanner.attribute(valueAttribute, in: attributes) else { return false }
        return scanner.bytes[value].elementsEqual(expected.utf8)
    }

    // MARK: Tables

    /// A table being read, its cells expanded to the grid as each row ends.
    private struct TableBuilder {
        enum VerticalMerge { case none, restart, proceed }

        /// The properties of the cell being read.
        struct CellProperties {
            var span = 1
            var vertical = VerticalMerge.none
            var continuesRow = false
        }

        /// A place in the grid: a cell's content, or a place a merged cell covers.
        enum Place {
            case content([Block])
            case covered
        }

        let limits: Limits
        var rows: [[Place]] = []
        var row: [Place] = []
        var rowHasCells = false
        var rowDeleted = false
        var gridBefore = 0
        var gridAfter = 0
        var cell = CellProperties()
        /// For each column, whether a vertical merge runs down through it from the row above; the same
        /// for the row being read.
        var mergedAbove: [Bool] = []
        var mergedHere: [Bool] = []
        /// Whether a cell's content shows the table lays out the page.
        var isLayout = false
        /// A cell of this many lines, or of more than one line and this many bytes, lays out the page (the
        /// bounds `HTMLTable` uses).
        static let layoutLines = HTMLTable.layoutParagraphs, layoutTextBytes = HTMLTable.layoutTextBytes

        init(limits: Limits) { self.limits = limits }

        mutating func startRow() {
            row = []
            rowHasCells = false
            rowDeleted = false
            gridBefore = 0
            gridAfter = 0
            mergedHere = []
        }

        mutating func startCell() throws(Failure) {
            if !rowHasCells {
                try widen(by: gridBefore)
                row.append(contentsOf: repeatElement(.content([]), count: gridBefore))
                rowHasCells = true
            }
            cell = CellProperties()
        }

        mutating func endCell(_ blocks: [Block]) throws(Failure) {
            let column = row.count
            let span = max(cell.span, 1)
            try widen(by: span)
            let covered = cell.continuesRow
                || cell.vertical == .proceed && column < mergedAbove.count && mergedAbove[column]
            if !covered, !isLayout { isLayout = Self.laysOut(blocks) }
            row.append(covered ? .covered : .content(blocks))
            row.append(contentsOf: repeatElement(.covered, count: span - 1))
            if mergedHere.count < row.count { mergedHere.append(contentsOf: repeatElement(false, count: row.count - mergedHere.count)) }
            for k in column..<row.count { mergedHere[k] = cell.vertical != .none }
        }

        mutating func endRow() throws(Failure) {
            defer { startRow() }
            guard rowHasCells, !rowDeleted else { return }
            try widen(by: gridAfter)
            row.append(contentsOf: repeatElement(.content([]), count: gridAfter))
            guard rows.count < limits.maximumRows else { throw .limit("表格超过 \(limits.maximumRows) 行") }
            rows.append(row)
            mergedAbove = mergedHere
        }

        /// Whether a cell holding `blocks` lays out the page: it holds a table, or many lines, or long text.
        private static func laysOut(_ blocks: [Block]) -> Bool {
            var lines = 0, bytes = 0
            for block in blocks {
                guard case .paragraph(let text) = block else { return true }
                if text.isEmpty { continue }
                lines += 1
                bytes += text.count
                for c in text where c == 0x0A { lines += 1 }
            }
            return lines >= layoutLines || lines >= 2 && bytes >= layoutTextBytes
        }

        /// Checks that `count` more places keep the row within the column bound.
        private func widen(by count: Int) throws(Failure) {
            guard count <= limits.maximumColumns - row.count else {
                throw .limit("表格的一行超过 \(limits.maximumColumns) 列")
            }
        }

        /// The table as blocks: one block of tab-separated rows; or, for a layout frame, the blocks of its cells.
        func render() -> [Block] {
            if rows.isEmpty { return [] }
            if isLayout || rows.allSatisfy({ $0.count <= 1 }) {
                var blocks: [Block] = []
                for row in rows {
                    for place in row { if case .content(let content) = place { blocks.append(contentsOf: content) } }
                }
                return blocks
            }
            var text: [UInt8] = []
            for row in rows {
                for (k, place) in row.enumerated() {
                    if k > 0 { text.append(0x09) }
                    if case .content(let content) = place { Self.appendCellText(content, to: &text) }
                }
                text.append(0x0A)
            }
            text.append(0x0A)
            return [.table(text)]
        }

        /// A cell's text on one line: its paragraphs joined with a space, tabs and breaks made spaces,
        /// without spaces before or after.
        private static func appendCellText(_ blocks: [Block], to text: inout [UInt8]) {
            let start = text.count
            var separated = false
            for case .paragraph(let paragraph) in blocks {
                for c in paragraph {
                    if c == 0x09 || c == 0x0A {
                        separated = true
                        continue
                    }
                    if c == 0x20, text.count == start { continue }
                    if separated, text.count > start, text.last != 0x20 { text.append(0x20) }
                    separated = false
                    text.append(c)
                }
                separated = true
            }
            while text.count > start, text.last == 0x20 { text.removeLast() }
        }
    }
}

private extension Array {
    /// Changes the last element, if there is one.
    mutating func modifyLast<E: Error>(_ change: (inout Element) throws(E) -> Void) throws(E) {
        guard !isEmpty else { return }
        try change(&self[count - 1])
    }
}
