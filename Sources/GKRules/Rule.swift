import Foundation
import GKModel

/// A place in a rule file, for error messages (`rules/table/row-sum.yaml:12`).
public struct SourceLocation: Sendable, Hashable, CustomStringConvertible {
    public let file: String
    public let line: Int

    public var description: String { "\(file):\(line)" }
}

/// A message with `{expression}` placeholders, filled in when a finding is written.
struct Template: Sendable {
    enum Part: Sendable {
        case text(String)
        case expression(Expression, source: String)
    }

    let parts: [Part]
    let source: String

    /// Parses `{…}` placeholders; `{{` and `}}` stand for braces.
    static func parse(_ source: String) throws(ExpressionError) -> Template {
        var parts: [Part] = []
        var literal = ""
        var characters = source[...]
        while let c = characters.popFirst() {
            if c == "{", characters.first == "{" {
                characters.removeFirst()
                literal.append("{")
            } else if c == "}", characters.first == "}" {
                characters.removeFirst()
                literal.append("}")
            } else if c == "{" {
                guard let close = characters.firstIndex(of: "}") else {
                    throw ExpressionError(message: "占位符缺少右花括号：{\(characters)", offset: 0)
                }
                let inner = String(characters[..<close])
                characters = characters[characters.index(after: close)...]
                if !literal.isEmpty { parts.append(.text(literal)) }
                literal = ""
                parts.append(.expression(try ExpressionParser.parse(inner), source: inner))
            } else {
                literal.append(c)
            }
        }
        if !literal.isEmpty { parts.append(.text(literal)) }
        return Template(parts: parts, source: source)
    }

    var expressions: [Expression] {
        parts.compactMap { if case .expression(let e, _) = $0 { return e } else { return nil } }
    }
}

/// A compiled regular expression with the names of its groups.
struct TextPattern: @unchecked Sendable {
    // NSRegularExpression is immutable and documented as thread-safe.
    let regex: NSRegularExpression
    let source: String
    let groupNames: [String]
    /// For each alternative at the pattern's top level, characters every match of it contains (literal
    /// characters outside any group or class, not made optional): a sentence lacking one of each
    /// alternative's is passed over without running the pattern. Empty when nothing is known.
    let required: [[String]]
    /// The bits of each alternative's required characters: a sentence lacking them is passed over unsearched.
    private let requiredBits: [CharacterBits]

    init(_ source: String) throws {
        regex = try NSRegularExpression(pattern: source, options: [])
        self.source = source
        groupNames = TextPattern.namedGroups(in: source)
        required = TextPattern.requiredCharacters(of: source)
        requiredBits = required.map { CharacterBits($0.joined()) }
    }

    /// Whether the sentence may hold a match (it has every required character of some alternative).
    func mayMatch(_ sentence: Sentence) -> Bool {
        required.isEmpty || zip(required, requiredBits).contains { characters, bits in
            sentence.characters.contains(bits) && characters.allSatisfy { sentence.text.includes($0) }
        }
    }

    /// For each top-level alternative of the pattern, its literal non-ASCII characters standing at the top
    /// level, each not followed by a quantifier that allows zero; nothing when an alternative has none or
    /// the pattern has inline options. Conservative: a match of an alternative holds each of its characters.
    static func requiredCharacters(of pattern: String) -> [[String]] {
        guard !pattern.contains("(?i"), !pattern.contains("(?x"), !pattern.contains("(?w") else { return [] }
        let characters = Array(pattern.unicodeScalars)
        var result: [[String]] = [[]]
        var depth = 0, index = 0
        while index < characters.count {
            let c = characters[index]
            index += 1
            switch c {
            case "\\": index += 1
            case "[":
                // A class: up to its closing bracket (a `]` first in the class, or escaped, is a member).
                if index < characters.count, characters[index] == "^" { index += 1 }
                if index < characters.count, characters[index] == "]" { index += 1 }
                while index < characters.count, characters[index] != "]" {
                    if characters[index] == "[" { return [] } // nested classes: not worth reading
                    index += characters[index] == "\\" ? 2 : 1
                }
                index += 1
            case "(": depth += 1
            case ")": depth -= 1
            case "|" where depth == 0: result.append([])
            default:
                guard depth == 0, !c.isASCII else { continue }
                let next = index < characters.count ? characters[index] : nil
                if next == "?" || next == "*" || next == "{" { continue }
                result[result.count - 1].append(String(c))
            }
        }
        return result.contains(where: \.isEmpty) ? [] : result
    }

    /// The `(?<name>…)` groups of a pattern, in order.
    static func namedGroups(in pattern: String) -> [String] {
        var names: [String] = []
        var rest = pattern[...]
        while let range = rest.range(of: "(?<") {
            rest = rest[range.upperBound...]
            guard let first = rest.first, first != "=", first != "!", let end = rest.firstIndex(of: ">") else { continue }
            names.append(String(rest[..<end]))
        }
        return names
    }
}

/// Where a narrative check looks, and for what.
struct TextMatch: Sendable {
    /// `preamble` and section IDs.
    let places: Set<String>
    /// Literal words one of which a sentence must contain before the pattern runs (a fast filter).
    let keywords: [String]
    /// Nil only on a rule whose `cases` each bring their own pattern.
    let pattern: TextPattern?
    /// A sentence this also matches is passed over (plans for next year, quotations…).
    let unless: TextPattern?
    /// The bits of each keyword's characters: a sentence lacking them is not searched for the keyword.
    private let keywordBits: [CharacterBits]

    init(places: Set<String>, keywords: [String], pattern: TextPattern?, unless: TextPattern?) {
        self.places = places
        self.keywords = keywords
        self.pattern = pattern
        self.unless = unless
        keywordBits = keywords.map(CharacterBits.init)
    }

    /// Whether the sentence contains one of the keywords.
    func mentionsKeyword(_ sentence: Sentence) -> Bool {
        zip(keywords, keywordBits).contains { keyword, bits in
            sentence.characters.contains(bits) && sentence.text.includes(keyword)
        }
    }
}

/// One check of a rule: what it iterates over, what it looks for, and what must hold.
struct Check: Sendable {
    var forEach: [(name: String, domain: Expression)] = []
    var when: Expression?
    var text: TextMatch?
    /// A finding is made when this is false…
    var condition: Expression?
    /// …or, without a condition, when `actual compare expected` is false. With a condition these only describe.
    var actual: Expression?
    var expected: Expression?
    var compare: BinaryOperator = .equal
    var values: [(name: String, expression: Expression)] = []
    /// What the finding is about (a cell or a label): its line and its fingerprint.
    var subject: Expression?
    var message: Template?
    /// A case's own severity (e.g. reused text is a warning when it carries a stale year); the rule's otherwise.
    var severity: Severity?
}

/// One example of a rule: a small report that must give no finding (`pass`) or must give findings (`fail`).
public struct RuleExample: Sendable {
    public enum Expectation: Sendable, Hashable {
        case pass
        /// Findings expected: an exact count, or at least one when nil.
        case fail(count: Int?)
    }

    public let name: String?
    public let expectation: Expectation
    public let location: SourceLocation
    let build: ExampleReport
    /// The same agency's previous year, for pair rules (by default the same consistent all-zero report, a year earlier).
    let previousBuild: ExampleReport?
}

/// What a rule looks at: one report, or one report with the same agency's previous year.
public enum RuleScope: String, Sendable {
    case report
    /// Runs when the corpus holds the agency's previous year, which `previous.` expressions read.
    case pair
}

/// A check of annual reports, loaded from a rule file.
public struct Rule: Sendable {
    public let id: String
    public let title: String
    public let severity: Severity
    public let rationale: String
    public let references: [String]
    /// The format versions the rule applies to.
    public let formats: Set<FormatVersion>
    public let scope: RuleScope
    /// Free-form metadata (`category`, `author`, …), kept for exports.
    public let metadata: [(key: String, value: String)]
    public let examples: [RuleExample]
    public let location: SourceLocation
    let message: Template
    let checks: [Check]

    public var descriptor: RuleDescriptor {
        RuleDescriptor(id: id, title: title, severity: severity, rationale: rationale, references: references,
                       source: location.description)
    }

    /// The message template as written.
    public var messageTemplate: String { message.source }
}
