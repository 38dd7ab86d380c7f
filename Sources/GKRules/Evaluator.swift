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

/// What compiled expressions (`CompiledExpression`) are evaluated against: one report (and, for pair rules, the same
/// agency's previous report), with the loop variables and pattern captures of one check.
/// Its state is used by one check at a time and never through overlapping accesses, so its properties
/// skip the runtime's exclusivity checks.
final class Evaluator {
    let report: Report
    let facts: ReportFacts
    /// The previous year's report, for `scope: pair` rules.
    let previous: ReportFacts?
    /// The `for_each` variables' values by slot (`LoopVariables`); nil while unbound.
    @exclusivity(unchecked) private(set) var bindings: [Value?] = []
    /// The named groups of the current match (those that took part in it).
    @exclusivity(unchecked) var captures: [(name: String, value: Value)] = []
    @exclusivity(unchecked) var matchText: String?
    /// `expected`, `actual`, `difference`, `terms` while a message is being written.
    @exclusivity(unchecked) var names: [String: Value] = [:]
    /// Cells read since the last `beginRecording()`.
    @exclusivity(unchecked) private(set) var reads: [CellRead] = []
    /// `report.` fields read since the last `beginRecording()`, in order.
    @exclusivity(unchecked) private(set) var fieldReads: [String] = []

    /// The formats of `facts` and `previous`, kept apart: finding a format then takes no reference to the facts.
    private let currentFormat: FormatVersion, previousFormat: FormatVersion?

    init(facts: ReportFacts, previous: ReportFacts? = nil) {
        report = facts.report
        self.facts = facts
        self.previous = previous
        currentFormat = facts.format
        previousFormat = previous?.format
    }

    /// The facts of the current or the previous report (nil when a pair rule has no previous report).
    func facts(_ role: ReportRole) -> ReportFacts? { role == .current ? facts : previous }

    /// The format of the current or the previous report (nil when a pair rule has no previous report).
    func format(_ role: ReportRole) -> FormatVersion? { role == .current ? currentFormat : previousFormat }

    func binding(_ slot: Int?) -> Value? {
        guard let slot, slot < bindings.count else { return nil }
        return bindings[slot]
    }

    /// Binds a loop variable's slot, or unbinds it with nil.
    func bind(_ slot: Int, _ value: Value?) {
        while bindings.count <= slot { bindings.append(nil) }
        bindings[slot] = value
    }

    /// Whether the cells and `report.` fields read are being recorded (only while a finding is described).
    @exclusivity(unchecked) var isRecording = false

    /// Starts recording reads afresh.
    func beginRecording() {
        reads.removeAll(keepingCapacity: true)
        fieldReads.removeAll(keepingCapacity: true)
        isRecording = true
    }

    /// Notes a `report.` field read (the subject's fields give a finding its line).
    func noteFieldRead(_ field: String) {
        if isRecording { fieldReads.append(field) }
    }

    // MARK: Cells

    /// The ID a fixed or variable segment names; `slot` is a variable's (nil when no loop binds it).
    func id(_ segment: PathSegment, _ slot: Int?) throws(EvaluationError) -> String {
        switch segment {
        case .id(let id): return id
        case .variable(let name):
            guard case .string(let id)? = binding(slot) else {
                throw EvaluationError(message: "循环变量 $\(name) 不是行、列或分组的 ID")
            }
            return id
        case .all, .range: preconditionFailure("a segment naming several IDs")
        }
    }

    /// The IDs a segment names; nil for a range whose ends are not both among `ids`.
    func select(_ segment: PathSegment, _ slot: Int?, from ids: [String]) throws(EvaluationError) -> [String]? {
        switch segment {
        case .id, .variable: return [try id(segment, slot)]
        case .all: return ids
        case .range(let from, let to):
            guard let start = ids.firstIndex(of: from), let end = ids.firstIndex(of: to), start <= end else { return nil }
            return Array(ids[start...end])
        }
    }

    /// Reads a cell reference (recording the read); any other value is returned as it is, without a call.
    @inline(__always)
    func resolve(_ value: Value) throws(EvaluationError) -> Value {
        guard case .cell(let reference, let role) = value else { return value }
        return read(reference, role)
    }

    private func read(_ reference: SchemaCellReference, _ role: ReportRole) -> Value {
        if role == .current, !isRecording { return facts.value(reference) }
        guard let facts = facts(role) else { return .absent }
        guard isRecording else { return facts.value(reference) }
        let (cell, read) = facts.read(reference.cell)
        reads.append(CellRead(cell: reference.cell, role: role, value: read, line: cell.line))
        return read
    }

    /// The value as a number; a text cell is unknown (the invalid-value rule reports it, not every identity).
    @inline(__always)
    func numeric(_ value: Value) throws(EvaluationError) -> Value {
        guard case .cell(let reference, let role) = value else { return value }
        let resolved = read(reference, role)
        if case .string = resolved { return .unknown(missing: [reference.cell.path]) }
        return resolved
    }

    func number(_ value: Value) throws(EvaluationError) -> Number {
        guard case .number(let number) = value else {
            throw EvaluationError(message: "此处需要数字，实为「\(value.typeName)」\(value.text)")
        }
        return number
    }

    @inline(__always)
    func truth(_ value: Value) throws(EvaluationError) -> Bool {
        guard case .bool(let bool) = value else {
            throw EvaluationError(message: "此处需要真假值，实为「\(value.typeName)」\(value.text)")
        }
        return bool
    }

    // MARK: Operators

    /// Applies an arithmetic or comparison operator to values already read as numbers where they are cells.
    func operate(_ op: BinaryOperator, _ left: Value, _ right: Value) throws(EvaluationError) -> Value {
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
