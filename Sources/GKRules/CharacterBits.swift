import GKParse

/// Which characters a text holds, as 256 bits set by a hash of each scalar: a text whose bits lack one
/// of a word's cannot contain the word, so the narrative checks pass most sentences over without
/// searching them for their keywords.
struct CharacterBits: Sendable, Equatable {
    private var a: UInt64 = 0, b: UInt64 = 0, c: UInt64 = 0, d: UInt64 = 0

    /// No character.
    init() {}

    /// The bits of every scalar of `text`.
    init(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count { index = insertScalar(of: bytes, at: index) }
        }
    }

    /// Every bit: what nothing is known of may hold any character.
    static let all: CharacterBits = {
        var bits = CharacterBits()
        (bits.a, bits.b, bits.c, bits.d) = (.max, .max, .max, .max)
        return bits
    }()

    /// Whether every bit of `other` is set here.
    @inline(__always)
    func contains(_ other: CharacterBits) -> Bool {
        a & other.a == other.a && b & other.b == other.b && c & other.c == other.c && d & other.d == other.d
    }

    /// Sets the bit of the scalar whose (well-formed) UTF-8 starts at `index`; returns where the next starts.
    @inline(__always)
    mutating func insertScalar(of bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let (value, width) = LabelText.scalar(bytes, index)
        let bit = (value &* 0x9E37_79B1) >> 24
        let mask: UInt64 = 1 << (UInt64(bit) & 63)
        switch bit >> 6 {
        case 0: a |= mask
        case 1: b |= mask
        case 2: c |= mask
        default: d |= mask
        }
        return index + width
    }
}
