import Foundation
import GKModel
import GKParse
@testable import GKRules
import GKTestSupport
import Testing

/// Labels as written and their conformity, against the straightforward readings they replaced.
@Suite("Written labels")
struct WrittenLabelsTests {
    /// The fixture reports whose labels are read: plain, PDF-converted and varied layouts.
    static let fixtures = ["Fixtures/seeds", "Fixtures/layout", "Fixtures/variants"].flatMap { folder in
        let names = (try? FileManager.default.contentsOfDirectory(atPath: TestFiles.root.appendingPathComponent(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".txt") }.sorted().map { "\(folder)/\($0)" }
    }

    @Test("labels are the records a lookup per call gives, on the fixtures")
    func labelsAsLookedUp() throws {
        #expect(Self.fixtures.count >= 15)
        for path in Self.fixtures {
            let report = try fixtureReport(path)
            for table in TableID.allCases {
                let labels = WrittenLabels.labels(of: table, in: report).map(Self.fields)
                #expect(labels == Reference.labels(of: table, in: report).map(Self.fields), "\(path) \(table)")
            }
        }
    }

    @Test("numbers as prose writes them; words are none")
    func chineseNumbers() {
        let cases: [(String, Number?)] = [
            ("12", .integer(12)), ("1,026", .integer(1026)), (" 7", .integer(7)), ("两", .integer(2)), ("十二", .integer(12)),
            ("一百零五", .integer(105)), ("二〇二四", .integer(2024)), ("零", .integer(0)),
            // A compatibility ideograph canonically equal to 零 is read as 零.
            ("\u{F9B2}", .integer(0)), ("予以公开", nil), ("兩", nil), ("行政复议", nil), ("件", nil), ("", nil),
        ]
        for (text, expected) in cases {
            #expect(ChineseNumber.value(of: text) == expected, "\(text)")
        }
    }

    /// A record's fields as `name=value`, by name.
    static func fields(_ value: Value) -> [String] {
        guard case .record(let fields) = value else { return [value.text] }
        return fields.keys.sorted().map { "\($0)=\(fields[$0]!.text)" }
    }

    @Test("conforms answers as a reading of the keys as characters, on labels changed at random")
    func conformsAsCharacters() {
        var rng = SplitMix64(seed: 42)
        // Scalars a change may bring: ideographs of the standard, others, a compatibility ideograph (U+2F800)
        // and the one it is canonically equal to (U+4E3D), letters, digits, punctuation, spaces.
        let extra = ["\u{2F800}", "\u{4E3D}", "件", "度", "A", "1", "（", "、", " ", "：", "𠀀"]
        let standards = FormatVersion.allCases.flatMap { format in
            TableID.allCases.flatMap { Schema.table($0, format: format).rows.flatMap { [$0.label] + $0.columns.map(\.label) } }
        }
        for _ in 0..<3000 {
            let standard = rng.element(standards) + (rng.chance(0.05) ? "\u{2F800}" : "")
            var written = Array(standard)
            for _ in 0..<rng.int(in: 0...4) {
                switch rng.int(in: 0...3) {
                case 0 where !written.isEmpty: written.remove(at: rng.int(in: 0...(written.count - 1)))
                case 1 where written.count > 1: written.swapAt(rng.int(in: 0...(written.count - 1)), rng.int(in: 0...(written.count - 1)))
                case 2 where !written.isEmpty: written.removeLast(rng.int(in: 1...written.count))
                default: written.insert(contentsOf: rng.element(extra), at: rng.int(in: 0...written.count))
                }
            }
            let text = String(written)
            #expect(WrittenLabels.conforms(text, to: standard) == Reference.conforms(text, to: standard), "\(text) / \(standard)")
        }
    }
}

/// The readings `WrittenLabels` replaced: the schema looked up on every call, keys compared as characters.
private enum Reference {
    static func labels(of id: TableID, in report: Report) -> [Value] {
        let table = report.table(id)
        let spec = Schema.table(id, format: report.metadata.format)
        var result: [Value] = []
        for row in spec.rows {
            guard let written = table.rows[row.id]?.label else { continue }
            result.append(record(kind: "row", id: "\(id.rawValue).\(row.id)", written: written, standard: row.label))
        }
        for key in table.columnLabels.keys.sorted() {
            guard let written = table.columnLabels[key], let standard = standardColumnLabel(key, spec: spec) else { continue }
            result.append(record(kind: "column", id: "\(id.rawValue).\(key)", written: written, standard: standard))
        }
        return result
    }

    private static func record(kind: String, id: String, written: WrittenLabel, standard: String) -> Value {
        .record([
            "kind": .string(kind), "id": .string(id), "written": .string(withoutUnit(written.text)),
            "standard": .string(withoutUnit(standard)), "line": .number(.integer(written.line)),
        ])
    }

    private static func withoutUnit(_ label: String) -> String {
        for opener in ["（单位", "(单位"] {
            if let range = label.range(of: opener) {
                return String(label[..<range.lowerBound]).trimmingCharacters(in: .whitespaces)
            }
        }
        return label
    }

    private static func standardColumnLabel(_ key: String, spec: TableSpec) -> String? {
        if let dot = key.firstIndex(of: ".") {
            return spec.row(String(key[..<dot]))?.column(String(key[key.index(after: dot)...]))?.label
        }
        if let column = spec.rows.first?.column(key) { return column.label }
        if let group = spec.row(key) { return group.label }
        return spec.rows.compactMap(\.group).first { key == "litigation" && $0 == "行政诉讼" }
    }

    static func conforms(_ written: String, to standard: String) -> Bool {
        if written == standard { return true }
        let w = Array(LabelText.key(written)), s = Array(LabelText.key(standard))
        if w == s || s.isEmpty { return true }
        var counts: [Character: Int] = [:]
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
        return (0...(s.count - kept.count)).contains { Array(s[$0..<$0 + kept.count]) == kept }
    }
}
