import Foundation
import GKModel

/// The length of the UTF-8 sequence a byte starts: scans of valid UTF-8 step a character at a
/// time (a stray continuation byte counts as one).
@inline(__always)
func utf8SequenceLength(_ lead: UInt8) -> Int { lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }

/// The number of Unicode scalars in valid UTF-8 bytes (those that are not continuation bytes).
@inline(__always)
func scalarCount<Bytes: Sequence<UInt8>>(ofUTF8 bytes: Bytes) -> Int {
    bytes.reduce(0) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
}

/// Text whose UTF-8 bytes can be borrowed without copying (String and Substring).
public protocol ContiguousUTF8Text: StringProtocol {
    mutating func withUTF8<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R
}

extension String: ContiguousUTF8Text {}
extension Substring: ContiguousUTF8Text {}

/// Byte-level substring tests. Foundation's `contains(_:)` and `range(of:)` go through NSString
/// and grapheme folding, which is 100 times slower on the parser's hot paths; on UTF-8 a
/// substring of bytes is a substring of characters, so comparing bytes is exact. The bytes are
/// borrowed with `withUTF8` (the generic `utf8.withContiguousStorageIfAvailable` costs several
/// times more per call, which dominates on short lines).
extension ContiguousUTF8Text {
    /// Whether `needle` occurs in the string.
    @inline(__always)
    public func includes(_ needle: String) -> Bool { byteOffset(of: needle) != nil }

    /// The UTF-8 offset of the first occurrence of `needle`.
    public func byteOffset(of needle: String) -> Int? {
        var text = self
        return text.withUTF8 { ByteSearch.offset(of: needle, in: $0) }
    }

    /// Whether the string starts with `prefix`, comparing bytes.
    @inline(__always)
    func startsWith(_ prefix: String) -> Bool {
        var text = self, prefix = prefix
        return text.withUTF8 { h in prefix.withUTF8 { p in
            h.count >= p.count && (p.isEmpty || memcmp(h.baseAddress!, p.baseAddress!, p.count) == 0)
        } }
    }

    /// Whether the string ends with `suffix`, comparing bytes.
    @inline(__always)
    func endsWith(_ suffix: String) -> Bool {
        var text = self, suffix = suffix
        return text.withUTF8 { h in suffix.withUTF8 { s in
            h.count >= s.count && (s.isEmpty || memcmp(h.baseAddress! + (h.count - s.count), s.baseAddress!, s.count) == 0)
        } }
    }

    /// Whether the text is nothing but spaces and tabs (or empty).
    var isBlank: Bool {
        var text = self
        return text.withUTF8(TableGrid.isBlank)
    }

    /// The text after the first occurrence of `needle`, if any.
    func after(_ needle: String) -> Substring? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let s = String(self)
        let index = s.utf8.index(s.utf8.startIndex, offsetBy: offset + needle.utf8.count)
        return s[index...]
    }
}

/// Substring tests on UTF-8 bytes (see `ContiguousUTF8Text`).
public enum ByteSearch {
    /// Whether `needle` occurs in `haystack`.
    @inline(__always)
    static func includes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: String) -> Bool {
        offset(of: needle, in: haystack) != nil
    }

    /// Whether `needle` (UTF-8 bytes) occurs in `haystack`.
    @inline(__always)
    public static func includes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: [UInt8]) -> Bool {
        needle.withUnsafeBufferPointer { n in n.isEmpty || search(haystack, n) != nil }
    }

    /// Whether `needle` (UTF-8 bytes, not copied) occurs in `haystack`.
    @inline(__always)
    static func includes(_ haystack: UnsafeBufferPointer<UInt8>, _ needle: UnsafeBufferPointer<UInt8>) -> Bool {
        needle.isEmpty || search(haystack, needle) != nil
    }

    /// The offset of the first occurrence of `needle` in `haystack`.
    static func offset(of needle: String, in haystack: UnsafeBufferPointer<UInt8>) -> Int? {
        var needle = needle
        return needle.withUTF8 { n in n.isEmpty ? 0 : search(haystack, n) }
    }

    /// Finds candidates by the needle's last byte with `memchr` (vectorised; on CJK text a given
    /// continuation byte is rare), then compares the bytes before it.
    private static func search(_ h: UnsafeBufferPointer<UInt8>, _ n: UnsafeBufferPointer<UInt8>) -> Int? {
        let count = n.count
        guard h.count >= count, let haystack = h.baseAddress, let needle = n.baseAddress else { return nil }
        let last = Int32(n[count - 1])
        var end = count - 1
        while end < h.count, let hit = memchr(haystack + end, last, h.count - end) {
            end = UnsafeRawPointer(haystack).distance(to: hit)
            let start = end - (count - 1)
            if memcmp(haystack + start, needle, count - 1) == 0 { return start }
            end += 1
        }
        return nil
    }
}

extension ReportLines {
    /// Whether line `position` is nothing but spaces and tabs (or empty).
    func isBlank(_ position: Int) -> Bool { withUTF8(position, TableGrid.isBlank) }

    /// The bytes of line `position` without leading and trailing spaces and tabs.
    func withTrimmedUTF8<R>(_ position: Int, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUTF8(position) { b in body(UnsafeBufferPointer(rebasing: b[TableGrid.trimmed(b, tabs: true)])) }
    }
}
