import Foundation
import GKModel
import GKParse

/// The labels and units a report writes, next to the standard wording, for the structure rules.
enum WrittenLabels {
    /// The standard name of a row, with the group it sits under: `（三）不予公开 1.属于国家秘密`.
    static func rowLabel(_ row: RowSpec) -> String {
        guard let group = row.group, !group.hasPrefix("第二十条"), !group.hasPrefix("三、") else { return row.label }
        return group + " " + row.label
    }

    /// Row and column labels as written: records `{kind, id, written, standard, line}`.
    static func labels(of id: TableID, in report: Report) -> [Value] {
        let table = report.table(id)
        let standards = standardLabels[report.metadata.format.index][id]!
        var result: [Value] = []
        for (row, rowID, standard) in standards.rows {
            guard let written = table.rows[row]?.label else { continue }
            result.append(record(kind: "row", id: rowID, written: written, standard: standard))
        }
        for key in table.columnLabels.keys.sorted() {
            guard let written = table.columnLabels[key] else { continue }
            if let (columnID, standard) = standards.columns[key] {
                result.append(record(kind: "column", id: columnID, written: written, standard: standard))
            } else if let standard = standardColumnLabel(key, spec: Schema.table(id, format: report.metadata.format)) {
                result.append(record(kind: "column", id: "\(id.rawValue).\(key)", written: written, standard: withoutUnit(standard)))
            }
        }
        return result
    }

    /// A table's standard labels without their units, with their IDs (`applications.natural_person`),
    /// worked out once: each row's, and each column header's under every key the parser may record for it.
    private struct StandardLabels {
        let rows: [(row: String, id: String, standard: String)]
        let columns: [String: (id: String, standard: String)]

        init(_ spec: TableSpec) {
            let table = spec.id.rawValue
            rows = spec.rows.map { ($0.id, "\(table).\($0.id)", WrittenLabels.withoutUnit($0.label)) }
            let keys = spec.rows.flatMap { row in row.columns.map { "\(row.id).\($0.id)" } }
                + (spec.rows.first?.columns.map(\.id) ?? []) + spec.rows.map(\.id) + ["litigation"]
            var columns: [String: (id: String, standard: String)] = [:]
            for key in keys {
                if let standard = WrittenLabels.standardColumnLabel(key, spec: spec) {
                    columns[key] = ("\(table).\(key)", WrittenLabels.withoutUnit(standard))
                }
            }
            self.columns = columns
        }
    }

    /// `StandardLabels` of each table, by format (`FormatVersion.index`).
    private static let standardLabels: [[TableID: StandardLabels]] = [FormatVersion.v2021, .v2019].map { format in
        Dictionary(uniqueKeysWithValues: TableID.allCases.map { ($0, StandardLabels(Schema.table($0, format: format))) })
    }

    /// Units as written (e.g. `fees.amount` → `万元`): records `{cell, written, standard, line}`.
    static func units(of id: TableID, in report: Report) -> [Value] {
        let table = report.table(id)
        return table.units.keys.sorted().compactMap { key in
            guard let written = table.units[key] else { return nil }
            return .record([
                "cell": .string("\(id.rawValue).\(key)"),
                "written": .string(written.text),
                "standard": .string("万元"),
                "line": .number(.integer(written.line)),
            ])
        }
    }

    /// A label record. A header's unit (`（单位：万元）`) is left out of both texts (`standard` comes without
    /// it): units are `structure.unit-anomaly`'s to judge, so one wrong unit is not also a wrong label.
    private static func record(kind: String, id: String, written: WrittenLabel, standard: String) -> Value {
        .record([
            "kind": .string(kind),
            "id": .string(id),
            "written": .string(withoutUnit(written.text)),
            "standard": .string(standard),
            "line": .number(.integer(written.line)),
        ])
    }

    /// `本年收费金额（单位：万元）` → `本年收费金额`.
    static func withoutUnit(_ label: String) -> String {
        guard label.includes("单位") else { return label } // what both openers end with: most labels have none
        for opener in ["（单位", "(单位"] {
            if let offset = label.byteOffset(of: opener) {
                return String(decoding: label.utf8.prefix(offset), as: UTF8.self).trimmingCharacters(in: .whitespaces)
            }
        }
        return label
    }

    /// The standard wording of a column header the parser recorded: `regulations.repealed` (table 1),
    /// `natural_person` (table 2), `upheld`, `review` or `litigation` (table 3's headers and groups).
    private static func standardColumnLabel(_ key: String, spec: TableSpec) -> String? {
        if let dot = key.firstIndex(of: ".") {
            return spec.row(String(key[..<dot]))?.column(String(key[key.index(after: dot)...]))?.label
        }
        if let column = spec.rows.first?.column(key) { return column.label }
        if let group = spec.row(key) { return group.label }
        return spec.rows.compactMap(\.group).first { key == "litigation" && $0 == "行政诉讼" }
    }

    /// Whether a written label says the standard wording. Spacing, punctuation and numbering do not count;
    /// neither do the merged cells PDF conversion interleaves with a wrapped label (every character of the
    /// standard is still there), nor a label the page cut short (what is left of it, leaving out characters
    /// interleaved from other cells, is an unchanged part of the standard, at least half of it).
    /// A changed or missing word does: 本年度止件数 for 本年废止件数.
    static func conforms(_ written: String, to standard: String) -> Bool {
        if written == standard { return true } // the same text has the same key
        let w = LabelText.keyScalars(written), s = LabelText.keyScalars(standard)
        // A key's characters are its scalars (letters, digits, ideographs: each a character alone), and
        // equal characters are equal scalars, but for the compatibility ideographs from U+2F800 on, which
        // are canonically equal to others: keys with one of those are compared as characters.
        if w.allSatisfy({ $0 < 0x2F800 }), s.allSatisfy({ $0 < 0x2F800 }) { return keyConforms(w, to: s) }
        return keyConforms(Array(LabelText.key(written)), to: Array(LabelText.key(standard)))
    }

    /// `conforms` of the characters of two keys.
    private static func keyConforms<C: Hashable>(_ w: [C], to s: [C]) -> Bool {
        if w == s || s.isEmpty { return true }
        var counts: [C: Int] = [:]
        for c in w { counts[c, default: 0] += 1 }
        if s.allSatisfy({ c in
            counts[c, default: 0] -= 1
            return counts[c]! >= 0
        }) {
            return true
        }
        let inStandard = Set(s)
        let kept = w.filter(inStandard.contains)
        guard kept.count >= max(2, (s.count + 1) / 2), kept.count < s.count else { return false }
        return (0...(s.count - kept.count)).contains { s[$0..<$0 + kept.count].elementsEqual(kept) }
    }
}

/// Numbers as report prose writes them: Arabic (`1,026`, `3.5`) or Chinese (`两`, `十二`, `一百零五`).
enum ChineseNumber {
    private static let digits: [Character: Int] = [
        "零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
    ]
    private static let multipliers: [Character: Int] = ["十": 10, "百": 100, "千": 1000, "万": 10000]

    static func isNumeral(_ c: Character) -> Bool { digits[c] != nil || multipliers[c] != nil }

    /// The value of a whole string that is one number; nil otherwise.
    static func value(of text: String) -> Number? {
        // Plain digits, as most captures are, read directly (what the general reading below gives them).
        if !text.isEmpty, text.utf8.count < 19, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) {
            return Int(text).map(Number.integer)
        }
        // Words, as the other captures are, start with an ideograph that is no numeral (and that no mark
        // after it makes one): none of the readings below takes them.
        if let first = text.unicodeScalars.first, (0x4E00...0x9FFF).contains(first.value), !isNumeral(Character(first)) {
            return nil
        }
        var trimmed = text
        if let first = text.unicodeScalars.first, let last = text.unicodeScalars.last,
           CharacterSet.whitespaces.contains(first) || CharacterSet.whitespaces.contains(last) {
            trimmed = text.trimmingCharacters(in: .whitespaces)
        }
        if trimmed.utf8.contains(0x2C) { trimmed = trimmed.replacingOccurrences(of: ",", with: "") }
        // A number is written in ASCII: other text is read as Chinese numerals or not at all.
        if trimmed.utf8.allSatisfy({ $0 < 0x80 }), let number = Number(trimmed) { return number }
        guard !trimmed.isEmpty, trimmed.allSatisfy(isNumeral) else { return nil }
        return chinese(Array(trimmed)).map(Number.integer)
    }

    /// 十二 → 12, 一百零五 → 105, 两万三千 → 23000, 二〇二四 → 2024 (digit by digit).
    private static func chinese(_ characters: [Character]) -> Int? {
        if characters.allSatisfy({ digits[$0] != nil }), characters.count > 1 {
            return characters.reduce(0) { $0 * 10 + digits[$1]! }
        }
        var total = 0, section = 0, digit = 0
        for c in characters {
            if let d = digits[c] {
                digit = d
            } else if let m = multipliers[c] {
                if m == 10000 {
                    total += (section + digit) * m
                    section = 0
                } else {
                    section += (digit == 0 && m == 10 ? 1 : digit) * m
                }
                digit = 0
            } else {
                return nil
            }
        }
        return total + section + digit
    }

    /// Every number in the text, in order; with a unit, only the numbers the unit follows (spaces allowed).
    static func numbers(in text: String, unit: String?) -> [Number] {
        let characters = Array(text)
        var result: [Number] = []
        var i = 0
        while i < characters.count {
            let c = characters[i]
            var j = i
            if c.isASCII, c.isNumber {
                while j < characters.count, characters[j].isASCII,
                      characters[j].isNumber || ((characters[j] == "," || characters[j] == ".") && j + 1 < characters.count
                          && characters[j + 1].isASCII && characters[j + 1].isNumber) {
                    j += 1
                }
            } else if isNumeral(c) {
                while j < characters.count, isNumeral(characters[j]) { j += 1 }
            } else {
                i += 1
                continue
            }
            var k = j
            while k < characters.count, characters[k] == " " { k += 1 }
            let follows = unit.map { String(characters[k...].prefix($0.count)) == $0 } ?? true
            if follows, let number = value(of: String(characters[i..<j])) { result.append(number) }
            i = j
        }
        return result
    }
}
