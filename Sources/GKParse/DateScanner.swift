import GKModel

/// A year written in the text, e.g. `2024年`, `2024 年度`, and what follows it.
public struct YearMention: Sendable, Hashable {
    public let year: Int
    /// 1-based line.
    public let line: Int
    /// Scalar offset of the year's first digit in its line.
    public let offset: Int
    /// The mention is part of a full date (`2024年12月31日`) or a month (`2024年1月`).
    public let isDate: Bool
    /// Written as `YYYY年度`.
    public let isYearOfReport: Bool
}

/// Scans text for dates and years as Chinese reports write them (spaces between parts allowed).
public enum DateScanner {
    /// Every `YYYY年M月D日` in the line, in order (also written in Chinese numerals: 二〇二五年一月二十日).
    public static func dates(in line: String) -> [CalendarDate] {
        guard mayHoldYear(line) else { return [] }
        let scalars = Array(withArabicDates(line).unicodeScalars)
        var result: [CalendarDate] = []
        var i = 0
        while i < scalars.count {
            if let (date, end) = date(at: i, in: scalars) {
                result.append(date)
                i = end
            } else {
                i += 1
            }
        }
        return result
    }

    /// Every four-digit year (1990–2099) followed by 年, with what kind of mention it is.
    public static func years(in line: String, lineNumber: Int) -> [YearMention] {
        guard mayHoldYear(line) else { return [] }
        let scalars = Array(withArabicDates(line).unicodeScalars)
        var result: [YearMention] = []
        var i = 0
        while i + 4 < scalars.count {
            guard let (year, afterYear) = yearAt(i, in: scalars) else { i += 1; continue }
            var j = afterYear
            let isYearOfReport = j < scalars.count && scalars[j] == "度"
            if isYearOfReport { j += 1 }
            j = skipSpaces(j, scalars)
            let isDate = number(at: j, in: scalars, maxDigits: 2).map { (_, end) in
                let k = skipSpaces(end, scalars)
                return k < scalars.count && scalars[k] == "月"
            } ?? false
            result.append(YearMention(year: year, line: lineNumber, offset: i, isDate: isDate,
                                      isYearOfReport: isYearOfReport))
            i = afterYear
        }
        return result
    }

    /// A line without 年, or without a digit (Arabic, or the 〇/零 of a year in Chinese numerals),
    /// has no year in it. One pass over the characters' bytes.
    private static func mayHoldYear(_ line: String) -> Bool {
        var line = line
        return line.withUTF8 { b in
            var year = false, digit = false, i = 0
            while i < b.count {
                let c = b[i]
                if c >= 0x30 && c <= 0x39 {
                    digit = true
                } else if i + 2 < b.count {
                    if c == 0xE5 && b[i + 1] == 0xB9 && b[i + 2] == 0xB4 { year = true }                 // 年
                    else if c == 0xE3 && b[i + 1] == 0x80 && b[i + 2] == 0x87 { digit = true }           // 〇
                    else if c == 0xE9 && b[i + 1] == 0x9B && b[i + 2] == 0xB6 { digit = true }           // 零
                }
                if year && digit { return true }
                i += utf8SequenceLength(c)
            }
            return false
        }
    }

    /// A year at `i` (not preceded by a digit) followed, after spaces, by 年: the year and the index after 年.
    private static func yearAt(_ i: Int, in s: [Unicode.Scalar]) -> (Int, Int)? {
        if i > 0, LabelText.isASCIIDigit(s[i - 1]) { return nil }
        guard let (year, end) = number(at: i, in: s, maxDigits: 4), end - i == 4, (1990...2099).contains(year)
        else { return nil }
        let k = skipSpaces(end, s)
        guard k < s.count, s[k] == "年" else { return nil }
        return (year, k + 1)
    }

    private static func date(at i: Int, in s: [Unicode.Scalar]) -> (CalendarDate, Int)? {
        guard let (year, afterYear) = yearAt(i, in: s) else { return nil }
        var k = skipSpaces(afterYear, s)
        guard let (month, afterMonth) = number(at: k, in: s, maxDigits: 2) else { return nil }
        k = skipSpaces(afterMonth, s)
        guard k < s.count, s[k] == "月" else { return nil }
        k = skipSpaces(k + 1, s)
        guard let (day, afterDay) = number(at: k, in: s, maxDigits: 2) else { return nil }
        k = skipSpaces(afterDay, s)
        guard k < s.count, s[k] == "日" || s[k] == "号", (1...12).contains(month),
              day >= 1, day <= daysIn(month: month, year: year) else {
            return nil
        }
        return (CalendarDate(year: year, month: month, day: day), k + 1)
    }

    /// The line with years, months and days written in Chinese numerals (二〇二四年, 十二月, 三十一日)
    /// rewritten in digits, character for character where it can (a year keeps its length, so
    /// offsets into the line stay right for years).
    static func withArabicDates(_ line: String) -> String {
        // A year in Chinese numerals has a 〇 or 零 (二〇二四); without one there is nothing to rewrite.
        guard line.includes("〇") || line.includes("零") else { return line }
        let s = Array(line.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        /// Whether `unit` follows at `k`, after spaces (as digits may be spaced from it: 二〇二四 年).
        func unit(at k: Int, _ units: Set<Unicode.Scalar>) -> Bool {
            let k = skipSpaces(k, s)
            return k < s.count && units.contains(s[k])
        }
        while i < s.count {
            // A year: four numerals, then 年.
            if i + 4 < s.count, unit(at: i + 4, ["年"]), (i..<(i + 4)).allSatisfy({ digit(s[$0]) != nil }),
               i == 0 || digit(s[i - 1]) == nil {
                for k in i..<(i + 4) { out.append(Unicode.Scalar(0x30 + UInt32(digit(s[k])!))!) }
                i += 4
                continue
            }
            // A month or day: 一 … 三十一, then 月, 日 or 号.
            if let (value, length) = chineseNumber(s, at: i), i + length < s.count,
               unit(at: i + length, ["月", "日", "号"]), i == 0 || digit(s[i - 1]) == nil {
                out.append(contentsOf: String(value).unicodeScalars)
                i += length
                continue
            }
            out.append(s[i])
            i += 1
        }
        return String(out)
    }

    /// The digit a Chinese numeral character stands for (〇 and 零 are 0).
    private static func digit(_ scalar: Unicode.Scalar) -> Int? {
        switch scalar {
        case "〇", "零": return 0
        case "一": return 1
        case "二": return 2
        case "三": return 3
        case "四": return 4
        case "五": return 5
        case "六": return 6
        case "七": return 7
        case "八": return 8
        case "九": return 9
        default: return nil
        }
    }

    /// A number from 1 to 39 written with 十 (十, 十二, 二十, 三十一) or a single numeral, at `i`.
    private static func chineseNumber(_ s: [Unicode.Scalar], at i: Int) -> (Int, Int)? {
        if s[i] == "十" {
            if i + 1 < s.count, let unit = digit(s[i + 1]), unit > 0 { return (10 + unit, 2) }
            return (10, 1)
        }
        guard let tens = digit(s[i]), tens > 0 else { return nil }
        if i + 1 < s.count, s[i + 1] == "十" {
            if i + 2 < s.count, let unit = digit(s[i + 2]), unit > 0 { return (tens * 10 + unit, 3) }
            return (tens * 10, 2)
        }
        return (tens, 1)
    }

    /// Days in a month of the Gregorian calendar.
    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// A month and day without a year (`12月31日`) at the start of `text` or after 至/到/—, with the year given.
    public static func monthDay(in text: String, year: Int) -> CalendarDate? {
        let s = Array(text.unicodeScalars)
        var i = 0
        while i < s.count {
            if let (month, afterMonth) = number(at: i, in: s, maxDigits: 2), i == 0 || !LabelText.isASCIIDigit(s[i - 1]) {
                var k = skipSpaces(afterMonth, s)
                if k < s.count, s[k] == "月" {
                    k = skipSpaces(k + 1, s)
                    if let (day, afterDay) = number(at: k, in: s, maxDigits: 2) {
                        let end = skipSpaces(afterDay, s)
                        if end < s.count, s[end] == "日" || s[end] == "号", (1...12).contains(month),
                           day >= 1, day <= daysIn(month: month, year: year) {
                            return CalendarDate(year: year, month: month, day: day)
                        }
                    }
                }
            }
            i += 1
        }
        return nil
    }

    private static func number(at i: Int, in s: [Unicode.Scalar], maxDigits: Int) -> (Int, Int)? {
        var value = 0, j = i
        while j < s.count, j - i < maxDigits, LabelText.isASCIIDigit(s[j]) {
            value = value * 10 + Int(s[j].value - 0x30)
            j += 1
        }
        if j == i || (j < s.count && LabelText.isASCIIDigit(s[j])) { return nil }
        return (value, j)
    }

    private static func skipSpaces(_ i: Int, _ s: [Unicode.Scalar]) -> Int {
        var j = i
        while j < s.count, s[j] == " " { j += 1 }
        return j
    }
}
