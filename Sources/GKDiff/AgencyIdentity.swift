import GKModel
import GKParse

/// Who a report belongs to, for pairing an agency's years: a comparison key that ignores spacing,
/// full-width forms, brackets and punctuation, and a leading place name written twice
/// (`济宁市济宁市兖州区卫生健康局` is `济宁市兖州区卫生健康局`).
public enum AgencyIdentity {
    public static func key(_ name: String) -> String {
        var key = LabelText.keyKeepingNumbering(name)
        while let repeated = repeatedPlacePrefix(key) { key.removeFirst(repeated) }
        return key
    }

    /// The length of a place name (2–8 characters ending in 省/市/区/县/州/盟/旗) that the key starts with twice.
    private static func repeatedPlacePrefix(_ key: String) -> Int? {
        let characters = Array(key)
        for length in 2...8 where 2 * length <= characters.count {
            guard "省市区县州盟旗".contains(characters[length - 1]) else { continue }
            if characters[0..<length] == characters[length..<2 * length] { return length }
        }
        return nil
    }
}
