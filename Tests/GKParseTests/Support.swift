import Foundation
@_exported import GKTestSupport
import GKExport
import GKModel
@testable import GKParse
import Testing

/// Shared fixtures and helpers of the GKParse tests.
enum Fixtures {
    static let root = TestFiles.root

    static func url(_ relative: String) -> URL { root.appendingPathComponent(relative) }
    static func path(_ relative: String) -> String { url(relative).path }

    /// The five seed files, by name.
    static let seedNames = TestFiles.seedNames

    /// The seed whose name starts with `prefix` ("000"…"004").
    static func seedName(_ prefix: String) -> String {
        seedNames.first { $0.hasPrefix(prefix) }!
    }

    static func seedPath(_ prefix: String) -> String { path("Fixtures/seeds/" + seedName(prefix)) }

    static func data(_ relative: String) throws -> Data { try Data(contentsOf: url(relative)) }

    /// A seed's text (UTF-8, as stored).
    static func seedText(_ prefix: String) throws -> String {
        try String(contentsOf: url("Fixtures/seeds/" + seedName(prefix)), encoding: .utf8)
    }

    /// A seed's text, parsed.
    static func seedReport(_ prefix: String) throws -> Report {
        ReportParser.parse(text: try seedText(prefix), file: seedName(prefix))
    }

    /// Files of a fixture folder (sorted, `.txt` only).
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: path(folder)).filter { $0.hasSuffix(".txt") }.sorted()
    }
}

/// What `Fixtures/seeds-expected.json` says about one seed.
struct ExpectedReport: Sendable {
    let name: String
    let agency: String?
    let year: Int?
    let published: String?
    /// Every cell of the three tables, in file order; nil = missing.
    let cells: [(path: CellPath, value: Int?)]

    static let all: [String: ExpectedReport] = {
        let data = try! Fixtures.data("Fixtures/seeds-expected.json")
        let root = try! JSONSerialization.jsonObject(with: data) as! [String: Any]
        let files = root["files"] as! [String: Any]
        var result: [String: ExpectedReport] = [:]
        for (name, value) in files {
            let file = value as! [String: Any]
            let tables = file["tables"] as! [String: Any]
            var cells: [(CellPath, Int?)] = []
            for table in TableID.allCases {
                let rows = tables[table.rawValue] as! [String: Any]
                // Canonical order (the JSON object is unordered once read).
                for path in Schema.table(table, format: .v2021).cellPaths {
                    let row = rows[path.row] as! [String: Any]
                    let cell = row[path.column]!
                    cells.append((path, cell is NSNull ? nil : (cell as! NSNumber).intValue))
                }
                precondition(rows.count == Schema.table(table, format: .v2021).rows.count, "\(name): \(table.rawValue)")
            }
            result[name] = ExpectedReport(
                name: name,
                agency: file["agency"] as? String,
                year: (file["year"] as? NSNumber)?.intValue,
                published: file["published"] as? String,
                cells: cells)
        }
        return result
    }()

    /// The expectation for the seed whose name starts with the first three characters of `file`.
    static func forFile(_ file: String) -> ExpectedReport {
        let prefix = String((file as NSString).lastPathComponent.prefix(3))
        return all[Fixtures.seedName(prefix)]!
    }

    func value(_ path: String) -> Int?? {
        cells.first { $0.path.description == path }.map(\.value)
    }
}

/// Checks every cell of `report` against the expectation; returns the number of cells compared.
@discardableResult
func expectCells(_ report: Report, equal expected: ExpectedReport, context: String,
                 sourceLocation: SourceLocation = #_sourceLocation) -> Int {
    for (path, value) in expected.cells {
        let cell = report.cell(path)
        if let value {
            #expect(cell.value == .integer(value), "\(context): \(path) = \(String(describing: cell.value)), expected \(value)",
                    sourceLocation: sourceLocation)
        } else {
            #expect(cell.isMissing, "\(context): \(path) should be missing, is \(String(describing: cell.value))",
                    sourceLocation: sourceLocation)
        }
    }
    return expected.cells.count
}

/// The JSON of a report with its `file` member blanked, rendered, for comparisons across encodings.
func jsonIgnoringFile(_ report: Report) -> String {
    guard case .object(let members) = ReportJSON.value(report) else { return "" }
    return JSONValue.object(members.map { $0.0 == "file" ? ("file", .string("")) : $0 }).rendered(pretty: true)
}

/// One member of the JSON of a report, rendered.
func jsonMember(_ report: Report, _ key: String) -> String? {
    guard case .object(let members) = ReportJSON.value(report) else { return nil }
    return members.first { $0.0 == key }?.1.rendered(pretty: false)
}

extension String {
    /// The lines of the text split on LF only (the seeds are LF files).
    var lfLines: [String] { components(separatedBy: "\n") }

    /// The text with line `number` (1-based) replaced.
    func replacingLine(_ number: Int, with text: String) -> String {
        var lines = lfLines
        lines[number - 1] = text
        return lines.joined(separator: "\n")
    }

    /// The text with `old` replaced once, checked to occur exactly once.
    func replacingOnce(_ old: String, with new: String, sourceLocation: SourceLocation = #_sourceLocation) -> String {
        let count = components(separatedBy: old).count - 1
        #expect(count == 1, "“\(old)” occurs \(count) times", sourceLocation: sourceLocation)
        return replacingOccurrences(of: old, with: new)
    }
}

