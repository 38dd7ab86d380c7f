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

    /// The values of the report's cells as read, by slot (`SchemaCells.cells(of: format)`), made on the first
    /// read (every format has cells): each cell is looked up by its path once per report, not once per read.
    /// Not a lazy property: each access to one would retain the array. Only values are kept: the cells
    /// themselves (their text and line) are wanted for findings only, and looked up then.
    /// Used by one check at a time (as `Evaluator`), so it skips the runtime's exclusivity checks.
    @exclusivity(unchecked) private var values: [Value] = []

    private func readValues() {
        // Slots run row by row: each row of the report is looked up once, as `report.cell` would find it.
        let schemaCells = SchemaCells.cells(of: format)
        var result: [Value] = []
        result.reserveCapacity(schemaCells.count)
        var table: TableID?, rowID = "", row: TableRow?
        for schemaCell in schemaCells {
            let path = schemaCell.path
            if path.table != table || path.row != rowID {
                (table, rowID) = (path.table, path.row)
                row = report.tables[path.table]?.rows[path.row]
            }
            var value: CellValue?
            if let row, let index = row.columns.firstIndex(of: path.column) { value = row.cells[index].value }
            result.append(Value(cellValue: value, path: path))
        }
        values = result
    }

    /// The cell's value as read (`read(_:).value`, without looking up the cell).
    func value(_ reference: SchemaCellReference) -> Value {
        let slot = reference.slot(format)
        guard slot >= 0 else { return read(reference.cell).value }
        if values.isEmpty { readValues() }
        return values[slot]
    }

    /// The cell and its value as read.
    func read(_ schemaCell: SchemaCell) -> (cell: Cell, value: Value) {
        let cell = report.cell(schemaCell.path)
        if schemaCell.slots[format.index] >= 0 { return (cell, value(SchemaCellReference(schemaCell))) }
        // Not a cell of the report's format: missing, as the report itself answers.
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

