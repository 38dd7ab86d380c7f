/// A pull scanner over the bytes of an XML document: start and end tags, text and CDATA, as ranges of
/// the bytes. Declarations, processing instructions and comments are passed over; a document type
/// declaration (`<!DOCTYPE`, `<!ENTITY`, any `<!` but a comment or CDATA) is refused, so no entity is
/// ever declared, let alone expanded. Names are not checked beyond being there: the reader that uses the
/// scanner matches end tags to start tags.
struct XMLScanner {
    enum Token {
        /// `<name attributes>`, or `<name attributes/>` when `empty`.
        case start(name: Range<Int>, attributes: Range<Int>, empty: Bool)
        case end(name: Range<Int>)
        /// Character data, references not yet resolved.
        case text(Range<Int>)
        /// The inside of `<![CDATA[…]]>`, as it is.
        case cdata(Range<Int>)
    }

    enum Failure: Error, Equatable {
        /// Not well-formed at this byte offset.
        case malformed(at: Int)
        /// A document type declaration at this byte offset.
        case declaration(at: Int)
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    /// The next token; nil at the end of the bytes.
    mutating func next() throws(Failure) -> Token? {
        let b = bytes
        while position < b.count {
            let start = position
            guard b[start] == 0x3C else {  // <
                var end = start + 1
                while end < b.count, b[end] != 0x3C { end += 1 }
                position = end
                return .text(start..<end)
            }
            guard start + 1 < b.count else { throw .malformed(at: start) }
            switch b[start + 1] {
            case 0x3F:  // <? … ?>
                position = try after([0x3F, 0x3E], from: start + 2)
            case 0x21:  // <!
                if matches([0x21, 0x2D, 0x2D], at: start + 1) {
                    position = try after([0x2D, 0x2D, 0x3E], from: start + 4)
                } else if matches(Array("![CDATA[".utf8), at: start + 1) {
                    let contentStart = start + 9
                    position = try after([0x5D, 0x5D, 0x3E], from: contentStart)
                    return .cdata(contentStart..<(position - 3))
                } else {
                    throw .declaration(at: start)
                }
            case 0x2F:  // </name>
                let nameStart = start + 2
                let nameEnd = nameEndIndex(from: nameStart)
                var p = nameEnd
                while p < b.count, Self.isSpace(b[p]) { p += 1 }
                guard nameEnd > nameStart, p < b.count, b[p] == 0x3E else { throw .malformed(at: start) }
                position = p + 1
                return .end(name: nameStart..<nameEnd)
            default:  // <name attributes> or <name attributes/>
                let nameStart = start + 1
                let nameEnd = nameEndIndex(from: nameStart)
                guard nameEnd > nameStart else { throw .malformed(at: start) }
                // The tag ends at the first > outside a quoted attribute value.
                var p = nameEnd, quote: UInt8 = 0
                while p < b.count {
                    let c = b[p]
                    if quote != 0 {
                        if c == quote { quote = 0 }
                    } else if c == 0x22 || c == 0x27 {
                        quote = c
                    } else if c == 0x3E || c == 0x3C {
                        break
                    }
                    p += 1
                }
                guard p < b.count, b[p] == 0x3E else { throw .malformed(at: start) }
                let empty = b[p - 1] == 0x2F
                position = p + 1
                return .start(name: nameStart..<nameEnd, attributes: nameEnd..<(empty ? p - 1 : p), empty: empty)
            }
        }
        return nil
    }

    /// The value of the attribute named `name` (bytes, prefix included) among `attributes`, references
    /// not resolved; nil when it is not there.
    func attribute(_ name: [UInt8], in attributes: Range<Int>) -> Range<Int>? {
        var found: Range<Int>?
        forEachAttribute(in: attributes) { attributeName, value in
            if equals(attributeName, name) { found = value }
            return found == nil
        }
        return found
    }

    /// Calls `body` with the name and value (references not resolved) of each attribute among `attributes`,
    /// in order, while it returns true; stops at the first that is not well-formed.
    func forEachAttribute(in attributes: Range<Int>, _ body: (_ name: Range<Int>, _ value: Range<Int>) -> Bool) {
        let b = bytes, end = attributes.upperBound
        var p = attributes.lowerBound
        while true {
            while p < end, Self.isSpace(b[p]) { p += 1 }
            guard p < end else { return }
            let nameStart = p
            while p < end, b[p] != 0x3D, !Self.isSpace(b[p]) { p += 1 }
            let nameEnd = p
            while p < end, Self.isSpace(b[p]) { p += 1 }
            guard p < end, b[p] == 0x3D else { return }
            p += 1
            while p < end, Self.isSpace(b[p]) { p += 1 }
            guard p < end, b[p] == 0x22 || b[p] == 0x27 else { return }
            let quote = b[p]
            let valueStart = p + 1
            p = valueStart
            while p < end, b[p] != quote { p += 1 }
            guard p < end, body(nameStart..<nameEnd, valueStart..<p) else { return }
            p += 1
        }
    }

    /// Whether the bytes at `range` are `other`.
    func equals(_ range: Range<Int>, _ other: [UInt8]) -> Bool {
        guard range.count == other.count else { return false }
        var i = range.lowerBound
        for c in other {
            if bytes[i] != c { return false }
            i += 1
        }
        return true
    }

    /// Whether the bytes at two ranges are the same.
    func equals(_ range: Range<Int>, _ other: Range<Int>) -> Bool {
        guard range.count == other.count else { return false }
        var i = range.lowerBound, j = other.lowerBound
        while i < range.upperBound {
            if bytes[i] != bytes[j] { return false }
            i += 1
            j += 1
        }
        return true
    }

    /// Appends the character data at `range` to `out`: references resolved (the five predefined entities
    /// and numeric ones; an unknown or invalid one is dropped), tabs and line ends made spaces, other
    /// control characters (which XML does not allow) dropped.
    func appendText(_ range: Range<Int>, to out: inout [UInt8]) {
        let b = bytes
        var p = range.lowerBound
        while p < range.upperBound {
            let c = b[p]
            if c == 0x26 {  // &
                var end = p + 1
                while end < range.upperBound, end - p <= 12, b[end] != 0x3B { end += 1 }
                guard end < range.upperBound, b[end] == 0x3B else {
                    out.append(c)
                    p += 1
                    continue
                }
                if let scalar = reference((p + 1)..<end) { out.append(contentsOf: Self.utf8(scalar)) }
                p = end + 1
            } else {
                if c >= 0x20 { out.append(c) } else if Self.isSpace(c) { out.append(0x20) }
                p += 1
            }
        }
    }

    /// The character a reference (between & and ;) stands for; nil for one unknown or not a character.
    private func reference(_ range: Range<Int>) -> UInt32? {
        let b = bytes
        guard !range.isEmpty else { return nil }
        if b[range.lowerBound] == 0x23 {  // #
            var p = range.lowerBound + 1
            let hex = p < range.upperBound && (b[p] == 0x78 || b[p] == 0x58)
            if hex { p += 1 }
            guard p < range.upperBound else { return nil }
            var value: UInt32 = 0
            while p < range.upperBound {
                let c = b[p]
                let digit: UInt32
                switch c {
                case 0x30...0x39: digit = UInt32(c - 0x30)
                case 0x61...0x66 where hex: digit = UInt32(c - 0x61 + 10)
                case 0x41...0x46 where hex: digit = UInt32(c - 0x41 + 10)
                default: return nil
                }
                value = value * (hex ? 16 : 10) + digit
                guard value <= 0x10FFFF else { return nil }
                p += 1
            }
            guard value >= 0x20 || value == 0x09 || value == 0x0A || value == 0x0D,
                  !(0xD800...0xDFFF).contains(value), value != 0xFFFE, value != 0xFFFF else { return nil }
            return value < 0x20 ? 0x20 : value
        }
        for (name, value) in Self.entities where equals(range, name) { return value }
        return nil
    }

    private static let entities: [([UInt8], UInt32)] = [
        (Array("amp".utf8), 0x26), (Array("lt".utf8), 0x3C), (Array("gt".utf8), 0x3E),
        (Array("quot".utf8), 0x22), (Array("apos".utf8), 0x27),
    ]

    private static func utf8(_ v: UInt32) -> [UInt8] {
        switch v {
        case ..<0x80: return [UInt8(v)]
        case ..<0x800: return [UInt8(0xC0 | v >> 6), UInt8(0x80 | v & 0x3F)]
        case ..<0x10000: return [UInt8(0xE0 | v >> 12), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        default:
            return [UInt8(0xF0 | v >> 18), UInt8(0x80 | v >> 12 & 0x3F), UInt8(0x80 | v >> 6 & 0x3F), UInt8(0x80 | v & 0x3F)]
        }
    }

    @inline(__always)
    static func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

    /// Where a name starting at `start` ends: at white space, /, > or the end of the bytes.
    private func nameEndIndex(from start: Int) -> Int {
        var p = start
        while p < bytes.count, !Self.isSpace(bytes[p]), bytes[p] != 0x2F, bytes[p] != 0x3E, bytes[p] != 0x3C { p += 1 }
        return p
    }

    private func matches(_ pattern: [UInt8], at start: Int) -> Bool {
        start + pattern.count <= bytes.count && equals(start..<(start + pattern.count), pattern)
    }

    /// The offset just past the first `terminator` at or after `start`.
    private func after(_ terminator: [UInt8], from start: Int) throws(Failure) -> Int {
        var p = start
        while p + terminator.count <= bytes.count {
            if bytes[p] == terminator[0], matches(terminator, at: p) { return p + terminator.count }
            p += 1
        }
        throw .malformed(at: start)
    }
}
