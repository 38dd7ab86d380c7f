/// Normalises report text line by line, keeping the original line numbers:
/// full-width digits and letters become ASCII, full-width, no-break and other wide spaces
/// become a plain space, zero-width characters and form feeds are dropped, and CRLF or a lone CR
/// ends a line like LF. Punctuation is kept as written (labels are reported as written).
public enum Normalizer {
    /// One element per original line; element `i` is line `i + 1`.
    public static func lines(of text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v == 0x0A {
                if previousWasCR { previousWasCR = false; continue }
                lines.append(String(current))
                current = String.UnicodeScalarView()
                continue
            }
            previousWasCR = false
            if v == 0x0D {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                previousWasCR = true
                continue
            }
            if let mapped = normalized(v) {
                current.append(mapped)
            }
        }
        lines.append(String(current))
        return lines
    }

    /// The normalised scalar, or nil when the scalar is dropped.
    @inline(__always)
    static func normalized(_ v: UInt32) -> Unicode.Scalar? {
        if v < 0x80 {
            // Keep tab; drop other C0 controls (form feeds from pdftotext, stray NULs).
            if v < 0x20 && v != 0x09 { return nil }
            return Unicode.Scalar(v)
        }
        switch v {
        case 0xFF10...0xFF19, 0xFF21...0xFF3A, 0xFF41...0xFF5A:
            return Unicode.Scalar(v - 0xFEE0)
        case 0x3000, 0x00A0, 0x2000...0x200A, 0x202F, 0x205F, 0x1680:
            return " "
        case 0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, 0x00AD, 0x180E:
            return nil
        case 0x80...0x9F:
            return nil
        default:
            return Unicode.Scalar(v)
        }
    }
}
