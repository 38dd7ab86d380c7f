import GKModel

/// A row whose numbers were damaged in the text: cells run together (`801000081` for seven columns) or a
/// number broken over cells (`1` `2` for 12). Its readings are the ways to cut or join its digits into the
/// row's columns that keep the table's row identities (each group's last column is the sum of the others).
/// Only rows with fewer or more numbers than columns, every one written as plain digits, are looked at.
struct DamagedRow {
    /// The row's number cells, in order.
    let fragments: [RawCell]
    let damage: RowRepair.Damage
    /// The digits of all fragments, one after another (values 0–9).
    private let digits: [UInt8]
    /// For each digit, its fragment.
    private let fragmentOf: [Int]
    /// For each fragment, where its first digit is in `digits`.
    private let starts: [Int]
    let columns: Int

    /// The most readings looked for; past it the row counts as ambiguous without the table deciding.
    static let maximumReadings = 1_000
    /// The most cuts tried, so that a long string of digits costs a bounded time.
    private static let maximumSteps = 200_000
    /// The longest number a reading may hold (more would be no count, and sums stay far from overflowing).
    private static let longestNumber = 9

    /// The row's value slots if they are damaged and can be read again: fewer than `columns` numbers that
    /// hold at least `columns` digits (one of them more than one digit), or more than `columns` numbers.
    init?(slots: ArraySlice<RawCell>, columns: Int, text: TableText) {
        var occupied = 0
        for cell in slots where cell.occupiesSlot { occupied += 1 }
        guard occupied != columns, occupied > 0 else { return nil }
        var fragments: [RawCell] = [], digits: [UInt8] = [], fragmentOf: [Int] = [], starts: [Int] = []
        var longest = 0
        for cell in slots where cell.occupiesSlot {
            guard cell.kind == .number else { return nil }
            let plain = text.withBytes(cell.span) { b in
                !b.isEmpty && b.allSatisfy { $0 &- 0x30 < 10 } ? b.map { $0 - 0x30 } : nil
            }
            guard let plain else { return nil }
            starts.append(digits.count)
            digits += plain
            fragmentOf += Array(repeating: fragments.count, count: plain.count)
            fragments.append(cell)
            longest = max(longest, plain.count)
        }
        if occupied < columns {
            guard digits.count >= columns, longest > 1 else { return nil }
            damage = .runTogether
        } else {
            damage = .broken
        }
        self.fragments = fragments
        self.digits = digits
        self.fragmentOf = fragmentOf
        self.starts = starts
        self.columns = columns
    }

    /// Whether the row's numbers cannot be its cells as written: one has a leading zero (`012`) or more
    /// digits than any cell of these tables plausibly holds. Only then is a row no reading fits called
    /// unreadable; otherwise it may simply have blank cells or a number too many, and is read as usual.
    var isEvidentlyDamaged: Bool {
        fragments.indices.contains { index in
            let end = index + 1 < starts.count ? starts[index + 1] : digits.count
            return end - starts[index] > Self.longestPlausibleNumber || (end - starts[index] > 1 && digits[starts[index]] == 0)
        }
    }

    /// No cell of tables 2 and 3 plausibly holds a number of more digits (100,000 applications or cases).
    private static let longestPlausibleNumber = 5

    /// The row's numbers as written, separated by spaces.
    func written(_ text: TableText) -> String { fragments.map(text.string).joined(separator: " ") }

    /// A reading: where each column's digits start and end in `digits`.
    typealias Reading = [Range<Int>]

    /// The readings that keep the identities of `groups` (column counts, in order, summing to `columns`: in
    /// each, the last column is the sum of the others); `complete` is false when there were more than
    /// `maximumReadings` or the search was cut short.
    func readings(groups: [Int]) -> (readings: [Reading], complete: Bool) {
        // Which column closes a group.
        var closes = [Bool](repeating: false, count: columns), end = 0
        for size in groups {
            end += size
            closes[end - 1] = true
        }
        var result: [Reading] = [], reading: Reading = [], steps = 0, complete = true
        // Cut inside a fragment only when run together; join fragments only when broken.
        let cutsInside = damage == .runTogether
        func search(from start: Int, sum: Int) {
            guard complete else { return }
            let column = reading.count
            if column == columns {
                if start == digits.count {
                    if result.count == Self.maximumReadings { complete = false } else { result.append(reading) }
                }
                return
            }
            let left = columns - column - 1
            var value = 0
            var stop = start
            while stop < digits.count {
                steps += 1
                if steps > Self.maximumSteps { complete = false; return }
                // A piece may not run past its fragment (run together) and must end with one (broken).
                if cutsInside, stop > start, fragmentOf[stop] != fragmentOf[start] { break }
                value = value * 10 + Int(digits[stop])
                stop += 1
                if stop - start > Self.longestNumber || (stop - start > 1 && digits[start] == 0) { break }
                if !cutsInside, stop < digits.count, fragmentOf[stop] == fragmentOf[stop - 1] { continue }
                if digits.count - stop < left { break }
                if left == 0, stop != digits.count { continue }
                if closes[column] {
                    // A longer piece is only larger.
                    if value > sum { break }
                    if value < sum { continue }
                    reading.append(start..<stop)
                    search(from: stop, sum: 0)
                } else {
                    reading.append(start..<stop)
                    search(from: stop, sum: sum + value)
                }
                reading.removeLast()
            }
        }
        search(from: 0, sum: 0)
        return (result, complete)
    }

    /// The values of a reading.
    func values(_ reading: Reading) -> [Int] {
        reading.map { piece in digits[piece].reduce(0) { $0 * 10 + Int($1) } }
    }

    /// The cells of a reading: pieces of the fragments (run together) or fragments joined (broken).
    func cells(_ reading: Reading, text: inout TableText) -> [RawCell?] {
        reading.map { piece -> RawCell? in
            let first = fragmentOf[piece.lowerBound], last = fragmentOf[piece.upperBound - 1]
            let cell = fragments[first]
            if first == last {
                let offset = cell.span.lowerBound + piece.lowerBound - starts[first]
                return text.cell(offset..<(offset + piece.count), line: cell.line)
            }
            let joined = text.join(fragments[first...last].map(\.span))
            return text.cell(joined, line: cell.line)
        }
    }
}

/// A damaged row read again for the table reader: its readings as placements for `CandidateResolver`,
/// and, once the table's identities have chosen, the repair and the note to record.
struct RowRecovery {
    let row: DamagedRow
    /// The row's numbers as written.
    let written: String
    /// The values of every reading found.
    let readings: [[Int]]
    /// Past `DamagedRow.maximumReadings` (or the search cut short): ambiguous whatever the table says.
    let tooMany: Bool
    /// Whether the row is reported as damaged whatever the resolver chooses among its usual placements:
    /// readings were found, or its numbers cannot be its cells as written.
    var explainsRow: Bool { tooMany || !readings.isEmpty || (row.damage == .runTogether && row.isEvidentlyDamaged) }

    /// The readings as placements, for the resolver to choose from before the row's usual placements
    /// (none when there are too many).
    let options: [[RawCell?]]

    /// The readings of `row` under the identities of `groups` (see `DamagedRow.readings`).
    init(_ row: DamagedRow, groups: [Int], text: inout TableText) {
        self.row = row
        written = row.written(text)
        let (found, complete) = row.readings(groups: groups)
        readings = found.map(row.values)
        tooMany = !complete
        options = complete ? found.map { row.cells($0, text: &text) } : []
    }

    /// The repair and note for the row (`rowID`, labelled `label`, on `line`) given the resolver's choice
    /// among the readings followed by the row's usual placements; nil when the row is read as usual: a usual
    /// placement is chosen (the numbers fit the columns as written), or the usual placements alone tie or
    /// none fits and the numbers show no damage (`explainsRow`).
    func outcome(_ choice: CandidateResolver.Choice, rowID: String, label: String, line: Int) -> (RowRepair, ParseNote)? {
        let (damaged, reread) = row.damage.wording
        let head = "“\(label)”一行的\(damaged)（\(written)）"
        func repair(_ outcome: RowRepair.Outcome, values: [Int] = [], candidates: [[Int]] = [], count: Int) -> RowRepair {
            RowRepair(row: rowID, line: line, written: written, damage: row.damage, outcome: outcome, values: values,
                      candidates: Array(candidates.prefix(RowRepair.maximumCandidates)), candidateCount: count)
        }
        func ambiguous(_ candidates: [[Int]]) -> (RowRepair, ParseNote) {
            let listed = candidates.prefix(RowRepair.maximumCandidates).map { $0.map(String.init).joined(separator: "、") }
                .joined(separator: "；") + (candidates.count > RowRepair.maximumCandidates ? "……" : "")
            let count = tooMany ? "超过 \(candidates.count)" : "\(candidates.count)"
            return (repair(.ambiguous, candidates: candidates, count: candidates.count),
                    ParseNote(line: line, message: "\(head)，有 \(count) 种\(reread)方式都符合表内勾稽关系（\(listed)），整行按缺失处理"))
        }
        let unreadable = (repair(.unreadable, count: 0),
                          ParseNote(line: line, message: "\(head)，没有符合表内勾稽关系的\(reread)方式，整行按缺失处理"))
        switch choice {
        case .placed(let cells):
            // A reading fills every column; a usual placement of a row with fewer numbers does not.
            guard !tooMany, !readings.isEmpty, cells.allSatisfy({ $0 != nil }) else { return nil }
            let values = readings.first { reading in zip(reading, cells).allSatisfy { value, cell in
                if case .integer(value)? = cell?.number { return true } else { return false }
            } } ?? []
            return (repair(.recovered, values: values, count: 1),
                    ParseNote(line: line, message: "\(head)，已按表内勾稽关系\(reread)为 " + values.map(String.init).joined(separator: "、")))
        case .ambiguous(let best):
            if tooMany { return ambiguous(readings) }
            let tied = best.filter { $0 < readings.count }.map { readings[$0] }
            if !tied.isEmpty { return ambiguous(tied) }
            // Readings that lost to the usual placements say nothing; no reading at all does, if the numbers show damage.
            return readings.isEmpty && explainsRow ? unreadable : nil
        case .none:
            if tooMany { return ambiguous(readings) }
            return explainsRow ? unreadable : nil
        }
    }
}

extension RowRepair.Damage {
    /// How a note says what happened to the row and what was done: `数字连在一起` / `拆分`, `数字被拆开` / `合并`.
    var wording: (damaged: String, reread: String) {
        switch self {
        case .runTogether: return ("数字连在一起", "拆分")
        case .broken: return ("数字被拆开", "合并")
        }
    }
}
