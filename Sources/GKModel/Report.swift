import Foundation

/// A calendar date as a report writes it (年月日), free of time zones.
public struct CalendarDate: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let year: Int
    public let month: Int
    public let day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// ISO 8601, e.g. `2025-01-20`.
    public var description: String {
        let m = month < 10 ? "0\(month)" : "\(month)", d = day < 10 ? "0\(day)" : "\(day)"
        return "\(year)-\(m)-\(d)"
    }

    /// As a Chinese reader writes it: `2025年1月20日`.
    public var chinese: String { "\(year)年\(month)月\(day)日" }

    public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }
}

/// A statistical period stated in the text (统计期限自…起至…止).
public struct DatePeriod: Hashable, Sendable, Codable, CustomStringConvertible {
    public let start: CalendarDate
    public let end: CalendarDate

    public init(start: CalendarDate, end: CalendarDate) {
        self.start = start
        self.end = end
    }

    /// `2024-01-01..2024-12-31`.
    public var description: String { "\(start)..\(end)" }
}

/// Where a metadata value came from.
public enum MetadataSource: String, Sendable, Codable {
    /// The report's title line(s).
    case title
    /// The statistical period sentence (统计期限自…至…).
    case period
    /// The 数据核定 date above table 1.
    case dataDate = "data_date"
    /// The signature block at the end of the report.
    case signature
    /// A corpus manifest.
    case manifest
    /// The folder or file name.
    case path
    /// Inferred from the body (e.g. the year the text speaks of as the reporting year).
    case inferred
}

/// A metadata value with its source and the line it was read from.
public struct Sourced<Value: Sendable & Hashable>: Sendable, Hashable {
    public let value: Value
    public let source: MetadataSource
    /// 1-based line in the original file; nil when not read from the text.
    public let line: Int?

    public init(_ value: Value, source: MetadataSource, line: Int?) {
        self.value = value
        self.source = source
        self.line = line
    }
}

/// What the report says about itself.
public struct ReportMetadata: Sendable, Hashable {
    public var title: Sourced<String>?
    public var agency: Sourced<String>?
    public var year: Sourced<Int>?
    public var format: FormatVersion
    public var period: Sourced<DatePeriod>?
    /// The 数据核定时间点 stated above table 1.
    public var dataDate: Sourced<CalendarDate>?
    public var published: Sourced<CalendarDate>?
    /// The year the title itself states, if it states one (the title may be silent while `year` is inferred).
    public var titleYear: Sourced<Int>?
    /// The agency the title itself names, if it names one (a manifest may set `agency` otherwise).
    public var titleAgency: Sourced<String>?
    /// The year the corpus files the report under (a manifest, or a year in the folder or file name), to
    /// compare with the year the text states.
    public var filedYear: Sourced<Int>?
    /// The year the text itself states (title, period, 数据核定), whatever the corpus says; nil when only inferred.
    public var textYear: Sourced<Int>?
    /// Department or 县级以上地方人民政府, when a manifest says so (otherwise rules read it from the agency's name).
    public var agencyKind: Sourced<AgencyKind>?

    public init(format: FormatVersion = .v2021) {
        self.format = format
    }
}

/// A label as the report writes it, where it stands.
public struct WrittenLabel: Sendable, Hashable, Codable {
    public let text: String
    public let line: Int

    public init(_ text: String, line: Int) {
        self.text = text
        self.line = line
    }
}

/// A value read from a cell.
public enum CellValue: Sendable, Hashable {
    /// A whole number (possibly negative: that is for a rule to report).
    case integer(Int)
    /// A number with a fractional part, kept exact.
    case decimal(Decimal)
    /// Something that is not a number (e.g. "无", "不详").
    case text(String)

    /// The value as an exact decimal number, nil for text.
    public var number: Decimal? {
        switch self {
        case .integer(let v): return Decimal(v)
        case .decimal(let v): return v
        case .text: return nil
        }
    }
}

/// One table cell: a value or missing (blank), with the line it stands on.
public struct Cell: Sendable, Hashable {
    /// nil when the cell is blank or was not found: missing, never 0.
    public let value: CellValue?
    /// The cell's text as written (after whitespace normalisation); empty when blank.
    public let raw: String
    /// 1-based line of the cell, or of its row when the cell is missing.
    public let line: Int?

    public init(value: CellValue?, raw: String, line: Int?) {
        self.value = value
        self.raw = raw
        self.line = line
    }

    public static func missing(line: Int?) -> Cell { Cell(value: nil, raw: "", line: line) }

    public var isMissing: Bool { value == nil }
}

/// A row of a table as found: its label as written and its cells by column ID.
public struct TableRow: Sendable, Hashable {
    /// The row's own label as written (the leaf, without the merged group cell).
    public let label: WrittenLabel?
    /// The column IDs, in the row's order.
    public let columns: [String]
    /// The cells, one per column, in the same order.
    public private(set) var cells: [Cell]

    public init(label: WrittenLabel?, columns: [String], cells: [Cell]) {
        precondition(columns.count == cells.count, "a cell for every column")
        self.label = label
        self.columns = columns
        self.cells = cells
    }

    /// The cell of a column, nil when the row has no such column.
    public subscript(column: String) -> Cell? {
        get { columns.firstIndex(of: column).map { cells[$0] } }
        set {
            guard let index = columns.firstIndex(of: column), let newValue else { return }
            cells[index] = newValue
        }
    }
}

/// A remark the parser makes about what it read (an ambiguous row, extra numbers...).
public struct ParseNote: Sendable, Hashable, Codable {
    public let line: Int?
    public let message: String

    public init(line: Int?, message: String) {
        self.line = line
        self.message = message
    }
}

/// One of the three standard tables as read from a report.
public struct ReportTable: Sendable, Hashable {
    public let id: TableID
    /// The line range the table occupies; nil when the table was not found.
    public var lines: ClosedRange<Int>?
    /// Rows found, by canonical row ID. A row absent here was not found at all.
    public var rows: [String: TableRow]
    /// Column headers as written, by `row.column` key of the first row they head
    /// (table 1), or by column ID (tables 2 and 3).
    public var columnLabels: [String: WrittenLabel]
    /// Units stated in headers, by `row.column` (e.g. `fees.amount` → "万元").
    public var units: [String: WrittenLabel]
    public var notes: [ParseNote]
    /// Rows whose numbers were damaged in the text (run together, broken), in the table's order.
    public var repairs: [RowRepair]

    public init(id: TableID) {
        self.id = id
        self.lines = nil
        self.rows = [:]
        self.columnLabels = [:]
        self.units = [:]
        self.notes = []
        self.repairs = []
    }

    public var isPresent: Bool { lines != nil }

    /// The cell at `row.column`; missing when the row or cell was not found.
    public func cell(row: String, column: String) -> Cell {
        rows[row]?[column] ?? .missing(line: nil)
    }
}

/// One of the six sections as found.
public struct ReportSection: Sendable, Hashable {
    public let id: SectionID
    /// The heading as written.
    public let heading: String
    /// Lines from the heading to the last line before the next section (1-based, inclusive).
    public let lines: ClosedRange<Int>
    /// The body's lines (after the heading, blank lines at either end left out); they share the
    /// report's storage and keep its indices (line − 1).
    public let bodyLines: ReportLines

    public init(id: SectionID, heading: String, lines: ClosedRange<Int>, bodyLines: ReportLines) {
        self.id = id
        self.heading = heading
        self.lines = lines
        self.bodyLines = bodyLines
    }

    /// The body text, joined with newlines.
    public var body: String { bodyLines.joined(separator: "\n") }

    /// The 1-based line number of the first body line (nil when the body is empty).
    public var firstBodyLine: Int? { bodyLines.isEmpty ? nil : bodyLines.startIndex + 1 }
}

/// A parsed annual report: metadata, sections, tables and the normalised text.
public struct Report: Sendable {
    /// The file path as given on the command line (or a name for in-memory text).
    public let file: String
    public var metadata: ReportMetadata
    public var sections: [SectionID: ReportSection]
    public var tables: [TableID: ReportTable]
    /// The normalised text, one element per original line (index = line − 1).
    public let lines: ReportLines

    public init(file: String, metadata: ReportMetadata, sections: [SectionID: ReportSection],
                tables: [TableID: ReportTable], lines: ReportLines) {
        self.file = file
        self.metadata = metadata
        self.sections = sections
        self.tables = tables
        self.lines = lines
    }

    /// Everything the parser noted about the tables, in table order.
    public var notes: [ParseNote] { TableID.allCases.flatMap { table($0).notes } }

    public func table(_ id: TableID) -> ReportTable { tables[id] ?? ReportTable(id: id) }

    /// The cell at a canonical path; missing when not found.
    public func cell(_ path: CellPath) -> Cell {
        tables[path.table]?.cell(row: path.row, column: path.column) ?? .missing(line: nil)
    }

    /// The text of line `number` (1-based), empty when out of range.
    public func line(_ number: Int) -> String {
        number >= 1 && number <= lines.count ? lines[number - 1] : ""
    }
}

/// Which deadline of 《条例》第四十九条 applies: a 县级以上地方人民政府 publishes by 31 March, its departments
/// (and other bodies that report, such as hospitals and schools) by 31 January.
public enum AgencyKind: String, Sendable, Hashable {
    case government
    case department

    /// Read from the agency's name: `…市人民政府`, `…县人民政府` are governments; a 乡/镇 government and
    /// everything else (…局, …委员会, …人民政府办公室, 医院) report as departments do.
    public init(name: String) {
        let trimmed = name.filter { $0 != " " }
        if trimmed.hasSuffix("人民政府"), !trimmed.hasSuffix("乡人民政府"), !trimmed.hasSuffix("镇人民政府") {
            self = .government
        } else {
            self = .department
        }
    }
}
