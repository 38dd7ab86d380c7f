/// A report's normalised text, one element per original line: element `i` is line `i + 1`.
///
/// The lines are kept as UTF-8, one after another in one buffer, and a line is made a `String`
/// only when it is read: a parse looks closely at few of a report's lines, and a `String` per
/// line would cost more than the rest of the parse. A slice keeps the indices of the whole
/// (like `ArraySlice`) and shares its buffer.
public struct ReportLines: RandomAccessCollection, Sendable {
    /// The lines' bytes (well-formed UTF-8), without line terminators.
    @usableFromInline let utf8: [UInt8]
    /// Where each line ends in `utf8`; line `i` starts where line `i - 1` ends (the first at 0).
    @usableFromInline let ends: [Int]
    public let startIndex: Int
    public let endIndex: Int

    /// Lines from their bytes: `utf8` holds the lines one after another, `lineEnds` the offset
    /// where each one ends (ascending). Ill-formed UTF-8 reads as U+FFFD.
    public init(utf8: [UInt8], lineEnds: [Int]) {
        precondition(lineEnds.last ?? 0 <= utf8.count, "line ends beyond the text")
        self.utf8 = utf8
        self.ends = lineEnds
        self.startIndex = 0
        self.endIndex = lineEnds.count
    }

    /// The given lines (which hold no line terminators).
    public init<S: Sequence<String>>(_ lines: S) {
        var utf8: [UInt8] = [], ends: [Int] = []
        for line in lines {
            utf8.append(contentsOf: line.utf8)
            ends.append(utf8.count)
        }
        self.init(utf8: utf8, lineEnds: ends)
    }

    private init(utf8: [UInt8], ends: [Int], bounds: Range<Int>) {
        self.utf8 = utf8
        self.ends = ends
        self.startIndex = bounds.lowerBound
        self.endIndex = bounds.upperBound
    }

    @inlinable
    public subscript(position: Int) -> String {
        String(decoding: utf8[byteRange(position)], as: UTF8.self)
    }

    public subscript(bounds: Range<Int>) -> ReportLines {
        precondition(bounds.lowerBound >= startIndex && bounds.upperBound <= endIndex, "lines out of range")
        return ReportLines(utf8: utf8, ends: ends, bounds: bounds)
    }

    /// Where line `position` is in the buffer.
    @inlinable @inline(__always)
    internal func byteRange(_ position: Int) -> Range<Int> {
        (position == 0 ? 0 : ends[position - 1])..<ends[position]
    }

    /// Calls `body` with the UTF-8 bytes of line `position`, borrowed.
    @inlinable @inline(__always)
    public func withUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        let range = byteRange(position)
        return try utf8.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    /// Calls `body` with the UTF-8 bytes of the lines in `positions`, one after another, and the
    /// offset (in those bytes) where each one ends.
    @inlinable
    public func withUTF8<R>(lines positions: Range<Int>,
                            _ body: (UnsafeBufferPointer<UInt8>, ArraySlice<Int>) throws -> R) rethrows -> R {
        guard !positions.isEmpty else { return try body(UnsafeBufferPointer(start: nil, count: 0), []) }
        let start = byteRange(positions.lowerBound).lowerBound
        let end = ends[positions.upperBound - 1]
        let offsetEnds = ends[positions].lazy.map { $0 - start }
        return try utf8.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[start..<end]), ArraySlice(offsetEnds)) }
    }

    /// The length of line `position` in UTF-8 bytes.
    @inlinable
    public func utf8Count(_ position: Int) -> Int { byteRange(position).count }
}

extension ReportLines: Hashable {
    /// Equal when they hold the same lines (wherever their indices start).
    public static func == (a: ReportLines, b: ReportLines) -> Bool {
        guard a.count == b.count else { return false }
        return zip(a.indices, b.indices).allSatisfy { i, j in
            a.withUTF8(i) { x in b.withUTF8(j) { y in x.elementsEqual(y) } }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for i in indices { withUTF8(i) { hasher.combine($0.count); hasher.combine(bytes: UnsafeRawBufferPointer($0)) } }
    }
}

extension ReportLines: ExpressibleByArrayLiteral {
    public init(arrayLiteral lines: String...) { self.init(lines) }
}
