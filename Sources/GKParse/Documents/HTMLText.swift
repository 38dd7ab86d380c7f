import Foundation

/// A web page's text (well-formed UTF-8) read out as report text (see `DocumentText`): one tolerant pass over
/// its bytes. Tags, attributes (quoted or not), comments and character references are read; `<script>`,
/// `<style>`, `<title>` and the like are passed over; blocks (`<p>`, `<div>`, `<h1>`…, `<li>`, `<br>`, tables)
/// end lines, inline tags do not; white space collapses as in a browser (`TextSink`); tables become rows of
/// tab-separated cells (`HTMLTable`). Plain text saved as a page is kept as it is. Whatever the page, it is read
/// without a crash: an unfinished tag or comment at the end is dropped, tables left open are closed, and sizes
/// are bounded.
struct HTMLText {
    /// Caps: tables inside tables, and the slots of all tables of a page together.
    static let maxDepth = 32, maxSlots = 1_000_000

    static func read(_ input: UnsafeBufferPointer<UInt8>) throws(ReadError) -> [UInt8] {
        var reader = HTMLText(b: input)
        if reader.hasMarkup() {
            try reader.run()
        } else {
            // Plain text saved as a page: its lines and tabs as they are, nothing read as markup.
            reader.document.writePreformatted(input, from: 0, to: input.count, references: false)
            reader.document.endLine(paragraph: true)
        }
        return reader.document.bytes
    }

    private let b: UnsafeBufferPointer<UInt8>
    private var document = TextSink()
    /// Open tables, the outermost first.
    private var tables: [HTMLTable] = []
    /// Where text goes: the innermost table with a cell open (text inside a table but outside its cells goes
    /// before it, as browsers put it), or the document (-1).
    private var target = -1
    private var tablesStarted = 0
    private var slotsWritten = 0
    /// Open `<pre>` elements; whether a line break straight after `<pre>` is still to be dropped.
    private var preformatted = 0
    private var preformattedStart = false

    private init(b: UnsafeBufferPointer<UInt8>) { self.b = b }

    private mutating func run() throws(ReadError) {
        let n = b.count
        var i = 0
        while i < n {
            let open = index(of: 0x3C, from: i) ?? n
            if open > i { text(i, open) }
            if open >= n { break }
            i = try markup(at: open)
        }
        while !tables.isEmpty { try closeTable() }
        document.endLine(paragraph: true)
    }

    // MARK: Markup

    /// Reads the markup at `b[p]` (a `<`); where the text goes on after it.
    private mutating func markup(at p: Int) throws(ReadError) -> Int {
        let n = b.count, k = p + 1
        guard k < n else {
            text(p, n)
            return n
        }
        switch b[k] {
        case 0x21:  // <!-- comment -->, <!DOCTYPE …>, <![CDATA[…]]> and the like
            if k + 2 < n, b[k + 1] == 0x2D, b[k + 2] == 0x2D { return endOfComment(from: k + 3) }
            return after(0x3E, from: k + 1) ?? n
        case 0x3F:  // <?xml …?>
            return after(0x3E, from: k + 1) ?? n
        case 0x2F:  // an end tag
            guard k + 1 < n, Self.isLetter(b[k + 1]) else { return after(0x3E, from: k + 1) ?? n }
            let (key, nameEnd) = name(at: k + 1)
            guard let end = after(0x3E, from: nameEnd) else { return n }
            try endTag(HTMLTag(key: key, name: UnsafeBufferPointer(rebasing: b[(k + 1)..<nameEnd])))
            return end
        case let c where Self.isLetter(c):
            let (key, nameEnd) = name(at: k)
            let tag = HTMLTag(key: key, name: UnsafeBufferPointer(rebasing: b[k..<nameEnd]))
            // A tag cut off by the end of the file is dropped.
            guard let (end, rowspan, colspan) = attributes(from: nameEnd, spans: tag == .cell) else { return n }
            if tag == .rawText { return endOfRawText(from: end, name: key) }
            try startTag(tag, rowspan: rowspan, colspan: colspan)
            return end
        default:
            // A `<` that starts no tag is text.
            text(p, k)
            return k
        }
    }

    private mutating func startTag(_ tag: HTMLTag, rowspan: Int, colspan: Int) throws(ReadError) {
        switch tag {
        case .inline, .rawText: break
        case .lineBreak: endLine(paragraph: false)
        case .block: endLine(paragraph: true)
        case .heading:
            endLine(paragraph: true)
            if target < 0 { document.content.headings += 1 } else { tables[target].sink.content.headings += 1 }
        case .preformatted:
            endLine(paragraph: true)
            preformatted += 1
            preformattedStart = true
        case .table: try openTable()
        case .row:
            guard !tables.isEmpty else { return endLine(paragraph: true) }
            try tables[tables.count - 1].openRow()
            updateTarget()
        case .cell:
            guard !tables.isEmpty else { return endLine(paragraph: true) }
            try tables[tables.count - 1].openCell(rowspan: rowspan, colspan: colspan)
            updateTarget()
        case .rowGroup, .caption:
            if !tables.isEmpty {
                tables[tables.count - 1].closeRow()
                updateTarget()
            }
            endLine(paragraph: true)
        }
    }

    private mutating func endTag(_ tag: HTMLTag) throws(ReadError) {
        switch tag {
        case .inline, .rawText: break
        case .lineBreak: endLine(paragraph: false)  // `</br>` breaks a line too, as in browsers
        case .block, .heading, .caption: endLine(paragraph: true)
        case .preformatted:
            endLine(paragraph: true)
            preformatted = max(0, preformatted - 1)
        case .table:
            if !tables.isEmpty { try closeTable() }
        case .row, .rowGroup:
            guard !tables.isEmpty else { return endLine(paragraph: true) }
            tables[tables.count - 1].closeRow()
            updateTarget()
        case .cell:
            guard !tables.isEmpty else { return endLine(paragraph: true) }
            tables[tables.count - 1].closeCell()
            updateTarget()
        }
    }

    // MARK: Tables

    private mutating func openTable() throws(ReadError) {
        // A table straight inside another (outside its cells) ends that one, as in browsers.
        if let innermost = tables.last, !innermost.cellOpen { try closeTable() }
        guard tables.count < Self.maxDepth else {
            throw .unreadable(reason: "网页中的表格嵌套超过 \(Self.maxDepth) 层，不像是一份年度报告，未读取")
        }
        endLine(paragraph: true)
        tablesStarted += 1
        tables.append(HTMLTable(number: tablesStarted))
        updateTarget()
    }

    private mutating func closeTable() throws(ReadError) {
        var table = tables.removeLast()
        table.closeRow()
        updateTarget()
        if target < 0 {
            try table.write(into: &document, slots: &slotsWritten, maxSlots: Self.maxSlots)
        } else {
            try table.write(into: &tables[target].sink, slots: &slotsWritten, maxSlots: Self.maxSlots)
        }
    }

    private mutating func updateTarget() {
        target = tables.lastIndex { $0.cellOpen } ?? -1
    }

    // MARK: Text

    private mutating func text(_ from: Int, _ to: Int) {
        var from = from
        if preformatted > 0 {
            if preformattedStart {
                preformattedStart = false
                if b[from] == 0x0D { from += 1 }
                if from < to, b[from] == 0x0A { from += 1 }
            }
            if target < 0 { document.writePreformatted(b, from: from, to: to) } else { tables[target].sink.writePreformatted(b, from: from, to: to) }
        } else if target < 0 {
            document.write(b, from: from, to: to)
        } else {
            tables[target].sink.write(b, from: from, to: to)
        }
    }

    private mutating func endLine(paragraph: Bool) {
        if target < 0 { document.endLine(paragraph: paragraph) } else { tables[target].sink.endLine(paragraph: paragraph) }
    }

    // MARK: Scanning

    /// Whether a `<` anywhere starts a comment, a declaration, an end tag or a tag HTML knows (text may hold
    /// `<https://…>`).
    private func hasMarkup() -> Bool {
        var s = 0
        while let open = index(of: 0x3C, from: s), open + 1 < b.count {
            let c = b[open + 1]
            if c == 0x21 || c == 0x2F && open + 2 < b.count && Self.isLetter(b[open + 2]) { return true }
            if Self.isLetter(c), HTMLTag.isKnown(name(at: open + 1).key) { return true }
            s = open + 1
        }
        return false
    }

    /// The index of the first `byte` at or after `from`.
    private func index(of byte: UInt8, from: Int) -> Int? {
        guard from < b.count, let base = b.baseAddress,
              let found = memchr(base + from, Int32(byte), b.count - from) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The index just past the first `byte` at or after `from`.
    private func after(_ byte: UInt8, from: Int) -> Int? { index(of: byte, from: from).map { $0 + 1 } }

    /// Where a comment whose text starts at `from` ends (past its `-->`; the end of the page if none).
    private func endOfComment(from: Int) -> Int {
        let n = b.count
        // `<!-->` and `<!--->` are empty comments.
        if from < n, b[from] == 0x3E { return from + 1 }
        if from + 1 < n, b[from] == 0x2D, b[from + 1] == 0x3E { return from + 2 }
        var s = from
        while let close = index(of: 0x3E, from: s) {
            if close - 2 >= from, b[close - 1] == 0x2D, b[close - 2] == 0x2D { return close + 1 }
            s = close + 1
        }
        return n
    }

    /// Where the raw text of a `<script>` (or the like, named `name`) that starts at `from` ends: past its end tag.
    private func endOfRawText(from: Int, name: UInt64) -> Int {
        var s = from
        while let open = index(of: 0x3C, from: s) {
            if open + 2 < b.count, b[open + 1] == 0x2F {
                let (key, end) = self.name(at: open + 2)
                if key == name, end > open + 2 { return after(0x3E, from: end) ?? b.count }
            }
            s = open + 1
        }
        return b.count
    }

    /// A tag's name from `i`: its first eight bytes in lower case, packed (`HTMLTag.longName` for a longer
    /// one), and where it ends — or where reading it stops, after `HTMLTag.longestName` bytes and one more
    /// (what follows is read as attributes), so that looking at names never reads far.
    private func name(at i: Int) -> (key: UInt64, end: Int) {
        var k = i, key: UInt64 = 0
        let limit = min(b.count, i + HTMLTag.longestName + 1)
        while k < limit, !Self.endsName(b[k]) {
            key = key << 8 | UInt64(HTMLReader.lowercased(b[k]))
            k += 1
        }
        return (k - i > 8 ? HTMLTag.longName : key, k)
    }

    /// Reads a tag's attributes from `from` to its `>`: where the text goes on, and its `rowspan` and `colspan`
    /// (read when `spans`); nil when the page ends inside the tag.
    private func attributes(from: Int, spans: Bool) -> (end: Int, rowspan: Int, colspan: Int)? {
        let n = b.count
        var k = from, rowspan = 1, colspan = 1
        while true {
            while k < n, Self.isSpace(b[k]) || b[k] == 0x2F { k += 1 }
            guard k < n else { return nil }
            if b[k] == 0x3E { return (k + 1, rowspan, colspan) }
            let nameStart = k
            k += 1
            while k < n, !Self.endsName(b[k]), b[k] != 0x3D { k += 1 }
            let nameEnd = k
            while k < n, Self.isSpace(b[k]) { k += 1 }
            guard k < n else { return nil }
            guard b[k] == 0x3D else { continue }
            k += 1
            while k < n, Self.isSpace(b[k]) { k += 1 }
            guard k < n else { return nil }
            let value: Range<Int>
            if b[k] == 0x22 || b[k] == 0x27 {
                guard let close = index(of: b[k], from: k + 1) else { return nil }
                value = (k + 1)..<close
                k = close + 1
            } else {
                let start = k
                while k < n, !Self.isSpace(b[k]), b[k] != 0x3E { k += 1 }
                value = start..<k
            }
            guard spans, nameEnd - nameStart == 7 else { continue }
            if isName("rowspan", at: nameStart) {
                // `rowspan="0"` spans the rest of the table.
                let value = span(value)
                rowspan = value == 0 ? HTMLTable.maxSpan : value
            } else if isName("colspan", at: nameStart) {
                colspan = max(span(value), 1)
            }
        }
    }

    /// A span's value: its leading digits, up to `HTMLTable.maxSpan` (0 for a written 0); 1 when there are none.
    private func span(_ value: Range<Int>) -> Int {
        var k = value.lowerBound
        while k < value.upperBound, Self.isSpace(b[k]) { k += 1 }
        var number = 0, digits = 0
        while k < value.upperBound, b[k] >= 0x30, b[k] <= 0x39 {
            number = min(number * 10 + Int(b[k] - 0x30), HTMLTable.maxSpan)
            digits += 1
            k += 1
        }
        return digits == 0 ? 1 : number
    }

    /// Whether the attribute name at `i` is `word` (lower case), ignoring case.
    private func isName(_ word: StaticString, at i: Int) -> Bool {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        for k in 0..<w.count where HTMLReader.lowercased(b[i + k]) != w[k] { return false }
        return true
    }

    private static func isLetter(_ c: UInt8) -> Bool { c | 0x20 >= 0x61 && c | 0x20 <= 0x7A }
    private static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D || c == 0x0C }
    private static func endsName(_ c: UInt8) -> Bool { isSpace(c) || c == 0x2F || c == 0x3E }
}

/// What a tag does to the text.
enum HTMLTag: Equatable, Sendable {
    /// Nothing (`<span>`, `<font>`, `<b>`, `<a>`, and any tag not known).
    case inline
    /// Ends a line (`<br>`).
    case lineBreak
    /// Starts and ends a paragraph (`<p>`, `<div>`, `<li>`, …).
    case block
    /// A block that is a heading (`<h1>`…`<h6>`).
    case heading
    /// `<pre>`: white space kept.
    case preformatted
    case table, row, cell
    /// `<thead>`, `<tbody>`, `<tfoot>`: they end a row.
    case rowGroup
    case caption
    /// Text not shown, read to its end tag (`<script>`, `<style>`, `<title>`, …).
    case rawText

    /// The key of a name longer than eight bytes.
    static let longName = UInt64.max
    /// The longest name known (`blockquote`, `figcaption`).
    static let longestName = 10

    /// The tag of a name (`key`: its first eight bytes in lower case, packed; `name`: as written).
    init(key: UInt64, name: UnsafeBufferPointer<UInt8>) {
        if key == Self.longName {
            let lower = name.lazy.map(HTMLReader.lowercased)
            self = lower.elementsEqual("blockquote".utf8) || lower.elementsEqual("figcaption".utf8) ? .block : .inline
        } else {
            self = Self.known.value(key) ?? .inline
        }
    }

    /// Whether the name (packed as for `init`) is one HTML defines.
    static func isKnown(_ key: UInt64) -> Bool { known.value(key) != nil }

    private static let known: PackedNames<HTMLTag> = {
        var tags: [(String, HTMLTag)] = []
        func add(_ tag: HTMLTag, _ names: String...) { tags += names.map { ($0, tag) } }
        add(.inline, "span", "font", "a", "b", "strong", "i", "em", "u", "s", "strike", "sup", "sub", "small", "big",
            "img", "meta", "link", "base", "label", "input", "select", "button", "col", "colgroup", "code", "wbr", "nobr")
        add(.lineBreak, "br")
        add(.block, "p", "div", "li", "ul", "ol", "dl", "dt", "dd", "hr", "section", "article", "header", "footer",
            "nav", "aside", "main", "address", "center", "form", "fieldset", "legend", "figure", "details", "summary",
            "dialog", "menu", "dir", "hgroup", "html", "body", "head", "option", "frameset", "frame")
        add(.heading, "h1", "h2", "h3", "h4", "h5", "h6")
        add(.preformatted, "pre", "listing")
        add(.table, "table")
        add(.row, "tr")
        add(.cell, "td", "th")
        add(.rowGroup, "thead", "tbody", "tfoot")
        add(.caption, "caption")
        add(.rawText, "script", "style", "title", "template", "noscript", "iframe", "noembed", "noframes", "textarea")
        return PackedNames(tags)
    }()
}
