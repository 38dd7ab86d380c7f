/// HTML character references: `&name;` for the names report pages use, `&#123;` and `&#x7B;`. HTML defines
/// no entities of its own, so nothing expands beyond one character.
enum HTMLEntities {
    /// What a reference stands for.
    enum Meaning: Equatable {
        /// A character.
        case scalar(UInt32)
        /// A no-break space: a space that white space does not collapse into.
        case hardSpace
        /// White space (a numeric tab, line feed, space…), collapsed like the page's own.
        case space
        /// Nothing (a control character).
        case nothing
    }

    /// The reference starting at `b[i]` (an `&`) and ending before `end`: what it means and where the text
    /// goes on after it; nil when it is no reference (the `&` is then text).
    static func read(_ b: UnsafeBufferPointer<UInt8>, at i: Int, end: Int) -> (Meaning, next: Int)? {
        var k = i + 1
        guard k < end else { return nil }
        if b[k] == 0x23 { return numeric(b, from: k + 1, end: end) }
        var key: UInt64 = 0
        let start = k
        while k < end, k - start < 8, isAlphanumeric(b[k]) {
            key = key << 8 | UInt64(b[k])
            k += 1
        }
        guard k > start else { return nil }
        if let value = named.value(key), k < end, b[k] == 0x3B {
            return (meaning(ofNamed: value), k + 1)
        }
        // Without its semicolon, only one of the oldest names stands, as the start of what follows (`&nbsp2024`).
        for length in stride(from: min(k - start, 4), through: 2, by: -1) {
            let prefix = key >> (8 * UInt64(k - start - length))
            if legacy.contains(prefix), let value = named.value(prefix) { return (meaning(ofNamed: value), start + length) }
        }
        return nil
    }

    private static func meaning(ofNamed value: UInt32) -> Meaning { value == 0xA0 ? .hardSpace : .scalar(value) }

    private static func numeric(_ b: UnsafeBufferPointer<UInt8>, from: Int, end: Int) -> (Meaning, next: Int)? {
        var k = from
        let hex = k < end && (b[k] == 0x78 || b[k] == 0x58)
        if hex { k += 1 }
        let digitsStart = k
        var value: UInt32 = 0
        while k < end {
            let c = b[k]
            let digit: UInt32
            if c >= 0x30 && c <= 0x39 {
                digit = UInt32(c - 0x30)
            } else if hex, c | 0x20 >= 0x61, c | 0x20 <= 0x66 {
                digit = UInt32(c | 0x20) - 0x61 + 10
            } else {
                break
            }
            // Past U+10FFFF it stays past it (a replacement character), however long the digits run.
            value = min(value * (hex ? 16 : 10) + digit, 0x110000)
            k += 1
        }
        guard k > digitsStart else { return nil }
        if k < end, b[k] == 0x3B { k += 1 }
        return (meaning(ofCodePoint: value), k)
    }

    /// What a numeric reference to `value` gives, as browsers read it.
    static func meaning(ofCodePoint value: UInt32) -> Meaning {
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D, 0x20: return .space
        case 0xA0: return .hardSpace
        case 0, 0xD800...0xDFFF, 0x110000...: return .scalar(0xFFFD)
        case 0x80...0x9F:
            // Pages written in Windows-1252 give its characters by their byte values.
            let mapped = windows1252[Int(value - 0x80)]
            return mapped == 0 ? .nothing : .scalar(mapped)
        case 0x01...0x1F, 0x7F: return .nothing
        default: return .scalar(value)
        }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        c >= 0x30 && c <= 0x39 || c >= 0x41 && c <= 0x5A || c >= 0x61 && c <= 0x7A
    }

    /// Names (packed, at most eight bytes, case-sensitive) and their characters.
    private static let named: PackedNames<UInt32> = {
        let names: [(String, UInt32)] = [
            ("nbsp", 0xA0), ("lt", 0x3C), ("gt", 0x3E), ("amp", 0x26), ("quot", 0x22), ("apos", 0x27),
            ("LT", 0x3C), ("GT", 0x3E), ("AMP", 0x26), ("QUOT", 0x22),
            ("ldquo", 0x201C), ("rdquo", 0x201D), ("lsquo", 0x2018), ("rsquo", 0x2019), ("bdquo", 0x201E),
            ("sbquo", 0x201A), ("laquo", 0xAB), ("raquo", 0xBB), ("lsaquo", 0x2039), ("rsaquo", 0x203A),
            ("mdash", 0x2014), ("ndash", 0x2013), ("hellip", 0x2026), ("middot", 0xB7), ("bull", 0x2022),
            ("emsp", 0x2003), ("ensp", 0x2002), ("thinsp", 0x2009), ("zwnj", 0x200C), ("zwj", 0x200D),
            ("lrm", 0x200E), ("rlm", 0x200F), ("shy", 0xAD),
            ("times", 0xD7), ("divide", 0xF7), ("minus", 0x2212), ("plusmn", 0xB1), ("permil", 0x2030),
            ("le", 0x2264), ("ge", 0x2265), ("ne", 0x2260), ("asymp", 0x2248), ("equiv", 0x2261),
            ("deg", 0xB0), ("micro", 0xB5), ("prime", 0x2032), ("Prime", 0x2033), ("radic", 0x221A),
            ("infin", 0x221E), ("sum", 0x2211), ("lowast", 0x2217),
            ("frac12", 0xBD), ("frac14", 0xBC), ("frac34", 0xBE), ("sup1", 0xB9), ("sup2", 0xB2), ("sup3", 0xB3),
            ("larr", 0x2190), ("rarr", 0x2192), ("uarr", 0x2191), ("darr", 0x2193), ("harr", 0x2194),
            ("copy", 0xA9), ("COPY", 0xA9), ("reg", 0xAE), ("REG", 0xAE), ("trade", 0x2122),
            ("sect", 0xA7), ("para", 0xB6), ("dagger", 0x2020), ("Dagger", 0x2021), ("ordm", 0xBA), ("ordf", 0xAA),
            ("yen", 0xA5), ("cent", 0xA2), ("pound", 0xA3), ("euro", 0x20AC), ("curren", 0xA4),
            ("iexcl", 0xA1), ("iquest", 0xBF), ("brvbar", 0xA6), ("uml", 0xA8), ("acute", 0xB4), ("macr", 0xAF),
            ("cedil", 0xB8), ("not", 0xAC), ("loz", 0x25CA), ("star", 0x2606), ("check", 0x2713),
        ]
        return PackedNames(names)
    }()

    /// Names that stand without a semicolon (as browsers read `&nbsp` and `&amp`).
    private static let legacy: Set<UInt64> = Set(["nbsp", "lt", "gt", "amp", "quot", "LT", "GT", "AMP", "QUOT",
                                                    "copy", "reg", "times"].map(PackedNames<UInt32>.key))

    /// U+0080–U+009F as Windows-1252 bytes (0: none).
    private static let windows1252: [UInt32] = [
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017D, 0,
        0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178,
    ]
}
