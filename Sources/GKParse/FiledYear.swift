import GKModel

/// The year a corpus files a report under, read from its path: `corpus/<agency>/2024.txt`,
/// `2024年度报告.txt`, `2024/兖州区卫健局.txt`. A year is four digits (1990–2099) that no other
/// digit or ASCII letter touches, so hashes such as `e8ec6a5d…` and numbers such as `20240131` do not count.
public enum FiledYear {
    public static func from(path: String) -> Sourced<Int>? {
        var path = path
        // Read from the path's bytes: it is done for every report.
        let year: Int? = path.withUTF8 { b in
            let slash = UInt8(ascii: "/")
            /// The last path component ending at or before `end` (slashes at its end left out).
            func component(endingBefore end: Int) -> Range<Int> {
                var end = end
                while end > 0, b[end - 1] == slash { end -= 1 }
                var start = end
                while start > 0, b[start - 1] != slash { start -= 1 }
                return start..<end
            }
            let file = component(endingBefore: b.count)
            guard !file.isEmpty else { return nil }
            let stem = file.lowerBound..<(file.last { b[$0] == UInt8(ascii: ".") } ?? file.upperBound)
            let folder = component(endingBefore: file.lowerBound)
            // The file name decides; failing that, the folder it is in.
            for name in [stem, folder] where !name.isEmpty {
                switch standaloneYear(in: b, name) {
                case .one(let year): return year
                case .several: return nil
                case .none: continue
                }
            }
            return nil
        }
        return year.map { Sourced($0, source: .path, line: nil) }
    }

    enum Years: Equatable {
        case none
        case one(Int)
        case several
    }

    /// The standalone years written in `range` of the bytes (the same year twice is one).
    static func standaloneYear(in b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Years {
        func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        func isWordByte(_ c: UInt8) -> Bool { isDigit(c) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
        var found = Years.none
        var i = range.lowerBound
        while i + 4 <= range.upperBound {
            if (i..<i + 4).allSatisfy({ isDigit(b[$0]) }),
               i == range.lowerBound || !isWordByte(b[i - 1]),
               i + 4 == range.upperBound || !isWordByte(b[i + 4]) {
                let year = (i..<i + 4).reduce(0) { $0 * 10 + Int(b[$1] - 0x30) }
                if (1990...2099).contains(year) {
                    if found == .none { found = .one(year) } else if found != .one(year) { return .several }
                    i += 4
                    continue
                }
            }
            i += 1
        }
        return found
    }
}
