import GKModel

/// What rules may ask of a report besides its cells: `report.<field>`, and the sentences of its text.
final class ReportFacts {
    let report: Report
    /// The report's sentences (its paragraphs split), built the first time a narrative check asks.
    private(set) lazy var sentences: [Sentence] = Narrative.sentences(of: paragraphs)
    /// The report's paragraphs, built the first time a check compares texts.
    private(set) lazy var paragraphs: [Sentence] = Narrative.paragraphs(of: report)

    /// Other files of the corpus for the same agency and year.
    let duplicates: [String]

    init(report: Report, duplicates: [String] = []) {
        self.report = report
        self.duplicates = duplicates
    }

    /// The report's cell at `path`, read in place: a rule reads hundreds of cells, and reaching the
    /// report through an optional copied the whole struct for each.
    func cell(_ path: CellPath) -> Cell { report.cell(path) }

    /// Whether the report has each table (`TableID.allCases` order), as `has_table` asks of every cell.
    private lazy var tablesPresent: [Bool] = TableID.allCases.map { report.tables[$0]?.isPresent ?? false }

    func hasTable(_ id: TableID) -> Bool {
        switch id {
        case .disclosure: return tablesPresent[0]
        case .applications: return tablesPresent[1]
        case .reviewLitigation: return tablesPresent[2]
        }
    }

    /// The report's format: the format of every `SchemaCell` slot read from it.
    var format: FormatVersion { report.metadata.format }

    /// The report's cells as read, by slot (`SchemaCells.cells(of: format)`), made the first time a rule
    /// reads a cell: each cell is looked up by its path once per report, not once per read.
    private(set) lazy var cells: [(cell: Cell, value: Value)] = {
        // Slots run row by row: each row of the report is looked up once, as `report.cell` would find it.
        var result: [(cell: Cell, value: Value)] = []
        result.reserveCapacity(SchemaCells.cells(of: format).count)
        var current: (table: TableID, row: String, found: TableRow?)?
        for schemaCell in SchemaCells.cells(of: format) {
            let path = schemaCell.path
            if current == nil || current!.table != path.table || current!.row != path.row {
                current = (path.table, path.row, report.tables[path.table]?.rows[path.row])
            }
            let cell = current!.found?[path.column] ?? .missing(line: nil)
            result.append((cell, Value(cell: cell, path: path)))
        }
        return result
    }()

    /// The values of `cells`, by slot, apart: most reads want only the value. Filled on the first read
    /// (every format has cells), and not a lazy property: each access to one would retain the array.
    /// Used by one check at a time (as `Evaluator`), so it skips the runtime's exclusivity checks.
    @exclusivity(unchecked) private var values: [Value] = []

    /// The cell's value as read (`read(_:).value`, without copying the cell).
    func value(_ schemaCell: SchemaCell) -> Value {
        let slot = schemaCell.slots[format.index]
        guard slot >= 0 else { return read(schemaCell).value }
        if values.isEmpty { values = cells.map(\.value) }
        return values[slot]
    }

    /// The cell and its value as read.
    func read(_ schemaCell: SchemaCell) -> (cell: Cell, value: Value) {
        let slot = schemaCell.slots[format.index]
        if slot >= 0 { return cells[slot] }
        // Not a cell of the report's format: missing, as the report itself answers.
        let cell = report.cell(schemaCell.path)
        return (cell, Value(cell: cell, path: schemaCell.path))
    }

    /// The fields of `report.`, with what each means (for `gkaudit rules explain` and load-time checks).
    static let fields: [(name: String, meaning: String)] = [
        ("year", "报告年度（标题、统计期限、数据核定时间或正文推断）"),
        ("year_source", "报告年度的来源：title / period / data_date / manifest / path / inferred"),
        ("title_year", "标题所写的年度"),
        ("title_agency", "标题所写的发布机关"),
        ("period_start", "统计期限起始日"),
        ("period_end", "统计期限截止日"),
        ("period_year", "统计期限截止日所在年度"),
        ("data_date", "数据核定时间点"),
        ("published", "落款日期"),
        ("agency", "发布机关"),
        ("agency_source", "发布机关的来源：title / manifest / path / inferred"),
        ("agency_kind", "机关类别：government（县级以上地方人民政府）或 department（部门及其他）"),
        ("filed_year", "语料按目录、文件名或清单归入的年度"),
        ("text_year", "报告文字本身（标题、统计期限、数据核定时间）所写的年度，不受清单和文件名影响"),
        ("format", "报告格式：2021 或 2019"),
        ("title", "标题"),
        ("file", "文件路径"),
        ("duplicates", "语料中同一机关、同一年度的其他报告文件（列表）"),
    ]

    static let fieldNames = Set(fields.map(\.name))

    func field(_ name: String) -> Value {
        let metadata = report.metadata
        switch name {
        case "year": return metadata.year.map { .number(.integer($0.value)) } ?? .absent
        case "year_source": return metadata.year.map { .string($0.source.rawValue) } ?? .absent
        case "title_year": return metadata.titleYear.map { .number(.integer($0.value)) } ?? .absent
        case "title_agency": return metadata.titleAgency.map { .string($0.value) } ?? .absent
        case "period_start": return metadata.period.map { .date($0.value.start) } ?? .absent
        case "period_end": return metadata.period.map { .date($0.value.end) } ?? .absent
        case "period_year": return metadata.period.map { .number(.integer($0.value.end.year)) } ?? .absent
        case "data_date": return metadata.dataDate.map { .date($0.value) } ?? .absent
        case "published": return metadata.published.map { .date($0.value) } ?? .absent
        case "agency": return metadata.agency.map { .string($0.value) } ?? .absent
        case "agency_source": return metadata.agency.map { .string($0.source.rawValue) } ?? .absent
        case "agency_kind":
            if let kind = metadata.agencyKind { return .string(kind.value.rawValue) }
            return metadata.agency.map { .string(AgencyKind(name: $0.value).rawValue) } ?? .absent
        case "filed_year": return metadata.filedYear.map { .number(.integer($0.value)) } ?? .absent
        case "text_year": return metadata.textYear.map { .number(.integer($0.value)) } ?? .absent
        case "format": return .string(metadata.format.rawValue)
        case "title": return metadata.title.map { .string($0.value) } ?? .absent
        case "file": return .string(report.file)
        case "duplicates": return .list(duplicates.map(Value.string))
        default: return .absent
        }
    }

    /// The line a metadata field was read from, for locating year findings.
    func line(ofField name: String) -> Int? {
        let metadata = report.metadata
        switch name {
        case "year", "year_source": return metadata.year?.line
        case "text_year": return metadata.textYear?.line
        case "title_year": return metadata.titleYear?.line
        case "title_agency": return metadata.titleAgency?.line
        case "period_start", "period_end", "period_year": return metadata.period?.line
        case "data_date": return metadata.dataDate?.line
        case "published": return metadata.published?.line
        case "agency", "agency_source", "agency_kind": return metadata.agency?.line
        case "title": return metadata.title?.line
        default: return nil
        }
    }
}

