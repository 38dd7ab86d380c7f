import GKModel

/// An expression compiled once, when the engine is made: a tree of nodes that evaluate themselves, with
/// cell references resolved to the schema's cells of each format and calls that depend only on the
/// report's format (`rows("applications")`, `tables()`) computed in advance. It gives exactly the values,
/// cell reads and errors of the expression it was compiled from.
class CompiledExpression: @unchecked Sendable { // immutable once compiled
    func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        preconditionFailure("every node evaluates itself")
    }

    /// Compiles a parsed expression of a check whose loop variables are `loop`.
    static func compile(_ expression: Expression, _ loop: LoopVariables) -> CompiledExpression {
        func compile(_ expression: Expression) -> CompiledExpression { CompiledExpression.compile(expression, loop) }
        switch expression {
        case .literal(let value): return Literal(value)
        // A name no loop binds is never bound.
        case .variable(let name): return loop.slot(name).map(Variable.init) ?? Literal(.absent)
        case .name(let name): return Name(name)
        case .cells(let pattern): return pattern.isSingle ? SingleCell(pattern, loop) : Cells(pattern, loop)
        case .report(let field, let role): return ReportField(field, role)
        case .match(let name): return Match(name)
        case .not(let inner): return Not(compile(inner))
        case .negate(let inner): return Negate(compile(inner))
        case .binary(let op, let left, let right):
            if op == .and || op == .or { return Logical(decisive: op == .or, compile(left), compile(right)) }
            if let kindTest = KindTest(op, left, right, loop) { return kindTest }
            return Binary(op, compile(left), compile(right))
        case .conditional(let condition, let whenTrue, let whenFalse):
            return Conditional(compile(condition), compile(whenTrue), compile(whenFalse))
        case .call(let function, let arguments):
            let compiled = arguments.map(compile)
            if function == .sum, compiled.count == 1, let cells = compiled[0] as? Cells { return SumOfCells(cells) }
            return call(function, compiled)
        case .list(let items): return List(items.map(compile))
        case .map: return MapOutsideIndex()
        case .index(.map(let entries), let key):
            return MapIndex(entries.map { ($0.0, compile($0.1)) }, compile(key))
        case .index(let base, let key): return ListIndex(compile(base), compile(key))
        case .field(let base, let name): return Field(compile(base), name)
        }
    }

    /// A call; one that reads only the schema of the report's format, with literal arguments, is made
    /// once for each format (unless it fails, when it is left to fail on the report as written).
    private static func call(_ function: Function, _ arguments: [CompiledExpression]) -> CompiledExpression {
        if arguments.count == 1, Functions.looksAtArgument(function) { return LookingFunction(function, arguments[0]) }
        if arguments.count == 1, function == .hasTable { return HasTable(arguments[0]) }
        let literals = arguments.compactMap { ($0 as? Literal)?.value }
        if literals.count == arguments.count, Functions.readsOnlySchema(function) {
            var values: [Value] = []
            for format in FormatVersion.allCases.sorted(by: { $0.index < $1.index }) {
                var argumentValues = Arguments()
                for literal in literals { argumentValues.append(literal) }
                guard let value = try? Functions.schema(function, argumentValues, format: format) else {
                    return Call(function, arguments)
                }
                values.append(value)
            }
            return FormatConstant(values)
        }
        return Call(function, arguments)
    }
}

/// The `for_each` variables of a check, each bound in its own slot of `Evaluator.bindings`.
struct LoopVariables {
    /// Without repeats, in binding order.
    let names: [String]

    init(_ names: [String]) {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        self.names = unique
    }

    func slot(_ name: String) -> Int? { names.firstIndex(of: name) }

    /// The slot of a segment's variable.
    func slot(_ segment: PathSegment) -> Int? {
        if case .variable(let name) = segment { return slot(name) }
        return nil
    }
}

/// The compiled form of a message template.
struct CompiledTemplate: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(CompiledExpression)
    }

    let parts: [Part]

    init(_ template: Template, _ loop: LoopVariables) {
        parts = template.parts.map { part in
            switch part {
            case .text(let text): return .text(text)
            case .expression(let expression, _): return .expression(CompiledExpression.compile(expression, loop))
            }
        }
    }
}

private final class Literal: CompiledExpression, @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value { value }
}

/// A value per format (`FormatVersion.index`) of the report audited.
private final class FormatConstant: CompiledExpression, @unchecked Sendable {
    let values: [Value]
    init(_ values: [Value]) { self.values = values }
    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value { values[evaluator.facts.format.index] }
}

private final class Variable: CompiledExpression, @unchecked Sendable {
    let slot: Int
    init(_ slot: Int) { self.slot = slot }
    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value { evaluator.binding(slot) ?? .absent }
}

private final class Name: CompiledExpression, @unchecked Sendable {
    let name: String
    init(_ name: String) { self.name = name }
    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value { evaluator.names[name] ?? .absent }
}

/// A reference to at most one cell (`applications.new.total`, `applications.$row.total`).
private final class SingleCell: CompiledExpression, @unchecked Sendable {
    let pattern: CellPattern
    /// The slots of the row's and the column's variables.
    let rowSlot: Int?, columnSlot: Int?
    /// The schema's table in each format.
    let tables: [SchemaCells.Table]
    /// With fixed row and column: the reference in each format, made once.
    let fixed: [Value]?

    init(_ pattern: CellPattern, _ loop: LoopVariables) {
        self.pattern = pattern
        rowSlot = loop.slot(pattern.row)
        columnSlot = loop.slot(pattern.column)
        let formats = FormatVersion.allCases.sorted { $0.index < $1.index }
        tables = formats.map { SchemaCells.table(pattern.table, format: $0) }
        if case .id(let row) = pattern.row, case .id(let column) = pattern.column {
            fixed = tables.map { table in
                table.row(row)?.cell(column).map { .cell($0, pattern.role) } ?? .absent
            }
        } else {
            fixed = nil
        }
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        guard let format = evaluator.format(pattern.role) else { return .absent }
        if let fixed { return fixed[format.index] }
        guard let row = tables[format.index].row(try evaluator.id(pattern.row, rowSlot)) else { return .absent }
        return row.cell(try evaluator.id(pattern.column, columnSlot)).map { .cell($0, pattern.role) } ?? .absent
    }
}

/// A reference to a list of cells (`applications.granted..other_misc.total`, `review_litigation.*.total`).
/// Its lists are made when compiled: for each format, once, or once for each ID its one loop variable may take.
private final class Cells: CompiledExpression, @unchecked Sendable {
    let pattern: CellPattern
    let rowSlot: Int?, columnSlot: Int?
    let tables: [SchemaCells.Table]
    /// The lists of each format.
    let selections: [Selection]

    /// What a pattern gives in one format.
    enum Selection {
        /// The same whatever the loop variables: no variable, or one the pattern never reaches (its rows are
        /// not in the format).
        case constant(Value)
        /// The list for each ID of the row's (or the column's) variable; `otherwise` for any other ID.
        case byRow([String: Value], otherwise: Value)
        case byColumn([String: Value], otherwise: Value)
        /// Both variables: made on each evaluation.
        case bound
    }

    init(_ pattern: CellPattern, _ loop: LoopVariables) {
        self.pattern = pattern
        rowSlot = loop.slot(pattern.row)
        columnSlot = loop.slot(pattern.column)
        tables = FormatVersion.allCases.sorted { $0.index < $1.index }.map { SchemaCells.table(pattern.table, format: $0) }
        selections = tables.map { Self.selection(pattern, $0) }
    }

    private static func selection(_ pattern: CellPattern, _ table: SchemaCells.Table) -> Selection {
        // An ID no table has, for the list of an ID other than those listed.
        let other = "\u{0}"
        func list(row: String = other, column: String = other) -> Value {
            (try? Cells.list(pattern, table, rowID: { row }, columnID: { column })) ?? .absent // never fails
        }
        switch (pattern.row, pattern.column) {
        case (.variable, .variable): return .bound
        case (.variable, _):
            var byID: [String: Value] = [:]
            for id in table.rowIDs where byID[id] == nil { byID[id] = list(row: id) }
            return .byRow(byID, otherwise: list())
        case (_, .variable):
            // The column's ID is asked for only at a row the format has.
            var visitsRow = false
            _ = try? Cells.list(pattern, table, rowID: { other }, columnID: { visitsRow = true; return other })
            guard visitsRow else { return .constant(list()) }
            var byID: [String: Value] = [:]
            for row in table.rows {
                for id in row.columnIDs where byID[id] == nil { byID[id] = list(column: id) }
            }
            return .byColumn(byID, otherwise: list())
        default: return .constant(list())
        }
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        guard let format = evaluator.format(pattern.role) else { return .absent }
        switch selections[format.index] {
        case .constant(let value): return value
        case .byRow(let byID, let otherwise): return byID[try evaluator.id(pattern.row, rowSlot)] ?? otherwise
        case .byColumn(let byID, let otherwise): return byID[try evaluator.id(pattern.column, columnSlot)] ?? otherwise
        case .bound:
            return try Self.list(pattern, tables[format.index],
                                 rowID: { () throws(EvaluationError) in try evaluator.id(pattern.row, rowSlot) },
                                 columnID: { () throws(EvaluationError) in try evaluator.id(pattern.column, columnSlot) })
        }
    }

    /// The cells of `table` the pattern names, its variables' IDs given by `rowID` and `columnID` (asked for
    /// when needed: the column's only at a row the table has).
    private static func list(_ pattern: CellPattern, _ table: SchemaCells.Table,
                             rowID: () throws(EvaluationError) -> String,
                             columnID: () throws(EvaluationError) -> String) throws(EvaluationError) -> Value {
        let rows: [String]
        switch pattern.row {
        case .id(let id): rows = [id]
        case .variable: rows = [try rowID()]
        case .all: rows = table.rowIDs
        case .range(let from, let to):
            // A range whose end the report's format lacks (other_no_supplement in the 2019 format) is not
            // applicable: unknown, never an empty sum.
            guard let start = table.rowIDs.firstIndex(of: from), let end = table.rowIDs.firstIndex(of: to),
                  start <= end else { return .absent }
            rows = Array(table.rowIDs[start...end])
        }
        var cells: [Value] = []
        for rowID in rows {
            guard let row = table.row(rowID) else { continue }
            switch pattern.column {
            case .all: for cell in row.cells { cells.append(.cell(cell, pattern.role)) }
            case .id(let id): if let cell = row.cell(id) { cells.append(.cell(cell, pattern.role)) }
            case .variable: if let cell = row.cell(try columnID()) { cells.append(.cell(cell, pattern.role)) }
            case .range(let from, let to):
                guard let start = row.columnIDs.firstIndex(of: from), let end = row.columnIDs.firstIndex(of: to),
                      start <= end else { return .absent }
                for cell in row.cells[start...end] { cells.append(.cell(cell, pattern.role)) }
            }
        }
        return .list(cells)
    }
}

/// `sum(cells)` of a cell pattern: the cells' numbers added as they are read, without a list of them.
/// Gives what `Functions` gives: unknown with every blank cell listed, or the exact sum.
private final class SumOfCells: CompiledExpression, @unchecked Sendable {
    let cells: Cells
    init(_ cells: Cells) { self.cells = cells }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        guard case .list(let items) = try cells.evaluate(evaluator) else { return .absent }
        var total = Number.integer(0)
        var missing: [CellPath]?
        for item in items {
            switch try evaluator.numeric(item) {
            case .number(let number): total = total + number
            case .unknown(let cells): missing = (missing ?? []) + cells
            case let value: _ = try evaluator.number(value) // not a number: its error
            }
        }
        if let missing { return .unknown(missing: missing) }
        return .number(total)
    }
}

private final class ReportField: CompiledExpression, @unchecked Sendable {
    let field: String
    let role: ReportRole
    init(_ field: String, _ role: ReportRole) {
        self.field = field
        self.role = role
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        if role == .current { evaluator.noteFieldRead(field) }
        return evaluator.facts(role)?.field(field) ?? .absent
    }
}

private final class Match: CompiledExpression, @unchecked Sendable {
    let name: String?
    init(_ name: String?) { self.name = name }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        guard let name else { return evaluator.matchText.map(Value.string) ?? .absent }
        for capture in evaluator.captures where capture.name == name { return capture.value }
        return .absent
    }
}

private final class Not: CompiledExpression, @unchecked Sendable {
    let inner: CompiledExpression
    init(_ inner: CompiledExpression) { self.inner = inner }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try evaluator.resolve(try inner.evaluate(evaluator))
        if value.isUnknown { return value }
        return .bool(!(try evaluator.truth(value)))
    }
}

private final class Negate: CompiledExpression, @unchecked Sendable {
    let inner: CompiledExpression
    init(_ inner: CompiledExpression) { self.inner = inner }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try evaluator.resolve(try inner.evaluate(evaluator))
        if value.isUnknown { return value }
        return .number(.integer(0) - (try evaluator.number(value)))
    }
}

/// `&&` and `||`, three-valued (false && unknown is false, true || unknown is true).
private final class Logical: CompiledExpression, @unchecked Sendable {
    /// The value of either side that decides the result: true for `||`, false for `&&`.
    let decisive: Bool
    let left: CompiledExpression, right: CompiledExpression
    init(decisive: Bool, _ left: CompiledExpression, _ right: CompiledExpression) {
        self.decisive = decisive
        self.left = left
        self.right = right
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let left = try evaluator.resolve(try self.left.evaluate(evaluator))
        if !left.isUnknown, try evaluator.truth(left) == decisive { return .bool(decisive) }
        let right = try evaluator.resolve(try self.right.evaluate(evaluator))
        if !right.isUnknown, try evaluator.truth(right) == decisive { return .bool(decisive) }
        if left.isUnknown || right.isUnknown { return Evaluator.merge(left, right) }
        return .bool(!decisive)
    }
}

/// Arithmetic, comparison and the joining of text.
private final class Binary: CompiledExpression, @unchecked Sendable {
    let op: BinaryOperator
    let left: CompiledExpression, right: CompiledExpression
    init(_ op: BinaryOperator, _ left: CompiledExpression, _ right: CompiledExpression) {
        self.op = op
        self.left = left
        self.right = right
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let left = try evaluator.numeric(try self.left.evaluate(evaluator))
        let right = try evaluator.numeric(try self.right.evaluate(evaluator))
        if case .number(.integer(let a)) = left, case .number(.integer(let b)) = right, let result = integers(a, b) {
            return result
        }
        return try evaluator.operate(op, left, right)
    }

    /// The operation on two integers as `Evaluator.operate` would give it, without going through `Number`;
    /// nil where that takes more than integers (an overflow, a division).
    @inline(__always)
    private func integers(_ a: Int, _ b: Int) -> Value? {
        switch op {
        case .equal: return .bool(a == b)
        case .notEqual: return .bool(a != b)
        case .less: return .bool(a < b)
        case .lessOrEqual: return .bool(a <= b)
        case .greater: return .bool(a > b)
        case .greaterOrEqual: return .bool(a >= b)
        case .plus:
            let (sum, overflow) = a.addingReportingOverflow(b)
            return overflow ? nil : .number(.integer(sum))
        case .minus:
            let (difference, overflow) = a.subtractingReportingOverflow(b)
            return overflow ? nil : .number(.integer(difference))
        case .times:
            let (product, overflow) = a.multipliedReportingOverflow(by: b)
            return overflow ? nil : .number(.integer(product))
        case .divide, .and, .or: return nil
        }
    }
}

/// `kind(x) == "amount"` (or `!=`, either way round): the cell's kind compared with the literal's, read once
/// when compiled, rather than as text. Gives what the comparison of `kind(x)` with the text gives.
private final class KindTest: CompiledExpression, @unchecked Sendable {
    let argument: CompiledExpression
    /// The kind the literal names (nil for a text that names none: then never equal).
    let kind: ValueKind?
    let isEqual: Bool

    init?(_ op: BinaryOperator, _ left: Expression, _ right: Expression, _ loop: LoopVariables) {
        guard op == .equal || op == .notEqual else { return nil }
        let argument: Expression, literal: String
        switch (left, right) {
        case (.call(.kind, let arguments), .literal(.string(let text))), (.literal(.string(let text)), .call(.kind, let arguments)):
            guard arguments.count == 1 else { return nil }
            argument = arguments[0]
            literal = text
        default: return nil
        }
        self.argument = CompiledExpression.compile(argument, loop)
        kind = ValueKind(rawValue: literal)
        isEqual = op == .equal
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try argument.evaluate(evaluator)
        guard case .cell(let reference, let role) = value, let format = evaluator.format(role) else {
            return try Functions.look(.kind, value, evaluator) // unknown, or the error of `kind`
        }
        guard let kind = reference.kind(format) else { return .absent }
        return .bool((kind == self.kind) == isEqual)
    }
}

private final class Conditional: CompiledExpression, @unchecked Sendable {
    let condition: CompiledExpression, whenTrue: CompiledExpression, whenFalse: CompiledExpression
    init(_ condition: CompiledExpression, _ whenTrue: CompiledExpression, _ whenFalse: CompiledExpression) {
        self.condition = condition
        self.whenTrue = whenTrue
        self.whenFalse = whenFalse
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try evaluator.resolve(try condition.evaluate(evaluator))
        if value.isUnknown { return value }
        return try (try evaluator.truth(value) ? whenTrue : whenFalse).evaluate(evaluator)
    }
}

private final class Call: CompiledExpression, @unchecked Sendable {
    let function: Function
    let arguments: [CompiledExpression]
    init(_ function: Function, _ arguments: [CompiledExpression]) {
        self.function = function
        self.arguments = arguments
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        try Functions.call(function, arguments, evaluator)
    }
}

/// `has_table(x)`, without `Functions.call`.
private final class HasTable: CompiledExpression, @unchecked Sendable {
    let argument: CompiledExpression
    init(_ argument: CompiledExpression) { self.argument = argument }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try evaluator.numeric(try argument.evaluate(evaluator))
        if value.isUnknown { return value }
        return .bool(evaluator.facts.hasTable(try Functions.tableID(value)))
    }
}

/// `present(x)`, `is_number(x)`, `kind(x)`… (`Functions.looksAtArgument`), without `Functions.call`.
private final class LookingFunction: CompiledExpression, @unchecked Sendable {
    let function: Function
    let argument: CompiledExpression
    init(_ function: Function, _ argument: CompiledExpression) {
        self.function = function
        self.argument = argument
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        try Functions.look(function, try argument.evaluate(evaluator), evaluator)
    }
}

private final class List: CompiledExpression, @unchecked Sendable {
    let items: [CompiledExpression]
    init(_ items: [CompiledExpression]) { self.items = items }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items { values.append(try item.evaluate(evaluator)) }
        return .list(values)
    }
}

/// A map that is not indexed: an error wherever it is evaluated.
private final class MapOutsideIndex: CompiledExpression, @unchecked Sendable {
    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        throw EvaluationError(message: "映射只能用下标取值：{\"键\": 值}[键]")
    }
}

/// `{"键": value}[key]`: only the chosen entry is evaluated.
private final class MapIndex: CompiledExpression, @unchecked Sendable {
    let entries: [(String, CompiledExpression)]
    let key: CompiledExpression
    init(_ entries: [(String, CompiledExpression)], _ key: CompiledExpression) {
        self.entries = entries
        self.key = key
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let keyValue = try evaluator.resolve(try key.evaluate(evaluator))
        if keyValue.isUnknown { return keyValue }
        guard case .string(let wanted) = keyValue else { throw EvaluationError(message: "映射的键须为文本") }
        guard let entry = entries.first(where: { $0.0 == wanted }) else { return .absent }
        return try entry.1.evaluate(evaluator)
    }
}

private final class ListIndex: CompiledExpression, @unchecked Sendable {
    let base: CompiledExpression, key: CompiledExpression
    init(_ base: CompiledExpression, _ key: CompiledExpression) {
        self.base = base
        self.key = key
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let keyValue = try evaluator.resolve(try key.evaluate(evaluator))
        if keyValue.isUnknown { return keyValue }
        let container = try evaluator.resolve(try base.evaluate(evaluator))
        if container.isUnknown { return container }
        guard case .list(let items) = container, case .number(.integer(let i)) = keyValue else {
            throw EvaluationError(message: "下标只能用于映射或列表")
        }
        return i >= 0 && i < items.count ? items[i] : .absent
    }
}

private final class Field: CompiledExpression, @unchecked Sendable {
    let base: CompiledExpression
    let name: String
    init(_ base: CompiledExpression, _ name: String) {
        self.base = base
        self.name = name
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        let value = try base.evaluate(evaluator)
        if case .record(let fields) = value { return fields[name] ?? .absent }
        if value.isUnknown { return value }
        throw EvaluationError(message: "「\(value.typeName)」没有字段 \(name)")
    }
}
