import GKModel

/// The JSON form of an extracted report (`gkaudit extract --format json`), with canonical IDs.
public enum ReportJSON {
    /// The report's JSON object; `encoding` and `document` (the kind of file it came as: text, html, docx, pdf)
    /// are given by whoever read the file.
    public static func value(_ report: Report, encoding: String? = nil, document: String? = nil) -> JSONValue {
        let meta = report.metadata
        var members: [(String, JSONValue)] = [
            ("file", .string(report.file)),
            ("agency", .optional(meta.agency) { .string($0.value) }),
            ("year", .optional(meta.year) { .integer($0.value) }),
            ("format", .string(meta.format.rawValue)),
            ("title", .optional(meta.title) { .string($0.value) }),
            ("period", .optional(meta.period) { .object([("start", .string($0.value.start.description)),
                                                         ("end", .string($0.value.end.description))]) }),
            ("published", .optional(meta.published) { .string($0.value.description) }),
            ("data_date", .optional(meta.dataDate) { .string($0.value.description) }),
        ]
        if let encoding { members.append(("encoding", .string(encoding))) }
        if let document { members.append(("document", .string(document))) }
        members += [
            ("metadata_sources", metadataSources(meta)),
            ("sections", .array(SectionID.allCases.filter { report.sections[$0] != nil }.map { .string($0.rawValue) })),
            ("headings", .object(SectionID.allCases.compactMap { id in
                report.sections[id].map { section in
                    (id.rawValue, .object([("text", .string(section.heading)),
                                           ("lines", .array([.integer(section.lines.lowerBound),
                                                             .integer(section.lines.upperBound)]))]))
                }
            })),
            ("tables", tables(report) { cell in cellValue(cell) }),
            ("locations", tables(report) { cell in .optional(cell.line) { .integer($0) } }),
            ("labels", labels(report)),
            ("notes", .array(report.notes.map(note))),
        ]
        let repairs = TableID.allCases.flatMap { id in report.table(id).repairs.map { repair(id, $0) } }
        if !repairs.isEmpty { members.append(("repairs", .array(repairs))) }
        return .object(members)
    }

    /// The JSON array of several reports.
    public static func array(_ reports: [(Report, String?)]) -> JSONValue {
        .array(reports.map { value($0.0, encoding: $0.1) })
    }

    /// A cell's value: a number, a string for text that is not a number, or null when missing.
    public static func cellValue(_ cell: Cell) -> JSONValue { cellValue(cell.value) }

    /// A value: a number, a string for text that is not a number, or null when missing.
    public static func cellValue(_ value: CellValue?) -> JSONValue {
        switch value {
        case nil: return .null
        case .integer(let v): return .integer(v)
        case .decimal(let v): return .decimal(v)
        case .text(let v): return .string(v)
        }
    }

    /// `{table: {row: {column: …}}}` in canonical order, for every row of the report's format.
    private static func tables(_ report: Report, _ cellJSON: (Cell) -> JSONValue) -> JSONValue {
        .object(TableID.allCases.map { id in
            let spec = Schema.table(id, format: report.metadata.format)
            let table = report.table(id)
            return (id.rawValue, .object(spec.rows.map { row in
                (row.id, .object(row.columns.map { column in
                    (column.id, cellJSON(table.cell(row: row.id, column: column.id)))
                }))
            }))
        })
    }

    private static func labels(_ report: Report) -> JSONValue {
        .object(TableID.allCases.map { id in
            let table = report.table(id)
            let spec = Schema.table(id, format: report.metadata.format)
            let rows = spec.rows.compactMap { row in table.rows[row.id]?.label.map { (row.id, written($0)) } }
            return (id.rawValue, .object([
                ("found", .bool(table.isPresent)),
                ("lines", .optional(table.lines) { .array([.integer($0.lowerBound), .integer($0.upperBound)]) }),
                ("rows", .object(rows)),
                ("columns", .object(table.columnLabels.sorted { $0.key < $1.key }.map { ($0.key, written($0.value)) })),
                ("units", .object(table.units.sorted { $0.key < $1.key }.map { ($0.key, written($0.value)) })),
            ]))
        })
    }

    private static func written(_ label: WrittenLabel) -> JSONValue {
        .object([("text", .string(label.text)), ("line", .integer(label.line))])
    }

    private static func metadataSources(_ meta: ReportMetadata) -> JSONValue {
        func source<V>(_ value: Sourced<V>?) -> JSONValue {
            .optional(value) { .object([("source", .string($0.source.rawValue)), ("line", .optional($0.line) { .integer($0) })]) }
        }
        return .object([
            ("agency", source(meta.agency)), ("year", source(meta.year)), ("title", source(meta.title)),
            ("period", source(meta.period)), ("published", source(meta.published)),
            ("data_date", source(meta.dataDate)), ("title_year", source(meta.titleYear)),
        ])
    }

    /// A damaged row: `{table, row, line, written, damage, outcome, values, candidates, candidate_count, narrative}`.
    private static func repair(_ table: TableID, _ repair: RowRepair) -> JSONValue {
        func numbers(_ values: [Int]) -> JSONValue { .array(values.map { .integer($0) }) }
        return .object([
            ("table", .string(table.rawValue)), ("row", .string(repair.row)), ("line", .integer(repair.line)),
            ("written", .string(repair.written)), ("damage", .string(repair.damage.rawValue)),
            ("outcome", .string(repair.outcome.rawValue)), ("values", numbers(repair.values)),
            ("candidates", .array(repair.candidates.map(numbers))), ("candidate_count", .integer(repair.candidateCount)),
            ("narrative", .optional(repair.narrative) { .string($0) }),
        ])
    }

    private static func note(_ note: ParseNote) -> JSONValue {
        .object([("line", .optional(note.line) { .integer($0) }), ("message", .string(note.message))])
    }
}
