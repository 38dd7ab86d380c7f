import Foundation
import GKModel

/// A rule that cannot be evaluated as written (a type error found only on real data).
struct EvaluationError: Error, Sendable {
    let message: String
}

/// A cell an evaluation read, in the order read: the terms of an identity and where a finding points.
struct CellRead: Sendable {
    let cell: SchemaCell
    let role: ReportRole
    let value: Value
    /// The line in its own report (the previous report's line for a previous-year cell).
    let line: Int?

    var path: CellPath { cell.path }
}

/// Evaluates expressions against one report (and, for pair rules, the same agency's previous report), with
/// the loop variables and pattern captures of one check.
final class Evaluator {
    let report: Report
    let facts: ReportFacts
    /// The previous year's report, for `scope: pair` rules.
    let previous: ReportFacts?
    /// The `for_each` variables bound, in binding order: a check has one or two, found faster by a look
    /// along the list than by hashing their names.
    private(set) var bindings: [(name: String, value: Value)] = []
    /// The named groups of the current match (those that took part in it).
    var captures: [(name: String, value: Value)] = []
    var matchText: String?
    /// `expected`, `actual`, `difference`, `terms` while a message is being written.
    var names: [String: Value] = [:]
    /// Cells read since the last `beginRecording()`.
    private(set) var reads: [CellRead] = []
    /// `report.` fields read since the last `beginRecording()`, in order.
    private(set) var fieldReads: [String] = []

    init(facts: ReportFacts, previous: ReportFacts? = nil) {
        report = facts.report
        self.facts = facts
        self.previous = previous
    }

    /// The facts of the current or the previous report (nil when a pair rule has no previous report).
    func facts(_ role: ReportRole) -> ReportFacts? { role == .current ? facts : previous }

    func binding(_ name: String) -> Value? {
        for binding in bindings where binding.name == name { return binding.value }
        return nil
    }

    /// Binds a loop variable (replacing its value if bound), or unbinds it with nil.
    func bind(_ name: String, _ value: Value?) {
        let index = bindings.firstIndex { $0.name == name }
        switch (index, value) {
        case (let index?, let value?): bindings[index].value = value
        case (let index?, nil): bindings.remove(at: index)
        case (nil, let value?): bindings.append((name, value))
        case (nil, nil): break
        }
    }

    func beginRecording() {
        reads.removeAll(keepingCapacity: true)
        fieldReads.removeAll(keepingCapacity: true)
    }

    func evaluate(_ expression: Expression) throws(EvaluationError) -> Value {
        switch expression {
        case .literal(let value): return value
        case .variable(let name): return binding(name) ?? .absent
        case .name(let name): return names[name] ?? .absent
        case .cells(let pattern): return try cells(pattern)
        case .report(let field, let role):
            if role == .current { fieldReads.append(field) }
            return facts(role)?.field(field) ?? .absent
        case .match(let name):
            guard let name else { return matchText.map(Value.string) ?? .absent }
            for capture in captures where capture.name == name { return capture.value }
            return .absent
        case .not(let inner):
            let value = try resolve(try evaluate(inner))
            if value.isUnknown { return value }
            return .bool(!(try truth(value)))
        case .negate(let inner):
            let value = try resolve(try evaluate(inner))
            if value.isUnknown { return value }
            return .number(.integer(0) - (try number(value)))
        case .binary(let op, let left, let right): return try binary(op, left, right)
        case .conditional(let condition, let whenTrue, let whenFalse):
            let value = try resolve(try evaluate(condition))
            if value.isUnknown { return value }
            return try evaluate(try truth(value) ? whenTrue : whenFalse)
        case .call(let name, let arguments): return try Functions.call(name, arguments, self)
        case .list(let items):
            var values: [Value] = []
            for item in items { values.append(try evaluate(item)) }
            return .list(values)
        case .map:
            throw EvaluationError(message: "映射只能用下标取值：{\"键\": 值}[键]")
        case .index(let base, let key):
            let keyValue = try resolve(try evaluate(key))
            if keyValue.isUnknown { return keyValue }
            if case .map(let entries) = base {
                guard case .string(let wanted) = keyValue else { throw EvaluationError(message: "映射的键须为文本") }
                guard let entry = entries.first(where: { $0.0 == wanted }) else { return .absent }
                return try evaluate(entry.1)
            }
            let container = try resolve(try evaluate(base))
            if container.isUnknown { return container }
            guard case .list(let items) = container, case .number(.integer(let i)) = keyValue else {
                throw EvaluationError(message: "下标只能用于映射或列表")
            }
            return i >= 0 && i < items.count ? items[i] : .absent
        case .field(let base, let name):
            let value = try evaluate(base)
            if case .record(let fields) = value { return fields[name] ?? .absent }
            if value.isUnknown { return value }
            throw EvaluationError(message: "「\(value.typeName)」没有字段 \(name)")
        }
    }

    // MARK: Cells

    private func cells(_ pattern: CellPattern) throws(EvaluationError) -> Value {
        // The report is read in place through its facts (binding it would copy the whole struct).
        guard let format = facts(pattern.role)?.format else { return .absent }
        let table = SchemaCells.table(pattern.table, format: format)
        if pattern.isSingle {
            // One row at most, one cell at most: no list is made.
            guard let row = table.row(try id(pattern.row)) else { return .absent }
            return row.cell(try id(pattern.column)).map { .cell($0, pattern.role) } ?? .absent
        }
        // A range whose end the report's format lacks (other_no_supplement in the 2019 format) is not
        // applicable: unknown, never an empty sum.
        guard let rows = try select(pattern.row, from: table.rowIDs) else { return .absent }
        var cells: [Value] = []
        for rowID in rows {
            guard let row = table.row(rowID) else { continue }
            switch pattern.column {
            case .all: for cell in row.cells { cells.append(.cell(cell, pattern.role)) }
            case .id, .variable:
                if let cell = row.cell(try id(pattern.column)) { cells.append(.cell(cell, pattern.role)) }
            case .range(let from, let to):
                guard let start = row.columnIDs.firstIndex(of: from), let end = row.columnIDs.firstIndex(of: to),
                      start <= end else { return .absent }
                for cell in row.cells[start...end] { cells.append(.cell(cell, pattern.role)) }
            }
        }
        return .list(cells)
    }

    /// The ID a fixed or variable segment names.
    private func id(_ segment: PathSegment) throws(EvaluationError) -> String {
        switch segment {
        case .id(let id): return id
        case .variable(let name):
            guard case .string(let id)? = binding(name) else {
                throw EvaluationError(message: "循环变量 $\(name) 不是行、列或分组的 ID")
            }
            return id
        case .all, .range: preconditionFailure("a segment naming several IDs")
        }
    }

    /// The IDs a segment names; nil for a range whose ends are not both among `ids`.
    private func select(_ segment: PathSegment, from ids: [String]) throws(EvaluationError) -> [String]? {
        switch segment {
        case .id, .variable: return [try id(segment)]
        case .all: return ids
        case .range(let from, let to):
            guard let start = ids.firstIndex(of: from), let end = ids.firstIndex(of: to), start <= end else { return nil }
            return Array(ids[start...end])
        }
    }

    /// Reads a cell reference (recording the read); any other value is returned as it is.
    func resolve(_ value: Value) throws(EvaluationError) -> Value {
        guard case .cell(let schemaCell, let role) = value else { return value }
        guard let facts = facts(role) else { return .absent }
        let (cell, read) = facts.read(schemaCell)
        reads.append(CellRead(cell: schemaCell, role: role, value: read, line: cell.line))
        return read
    }

    /// The value as a number; a text cell is unknown (the invalid-value rule reports it, not every identity).
    func numeric(_ value: Value) throws(EvaluationError) -> Value {
        let resolved = try resolve(value)
        if case .string = resolved, case .cell(let cell, _) = value { return .unknown(missing: [cell.path]) }
        return resolved
    }

    func number(_ value: Value) throws(EvaluationError) -> Number {
        guard case .number(let number) = value else {
            throw EvaluationError(message: "此处需要数字，实为「\(value.typeName)」\(value.text)")
        }
        return number
    }

    func truth(_ value: Value) throws(EvaluationError) -> Bool {
        guard case .bool(let bool) = value else {
            throw EvaluationError(message: "此处需要真假值，实为「\(value.typeName)」\(value.text)")
        }
        return bool
    }

    // MARK: Operators

    private func binary(_ op: BinaryOperator, _ leftExpression: Expression, _ rightExpression: Expression)
        throws(EvaluationError) -> Value {
        switch op {
        case .and, .or:
            // Three-valued logic: false && unknown is false, true || unknown is true.
            let left = try resolve(try evaluate(leftExpression))
            if !left.isUnknown, try truth(left) == (op == .or) { return .bool(op == .or) }
            let right = try resolve(try evaluate(rightExpression))
            if !right.isUnknown, try truth(right) == (op == .or) { return .bool(op == .or) }
            if left.isUnknown || right.isUnknown { return Self.merge(left, right) }
            return .bool(op == .and)
        default: break
        }
        let left = try numeric(try evaluate(leftExpression))
        let right = try numeric(try evaluate(rightExpression))
        if left.isUnknown || right.isUnknown { return Self.merge(left, right) }
        // `+` joins text: "（年度按正文推断为 " + report.year + " 年）".
        if op == .plus, case .string = left { return .string(left.text + right.text) }
        if op == .plus, case .string = right { return .string(left.text + right.text) }
        if op.isComparison { return .bool(try compare(op, left, right)) }
        let a = try number(left), b = try number(right)
        switch op {
        case .plus: return .number(a + b)
        case .minus: return .number(a - b)
        case .times: return .number(a * b)
        case .divide:
            guard let quotient = a / b else { return .absent }
            return .number(quotient)
        default: throw EvaluationError(message: "未知运算 \(op.rawValue)")
        }
    }

    static func merge(_ values: Value...) -> Value { merge(values) }

    /// Unknown, with the blank cells of all the values.
    static func merge(_ values: [Value]) -> Value {
        var missing: [CellPath] = []
        for case .unknown(let cells) in values { missing.append(contentsOf: cells) }
        return .unknown(missing: missing)
    }

    func compare(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Bool {
        let order: ComparisonResult
        switch (left, right) {
        case (.number(let a), .number(let b)): order = a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case (.date(let a), .date(let b)): order = a < b ? .orderedAscending : (a == b ? .orderedSame : .orderedDescending)
        case (.string(let a), .string(let b)):
            guard op == .equal || op == .notEqual else { throw EvaluationError(message: "文本只能比较相等与否") }
            order = a == b ? .orderedSame : .orderedAscending
        case (.bool(let a), .bool(let b)):
            guard op == .equal || op == .notEqual else { throw EvaluationError(message: "真假值只能比较相等与否") }
            order = a == b ? .orderedSame : .orderedAscending
        case (.string, .number), (.number, .string):
            // A captured word never equals a number.
            guard op == .equal || op == .notEqual else {
                throw EvaluationError(message: "不能比较\(left.typeName)与\(right.typeName)的大小")
            }
            order = .orderedAscending
        default:
            throw EvaluationError(message: "不能比较\(left.typeName)与\(right.typeName)")
        }
        switch op {
        case .equal: return order == .orderedSame
        case .notEqual: return order != .orderedSame
        case .less: return order == .orderedAscending
        case .lessOrEqual: return order != .orderedDescending
        case .greater: return order == .orderedDescending
        case .greaterOrEqual: return order != .orderedAscending
        default: throw EvaluationError(message: "未知比较 \(op.rawValue)")
        }
    }
}
