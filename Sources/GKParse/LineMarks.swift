/// The characters, found in one pass over each line, that tell the section and metadata readers
/// which lines to look at: most lines hold none of them, and a scan of every line for each reader
/// costs more than the reading itself.
struct LineMarks: OptionSet {
    let rawValue: UInt8

    /// 况, 项, 题 or 议: every section heading phrase holds one of them.
    static let headingAnchor = LineMarks(rawValue: 1 << 0)
    /// 统计, which introduces the statistical period.
    static let statistics = LineMarks(rawValue: 1 << 1)
    /// 核定, before the date the figures were verified on.
    static let verification = LineMarks(rawValue: 1 << 2)
    /// 年 and a digit (Arabic, or the 〇 or 零 of a year in Chinese numerals): a line without both
    /// holds no year (as `DateScanner` tests).
    static let mayHoldYear = LineMarks(rawValue: 1 << 3)

    /// The marks of each line, in order.
    static func of(_ lines: [String]) -> [LineMarks] {
        markedLastBytes.withUnsafeBufferPointer { markedLastBytes in
            lines.map { line in
                var line = line
                return line.withUTF8 { marks(ofUTF8: $0, markedLastBytes: markedLastBytes) }
            }
        }
    }

    /// The last bytes of the marked characters: most characters are ruled out by it at once.
    private static let markedLastBytes: [Bool] = (0...255).map { [0xB5, 0xB9, 0x98, 0xAE, 0x9F, 0xB8, 0xB4, 0x87, 0xB6].contains($0) }

    /// One pass over a line's characters (valid UTF-8), comparing the three-byte ones whole.
    private static func marks(ofUTF8 b: UnsafeBufferPointer<UInt8>, markedLastBytes: UnsafeBufferPointer<Bool>) -> LineMarks {
        var marks: LineMarks = []
        var year = false, digit = false
        var i = 0
        /// The three bytes from `k` as one number, e.g. 0xE5_86B5 for 况.
        func threeBytes(at k: Int) -> UInt32 { UInt32(b[k]) << 16 | UInt32(b[k + 1]) << 8 | UInt32(b[k + 2]) }
        while i < b.count {
            let c = b[i]
            if c < 0x80 {
                if c &- 0x30 < 10 { digit = true }
                i += 1
                continue
            }
            guard c & 0xF0 == 0xE0, i + 2 < b.count else {
                i += utf8SequenceLength(c)
                continue
            }
            if markedLastBytes[Int(b[i + 2])] {
                switch threeBytes(at: i) {
                case 0xE5_86B5, 0xE9_A1B9, 0xE9_A298, 0xE8_AEAE: marks.insert(.headingAnchor)      // 况 项 题 议
                case 0xE7_BB9F where i + 5 < b.count && threeBytes(at: i + 3) == 0xE8_AEA1:           // 统计
                    marks.insert(.statistics)
                case 0xE6_A0B8 where i + 5 < b.count && threeBytes(at: i + 3) == 0xE5_AE9A:           // 核定
                    marks.insert(.verification)
                case 0xE5_B9B4: year = true                                                          // 年
                case 0xE3_8087, 0xE9_9BB6: digit = true                                              // 〇 零
                default: break
                }
            }
            i += 3
        }
        if year && digit { marks.insert(.mayHoldYear) }
        return marks
    }
}
