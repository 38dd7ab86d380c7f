import GKModel
import Foundation

/// A label's comparison form (`LabelText.key`) as UTF-8 bytes, for the table reader's many comparisons.
typealias LabelKey = [UInt8]

/// Text helpers for comparing labels by their meaning rather than their spacing and punctuation.
public enum LabelText {
    /// The comparison form of a label: numbering at the start removed, then only letters, digits
    /// and CJK ideographs kept (spaces, brackets, quotes, commas... dropped).
    public static func key(_ text: String) -> String {
        var text = text
        return text.withUTF8 { key(bytes: $0) }
    }

    /// The scalar values of `key(text)`, made without the key's String.
    public static func keyScalars(_ text: String) -> [UInt32] {
        var text = text
        return text.withUTF8 { b in
            withKey(of: b) { key in
                var result: [UInt32] = []
                result.reserveCapacity(key.count)
                var i = 0
                while i < key.count {
                    let (value, length) = scalar(key, i)
                    result.append(value)
                    i += length
                }
                return result
            }
        }
    }

    /// `key` of text given as UTF-8 bytes.
    static func key(bytes: UnsafeBufferPointer<UInt8>) -> String { keyBytes(bytes, from: numberingEndByte(bytes)) }

    /// `key` of a text as UTF-8 bytes (compared and searched as bytes, so never checked as a String would be).
    static func labelKey(_ text: String) -> LabelKey {
        var text = text
        return text.withUTF8 { labelKey(of: $0) }
    }

    /// `key` of text given as UTF-8 bytes, as bytes.
    static func labelKey(of b: UnsafeBufferPointer<UInt8>) -> LabelKey {
        LabelKey(unsafeUninitializedCapacity: b.count) { out, count in
            count = writeKey(b, from: numberingEndByte(b), limit: .max, into: out)
        }
    }

    /// Calls `body` with `key` of text given as UTF-8 bytes, made in a temporary buffer.
    static func withKey<R>(of b: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(b.count, 1)) { out in
            let count = writeKey(b, from: numberingEndByte(b), limit: .max, into: out)
            return body(UnsafeBufferPointer(rebasing: out[..<count]))
        }
    }

    /// `keyKeepingNumbering` as bytes.
    static func labelKeyKeepingNumbering(_ text: String) -> LabelKey {
        var text = text
        return text.withUTF8 { b in LabelKey(unsafeUninitializedCapacity: b.count) { out, count in
            count = writeKey(b, from: 0, limit: .max, into: out)
        } }
    }

    /// Whether the key `haystack` contains the key `needle`.
    static func includes(_ haystack: LabelKey, _ needle: LabelKey) -> Bool {
        haystack.withUnsafeBufferPointer { h in needle.withUnsafeBufferPointer { n in
            guard n.count > 0 else { return true }
            guard h.count >= n.count, let hBase = h.baseAddress, let nBase = n.baseAddress else { return false }
            // Candidates by the needle's first byte (memchr is vectorised), then the rest compared.
            var start = 0
            let last = h.count - n.count
            while start <= last, let hit = memchr(hBase + start, Int32(n[0]), last - start + 1) {
                start = UnsafeRawPointer(hBase).distance(to: hit)
                if memcmp(hBase + start, nBase, n.count) == 0 { return true }
                start += 1
            }
            return false
        } }
    }

    /// A bit for each character of a key (one of 64, by a hash of its value): a key whose mask lacks
    /// a bit of another's cannot contain it.
    static func characterMask(_ key: LabelKey) -> UInt64 {
        key.withUnsafeBufferPointer { b in
            var mask: UInt64 = 0, i = 0
            while i < b.count {
                let (value, length) = scalar(b, i)
                mask |= 1 << (UInt64(value &* 0x9E37_79B1) >> 26 & 63)
                i += length
            }
            return mask
        }
    }

    /// Whether `key` of the text given as bytes is exactly `key` (made only as far as needed to tell).
    static func hasKey(_ b: UnsafeBufferPointer<UInt8>, _ key: [UInt8]) -> Bool {
        // One more byte than `key` tells a longer key apart; a character may add up to three more.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: key.count + 4) { out in
            let count = writeKey(b, from: numberingEndByte(b), limit: key.count + 1, into: out)
            return count == key.count && out.prefix(count).elementsEqual(key)
        }
    }

    /// Calls `body` with the start of the key of the text given as bytes: at least `limit` bytes of it, or the whole key when
    /// that is shorter (so fewer than `limit` bytes are the whole key). Made in a stack buffer, for
    /// tests that only need the key's start, on many lines.
    static func withKeyStart<R>(_ bytes: UnsafeBufferPointer<UInt8>, atLeast limit: Int,
                                _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        // Below the limit one more character (at most 4 bytes) may be kept.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit + 3) { out in
            let count = writeKey(bytes, from: numberingEndByte(bytes), limit: limit, into: out)
            return body(UnsafeBufferPointer(rebasing: out[..<count]))
        }
    }

    /// The comparison form without removing leading numbering.
    public static func keyKeepingNumbering(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in keyBytes(bytes, from: 0) }
    }

    /// Keeps the bytes of ASCII letters and digits and of CJK ideographs, from a byte offset on.
    private static func keyBytes(_ b: UnsafeBufferPointer<UInt8>, from start: Int) -> String {
        String(unsafeUninitializedCapacity: max(b.count - start, 0)) { writeKey(b, from: start, limit: .max, into: $0) }
    }

    /// Writes the key bytes of `b` from byte `start` on into `out`, until the end or until at least
    /// `limit` bytes are written; returns how many were written.
    private static func writeKey(_ b: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int,
                                 into out: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0, i = start
        while i < b.count, n < limit {
            // Lead bytes E5–E9 start U+5000–U+9FFF: ideographs, three bytes in valid UTF-8.
            if b[i] >= 0xE5, b[i] <= 0xE9, i + 2 < b.count {
                out[n] = b[i]
                out[n + 1] = b[i + 1]
                out[n + 2] = b[i + 2]
                n += 3
                i += 3
                continue
            }
            let (value, length) = scalar(b, i)
            if length == 1 {
                let c = b[i]
                if (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) {
                    out[n] = c
                    n += 1
                }
            } else if isIdeograph(value) {
                for k in 0..<length { out[n + k] = b[i + k] }
                n += length
            }
            i += length
        }
        return n
    }

    /// The scalar value at byte `i` of valid UTF-8, and its length in bytes.
    @inlinable @inline(__always)
    public static func scalar(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let c = b[i]
        if c < 0x80 { return (UInt32(c), 1) }
        if c >= 0xF0, i + 3 < b.count {
            return (UInt32(c & 0x07) << 18 | UInt32(b[i + 1] & 0x3F) << 12 | UInt32(b[i + 2] & 0x3F) << 6
                | UInt32(b[i + 3] & 0x3F), 4)
        }
        if c >= 0xE0, i + 2 < b.count {
            return (UInt32(c & 0x0F) << 12 | UInt32(b[i + 1] & 0x3F) << 6 | UInt32(b[i + 2] & 0x3F), 3)
        }
        if i + 1 < b.count { return (UInt32(c & 0x1F) << 6 | UInt32(b[i + 1] & 0x3F), 2) }
        return (UInt32(c), 1)
    }

    /// Byte offset after the leading numbering marks (and the spaces after them).
    static func numberingEndByte(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        // Decoration before the numbering (`**`, `#`, `■`…): anything that is neither a letter, a digit,
        // an ideograph nor an opening bracket.
        while i < b.count {
            let (value, length) = scalar(b, i)
            guard let s = Unicode.Scalar(value), !isKeyScalar(s), !isOpener(s) else { break }
            i += length
        }
        while true {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
            guard let end = numberingMarkEndByte(b, at: i) else { return i }
            i = end
        }
    }

    /// The byte offset just after one numbering mark at `at`, nil if there is none.
    private static func numberingMarkEndByte(_ b: UnsafeBufferPointer<UInt8>, at: Int) -> Int? {
        guard at < b.count else { return nil }
        let (first, firstLength) = scalar(b, at)
        func numerals(from start: Int) -> (end: Int, count: Int) {
            var i = start, count = 0
            while i < b.count, count <= 4 {
                let (v, length) = scalar(b, i)
                guard let s = Unicode.Scalar(v), isNumeral(s) else { break }
                i += length
                count += 1
            }
            return (i, count)
        }
        if let opener = Unicode.Scalar(first), isOpener(opener) {
            let (end, count) = numerals(from: at + firstLength)
            guard count >= 1, count <= 4, end < b.count else { return nil }
            let (v, length) = scalar(b, end)
            return Unicode.Scalar(v).map(isCloser) == true ? end + length : nil
        }
        // 第一部分 / 第二章
        if first == 0x7B2C /* 第 */ {
            let (end, count) = numerals(from: at + firstLength)
            guard count >= 1, end + 6 <= b.count else { return nil }
            let (v1, l1) = scalar(b, end)
            if v1 == 0x7AE0 /* 章 */ { return end + l1 }
            let (v2, l2) = scalar(b, end + l1)
            return v1 == 0x90E8 && v2 == 0x5206 /* 部分 */ ? end + l1 + l2 : nil
        }
        let (end, count) = numerals(from: at)
        guard count >= 1, count <= 3, end < b.count else { return nil }
        let (v, length) = scalar(b, end)
        // A Chinese numeral followed by a space, then a character: 一 总体情况
        if v == 0x20, count <= 2, b[at] >= 0x80, end + 1 < b.count, b[end + 1] >= 0x80 { return end + 1 }
        guard let mark = Unicode.Scalar(v), isEnumerationMark(mark) else { return nil }
        // "1.5" is a number, not numbering.
        if mark == "." || mark == "．", end + length < b.count, b[end + length] >= 0x30, b[end + length] <= 0x39 {
            return nil
        }
        return end + length
    }

    @inline(__always)
    static func isKeyScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return isIdeograph(v)
    }

    @inline(__always)
    static func isIdeograph(_ v: UInt32) -> Bool {
        (v >= 0x4E00 && v <= 0x9FFF) || (v >= 0x3400 && v <= 0x4DBF) || (v >= 0x20000 && v <= 0x2FA1F) || v == 0x3007
    }

    @inline(__always)
    static func isChineseNumeral(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇": return true
        default: return false
        }
    }

    @inline(__always)
    static func isOpener(_ s: Unicode.Scalar) -> Bool { s == "(" || s == "（" || s == "〔" || s == "[" || s == "【" }

    @inline(__always)
    static func isCloser(_ s: Unicode.Scalar) -> Bool { s == ")" || s == "）" || s == "〕" || s == "]" || s == "】" }

    @inline(__always)
    static func isEnumerationMark(_ s: Unicode.Scalar) -> Bool {
        switch s {
        case "、", ".", "．", "。", ")", "）", ":", "：", ",": return true
        default: return false
        }
    }

    /// The label without leading numbering such as `（一）`, `(1)`, `一、`, `1.`, `3、`.
    public static func strippingNumbering(_ text: String) -> Substring {
        var copy = text
        let end = copy.withUTF8 { numberingEndByte($0) }
        return Substring(text.utf8.dropFirst(end))
    }

    /// Whether the text starts with a numbering mark (`一、`, `（二）`, `3.`…).
    public static func startsWithNumbering(_ text: String) -> Bool {
        var copy = text
        return copy.withUTF8(startsWithNumbering(bytes:))
    }

    /// `startsWithNumbering` of text given as UTF-8 bytes.
    public static func startsWithNumbering(bytes b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        return numberingMarkEndByte(b, at: i) != nil
    }

    @inline(__always)
    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    @inline(__always)
    static func isNumeral(_ s: Unicode.Scalar) -> Bool { isASCIIDigit(s) || isChineseNumeral(s) }

    /// Splits a label that carries several numbered parts, e.g. `（六）其他处理 1.申请人…`, into
    /// its parts; the last part is the row's own label. A numbering mark after a space, a tab or a
    /// closing bracket starts a part.
    public static func numberedParts(_ text: String) -> [String] {
        var copy = text
        let starts: [Int] = copy.withUTF8 { b in
            var starts = [0]
            forEachPartStart(b) { starts.append($0) }
            return starts
        }
        if starts.count == 1 {
            let part = TableGrid.trim(Substring(text))
            return part.isEmpty ? [] : [part]
        }
        let bytes = Array(text.utf8)
        var parts: [String] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : bytes.count
            let part = TableGrid.trim(Substring(String(decoding: bytes[start..<end], as: UTF8.self)))
            if !part.isEmpty { parts.append(part) }
        }
        return parts
    }

    /// The last of `numberedParts(text)`, the row's own label (nil when there is none), made
    /// without the other parts: a part after the first starts with its numbering mark, so it is never empty.
    public static func lastNumberedPart(_ text: String) -> String? {
        var copy = text
        let start = copy.withUTF8(lastNumberedPartStart)
        let part = TableGrid.trim(start == 0 ? Substring(text) : Substring(text.utf8.dropFirst(start)))
        return part.isEmpty ? nil : part
    }

    /// The byte offset where the last numbered part starts (0 when there is one part).
    static func lastNumberedPartStart(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        var last = 0
        forEachPartStart(b) { last = $0 }
        return last
    }

    /// Calls `body` with the byte offset of each numbered part after the first: a numbering mark
    /// after a space, a tab or a closing bracket.
    private static func forEachPartStart(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int) -> Void) {
        var i = 0
        while i < b.count {
            let c = b[i]
            // Spaces, tabs and closing brackets are ASCII or start with E3 or EF.
            guard c < 0x80 || c == 0xE3 || c == 0xEF else {
                i += utf8SequenceLength(c)
                continue
            }
            let (value, length) = scalar(b, i)
            let next = i + length
            if next < b.count, value == 0x20 || value == 0x09 || Unicode.Scalar(value).map(isCloser) == true,
               b[next] != 0x20, numberingMarkEndByte(b, at: next) != nil {
                body(next)
            }
            i = next
        }
    }

    /// The sorted multiset of a string's character bigrams, for `dice`.
    public static func bigramList(_ text: String) -> [UInt64] {
        var text = text
        return text.withUTF8(sortedBigrams)
    }

    /// The sorted bigrams of a key.
    static func bigramList(_ key: LabelKey) -> [UInt64] { key.withUnsafeBufferPointer(sortedBigrams) }

    /// Appends the sorted bigrams of `key(text)`, for text given as bytes, to `list` (no key String or list of its own).
    static func appendKeyBigrams(of b: UnsafeBufferPointer<UInt8>, to list: inout [UInt64]) {
        withKey(of: b) { key in withSortedBigrams(of: key) { list.append(contentsOf: $0) } }
    }

    /// Calls `body` with the sorted bigrams of a key, made in a temporary buffer.
    static func withSortedBigrams<R>(of key: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt64>) -> R) -> R {
        // At most one bigram per byte of the key.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: max(key.count, 1)) { pairs in
            var n = 0
            forEachBigram(key) { pairs[n] = $0; n += 1 }
            var sorted = UnsafeMutableBufferPointer(rebasing: pairs[..<n])
            sorted.sort()
            return body(UnsafeBufferPointer(sorted))
        }
    }

    /// The sorted bigrams of UTF-8 text.
    private static func sortedBigrams(_ b: UnsafeBufferPointer<UInt8>) -> [UInt64] {
        var result: [UInt64] = []
        result.reserveCapacity(b.count)
        forEachBigram(b) { result.append($0) }
        result.sort()
        return result
    }

    /// Calls `body` with each bigram of UTF-8 text (two scalars in one number), in order.
    private static func forEachBigram(_ b: UnsafeBufferPointer<UInt8>, _ body: (UInt64) -> Void) {
        var previous: UInt32?, i = 0
        while i < b.count {
            let (value, length) = scalar(b, i)
            if let previous { body(UInt64(previous) << 32 | UInt64(value)) }
            previous = value
            i += length
        }
    }

    /// Dice similarity of two sorted bigram lists, from 0 to 1.
    public static func dice(_ x: [UInt64], _ y: [UInt64]) -> Double {
        x.withUnsafeBufferPointer { x in y.withUnsafeBufferPointer { y in dice(x, y) } }
    }

    /// Dice similarity of two sorted bigram lists in place.
    static func dice(_ x: UnsafeBufferPointer<UInt64>, _ y: UnsafeBufferPointer<UInt64>) -> Double {
        if x.isEmpty || y.isEmpty { return 0 }
        var i = 0, j = 0, shared = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return Double(2 * shared) / Double(x.count + y.count)
    }

    /// How many elements two sorted lists of distinct values share.
    public static func sharedCount(_ x: [UInt64], _ y: [UInt64]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < x.count && j < y.count {
            if x[i] == y[j] { shared += 1; i += 1; j += 1 } else if x[i] < y[j] { i += 1 } else { j += 1 }
        }
        return shared
    }

    /// Byte equality: labels are compared as normalised by `key`, so no Unicode equivalence is needed.
    @inline(__always)
    static func same(_ a: String, _ b: String) -> Bool {
        guard a.utf8.count == b.utf8.count else { return false }
        return a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0
            }
        }.flatMap { $0 } ?? a.utf8.elementsEqual(b.utf8)
    }

    /// Dice similarity of the two strings' character bigrams, from 0 to 1.
    public static func similarity(_ a: String, _ b: String) -> Double {
        same(a, b) ? 1 : dice(bigramList(a), bigramList(b))
    }
}

/// Reading numbers as reports write them in table cells.
public enum CellNumber {
    /// What a cell's text is.
    public enum Reading: Equatable, Sendable {
        case number(CellValue)
        /// A dash, slash or 无 (the cell is deliberately blank), or a word standing for a figure
        /// not given (不详, 暂无…): the cell is filled, but not with a number.
        case placeholder
        /// Table decoration such as `------`.
        case decoration
        case text
    }

    /// The placeholders drawn with dashes, which a header's rule broken over lines also leaves (`-     -`).
    static let dashPlaceholders: [[UInt8]] = ["-", "—", "－", "–", "--", "——"].map { Array($0.utf8) }
    static let placeholders: [[UInt8]] = dashPlaceholders + ["/", "／", "\\", "无", "空", "×", "*",
                                          "不详", "暂无", "未知", "不适用", "未统计"].map { Array($0.utf8) }
    private static let longestPlaceholderBytes = placeholders.map(\.count).max()!
    static let unitSuffixes = ["万元", "件", "条", "个", "项", "元", "次"]
    static let longestUnitSuffixBytes = unitSuffixes.map(\.utf8.count).max()!
    private static let unitSuffixBytes = unitSuffixes.map { Array($0.utf8) }
    /// Decimal points are `.` whatever the user's locale (made once: creating a locale is costly).
    private static let posixLocale = Locale(identifier: "en_US_POSIX")

    /// Classifies a trimmed cell text.
    public static func read(_ raw: String) -> Reading {
        var raw = raw
        return raw.withUTF8 { read($0) }
    }

    /// Classifies a trimmed cell text given as UTF-8 bytes.
    static func read(_ b: UnsafeBufferPointer<UInt8>) -> Reading {
        guard let first = b.first else { return .placeholder }
        // Fast paths: a plain integer, or text starting with a character no number starts with.
        if b.count <= 15, let value = plainInteger(b) { return .number(.integer(value)) }
        if b.count <= longestPlaceholderBytes, placeholders.contains(where: { b.elementsEqual($0) }) { return .placeholder }
        if first >= 0xE4, first <= 0xE9, b.count > 3 { return .text }
        // A number starts with a digit or a sign (ASCII, or − U+2212 / － U+FF0D).
        if !(first >= 0x30 && first <= 0x39) && first != 0x2D && first != 0x2B && !startsWithWideMinus(b) {
            return isDecoration(b) ? .decoration : .text
        }
        // A digit, then a character past ASCII that does not start a unit suffix (`1.属于国家秘密`):
        // text, as `parseNumber` would find, told from the bytes (a `，` may separate thousands).
        if first >= 0x30, first <= 0x39, let wide = b.firstIndex(where: { $0 >= 0x80 }), !ByteSearch.includes(b, "，"),
           !unitSuffixBytes.contains(where: { b[wide...].elementsEqual($0) }) {
            return .text
        }
        if let value = parseNumber(String(decoding: b, as: UTF8.self)) { return .number(value) }
        return isDecoration(b) ? .decoration : .text
    }

    /// The value of ASCII digits only (at most 15: no overflow), nil for anything else.
    @inline(__always)
    private static func plainInteger(_ b: UnsafeBufferPointer<UInt8>) -> Int? {
        var value = 0
        for byte in b {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            value = value * 10 + Int(byte - 0x30)
        }
        return value
    }

    /// `−` (U+2212, E2 88 92) or `－` (U+FF0D, EF BC 8D).
    private static func startsWithWideMinus<Bytes: Collection<UInt8>>(_ b: Bytes) -> Bool {
        b.starts(with: [0xE2, 0x88, 0x92]) || b.starts(with: [0xEF, 0xBC, 0x8D])
    }

    /// Rules drawn with dashes, equals signs or box characters (`------`).
    private static func isDecoration(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 3 else { return false }
        var i = 0
        while i < b.count {
            let (value, length) = LabelText.scalar(b, i)
            switch value {
            case 0x2D, 0x2014, 0xFF0D, 0x3D, 0x5F, 0x7C, 0x2B, 0x3A, 0x2500, 0x2501: i += length   // - — － = _ | + : ─ ━
            default: return false
            }
        }
        return true
    }

    /// An integer or exact decimal: `12`, `-3`, `1,234`, `0.50`, `3件`. Nil otherwise.
    public static func parseNumber(_ raw: String) -> CellValue? {
        guard let first = raw.utf8.first,
              (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B || startsWithWideMinus(raw.utf8) else { return nil }
        if raw.includes("，") { return parseNumber(raw.replacingOccurrences(of: "，", with: ",")) }
        // Quick rejection: after the digits, only a unit suffix may be non-ASCII.
        // (Numbered labels such as `1.属于国家秘密` end here, mostly on the length test.)
        if let firstWide = raw.utf8.firstIndex(where: { $0 >= 0x80 }), firstWide != raw.utf8.startIndex,
           raw.utf8.distance(from: firstWide, to: raw.utf8.endIndex) > longestUnitSuffixBytes
            || !unitSuffixes.contains(where: { raw[firstWide...].utf8.elementsEqual($0.utf8) }) {
            return nil
        }
        var text = Substring(raw)
        for suffix in unitSuffixes where text.endsWith(suffix) {
            text = text.dropLast(suffix.count)
            break
        }
        let scalars = Array(text.unicodeScalars)
        guard !scalars.isEmpty else { return nil }
        var i = 0
        var negative = false
        if scalars[0] == "-" || scalars[0] == "−" || scalars[0] == "－" || scalars[0] == "+" {
            negative = scalars[0] != "+"
            i = 1
        }
        var digits = ""
        var fraction: String?
        while i < scalars.count {
            let s = scalars[i]
            if LabelText.isASCIIDigit(s) {
                if fraction != nil { fraction!.unicodeScalars.append(s) } else { digits.unicodeScalars.append(s) }
            } else if s == "," || s == "，" {
                // A thousands separator: digits before, exactly three digits after.
                let group = scalars[(i + 1)...].prefix(4)
                guard fraction == nil, !digits.isEmpty, group.prefix(3).count == 3,
                      group.prefix(3).allSatisfy(LabelText.isASCIIDigit),
                      group.count == 3 || group.last == "," || group.last == "，" || group.last == "." else { return nil }
            } else if s == ".", fraction == nil, !digits.isEmpty, i + 1 < scalars.count {
                fraction = ""
            } else {
                return nil
            }
            i += 1
        }
        guard !digits.isEmpty else { return nil }
        if let fraction {
            guard !fraction.isEmpty, let value = Decimal(string: (negative ? "-" : "") + digits + "." + fraction,
                                                         locale: posixLocale) else { return nil }
            return .decimal(value)
        }
        guard digits.count <= 15, let whole = Int(digits) else { return nil }
        return .integer(negative ? -whole : whole)
    }
}
