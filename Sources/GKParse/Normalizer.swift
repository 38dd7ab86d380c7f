/// Normalises report text line by line, keeping the original line numbers:
/// full-width digits and letters become ASCII, full-width, no-break and other wide spaces
/// become a plain space, zero-width characters and form feeds are dropped, and CRLF or a lone CR
/// ends a line like LF. Punctuation is kept as written (labels are reported as written).
///
/// Works on UTF-8 bytes: every character it changes has a fixed byte pattern, and everything else
/// is copied as it is.
public enum Normalizer {
    /// One element per original line; element `i` is line `i + 1`. A final line terminator ends
    /// the last line (it does not start an empty one), as editors count lines.
    public static func lines(of text: String) -> [String] {
        var text = text
        return text.withUTF8 { bytes in lines(ofUTF8: bytes) }
    }

    static func lines(ofUTF8 b: UnsafeBufferPointer<UInt8>) -> [String] {
        var lines: [String] = []
        var line: [UInt8] = []
        line.reserveCapacity(256)
        func finish() {
            lines.append(String(decoding: line, as: UTF8.self))
            line.removeAll(keepingCapacity: true)
        }
        let n = b.count
        var i = 0
        while i < n {
            let c = b[i]
            if c < 0x80 {
                if c == 0x0A {
                    finish()
                } else if c == 0x0D {
                    finish()
                    if i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                } else if c >= 0x20 || c == 0x09 {
                    line.append(c)
                }
                // other C0 controls (form feeds from pdftotext, stray NULs) are dropped
                i += 1
                continue
            }
            if c == 0xC2, i + 1 < n {
                let d = b[i + 1]
                if d == 0xA0 { line.append(0x20); i += 2; continue }          // U+00A0 no-break space
                if d == 0xAD || (d >= 0x80 && d <= 0x9F) { i += 2; continue } // soft hyphen, C1 controls
            } else if c == 0xE2, i + 2 < n {
                let d = b[i + 1], e = b[i + 2]
                if d == 0x80 && e >= 0x80 && e <= 0x8A { line.append(0x20); i += 3; continue } // U+2000–U+200A
                if d == 0x80 && e >= 0x8B && e <= 0x8D { i += 3; continue }                   // U+200B–U+200D
                if d == 0x80 && e == 0xAF { line.append(0x20); i += 3; continue }            // U+202F
                if d == 0x81 && e == 0x9F { line.append(0x20); i += 3; continue }            // U+205F
                if d == 0x81 && e == 0xA0 { i += 3; continue }                               // U+2060
            } else if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 {
                line.append(0x20); i += 3; continue                                          // U+3000
            } else if c == 0xEF, i + 2 < n {
                let d = b[i + 1], e = b[i + 2]
                if d == 0xBB && e == 0xBF { i += 3; continue }                               // U+FEFF
                // U+FF10–U+FF19 digits, U+FF21–U+FF3A and U+FF41–U+FF5A letters.
                if d == 0xBC && ((e >= 0x90 && e <= 0x99) || (e >= 0xA1 && e <= 0xBA)) {
                    line.append(e - 0x60); i += 3; continue
                }
                if d == 0xBD && e >= 0x81 && e <= 0x9A { line.append(e - 0x20); i += 3; continue }
            } else if c == 0xE1, i + 2 < n {
                if b[i + 1] == 0x9A && b[i + 2] == 0x80 { line.append(0x20); i += 3; continue } // U+1680
                if b[i + 1] == 0xA0 && b[i + 2] == 0x8E { i += 3; continue }                   // U+180E
            }
            line.append(c)
            i += 1
        }
        if !line.isEmpty || lines.isEmpty || !(b.last == 0x0A || b.last == 0x0D) { finish() }
        return lines
    }
}
