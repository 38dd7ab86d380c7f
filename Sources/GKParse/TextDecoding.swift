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
    /// would. UTF-8 (with or without a BOM) and UTF-16 are normalised straight from their bytes, without
    /// a String made first.
    static func normalizedText(_ b: UnsafeBufferPointer<UInt8>) throws(ReadError) -> (text: NormalizedText, encoding: TextEncoding) {
        if let text = try plainUTF8Text(b) { return (text, .utf8) }
        if hasUTF8BOM(b) {
            let rest = UnsafeBufferPointer(rebasing: b[3...])
            guard let text = Normalizer.read(utf8: rest) else { throw .undecodable }
            if isBlank(rest) { throw .empty }
            return (text, .utf8BOM)
        }
        if let littleEndian = utf16ByteOrder(b) {
            guard let utf8 = utf8(fromUTF16: UnsafeBufferPointer(rebasing: b[2...]), littleEndian: littleEndian) else {
                throw .undecodable
            }
            let text = utf8.withUnsafeBufferPointer { isBlank($0) ? nil : Normalizer.read(utf8: $0) }
            guard let text else { throw .empty }
            return (text, littleEndian ? .utf16LE : .utf16BE)
        }
        let (text, encoding) = try decode(Data(buffer: b))
        return (Normalizer.read(text), encoding)
    }

    /// Whether the bytes start with the UTF-8 BOM.
    private static func hasUTF8BOM(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        b.count >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF
    }

    /// For bytes that start with a UTF-16 BOM, whether it is little-endian; nil without one.
    private static func utf16ByteOrder(_ b: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard b.count >= 2 else { return nil }
        if b[0] == 0xFF && b[1] == 0xFE { return true }
        if b[0] == 0xFE && b[1] == 0xFF { return false }
        return nil
    }

    private static func decodeBytes(_ data: Data) throws(ReadError) -> (text: String, encoding: TextEncoding) {
        if data.isEmpty { throw .empty }
        let bytes = [UInt8](data)
        let unicode = try bytes.withUnsafeBufferPointer { b throws(ReadError) -> (text: String, encoding: TextEncoding)? in
            if hasUTF8BOM(b) {
                guard let text = String(validating: b[3...], as: UTF8.self) else { throw .undecodable }
                return (text, .utf8BOM)
            }
            guard let littleEndian = utf16ByteOrder(b) else { return nil }
            guard let utf8 = utf8(fromUTF16: UnsafeBufferPointer(rebasing: b[2...]), littleEndian: littleEndian) else {
                throw .undecodable
            }
            return (String(decoding: utf8, as: UTF8.self), littleEndian ? .utf16LE : .utf16BE)
        }
        if let unicode { return unicode }
        if bytes.withUnsafeBufferPointer(looksBinary) { throw .binary }
        if let text = String(validating: bytes, as: UTF8.self) { return (text, .utf8) }
        if let text = String(data: data, encoding: gb18030), isPlausibleText(text) { return (text, .gb18030) }
        throw .undecodable
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
    private static func looksBinary(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
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
    /// a real report is mostly common CJK, ASCII and punctuation.
    private static func isPlausibleText(_ text: String) -> Bool {
        var total = 0, suspicious = 0
        for scalar in text.unicodeScalars.prefix(20_000) {
            total += 1
            let v = scalar.value
            if (0xE000...0xF8FF).contains(v) || (0x80...0x9F).contains(v) || v >= 0x10000 { suspicious += 1 }
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
