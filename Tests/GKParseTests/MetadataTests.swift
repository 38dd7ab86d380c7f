import Foundation
import GKModel
import GKTestSupport
@testable import GKParse
import Testing

/// Title, agency, year, period and signature read from synthetic heads and tails around seed 003's body.
@Suite("Metadata")
struct MetadataTests {
    /// Seed 003 from its first heading (一、总体情况, line 7) to its end: sections and tables, no title,
    /// no period (its own sentence has no 统计期限), no signature.
    static func body() throws -> [String] { Array(try Fixtures.seedText("003").lfLines[6...]) }

    static func report(head: [String], tail: [String] = []) throws -> Report {
        ReportParser.parse(text: (head + (try body()) + tail).joined(separator: "\n"), file: "synthetic.txt")
    }

    @Test("dates and years written in Chinese numerals", arguments: [
        ("二〇二五年一月二十日", CalendarDate(year: 2025, month: 1, day: 20)),
        ("二零二五年十二月三十一日", CalendarDate(year: 2025, month: 12, day: 31)),
        ("二〇二五年三月五日", CalendarDate(year: 2025, month: 3, day: 5)),
        ("二〇二五 年 一 月 二十 日", CalendarDate(year: 2025, month: 1, day: 20)),
    ])
    func chineseNumeralDates(text: String, date: CalendarDate) throws {
        #expect(DateScanner.dates(in: text) == [date])
        let report = try Self.report(head: ["政府信息公开工作年度报告"], tail: ["XX市XX局", text])
        #expect(report.metadata.published?.value == date)
    }

    @Test("a title year in Chinese numerals", arguments: [
        "XX市XX局二〇二四年度政府信息公开工作年度报告", "XX市XX局 二〇二四 年政府信息公开工作年度报告",
    ])
    func chineseNumeralTitleYear(title: String) throws {
        let meta = try Self.report(head: [title]).metadata
        #expect(meta.year?.value == 2024)
        #expect(meta.year?.source == .title)
        #expect(meta.agency?.value == "XX市XX局")
    }

    @Test("a title broken over lines", arguments: [
        (["XX市人民政府办公室", "2023年政府信息公开", "工作年度报告"], "XX市人民政府办公室", 1, 2023, 2),
        (["XX市卫生健康委员会2023年", "政府信息公开工作年度报告"], "XX市卫生健康委员会", 1, 2023, 1),
        (["XX县教育局", "", "2023年度政府信息公开工作年度报告"], "XX县教育局", 1, 2023, 3),
    ])
    func brokenTitle(head: [String], agency: String, agencyLine: Int, year: Int, yearLine: Int) throws {
        let meta = try Self.report(head: head).metadata
        #expect(meta.agency?.value == agency)
        #expect(meta.agency?.line == agencyLine)
        #expect(meta.year?.value == year)
        #expect(meta.year?.line == yearLine)
        #expect(meta.year?.source == .title)
    }

    @Test("a navigation line above the title is not taken for the agency")
    func navigationAboveTitle() throws {
        let meta = try Self.report(head: ["首页 > 政务公开 > 年度报告", "2023年政府信息公开工作年度报告"]).metadata
        #expect(meta.agency == nil)
        #expect(meta.year?.value == 2023)
    }

    @Test("the body alone: no title; the year inferred from the text")
    func bodyAlone() throws {
        let report = try Self.report(head: [])
        #expect(report.metadata.title == nil)
        #expect(report.metadata.agency == nil)
        #expect(report.metadata.year?.value == 2024)
        #expect(report.metadata.year?.source == .inferred)
        #expect(report.metadata.period == nil)
        #expect(report.metadata.published == nil)
        #expect(report.sections.count == 6)
        #expect(report.cell(CellPath("disclosure.licensing.decisions")!).value == .integer(418))
    }

    struct TitleCase: Sendable, CustomTestStringConvertible {
        let head: [String]
        let agency: String
        let agencyLine: Int
        let year: Int
        let yearLine: Int
        var testDescription: String { head.joined(separator: " / ") }
    }

    static let titleCases = [
        TitleCase(head: ["2024年XX市XX局政府信息公开工作年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2024, yearLine: 1),
        TitleCase(head: ["XX市XX局关于2024年度政府信息公开工作的年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2024, yearLine: 1),
        TitleCase(head: ["", "XX市XX局", "2024年政府信息公开工作年度报告", ""], agency: "XX市XX局", agencyLine: 2, year: 2024, yearLine: 3),
        TitleCase(head: ["XX市XX局", "", "2023 年度政府信息公开工作年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2023, yearLine: 3),
        TitleCase(head: ["XX市XX局2022年政府信息公开工作年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2022, yearLine: 1),
        TitleCase(head: ["XX市XX局 2024 年政府信息公开工作年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2024, yearLine: 1),
        TitleCase(head: ["  ＸＸ市ＸＸ局２０２４年政府信息公开工作年度报告  "], agency: "XX市XX局", agencyLine: 1, year: 2024, yearLine: 1),
        TitleCase(head: ["\u{3000}\u{3000}XX市XX局2024年政务公开工作年度报告"], agency: "XX市XX局", agencyLine: 1, year: 2024, yearLine: 1),
    ]

    @Test("agency and year from the title", arguments: titleCases)
    func titleVariants(title: TitleCase) throws {
        let meta = try Self.report(head: title.head).metadata
        #expect(meta.agency?.value == title.agency)
        #expect(meta.agency?.source == .title)
        #expect(meta.agency?.line == title.agencyLine)
        #expect(meta.year?.value == title.year)
        #expect(meta.year?.source == .title)
        #expect(meta.year?.line == title.yearLine)
        #expect(meta.titleYear?.value == title.year)
        #expect(meta.title?.source == .title)
        #expect(meta.title?.value.contains("报告") == true)
        #expect(meta.title?.value.contains(title.agency) == true)
    }

    @Test("a two-line title is one title, from the agency line")
    func twoLineTitle() throws {
        let meta = try Self.report(head: ["XX市XX局", "2024年政府信息公开工作年度报告"]).metadata
        #expect(meta.title?.value == "XX市XX局 2024年政府信息公开工作年度报告")
        #expect(meta.title?.line == 1)
    }

    @Test("no year in the title: the year of the statistical period")
    func periodYear() throws {
        let head = ["XX市XX局政府信息公开工作年度报告", "", "本报告所列数据的统计期限自2023年1月1日起至2023年12月31日止。", ""]
        let meta = try Self.report(head: head).metadata
        #expect(meta.agency?.value == "XX市XX局")
        #expect(meta.agency?.source == .title)
        #expect(meta.titleYear == nil)
        #expect(meta.year?.value == 2023)
        #expect(meta.year?.source == .period)
        #expect(meta.year?.line == 3)
        let period = try #require(meta.period)
        #expect(period.value == DatePeriod(start: CalendarDate(year: 2023, month: 1, day: 1), end: CalendarDate(year: 2023, month: 12, day: 31)))
        #expect(period.source == .period)
        #expect(period.line == 3)
    }

    @Test("本报告统计数据从…至… is a statistical period too (seed 003)")
    func statisticsFrom() throws {
        let meta = ReportParser.parse(text: try Fixtures.seedText("003"), file: "x").metadata
        #expect(meta.period?.value == DatePeriod(start: CalendarDate(year: 2024, month: 1, day: 1),
                                                 end: CalendarDate(year: 2024, month: 12, day: 31)))
        #expect(meta.period?.line == 5)
    }

    @Test("no year in the title nor a period: the 数据核定 date")
    func dataDateYear() throws {
        let text = try Fixtures.seedText("003")
            .replacingOnce("惠农区卫生健康局 2024 年政府信息公开工作年度报告\n", with: "惠农区卫生健康局政府信息公开工作年度报告\n")
            .replacingOnce("本报告统计数据从 2024 年 1 月 1 日至 12 月 31 日", with: "本报告统计数据为全年数据")
            .replacingOnce("二、主动公开政府信息情况\n", with: "二、主动公开政府信息情况\n数据核定时间点为 2023 年 12 月 31 日。\n")
        let meta = ReportParser.parse(text: text, file: "x").metadata
        #expect(meta.titleYear == nil)
        #expect(meta.period == nil)
        #expect(meta.dataDate?.value == CalendarDate(year: 2023, month: 12, day: 31))
        #expect(meta.dataDate?.line == 32)
        #expect(meta.year?.value == 2023)
        #expect(meta.year?.source == .dataDate)
        #expect(meta.year?.line == 32)
    }

    @Test("the title's year wins over the period's")
    func titleYearWins() throws {
        let head = ["XX市XX局2024年政府信息公开工作年度报告", "统计期限自2023年1月1日起至2023年12月31日止。"]
        let meta = try Self.report(head: head).metadata
        #expect(meta.year?.value == 2024)
        #expect(meta.year?.source == .title)
        #expect(meta.period?.value.end.year == 2023)
    }

    @Test("a period written with spaces and 号, and other markers", arguments: [
        ("统计期限自 2024 年 1 月 1 日起至 2024 年 12 月 31 日止", 2024),
        ("统计时限为2022年1月1日至2022年12月31日", 2022),
        ("统计期间：2021年1月1号—2021年12月31号", 2021),
    ])
    func periodVariants(sentence: String, year: Int) throws {
        let meta = try Self.report(head: ["政府信息公开工作年度报告", sentence]).metadata
        #expect(meta.period?.value.start == CalendarDate(year: year, month: 1, day: 1))
        #expect(meta.period?.value.end == CalendarDate(year: year, month: 12, day: 31))
        #expect(meta.year?.value == year)
        #expect(meta.year?.source == .period)
    }

    @Test("a period whose end date leaves out the year")
    func periodWithoutEndYear() throws {
        let head = ["XX市XX局政府信息公开工作年度报告", "本报告所列数据的统计期限自2024年1月1日起至12月31日止。"]
        let meta = try Self.report(head: head).metadata
        #expect(meta.period?.value == DatePeriod(start: CalendarDate(year: 2024, month: 1, day: 1),
                                                 end: CalendarDate(year: 2024, month: 12, day: 31)))
        #expect(meta.year?.source == .period)
        #expect(meta.year?.value == 2024)
    }

    @Test("a title in book-title marks: the agency without the mark")
    func titleInBookTitleMarks() throws {
        let meta = try Self.report(head: ["《XX市XX局2024年政府信息公开工作年度报告》"]).metadata
        #expect(meta.year?.value == 2024)
        #expect(meta.year?.source == .title)
        #expect(meta.agency?.value == "XX市XX局")
    }

    @Test("the signature date at the end is published; the agency above it when the title has none")
    func signature() throws {
        let report = try Self.report(head: ["政府信息公开工作年度报告"], tail: ["", "XX市XX局", "", "2025年1月15日", ""])
        let meta = report.metadata
        let last = report.lines.count
        #expect(meta.published?.value == CalendarDate(year: 2025, month: 1, day: 15))
        #expect(meta.published?.source == .signature)
        // The tail ends with a line break: the date is the last line.
        #expect(meta.published?.line == last)
        #expect(report.line(last) == "2025年1月15日")
        #expect(meta.agency?.value == "XX市XX局")
        #expect(meta.agency?.source == .signature)
        #expect(meta.agency?.line == last - 2)
        // The title's agency, when there is one, is kept.
        let titled = try Self.report(head: ["YY县YY局2024年政府信息公开工作年度报告"], tail: ["XX市XX局", "2025年1月15日"])
        #expect(titled.metadata.agency?.value == "YY县YY局")
        #expect(titled.metadata.agency?.source == .title)
        #expect(titled.metadata.published?.value == CalendarDate(year: 2025, month: 1, day: 15))
    }

    @Test("signature dates as reports write them", arguments: [
        ("2025年1月20日", CalendarDate(year: 2025, month: 1, day: 20)),
        ("2025 年 1 月 20 日", CalendarDate(year: 2025, month: 1, day: 20)),
        ("２０２５年１月２０日", CalendarDate(year: 2025, month: 1, day: 20)),
        ("\u{3000}\u{3000}\u{3000}\u{3000}2025年03月05日", CalendarDate(year: 2025, month: 3, day: 5)),
        ("2025年1月20号", CalendarDate(year: 2025, month: 1, day: 20)),
    ])
    func signatureFormats(line: String, date: CalendarDate) throws {
        let report = try Self.report(head: ["政府信息公开工作年度报告"], tail: ["XX市XX局", line])
        #expect(report.metadata.published?.value == date)
        #expect(report.metadata.published?.line == report.lines.count)
    }

    @Test("a date inside the last paragraph's sentence is not a signature")
    func noSignature() throws {
        let tail = ["本报告所涉数据统计截至2024年12月31日，如对本报告有疑问请与我局办公室联系，电话：0000-0000000。"]
        let report = try Self.report(head: ["政府信息公开工作年度报告"], tail: tail)
        #expect(report.metadata.published == nil)
    }

    // MARK: DateScanner

    @Test("DateScanner.dates reads 年月日 dates, with spaces and 号")
    func dates() {
        #expect(DateScanner.dates(in: "自2024年1月1日起至2024年12月31日止") ==
            [CalendarDate(year: 2024, month: 1, day: 1), CalendarDate(year: 2024, month: 12, day: 31)])
        #expect(DateScanner.dates(in: "2024 年 12 月 31 日") == [CalendarDate(year: 2024, month: 12, day: 31)])
        #expect(DateScanner.dates(in: "2025年1月20号") == [CalendarDate(year: 2025, month: 1, day: 20)])
        #expect(DateScanner.dates(in: "2024年13月1日").isEmpty)
        #expect(DateScanner.dates(in: "2024年12月32日").isEmpty)
        #expect(DateScanner.dates(in: "2024年12月").isEmpty)
        #expect(DateScanner.dates(in: "12024年1月1日").isEmpty)
        #expect(DateScanner.dates(in: "1989年1月1日").isEmpty)
        #expect(DateScanner.dates(in: "").isEmpty)
    }

    @Test("DateScanner.dates rejects days a month does not have")
    func impossibleDates() {
        #expect(DateScanner.dates(in: "2025年2月30日").isEmpty)
        #expect(DateScanner.dates(in: "2025年4月31日").isEmpty)
        #expect(DateScanner.dates(in: "2023年2月29日").isEmpty)
        #expect(DateScanner.dates(in: "2024年2月29日") == [CalendarDate(year: 2024, month: 2, day: 29)])
    }

    @Test("DateScanner.years finds years, years of report and dates")
    func years() {
        let mentions = DateScanner.years(in: "2024年度，我局于2025年1月20日发布；2023 年相比", lineNumber: 7)
        #expect(mentions.map(\.year) == [2024, 2025, 2023])
        #expect(mentions.map(\.isYearOfReport) == [true, false, false])
        #expect(mentions.map(\.isDate) == [false, true, false])
        #expect(mentions.map(\.offset) == [0, 10, 23])
        #expect(mentions.allSatisfy { $0.line == 7 })
        #expect(DateScanner.years(in: "共20245年", lineNumber: 1).isEmpty)
        #expect(DateScanner.years(in: "电话2024", lineNumber: 1).isEmpty)
        #expect(DateScanner.years(in: "2100年", lineNumber: 1).isEmpty)
        #expect(DateScanner.years(in: "2024年", lineNumber: 1).map(\.year) == [2024])
        #expect(DateScanner.years(in: "2024年1月", lineNumber: 1).first?.isDate == true)
    }

    @Test("the year a path files a report under: the file name's one standalone year, else its folder's")
    func filedYearFromPath() {
        let cases: [(String, Int?)] = [
            ("corpus/兖州区/2024.txt", 2024), ("2024年度报告.txt", 2024), ("2024/兖州区卫健局.txt", 2024),
            ("a/2023/2024.txt", 2024), ("x/2022/.txt", 2022), ("dir/2024/", 2024), ("2024-2024.txt", 2024),
            ("e8ec6a5d2024.txt", nil), ("20240131.txt", nil), ("19901.txt", nil), ("2023-2024.txt", nil),
            ("2023/2023-2024.txt", nil), ("1989.txt", nil), ("2100.txt", nil), ("report.txt", nil), ("/", nil), ("", nil),
            ("2019/report.v2.txt", 2019), ("Reports/2021年/某局.txt", 2021),
        ]
        for (path, year) in cases {
            let filed = FiledYear.from(path: path)
            #expect(filed?.value == year, "\(path)")
            #expect(filed.map { $0.source == .path && $0.line == nil } ?? true)
        }
    }
}


/// The audit's first pass reads reports without their tables to pair the years: it must find exactly the
/// metadata, sections and lines a full read finds.
@Suite("Metadata without tables")
struct MetadataOnlyTests {
    @Test("every fixture report gives the same metadata with and without its tables")
    func sameMetadata() throws {
        let folder = TestFiles.root.appendingPathComponent("Fixtures")
        let files = try #require(FileManager.default.enumerator(atPath: folder.path)).compactMap { $0 as? String }
            .filter { !$0.hasSuffix(".json") && !$0.hasSuffix(".py") && !$0.hasSuffix(".csv") && !$0.hasSuffix(".yaml") }
        var full = ReportFileReader(), light = ReportFileReader(), compared = 0
        for name in files.sorted() {
            let path = folder.appendingPathComponent(name).path
            guard case .success(let whole) = full.load(path, maximumBytes: 1 << 24) else { continue }
            let partial = try light.load(path, maximumBytes: 1 << 24, tables: false).get()
            #expect(partial.report.metadata == whole.report.metadata, "\(name)")
            #expect(partial.report.sections == whole.report.sections, "\(name)")
            #expect(partial.report.lines == whole.report.lines, "\(name)")
            #expect(partial.report.tables.isEmpty, "\(name)")
            compared += 1
        }
        #expect(compared > 40)
    }
}
