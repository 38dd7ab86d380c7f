import CoreFoundation
import Foundation
import GKModel

/// The text encodings reports arrive in.
public enum TextEncoding: String, Sendable, Codable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"
    case gb18030 = "GB18030"
}

/// Why a file could not be read as a report. Messages are for Chinese auditors.
public enum ReadError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case binary
    case undecodable
    case unreadable(reason: String)
    /// A `.docx` that is not a readable Word document: not a ZIP archive, damaged, without `word/document.xml`.
    case notWordDocument(reason: String)
    /// An old binary Word document (.doc), or a password-protected one (both OLE2 files), named `.docx`.
    case oldOrEncryptedWord
    /// A document built to exhaust a reader (a zip bomb, entity declarations, an enormous table, deep nesting).
    case hostileDocument(reason: String)

    public var description: String {
        switch self {
        case .empty:
            return "文件为空（没有任何文字），没有可读取的报告内容"
        case .tooLarge(let bytes, let limit):
            return "文件过大（\(Self.megabytes(bytes))，上限 \(Self.megabytes(limit))），不像是一份年度报告，未读取"
        case .binary:
            return "文件是二进制数据而不是文本（含有 NUL 或大量控制字符），无法作为报告读取"
        case .undecodable:
            return "无法识别文件编码：既不是 UTF-8、带 BOM 的 UTF-16，也不是 GB18030/GBK"
        case .unreadable(let reason):
            return "无法读取文件：\(reason)"
        case .notWordDocument(let reason):
            return "不是有效的 Word 文档（.docx）：\(reason)"
        case .oldOrEncryptedWord:
            return "不是有效的 Word 文档（.docx）：文件是旧版 Word 格式（.doc）或设置了打开密码的加密文档；请在 Word 中打开，取消密码后另存为 .docx 再读取"
        case .hostileDocument(let reason):
            return "文档结构异常，为安全起见未读取：\(reason)"
        }
    }

    private static func megabytes(_ bytes: Int) -> String {
        let tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MB"
    }
}

/// Decodes report bytes: BOM, then strict UTF-8, then GB18030 (a superset of GBK and GB2312).
public enum TextDecoder {
    /// The text and the encoding it was read as.
    public static func decode(_ data: Data) throws(ReadError) -> (text: String, encoding: TextEncoding) {
        let decoded = try decodeBytes(data)
        // A file of nothing but a BOM and white space has no report in it either.
        if decoded.text.unicodeScalars.allSatisfy({ $0.properties.isWhitespace || $0 == "\u{FEFF}" }) { throw .empty }
        return decoded
    }

    /// The normalised text of a report in plain UTF-8 (no BOM), read straight from its bytes: the
    /// normaliser checks the bytes (and looks for binary data) as it reads them, without a pass of
    /// its own or the whole text made a String first. Nil when the bytes are anything else (a BOM,
    /// another encoding), for `normalizedText`; throws what `decode` would.
    static func plainUTF8Text(_ b: UnsafeBufferPointer<UInt8>) throws(ReadError) -> NormalizedText? {
        if b.isEmpty { throw .empty }
        let utf8BOM = b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
        let utf16BOM = b.count >= 2 && (b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF)
        if utf8BOM || utf16BOM { return nil }
        // Not well-formed UTF-8 (binary data among others): `decode` tells which.
        guard let text = Normalizer.read(utf8: b) else { return nil }
        if text.looksBinary { throw .binary }
        if isBlank(b) { throw .empty }
        return text
    }

    /// The normalised text of a report's bytes, and the encoding it was read as; throws what `decode`
    /// would. Normalised straight from the bytes, UTF-8 as they are, others once made UTF-8: no String is made.
    static func normalizedText(_ b: UnsafeBufferPointer<UInt8>) throws(ReadError) -> (text: NormalizedText, encoding: TextEncoding) {
        if let text = try plainUTF8Text(b) { return (text, .utf8) }
        let (text, encoding, blank) = try withUTF8(of: b) { utf8, encoding in
            Normalizer.read(utf8: utf8).map { ($0, encoding, isBlank(utf8)) }
        }
        if blank { throw .empty }
        return (text, encoding)
    }

    private static func decodeBytes(_ data: Data) throws(ReadError) -> (text: String, encoding: TextEncoding) {
        try data.withUnsafeBytes { raw in
            Result { () throws(ReadError) in
                try withUTF8(of: raw.assumingMemoryBound(to: UInt8.self)) { utf8, encoding in
                    String(validating: utf8, as: UTF8.self).map { ($0, encoding) }
                }
            }
        }.get()
    }

    /// Calls `read` with the report's text as UTF-8 (the bytes themselves when they are UTF-8) and its
    /// encoding: after a BOM, UTF-8 or UTF-16; else strict UTF-8, then GB18030. `read` gives nil for
    /// bytes that are not well-formed UTF-8. Throws `.empty`, `.binary` or `.undecodable` (not `.empty`
    /// for white space alone: the caller tells).
    static func withUTF8<R>(of b: UnsafeBufferPointer<UInt8>,
                                    _ read: (UnsafeBufferPointer<UInt8>, TextEncoding) -> R?) throws(ReadError) -> R {
        if b.isEmpty { throw .empty }
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF {
            guard let result = read(UnsafeBufferPointer(rebasing: b[3...]), .utf8BOM) else { throw .undecodable }
            return result
        }
        if b.count >= 2, b[0] == 0xFF && b[1] == 0xFE || b[0] == 0xFE && b[1] == 0xFF {
            let littleEndian = b[0] == 0xFF
            guard let utf8 = utf8(fromUTF16: UnsafeBufferPointer(rebasing: b[2...]), littleEndian: littleEndian),
                  let result = utf8.withUnsafeBufferPointer({ read($0, littleEndian ? .utf16LE : .utf16BE) }) else {
                throw .undecodable
            }
            return result
        }
        if looksBinary(b) { throw .binary }
        if let result = read(b, .utf8) { return result }
        guard let utf8 = utf8(fromGB18030: b), utf8.withUnsafeBufferPointer(isPlausibleText),
              let result = utf8.withUnsafeBufferPointer({ read($0, .gb18030) }) else {
            throw .undecodable
        }
        return result
    }

    /// GB18030 bytes as UTF-8, as Foundation reads them: through glibc's iconv (many times faster), unless
    /// iconv cannot read them or its text holds a character it may read otherwise than Foundation; then
    /// through Foundation. Nil when the bytes are not GB18030.
    static func utf8(fromGB18030 b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        if let utf8 = iconvUTF8(fromGB18030: b), !mayReadOtherwise(utf8) { return utf8 }
        return String(data: Data(buffer: b), encoding: gb18030).map { Array($0.utf8) }
    }

    /// GB18030 bytes as UTF-8 through glibc's iconv; nil when it cannot convert all of them.
    static func iconvUTF8(fromGB18030 b: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard let base = b.baseAddress else { return [] }
        let converter = iconv_open("UTF-8", "GB18030")
        guard converter != iconv_t(bitPattern: -1) else { return nil }
        defer { iconv_close(converter) }
        var converted = false
        // A GB18030 character of one, two or four bytes is one, at most three, or four bytes of UTF-8.
        let utf8 = [UInt8](unsafeUninitializedCapacity: b.count * 3 / 2 + 4) { out, written in
            var input: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(mutating: base).assumingMemoryBound(to: CChar.self)
            var output: UnsafeMutablePointer<CChar>? = UnsafeMutableRawPointer(out.baseAddress!).assumingMemoryBound(to: CChar.self)
            var inputLeft = b.count, outputLeft = out.count
            converted = iconv(converter, &input, &inputLeft, &output, &outputLeft) != -1 && inputLeft == 0
            written = converted ? out.count - outputLeft : 0
        }
        return converted ? utf8 : nil
    }

    /// Whether iconv's UTF-8 holds a character that a GB18030 sequence gives otherwise in Foundation: every
    /// sequence compared (see `EncodingTests`), glibc reads A3A0 as U+E5E5 (Foundation: U+3000), and FE51,
    /// FE52, FE53, FE6C, FE76 and FE91 as characters past U+FFFF (Foundation: private-use ones). So a
    /// U+E5E5 or any character past U+FFFF is left to Foundation.
    private static func mayReadOtherwise(_ utf8: [UInt8]) -> Bool {
        utf8.withUnsafeBufferPointer { u in
            for k in u.indices where u[k] >= 0xEE {
                if u[k] >= 0xF0 || u[k] == 0xEE && k + 2 < u.count && u[k + 1] == 0x97 && u[k + 2] == 0xA5 { return true }
            }
            return false
        }
    }

    /// Foundation's GB18030 encoding (Linux returns nil for the GBK and GB2312 constants; GB18030 covers both).
    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// UTF-16 code units (two bytes each, in the given order) as UTF-8; nil for an odd number of bytes
    /// or a surrogate without its other half (as `UTF16` decoding finds them).
    static func utf8(fromUTF16 b: UnsafeBufferPointer<UInt8>, littleEndian: Bool) -> [UInt8]? {
        guard b.count % 2 == 0 else { return nil }
        let count = b.count / 2
        @inline(__always) func unit(_ k: Int) -> UInt32 {
            let first = UInt32(b[2 * k]), second = UInt32(b[2 * k + 1])
            return littleEndian ? first | second << 8 : first << 8 | second
        }
        // A code unit becomes at most three bytes (a surrogate pair, two units, four).
        var failed = false
        let utf8 = [UInt8](unsafeUninitializedCapacity: 3 * count) { out, written in
            var n = 0, k = 0
            while k < count {
                var value = unit(k)
                k += 1
                if value < 0x80 {
                    out[n] = UInt8(value)
                    n += 1
                    continue
                }
                if value & 0xF800 == 0xD800 {
                    // A high surrogate followed by a low one; anything else is an error.
                    guard value < 0xDC00, k < count else { failed = true; break }
                    let low = unit(k)
                    guard low & 0xFC00 == 0xDC00 else { failed = true; break }
                    k += 1
                    value = 0x10000 + ((value - 0xD800) << 10 | (low - 0xDC00))
                }
                if value < 0x800 {
                    out[n] = UInt8(0xC0 | value >> 6)
                    n += 1
                } else if value < 0x10000 {
                    out[n] = UInt8(0xE0 | value >> 12)
                    out[n + 1] = UInt8(0x80 | value >> 6 & 0x3F)
                    n += 2
                } else {
                    out[n] = UInt8(0xF0 | value >> 18)
                    out[n + 1] = UInt8(0x80 | value >> 12 & 0x3F)
                    out[n + 2] = UInt8(0x80 | value >> 6 & 0x3F)
                    n += 3
                }
                out[n] = UInt8(0x80 | value & 0x3F)
                n += 1
            }
            written = failed ? 0 : n
        }
        return failed ? nil : utf8
    }

    /// NUL bytes, or many control bytes, in the first 64 KiB mean this is not text.
    static func looksBinary(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(b.baseAddress) else { return false }
        let count = min(b.count, BinaryEvidence.sample)
        var evidence = BinaryEvidence(), i = 0
        while i < count {
            // Eight bytes at a time while none is below 0x20 (x − 0x20… & ~x & 0x80… flags such a
            // byte); eight that hold one (a line end, mostly) are then looked at one by one.
            let end = min(i + 8, count)
            if end - i == 8 {
                let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                if (x &- 0x2020_2020_2020_2020) & ~x & 0x8080_8080_8080_8080 == 0 {
                    i = end
                    continue
                }
            }
            while i < end {
                let byte = b[i]
                if byte < 0x20, byte != 0x09, byte != 0x0A, byte != 0x0D { evidence.note(control: byte, at: i) }
                i += 1
            }
        }
        return evidence.looksBinary(textLength: b.count)
    }

    /// The length of the well-formed UTF-8 sequence led by the non-ASCII byte at `i` (Unicode
    /// table 3-7, as `String(validating:)` reads it); nil when it is ill-formed: a stray
    /// continuation byte, a lead that cannot start one, an overlong form, a surrogate, a code point
    /// past U+10FFFF, or a sequence cut off.
    @inline(__always)
    /// Whether the bytes are well-formed UTF-8 (as `String(validating:)` reads them).
    static func isWellFormedUTF8(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(b.baseAddress) else { return true }
        var i = 0
        while i < b.count {
            // Eight bytes of ASCII at a time.
            if i + 8 <= b.count, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8
            } else if b[i] < 0x80 {
                i += 1
            } else if let length = TextDecoder.validSequenceLength(b, at: i) {
                i += length
            } else {
                return false
            }
        }
        return true
    }

    static func validSequenceLength(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> Int? {
        // The sequence's length and the range its second byte must fall in; later bytes are 80–BF.
        let length: Int, low: UInt8, high: UInt8
        switch b[i] {
        case 0xC2...0xDF: (length, low, high) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, high) = (3, 0xA0, 0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, low, high) = (3, 0x80, 0xBF)
        case 0xED: (length, low, high) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, high) = (4, 0x90, 0xBF)
        case 0xF1...0xF3: (length, low, high) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, high) = (4, 0x80, 0x8F)
        default: return nil
        }
        guard i + length <= b.count, b[i + 1] >= low, b[i + 1] <= high else { return nil }
        for k in 2..<length where b[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// Whether valid UTF-8 holds nothing but white space and BOMs (as `decode` tests its text).
    private static func isBlank(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < b.count {
            let (value, length) = LabelText.scalar(b, i)
            guard let scalar = Unicode.Scalar(value), scalar.properties.isWhitespace || value == 0xFEFF else { return false }
            i += length
        }
        return true
    }

    /// A GB18030 decoding of random bytes yields rare characters and private-use code points;
    /// a real report is mostly common CJK, ASCII and punctuation. (Given its UTF-8.)
    private static func isPlausibleText(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        var total = 0, suspicious = 0, i = 0
        while i < utf8.count, total < 20_000 {
            let (v, length) = LabelText.scalar(utf8, i)
            total += 1
            if (0xE000...0xF8FF).contains(v) || (0x80...0x9F).contains(v) || v >= 0x10000 { suspicious += 1 }
            i += length
        }
        return suspicious * 50 <= total
    }
}

/// The control characters (other than line ends and tab) met in the first 64 KB of a text:
/// a NUL, or more than one byte in twenty of them (form feeds aside), mark a binary file.
struct BinaryEvidence {
    static let sample = 65_536
    var sawNUL = false
    var controls = 0

    mutating func note(control c: UInt8, at offset: Int) {
        guard offset < Self.sample else { return }
        if c == 0 { sawNUL = true } else if c != 0x0C { controls += 1 }
    }

    func looksBinary(textLength: Int) -> Bool { sawNUL || controls * 20 > min(textLength, Self.sample) }
}
