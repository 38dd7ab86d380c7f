import Foundation
import GKModel

/// How a standard row is recognised by its label: the exact standard wording, distinctive phrases,
/// and (for typos) similarity to the standard wording. All in `LabelText.key` form. A class, built
/// once per schema row: the aligner reads each matcher for every row of the text, and a struct
/// of five arrays would be retained and released field by field on each read.
final class RowMatcher: Sendable {
    let row: RowSpec
    /// Keys the row's own label may equal (the standard leaf and accepted variants).
    let exact: [LabelKey]
    /// Phrases only this row's label contains.
    let phrases: [LabelKey]
    /// Each phrase's `LabelText.characterMask`, to rule out most keys without a search.
    private let phraseMasks: [UInt64]

    /// Character bigrams of the standard wording, for wrapped labels with other text interleaved.
    let bigrams: [UInt64]
    /// Sorted bigrams of each exact key, for similarity to a mistyped label.
    let exactBigrams: [[UInt64]]

    /// The key of the standard wording.
    var standardKey: LabelKey { exact[0] }

    init(row: RowSpec, variants: [String] = [], phrases: [String]) {
        self.row = row
        self.exact = [LabelText.labelKey(row.label)] + variants.map(LabelText.labelKey)
        self.phrases = phrases.map(LabelText.labelKeyKeepingNumbering)
        self.phraseMasks = self.phrases.map(LabelText.characterMask)
        self.bigrams = Array(Set(LabelText.bigramList(exact[0]))).sorted()
        self.exactBigrams = exact.map(LabelText.bigramList)
    }

    /// `LabelText.similarity` of the key of text given as UTF-8 bytes to the standard wording's key
    /// (made in temporary buffers).
    func similarity(toKeyOf b: UnsafeBufferPointer<UInt8>) -> Double {
        LabelText.withKey(of: b) { key in
            let standard = standardKey
            if key.count == standard.count, standard.withUnsafeBufferPointer({ key.isEmpty || memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
                return 1
            }
            return LabelText.withSortedBigrams(of: key) { bigrams in
                exactBigrams[0].withUnsafeBufferPointer { LabelText.dice(bigrams, $0) }
            }
        }
    }

    /// How well a row of the text fits this row, 0 when it does not. The row's own label counts
    /// most; joined with the label-only lines around it (a label wrapped around its numbers, as
    /// PDF text puts it) a little less.
    func score(_ row: RowLabels) -> Int {
        // A row without numbers (a blank row, or a fragment of a wrapped label) counts only when
        // its own label reads as the standard one.
        guard row.hasNumbers else { return ownScore(row) }
        var best = strongScore(row)
        if best >= 75 { return best }
        if !row.leafBigrams.isEmpty {
            // A mistyped label.
            var similarity = 0.0
            for exact in exactBigrams { similarity = max(similarity, LabelText.dice(row.leafBigrams, exact)) }
            if similarity >= 0.6 { best = max(best, Int(similarity * 70)) }
        }
        if bigrams.count >= 3, !row.aroundBigrams.isEmpty {
            // Most of the standard wording's bigrams among the lines around: a label wrapped
            // over lines with fragments of the merged group cell in between.
            let recall = Double(LabelText.sharedCount(bigrams, row.aroundBigrams)) / Double(bigrams.count)
            if recall >= 0.75 { best = max(best, Int(recall * 60)) }
        }
        if best == 0, !row.context.isEmpty, containsPhrase(row.context, mask: row.contextMask) { return 40 }
        return best
    }

    /// The score from the row's own label alone: its exact wording or a distinctive phrase.
    func ownScore(_ row: RowLabels) -> Int {
        guard !row.leafKey.isEmpty else { return 0 }
        if exact.contains(row.leafKey) { return 100 }
        return containsPhrase(row.leafKey, mask: row.leafMask) ? 75 : 0
    }

    /// The score from the exact wording or a distinctive phrase, in the row's own label or
    /// joined with the label-only lines around it; 0 when neither is there.
    func strongScore(_ row: RowLabels) -> Int {
        var best = ownScore(row)
        if best == 100 { return best }
        for join in row.joinedKeys {
            if exact.contains(join.key) { best = max(best, 100 - join.penalty) }
            if containsPhrase(join.key, mask: join.mask) { best = max(best, 75 - join.penalty) }
        }
        return best
    }

    /// Whether the key (with its `LabelText.characterMask`) holds one of the row's distinctive phrases.
    private func containsPhrase(_ key: LabelKey, mask: UInt64) -> Bool {
        for index in phrases.indices where phraseMasks[index] & ~mask == 0 && LabelText.includes(key, phrases[index]) {
            return true
        }
        return false
    }
}

/// A table's row matchers, in schema order, with their exact keys indexed by length.
final class RowMatcherSet: Sendable {
    let matchers: [RowMatcher]
    /// Each exact key with its matcher's index, by the key's length in bytes, in matcher order.
    private let exactByLength: [[(matcher: Int, key: LabelKey)]]

    init(_ matchers: [RowMatcher]) {
        self.matchers = matchers
        let longest = matchers.flatMap(\.exact).map(\.count).max() ?? 0
        var exactByLength = [[(matcher: Int, key: LabelKey)]](repeating: [], count: longest + 1)
        for (index, matcher) in matchers.enumerated() {
            for key in matcher.exact { exactByLength[key.count].append((index, key)) }
        }
        self.exactByLength = exactByLength
    }

    /// The first matcher whose row reads exactly `key` (one lookup instead of a pass over all), and
    /// the exact key it matched.
    func exactMatch(_ key: UnsafeBufferPointer<UInt8>) -> (matcher: Int, key: LabelKey)? {
        guard !key.isEmpty, key.count < exactByLength.count else { return nil }
        for candidate in exactByLength[key.count] where candidate.key.withUnsafeBufferPointer({ memcmp($0.baseAddress!, key.baseAddress!, key.count) == 0 }) {
            return candidate
        }
        return nil
    }
}

/// The recognisers of every standard row, by table and format.
enum RowMatchers {
    /// The matchers of a table, built once.
    static func matchers(for table: TableID, format: FormatVersion) -> RowMatcherSet {
        switch (table, format) {
        case (.disclosure, .v2021): return disclosure2021
        case (.disclosure, .v2019): return disclosure2019
        case (.applications, .v2021): return applications2021
        case (.applications, .v2019): return applications2019
        case (.reviewLitigation, .v2021): return review2021
        case (.reviewLitigation, .v2019): return review2019
        }
    }

    private static let disclosure2021 = build(.disclosure, .v2021)
    private static let disclosure2019 = build(.disclosure, .v2019)
    private static let applications2021 = build(.applications, .v2021)
    private static let applications2019 = build(.applications, .v2019)
    private static let review2021 = build(.reviewLitigation, .v2021)
    private static let review2019 = build(.reviewLitigation, .v2019)

    private static func build(_ table: TableID, _ format: FormatVersion) -> RowMatcherSet {
        RowMatcherSet(Schema.table(table, format: format).rows.map { row in
            let hints = hintsByRow[row.id] ?? ([], [])
            var variants = hints.variants
            if format == .v2019, row.id == "other_misc" { variants = ["其他处理", "其他"] }
            return RowMatcher(row: row, variants: variants, phrases: hints.phrases)
        })
    }

    /// Accepted variants of the wording and distinctive phrases, by row ID.
    private static let hintsByRow: [String: (variants: [String], phrases: [String])] = [
        "regulations": (["规章"], []),
        "normative_documents": (["规范性文件", "行政规范性文件"], ["规范性文件"]),
        "licensing": ([], ["行政许可"]),
        "other_services": ([], ["其他对外管理服务", "对外管理服务"]),
        "punishment": ([], ["行政处罚"]),
        "coercion": ([], ["行政强制"]),
        "fees": (["行政事业性收费"], ["事业性收费"]),
        "procurement": (["政府集中采购"], ["集中采购"]),
        "new": (["本年新收政府信息公开申请数量"], ["本年新收", "新收政府信息", "新收"]),
        "carried_in": ([], ["上年结转"]),
        "granted": ([], ["予以公开"]),
        "partial": (["部分公开"], ["部分公开"]),
        "denied_secret": ([], ["国家秘密"]),
        "denied_law": ([], ["法律行政法规禁止", "行政法规禁止"]),
        "denied_safety": ([], ["三安全一稳定", "危及三安全"]),
        "denied_third_party": ([], ["第三方合法权益", "保护第三方"]),
        "denied_internal": ([], ["内部事务"]),
        "denied_process": ([], ["过程性信息", "四类过程"]),
        "denied_enforcement": ([], ["执法案卷"]),
        "denied_inquiry": ([], ["行政查询", "查询事项"]),
        "unavailable_not_held": ([], ["不掌握"]),
        "unavailable_needs_creation": ([], ["另行制作", "没有现成"]),
        "unavailable_unclear": ([], ["仍不明确", "补正后申请"]),
        "rejected_petition": ([], ["信访举报", "举报投诉", "信访"]),
        "rejected_duplicate": ([], ["重复申请"]),
        "rejected_publication": ([], ["出版物"]),
        "rejected_abusive": ([], ["大量反复"]),
        "rejected_confirmation": ([], ["重新出具", "确认或重新", "已获取信息"]),
        "other_no_supplement": ([], ["逾期不补正", "不补正"]),
        "other_no_fee": ([], ["收费通知", "缴纳费用"]),
        "other_misc": (["其他"], []),
        "outcome_total": (["总计", "合计"], []),
        "carried_over": ([], ["结转下年", "下年度继续办理", "继续办理"]),
        "review": (["行政复议"], ["行政复议"]),
        "litigation_direct": ([], ["未经复议", "直接起诉"]),
        "litigation_after_review": ([], ["复议后起诉"]),
    ]
}

/// The label keys of a table's rows, computed when first asked for.
final class RowKeys {
    private let rows: [RawRow]
    /// The text the rows' cells are in.
    let text: TableText
    private let labelOnly: [Bool]
    private var cache: [LabelKey?]

    init(_ rows: [RawRow], text: TableText) {
        self.rows = rows
        self.text = text
        self.labelOnly = rows.map { !$0.hasNumbers && $0.hasLabel }
        self.cache = Array(repeating: nil, count: rows.count)
    }

    /// The keys of every label cell of row `index`, joined.
    func key(_ index: Int) -> LabelKey {
        if let key = cache[index] { return key }
        var key = LabelKey()
        for cell in rows[index].labelCells { key += text.withBytes(cell.span, LabelText.labelKey) }
        cache[index] = key
        return key
    }

    /// The keys of up to four label-only rows next to row `index` (above: step −1; below: +1), in reading order.
    func neighbours(_ index: Int, step: Int) -> LabelKey {
        var parts: [LabelKey] = []
        var k = index + step
        while k >= 0, k < rows.count, labelOnly[k], parts.count < 4 {
            parts.append(key(k))
            k += step
        }
        return Array((step < 0 ? parts.reversed() : parts).joined())
    }
}

/// A row of the text that may be a standard row.
final class LabelledRow {
    let raw: RawRow
    /// Where the row's own label (last numbered part of its last label cell) is, and its line.
    let leafSpan: (span: Range<Int>, line: Int)?
    /// The standard row whose wording (or accepted variant) the leaf reads exactly, and that key.
    let exactHit: (matcher: Int, key: LabelKey)?
    private let keys: RowKeys
    private let index: Int

    init(raw: RawRow, leaf: (span: Range<Int>, line: Int)?, exactHit: (matcher: Int, key: LabelKey)?, keys: RowKeys, index: Int) {
        self.raw = raw
        self.leafSpan = leaf
        self.exactHit = exactHit
        self.keys = keys
        self.index = index
    }

    /// Whether the row has a label of its own.
    var hasLeaf: Bool { leafSpan != nil }

    /// The row's own label as written.
    private(set) lazy var leaf: WrittenLabel? = leafSpan.map { leaf in
        WrittenLabel(keys.text.withBytes(leaf.span) { String(decoding: $0, as: UTF8.self) }, line: leaf.line)
    }

    /// The row's own label, as `leaf`; when written exactly as `standard`, that string itself (shared, not copied).
    func leaf(reusing standard: String) -> WrittenLabel? {
        guard let leafSpan else { return nil }
        var standard = standard
        let isStandard = standard.withUTF8 { s in
            keys.text.withBytes(leafSpan.span) { $0.count == s.count && (s.isEmpty || memcmp($0.baseAddress!, s.baseAddress!, s.count) == 0) }
        }
        return isStandard ? WrittenLabel(standard, line: leafSpan.line) : leaf
    }

    /// What the matchers read of the row (its labels' keys and bigrams).
    func labels() -> RowLabels {
        let leafKey = exactHit?.key
            ?? leafSpan.map { leaf in keys.text.withBytes(leaf.span) { LabelText.labelKey(of: $0) } } ?? []
        // A row without numbers is read by its own label alone.
        guard raw.hasNumbers else { return RowLabels(hasNumbers: false, leafKey: leafKey, leafMask: LabelText.characterMask(leafKey)) }
        // The label-only rows just above and just below (a wrapped label's other lines), and every label cell of the row.
        let above = keys.neighbours(index, step: -1), below = keys.neighbours(index, step: 1), context = keys.key(index)
        var joinedKeys: [RowLabels.Join] = []
        if !above.isEmpty { joinedKeys.append(.init(above + leafKey, penalty: 5)) }
        if !below.isEmpty { joinedKeys.append(.init(leafKey + below, penalty: 5)) }
        if !above.isEmpty && !below.isEmpty { joinedKeys.append(.init(above + leafKey + below, penalty: 10)) }
        var around = LabelText.bigramList(above + context + below)
        around.removeDuplicatesOfSorted()
        return RowLabels(hasNumbers: true, leafKey: leafKey, leafMask: LabelText.characterMask(leafKey), joinedKeys: joinedKeys,
                         leafBigrams: LabelText.bigramList(leafKey), aroundBigrams: around, context: context,
                         contextMask: LabelText.characterMask(context))
    }
}

/// What the matchers read of a row of the text, made once for all of them: plain arrays, not a
/// class's lazy properties, which each of the many matcher–row pairs would retain and release.
struct RowLabels {
    /// The leaf joined with label-only lines around it, and what the join costs a score.
    struct Join {
        let key: LabelKey
        let mask: UInt64
        let penalty: Int

        init(_ key: LabelKey, penalty: Int) {
            self.key = key
            self.mask = LabelText.characterMask(key)
            self.penalty = penalty
        }
    }

    let hasNumbers: Bool
    /// `LabelText.key` of the row's own label (leaf), and its `LabelText.characterMask`.
    let leafKey: LabelKey
    let leafMask: UInt64
    /// The leaf joined with the lines above, below, and both.
    var joinedKeys: [Join] = []
    /// Sorted bigrams of the leaf key.
    var leafBigrams: [UInt64] = []
    /// Bigrams of the lines above, the row's label cells and the lines below, sorted, each once.
    var aroundBigrams: [UInt64] = []
    /// Keys of every label cell of the row, and their `LabelText.characterMask`.
    var context: LabelKey = []
    var contextMask: UInt64 = 0
}

extension Array where Element: Equatable {
    /// Removes repeated elements of a sorted array, keeping one of each.
    mutating func removeDuplicatesOfSorted() {
        guard count > 1 else { return }
        var kept = 1
        for index in 1..<count where self[index] != self[kept - 1] {
            self[kept] = self[index]
            kept += 1
        }
        removeLast(count - kept)
    }
}

/// Assigns rows of the text to standard rows, in order, maximising the total match score
/// (an alignment, so a header that happens to read 总计 cannot take the place of （七）总计).
enum RowAligner {
    static let minimumScore = 35

    /// Index into `rows` for each matcher, nil when no row fits.
    static func align(_ rows: [LabelledRow], to matcherSet: RowMatcherSet) -> [Int?] {
        let matchers = matcherSet.matchers
        let n = rows.count, m = matchers.count
        guard n > 0, m > 0 else { return Array(repeating: nil, count: m) }
        // Row-major n × m scores and (n + 1) × (m + 1) best totals, in one buffer.
        let width = m + 1
        var result = [Int?](repeating: nil, count: m)
        withUnsafeTemporaryAllocation(of: Int32.self, capacity: n * m + (n + 1) * width) { buffer in
            let scores = UnsafeMutableBufferPointer(rebasing: buffer[..<(n * m)])
            let best = UnsafeMutableBufferPointer(rebasing: buffer[(n * m)...])
            scores.initialize(repeating: 0)
            // Only the last row and column of `best` are read before they are written.
            for j in 0...m { best[n * width + j] = 0 }
            for i in 0..<n { best[i * width + m] = 0 }
            for i in 0..<n {
                let row = rows[i]
                // A label in the standard wording is that row: the other rows only get what its own
                // label says (no joins with neighbours, no fuzzy matching).
                // (Its score is 100: the wording is one of the row's exact keys.)
                if let exactHit = row.exactHit?.matcher {
                    scores[i * m + exactHit] = row.raw.hasNumbers ? 110 : 100
                    continue
                }
                let labels = row.labels()
                for j in 0..<m {
                    var s = matchers[j].score(labels)
                    if s >= minimumScore, row.raw.hasNumbers { s += 10 }
                    scores[i * m + j] = Int32(s >= minimumScore ? s : 0)
                }
            }
            // best(i, j): the best total using rows[i...] and matchers[j...].
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    var value = max(best[(i + 1) * width + j], best[i * width + j + 1])
                    let score = scores[i * m + j]
                    if score > 0 { value = max(value, score + best[(i + 1) * width + j + 1]) }
                    best[i * width + j] = value
                }
            }
            var i = 0, j = 0
            while i < n && j < m {
                let score = scores[i * m + j]
                if score > 0 && best[i * width + j] == score + best[(i + 1) * width + j + 1] {
                    result[j] = i
                    i += 1
                    j += 1
                } else if best[i * width + j] == best[(i + 1) * width + j] {
                    i += 1
                } else {
                    j += 1
                }
            }
        }
        fillGaps(&result, rows: rows)
        return result
    }

    /// A standard row left unmatched between two matched ones, with exactly as many unmatched
    /// rows carrying numbers between them, takes them in order (a label too garbled to read).
    private static func fillGaps(_ result: inout [Int?], rows: [LabelledRow]) {
        var j = 0
        while j < result.count {
            guard result[j] == nil else { j += 1; continue }
            var end = j
            while end < result.count, result[end] == nil { end += 1 }
            let lower = j > 0 ? (result[j - 1] ?? -1) + 1 : 0
            let upper = end < result.count ? result[end]! : rows.count
            if j > 0, end < result.count, lower < upper {
                let candidates = (lower..<upper).filter { rows[$0].raw.hasNumbers }
                if candidates.count == end - j {
                    for (offset, index) in candidates.enumerated() { result[j + offset] = index }
                }
            }
            j = end
        }
    }
}
