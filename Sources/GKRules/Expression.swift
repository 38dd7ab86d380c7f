import GKModel

/// One segment of a cell path after the table: a fixed ID, a loop variable, every ID, or a range.
enum PathSegment: Sendable, Hashable, CustomStringConvertible {
    case id(String)
    case variable(String)
    case all
    /// `granted..other_misc`: the IDs from one to the other, in the table's order.
    case range(String, String)

    var description: String {
        switch self {
        case .id(let id): return id
        case .variable(let name): return "$" + name
        case .all: return "*"
        case .range(let from, let to): return from + ".." + to
        }
    }
}

/// Which report of a pair an expression reads: the report being audited, or the same agency's previous year
/// (`previous.applications.carried_over.total`, `previous.report.year`; only in `scope: pair` rules).
enum ReportRole: Sendable, Hashable {
    case current, previous
}

/// A reference to one or more cells: `applications.$row.total`, `applications.granted..other_misc.total`.
struct CellPattern: Sendable, Hashable, CustomStringConvertible {
    let table: TableID
    let row: PathSegment
    let column: PathSegment
    var role: ReportRole = .current

    var description: String { (role == .previous ? "previous." : "") + "\(table.rawValue).\(row).\(column)" }

    /// Whether the pattern names exactly one cell once its variables are bound.
    var isSingle: Bool {
        switch (row, column) {
        case (.id, .id), (.id, .variable), (.variable, .id), (.variable, .variable): return true
        default: return false
        }
    }
}

/// Operators of the expression language.
enum BinaryOperator: String, Sendable, CaseIterable {
    case or = "||", and = "&&"
    case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case plus = "+", minus = "-", times = "*", divide = "/"

    var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// A parsed expression of a rule (`sum(applications.$row.natural_person..other_org)`).
indirect enum Expression: Sendable {
    case literal(Value)
    /// A loop variable bound by `for_each` (`$row`).
    case variable(String)
    /// A name bound while a finding is being described: `expected`, `actual`, `difference`, `terms`, and the
    /// check's `values`. Only message templates may use names.
    case name(String)
    case cells(CellPattern)
    /// `report.year`, `report.published`…; `previous.report.year` in a pair rule.
    case report(String, ReportRole)
    /// `match` (the whole matched text) or `match.NAME` (a named group of the rule's pattern).
    case match(String?)
    case not(Expression)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression)
    case conditional(Expression, Expression, Expression)
    case call(Function, [Expression])
    case list([Expression])
    /// A map literal, only ever indexed: `{"予以公开": applications.granted.total}[match.what]`.
    /// Only the chosen entry is evaluated.
    case map([(String, Expression)])
    case index(Expression, Expression)
    /// `label.written`: a field of a record (labels and units are records).
    case field(Expression, String)

    /// Every cell pattern the expression mentions, for validation.
    var cellPatterns: [CellPattern] {
        var result: [CellPattern] = []
        visit { if case .cells(let pattern) = $0 { result.append(pattern) } }
        return result
    }

    /// Calls `body` on this expression and every sub-expression.
    func visit(_ body: (Expression) -> Void) {
        body(self)
        switch self {
        case .literal, .variable, .name, .cells, .report, .match: break
        case .not(let e), .negate(let e), .field(let e, _): e.visit(body)
        case .binary(_, let l, let r), .index(let l, let r):
            l.visit(body)
            r.visit(body)
        case .conditional(let c, let a, let b):
            c.visit(body)
            a.visit(body)
            b.visit(body)
        case .call(_, let arguments), .list(let arguments): arguments.forEach { $0.visit(body) }
        case .map(let entries): entries.forEach { $0.1.visit(body) }
        }
    }
}

/// A syntax error in an expression, with the character offset it was found at.
struct ExpressionError: Error, Sendable {
    let message: String
    let offset: Int
}

/// Reads the expression language: a small, CEL-like syntax over cells, report metadata and pattern captures.
///
///     sum(applications.$row.natural_person..other_org)
///     match.n == applications.new.total || match.n == applications.new.total + applications.carried_in.total
///     report.published <= date(report.year + 1, 1, 31)
struct ExpressionParser {
    private let scalars: [Unicode.Scalar]
    private var position = 0

    static let tables: [String: TableID] = Dictionary(uniqueKeysWithValues: TableID.allCases.map { ($0.rawValue, $0) })

    static func parse(_ text: String) throws(ExpressionError) -> Expression {
        var parser = ExpressionParser(scalars: Array(text.unicodeScalars))
        let expression = try parser.conditional()
        parser.skipSpace()
        guard parser.position == parser.scalars.count else {
            throw parser.error("表达式在此处多出内容：「\(parser.rest)」")
        }
        return expression
    }

    private init(scalars: [Unicode.Scalar]) { self.scalars = scalars }

    private var rest: String {
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[position...].prefix(20))
        return String(s)
    }

    private func error(_ message: String) -> ExpressionError { ExpressionError(message: message, offset: position) }

    private mutating func skipSpace() {
        while position < scalars.count, scalars[position].properties.isWhitespace { position += 1 }
    }

    private mutating func take(_ token: String) -> Bool {
        skipSpace()
        let tokenScalars = Array(token.unicodeScalars)
        guard position + tokenScalars.count <= scalars.count,
              Array(scalars[position..<position + tokenScalars.count]) == tokenScalars else { return false }
        // `<` must not take the first character of `<=`, `=` of `==`, `.` of `..`, `|` of `||` and so on.
        if tokenScalars.count == 1, position + 1 < scalars.count {
            let next = scalars[position + 1]
            if ["<", ">", "!", "="].contains(token), next == "=" { return false }
        }
        position += tokenScalars.count
        return true
    }

    private mutating func expect(_ token: String) throws(ExpressionError) {
        guard take(token) else { throw error("此处应为「\(token)」，实为「\(rest)」") }
    }

    private mutating func conditional() throws(ExpressionError) -> Expression {
        let condition = try binary(level: 0)
        guard take("?") else { return condition }
        let whenTrue = try conditional()
        try expect(":")
        let whenFalse = try conditional()
        return .conditional(condition, whenTrue, whenFalse)
    }

    private static let levels: [[BinaryOperator]] = [
        [.or], [.and],
        [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater],
        [.plus, .minus], [.times, .divide],
    ]

    private mutating func binary(level: Int) throws(ExpressionError) -> Expression {
        guard level < Self.levels.count else { return try unary() }
        var left = try binary(level: level + 1)
        while let op = Self.levels[level].first(where: { take($0.rawValue) }) {
            let right = try binary(level: level + 1)
            left = .binary(op, left, right)
            if op.isComparison { break } // comparisons do not chain
        }
        return left
    }

    private mutating func unary() throws(ExpressionError) -> Expression {
        if take("!") { return .not(try unary()) }
        if take("-") { return .negate(try unary()) }
        return try postfix()
    }

    private mutating func postfix() throws(ExpressionError) -> Expression {
        var expression = try primary()
        while true {
            if take("[") {
                let key = try conditional()
                try expect("]")
                expression = .index(expression, key)
            } else if peekField() {
                position += 1
                expression = .field(expression, try identifier())
            } else {
                return expression
            }
        }
    }

    /// A `.` that starts a field name (not `..`).
    private mutating func peekField() -> Bool {
        skipSpace()
        return position + 1 < scalars.count && scalars[position] == "." && scalars[position + 1] != "."
    }

    private mutating func primary() throws(ExpressionError) -> Expression {
        skipSpace()
        guard position < scalars.count else { throw error("表达式意外结束") }
        let c = scalars[position]
        if c == "(" {
            position += 1
            let inner = try conditional()
            try expect(")")
            return inner
        }
        if c == "[" {
            position += 1
            return .list(try arguments(closing: "]"))
        }
        if c == "{" {
            position += 1
            return try mapLiteral()
        }
        if c == "\"" || c == "'" { return .literal(.string(try stringLiteral())) }
        if c.properties.numericType != nil, c.isASCII { return .literal(.number(try numberLiteral())) }
        if c == "$" {
            position += 1
            return .variable(try identifier())
        }
        let name = try identifier()
        switch name {
        case "true": return .literal(.bool(true))
        case "false": return .literal(.bool(false))
        case "report":
            try expect(".")
            return .report(try identifier(), .current)
        case "previous":
            try expect(".")
            let next = try identifier()
            if next == "report" {
                try expect(".")
                return .report(try identifier(), .previous)
            }
            guard let table = Self.tables[next] else {
                throw error("previous. 之后须为表名（disclosure、applications、review_litigation）或 report")
            }
            var pattern = try cellPattern(table: table)
            pattern.role = .previous
            return .cells(pattern)
        case "match":
            if peekField() {
                position += 1
                return .match(try identifier())
            }
            return .match(nil)
        default: break
        }
        if let table = Self.tables[name] {
            return .cells(try cellPattern(table: table))
        }
        if take("(") {
            guard let function = Function(rawValue: name) else {
                let suggestion = DidYouMean.closest(to: name, among: Function.allCases.map(\.rawValue))
                throw error("未知函数「\(name)」" + (suggestion.map { "（是否想写「\($0)」？）" } ?? ""))
            }
            return .call(function, try arguments(closing: ")"))
        }
        return .name(name)
    }

    private mutating func cellPattern(table: TableID) throws(ExpressionError) -> CellPattern {
        try expect(".")
        let row = try segment()
        try expect(".")
        let column = try segment()
        return CellPattern(table: table, row: row, column: column)
    }

    private mutating func segment() throws(ExpressionError) -> PathSegment {
        skipSpace()
        if take("*") { return .all }
        if take("$") { return .variable(try identifier()) }
        let first = try identifier()
        if position + 1 < scalars.count, scalars[position] == ".", scalars[position + 1] == "." {
            position += 2
            return .range(first, try identifier())
        }
        return .id(first)
    }

    private mutating func identifier() throws(ExpressionError) -> String {
        skipSpace()
        let start = position
        while position < scalars.count,
              scalars[position].isASCII && (scalars[position].properties.isAlphabetic
                  || scalars[position].properties.numericType != nil || scalars[position] == "_") {
            position += 1
        }
        guard position > start, !(scalars[start].properties.numericType != nil) else {
            throw error("此处应为名称，实为「\(rest)」")
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<position])
        return String(s)
    }

    private mutating func arguments(closing: String) throws(ExpressionError) -> [Expression] {
        var result: [Expression] = []
        if take(closing) { return result }
        repeat {
            result.append(try conditional())
        } while take(",")
        try expect(closing)
        return result
    }

    private mutating func mapLiteral() throws(ExpressionError) -> Expression {
        var entries: [(String, Expression)] = []
        if take("}") { return .map(entries) }
        repeat {
            skipSpace()
            guard position < scalars.count, scalars[position] == "\"" || scalars[position] == "'" else {
                throw error("映射的键须为字符串")
            }
            let key = try stringLiteral()
            try expect(":")
            entries.append((key, try conditional()))
        } while take(",")
        try expect("}")
        return .map(entries)
    }

    private mutating func stringLiteral() throws(ExpressionError) -> String {
        let quote = scalars[position]
        position += 1
        var s = String.UnicodeScalarView()
        while position < scalars.count, scalars[position] != quote {
            if scalars[position] == "\\", position + 1 < scalars.count { position += 1 }
            s.append(scalars[position])
            position += 1
        }
        guard position < scalars.count else { throw error("字符串缺少结尾的引号") }
        position += 1
        return String(s)
    }

    private mutating func numberLiteral() throws(ExpressionError) -> Number {
        let start = position
        while position < scalars.count, scalars[position].isASCII, scalars[position].properties.numericType != nil {
            position += 1
        }
        // A fraction, but not the `..` of a range.
        if position + 1 < scalars.count, scalars[position] == ".", scalars[position + 1].isASCII,
           scalars[position + 1].properties.numericType != nil {
            position += 1
            while position < scalars.count, scalars[position].isASCII, scalars[position].properties.numericType != nil {
                position += 1
            }
        }
        var s = String.UnicodeScalarView()
        s.append(contentsOf: scalars[start..<position])
        guard let number = Number(String(s)) else { throw error("无法读取数字「\(String(s))」") }
        return number
    }
}
