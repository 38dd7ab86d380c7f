import GKModel

/// What the text of one report says besides its tables: its dates, and the statements about the figures —
/// by default true to the tables; an injected error makes exactly one of them false.
struct Story: Hashable, Sendable {
    var titleHasYear = true
    var periodYear: Int
    var dataDate: CalendarDate
    var published: CalendarDate
    /// The year heading the sentence that states the applications received (the report's year unless an error).
    var requestSentenceYear: Int
    /// Statements made false by an error (nil: as the tables say).
    var statedRequests: Int?
    var claimsNoRequests = false
    var statedGranted: Int?
    var claimsNoReview = false
    var claimsAllUpheld = false
    var claimsNoNormativeDocuments = false
    var statedInForce: Int?
    var breakdownExceedsTotal = false
    /// A claim about last year's applications that the previous report contradicts: (增加/减少, N).
    var priorYearClaim: (String, Int)?
    var omittedSection: SectionID?
    var omittedTable: TableID?
    /// A paragraph copied from last year's report in place of this year's problems paragraph.
    var reusedProblems: String?

    init(year: Int, published: CalendarDate) {
        periodYear = year
        dataDate = CalendarDate(year: year, month: 12, day: 31)
        self.published = published
        requestSentenceYear = year
    }

    static func == (lhs: Story, rhs: Story) -> Bool { lhs.periodYear == rhs.periodYear && lhs.published == rhs.published }
    func hash(into hasher: inout Hasher) { hasher.combine(periodYear) }
}

/// Writes one report as text: title, preamble, the six sections with their prose and statements, the three
/// tables in the chosen layout, signature.
struct ReportWriter {
    let agency: SynthAgency
    /// The agency's own offset into the wordings (so its consecutive years differ).
    let base: Int
    let year: Int
    let cells: SynthCells
    /// Last year's tables, when the corpus holds them (the text then compares with last year).
    let previous: SynthCells?
    let story: Story
    let wording: TableWording
    let layout: SynthLayout
    /// The row whose cells run together, if any.
    let damagedRow: RunTogetherRow?
    var rng: SynthRandom
    /// A document layout's tables, in order; the text holds a marker line for each.
    private(set) var tables: [MergedTable] = []

    private var we: String { agency.selfReference }

    mutating func render() -> String {
        var out = ""
        out.reserveCapacity(12_000)
        func line(_ text: String = "") { out += text; out += "\n" }
        let markdownHeadings = layout == .markdown && rng.chance(50)

        // Title.
        let yearText = rng.chance(8) ? Chinese.year(year) : String(year)
        if !story.titleHasYear {
            line(agency.name + "政府信息公开工作年度报告")
        } else {
            switch rng.int(0...2) {
            case 0: line("\(agency.name)\(yearText)年政府信息公开工作年度报告")
            case 1: line("\(agency.name) \(yearText) 年政府信息公开工作年度报告")
            default: line(agency.name); line("\(yearText)年政府信息公开工作年度报告")
            }
        }
        line()

        // Preamble with the statistical period.
        let p = story.periodYear
        let period = rng.chance(70) ? "本报告所列数据的统计期限自\(p)年1月1日起至\(p)年12月31日止。"
            : "本报告中所列数据的统计期限自\(p)年1月1日至\(p)年12月31日。"
        switch rng.int(0...2) {
        case 0:
            line("本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和《中华人民共和国政府信息公开工作年度报告格式》（国办公开办函〔2021〕30号）要求编制。" + period)
        case 1:
            line("根据《中华人民共和国政府信息公开条例》规定，现发布本机关政府信息公开工作年度报告。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。")
            line()
            line(period)
        default:
            line(period + "本报告电子版可在\(agency.place)人民政府门户网站查阅或下载。如对本报告有疑问，请与\(agency.name)办公室联系（联系电话：0\(rng.int(530...999))-\(rng.int(2_000_000...8_999_999))）。")
        }
        line()

        for section in SectionID.allCases where section != story.omittedSection {
            line((markdownHeadings ? "## " : "") + heading(section))
            line()
            switch section {
            case .overview: overview(&out)
            case .proactive:
                line("数据核定时间点为\(story.dataDate.chinese)。")
                line()
                table(.disclosure, &out)
            case .requests:
                table(.applications, &out)
            case .review:
                // (Also where table 3 is left out: a sentence naming 行政复议 and 行政诉讼 is no table.)
                if rng.chance(50) { line(reviewSentence()); line() }
                table(.reviewLitigation, &out)
            case .problems:
                line(story.reusedProblems ?? paragraph(.problems))
                line()
                line(paragraph(.plans))
            case .other:
                line("\(year)年，\(we)未收取信息处理费。")
                line()
                line(paragraph(.other))
            }
            line()
        }
        line(agency.name)
        line(rng.chance(10) ? Chinese.date(story.published) : story.published.chinese)
        return out
    }

    private func paragraph(_ slot: Prose.Slot) -> String {
        Prose.paragraph(slot, base: base, year: year, we: we, agency: agency.name)
    }

    private mutating func heading(_ section: SectionID) -> String {
        switch section {
        case .problems where rng.chance(20): return "五、存在主要问题及改进情况"
        case .review where rng.chance(15): return "四、政府信息公开行政复议和行政诉讼情况"
        default: return rng.chance(10) ? section.standardHeading.replacingOccurrences(of: "、", with: "、 ") : section.standardHeading
        }
    }

    private mutating func table(_ id: TableID, _ out: inout String) {
        guard story.omittedTable != id else { return }
        var writer = TableWriter(cells: cells, wording: wording, layout: layout, rng: SynthRandom(seed: rng.next()),
                                 runTogether: damagedRow)
        if layout.isDocument {
            out += DocumentBlocks.marker(tables.count) + "\n"
            tables.append(writer.merged(id))
            return
        }
        for text in writer.lines(id) { out += text; out += "\n" }
    }

    // MARK: The overview and its statements

    private mutating func overview(_ out: inout String) {
        func line(_ text: String = "") { out += text; out += "\n" }
        line(paragraph(.overview))
        line("（一）主动公开情况")
        line(proactiveSentence())
        if let statement = normativeSentence() { line(statement) }
        if let statement = inForceSentence() { line(statement) }
        line("（二）依申请公开情况")
        line(requestSentences())
        if story.claimsNoReview || story.claimsAllUpheld || rng.chance(50) { line(reviewSentence()) }
        line("（三）政府信息管理情况")
        line(paragraph(.management))
        line("（四）政府信息公开平台建设情况")
        line(paragraph(.platforms))
        line("（五）监督保障情况")
        line(paragraph(.supervision))
    }

    /// 「全年主动公开政府信息共 N 条，其中……」: the parts never exceed the total unless an error says so.
    private mutating func proactiveSentence() -> String {
        let total = rng.int(40...1_200)
        let kinds = [["工作动态", "通知公告"], ["政策文件", "工作动态", "人事信息"], ["通知公告", "政策解读"]][rng.int(0...2)]
        var remaining = total
        var parts: [String] = []
        for kind in kinds {
            let share = story.breakdownExceedsTotal ? total / 2 + rng.int(1...40) : rng.int(0...remaining / 2)
            remaining -= min(remaining, share)
            parts.append("\(kind)\(share)条")
        }
        let lead = ["全年主动公开政府信息共", "\(year)年通过门户网站主动公开各类信息共", "本年度累计公开政府信息共"][rng.int(0...2)]
        return lead + "\(total)条，其中" + parts.joined(separator: "，") + "。"
    }

    private mutating func normativeSentence() -> String? {
        let issued = cells.disc(SynthCells.D.normative, SynthCells.Doc.issued)
        if story.claimsNoNormativeDocuments || issued == 0 {
            return story.claimsNoNormativeDocuments || rng.chance(60) ? "本年度，\(we)未制发行政规范性文件。" : nil
        }
        guard let issued, rng.chance(60) else { return nil }
        return "本年度\(we)制发行政规范性文件\(issued)件，均按规定进行了合法性审核并及时公开。"
    }

    private mutating func inForceSentence() -> String? {
        guard let inForce = cells.disc(SynthCells.D.normative, SynthCells.Doc.inForce),
              story.statedInForce != nil || rng.chance(50) else { return nil }
        return "截至\(year)年底，\(we)现行有效规范性文件\(story.statedInForce ?? inForce)件。"
    }

    /// The applications received, how they were handled, and the comparison with last year.
    private mutating func requestSentences() -> String {
        let new = cells.appTotal(SynthCells.A.new), carriedIn = cells.appTotal(SynthCells.A.carriedIn)
        let y = story.requestSentenceYear
        var text: String
        if story.claimsNoRequests || (new == 0 && story.statedRequests == nil) {
            text = rng.chance(50) ? "\(y)年，\(we)未收到政府信息公开申请。" : "\(y)年度，\(we)未收到依申请公开申请事项。"
        } else {
            let stated = story.statedRequests ?? (carriedIn > 0 && rng.chance(40) ? new + carriedIn : new)
            text = rng.chance(60) ? "\(y)年，\(we)共收到政府信息公开申请\(stated)件。" : "\(y)年度，\(we)共受理政府信息公开申请\(stated)件。"
        }
        let outcomes = cells.appTotal(SynthCells.A.outcomeTotal), granted = cells.appTotal(SynthCells.A.granted)
        if !story.claimsNoRequests, outcomes > 0, granted > 0 || story.statedGranted != nil {
            text += "办理结果方面，予以公开\(story.statedGranted ?? granted)件"
            if story.statedGranted == nil, rng.chance(40) { text += "，占\(Self.percent(granted, of: outcomes))%" }
            let partial = cells.appTotal(SynthCells.A.partial)
            if partial > 0 { text += "，部分公开\(partial)件" }
            text += "。"
        }
        if let (direction, n) = story.priorYearClaim {
            text += "政府信息公开申请数量较上年\(direction)\(n)件。"
        } else if let previous {
            let before = previous.appTotal(SynthCells.A.new), change = new - before
            if change == 0 {
                text += "申请数量与上年持平。"
            } else if before > 0, rng.chance(30) {
                text += "政府信息公开申请数量较上年\(change > 0 ? "增长" : "下降")\(Self.percent(abs(change), of: before))%。"
            } else {
                text += "政府信息公开申请数量较上年\(change > 0 ? "增加" : "减少")\(abs(change))件。"
            }
        }
        return text
    }

    /// `part / whole` as a percentage with at most one decimal, rounded half up (integers only).
    static func percent(_ part: Int, of whole: Int) -> String {
        let tenths = (part * 1000 * 2 + whole) / (whole * 2)
        return tenths % 10 == 0 ? String(tenths / 10) : "\(tenths / 10).\(tenths % 10)"
    }

    private mutating func reviewSentence() -> String {
        let total = (0..<3).reduce(0) { $0 + cells.rev($1, SynthCells.R.total) }
        if story.claimsNoReview || total == 0 {
            return rng.chance(50) ? "\(year)年，\(we)未发生因政府信息公开引起的行政复议、行政诉讼。"
                : "本年度\(we)没有因政府信息公开被申请行政复议或被提起行政诉讼的情况。"
        }
        let review = cells.rev(0, SynthCells.R.total)
        let litigation = cells.rev(1, SynthCells.R.total) + cells.rev(2, SynthCells.R.total)
        let notUpheld = (0..<3).reduce(0) { $0 + cells.rev($1, 1) + cells.rev($1, 2) }
        let pending = (0..<3).reduce(0) { $0 + cells.rev($1, 3) }
        var text = "本年度，\(we)因政府信息公开被申请行政复议\(review)件，被提起行政诉讼\(litigation)件"
        if story.claimsAllUpheld || notUpheld + pending == 0 { text += "，均获维持" } else if pending == 0 { text += "，均已审结" }
        return text + "。"
    }
}

/// Dates and years in Chinese numerals (二〇二五年一月二十日), as some reports write them.
enum Chinese {
    static let digits = Array("〇一二三四五六七八九")

    static func year(_ year: Int) -> String { String(String(year).map { digits[Int(String($0))!] }) }

    static func number(_ n: Int) -> String {
        switch n {
        case 0..<10: return String(digits[n])
        case 10: return "十"
        case 11..<20: return "十" + String(digits[n - 10])
        default: return String(digits[n / 10]) + "十" + (n % 10 == 0 ? "" : String(digits[n % 10]))
        }
    }

    static func date(_ date: CalendarDate) -> String { "\(year(date.year))年\(number(date.month))月\(number(date.day))日" }
}

/// The rounding the text uses for percentages (for tests).
public enum ReportWriterPercent {
    public static func percent(_ part: Int, of whole: Int) -> String { ReportWriter.percent(part, of: whole) }
}
