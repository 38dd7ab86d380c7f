import Foundation
import GKModel

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
    public static func lines(of text: String) -> ReportLines { read(text).lines }

    /// The normalised text of a String (whose bytes are well-formed UTF-8).
    static func read(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { bytes in read(utf8: bytes)! }
    }

    /// The normalised text of UTF-8 bytes; nil when the bytes are not well-formed UTF-8 (as
    /// `String(validating:)` reads them). One pass: each character is checked where the scan meets
    /// it, on the bytes as written (so that a dropped control byte cannot join the parts of a
    /// broken character); the lines are written one after another into one buffer; and each
    /// line's `LineMarks` and the text's control characters are noted on the way.
    static func read(utf8 b: UnsafeBufferPointer<UInt8>) -> NormalizedText? {
        byteTraits.withUnsafeBufferPointer { traits in
            var scan = Scan(input: b, traits: traits)
            defer { scan.output.deallocate() }
            guard scan.run() else { return nil }
            let lines = ReportLines(utf8: Array(UnsafeBufferPointer(rebasing: scan.output[..<scan.written])), lineEnds: scan.ends)
            return NormalizedText(lines: lines, marks: scan.marks, looksBinary: scan.binary.looksBinary(textLength: b.count))
        }
    }

    /// The state of one pass over a text. Its output never grows past the input: a character is
    /// kept, replaced by one byte or dropped.
    private struct Scan {
        let input: UnsafeBufferPointer<UInt8>
        let traits: UnsafeBufferPointer<UInt8>
        let output: UnsafeMutableBufferPointer<UInt8>
        /// Bytes written to `output`.
        var written = 0
        /// Where each line ends in `output`, and its marks.
        var ends: [Int] = [], marks: [LineMarks] = []
        var lineStart = 0, lineMarks: LineMarks = []
        var binary = BinaryEvidence()

        init(input: UnsafeBufferPointer<UInt8>, traits: UnsafeBufferPointer<UInt8>) {
            self.input = input
            self.traits = traits
            self.output = .allocate(capacity: input.count)
            ends.reserveCapacity(input.count / 32)
            marks.reserveCapacity(input.count / 32)
        }

        /// Reads the whole input; false when it is not well-formed UTF-8.
        mutating func run() -> Bool {
            let b = input, n = b.count
            var i = 0
            while i < n {
                // Copy the run of bytes that need no change: ASCII other than controls, and the
                // well-formed three-byte characters led by E4–E9 (most of CJK), noting line marks.
                var j = i
                while j < n {
                    let step = Int(traits[Int(b[j])] & stepMask)
                    if step == 0 || step == 3 && (j + 2 >= n || b[j + 1] & 0xC0 != 0x80 || b[j + 2] & 0xC0 != 0x80) { break }
                    if step == 3, traits[Int(b[j + 2])] & mayEndMark != 0 {
                        // The character before it: in the run (as written), or the output's last
                        // (the run starts here), or ASCII (one or two bytes of the run before it).
                        let previous = j - i >= 3 ? Self.threeBytes(b, at: j - 3) : j == i ? lastWrittenCharacter() : 0
                        lineMarks.note(Self.threeBytes(b, at: j), after: previous)
                    }
                    j += step
                }
                if j > i { copy(i, j) }
                i = j
                if i >= n { break }
                let c = b[i]
                if c == 0x0A || c == 0x0D {
                    endLine()
                    if c == 0x0D, i + 1 < n, b[i + 1] == 0x0A { i += 1 }
                    i += 1
                } else if c < 0x80 {
                    // other C0 controls (form feeds from pdftotext, stray NULs) are dropped
                    binary.note(control: c, at: i)
                    i += 1
                } else if let (replacement, length) = replacement(b, at: i) {
                    if let replacement {
                        output[written] = replacement
                        written += 1
                    }
                    i += length
                } else if let length = TextDecoder.validSequenceLength(b, at: i) {
                    // A character kept as it is (mostly punctuation: ，。、), once checked.
                    if length == 3, traits[Int(b[i + 2])] & mayEndMark != 0 {
                        let previous = lastWrittenCharacter()
                        lineMarks.note(Self.threeBytes(b, at: i), after: previous)
                    }
                    copy(i, i + length)
                    i += length
                } else {
                    return false
                }
            }
            if ends.isEmpty || !(b.last == 0x0A || b.last == 0x0D) { endLine() }
            return true
        }

        /// Copies bytes `from..<to` of the input (a character byte by byte, a run at once).
        @inline(__always)
        private mutating func copy(_ from: Int, _ to: Int) {
            let source = input.baseAddress! + from, target = output.baseAddress! + written, count = to - from
            if count <= 4 {
                for k in 0..<count { target[k] = source[k] }
            } else {
                target.initialize(from: source, count: count)
            }
            written += count
        }

        /// The last three bytes written on the current line as one number (0 if fewer).
        @inline(__always)
        private func lastWrittenCharacter() -> UInt32 {
            written - lineStart >= 3 ? Self.threeBytes(UnsafeBufferPointer(output), at: written - 3) : 0
        }

        private mutating func endLine() {
            ends.append(written)
            marks.append(lineMarks.finished(line: UnsafeBufferPointer(rebasing: output[lineStart..<written])))
            lineStart = written
            lineMarks = []
        }

        /// The three bytes from `k` of `bytes` as one number, e.g. 0xE5_86B5 for 况.
        @inline(__always)
        private static func threeBytes(_ bytes: UnsafeBufferPointer<UInt8>, at k: Int) -> UInt32 {
            UInt32(bytes[k]) << 16 | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2])
        }
    }

    /// What the scan needs to know of each byte value: how far it steps over a byte that starts
    /// nothing the normaliser changes or checks (`stepMask`): 3 over the lead of a common CJK
    /// character (E4–E9, three bytes when well-formed), 1 over ASCII but controls (tab aside); 0
    /// for a byte to look at closely: line ends and other controls, and every other byte past
    /// ASCII (the characters it maps, and those it checks one by one). And whether a three-byte
    /// character ending in the byte may be a line mark (`mayEndMark`), to be looked at closely too.
    private static let byteTraits: [UInt8] = (0...255).map { c in
        let step: UInt8 = c < 0x20 ? (c == 0x09 ? 1 : 0) : c >= 0xE4 && c <= 0xE9 ? 3 : c < 0x80 ? 1 : 0
        return step | (LineMarks.mayMark(lastByte: UInt8(c)) ? mayEndMark : 0)
    }
    private static let stepMask: UInt8 = 0x03
    private static let mayEndMark: UInt8 = 0x80

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

/// A report's text as the normaliser leaves it, with what its pass noted on the way.
struct NormalizedText {
    let lines: ReportLines
    /// Each line's marks.
    let marks: [LineMarks]
    /// Whether the text looks like binary data (as `TextDecoder` tests it).
    let looksBinary: Bool
}
