import Foundation

/// Byte-level substring tests. Foundation's `contains(_:)` and `range(of:)` go through NSString
/// and grapheme folding, which is 100 times slower on the parser's hot paths; on UTF-8 a
/// substring of bytes is a substring of characters, so comparing bytes is exact.
extension StringProtocol {
    /// Whether `needle` occurs in the string.
    @inline(__always)
    func includes(_ needle: String) -> Bool { byteOffset(of: needle) != nil }

    /// The UTF-8 offset of the first occurrence of `needle`.
    func byteOffset(of needle: String) -> Int? {
        var needle = needle
        return needle.withUTF8 { n -> Int? in
            if n.isEmpty { return 0 }
            if let found = utf8.withContiguousStorageIfAvailable({ Self.search($0, n) }) { return found }
            return Array(utf8).withUnsafeBufferPointer { Self.search($0, n) }
        }
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

    /// Whether the string starts with `prefix`, comparing bytes.
    @inline(__always)
    func startsWith(_ prefix: String) -> Bool {
        let fast = utf8.withContiguousStorageIfAvailable { h in
            prefix.utf8.withContiguousStorageIfAvailable { p in
                h.count >= p.count && (p.count == 0 || memcmp(h.baseAddress!, p.baseAddress!, p.count) == 0)
            }
        }
        return (fast ?? nil) ?? utf8.starts(with: prefix.utf8)
    }

    /// Whether the string ends with `suffix`, comparing bytes.
    @inline(__always)
    func endsWith(_ suffix: String) -> Bool { utf8.reversed().starts(with: suffix.utf8.reversed()) }

    /// The text after the first occurrence of `needle`, if any.
    func after(_ needle: String) -> Substring? {
        guard let offset = byteOffset(of: needle) else { return nil }
        let s = String(self)
        let index = s.utf8.index(s.utf8.startIndex, offsetBy: offset + needle.utf8.count)
        return s[index...]
    }
}
