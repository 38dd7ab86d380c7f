import GKModel

/// Reads the title, agency, year, statistical period, 数据核定 date and signing date.
enum MetadataReader {
    /// `marks` are the lines' `LineMarks`.
    static func read(lines: ReportLines, marks: [LineMarks], firstHeadingLine: Int?, bodyLines: [ClosedRange<Int>],
                     format: FormatVersion) -> ReportMetadata {
        var metadata = ReportMetadata(format: format)
        let title = readTitle(lines: lines, before: firstHeadingLine)
        metadata.title = title.title
        metadata.agency = title.agency
        metadata.titleYear = title.year
        metadata.period = readPeriod(lines: lines, marks: marks)
        metadata.dataDate = readDataDate(lines: lines, marks: marks)
        let signature = readSignature(lines: lines)
        metadata.published = signature.date
        if metadata.agency == nil { metadata.agency = signature.agency }

        if let year = title.year {
            metadata.year = year
        } else if let period = metadata.period {
            metadata.year = Sourced(period.value.end.year, source: .period, line: period.line)
        } else if let date = metadata.dataDate {
            metadata.year = Sourced(date.value.year, source: .dataDate, line: date.line)
        } else if let inferred = reportingYear(lines: lines, marks: marks, ranges: bodyLines) {
            metadata.year = inferred
        }
        return metadata
    }

    // MARK: Title

    struct Title {
        var title: Sourced<String>?
        var agency: Sourced<String>?
        var year: Sourced<Int>?
    }

    /// Where the name of the report starts, after the agency (and year) in a title.
    static let reportKinds = ["政府信息公开", "信息公开", "政务公开", "政府信息", "工作年度报告", "年度报告", "工作报告"]

    private static func readTitle(lines: ReportLines, before headingLine: Int?) -> Title {
        let limit = min(headingLine.map { $0 - 1 } ?? 12, lines.count, 40)
        guard limit >= 1 else { return Title() }
        var titleLine: Int?
        for number in 1...limit where lines.utf8Count(number - 1) <= 300
            && lines.withUTF8(number - 1, { ByteSearch.includes($0, "报告") }) {
            let line = lines[number - 1]
            let key = LabelText.keyKeepingNumbering(line)
            if key.utf8.count <= 180, key.includes("年度") || key.includes("信息公开"),
               !line.utf8.contains(0x3E), !line.includes("＞"), !line.includes("»") {
                titleLine = number
                break
            }
        }
        guard let number = titleLine else { return Title() }
        // The title may be broken over lines: the agency, or the agency and the year, above it.
        var fragments = [(line: number, text: stripBookTitleMarks(TableGrid.trim(Substring(lines[number - 1]))))]
        while fragments.count < 3, let previous = previousTitleLine(lines: lines, before: fragments[0].line) {
            let text = stripBookTitleMarks(TableGrid.trim(Substring(lines[previous - 1])))
            let joined = fragments.map { $0.text }.joined()
            // A line above is taken when the title so far lacks its agency (and, for a second line,
            // when the line above is itself part of the title: it names the year or the report).
            if agencyInTitle(joined, year: firstYear(in: joined)) != nil { break }
            if fragments.count == 2, !(firstYear(in: fragments[0].text) != nil || fragments[0].text.includes("公开")) { break }
            fragments.insert((previous, text), at: 0)
        }
        let joined = fragments.map { $0.text }.joined()
        /// The line of the fragment holding scalar offset `offset` of the joined title.
        func line(at offset: Int) -> Int {
            var start = 0
            for fragment in fragments {
                start += fragment.text.unicodeScalars.count
                if offset < start { return fragment.line }
            }
            return fragments.last!.line
        }
        var result = Title()
        let year = firstYear(in: joined)
        if let year { result.year = Sourced(year.year, source: .title, line: line(at: year.offset)) }
        if let agency = agencyInTitle(joined, year: year) {
            // The agency's first character, counted in scalars, tells which line it stands on.
            let offset = joined.byteOffset(of: agency).map { scalarCount(ofUTF8: joined.utf8.prefix($0)) } ?? 0
            result.agency = Sourced(agency, source: .title, line: line(at: offset))
        }
        result.title = Sourced(fragments.map { $0.text }.joined(separator: " "), source: .title, line: fragments[0].line)
        return result
    }

    /// The first year of the text that is not part of a date.
    private static func firstYear(in text: String) -> YearMention? {
        DateScanner.years(in: text, lineNumber: 0).first { !$0.isDate }
    }

    /// `《…》` around a title (some reports quote their own title).
    private static func stripBookTitleMarks(_ text: String) -> String {
        var text = Substring(text)
        if text.startsWith("《") { text = text.dropFirst() }
        if text.endsWith("》") { text = text.dropLast() }
        return String(text)
    }

    /// The agency written in the title line itself: before the year or the report's kind, or between them.
    private static func agencyInTitle(_ text: String, year: YearMention?) -> String? {
        let scalars = Array(text.unicodeScalars)
        // Where the first kind starts, in scalars (found as bytes: UTF-8 matches only whole characters).
        let kindOffset = reportKinds.compactMap(text.byteOffset(of:)).min().map { scalarCount(ofUTF8: text.utf8.prefix($0)) }
            ?? scalars.count
        var candidates: [String] = []
        if let year {
            candidates.append(slice(scalars, 0, min(year.offset, kindOffset)))
            var afterYear = year.offset + 4
            while afterYear < scalars.count, scalars[afterYear] == " " || scalars[afterYear] == "年" || scalars[afterYear] == "度" {
                afterYear += 1
            }
            if afterYear < kindOffset { candidates.append(slice(scalars, afterYear, kindOffset)) }
        } else {
            candidates.append(slice(scalars, 0, kindOffset))
        }
        for candidate in candidates {
            // Normalised text has no white space but spaces and tabs.
            var name = TableGrid.trim(Substring(candidate))
            for affix in ["关于", "的", "（", "("] where name.endsWith(affix) { name.removeLast(affix.count) }
            for affix in ["关于"] where name.startsWith(affix) { name.removeFirst(affix.count) }
            name = TableGrid.trim(Substring(name))
            if LabelText.key(name).unicodeScalars.count >= 2 { return name }
        }
        return nil
    }

    /// The non-blank line just above the title, if it reads like an agency name.
    private static func previousTitleLine(lines: ReportLines, before number: Int) -> Int? {
        var index = number - 1
        while index >= 1, lines.isBlank(index - 1) { index -= 1 }
        guard index >= 1 else { return nil }
        let text = TableGrid.trim(Substring(lines[index - 1]))
        return looksLikeAgency(text) ? index : nil
    }

    /// The scalars of the punctuation an agency name does not hold, and U+037E.
    private static let agencyStopScalars: Set<UInt32> = Set("。；;：:，,>|/》\u{037E}".unicodeScalars.map(\.value))

    static func looksLikeAgency(_ text: String) -> Bool {
        let count = text.unicodeScalars.count
        guard count >= 2, count <= 40, !LabelText.startsWithNumbering(text) else { return false }
        // Compared as Characters; the scalar test first rules out text holding none of them (nor
        // U+037E, which is canonically ";").
        if text.unicodeScalars.contains(where: { agencyStopScalars.contains($0.value) }),
           text.contains(where: { "。；;：:，,>|/》".contains($0) }) { return false }
        return DateScanner.dates(in: text).isEmpty && LabelText.key(text).unicodeScalars.count >= 2
    }

    private static func slice(_ scalars: [Unicode.Scalar], _ from: Int, _ to: Int) -> String {
        guard from < to else { return "" }
        return String(String.UnicodeScalarView(scalars[from..<to]))
    }

    // MARK: Period, data date, signature

    /// Words that introduce the statistical period: 统计期限自…至…, 本报告统计数据从…至… (a period is
    /// taken only when dates follow the marker).
    static let periodMarkers = ["统计期限", "统计时限", "统计期间", "统计时间", "统计周期", "统计数据", "数据统计"]

    private static func readPeriod(lines: ReportLines, marks: [LineMarks]) -> Sourced<DatePeriod>? {
        for index in lines.indices where marks[index].contains(.statistics) {
            let line = lines[index]
            guard let marker = periodMarkers.first(where: { line.includes($0) }),
                  let rest = line.after(marker) else { continue }
            let dates = DateScanner.dates(in: String(rest))
            if dates.count >= 2 {
                return Sourced(DatePeriod(start: dates[0], end: dates[1]), source: .period, line: index + 1)
            }
            // 自2024年1月1日起至12月31日止: the end date takes the start's year.
            if dates.count == 1, let tail = rest.after("至") ?? rest.after("到"),
               let end = DateScanner.monthDay(in: String(tail), year: dates[0].year), end >= dates[0] {
                return Sourced(DatePeriod(start: dates[0], end: end), source: .period, line: index + 1)
            }
        }
        return nil
    }

    private static func readDataDate(lines: ReportLines, marks: [LineMarks]) -> Sourced<CalendarDate>? {
        for index in lines.indices where marks[index].contains(.verification) {
            if let date = DateScanner.dates(in: lines[index]).first {
                return Sourced(date, source: .dataDate, line: index + 1)
            }
        }
        return nil
    }

    /// The date (and agency above it) in the signature block at the end.
    private static func readSignature(lines: ReportLines) -> (date: Sourced<CalendarDate>?, agency: Sourced<String>?) {
        var seen = 0
        var number = lines.count
        while number >= 1 && seen < 8 {
            // 24 scalars take at most 96 bytes: a longer line is passed over without making it a String.
            let length = lines.withTrimmedUTF8(number - 1) { $0.count }
            if length == 0 { number -= 1; continue }
            seen += 1
            guard length <= 96 else { number -= 1; continue }
            let text = TableGrid.trim(Substring(lines[number - 1]))
            guard text.unicodeScalars.count <= 24 else { number -= 1; continue }
            let dates = DateScanner.dates(in: text)
            if dates.count == 1 {
                let date = Sourced(dates[0], source: .signature, line: number)
                var above = number - 1
                while above >= 1, lines.isBlank(above - 1) { above -= 1 }
                if above >= 1 {
                    let name = TableGrid.trim(Substring(lines[above - 1]))
                    if looksLikeAgency(name), name.unicodeScalars.count <= 30 {
                        return (date, Sourced(name, source: .signature, line: above))
                    }
                }
                return (date, nil)
            }
            number -= 1
        }
        return (nil, nil)
    }

    // MARK: The year the body speaks of

    /// The year most often written as a year (not a date) in the given body ranges.
    static func reportingYear(lines: ReportLines, marks: [LineMarks], ranges: [ClosedRange<Int>]) -> Sourced<Int>? {
        var counts: [Int: (count: Int, line: Int)] = [:]
        for range in ranges {
            for number in range where marks[number - 1].contains(.mayHoldYear) {
                for mention in DateScanner.years(in: lines[number - 1], lineNumber: number) where !mention.isDate {
                    let entry = counts[mention.year]
                    counts[mention.year] = ((entry?.count ?? 0) + 1, entry?.line ?? number)
                }
            }
        }
        guard let best = counts.max(by: { ($0.value.count, $0.key) < ($1.value.count, $1.key) }) else { return nil }
        return Sourced(best.key, source: .inferred, line: best.value.line)
    }
}
