import Foundation
import GKModel
import GKParse

/// The functions rule expressions may call, by the name rules write.
enum Function: String, CaseIterable, Sendable {
    case sum
    case count
    case min
    case max
    case abs
    case round
    case present
    case `default`
    case hasTable = "has_table"
    case hasSection = "has_section"
    case tables
    case sections
    case rows
    case columns
    case cells
    case labels
    case units
    case repairs
    case label
    case rowLabel = "row_label"
    case columnLabel = "column_label"
    case line
    case raw
    case kind
    case isInteger = "is_integer"
    case isNumber = "is_number"
    case number
    case numbers
    case contains
    case startsWith = "starts_with"
    case endsWith = "ends_with"
    case withoutSpaces = "without_spaces"
    case conforms
    case date
    case year
    case month
    case day
    case join
    case text
    case reusedParagraphs = "reused_paragraphs"
    case blanks
}

/// A call's argument values, kept in place rather than in an array: no function takes more than three.
struct Arguments {
    private(set) var count = 0
    private var values: (Value, Value, Value) = (.absent, .absent, .absent)

    mutating func append(_ value: Value) {
        switch count {
        case 0: values.0 = value
        case 1: values.1 = value
        case 2: values.2 = value
        default: preconditionFailure("a function takes at most three arguments")
        }
        count += 1
    }

    subscript(index: Int) -> Value {
        switch index {
        case 0: return values.0
        case 1: return values.1
        default: return values.2
        }
    }
}

/// What each function does, and its implementation. Each is documented for `gkaudit rules explain` and the README.
enum Functions {
    struct Signature {
        let arity: ClosedRange<Int>
        let help: String
    }

    static let signatures: [Function: Signature] = [
        .sum: Signature(arity: 1...1, help: "sum(列表)：各项之和；任一项缺失则不评估"),
        .count: Signature(arity: 1...1, help: "count(列表)：项数"),
        .min: Signature(arity: 1...1, help: "min(列表)：最小值"),
        .max: Signature(arity: 1...1, help: "max(列表)：最大值"),
        .abs: Signature(arity: 1...1, help: "abs(数)：绝对值"),
        .round: Signature(arity: 2...2, help: "round(数, 小数位)：四舍五入"),
        .blanks: Signature(arity: 1...1, help: "blanks(单元格列表)：其中未填写的单元格（在消息中显示为列名）"),
        .present: Signature(arity: 1...1, help: "present(值)：单元格已填写或报告载明该信息时为真（列表须全部填写）"),
        .default: Signature(arity: 2...2, help: "default(值, 替代)：值缺失时取替代值"),
        .hasTable: Signature(arity: 1...1, help: "has_table(\"applications\")：报告中找到了该表"),
        .hasSection: Signature(arity: 1...1, help: "has_section(\"overview\")：报告中有该部分"),
        .tables: Signature(arity: 0...0, help: "tables()：三张表的 ID"),
        .sections: Signature(arity: 0...0, help: "sections()：六个部分的 ID"),
        .rows: Signature(arity: 1...1, help: "rows(\"applications\")：该表按报告格式的各行（表三为各分组）ID"),
        .columns: Signature(arity: 2...2, help: "columns(\"applications\", 行ID)：该行各列 ID"),
        .cells: Signature(arity: 1...1, help: "cells(\"applications\")：该表全部单元格"),
        .labels: Signature(arity: 1...1,
                            help: "labels(表)：报告所写的行、列标题：记录 {kind, id, written, standard, line}"),
        .units: Signature(arity: 1...1, help: "units(表)：报告所写的计量单位：记录 {cell, written, standard, line}"),
        .repairs: Signature(arity: 1...1, help: "repairs(表)：数字连在一起或被拆开、解析时按勾稽关系重读的行："
            + "记录 {row, label, outcome（recovered / ambiguous / unreadable）, damage（run_together / broken）, line, written, "
            + "values, candidates, count, narrative（正文据以确定拆分的语句）}"),
        .label: Signature(arity: 1...1, help: "label(单元格)：标准的行列名称，如「一、本年新收政府信息公开申请数量·总计」"),
        .rowLabel: Signature(arity: 1...1, help: "row_label(单元格)：标准行名称"),
        .columnLabel: Signature(arity: 1...1, help: "column_label(单元格)：标准列名称"),
        .line: Signature(arity: 1...1, help: "line(单元格或记录)：所在行号"),
        .raw: Signature(arity: 1...1, help: "raw(单元格)：单元格原文"),
        .kind: Signature(arity: 1...1, help: "kind(单元格)：count（非负整数）、change（可正可负的增减数）或 amount（金额）"),
        .isInteger: Signature(arity: 1...1, help: "is_integer(值)：是整数"),
        .isNumber: Signature(arity: 1...1, help: "is_number(值)：是数字"),
        .number: Signature(arity: 1...1, help: "number(文本)：读出阿拉伯或中文数字（两件 → 2）"),
        .numbers: Signature(arity: 1...2,
                             help: "numbers(文本[, 单位])：文本中的全部数字；给出单位时只取紧跟该单位的数字（\"条\"）"),
        .contains: Signature(arity: 2...2, help: "contains(文本, 片段)"),
        .startsWith: Signature(arity: 2...2, help: "starts_with(文本, 片段)"),
        .endsWith: Signature(arity: 2...2, help: "ends_with(文本, 片段)"),
        .withoutSpaces: Signature(arity: 1...1, help: "without_spaces(文本)：去掉全部空白"),
        .conforms: Signature(arity: 2...2,
                              help: "conforms(所写标题, 标准标题)：除空格、标点、编号、换行穿插和版面截断外，所写与标准表述一致"),
        .date: Signature(arity: 3...3, help: "date(年, 月, 日)"),
        .year: Signature(arity: 1...1, help: "year(日期)"),
        .month: Signature(arity: 1...1, help: "month(日期)"),
        .day: Signature(arity: 1...1, help: "day(日期)"),
        .join: Signature(arity: 2...2, help: "join(列表, 分隔符)"),
        .text: Signature(arity: 1...1, help: "text(值)：值的文字形式"),
        .reusedParagraphs: Signature(arity: 1...1, help: "reused_paragraphs(相似度百分数)：本年与上年报告几乎相同的段落（仅 pair 规则）："
            + "记录 {text, previous, similarity, line, previous_line, section, stale_years}"),
    ]

    static func call(_ name: Function, _ arguments: [CompiledExpression], _ evaluator: Evaluator) throws(EvaluationError) -> Value {
        // Functions that look at a value without requiring it to be known.
        if looksAtArgument(name) { return try look(name, try arguments[0].evaluate(evaluator), evaluator) }
        switch name {
        case .default:
            let value = try evaluator.resolve(try arguments[0].evaluate(evaluator))
            return value.isUnknown ? try arguments[1].evaluate(evaluator) : value
        case .blanks:
            guard case .list(let items) = try arguments[0].evaluate(evaluator) else {
                throw EvaluationError(message: "blanks 需要单元格列表")
            }
            var blank: [Value] = []
            for item in items where try evaluator.resolve(item).isUnknown { blank.append(item) }
            return .list(blank)
        default: break
        }
        var values = Arguments()
        for argument in arguments {
            let value = try evaluator.numeric(try argument.evaluate(evaluator))
            if value.isUnknown { return value }
            values.append(value)
        }
        return try apply(name, values, evaluator)
    }

    /// Whether the function takes one argument and looks at it as it is, known or not, cell or not (`look`).
    static func looksAtArgument(_ name: Function) -> Bool {
        switch name {
        case .present, .isInteger, .isNumber, .line, .raw, .kind, .label, .rowLabel, .columnLabel: return true
        default: return false
        }
    }

    /// A function that `looksAtArgument`, its argument evaluated.
    static func look(_ name: Function, _ value: Value, _ evaluator: Evaluator) throws(EvaluationError) -> Value {
        switch name {
        case .present:
            if case .list(let items) = value {
                for item in items where try evaluator.resolve(item).isUnknown { return .bool(false) }
                return .bool(true)
            }
            return .bool(!(try evaluator.resolve(value)).isUnknown)
        case .isInteger, .isNumber:
            // A text cell is simply not a number here (elsewhere it makes a check unknown).
            let value = try evaluator.resolve(value)
            if value.isUnknown { return value }
            guard case .number(let number) = value else { return .bool(false) }
            return .bool(name == .isNumber || number.isInteger)
        default: return try cellFunction(name, value, evaluator)
        }
    }

    /// Whether the function's value depends only on its arguments and the schema of the report's format.
    static func readsOnlySchema(_ name: Function) -> Bool {
        switch name {
        case .tables, .sections, .rows, .columns, .cells: return true
        default: return false
        }
    }

    /// The value of a function that reads only the schema (`readsOnlySchema`), for a report of `format`.
    static func schema(_ name: Function, _ values: Arguments, format: FormatVersion) throws(EvaluationError) -> Value {
        switch name {
        case .tables: return .list(TableID.allCases.map { .string($0.rawValue) })
        case .sections: return .list(SectionID.allCases.map { .string($0.rawValue) })
        case .rows:
            return .list(Schema.table(try tableID(values[0]), format: format).rows.map { .string($0.id) })
        case .columns:
            let spec = Schema.table(try tableID(values[0]), format: format)
            return .list((spec.row(try string(values[1]))?.columnIDs ?? []).map(Value.string))
        case .cells:
            return .list(SchemaCells.table(try tableID(values[0]), format: format).cellValues)
        default: preconditionFailure("\(name.rawValue) reads more than the schema")
        }
    }

    private static func apply(_ name: Function, _ values: Arguments, _ evaluator: Evaluator) throws(EvaluationError) -> Value {
        switch name {
        case .sum, .min, .max:
            let numbers = try numbersOf(try list(values[0]), evaluator)
            if case .unknown = numbers { return numbers }
            guard case .list(let items) = numbers else { return numbers }
            let plain = items.compactMap { if case .number(let n) = $0 { return n } else { return nil } }
            switch name {
            case .sum: return .number(plain.reduce(Number.integer(0), +))
            case .min: return plain.min().map(Value.number) ?? .absent
            default: return plain.max().map(Value.number) ?? .absent
            }
        case .count: return .number(.integer(try list(values[0]).count))
        case .abs:
            let n = try evaluator.number(values[0])
            return .number(n < .integer(0) ? .integer(0) - n : n)
        case .round:
            var value = try evaluator.number(values[0]).decimal, rounded = Decimal()
            guard case .integer(let places) = try evaluator.number(values[1]) else {
                throw EvaluationError(message: "round 的小数位须为整数")
            }
            NSDecimalRound(&rounded, &value, places, .plain)
            return .number(Number.normalised(rounded))
        case .hasTable:
            return .bool(evaluator.facts.hasTable(try tableID(values[0])))
        case .hasSection:
            guard let section = SectionID(rawValue: try string(values[0])) else {
                throw EvaluationError(message: "没有名为 \(values[0].text) 的部分")
            }
            return .bool(evaluator.report.sections[section] != nil)
        case .tables, .sections, .rows, .columns, .cells: return try schema(name, values, format: evaluator.facts.format)
        case .labels: return .list(WrittenLabels.labels(of: try tableID(values[0]), in: evaluator.report))
        case .units: return .list(WrittenLabels.units(of: try tableID(values[0]), in: evaluator.report))
        case .repairs: return .list(RowRepairs.records(of: try tableID(values[0]), in: evaluator.report))
        case .number:
            if case .number = values[0] { return values[0] }
            return ChineseNumber.value(of: try string(values[0])).map { .number($0) } ?? .absent
        case .numbers:
            let unit = values.count > 1 ? try string(values[1]) : nil
            return .list(ChineseNumber.numbers(in: try string(values[0]), unit: unit).map { .number($0) })
        case .contains: return .bool(try string(values[0]).includes(try string(values[1])))
        case .startsWith: return .bool(try string(values[0]).hasPrefix(try string(values[1])))
        case .endsWith: return .bool(try string(values[0]).hasSuffix(try string(values[1])))
        case .withoutSpaces: return .string(try string(values[0]).filter { !$0.isWhitespace })
        case .conforms: return .bool(WrittenLabels.conforms(try string(values[0]), to: try string(values[1])))
        case .date:
            guard case .integer(let y) = try evaluator.number(values[0]), case .integer(let m) = try evaluator.number(values[1]),
                  case .integer(let d) = try evaluator.number(values[2]) else {
                throw EvaluationError(message: "date 的年、月、日须为整数")
            }
            return .date(CalendarDate(year: y, month: m, day: d))
        case .year, .month, .day:
            guard case .date(let date) = values[0] else { throw EvaluationError(message: "\(name.rawValue) 需要日期") }
            return .number(.integer(name == .year ? date.year : name == .month ? date.month : date.day))
        case .join:
            return .string(try list(values[0]).map(\.text).joined(separator: try string(values[1])))
        case .text: return .string(values[0].text)
        case .reusedParagraphs:
            guard let previous = evaluator.previous else { return .absent }
            guard case .integer(let percent) = try evaluator.number(values[0]), (1...100).contains(percent) else {
                throw EvaluationError(message: "reused_paragraphs 的相似度须为 1–100 的整数")
            }
            return .list(ReusedText.paragraphs(evaluator.facts, previous: previous, percent: percent))
        default: throw EvaluationError(message: "函数 \(name.rawValue) 的参数有误")
        }
    }

    private static func cellFunction(_ name: Function, _ value: Value, _ evaluator: Evaluator) throws(EvaluationError) -> Value {
        if name == .line, case .record(let fields) = value { return fields["line"] ?? .absent }
        guard case .cell(let reference, let role) = value, let source = evaluator.facts(role) else {
            if value.isUnknown { return value }
            throw EvaluationError(message: "\(name.rawValue) 需要单元格，实为「\(value.typeName)」")
        }
        let cell = reference.cell, format = source.format
        let spec = cell.spec(format)
        switch name {
        case .line: return source.read(cell).cell.line.map { .number(.integer($0)) } ?? .absent
        case .raw: return .string(source.read(cell).cell.raw)
        case .kind: return cell.kinds[format.index].map { .string($0.rawValue) } ?? .absent
        case .rowLabel: return cell.rowLabels[format.index].map { .string($0) } ?? .absent
        case .columnLabel: return spec.map { .string($0.column.label) } ?? .absent
        default:
            guard let spec, let rowLabel = cell.rowLabels[format.index] else { return .absent }
            return .string(rowLabel + "·" + spec.column.label)
        }
    }

    /// The items as numbers; unknown if any item is unknown (its cells listed).
    private static func numbersOf(_ items: [Value], _ evaluator: Evaluator) throws(EvaluationError) -> Value {
        var result: [Value] = []
        var unknown: [Value] = []
        for item in items {
            let value = try evaluator.numeric(item)
            if value.isUnknown { unknown.append(value) } else {
                _ = try evaluator.number(value)
                result.append(value)
            }
        }
        if !unknown.isEmpty { return Evaluator.merge(unknown) }
        return .list(result)
    }

    private static func list(_ value: Value) throws(EvaluationError) -> [Value] {
        guard case .list(let items) = value else { throw EvaluationError(message: "此处需要列表，实为「\(value.typeName)」") }
        return items
    }

    private static func string(_ value: Value) throws(EvaluationError) -> String {
        switch value {
        case .string(let s): return s
        case .number(let n): return n.description
        default: throw EvaluationError(message: "此处需要文本，实为「\(value.typeName)」")
        }
    }

    static func tableID(_ value: Value) throws(EvaluationError) -> TableID {
        // Each ID has its own length: one comparison, of equal strings that share their bits, rather than
        // `TableID(rawValue:)`.
        let name = try string(value)
        let candidate: TableID?
        switch name.utf8.count {
        case TableID.disclosure.rawValue.utf8.count: candidate = .disclosure
        case TableID.applications.rawValue.utf8.count: candidate = .applications
        case TableID.reviewLitigation.rawValue.utf8.count: candidate = .reviewLitigation
        default: candidate = nil
        }
        guard let id = candidate, id.rawValue == name else {
            throw EvaluationError(message: "没有名为 \(value.text) 的表（disclosure、applications、review_litigation）")
        }
        return id
    }
}
