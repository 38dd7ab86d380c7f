/// The characters, noted by the normaliser as it reads each line, that tell the section and
/// metadata readers which lines to look at: most lines hold none of them, and a scan of every
/// line for each reader costs more than the reading itself.
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

    /// While a line is read: 年 seen.
    private static let yearCharacter = LineMarks(rawValue: 1 << 6)
    /// While a line is read: 〇 or 零 seen.
    private static let chineseZero = LineMarks(rawValue: 1 << 7)

    /// Whether a three-byte character with this last byte may be marked: most are ruled out by it.
    @inline(__always)
    static func mayMark(lastByte: UInt8) -> Bool { markedLastBytes[Int(lastByte)] }

    private static let markedLastBytes: [Bool] = (0...255).map { [0xB5, 0xB9, 0x98, 0xAE, 0xA1, 0x9A, 0xB4, 0x87, 0xB6].contains($0) }

    /// Notes the three-byte character `character` (its bytes as one number, e.g. 0xE5_86B5 for 况),
    /// which follows `previous` (the same for the character before it on the line, or 0).
    @inline(__always)
    mutating func note(_ character: UInt32, after previous: UInt32) {
        switch character {
        case 0xE5_86B5, 0xE9_A1B9, 0xE9_A298, 0xE8_AEAE: insert(.headingAnchor)     // 况 项 题 议
        case 0xE8_AEA1 where previous == 0xE7_BB9F: insert(.statistics)              // 统计
        case 0xE5_AE9A where previous == 0xE6_A0B8: insert(.verification)            // 核定
        case 0xE5_B9B4: insert(.yearCharacter)                                       // 年
        case 0xE3_8087, 0xE9_9BB6: insert(.chineseZero)                              // 〇 零
        default: break
        }
    }

    /// The marks of a line once read, given its bytes: 年 and a digit make `mayHoldYear` (Arabic
    /// digits are looked for only in a line with 年).
    func finished(line: UnsafeBufferPointer<UInt8>) -> LineMarks {
        var marks = subtracting([.yearCharacter, .chineseZero])
        if contains(.yearCharacter), contains(.chineseZero) || line.contains(where: { $0 &- 0x30 < 10 }) {
            marks.insert(.mayHoldYear)
        }
        return marks
    }
}
