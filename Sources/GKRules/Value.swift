import Foundation
import GKModel

/// An exact number: an integer while it stays one, a `Decimal` otherwise. Never a `Double`.
enum Number: Sendable, Hashable, Comparable, CustomStringConvertible {
    case integer(Int)
    case decimal(Decimal)

    init?(_ text: String) {
        if let value = Int(text) {
            self = .integer(value)
        } else if let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")),
                  text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == "-") }) {
            self = Number.normalised(value)
        } else {
            return nil
        }
    }

    init(_ value: CellValue) {
        switch value {
        case .integer(let v): self = .integer(v)
        case .decimal(let v): self = .decimal(v)
        case .text: self = .integer(0) // never called for text: see `Value.init(cellValue:path:)`
        }
    }

    var decimal: Decimal {
        switch self {
        case .integer(let v): return Decimal(v)
        case .decimal(let v): return v
        }
    }

    var isInteger: Bool {
        if case .integer = self { return true }
        return false
    }

    /// A decimal with no fractional part becomes an integer again.
    static func normalised(_ value: Decimal) -> Number {
        var rounded = Decimal()
        var copy = value
        NSDecimalRound(&rounded, &copy, 0, .plain)
        if rounded == value, let integer = Int(exactly: NSDecimalNumber(decimal: value).int64Value),
           Decimal(integer) == value {
            return .integer(integer)
        }
        return .decimal(value)
    }

    static func + (a: Number, b: Number) -> Number {
        if case .integer(let x) = a, case .integer(let y) = b {
            let (sum, overflow) = x.addingReportingOverflow(y)
            if !overflow { return .integer(sum) }
        }
        return normalised(a.decimal + b.decimal)
    }

    static func - (a: Number, b: Number) -> Number {
        if case .integer(let x) = a, case .integer(let y) = b {
            let (difference, overflow) = x.subtractingReportingOverflow(y)
            if !overflow { return .integer(difference) }
        }
        return normalised(a.decimal - b.decimal)
    }

    static func * (a: Number, b: Number) -> Number {
        if case .integer(let x) = a, case .integer(let y) = b {
            let (product, overflow) = x.multipliedReportingOverflow(by: y)
            if !overflow { return .integer(product) }
        }
        return normalised(a.decimal * b.decimal)
    }

    /// Exact division; nil when dividing by zero.
    static func / (a: Number, b: Number) -> Number? {
        if b.decimal == 0 { return nil }
        if case .integer(let x) = a, case .integer(let y) = b, x % y == 0 { return .integer(x / y) }
        return normalised(a.decimal / b.decimal)
    }

    // Decimals are compared through their difference: Foundation's Decimal comparison can disagree with
    // arithmetic on values of different internal scale (0.1 + 0.2 against 0.3).
    static func < (a: Number, b: Number) -> Bool {
        if case .integer(let x) = a, case .integer(let y) = b { return x < y }
        let difference = a.decimal - b.decimal
        return !difference.isZero && difference.sign == .minus
    }

    static func == (a: Number, b: Number) -> Bool {
        if case .integer(let x) = a, case .integer(let y) = b { return x == y }
        return (a.decimal - b.decimal).isZero
    }

    func hash(into hasher: inout Hasher) { hasher.combine(Number.normalised(decimal).description) }

    var description: String {
        switch self {
        case .integer(let v): return String(v)
        case .decimal(let v): return "\(v)"
        }
    }

    var findingValue: FindingValue {
        switch self {
        case .integer(let v): return .integer(v)
        case .decimal(let v): return .decimal(v)
        }
    }
}

/// What an expression evaluates to.
enum Value: Sendable {
    case number(Number)
    case string(String)
    case bool(Bool)
    case date(CalendarDate)
    case list([Value])
    /// A label or unit as written, with its standard form (`written`, `standard`, `line`…).
    case record([String: Value])
    /// A reference to a cell of the current or the previous report, read when its value is needed (so
    /// `present`, `line` and `label` can see the cell).
    case cell(SchemaCellReference, ReportRole)
    /// Not known: cells that are blank (listed), or metadata the report does not state (none listed).
    /// Whatever depends on an unknown value is unknown too, so a rule is never evaluated on missing data.
    case unknown(missing: [CellPath])

    /// Unknown, with no blank cells. Computed, not stored: a stored static would be reached through a
    /// once-only initialisation check at every use.
    static var absent: Value { .unknown(missing: []) }

    var isUnknown: Bool {
        if case .unknown = self { return true }
        return false
    }

    /// The type name used in error messages.
    var typeName: String {
        switch self {
        case .number: return "数字"
        case .string: return "文本"
        case .bool: return "真假值"
        case .date: return "日期"
        case .list: return "列表"
        case .record: return "记录"
        case .cell: return "单元格"
        case .unknown: return "未知值"
        }
    }

    /// The value as finding output: numbers stay numbers, everything else is text.
    var findingValue: FindingValue? {
        switch self {
        case .number(let n): return n.findingValue
        case .string(let s): return .text(s)
        case .bool(let b): return .text(b ? "是" : "否")
        case .date(let d): return .date(d)
        case .list(let items): return .text(items.compactMap { $0.findingValue?.description }.joined(separator: "、"))
        case .record(let fields): return fields["written"]?.findingValue
        case .cell(let reference, _): return .text(reference.cell.displayLabel ?? reference.cell.path.description)
        case .unknown: return nil
        }
    }

    /// How the value reads in a message.
    var text: String { findingValue?.description ?? "（缺失）" }
}

/// A schema cell in a `Value`, with what reading its value needs (its slots and kinds) held in place: a copy
/// of a cell reference, which evaluation makes all the time, neither retains nor releases, and reading the
/// cell's value or kind does not go through the object.
struct SchemaCellReference: @unchecked Sendable {
    // unowned(unsafe) is safe here: every `SchemaCell` is made by `SchemaCells` (its initialiser is private to
    // that file), which keeps them all for the whole run of the program, so none is ever freed.
    unowned(unsafe) let cell: SchemaCell
    /// `cell.slots`, by format.
    private let slots: (Int32, Int32)
    /// `cell.kinds`, by format.
    private let kinds: (ValueKind?, ValueKind?)

    init(_ cell: SchemaCell) {
        self.cell = cell
        slots = (Int32(cell.slots[0]), Int32(cell.slots[1]))
        kinds = (cell.kinds[0], cell.kinds[1])
    }

    /// The cell's slot in a report of `format` (`SchemaCell.slots`).
    func slot(_ format: FormatVersion) -> Int { Int(format.index == 0 ? slots.0 : slots.1) }

    /// The cell's kind in a report of `format` (`SchemaCell.kinds`).
    func kind(_ format: FormatVersion) -> ValueKind? { format.index == 0 ? kinds.0 : kinds.1 }
}

extension Value {
    /// A reference to a schema cell of the report of `role`.
    static func cell(_ cell: SchemaCell, _ role: ReportRole) -> Value { .cell(SchemaCellReference(cell), role) }

    /// The value of a cell as read: a number, text that is not one, or unknown when blank.
    init(cell: Cell, path: CellPath) { self.init(cellValue: cell.value, path: path) }

    /// The value of a cell that holds `cellValue` (nil when blank).
    init(cellValue: CellValue?, path: CellPath) {
        switch cellValue {
        case nil: self = .unknown(missing: [path])
        case .text(let text)?: self = .string(text)
        case let value?: self = .number(Number(value))
        }
    }
}
