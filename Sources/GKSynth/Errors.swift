import GKModel

/// The kinds of error the generator injects, each breaking one built-in rule (or, where one edit
/// legitimately breaks two identities, both — the truth then lists both).
public enum ErrorKind: String, CaseIterable, Sendable {
    case rowTotalWrong = "row-total-wrong"
    case balanceBroken = "balance-broken"
    case outcomeSumBroken = "outcome-sum-broken"
    case reviewTotalWrong = "review-total-wrong"
    case invalidValue = "invalid-value"
    case blankCell = "blank-cell"
    case nonstandardLabel = "nonstandard-label"
    case unitAnomaly = "unit-anomaly"
    case missingSection = "missing-section"
    case missingTable = "missing-table"
    case titleWithoutYear = "title-without-year"
    case periodWrongYear = "period-wrong-year"
    case dataDateWrongYear = "data-date-wrong-year"
    case textOtherYear = "text-other-year"
    case misfiled
    case latePublication = "late-publication"
    case claimsNoRequests = "claims-no-requests"
    case requestCountWrong = "request-count-wrong"
    case breakdownExceedsTotal = "breakdown-exceeds-total"
    case claimsNoReview = "claims-no-review"
    case claimsNoNormativeDocuments = "claims-no-normative-documents"
    case outcomeCountWrong = "outcome-count-wrong"
    case claimsAllUpheld = "claims-all-upheld"
    case inForceClaimWrong = "in-force-claim-wrong"
    case carryoverMismatch = "carryover-mismatch"
    case inForceDiscontinuity = "in-force-discontinuity"
    case priorYearClaimWrong = "prior-year-claim-wrong"
    case largeSwing = "large-swing"
    case reusedText = "reused-text"
    case duplicateReport = "duplicate-report"
    case damagedRow = "damaged-row"

    /// Where in a corpus a report stands, which decides the errors it can carry.
    enum Position: Sendable {
        /// The agency's only report.
        case single
        /// The first of an agency's two years.
        case earlier
        /// The second of two years; `previousClean` when the first carries no error (the cross-year errors
        /// need a clean previous year to be measured against).
        case later(previousClean: Bool)
    }

    /// Errors that need the agency's previous year in the corpus.
    var isCrossYear: Bool {
        switch self {
        case .carryoverMismatch, .inForceDiscontinuity, .priorYearClaimWrong, .largeSwing, .reusedText: return true
        default: return false
        }
    }

    static func applicable(at position: Position) -> [ErrorKind] {
        allCases.filter { kind in
            switch (kind, position) {
            case (.misfiled, .single): return true
            case (.misfiled, _): return false
            case (.duplicateReport, .earlier): return false
            case (_, .later(let previousClean)): return !kind.isCrossYear || previousClean
            case (_, _): return !kind.isCrossYear
            }
        }
    }

    /// What the figures must allow for the error to be made.
    var needs: FigureNeeds {
        switch self {
        case .claimsNoRequests: return .requests
        case .outcomeCountWrong: return .granted
        case .claimsNoReview: return .reviewCases
        case .claimsAllUpheld: return .reviewNotAllUpheld
        case .claimsNoNormativeDocuments: return .normativeIssued
        default: return []
        }
    }
}

/// One injected error as the truth file records it.
public struct InjectedError: Hashable, Sendable {
    public let kind: ErrorKind
    public let description: String
    /// The rules the audit must report for the report (and only these).
    public let rules: [String]
}

/// A report before it is written: everything an error may change.
struct ReportDraft {
    var cells: SynthCells
    var story: Story
    var wording = TableWording()
    var layout: SynthLayout
    /// The year the corpus files it under (its folder or file name), when not the report's own.
    var filedYear: Int?
    /// The row written with its cells run together.
    var damagedRow: RunTogetherRow?
}

enum Injector {
    typealias A = SynthCells.A
    typealias D = SynthCells.D

    /// Makes `kind` in the draft; returns what was done and the rules it must trigger.
    static func inject(_ kind: ErrorKind, into draft: inout ReportDraft, year: Int, isGovernment: Bool,
                       previous: SynthCells?, previousText: () -> String, rng: inout SynthRandom) -> InjectedError {
        func made(_ description: String, _ rules: String...) -> InjectedError {
            InjectedError(kind: kind, description: description, rules: rules)
        }
        let rowIDs = SynthCells.applicationRows.map(\.id)
        switch kind {
        case .rowTotalWrong:
            let row = rng.chance(30) ? A.new : rng.int(A.outcomes.lowerBound...A.outcomes.upperBound)
            let before = draft.cells.appTotal(row)
            let after = before > 0 && rng.chance(50) ? before - 1 : before + rng.int(1...2)
            draft.cells.applications[row][A.total] = .count(after)
            return made("表二「\(rowIDs[row])」行总计由 \(before) 误填为 \(after)", "table.applications.row-sum",
                        row == A.new ? "table.applications.balance" : "table.applications.outcome-sum")
        case .balanceBroken:
            draft.cells.bump(A.new, column: 0, by: 1)
            return made("表二新收一行（自然人列及总计）多填 1 件，办理结果与结转未相应增加", "table.applications.balance")
        case .outcomeSumBroken:
            let row = rng.int(A.outcomes.lowerBound...A.outcomes.upperBound)
            draft.cells.bump(row, column: 0, by: 1)
            return made("表二「\(rowIDs[row])」行（自然人列及总计）多填 1 件，（七）总计未相应增加", "table.applications.outcome-sum")
        case .reviewTotalWrong:
            let group = rng.int(0...2)
            let before = draft.cells.rev(group, SynthCells.R.total)
            let after = before > 0 && rng.chance(50) ? before - 1 : before + 1
            draft.cells.review[group][SynthCells.R.total] = .count(after)
            return made("表三「\(SynthCells.reviewRows[group].id)」总计由 \(before) 误填为 \(after)", "table.review.sum")
        case .invalidValue:
            let (row, value): (Int, String) = rng.chance(40) ? (D.fees, rng.pick(["-0.5", "无", "-", "不详"]))
                : (rng.pick([D.licensing, D.punishment, D.coercion]), rng.pick(["无", "-1", "2.5", "/", "暂无"]))
            draft.cells.disclosure[row][0] = Self.parsedValue(value)
            return made("表一「\(SynthCells.disclosureRows[row].id)」填写「\(value)」", "table.value.invalid")
        case .blankCell:
            if draft.layout.keepsBlankCellsInWideTables, rng.chance(50) {
                let row = rng.int(A.outcomes.lowerBound...A.outcomes.upperBound), column = rng.int(1...5)
                draft.cells.applications[row][column] = .blank
                return made("表二「\(rowIDs[row])」行第 \(column + 1) 列空白", "structure.missing-cell")
            }
            let row = rng.pick([D.licensing, D.punishment, D.coercion, D.fees])
            draft.cells.disclosure[row][0] = .blank
            return made("表一「\(SynthCells.disclosureRows[row].id)」空白", "structure.missing-cell")
        case .nonstandardLabel:
            let choices: [(String, String)] = [("本年废止件数", "本年度止件数"), ("三类内部事务信息", "三类内部事物信息")]
            // The narrow page wraps 「三类内部事务信息」 over two lines.
            let choice = draft.layout == .pdfLayoutNarrow ? choices[0] : rng.pick(choices)
            draft.wording.replacements = [choice]
            return made("标签「\(choice.0)」写作「\(choice.1)」", "structure.nonstandard-label")
        case .unitAnomaly:
            let unit = rng.pick(["0 万元", "元"])
            draft.wording.feesHeader = "本年收费金额（单位：\(unit)）"
            return made("收费金额单位写作「\(unit)」", "structure.unit-anomaly")
        case .missingSection:
            let section: SectionID = rng.chance(50) ? .problems : .other
            draft.story.omittedSection = section
            return made("缺少「\(section.standardHeading)」部分", "structure.missing-section")
        case .missingTable:
            let table = rng.pick(TableID.allCases)
            draft.story.omittedTable = table
            draft.cells.blankTable(table)
            return made("缺少「\(table.title)」表", "structure.missing-table")
        case .titleWithoutYear:
            draft.story.titleHasYear = false
            return made("标题未写年度", "structure.missing-title-metadata")
        case .periodWrongYear:
            draft.story.periodYear = year - 1
            return made("统计期限写作 \(year - 1) 年", "year.title-vs-period")
        case .dataDateWrongYear:
            draft.story.dataDate = rng.chance(60) ? CalendarDate(year: year - 1, month: 12, day: 31)
                : CalendarDate(year: year + 1, month: rng.int(5...9), day: 30)
            return made("数据核定时间点写作 \(draft.story.dataDate.chinese)", "year.title-vs-period")
        case .textOtherYear:
            draft.story.requestSentenceYear = rng.chance(60) ? year - 1 : year + 1
            return made("正文以 \(draft.story.requestSentenceYear) 年叙述本年度申请情况", "year.text-mentions-other-year")
        case .misfiled:
            let filed = rng.chance(50) ? year + 1 : year - 1
            draft.filedYear = filed
            return made("报告归档在 \(filed) 年", "year.metadata-vs-text")
        case .latePublication:
            // 31 January for a department (and a 乡镇 government), 31 March for a 县级以上地方人民政府.
            draft.story.published = isGovernment ? CalendarDate(year: year + 1, month: rng.int(4...8), day: rng.int(1...28))
                : CalendarDate(year: year + 1, month: rng.int(2...6), day: rng.int(1...28))
            return made("落款日期 \(draft.story.published.chinese) 晚于法定期限", "year.late-publication")
        case .claimsNoRequests:
            draft.story.claimsNoRequests = true
            return made("正文称未收到申请，表二新收 \(draft.cells.appTotal(A.new)) 件", "narrative.no-requests-vs-table")
        case .requestCountWrong:
            let stated = draft.cells.appTotal(A.new) + draft.cells.appTotal(A.carriedIn) + rng.int(1...3)
            draft.story.statedRequests = stated
            return made("正文称收到申请 \(stated) 件", "narrative.request-count-vs-table")
        case .breakdownExceedsTotal:
            draft.story.breakdownExceedsTotal = true
            return made("主动公开「共 N 条，其中……」分项之和超过总数", "narrative.breakdown-exceeds-total")
        case .claimsNoReview:
            draft.story.claimsNoReview = true
            return made("正文称未发生行政复议、行政诉讼，表三有案件", "narrative.no-review-vs-table")
        case .claimsNoNormativeDocuments:
            draft.story.claimsNoNormativeDocuments = true
            return made("正文称未制发规范性文件，表一本年制发 \(draft.cells.disc(D.normative, 0) ?? 0) 件",
                        "narrative.no-normative-docs-vs-table")
        case .outcomeCountWrong:
            let granted = draft.cells.appTotal(A.granted)
            let stated = granted >= 2 && rng.chance(50) ? granted - 1 : granted + rng.int(1...2)
            draft.story.statedGranted = stated
            return made("正文称予以公开 \(stated) 件，表二为 \(granted) 件", "narrative.outcome-count-vs-table")
        case .claimsAllUpheld:
            draft.story.claimsAllUpheld = true
            return made("正文称复议诉讼均获维持，表三有纠正或未审结", "narrative.review-result-vs-table")
        case .inForceClaimWrong:
            let inForce = draft.cells.disc(D.normative, SynthCells.Doc.inForce) ?? 0
            let stated = inForce > 0 && rng.chance(50) ? inForce - 1 : inForce + rng.int(1...3)
            draft.story.statedInForce = stated
            return made("正文称现行有效规范性文件 \(stated) 件，表一为 \(inForce) 件", "narrative.in-force-vs-table")
        case .carryoverMismatch:
            draft.cells.bump(A.carriedIn, column: 0, by: 1)
            draft.cells.bump(A.carriedOver, column: 0, by: 1)
            return made("上年结转（自然人列）比上年报告的结转下年多 1 件（本表自身仍平衡）", "diff.carryover-mismatch")
        case .inForceDiscontinuity:
            let row = rng.chance(70) ? D.normative : D.regulations
            let inForce = draft.cells.disc(row, SynthCells.Doc.inForce) ?? 0
            // Down only while the stock still covers this year's issues.
            let issued = draft.cells.disc(row, SynthCells.Doc.issued) ?? 0
            let after = inForce - 1 > max(0, issued - 1) && rng.chance(30) ? inForce - 1 : inForce + rng.int(1...3)
            draft.cells.disclosure[row][SynthCells.Doc.inForce] = .count(after)
            return made("「\(SynthCells.disclosureRows[row].id)」现行有效件数 \(after)，不等于上年加制发减废止的 \(inForce)",
                        "diff.in-force-continuity")
        case .priorYearClaimWrong:
            let change = draft.cells.appTotal(A.new) - (previous?.appTotal(A.new) ?? 0)
            let claimed = abs(change) + rng.int(1...3)
            draft.story.priorYearClaim = (change < 0 ? "减少" : "增加", claimed)
            return made("正文称较上年\(change < 0 ? "减少" : "增加")\(claimed)件，实际变化 \(change) 件", "diff.prior-year-claim")
        case .largeSwing:
            let row = rng.pick([D.licensing, D.punishment, D.coercion])
            let before = previous?.disc(row) ?? 0
            let after = before * 4 + 25 + rng.int(0...20)
            draft.cells.disclosure[row][0] = .count(after)
            return made("「\(SynthCells.disclosureRows[row].id)」由上年 \(before) 变为 \(after)", "diff.large-swing")
        case .reusedText:
            draft.story.reusedProblems = previousText()
            return made("问题段落照搬上年报告", "diff.reused-text")
        case .duplicateReport:
            return made("同一机关同一年度另有一份报告（更正稿）", "corpus.duplicate-report")
        case .damagedRow:
            if !draft.layout.losesCellSeparators { draft.layout = rng.pick([.tabMerged, .tabFlat, .spaces, .pdfLayout, .pdfLayoutNarrow]) }
            // Only rows whose digits split one way into cells that keep the row sums: the parser then recovers them.
            if rng.chance(25), RunTogether.splitsUniquely(draft.cells.review.joined(), groups: [5, 5, 5]) {
                draft.damagedRow = .review
                let written = draft.cells.review.joined().map(\.written)
                return made("表三数字行各列连在一起（\(written.joined())，原为 \(written.joined(separator: " "))）", "table.damaged-row")
            }
            let unique = draft.cells.applications.indices.filter {
                RunTogether.splitsUniquely(draft.cells.applications[$0][...], groups: [7])
            }
            let nonzero = unique.filter { draft.cells.appTotal($0) > 0 }
            let row = rng.pick(nonzero.isEmpty || rng.chance(25) ? unique : nonzero)
            draft.damagedRow = .applications(row)
            let written = draft.cells.applications[row].map(\.written)
            return made("表二「\(rowIDs[row])」行各列数字连在一起（\(written.joined())，原为 \(written.joined(separator: " "))）",
                        "table.damaged-row")
        }
    }

    /// A value as the parser reads it back: a number when it is one, text otherwise.
    static func parsedValue(_ written: String) -> SynthValue {
        if let n = Int(written) { return .count(n) }
        if written.contains("."), written.allSatisfy({ $0.isNumber || $0 == "." || $0 == "-" }) { return .amount(written) }
        return .text(written)
    }
}

extension SynthCells {
    /// Leaves a table out: every cell is missing.
    mutating func blankTable(_ table: TableID) {
        switch table {
        case .disclosure: disclosure = disclosure.map { $0.map { _ in .blank } }
        case .applications: applications = applications.map { $0.map { _ in .blank } }
        case .reviewLitigation: review = review.map { $0.map { _ in .blank } }
        }
    }
}

/// A row written with its cells run together: one of table 2, or table 3's row of figures.
enum RunTogetherRow: Hashable, Sendable {
    case applications(Int)
    case review
}

/// Cells run together: whether a row's digits, written one after another, can be cut back into its cells
/// in one way only, as the parser cuts them (no number with a leading zero but `0`, at most nine digits, in
/// each group of columns the last the sum of the others).
enum RunTogether {
    static func splitsUniquely<Values: Collection<SynthValue>>(_ row: Values, groups: [Int]) -> Bool {
        var digits: [Int] = []
        for value in row {
            guard case .count(let n) = value, n >= 0 else { return false }
            digits += String(n).utf8.map { Int($0) - 48 }
        }
        return readings(digits[...], groups: groups.dropFirst(), left: groups[0], pieces: row.count, sum: 0, limit: 2) == 1
    }

    /// The number of cuts of `digits` into `pieces` numbers (`left` of them in the current group, then
    /// `groups`) where each group's last is the sum of the others (`sum` so far), counted up to `limit`.
    private static func readings(_ digits: ArraySlice<Int>, groups: ArraySlice<Int>, left: Int, pieces: Int, sum: Int,
                                 limit: Int) -> Int {
        guard let first = digits.first else { return 0 }
        let longest = first == 0 ? 1 : min(9, digits.count - (pieces - 1))
        guard longest >= 1 else { return 0 }
        var found = 0, number = 0
        for length in 1...longest {
            number = number * 10 + digits[digits.startIndex + length - 1]
            let rest = digits.dropFirst(length)
            if left > 1 {
                found += readings(rest, groups: groups, left: left - 1, pieces: pieces - 1, sum: sum + number, limit: limit - found)
            } else if number == sum {
                if let next = groups.first {
                    found += readings(rest, groups: groups.dropFirst(), left: next, pieces: pieces - 1, sum: 0, limit: limit - found)
                } else if rest.isEmpty {
                    found += 1
                }
            }
            if found >= limit { break }
        }
        return found
    }
}
