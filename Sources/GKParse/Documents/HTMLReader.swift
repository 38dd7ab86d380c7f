/// Web pages as portals publish them (`.html`, `.htm`): the page's text read out as report text (see
/// `DocumentText`) by `HTMLText`, in the charset the page declares.
///
/// The charset: a BOM; else well-formed UTF-8 that holds more than ASCII is UTF-8 whatever the page says
/// (a page re-encoded by its site keeps its old `<meta>`; real GBK text is never well-formed UTF-8); else the
/// `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">` in the first few KB
/// (GBK, GB2312 and GB18030 read as GB18030, their superset); else UTF-8, then GB18030 (as plain text).
enum HTMLReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ReadError) -> DocumentText {
        if bytes.isEmpty { throw .empty }
        let result: Result<[UInt8], ReadError>
        let encoding: TextEncoding
        if !hasBOM(bytes), declaredCharset(bytes) == .gb18030, !isUTF8BeyondASCII(bytes) {
            if TextDecoder.looksBinary(bytes) { throw .binary }
            guard let utf8 = TextDecoder.utf8(fromGB18030: bytes) else { throw .undecodable }
            result = utf8.withUnsafeBufferPointer { utf8 in Result { () throws(ReadError) in try HTMLText.read(utf8) } }
            encoding = .gb18030
        } else {
            (result, encoding) = try TextDecoder.withUTF8(of: bytes) { utf8, encoding in
                guard TextDecoder.isWellFormedUTF8(utf8) else { return nil }
                return (Result { () throws(ReadError) in try HTMLText.read(utf8) }, encoding)
            }
        }
        let text = try result.get()
        if !text.contains(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x09 }) { throw .empty }
        return DocumentText(text: text, encoding: encoding)
    }

    /// How many bytes from the start a `<meta>` naming the charset is looked for in (browsers look in 1024;
    /// pages with long scripts or comments first put it later).
    static let sniffedBytes = 4096

    /// The charset the page's first `<meta>` that names one declares: `.gb18030` for GBK, GB2312, GB18030
    /// and their aliases, `.utf8` for UTF-8; nil when none is declared or the name is another.
    static func declaredCharset(_ b: UnsafeBufferPointer<UInt8>) -> TextEncoding? {
        let n = min(b.count, sniffedBytes)
        var i = 0
        while let meta = find("<meta", in: b, from: i, to: n) {
            // The tag's end, or the end of what is looked at.
            var end = meta + 5
            while end < n, b[end] != 0x3E { end += 1 }
            if let attribute = find("charset", in: b, from: meta + 5, to: end) {
                var k = attribute + 7
                while k < end, b[k] == 0x20 || b[k] == 0x09 || b[k] == 0x0A || b[k] == 0x0D { k += 1 }
                if k < end, b[k] == 0x3D {
                    k += 1
                    while k < end, b[k] == 0x20 || b[k] == 0x22 || b[k] == 0x27 || b[k] == 0x09 { k += 1 }
                    var name: [UInt8] = []
                    while k < end, name.count < 20, isNameByte(b[k]) {
                        name.append(lowercased(b[k]))
                        k += 1
                    }
                    return charset(named: name)
                }
            }
            i = end
        }
        return nil
    }

    private static func charset(named name: [UInt8]) -> TextEncoding? {
        switch String(decoding: name, as: UTF8.self) {
        case "gbk", "gb2312", "gb18030", "x-gbk", "cp936", "windows-936", "euc-cn", "gb_2312-80", "x-euc-cn":
            return .gb18030
        case "utf-8", "utf8", "unicode-1-1-utf-8":
            return .utf8
        default:
            return nil
        }
    }

    private static func isNameByte(_ c: UInt8) -> Bool {
        c >= 0x30 && c <= 0x39 || c >= 0x41 && c <= 0x5A || c >= 0x61 && c <= 0x7A || c == 0x2D || c == 0x5F
    }

    @inline(__always)
    static func lowercased(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Where the ASCII `word` (lower case) first occurs in `b[from..<to]`, ignoring ASCII case.
    private static func find(_ word: StaticString, in b: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        let w = UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount)
        guard to - from >= w.count else { return nil }
        var i = from
        while i + w.count <= to {
            if lowercased(b[i]) == w[0] {
                var k = 1
                while k < w.count, lowercased(b[i + k]) == w[k] { k += 1 }
                if k == w.count { return i }
            }
            i += 1
        }
        return nil
    }

    private static func hasBOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
            || b.count >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
    }

    /// Whether the bytes are well-formed UTF-8 with at least one character past ASCII.
    private static func isUTF8BeyondASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.contains { $0 >= 0x80 } && TextDecoder.isWellFormedUTF8(b)
    }
}
