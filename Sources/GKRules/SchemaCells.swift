import GKModel

/// One cell of the standard tables, made once for the whole program: its path, its place in each
/// format's flat list of cells, and what the schema says of it. Rules refer to cells through these, so
/// reading a cell is an array index rather than a path looked up by its strings.
final class SchemaCell: Sendable {
    let path: CellPath
    /// The cell's index in `SchemaCells.cells(of:)` of each format (`slots[format.index]`), -1 where the
    /// format lacks it.
    let slots: [Int]
    /// The row and column of each format (nil where the format lacks the cell).
    let specs: [(row: RowSpec, column: ColumnSpec)?]
    /// The standard label of each format: `row_label·column_label`.
    let rowLabels: [String?]
    /// The column's kind in each format (`kind(cell)`), apart from `specs`: reading it copies no labels.
    let kinds: [ValueKind?]
    /// The column's label in the 2021 format, else the 2019 one (how a cell reads in a message).
    let displayLabel: String?

    /// Private to this file: `SchemaCells` makes each cell once and keeps it (see `SchemaCellReference`).
    fileprivate init(path: CellPath, slots: [Int], specs: [(row: RowSpec, column: ColumnSpec)?]) {
        self.path = path
        self.slots = slots
        self.specs = specs
        rowLabels = specs.map { $0.map { WrittenLabels.rowLabel($0.row) } }
        kinds = specs.map { $0?.column.kind }
        displayLabel = (specs[FormatVersion.v2021.index] ?? specs[FormatVersion.v2019.index])?.column.label
    }

    func spec(_ format: FormatVersion) -> (row: RowSpec, column: ColumnSpec)? { specs[format.index] }
}

extension FormatVersion {
    /// 0 for 2021, 1 for 2019: the index of per-format arrays.
    var index: Int { self == .v2021 ? 0 : 1 }
}

/// The interned cells of the schema, and each table's rows and columns as lists of them.
enum SchemaCells {
    /// One row of a table in one format: its column IDs and cells, in order.
    struct Row: Sendable {
        let spec: RowSpec
        let columnIDs: [String]
        let cells: [SchemaCell]

        /// The cell of a column; nil when the row has no such column.
        func cell(_ column: String) -> SchemaCell? {
            for index in columnIDs.indices where columnIDs[index] == column { return cells[index] }
            return nil
        }
    }

    /// One table in one format.
    struct Table: Sendable {
        let rowIDs: [String]
        let rows: [Row]
        /// A row's index by ID (the first, should one repeat, as `TableSpec.row` finds it).
        let rowIndex: [String: Int]
        /// Every cell of the table, in reading order, as `cells(table)` gives them.
        let cellValues: [Value]

        func row(_ id: String) -> Row? { rowIndex[id].map { rows[$0] } }
    }

    private struct Built: Sendable {
        /// `tables[format.index][table]`.
        var tables: [[TableID: Table]] = [[:], [:]]
        /// Each format's cells in slot order.
        var cells: [[SchemaCell]] = [[], []]
    }

    private static let built: Built = {
        var result = Built()
        var interned: [CellPath: SchemaCell] = [:]
        // Paths and their per-format slots and specs first; the objects once every format is known.
        var slots: [CellPath: [Int]] = [:]
        var specs: [CellPath: [(row: RowSpec, column: ColumnSpec)?]] = [:]
        var order: [[CellPath]] = [[], []]
        for format in FormatVersion.allCases {
            for table in TableID.allCases {
                let spec = Schema.table(table, format: format)
                for row in spec.rows {
                    for column in row.columns {
                        let path = CellPath(table: table, row: row.id, column: column.id)
                        // A path the schema lists twice keeps its first place, as a lookup by ID finds it.
                        guard slots[path]?[format.index] ?? -1 < 0 else { continue }
                        guard let found = Schema.column(at: path, format: format) else { continue }
                        slots[path, default: [-1, -1]][format.index] = order[format.index].count
                        specs[path, default: [nil, nil]][format.index] = (found.0, found.1)
                        order[format.index].append(path)
                    }
                }
            }
        }
        func cell(_ path: CellPath) -> SchemaCell {
            if let cell = interned[path] { return cell }
            let cell = SchemaCell(path: path, slots: slots[path]!, specs: specs[path]!)
            interned[path] = cell
            return cell
        }
        for format in FormatVersion.allCases {
            result.cells[format.index] = order[format.index].map(cell)
            for table in TableID.allCases {
                let spec = Schema.table(table, format: format)
                var rows: [Row] = []
                var rowIndex: [String: Int] = [:]
                for row in spec.rows {
                    let cells = row.columns.map { cell(CellPath(table: table, row: row.id, column: $0.id)) }
                    if rowIndex[row.id] == nil { rowIndex[row.id] = rows.count }
                    rows.append(Row(spec: row, columnIDs: row.columnIDs, cells: cells))
                }
                result.tables[format.index][table] = Table(
                    rowIDs: spec.rows.map(\.id), rows: rows, rowIndex: rowIndex,
                    cellValues: rows.flatMap { $0.cells.map { Value.cell($0, .current) } })
            }
        }
        return result
    }()

    static func table(_ id: TableID, format: FormatVersion) -> Table { built.tables[format.index][id]! }

    /// Every cell of a format, in slot order.
    static func cells(of format: FormatVersion) -> [SchemaCell] { built.cells[format.index] }

    /// The interned cell of a path, if either format has it.
    static func cell(_ path: CellPath) -> SchemaCell? {
        for format in FormatVersion.allCases {
            if let row = table(path.table, format: format).row(path.row), let cell = row.cell(path.column) { return cell }
        }
        return nil
    }
}
