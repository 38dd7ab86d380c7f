/// A page footer left inside a table by a PDF or Word conversion: `— 4 —`, `- 4 -`, `第 4 页`,
/// `第4页 共9页`. Table readers pass over such lines: they are neither rows nor cells.
enum PageFooter {
    /// Whether the line (its UTF-8 bytes) is nothing but a page footer.
    static func matches(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        // A footer starts with a dash (`-`, or a character whose first byte is E2 or EF) or 第 (E7): most
        // lines are ruled out by their first byte that is not a space.
        var i = 0
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        guard i < line.count else { return false }
        let first = line[i]
        guard first == 0x2D || first == 0xE2 || first == 0xEF || first == 0xE7 else { return false }
        let end = TableGrid.trimmed(line, from: i, tabs: true).upperBound
        func spaces() { while i < end, line[i] == 0x20 { i += 1 } }
        func digits() -> Bool {
            let start = i
            while i < end, line[i] &- 0x30 < 10, i - start < 4 { i += 1 }
            return i > start
        }
        /// Consumes one dash (`-`, `—`, `–`, `―`, `─`, `－`).
        func dash() -> Bool {
            if i < end, line[i] == 0x2D { i += 1; return true }
            guard i + 3 <= end else { return false }
            let (a, b, c) = (line[i], line[i + 1], line[i + 2])
            let isDash = (a == 0xE2 && b == 0x80 && (c == 0x93 || c == 0x94 || c == 0x95))
                || (a == 0xE2 && b == 0x94 && c == 0x80) || (a == 0xEF && b == 0xBC && c == 0x8D)
            if isDash { i += 3 }
            return isDash
        }
        /// Consumes `word` (UTF-8 bytes).
        func word(_ bytes: [UInt8]) -> Bool {
            guard end - i >= bytes.count else { return false }
            for k in bytes.indices where line[i + k] != bytes[k] { return false }
            i += bytes.count
            return true
        }
        /// `第 N 页` (or `共 N 页` with `prefix` 共).
        func page(_ prefix: [UInt8]) -> Bool {
            guard word(prefix) else { return false }
            spaces()
            guard digits() else { return false }
            spaces()
            return word(Self.page)
        }
        if dash() {
            while dash() {}
            spaces()
            guard digits() else { return false }
            spaces()
            guard dash() else { return false }
            while dash() {}
            return i == end
        }
        guard page(Self.ordinal) else { return false }
        spaces()
        if i < end, line[i] == 0x2C || line[i] == 0x2F { i += 1 } else { _ = word(Self.wideComma) }
        spaces()
        return i == end || (page(Self.total) && i == end)
    }

    private static let ordinal = Array("第".utf8)
    private static let total = Array("共".utf8)
    private static let page = Array("页".utf8)
    private static let wideComma = Array("，".utf8)
}
