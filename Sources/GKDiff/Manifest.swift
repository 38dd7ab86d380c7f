import Foundation
import GKModel
import GKParse

/// A corpus's `manifest.csv`: what the supervisor knows of each file, which overrides what the text says.
///
///     file,agency,year,agency_kind,region
///     兖州区卫健局/2024.txt,济宁市兖州区卫生健康局,2024,department,济宁市
///
/// `file` is relative to the folder holding the manifest; the other columns may be left empty.
public struct Manifest: Sendable {
    public struct Entry: Sendable, Hashable {
        public let agency: String?
        public let year: Int?
        public let agencyKind: AgencyKind?
        public let region: String?
        /// The manifest's own line, for messages.
        public let line: Int
    }

    /// The manifest file's path.
    public let path: String
    /// Entries by the file's path as the corpus lists it (folder joined with the manifest's `file`).
    public let entries: [String: Entry]

    public static let fileName = "manifest.csv"
    static let columns = ["file", "agency", "year", "agency_kind", "region"]

    /// The manifest of a corpus folder, if it has one.
    public static func load(folder: String) throws(FileError) -> Manifest? {
        let path = (folder as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path), var text = String(data: data, encoding: .utf8) else {
            throw FileError(path: path, message: "清单无法读取（须为 UTF-8 编码的 CSV）")
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let rows = CSV.rows(text)
        guard let header = rows.first?.fields.map({ $0.trimmingCharacters(in: .whitespaces) }),
              header.first == "file" else {
            throw FileError(path: path, line: 1, message: "清单第一行须为列名：\(columns.joined(separator: ","))")
        }
        for name in header where !columns.contains(name) {
            throw FileError(path: path, line: 1, message: "清单没有列「\(name)」（可用：\(columns.joined(separator: "、"))）")
        }
        var entries: [String: Entry] = [:]
        for row in rows.dropFirst() where !row.fields.allSatisfy({ $0.isEmpty }) {
            var field: [String: String] = [:]
            for (name, value) in zip(header, row.fields) {
                let trimmed = value.trimmingCharacters(in: .whitespaces)
                if !trimmed.isEmpty { field[name] = trimmed }
            }
            guard let file = field["file"] else { throw FileError(path: path, line: row.line, message: "清单缺少 file") }
            var year: Int?
            if let text = field["year"] {
                guard let value = Int(text), (1990...2099).contains(value) else {
                    throw FileError(path: path, line: row.line, message: "year「\(text)」不是年份")
                }
                year = value
            }
            var kind: AgencyKind?
            if let text = field["agency_kind"] {
                guard let value = AgencyKind(rawValue: text) else {
                    throw FileError(path: path, line: row.line, message: "agency_kind 须为 department 或 government，实为「\(text)」")
                }
                kind = value
            }
            let key = (folder as NSString).appendingPathComponent(file)
            if entries[key] != nil { throw FileError(path: path, line: row.line, message: "文件「\(file)」在清单中出现两次") }
            entries[key] = Entry(agency: field["agency"], year: year, agencyKind: kind, region: field["region"], line: row.line)
        }
        return Manifest(path: path, entries: entries)
    }

    /// Overrides a report's agency, year and agency kind with its entry, if it has one.
    public func apply(to report: inout Report) {
        guard let entry = entries[report.file] else { return }
        if let agency = entry.agency { report.metadata.agency = Sourced(agency, source: .manifest, line: nil) }
        if let year = entry.year {
            report.metadata.filedYear = Sourced(year, source: .manifest, line: nil)
            report.metadata.year = Sourced(year, source: .manifest, line: nil)
        }
        if let kind = entry.agencyKind { report.metadata.agencyKind = Sourced(kind, source: .manifest, line: nil) }
    }
}

/// Just enough CSV: commas, double-quoted fields with doubled quotes and line breaks inside.
enum CSV {
    struct Row {
        let fields: [String]
        /// The 1-based line the row starts on.
        let line: Int
    }

    static func rows(_ text: String) -> [Row] {
        var rows: [Row] = []
        var fields: [String] = [], field = "", quoted = false, line = 1, rowLine = 1
        var characters = text.makeIterator()
        var pending: Character?
        while let c = pending ?? characters.next() {
            pending = nil
            if quoted {
                if c == "\"" {
                    let next = characters.next()
                    if next == "\"" { field.append("\"") } else {
                        quoted = false
                        pending = next
                    }
                } else {
                    if c == "\n" || c == "\r\n" { line += 1 }
                    field.append(c)
                }
                continue
            }
            switch c {
            case "\"": quoted = true
            case ",":
                fields.append(field)
                field = ""
            case "\n", "\r\n", "\r":
                fields.append(field)
                rows.append(Row(fields: fields, line: rowLine))
                fields = []
                field = ""
                line += 1
                rowLine = line
            default: field.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty {
            fields.append(field)
            rows.append(Row(fields: fields, line: rowLine))
        }
        return rows
    }
}
