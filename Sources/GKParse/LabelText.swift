import GKModel
import Foundation

/// Text helpers for comparing labels by their meaning rather than their spacing and punctuation.
public enum LabelText {
    /// The comparison form of a label: numbering at the start removed, then only letters, digits
    /// and CJK ideographs kept (spaces, brackets, quotes, commas... dropped).
    public static func key(_ text: String) -> String {
        keyOfScalars(strippingNumbering(text))
    }

    /// The comparison form without removing leading numbering.
    public static func keyKeepingNumbering(_ text: String) -> String { keyOfScalars(Substring(text)) }

    private static func keyOfScalars(_ text: Substring) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where isKeyScalar(scalar) {
            out.append(scalar)
        }
        return String(out)
    }

    @inline(__always)
    static func isKeyScalar(_ s: Unicode.Scalar) -> Bool {
        let v = s.value
        if v < 0x80 { return (v >= 0x30 && v <= 0x39) || (v >= 0x41 && v <= 0x5A) || (v >= 0x61 && v <= 0x7A) }
        return isIdeograph(v)
    }

    @inline(__always)
    static func isIdeograph(_ v: UInt32) -> Bool {
        (0x4E00...0x9FFF).contains(v) || (0x3400...0x4DBF).contains(v) || (0x20000...0x2FA1F).contains(v)
            || v == 0x3007
    }

    static let chineseNumerals: Set<Unicode.Scalar> = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "〇"]
    static let openers: Set<Unicode.Scalar> = ["(", "（", "〔", "["]
    static let closers: Set<Unicode.Scalar> = [")", "）", "〕", "]"]
    static let enumerationMarks: Set<Unicode.Scalar> = ["、", ".", "．", "。", ")", "）", ":", "：", ","]

    /// The label without leading numbering such as `（一）`, `(1)`, `一、`, `1.`, `3、`.
    public static func strippingNumbering(_ text: String) -> Substring {
        var rest = Substring(text)
        while let next = numberingLength(rest) {
            rest = rest.unicodeScalars.dropFirst(next).string
        }
        return Substring(rest.unicodeScalars.drop { $0 == " " || $0 == "\t" }.string)
    }

    /// The number of scalars of one numbering mark at the start (after spaces), nil if none.
    static func numberingLength(_ text: Substring) -> Int? {
        let scalars = Array(text.unicodeScalars.prefix(8))
        var i = 0
        while i < scalars.count, scalars[i] == " " || scalars[i] == "\t" { i += 1 }
        guard i < scalars.count else { return nil }
        if openers.contains(scalars[i]) {
            var j = i + 1
            while j < scalars.count, isNumeral(scalars[j]) { j += 1 }
            if j > i + 1, j < scalars.count, closers.contains(scalars[j]) { return j + 1 }
            return nil
        }
        var j = i
        while j < scalars.count, isNumeral(scalars[j]) { j += 1 }
        // A bare numeral followed by an enumeration mark: 一、 1. 3、 2)
        if j > i, j - i <= 3, j < scalars.count, enumerationMarks.contains(scalars[j]) {
            // "1.5" is a number, not numbering.
            if scalars[j] == "." || scalars[j] == "．", j + 1 < scalars.count,
               isASCIIDigit(scalars[j + 1]) { return nil }
            return j + 1
        }
        return nil
    }

    @inline(__always)
    static func isASCIIDigit(_ s: Unicode.Scalar) -> Bool { s.value >= 0x30 && s.value <= 0x39 }

    @inline(__always)
    static func isNumeral(_ s: Unicode.Scalar) -> Bool { isASCIIDigit(s) || chineseNumerals.contains(s) }

    /// Splits a label that carries several numbered parts, e.g. `（六）其他处理 1.申请人…`, into
    /// its parts; the last part is the row's own label.
    public static func numberedParts(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var starts: [Int] = [0]
        var i = 1
        while i < scalars.count {
            // A numbering mark after a space or after a closing bracket starts a new part.
            let previous = scalars[i - 1]
            if previous == " " || closers.contains(previous) || previous == "\t" {
                if numberingLength(Substring(String(String.UnicodeScalarView(scalars[i...])))) != nil {
                    starts.append(i)
                }
            }
            i += 1
        }
        var parts: [String] = []
        for (index, start) in starts.enumerated() {
            let end = index + 1 < starts.count ? starts[index + 1] : scalars.count
            let part = String(String.UnicodeScalarView(scalars[start..<end])).trimmingCharacters(in: .whitespaces)
            if !part.isEmpty { parts.append(part) }
        }
        return parts
    }

    /// The sorted multiset of a string's character bigrams, for `dice`.
    public static func bigramList(_ text: String) -> [UInt64] {
        var result: [UInt64] = []
        var previous: UInt32?
        for scalar in text.unicodeScalars {
            if let previous { result.append(UInt64(previous) << 32 | UInt64(scalar.value)) }
            previous = scalar.value
        }
        result.sort()
        return result
    }

    /// Dice similarity of two sorted bigram lists, from 0 to 1.
    public static func dice(_ x: [UInt64], _ y: [UInt64]) -> Double {
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

    /// Dice similarity of the two strings' character bigrams, from 0 to 1.
    public static func similarity(_ a: String, _ b: String) -> Double {
        a == b ? 1 : dice(bigramList(a), bigramList(b))
    }
}

extension Substring.UnicodeScalarView {
    var string: Substring { Substring(self) }
}

extension Slice where Base == Substring.UnicodeScalarView {
    var string: Substring { Substring(Substring.UnicodeScalarView(self)) }
}

/// Reading numbers as reports write them in table cells.
public enum CellNumber {
    /// What a cell's text is.
    public enum Reading: Equatable, Sendable {
        case number(CellValue)
        /// A dash, slash or 无: the cell is deliberately blank.
        case placeholder
        /// Table decoration such as `------`.
        case decoration
        case text
    }

    static let placeholders: Set<String> = ["-", "—", "－", "–", "--", "——", "/", "／", "\\", "无", "空", "×", "*"]
    static let unitSuffixes = ["万元", "件", "条", "个", "项", "元", "次"]

    /// Classifies a trimmed cell text.
    public static func read(_ raw: String) -> Reading {
        guard let first = raw.utf8.first else { return .placeholder }
        // Fast paths: a plain integer, or text starting with a character no number starts with.
        if raw.utf8.count <= 15, raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return .number(.integer(Int(raw)!))
        }
        if first >= 0xE4, first <= 0xE9, raw.utf8.count > 3 { return .text }
        if placeholders.contains(raw) { return .placeholder }
        if let value = parseNumber(raw) { return .number(value) }
        if raw.unicodeScalars.count >= 3, raw.unicodeScalars.allSatisfy({ "-—－=_|+:".unicodeScalars.contains($0) || $0 == "─" || $0 == "━" }) {
            return .decoration
        }
        return .text
    }

    /// An integer or exact decimal: `12`, `-3`, `1,234`, `0.50`, `3件`. Nil otherwise.
    public static func parseNumber(_ raw: String) -> CellValue? {
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
                                                         locale: Locale(identifier: "en_US_POSIX")) else { return nil }
            return .decimal(value)
        }
        guard digits.count <= 15, let whole = Int(digits) else { return nil }
        return .integer(negative ? -whole : whole)
    }
}
