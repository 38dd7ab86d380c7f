import Foundation
import GKModel
@testable import GKParse
import Testing

/// The five real seed reports against their hand-checked cells (Fixtures/seeds-expected.json).
@Suite("Seed extraction")
struct SeedExtractionTests {
    @Test("every cell, agency, year and published date equals seeds-expected.json", arguments: Fixtures.seedNames)
    func seedMatchesExpected(name: String) throws {
        let data = try Fixtures.data("Fixtures/seeds/" + name)
        let (report, encoding) = try ReportParser.parse(data: data, file: name)
        let expected = try #require(ExpectedReport.all[name])
        #expect(encoding == .utf8)
        #expect(report.file == name)
        #expect(report.metadata.format == .v2021)

        let compared = expectCells(report, equal: expected, context: name)
        // 6 + 3 + … cells: 3+3+1+1+1+1 in table 1, 25 × 7 in table 2, 3 × 5 in table 3.
        #expect(compared == 10 + 175 + 15)

        #expect(report.metadata.agency?.value == expected.agency)
        #expect(report.metadata.year?.value == expected.year)
        #expect(report.metadata.published?.value.description == expected.published)
        for table in TableID.allCases {
            #expect(report.table(table).isPresent, "\(name): table \(table.rawValue) not found")
            #expect(report.table(table).notes.isEmpty, "\(name): \(report.table(table).notes)")
        }
    }

    @Test("every present cell carries its own number on its line", arguments: Fixtures.seedNames)
    func cellsPointAtTheirLines(name: String) throws {
        let report = try Fixtures.seedReport(String(name.prefix(3)))
        for table in TableID.allCases {
            for path in Schema.table(table, format: .v2021).cellPaths {
                let cell = report.cell(path)
                guard case .integer(let value) = cell.value else { continue }
                let line = try #require(cell.line, "\(name): \(path) has no line")
                #expect(report.line(line).contains(String(value)), "\(name): \(path) = \(value) but line \(line) is “\(report.line(line))”")
                #expect(cell.raw == String(value))
            }
        }
    }

    // MARK: Named cells

    @Test("seed 001: 行政处罚 41 on line 56, 本年新收 自然人 1")
    func seed001Cells() throws {
        let report = try Fixtures.seedReport("001")
        let punishment = report.cell(CellPath("disclosure.punishment.decisions")!)
        #expect(punishment.value == .integer(41))
        #expect(punishment.line == 56)
        #expect(report.line(56).trimmingCharacters(in: .whitespaces) == "41")
        #expect(report.table(.disclosure).rows["punishment"]?.label?.text == "行政处罚")
        #expect(report.table(.disclosure).rows["punishment"]?.label?.line == 55)

        let new = report.cell(CellPath("applications.new.natural_person")!)
        #expect(new.value == .integer(1))
        #expect(new.line == 90)
        #expect(report.cell(CellPath("applications.new.total")!).value == .integer(1))
        #expect(report.cell(CellPath("applications.new.total")!).line == 96)
        #expect(report.cell(CellPath("applications.other_misc.natural_person")!).value == .integer(1))
        #expect(report.cell(CellPath("applications.other_misc.natural_person")!).line == 329)
        #expect(report.cell(CellPath("applications.outcome_total.total")!).value == .integer(1))
        #expect(report.cell(CellPath("applications.outcome_total.total")!).line == 345)
    }

    @Test("seed 003: 行政许可 418 on line 39, 行政处罚 25 on line 42")
    func seed003Licensing() throws {
        let report = try Fixtures.seedReport("003")
        let licensing = report.cell(CellPath("disclosure.licensing.decisions")!)
        #expect(licensing.value == .integer(418))
        #expect(licensing.raw == "418")
        #expect(licensing.line == 39)
        #expect(report.line(39) == "行政许可\t418\t\t")
        let punishment = report.cell(CellPath("disclosure.punishment.decisions")!)
        #expect(punishment.value == .integer(25))
        #expect(punishment.line == 42)
    }

    @Test("seed 000: 行政许可 is blank, so missing (never 0), on its row's line")
    func seed000LicensingMissing() throws {
        let report = try Fixtures.seedReport("000")
        let cell = report.cell(CellPath("disclosure.licensing.decisions")!)
        #expect(cell.isMissing)
        #expect(cell.value == nil)
        #expect(cell.raw == "")
        #expect(cell.line == 37)
        // The row itself was found.
        #expect(report.table(.disclosure).rows["licensing"]?.label?.text == "行政许可")
        // Its neighbours are 0, not missing.
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(0))
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).line == 40)
    }

    @Test("seed 002: column label of regulations.repealed as written, 本年度止件数")
    func seed002ColumnLabel() throws {
        let report = try Fixtures.seedReport("002")
        let labels = report.table(.disclosure).columnLabels
        #expect(labels["regulations.repealed"] == WrittenLabel("本年度止件数", line: 34))
        #expect(labels["regulations.issued"] == WrittenLabel("本年制发件数", line: 34))
        #expect(labels["regulations.in_force"] == WrittenLabel("现行有效件数", line: 34))
        #expect(labels["fees.amount"]?.text == "本年收费金额（单位：万元）")
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(68))
        #expect(report.cell(CellPath("disclosure.coercion.decisions")!).value == .integer(2))
    }

    @Test("seed 000: the unit of fees.amount as written, 0 万元")
    func seed000Unit() throws {
        let report = try Fixtures.seedReport("000")
        let table = report.table(.disclosure)
        #expect(table.units["fees.amount"] == WrittenLabel("0 万元", line: 43))
        #expect(table.columnLabels["fees.amount"] == WrittenLabel("本年收费金额（单位：0 万元）", line: 43))
        #expect(report.cell(CellPath("disclosure.fees.amount")!).value == .integer(0))
        #expect(report.cell(CellPath("disclosure.fees.amount")!).line == 44)
        // The other seeds state the standard unit.
        for prefix in ["001", "002", "003", "004"] {
            #expect(try Fixtures.seedReport(prefix).table(.disclosure).units["fees.amount"]?.text == "万元")
        }
    }

    // MARK: Metadata

    @Test("seed 004: no agency in the title, year 2025 inferred from the body")
    func seed004Metadata() throws {
        let report = try Fixtures.seedReport("004")
        let meta = report.metadata
        #expect(meta.agency == nil)
        #expect(meta.year?.value == 2025)
        #expect(meta.year?.source == .inferred)
        #expect(meta.year?.line == 21)
        #expect(meta.titleYear == nil)
        #expect(meta.title?.value == "政府信息公开工作年度报告")
        #expect(meta.title?.line == 1)
        #expect(meta.period == nil)
        #expect(meta.published == nil)
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(3))
        #expect(report.cell(CellPath("disclosure.punishment.decisions")!).line == 65)
    }

    @Test("seed 000: period, data date and signature date with their sources and lines")
    func seed000Dates() throws {
        let meta = try Fixtures.seedReport("000").metadata
        let period = try #require(meta.period)
        #expect(period.value.start == CalendarDate(year: 2024, month: 1, day: 1))
        #expect(period.value.end == CalendarDate(year: 2024, month: 12, day: 31))
        #expect(period.value.description == "2024-01-01..2024-12-31")
        #expect(period.source == .period)
        #expect(period.line == 7)

        #expect(meta.dataDate?.value == CalendarDate(year: 2024, month: 12, day: 31))
        #expect(meta.dataDate?.source == .dataDate)
        #expect(meta.dataDate?.line == 29)

        #expect(meta.published?.value == CalendarDate(year: 2025, month: 1, day: 20))
        #expect(meta.published?.value.chinese == "2025年1月20日")
        #expect(meta.published?.source == .signature)
        #expect(meta.published?.line == 113)

        // Title on two lines: agency on line 3, the year on line 5.
        #expect(meta.agency?.value == "东营市第二人民医院")
        #expect(meta.agency?.source == .title)
        #expect(meta.agency?.line == 3)
        #expect(meta.year?.value == 2024)
        #expect(meta.year?.source == .title)
        #expect(meta.year?.line == 5)
        #expect(meta.titleYear?.value == 2024)
    }

    @Test("titles, agencies and years of the other seeds, with their lines")
    func seedTitles() throws {
        let cases: [(String, agency: String, agencyLine: Int, year: Int, yearLine: Int)] = [
            ("001", "济宁市兖州区卫生健康局", 1, 2024, 2),
            ("002", "招远市卫生健康局", 3, 2023, 3),
            ("003", "惠农区卫生健康局", 3, 2024, 3),
        ]
        for (prefix, agency, agencyLine, year, yearLine) in cases {
            let meta = try Fixtures.seedReport(prefix).metadata
            #expect(meta.agency?.value == agency, "\(prefix)")
            #expect(meta.agency?.source == .title, "\(prefix)")
            #expect(meta.agency?.line == agencyLine, "\(prefix)")
            #expect(meta.year?.value == year, "\(prefix)")
            #expect(meta.year?.source == .title, "\(prefix)")
            #expect(meta.year?.line == yearLine, "\(prefix)")
            #expect(meta.published == nil, "\(prefix)")
        }
        let meta001 = try Fixtures.seedReport("001").metadata
        #expect(meta001.period?.value.description == "2024-01-01..2024-12-31")
        #expect(meta001.period?.line == 8)
    }

    // MARK: Sections

    static let headings: [String: [SectionID: String]] = [
        "000": [.overview: "一、总体情况", .proactive: "二、主动公开政府信息情况", .requests: "三、收到和处理政府信息公开申请情况",
                .review: "四、政府信息公开行政复议、行政诉讼情况", .problems: "五、存在的主要问题及改进情况",
                .other: "六、其他需要报告的事项"],
        "001": [.overview: "一、总体情况", .proactive: "二、主动公开政府信息情况", .requests: "收到和处理政府信息公开申请情况",
                .review: "四、政府信息公开行政复议、行政诉讼情况", .problems: "五、存在的主要问题及改进情况",
                .other: "六、其他需要报告的事项"],
        "002": [.overview: "一、总体情况", .proactive: "二、主动公开政府信息情况", .requests: "三、收到和处理政府信息公开申请情况",
                .problems: "五、存在的主要问题及改进情况", .other: "六、其他需要报告的事项"],
        "003": [.overview: "一、总体情况", .proactive: "二、主动公开政府信息情况", .requests: "三、收到和处理政府信息公开申请情况",
                .review: "四、政府信息公开行政复议、行政诉讼情况", .problems: "五、存在主要问题及改进情况",
                .other: "六、其他需要报告的事项"],
        "004": [.overview: "一、总体情况", .proactive: "二、主动公开政府信息情况", .requests: "三、收到和处理政府信息公开申请情况",
                .review: "四、政府信息公开行政复议、行政诉讼情况", .problems: "五、存在的主要问题及改进情况",
                .other: "六、其他需要报告的事项"],
    ]

    static let headingLines: [String: [Int]] = [
        "000": [9, 27, 46, 78, 87, 93],
        "001": [10, 23, 70, 357, 416, 425],
        "002": [5, 31, 48, 79, 88, 98],
        "003": [7, 31, 48, 79, 88, 94],
        "004": [2, 32, 79, 367, 424, 438],
    ]

    @Test("all six sections, in order, with their headings as written", arguments: ["000", "001", "002", "003", "004"])
    func sections(prefix: String) throws {
        let report = try Fixtures.seedReport(prefix)
        #expect(Set(report.sections.keys) == Set(SectionID.allCases))
        let lines = SectionID.allCases.compactMap { report.sections[$0]?.lines.lowerBound }
        #expect(lines == Self.headingLines[prefix])
        for (id, heading) in Self.headings[prefix]! {
            // The heading as written: a trailing run of spaces (001's "一、总体情况        ") is not part of it.
            #expect(report.sections[id]?.heading.trimmingCharacters(in: .whitespaces) == heading, "\(prefix) \(id)")
        }
        // Sections follow each other without gaps or overlaps.
        let ordered = SectionID.allCases.compactMap { report.sections[$0] }
        for (a, b) in zip(ordered, ordered.dropFirst()) {
            #expect(a.lines.upperBound + 1 == b.lines.lowerBound, "\(prefix): \(a.id) ends at \(a.lines), \(b.id) starts at \(b.lines)")
        }
        // Each table lies inside its own section.
        for table in TableID.allCases {
            let range = try #require(report.table(table).lines)
            let section = try #require(report.sections[table.section])
            #expect(section.lines.contains(range.lowerBound) && section.lines.contains(range.upperBound),
                    "\(prefix): \(table.rawValue) \(range) outside \(section.lines)")
        }
    }

    @Test("seed 002: the review heading broken over two lines, as written")
    func seed002ReviewHeading() throws {
        let report = try Fixtures.seedReport("002")
        let review = try #require(report.sections[.review])
        #expect(review.heading.contains("因政府信息公开工作被申请行政复议"))
        #expect(review.heading.hasPrefix("四、因政府信息公开工作被申请行政复议、提起行政诉讼"))
        #expect(review.heading.hasSuffix("情况"))
        #expect(review.lines == 79...87)
        #expect(!review.body.contains("讼情况"), "the heading's continuation line is not body text")
        #expect(review.body.hasPrefix("行政复议\t"))
    }

    @Test("section bodies start after their heading and hold the section's own text")
    func sectionBodies() throws {
        let report = try Fixtures.seedReport("003")
        #expect(report.sections[.other]?.body == "2024 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。")
        #expect(report.sections[.overview]?.body.hasPrefix("2024 年，惠农区卫生健康局严格按照政务公开工作要求") == true)
        #expect(report.sections[.problems]?.lines == 88...93)
    }

    // MARK: Tables' extent and labels

    @Test("table ranges and row labels as written")
    func tableRangesAndLabels() throws {
        let r003 = try Fixtures.seedReport("003")
        #expect(r003.table(.disclosure).lines == 33...46)
        #expect(r003.table(.applications).lines == 50...77)
        #expect(r003.table(.reviewLitigation).lines == 81...86)
        let rows = r003.table(.applications).rows
        #expect(rows.count == 25)
        #expect(rows["denied_secret"]?.label == WrittenLabel("1. 属于国家秘密", line: 57))
        #expect(rows["carried_over"]?.label == WrittenLabel("四、结转下年度继续办理", line: 77))
        #expect(rows["other_misc"]?.label == WrittenLabel("3. 其他", line: 75))
        #expect(r003.table(.applications).columnLabels["natural_person"]?.text == "自然人")
        #expect(r003.table(.applications).columnLabels["total"]?.text == "总计")

        // 001: a label broken over two lines, joined.
        let r001 = try Fixtures.seedReport("001")
        #expect(r001.table(.applications).rows["rejected_confirmation"]?.label?.text.contains("确认或重新") == true)
        #expect(r001.table(.applications).rows["rejected_confirmation"]?.label?.text.contains("出具已获取信息") == true)
        #expect(r001.table(.applications).rows["rejected_confirmation"]?.label?.line == 294)
        #expect(r001.cell(CellPath("applications.rejected_confirmation.total")!).line == 302)
    }

    @Test("table 3 cells lie on the one line of fifteen numbers (row-per-line seeds)", arguments: ["000", "002", "003"])
    func reviewTableLine(prefix: String) throws {
        let report = try Fixtures.seedReport(prefix)
        for group in ["review", "litigation_direct", "litigation_after_review"] {
            for column in ["upheld", "corrected", "other", "pending", "total"] {
                let cell = report.table(.reviewLitigation).cell(row: group, column: column)
                #expect(cell.value == .integer(0))
                #expect(cell.line == 86 - (prefix == "000" ? 1 : 0))
            }
        }
    }

    @Test("seed 004: table 3 one cell per line, fifteen cells on fifteen lines")
    func seed004ReviewLines() throws {
        let report = try Fixtures.seedReport("004")
        let paths = Schema.table(.reviewLitigation, format: .v2021).cellPaths
        #expect(paths.count == 15)
        // Lines 407…421, in reading order (the blank line 422 ends them).
        #expect(paths.map { report.cell($0).line } == Array(407...421))
        #expect(paths.allSatisfy { report.cell($0).value == .integer(0) })
    }
}

/// Section headings found by their wording, whatever their numbering.
@Suite("Sections")
struct SectionTests {
    /// Seed 003's six headings (lines 7, 31, 48, 79, 88, 94) as other reports write them.
    static let renamedHeadings: [[String]] = [
        // Other numbering, or none.
        ["（一）总体情况", "二．主动公开政府信息情况", "收到和处理政府信息公开申请情况",
         "4. 政府信息公开行政复议、行政诉讼情况", "\u{3000}\u{3000}五、存在主要问题及改进情况", "六、其他需要报告的事项。"],
        // Decorated by converters: Markdown, bold, 【】, 第…部分, a space for 、, a bullet.
        ["## 一、总体情况", "**二、主动公开政府信息情况**", "【三】收到和处理政府信息公开申请情况",
         "第四部分 政府信息公开行政复议、行政诉讼情况", "五 存在主要问题及改进情况", "■ 六、其他需要报告的事项"],
    ]

    @Test("headings with other numbering, none, or decoration are found", arguments: renamedHeadings)
    func headingVariants(headings: [String]) throws {
        let standard = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在主要问题及改进情况", "六、其他需要报告的事项"]
        var text = try Fixtures.seedText("003")
        for (old, new) in zip(standard, headings) {
            text = text.replacingOnce(old + "\n", with: new + "\n")
        }
        let report = ReportParser.parse(text: text, file: "x")
        #expect(SectionID.allCases.compactMap { report.sections[$0]?.lines.lowerBound } == [7, 31, 48, 79, 88, 94])
        #expect(SectionID.allCases.compactMap { report.sections[$0]?.heading } == headings.map { TableGrid.trim(Substring(Normalizer.lines(of: $0)[0])) })
        expectCells(report, equal: ExpectedReport.forFile("003"), context: headings[0])
    }

    @Test("a missing section heading: the others are found, and its table still read")
    func missingHeading() throws {
        let text = try Fixtures.seedText("003").replacingLine(48, with: "")
        let report = ReportParser.parse(text: text, file: "x")
        #expect(report.sections[.requests] == nil)
        #expect(Set(report.sections.keys) == [.overview, .proactive, .review, .problems, .other])
        expectCells(report, equal: ExpectedReport.forFile("003"), context: "no 三")
    }

    @Test("an overview sub-heading that repeats a section's wording is not that section")
    func subHeadingInOverview() throws {
        // 003's overview has （一）主动公开情况 on line 11; written in full it reads like section 二's heading.
        let text = try Fixtures.seedText("003").replacingOnce("（一）主动公开情况\n", with: "（一）主动公开政府信息情况\n")
        let report = ReportParser.parse(text: text, file: "x")
        expectCells(report, equal: ExpectedReport.forFile("003"), context: "sub-heading")
        #expect(report.sections[.proactive]?.lines.lowerBound == 31)
        #expect(report.sections[.overview]?.lines == 7...30)
    }

    @Test("a sentence broken where a page's width broke it, its line starting with a heading's wording, is no heading")
    func wrappedSentenceIsNoHeading() throws {
        // 001's first paragraph names the six parts; a PDF line starts with "行政复议和行政诉讼情况、…六部分内容。".
        let text = try Fixtures.seedText("001")
            .replacingOnce("政府信息公开行政复议和行政诉讼情况、", with: "政府信息公开\n行政复议和行政诉讼情况、")
        let report = ReportParser.parse(text: text, file: "x")
        #expect(Set(report.sections.keys) == Set(SectionID.allCases))
        #expect(report.sections[.review]?.heading == "四、政府信息公开行政复议、行政诉讼情况")
        expectCells(report, equal: ExpectedReport.forFile("001"), context: "wrapped sentence")
    }

    /// Seed 003 with section four's table replaced by `table` (the lines between its heading and section five).
    private static func seed003(reviewTable table: String) throws -> Report {
        let text = try Fixtures.seedText("003")
        let start = try #require(text.range(of: "四、政府信息公开行政复议、行政诉讼情况\n"))
        let end = try #require(text.range(of: "五、存在主要问题及改进情况"))
        return ReportParser.parse(text: text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: table), file: "x")
    }

    @Test("a sentence saying there was no 行政复议 or 行政诉讼, where table 3 should be, is no table")
    func reviewSentenceIsNoTable() throws {
        let report = try Self.seed003(reviewTable: "\n本年度本局没有因政府信息公开被申请行政复议或被提起行政诉讼的情况。\n\n")
        #expect(!report.table(.reviewLitigation).isPresent)
        #expect(report.table(.reviewLitigation).rows.isEmpty)
        #expect(report.sections[.review] != nil)
    }

    @Test("table 3 with its headings and every cell blank is a table of blank cells")
    func blankReviewTable() throws {
        let report = try Self.seed003(reviewTable: """

            行政复议\t行政诉讼

            结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t未经复议直接起诉\t\t\t\t\t复议后起诉
            \t\t\t\t\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计\t结果维持\t结果纠正\t其他结果\t尚未审结\t总计


            """)
        let table = report.table(.reviewLitigation)
        #expect(table.isPresent)
        #expect(Set(table.rows.keys) == ["review", "litigation_direct", "litigation_after_review"])
        #expect(table.rows.values.allSatisfy { $0.cells.allSatisfy(\.isMissing) })
    }

    @Test("a word standing for a figure (不详) is kept as the cell's text, not read as blank")
    func wordForFigure() throws {
        let text = try Fixtures.seedText("003").replacingOnce("行政事业性收费\t0\t\t\n", with: "行政事业性收费\t不详\t\t\n")
        let report = ReportParser.parse(text: text, file: "x")
        let cell = report.cell(CellPath("disclosure.fees.amount")!)
        #expect(cell.value == .text("不详"))
        #expect(cell.raw == "不详")
        #expect(cell.line == 46)
    }
}

