/// Plausible figures for a clean report: mostly small counts and many zeros, every identity of the tables
/// holding, and — for an agency's second year — carried over from the year before as the contract says.
struct FigureNeeds: OptionSet, Hashable, Sendable {
    let rawValue: Int
    /// At least one new application (the text then says how many).
    static let requests = FigureNeeds(rawValue: 1)
    /// At least one application granted, nothing carried over (the text states 予以公开 N 件).
    static let granted = FigureNeeds(rawValue: 2)
    /// At least one 复议/诉讼 case.
    static let reviewCases = FigureNeeds(rawValue: 4)
    /// A case corrected or still pending (so 「均获维持」 is false).
    static let reviewNotAllUpheld = FigureNeeds(rawValue: 8)
    /// At least one 规范性文件 issued this year.
    static let normativeIssued = FigureNeeds(rawValue: 16)
}

enum Figures {
    typealias A = SynthCells.A
    typealias D = SynthCells.D

    /// A year's figures; `previous` (the same agency's year before, as finally written) fixes the stock of
    /// documents and the applications carried in, and keeps every figure the cross-year rules watch close to it.
    static func make(_ rng: inout SynthRandom, agency: SynthAgency, previous: SynthCells?, needs: FigureNeeds) -> SynthCells {
        var cells = SynthCells()
        // Table 1: documents (stock carried from last year), decisions, fees.
        for row in [D.regulations, D.normative] {
            let stockBefore: Int
            if let previous, let stock = previous.disc(row, SynthCells.Doc.inForce) {
                stockBefore = stock
            } else if row == D.regulations {
                stockBefore = agency.isGovernment ? rng.int(0...12) : (rng.chance(10) ? rng.int(0...3) : 0)
            } else {
                stockBefore = rng.chance(30) ? 0 : rng.int(1...45)
            }
            var issued = row == D.regulations ? (agency.isGovernment && rng.chance(30) ? rng.int(1...2) : 0)
                : (rng.chance(50) ? 0 : rng.int(1...6))
            if row == D.normative, needs.contains(.normativeIssued), issued == 0 { issued = rng.int(1...4) }
            let repealed = stockBefore > 0 && rng.chance(25) ? rng.int(0...min(3, stockBefore)) : 0
            cells.disclosure[row] = [.count(issued), .count(repealed), .count(stockBefore + issued - repealed)]
        }
        for (row, zeroShare, high) in [(D.licensing, 35, 600), (D.punishment, 40, 180), (D.coercion, 70, 25)] {
            if let previous, let before = previous.disc(row) {
                cells.disclosure[row] = [.count(vary(before, &rng))]
            } else {
                cells.disclosure[row] = [.count(rng.chance(zeroShare) ? 0 : small(&rng, high: high))]
            }
        }
        cells.disclosure[D.fees] = [rng.chance(80) ? .count(0) : .amount(rng.pick(["0.5", "0.12", "1.2", "3.46", "0.08", "12.5", "26.3", "0.9"]))]

        // Table 2: new applications by applicant, carried in (last year's carried over), outcomes.
        var newTotal: Int
        if let previous { newTotal = vary(previous.appTotal(A.new), &rng) } else {
            switch rng.int(0...99) {
            case 0..<35: newTotal = 0
            case 35..<75: newTotal = rng.int(1...5)
            case 75..<95: newTotal = rng.int(6...30)
            default: newTotal = rng.int(31...150)
            }
        }
        if needs.contains(.requests) || needs.contains(.granted), newTotal == 0 { newTotal = rng.int(1...4) }
        var new = [Int](repeating: 0, count: 6)
        for _ in 0..<newTotal { new[rng.weighted([80, 12, 1, 2, 2, 3])] += 1 }
        cells.setApplications(A.new, new)
        var carriedIn = [Int](repeating: 0, count: 6)
        if let previous {
            for column in 0..<6 { carriedIn[column] = previous.app(A.carriedOver, column) }
        } else if rng.chance(15) {
            carriedIn[0] = rng.int(1...2)
        }
        cells.setApplications(A.carriedIn, carriedIn)
        var carriedOver = [Int](repeating: 0, count: 6)
        if !needs.contains(.granted) {
            for column in 0..<6 where new[column] + carriedIn[column] > 0 && rng.chance(12) {
                carriedOver[column] = rng.int(1...min(2, new[column] + carriedIn[column]))
            }
        }
        cells.setApplications(A.carriedOver, carriedOver)
        // Each handled application goes to one outcome row.
        let weights = [50, 10, 2, 2, 1, 3, 2, 4, 2, 2, 16, 3, 3, 3, 2, 1, 1, 1, 2, 1, 3]
        var outcomes = [[Int]](repeating: [Int](repeating: 0, count: 6), count: A.outcomes.count)
        for column in 0..<6 {
            for _ in 0..<(new[column] + carriedIn[column] - carriedOver[column]) {
                outcomes[rng.weighted(weights)][column] += 1
            }
        }
        if needs.contains(.granted), outcomes[0].reduce(0, +) == 0,
           let from = outcomes.indices.first(where: { outcomes[$0].reduce(0, +) > 0 }),
           let column = outcomes[from].firstIndex(where: { $0 > 0 }) {
            outcomes[from][column] -= 1
            outcomes[0][column] += 1
        }
        for (offset, row) in A.outcomes.enumerated() { cells.setApplications(row, outcomes[offset]) }
        cells.recomputeOutcomeTotal()

        // Table 3: mostly no cases.
        let wantCases = needs.contains(.reviewCases) || needs.contains(.reviewNotAllUpheld)
        if wantCases || rng.chance(15) {
            for group in 0..<3 {
                let cases = group == 0 ? rng.int(wantCases ? 1...3 : 0...3) : (rng.chance(group == 1 ? 40 : 20) ? rng.int(1...2) : 0)
                var results = [0, 0, 0, 0]
                for _ in 0..<cases { results[rng.weighted([60, 15, 10, 15])] += 1 }
                cells.setReview(group, results)
            }
            if needs.contains(.reviewNotAllUpheld), cells.rev(0, 1) + cells.rev(0, 2) + cells.rev(0, 3) == 0 {
                cells.setReview(0, [cells.rev(0, 0), 1, 0, cells.rev(0, 3)])
            }
        }
        return cells
    }

    /// A figure a year later: close enough that 「diff.large-swing」 sees nothing (a change under 20, or
    /// within a factor of 1.4 of a non-zero figure).
    static func vary(_ before: Int, _ rng: inout SynthRandom) -> Int {
        before < 10 ? rng.int(0...before + 8) : rng.int(before * 6 / 10...before * 14 / 10)
    }

    /// A positive count, mostly small.
    static func small(_ rng: inout SynthRandom, high: Int) -> Int {
        switch rng.int(0...9) {
        case 0...5: return rng.int(1...max(1, high / 20))
        case 6...8: return rng.int(1...max(1, high / 4))
        default: return rng.int(1...high)
        }
    }
}
