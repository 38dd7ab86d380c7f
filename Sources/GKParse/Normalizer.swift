import Foundation

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
        // A String's bytes are well-formed UTF-8: nothing to check.
        return text.withUTF8 { bytes in lines(ofUTF8: bytes, checking: false)! }
    }

    /// The lines of UTF-8 bytes. When `checking`, nil if the bytes are not well-formed UTF-8 (as
    /// `String(validating:)` reads them): each line's bytes are checked as the line is made a
    /// String, so that no pass over the text does it again. `String(decoding:)` replaces what is
    /// ill-formed with U+FFFD, so a line that comes out unlike its bytes had some. (The lines and
    /// the line ends between them, ASCII, make up the text: it is well-formed when every line is.
    /// Bytes that are not may be split into lines oddly, but then a line holding them is found
    /// ill-formed.)
    static func lines(ofUTF8 b: UnsafeBufferPointer<UInt8>, checking: Bool) -> [String]? {
        plainStep.withUnsafeBufferPointer { plainStep in
            var lines = LineSplitter(text: b, checking: checking)
            let n = b.count
            var i = 0
            while i < n {
                // Skip (or, in an edited line, copy) the run of bytes that need no change.
                var j = i
                while j < n {
                    let step = Int(plainStep[Int(b[j])])
                    if step == 0 { break }
                    j += step
                }
                j = min(j, n)
                if lines.isEdited, j > i { lines.edited.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<j])) }
                i = j
                if i >= n { break }
                let c = b[i]
                if c == 0x0A || c == 0x0D {
                    guard lines.finish(at: i) else { return nil }
                    if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                    i += 1
                    lines.lineStart = i
                } else if c < 0x80 {
                    // other C0 controls (form feeds from pdftotext, stray NULs) are dropped
                    lines.edit(at: i)
                    i += 1
                } else if let (replacement, length) = replacement(b, at: i) {
                    lines.edit(at: i)
                    if let replacement { lines.edited.append(replacement) }
                    i += length
                } else {
                    // A character kept as it is (mostly punctuation: ，。、).
                    let end = min(i + utf8SequenceLength(c), n)
                    if lines.isEdited { lines.edited.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<end])) }
                    i = end
                }
            }
            let pending = lines.isEdited ? !lines.edited.isEmpty : lines.lineStart < n
            if pending || lines.lines.isEmpty || !(b.last == 0x0A || b.last == 0x0D) {
                guard lines.finish(at: n) else { return nil }
            }
            return lines.lines
        }
    }

    /// The lines made so far and the one being read. A line is made straight from the text's bytes
    /// unless something in it changes; then it is rebuilt in `edited` from the first change on.
    private struct LineSplitter {
        let text: UnsafeBufferPointer<UInt8>
        /// Whether the text's bytes are checked (they may not be well-formed UTF-8).
        let checking: Bool
        var lines: [String] = []
        var edited: [UInt8] = []
        var isEdited = false
        /// Where the current line starts in `text`.
        var lineStart = 0

        init(text: UnsafeBufferPointer<UInt8>, checking: Bool) {
            self.text = text
            self.checking = checking
            lines.reserveCapacity(text.count / 32)
            edited.reserveCapacity(512)
        }

        /// The current line differs from the text from byte `i` on.
        mutating func edit(at i: Int) {
            if !isEdited { edited.append(contentsOf: UnsafeBufferPointer(rebasing: text[lineStart..<i])) }
            isEdited = true
        }

        /// Ends the current line at byte `end` of the text; false when the line's bytes are
        /// checked and are not well-formed UTF-8.
        mutating func finish(at end: Int) -> Bool {
            let written = UnsafeBufferPointer(rebasing: text[lineStart..<end])
            if isEdited {
                // The line as written is checked: an edit could hide a fault (a dropped control
                // byte between the parts of a broken character).
                if checking, !TextDecoder.isValidUTF8(written) { return false }
                lines.append(String(decoding: edited, as: UTF8.self))
                edited.removeAll(keepingCapacity: true)
                isEdited = false
            } else {
                var line = String(decoding: written, as: UTF8.self)
                if checking, !line.withUTF8({ made in
                    made.count == written.count && (made.isEmpty || memcmp(made.baseAddress!, written.baseAddress!, made.count) == 0)
                }) { return false }
                lines.append(line)
            }
            return true
        }
    }

    /// How far the scan steps over a byte that starts nothing the normaliser changes: 3 over the
    /// lead of a common CJK character (E4–E9, three bytes in valid UTF-8), 1 over any other; 0 for
    /// a byte to look at closely: line ends and other C0 controls (tab aside), and the lead bytes
    /// of the characters it maps (C2, E1, E2, E3, EF).
    private static let plainStep: [UInt8] = (0...255).map { c in
        if c < 0x20 { return c == 0x09 ? 1 : 0 }
        if c >= 0xE4 && c <= 0xE9 { return 3 }
        return c == 0xC2 || c == 0xE1 || c == 0xE2 || c == 0xE3 || c == 0xEF ? 0 : 1
    }

    /// For a character the normaliser maps, its replacement byte (nil: dropped) and its length;
    /// nil when the character at `i` is kept as it is.
    @inline(__always)
    private static func replacement(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt8?, Int)? {
        let n = b.count, c = b[i]
        if c == 0xC2, i + 1 < n {
            let d = b[i + 1]
            if d == 0xA0 { return (0x20, 2) }                                   // U+00A0 no-break space
            if d == 0xAD || (d >= 0x80 && d <= 0x9F) { return (nil, 2) }        // soft hyphen, C1 controls
        } else if c == 0xE2, i + 2 < n {
            let d = b[i + 1], e = b[i + 2]
            if d == 0x80 && e >= 0x80 && e <= 0x8A { return (0x20, 3) }         // U+2000–U+200A
            if d == 0x80 && e >= 0x8B && e <= 0x8D { return (nil, 3) }          // U+200B–U+200D
            if d == 0x80 && e == 0xAF { return (0x20, 3) }                      // U+202F
            if d == 0x81 && e == 0x9F { return (0x20, 3) }                      // U+205F
            if d == 0x81 && e == 0xA0 { return (nil, 3) }                       // U+2060
        } else if c == 0xE3, i + 2 < n, b[i + 1] == 0x80, b[i + 2] == 0x80 {
            return (0x20, 3)                                                    // U+3000
        } else if c == 0xEF, i + 2 < n {
            let d = b[i + 1], e = b[i + 2]
            if d == 0xBB && e == 0xBF { return (nil, 3) }                       // U+FEFF
            // U+FF10–U+FF19 digits and U+FF21–U+FF3A letters; U+FF41–U+FF5A letters.
            if d == 0xBC && ((e >= 0x90 && e <= 0x99) || (e >= 0xA1 && e <= 0xBA)) { return (e - 0x60, 3) }
            if d == 0xBD && e >= 0x81 && e <= 0x9A { return (e - 0x20, 3) }
        } else if c == 0xE1, i + 2 < n {
            if b[i + 1] == 0x9A && b[i + 2] == 0x80 { return (0x20, 3) }       // U+1680
            if b[i + 1] == 0xA0 && b[i + 2] == 0x8E { return (nil, 3) }         // U+180E
        }
        return nil
    }
}
