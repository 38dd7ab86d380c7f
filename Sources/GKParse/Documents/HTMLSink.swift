/// Text laid out into lines as a browser shows it: the document's own, or a table's cells' one after another.
/// White space collapses to one space and none stands at either end of a line; a line break in the source
/// between two wide (CJK) characters is no space at all (CSS Text's segment-break rule), so that Chinese
/// wrapped in the source reads on; a no-break space stays. Works on the page's UTF-8 bytes.
struct TextSink {
    /// The lines written, each ended by a line feed, then the line being written.
    var bytes: [UInt8] = []
    /// Where the line being written starts.
    var lineStart = 0
    /// White space met since the last character, not yet written.
    var space = Space.none
    /// Whether the last character written is wide.
    var lastWide = false
    /// What has been written since `content` was last reset (a table's cell).
    var content = SinkContent()

    enum Space { case none, space, lineBreak }

    /// Writes the text `b[from..<end]` (no markup in it): white space collapsed, character references read.
    mutating func write(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int) {
        var i = from
        while i < end {
            var j = i
            while j < end {
                let c = b[j]
                if c <= 0x20 || c == 0x26 || c == 0xC2 { break }
                j += 1
            }
            if j > i { writeRun(b, i, j) }
            guard j < end else { return }
            switch b[j] {
            case 0x26:
                i = writeReference(b, at: j, end: end)
            case 0xC2:
                i = writeC2(b, at: j, end: end)
            case 0x0A, 0x0D:
                space = .lineBreak
                i = j + 1
            case 0x20, 0x09, 0x0C:
                if space == .none { space = .space }
                i = j + 1
            default:
                // Other control characters are dropped.
                i = j + 1
            }
        }
    }

    /// Writes the character starting with byte C2 at `j`: U+00A0 written as itself is a no-break space too, the
    /// other characters of C2 are text. Where the text goes on.
    private mutating func writeC2(_ b: UnsafeBufferPointer<UInt8>, at j: Int, end: Int) -> Int {
        let next = min(j + 2, end)
        if next == j + 2, b[j + 1] == 0xA0 { writeHardSpace() } else { writeRun(b, j, next) }
        return next
    }

    /// Writes the text of a `<pre>`: spaces and tabs as they are, each line break ending a line (blank ones too);
    /// character references read when `references`.
    mutating func writePreformatted(_ b: UnsafeBufferPointer<UInt8>, from: Int, to end: Int, references: Bool = true) {
        var i = from
        while i < end {
            var j = i
            while j < end {
                let c = b[j]
                if c < 0x20 && c != 0x09 || c == 0x26 && references || c == 0xC2 { break }
                j += 1
            }
            if j > i { writeRun(b, i, j) }
            guard j < end else { return }
            switch b[j] {
            case 0x26:
                i = writeReference(b, at: j, end: end)
            case 0xC2:
                i = writeC2(b, at: j, end: end)
            case 0x0A:
                breakPreformattedLine()
                i = j + 1
            case 0x0D:
                // CRLF is one line break.
                if j + 1 >= end || b[j + 1] != 0x0A { breakPreformattedLine() }
                i = j + 1
            default:
                i = j + 1
            }
        }
    }

    /// Ends the line being written, if it holds anything; `paragraph` when a block ends it (not a `<br>`).
    mutating func endLine(paragraph: Bool) {
        space = .none
        lastWide = false
        var end = bytes.count
        while end > lineStart, bytes[end - 1] == 0x20 { end -= 1 }
        var start = lineStart
        while start < end, bytes[start] == 0x20 { start += 1 }
        if end < bytes.count { bytes.removeLast(bytes.count - end) }
        guard start < end else { return }
        if start > lineStart { bytes.removeSubrange(lineStart..<start) }
        bytes.append(0x0A)
        lineStart = bytes.count
        content.lines += 1
        if paragraph { content.paragraphs += 1 }
    }

    /// Appends lines already laid out (a table's), after ending the line being written.
    mutating func appendLines(_ lines: UnsafeBufferPointer<UInt8>) {
        endLine(paragraph: true)
        bytes.append(contentsOf: lines)
        lineStart = bytes.count
    }

    /// Makes the next character start a cell of its own.
    mutating func startCell() {
        lineStart = bytes.count
        space = .none
        lastWide = false
        content = SinkContent()
    }

    private mutating func breakPreformattedLine() {
        bytes.append(0x0A)
        lineStart = bytes.count
        space = .none
        lastWide = false
        content.lines += 1
    }

    /// Writes the reference at `b[i]` (an `&`), or the `&` as text when it is none; where the text goes on.
    private mutating func writeReference(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Int {
        guard let (meaning, next) = HTMLEntities.read(b, at: i, end: end) else {
            writeRun(b, i, i + 1)
            return i + 1
        }
        switch meaning {
        case .scalar(let value): writeScalar(value)
        case .hardSpace: writeHardSpace()
        case .space: if space == .none { space = .space }
        case .nothing: break
        }
        return next
    }

    /// Writes the pending space, unless the line is empty or it is a line break between wide characters.
    @inline(__always)
    private mutating func startCharacter(wide: Bool) {
        guard space != .none else { return }
        if bytes.count > lineStart, !(space == .lineBreak && lastWide && wide) { bytes.append(0x20) }
        space = .none
    }

    /// Writes whole characters `b[from..<to]` (no white space to collapse among them).
    @inline(__always)
    private mutating func writeRun(_ b: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int) {
        if space != .none { startCharacter(wide: Self.isWide(b, at: from, end: to)) }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[from..<to]))
        var last = to - 1
        while last > from, b[last] & 0xC0 == 0x80 { last -= 1 }
        lastWide = Self.isWide(b, at: last, end: to)
    }

    private mutating func writeHardSpace() {
        startCharacter(wide: false)
        bytes.append(0x20)
        lastWide = false
    }

    private mutating func writeScalar(_ value: UInt32) {
        let wide = 0x3000...0x9FFF ~= value || 0xF900...0xFAFF ~= value || 0xFF00...0xFF60 ~= value
            || 0xFFE0...0xFFE6 ~= value || 0x20000...0x3FFFF ~= value
        startCharacter(wide: wide)
        let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
        UTF8.encode(scalar) { bytes.append($0) }
        lastWide = wide
    }

    /// Whether the character whose first byte is `b[i]` is wide (CJK punctuation, kana, ideographs,
    /// full-width forms), by its UTF-8 bytes.
    @inline(__always)
    static func isWide(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> Bool {
        let c = b[i]
        if c >= 0xE3 && c <= 0xE9 { return true }
        if c == 0xEF, i + 2 < end {
            let d = b[i + 1], e = b[i + 2]
            return d >= 0xA4 && d <= 0xAB || d == 0xBC || d == 0xBD && e <= 0xA0 || d == 0xBF && e >= 0xA0 && e <= 0xA6
        }
        if c == 0xF0, i + 1 < end { return b[i + 1] >= 0xA0 }
        return false
    }
}

/// What a cell (or a whole table) holds, to tell a page's layout from a table of data.
struct SinkContent {
    /// Non-empty lines.
    var lines = 0
    /// Lines a block ended (not a `<br>`).
    var paragraphs = 0
    /// Headings (`<h1>`…`<h6>`).
    var headings = 0
    /// The most rows of a table of data inside it.
    var tableRows = 0

    mutating func add(_ other: SinkContent) {
        lines += other.lines
        paragraphs += other.paragraphs
        headings += other.headings
        tableRows = max(tableRows, other.tableRows)
    }
}
