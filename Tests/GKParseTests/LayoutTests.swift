import Foundation
import GKModel
@testable import GKParse
import Testing

/// The seeds as `pdftotext -layout` writes them (space-aligned columns, wrapped labels, form feeds).
@Suite("pdftotext -layout")
struct LayoutTests {
    static let layoutFiles = [
        "000_e8ec6a5d6c0a1c89.pdf-layout.txt",
        "001_1705811733659c39.pdf-layout.txt",
        "002_f90b525eb7280150.pdf-layout-narrow.txt",
        "002_f90b525eb7280150.pdf-layout.txt",
        "003_f6478d7b7b0e6afc.pdf-layout.txt",
    ]

    @Test("the fixture folder holds exactly the files tested here")
    func folderListing() throws {
        #expect(try Fixtures.files(in: "Fixtures/layout") == Self.layoutFiles)
    }

    @Test("same cells, agency and year as the seed", arguments: layoutFiles)
    func layoutMatchesSeed(name: String) throws {
        let data = try Fixtures.data("Fixtures/layout/" + name)
        let (report, encoding) = try ReportParser.parse(data: data, file: name)
        #expect(encoding == .utf8)
        let expected = ExpectedReport.forFile(name)
        expectCells(report, equal: expected, context: name)
        #expect(report.metadata.agency?.value == expected.agency)
        #expect(report.metadata.year?.value == expected.year)
        #expect(report.metadata.year?.source == .title)
        #expect(report.metadata.published?.value.description == expected.published)
        #expect(report.metadata.format == .v2021)
        #expect(Set(report.sections.keys) == Set(SectionID.allCases), "\(name): \(report.sections.keys.map(\.rawValue).sorted())")
        for table in TableID.allCases {
            #expect(report.table(table).isPresent, "\(name): \(table.rawValue)")
            #expect(report.table(table).notes.isEmpty, "\(name): \(report.table(table).notes)")
        }
    }

    @Test("cells are found on the lines that carry them", arguments: layoutFiles)
    func layoutCellLines(name: String) throws {
        let text = try String(contentsOf: Fixtures.url("Fixtures/layout/" + name), encoding: .utf8)
        let report = ReportParser.parse(text: text, file: name)
        // Form feeds are dropped but do not end lines: one element per line of the file.
        #expect(report.lines.count == text.components(separatedBy: "\n").count)
        #expect(report.lines.allSatisfy { !$0.contains("\u{0C}") })
        for table in TableID.allCases {
            for path in Schema.table(table, format: .v2021).cellPaths {
                let cell = report.cell(path)
                guard case .integer(let value) = cell.value else { continue }
                let line = try #require(cell.line)
                let numbers = report.line(line).split(whereSeparator: { $0 == " " || $0 == "\t" })
                #expect(numbers.contains(Substring(String(value))), "\(name): \(path) on line \(line): “\(report.line(line))”")
            }
        }
    }

    @Test("named cells of the layout files, with their lines")
    func namedLayoutCells() throws {
        let r001 = ReportParser.parse(text: try String(contentsOf: Fixtures.url("Fixtures/layout/" + Self.layoutFiles[1]), encoding: .utf8), file: "001")
        let punishment = r001.cell(CellPath("disclosure.punishment.decisions")!)
        #expect(punishment.value == .integer(41))
        #expect(r001.line(try #require(punishment.line)).contains("行政处罚"))

        let narrow = ReportParser.parse(text: try String(contentsOf: Fixtures.url("Fixtures/layout/" + Self.layoutFiles[2]), encoding: .utf8), file: "002n")
        #expect(narrow.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(68))
        #expect(narrow.cell(CellPath("disclosure.punishment.decisions")!).line == 96)
        #expect(narrow.cell(CellPath("disclosure.coercion.decisions")!).value == .integer(2))
        #expect(narrow.cell(CellPath("disclosure.coercion.decisions")!).line == 97)
        // The wrapped 本年新收 label (lines 110–112): its numbers stand on line 111.
        #expect(narrow.cell(CellPath("applications.new.natural_person")!).value == .integer(1))
        #expect(narrow.cell(CellPath("applications.new.natural_person")!).line == 111)
        #expect(narrow.cell(CellPath("applications.new.total")!).line == 111)
        #expect(narrow.table(.disclosure).columnLabels["regulations.repealed"]?.text == "本年度止件数")

        let r000 = ReportParser.parse(text: try String(contentsOf: Fixtures.url("Fixtures/layout/" + Self.layoutFiles[0]), encoding: .utf8), file: "000")
        #expect(r000.cell(CellPath("disclosure.licensing.decisions")!).isMissing)
        #expect(r000.table(.disclosure).units["fees.amount"]?.text == "0 万元")
        #expect(r000.metadata.published?.value == CalendarDate(year: 2025, month: 1, day: 20))
        #expect(r000.metadata.published?.source == .signature)
    }

    // MARK: Other layouts (Fixtures/variants: Markdown rows, spaces for tabs, cells without their tab)

    static var variantFiles: [String] { (try? Fixtures.files(in: "Fixtures/variants")) ?? [] }

    @Test("every variant gives the same cells, agency and year as its seed", arguments: variantFiles)
    func variantMatchesSeed(name: String) throws {
        let text = try String(contentsOf: Fixtures.url("Fixtures/variants/" + name), encoding: .utf8)
        let report = ReportParser.parse(text: text, file: name)
        let expected = ExpectedReport.forFile(name)
        expectCells(report, equal: expected, context: name)
        #expect(report.metadata.agency?.value == expected.agency)
        #expect(report.metadata.year?.value == expected.year)
        #expect(report.metadata.published?.value.description == expected.published)
        // Each value stands on the line it is located at (Markdown adds rule lines, so lines move).
        for table in TableID.allCases {
            for path in Schema.table(table, format: .v2021).cellPaths {
                guard case .integer(let value) = report.cell(path).value, let line = report.cell(path).line else { continue }
                let tokens = report.line(line).split(whereSeparator: { " \t|".contains($0) })
                #expect(tokens.contains(Substring(String(value))), "\(name): \(path) on line \(line) “\(report.line(line))”")
            }
        }
    }

    @Test("one cell per line without tabs: table 1's column headers and units as in the seed", arguments: ["001", "004"])
    func plainCellsKeepHeaders(seed: String) throws {
        let name = try #require(Self.variantFiles.first { $0.hasPrefix(seed) && $0.contains("plain-cells") })
        let variant = ReportParser.parse(text: try String(contentsOf: Fixtures.url("Fixtures/variants/" + name), encoding: .utf8), file: name)
        let original = ReportParser.parse(text: try Fixtures.seedText(seed), file: seed)
        let table = variant.table(.disclosure), expected = original.table(.disclosure)
        #expect(!expected.columnLabels.isEmpty)
        #expect(table.columnLabels.mapValues(\.text) == expected.columnLabels.mapValues(\.text))
        #expect(table.units.mapValues(\.text) == expected.units.mapValues(\.text))
    }

    @Test("space-aligned: a blank cell in the middle of a row is missing, the others placed by position")
    func spaceAlignedBlankCell() throws {
        let name = "003_f6478d7b7b0e6afc.pdf-layout.txt"
        var lines = try String(contentsOf: Fixtures.url("Fixtures/layout/" + name), encoding: .utf8).lfLines
        // Line 105: "          1. 属于国家秘密        0   0    0     0   0   0   0".
        let row = Array(lines[104])
        let digits = row.indices.filter { row[$0] == "0" }
        #expect(digits.count == 7)
        var edited = row
        for (index, replacement) in zip(digits, ["3", "1", " ", "0", "1", "0", "5"] as [Character]) { edited[index] = replacement }
        lines[104] = String(edited)
        let report = ReportParser.parse(text: lines.joined(separator: "\n"), file: name)
        let cells = report.table(.applications).rows["denied_secret"]
        #expect(cells?["natural_person"]?.value == .integer(3))
        #expect(cells?["business"]?.value == .integer(1))
        #expect(cells?["research"]?.isMissing == true)
        #expect(cells?["social_org"]?.value == .integer(0))
        #expect(cells?["legal_service"]?.value == .integer(1))
        #expect(cells?["other_org"]?.value == .integer(0))
        #expect(cells?["total"]?.value == .integer(5))
        #expect(cells?["total"]?.line == 105)
        // The rows around it are untouched.
        #expect(report.cell(CellPath("applications.denied_law.total")!).value == .integer(0))
        #expect(report.cell(CellPath("applications.denied_law.total")!).line == 107)
        #expect(report.cell(CellPath("disclosure.licensing.decisions")!).value == .integer(418))
    }
}

/// A report in the 2019 format is read into that format's rows (Fixtures/synthetic).
@Suite("2019 format")
struct Format2019Tests {
    @Test("the 2019 tables' own rows and columns, with their values")
    func format2019() throws {
        let text = try String(contentsOf: Fixtures.url("Fixtures/synthetic/huinong-2020-format2019.txt"), encoding: .utf8)
        let report = ReportParser.parse(text: text, file: "2019.txt")
        #expect(report.metadata.format == .v2019)
        #expect(report.metadata.year?.value == 2020)
        func value(_ path: String) -> CellValue? { report.cell(CellPath(path)!).value }
        #expect(value("disclosure.normative_documents.published") == .integer(2))
        #expect(value("disclosure.normative_documents.in_force") == .integer(15))
        #expect(value("disclosure.licensing.change") == .integer(-1))
        #expect(value("disclosure.licensing.decisions") == .integer(418))
        #expect(value("disclosure.other_services.decisions") == .integer(20))
        #expect(value("disclosure.fees.previous_items") == .integer(2))
        #expect(value("disclosure.procurement.amount") == .decimal(Decimal(string: "36.5")!))
        #expect(Schema.column(at: CellPath("disclosure.licensing.change")!, format: .v2019)?.1.kind == .change)
        // Table 2 has 20 outcome rows: (六)其他处理 is one row, other_misc.
        #expect(Schema.table(.applications, format: .v2019).rows.count == 23)
        #expect(report.table(.applications).rows.count == 23)
        #expect(value("applications.other_misc.total") == .integer(0))
        #expect(report.table(.applications).rows["other_misc"]?.label?.text == "(六) 其他处理")
        #expect(report.notes.isEmpty)
    }
}
