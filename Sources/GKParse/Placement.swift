import Foundation
import GKModel

/// The ways a row's value cells can be placed into its columns. A row with every value present has
/// one placement; a row with values missing may have several, which the table's identities decide.
enum Placement {
    static let maximumCandidates = 200

    /// Placements of `slots` into `count` columns (nil = the column's cell is missing).
    /// Empty when the row has more values than columns. A row of more cells than columns whose values fit has
    /// blank cells that hold no column (a spacer column a converter added, as office programs' web pages have):
    /// each way of leaving out that many blanks is a candidate.
    static func candidates(slots: ArraySlice<RawCell>, count: Int, layout: TableLayout, centers: [Int]?) -> [[RawCell?]] {
        var lead = slots.startIndex
        while lead < slots.endIndex, !slots[lead].occupiesSlot { lead += 1 }
        var end = slots.endIndex
        while end > lead, !slots[end - 1].occupiesSlot { end -= 1 }
        let core = slots[lead..<end]
        if core.isEmpty { return [Array(repeating: nil, count: count)] }
        let blanks = core.map { $0.occupiesSlot ? Optional($0) : nil }
        if core.count > count { return withoutSpacers(blanks, count: count) }
        if core.count == count { return [blanks] }

        switch layout {
        case .spaceAligned:
            if let centers, centers.count == count, let placed = byPosition(Array(core), centers: centers) {
                return [placed]
            }
            return combinations(of: blanks, into: count)
        case .rowPerLine, .cellPerLine, .pipeDelimited:
            // The cells are explicit, so blanks inside the run stay where they are; only the run's
            // offset is unknown (empty cells at either end may be merged label cells, converter
            // artefacts or blank values). Every offset is a candidate; the identities decide.
            return (0...(count - core.count)).map { offset in
                var row = [RawCell?](repeating: nil, count: count)
                for (index, cell) in blanks.enumerated() { row[offset + index] = cell }
                return row
            }
        }
    }

    /// The row with `values.count - count` of its blanks left out, every way (in order, capped).
    private static func withoutSpacers(_ values: [RawCell?], count: Int) -> [[RawCell?]] {
        let blankIndices = values.indices.filter { values[$0] == nil }
        let spare = values.count - count
        guard spare <= blankIndices.count else { return [] }
        var result: [[RawCell?]] = []
        var leftOut: [Int] = []
        func choose(from start: Int) {
            if result.count >= maximumCandidates { return }
            if leftOut.count == spare {
                result.append(values.indices.filter { !leftOut.contains($0) }.map { values[$0] })
                return
            }
            guard start < blankIndices.count else { return }
            for next in start..<blankIndices.count where blankIndices.count - next >= spare - leftOut.count {
                leftOut.append(blankIndices[next])
                choose(from: next + 1)
                leftOut.removeLast()
            }
        }
        choose(from: 0)
        return result
    }

    /// Each value into the column whose centre is nearest, if that keeps them in order.
    private static func byPosition(_ core: [RawCell], centers: [Int]) -> [RawCell?]? {
        var row = [RawCell?](repeating: nil, count: centers.count)
        var previous = -1
        for cell in core where cell.occupiesSlot {
            guard let center = cell.center else { return nil }
            let column = centers.indices.min { abs(centers[$0] - center) < abs(centers[$1] - center) }!
            guard column > previous else { return nil }
            row[column] = cell
            previous = column
        }
        return row
    }

    /// Every order-keeping placement of the values into `count` columns (no position information).
    private static func combinations(of values: [RawCell?], into count: Int) -> [[RawCell?]] {
        var result: [[RawCell?]] = []
        var row = [RawCell?](repeating: nil, count: count)
        func place(_ index: Int, from column: Int) {
            if result.count >= maximumCandidates { return }
            if index == values.count {
                result.append(row)
                return
            }
            let remaining = values.count - index
            guard column <= count - remaining else { return }
            for position in column...(count - remaining) {
                row[position] = values[index]
                place(index + 1, from: position + 1)
                row[position] = nil
            }
        }
        place(0, from: 0)
        return result
    }
}

/// Chooses, for rows with several possible placements, the one the table's identities support.
enum CandidateResolver {
    enum Choice {
        case placed([RawCell?])
        /// Several placements fit equally well: their indices.
        case ambiguous([Int])
        case none
    }

    /// The choice for each row (its ID and placements), in the same order.
    static func resolve(rows: [(id: String, options: [[RawCell?]])], table: TableID, spec: TableSpec) -> [Choice] {
        var options: [String: [[RawCell?]]] = [:]
        for row in rows { options[row.id] = row.options }
        let chosen = resolve(options, table: table, spec: spec)
        return rows.map { chosen[$0.id]! }
    }

    /// The choice for each row, by row ID: its only placement, or the one the identities support
    /// given the rows already placed.
    static func resolve(_ options: [String: [[RawCell?]]], table: TableID, spec: TableSpec) -> [String: Choice] {
        var chosen: [String: Choice] = [:]
        var fixed: [String: [RawCell?]] = [:]
        for (row, list) in options {
            switch list.count {
            case 0: chosen[row] = Choice.none
            case 1:
                chosen[row] = .placed(list[0])
                fixed[row] = list[0]
            default: break
            }
        }
        // Rows with several placements are decided in the table's order, so the result never depends on
        // a dictionary's (per-process, randomly seeded) iteration order.
        let order = Dictionary(uniqueKeysWithValues: spec.rows.enumerated().map { ($1.id, $0) })
        let undecided = options.filter { $0.value.count > 1 }.sorted { (order[$0.key] ?? -1, $0.key) < (order[$1.key] ?? -1, $1.key) }
        for (row, list) in undecided {
            var bestScore: (violations: Int, satisfied: Int)?
            var best: [Int] = []
            for (index, candidate) in list.enumerated() {
                var trial = fixed
                trial[row] = candidate
                let score = IdentityCheck.score(values(trial, spec: spec), table: table, spec: spec)
                if bestScore == nil || score.violations < bestScore!.violations
                    || (score.violations == bestScore!.violations && score.satisfied > bestScore!.satisfied) {
                    bestScore = score
                    best = [index]
                } else if score.violations == bestScore!.violations && score.satisfied == bestScore!.satisfied {
                    best.append(index)
                }
            }
            if best.count == 1 {
                chosen[row] = .placed(list[best[0]])
                fixed[row] = list[best[0]]
            } else {
                chosen[row] = .ambiguous(best)
            }
        }
        return chosen
    }

    /// Numeric values by `row.column` for identity checks.
    private static func values(_ rows: [String: [RawCell?]], spec: TableSpec) -> [String: Decimal] {
        var result: [String: Decimal] = [:]
        for (rowID, cells) in rows {
            let targets: [String]
            if rowID == TableReader.flatRowID {
                targets = spec.rows.flatMap { group in group.columns.map { "\(group.id).\($0.id)" } }
            } else if let row = spec.row(rowID) {
                targets = row.columns.map { "\(rowID).\($0.id)" }
            } else { continue }
            for (key, cell) in zip(targets, cells) {
                if let number = cell?.number { result[key] = number.decimal }
            }
        }
        return result
    }
}

/// The identities a table states (勾稽关系), counted over whatever cells are present.
enum IdentityCheck {
    static func score(_ values: [String: Decimal], table: TableID, spec: TableSpec) -> (violations: Int, satisfied: Int) {
        var violations = 0, satisfied = 0
        func check(_ total: String, _ terms: [String]) {
            guard let expected = values[total] else { return }
            var sum = Decimal(0)
            for term in terms {
                guard let value = values[term] else { return }
                sum += value
            }
            if sum == expected { satisfied += 1 } else { violations += 1 }
        }
        switch table {
        case .applications:
            let parts = Schema.applicantColumns.dropLast().map { $0.id }
            for row in spec.rows { check("\(row.id).total", parts.map { "\(row.id).\($0)" }) }
            let outcomes = Schema.outcomeRows(format: spec.format)
            for column in Schema.applicantColumns.map({ $0.id }) {
                check("outcome_total.\(column)", outcomes.map { "\($0).\(column)" })
                // new + carried_in = outcome_total + carried_over, as new = outcome_total + carried_over − carried_in
                if let new = values["new.\(column)"], let carriedIn = values["carried_in.\(column)"],
                   let outcome = values["outcome_total.\(column)"], let over = values["carried_over.\(column)"] {
                    if new + carriedIn == outcome + over { satisfied += 1 } else { violations += 1 }
                }
            }
        case .reviewLitigation:
            for group in spec.rows {
                check("\(group.id).total", ["upheld", "corrected", "other", "pending"].map { "\(group.id).\($0)" })
            }
        case .disclosure:
            break
        }
        return (violations, satisfied)
    }
}
