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
        case .call(let function, let arguments): return call(function, arguments.map(compile))
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
private final class Cells: CompiledExpression, @unchecked Sendable {
    let pattern: CellPattern
    let rowSlot: Int?, columnSlot: Int?
    let tables: [SchemaCells.Table]
    /// How many cells the list may take from one row, in each format (to make room for them at once).
    let cellsPerRow: [Int]

    init(_ pattern: CellPattern, _ loop: LoopVariables) {
        self.pattern = pattern
        rowSlot = loop.slot(pattern.row)
        columnSlot = loop.slot(pattern.column)
        tables = FormatVersion.allCases.sorted { $0.index < $1.index }.map { SchemaCells.table(pattern.table, format: $0) }
        switch pattern.column {
        case .id, .variable: cellsPerRow = tables.map { _ in 1 }
        case .all, .range: cellsPerRow = tables.map { $0.rows.map(\.cells.count).max() ?? 0 }
        }
    }

    override func evaluate(_ evaluator: Evaluator) throws(EvaluationError) -> Value {
        guard let format = evaluator.format(pattern.role) else { return .absent }
        let table = tables[format.index]
        // A range whose end the report's format lacks (other_no_supplement in the 2019 format) is not
        // applicable: unknown, never an empty sum.
        guard let rows = try evaluator.select(pattern.row, rowSlot, from: table.rowIDs) else { return .absent }
        var cells: [Value] = []
        cells.reserveCapacity(rows.count * cellsPerRow[format.index])
        for rowID in rows {
            guard let row = table.row(rowID) else { continue }
            switch pattern.column {
            case .all: for cell in row.cells { cells.append(.cell(cell, pattern.role)) }
            case .id, .variable:
                if let cell = row.cell(try evaluator.id(pattern.column, columnSlot)) { cells.append(.cell(cell, pattern.role)) }
            case .range(let from, let to):
                guard let start = row.columnIDs.firstIndex(of: from), let end = row.columnIDs.firstIndex(of: to),
                      start <= end else { return .absent }
                for cell in row.cells[start...end] { cells.append(.cell(cell, pattern.role)) }
            }
        }
        return .list(cells)
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
        guard case .cell(let cell, let role) = value, let format = evaluator.format(role) else {
            return try Functions.look(.kind, value, evaluator) // unknown, or the error of `kind`
        }
        guard let kind = cell.kinds[format.index] else { return .absent }
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
