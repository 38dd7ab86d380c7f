import GKModel

/// The year a corpus files a report under, read from its path: `corpus/<agency>/2024.txt`,
/// `2024年度报告.txt`, `2024/兖州区卫健局.txt`. A year is four digits (1990–2099) that no other
/// digit or ASCII letter touches, so hashes such as `e8ec6a5d…` and numbers such as `20240131` do not count.
public enum FiledYear {
    public static func from(path: String) -> Sourced<Int>? {
        let components = path.split(separator: "/").map(String.init)
        guard let file = components.last else { return nil }
        let stem = file.contains(".") ? String(file[..<file.lastIndex(of: ".")!]) : file
        // The file name decides; failing that, the folder it is in.
        for name in [stem, components.dropLast().last].compactMap({ $0 }) {
            let years = Set(standaloneYears(in: name))
            if years.count == 1 { return Sourced(years.first!, source: .path, line: nil) }
            if years.count > 1 { return nil }
        }
        return nil
    }

    static func standaloneYears(in name: String) -> [Int] {
        let bytes = Array(name.utf8)
        func isWordByte(_ b: UInt8) -> Bool {
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
        }
        var years: [Int] = []
        var i = 0
        while i + 4 <= bytes.count {
            let digits = bytes[i..<i + 4]
            if digits.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
               i == 0 || !isWordByte(bytes[i - 1]),
               i + 4 == bytes.count || !isWordByte(bytes[i + 4]),
               let year = Int(String(decoding: digits, as: UTF8.self)), (1990...2099).contains(year) {
                years.append(year)
                i += 4
            } else {
                i += 1
            }
        }
        return years
    }
}
