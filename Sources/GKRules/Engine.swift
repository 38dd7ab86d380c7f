import Foundation
import GKModel
import GKParse

/// A check that was not evaluated on a report because cells it needs are blank. Not a pass: the blank
/// cells themselves are what `structure.missing-cell` reports.
public struct SkippedCheck: Sendable, Hashable {
    public let rule: String
    public let missing: [CellPath]
}

/// A rule that failed on a report's data (a type error the rule's author must fix). Reported, never hidden.
public struct RuleFailure: Sendable, Hashable, CustomStringConvertible {
    public let rule: String
    public let file: String
    public let message: String

    public var description: String { "\(file): 规则 \(rule) 无法评估：\(message)" }
}

/// The outcome of auditing one report.
public struct ReportAudit: Sendable {
    public var findings: [Finding] = []
    public var skipped: [SkippedCheck] = []
    public var failures: [RuleFailure] = []
    /// Cross-year (`scope: pair`) rules did not run: the corpus lacks the agency's previous year. Not a pass.
    public var pairRulesSkipped = false
}

/// Runs rules over reports.
public struct Engine: Sendable {
    public let rules: [Rule]

    /// The names a message may use besides the check's `values`.
    static let describingNames: Set<String> = ["expected", "actual", "difference", "terms"]

    /// Each rule's checks compiled, in the order of `rules`.
    private let plans: [[CheckPlan]]

    public init(rules: [Rule]) {
        self.rules = rules
        plans = rules.map { rule in rule.checks.map { CheckPlan($0, ruleMessage: rule.message) } }
    }

    /// Whether some rule compares a report with the agency's previous year.
    public var hasPairRules: Bool { rules.contains { $0.scope == .pair } }

    /// Audits a report; `previous`, the same agency's report for the year before, lets the pair rules run.
    /// A pair rule runs when both reports are in one of its formats.
    /// `duplicates` names the other files the corpus holds for the same agency and year.
    public func audit(_ report: Report, previous: Report? = nil, duplicates: [String] = []) -> ReportAudit {
        let facts = ReportFacts(report: report, duplicates: duplicates)
        let previousFacts = previous.map { ReportFacts(report: $0) }
        var audit = ReportAudit()
        for (rule, checks) in zip(rules, plans) where rule.formats.contains(report.metadata.format) {
            if rule.scope == .pair {
                guard let previousFacts else {
                    audit.pairRulesSkipped = true
                    continue
                }
                guard rule.formats.contains(previousFacts.report.metadata.format) else { continue }
            }
            var run = RuleRun(rule: rule, facts: facts, previous: rule.scope == .pair ? previousFacts : nil)
            do {
                try run.evaluate(checks)
            } catch {
                audit.failures.append(RuleFailure(rule: rule.id, file: report.file, message: error.message))
            }
            audit.findings += run.findings
            audit.skipped += run.skipped
        }
        return audit
    }
}

/// A check with its expressions compiled.
private struct CheckPlan {
    let check: Check
    let loop: LoopVariables
    let forEach: [(name: String, slot: Int, domain: CompiledExpression)]
    let when: CompiledExpression?
    let condition: CompiledExpression?
    let actual: CompiledExpression?
    let expected: CompiledExpression?
    let values: [(name: String, node: CompiledExpression)]
    let subject: CompiledExpression?
    /// The check's own message, else the rule's.
    let message: CompiledTemplate

    init(_ check: Check, ruleMessage: Template) {
        self.check = check
        let loop = LoopVariables(check.forEach.map(\.name))
        func compile(_ expression: Expression) -> CompiledExpression { CompiledExpression.compile(expression, loop) }
        self.loop = loop
        forEach = check.forEach.map { ($0.name, loop.slot($0.name)!, compile($0.domain)) }
        when = check.when.map(compile)
        condition = check.condition.map(compile)
        actual = check.actual.map(compile)
        expected = check.expected.map(compile)
        values = check.values.map { ($0.name, compile($0.expression)) }
        subject = check.subject.map(compile)
        message = CompiledTemplate(check.message ?? ruleMessage, loop)
    }
}

/// One rule applied to one report (and, for a pair rule, the previous year's).
private struct RuleRun {
    let rule: Rule
    let report: Report
    let facts: ReportFacts
    let evaluator: Evaluator
    var findings: [Finding] = []
    var skipped: [SkippedCheck] = []

    init(rule: Rule, facts: ReportFacts, previous: ReportFacts?) {
        self.rule = rule
        report = facts.report
        self.facts = facts
        evaluator = Evaluator(facts: facts, previous: previous)
    }

    mutating func evaluate(_ checks: [CheckPlan]) throws(EvaluationError) {
        for check in checks {
            try iterate(check, from: 0)
        }
    }

    /// Binds the `for_each` variables one after another (each may use those before it), then tests.
    private mutating func iterate(_ check: CheckPlan, from index: Int) throws(EvaluationError) {
        guard index < check.forEach.count else {
            try test(check)
            return
        }
        let (name, slot, domain) = check.forEach[index]
        let values = try domain.evaluate(evaluator)
        guard case .list(let items) = values else {
            if values.isUnknown { return }
            throw EvaluationError(message: "for_each 的 \(name) 须取自列表，实为「\(values.typeName)」")
        }
        for item in items {
            evaluator.bind(slot, item)
            try iterate(check, from: index + 1)
        }
        evaluator.bind(slot, nil)
    }

    private mutating func test(_ check: CheckPlan) throws(EvaluationError) {
        guard let text = check.check.text, let pattern = text.pattern else {
            try judge(check, sentence: nil, match: nil)
            return
        }
        // Sentences come section by section, sharing their section's string: its place is looked up once.
        var place: (section: String, searched: Bool)?
        for sentence in facts.sentences {
            if place?.section != sentence.section { place = (sentence.section, text.places.contains(sentence.section)) }
            if !place!.searched { continue }
            if !text.keywords.isEmpty, !text.mentionsKeyword(sentence) { continue }
            if !pattern.mayMatch(sentence) { continue }
            let whole = NSRange(location: 0, length: sentence.length)
            let matches = pattern.regex.matches(in: sentence.text, range: whole)
            if matches.isEmpty { continue }
            if let unless = text.unless, unless.mayMatch(sentence),
               unless.regex.firstMatch(in: sentence.text, range: whole) != nil { continue }
            for match in matches {
                evaluator.matchText = sentence.substring(match.range)
                evaluator.captures.removeAll(keepingCapacity: true)
                for name in pattern.groupNames {
                    let range = match.range(withName: name)
                    guard range.location != NSNotFound else { continue }
                    let captured = sentence.substring(range)
                    let value = ChineseNumber.value(of: captured).map(Value.number) ?? .string(captured)
                    // A name the pattern uses twice keeps its last group's value, as a dictionary would.
                    if let index = evaluator.captures.firstIndex(where: { $0.name == name }) {
                        evaluator.captures[index].value = value
                    } else {
                        evaluator.captures.append((name, value))
                    }
                }
                try judge(check, sentence: sentence, match: match)
            }
        }
        evaluator.matchText = nil
        evaluator.captures = []
    }

    /// Whether the check applies here (`when`, which may read the match); unknown counts as not.
    private mutating func applies(_ check: CheckPlan) throws(EvaluationError) -> Bool {
        guard let when = check.when else { return true }
        let applies = try evaluator.resolve(try when.evaluate(evaluator))
        if case .unknown(let missing) = applies {
            note(missing)
            return false
        }
        return try evaluator.truth(applies)
    }

    /// Evaluates the check's test and writes a finding when it fails. The cells an expression reads are
    /// recorded only for a finding, by evaluating it again: evaluation is pure, so it reads the same cells.
    private mutating func judge(_ check: CheckPlan, sentence: Sentence?, match: NSTextCheckingResult?) throws(EvaluationError) {
        guard try applies(check) else { return }
        var actual: Value = .absent, expected: Value = .absent
        var actualReads: [CellRead] = [], expectedReads: [CellRead] = []
        if let condition = check.condition {
            let holds = try evaluator.resolve(try condition.evaluate(evaluator))
            if case .unknown(let missing) = holds {
                note(missing)
                return
            }
            if try evaluator.truth(holds) { return }
            (actual, actualReads) = try describe(check.actual, recording: true)
            (expected, expectedReads) = try describe(check.expected, recording: true)
            if expectedReads.isEmpty {
                expectedReads = try recorded { () throws(EvaluationError) in
                    _ = try evaluator.resolve(try condition.evaluate(evaluator))
                }
            }
        } else if let actualExpression = check.actual, let expectedExpression = check.expected {
            (actual, _) = try describe(actualExpression, recording: false)
            (expected, _) = try describe(expectedExpression, recording: false)
            if actual.isUnknown || expected.isUnknown {
                note(Evaluator.merge(actual, expected))
                return
            }
            if try evaluator.compare(check.check.compare, actual, expected) { return }
            (actual, actualReads) = try describe(actualExpression, recording: true)
            (expected, expectedReads) = try describe(expectedExpression, recording: true)
        }
        findings.append(try finding(check, actual: actual, expected: expected, actualReads: actualReads,
                                    expectedReads: expectedReads, sentence: sentence, match: match))
    }

    private func describe(_ expression: CompiledExpression?, recording: Bool) throws(EvaluationError) -> (Value, [CellRead]) {
        guard let expression else { return (.absent, []) }
        guard recording else { return (try evaluator.numeric(try expression.evaluate(evaluator)), []) }
        var value = Value.absent
        let reads = try recorded { () throws(EvaluationError) in
            value = try evaluator.numeric(try expression.evaluate(evaluator))
        }
        return (value, reads)
    }

    /// Runs `body` with the cells and `report.` fields it reads recorded; returns the cells.
    private func recorded(_ body: () throws(EvaluationError) -> Void) throws(EvaluationError) -> [CellRead] {
        evaluator.beginRecording()
        defer { evaluator.isRecording = false }
        try body()
        return evaluator.reads
    }

    private mutating func note(_ value: Value) {
        if case .unknown(let missing) = value { note(missing) }
    }

    private mutating func note(_ missing: [CellPath]) {
        if !missing.isEmpty { skipped.append(SkippedCheck(rule: rule.id, missing: missing)) }
    }

    // MARK: Writing the finding

    private func finding(_ check: CheckPlan, actual: Value, expected: Value, actualReads: [CellRead],
                         expectedReads: [CellRead], sentence: Sentence?, match: NSTextCheckingResult?)
        throws(EvaluationError) -> Finding {
        var difference: Value = .absent
        if case .number(let a) = actual, case .number(let e) = expected { difference = .number(a - e) }
        evaluator.names = [
            "actual": actual, "expected": expected, "difference": difference,
            "terms": .string(Self.terms(expectedReads)),
        ]
        for (name, expression) in check.values {
            evaluator.names[name] = try evaluator.resolve(try expression.evaluate(evaluator))
        }
        let message = try render(check.message)
        evaluator.names = [:]

        var subject: Value?
        var fields: [String] = []
        if let expression = check.subject {
            _ = try recorded { () throws(EvaluationError) in subject = try expression.evaluate(evaluator) }
            fields = evaluator.fieldReads
        }
        let line = self.line(sentence: sentence, match: match, subject: subject, subjectFields: fields,
                             reads: actualReads + expectedReads)
        let evidence: String?
        if let sentence {
            evidence = Self.excerpt(sentence.text)
        } else if let line, line >= 1, line <= report.lines.count {
            evidence = Self.excerpt(report.line(line))
        } else {
            evidence = nil
        }
        let key: String
        if let match, let sentence {
            key = sentence.substring(match.range).filter { !$0.isWhitespace }
        } else if let subject {
            key = subject.text + (subject.findingValue.map { "\($0)" } ?? "")
        } else {
            let bound = zip(check.loop.names, evaluator.bindings).compactMap { name, value in value.map { (name, $0) } }
            key = bound.sorted { $0.0 < $1.0 }.map { "\($0.0)=\($0.1.text)" }.joined(separator: ",")
                + actualReads.map(\.path.description).joined(separator: ",")
        }
        let agency = report.metadata.agency?.value, year = report.metadata.year?.value
        return Finding(
            rule: rule.id, severity: check.check.severity ?? rule.severity, title: rule.title, file: report.file, line: line,
            message: message, expected: expected.findingValue, actual: actual.findingValue,
            difference: difference.findingValue,
            terms: expectedReads.map {
                FindingTerm(cell: $0.path, value: $0.value.findingValue, line: $0.line, isPreviousYear: $0.role == .previous)
            },
            evidence: evidence, agency: agency, year: year,
            fingerprint: Fingerprint.of([rule.id, agency ?? report.file, year.map(String.init) ?? "", key]))
    }

    private func render(_ template: CompiledTemplate) throws(EvaluationError) -> String {
        var result = ""
        for part in template.parts {
            switch part {
            case .text(let text): result += text
            case .expression(let expression):
                result += try evaluator.resolve(try expression.evaluate(evaluator)).text
            }
        }
        return result
    }

    /// The line a finding points at: the match; else the subject (a cell, a label, a metadata field);
    /// else the first cell read that has a line.
    private func line(sentence: Sentence?, match: NSTextCheckingResult?, subject: Value?, subjectFields: [String],
                      reads: [CellRead]) -> Int? {
        if let sentence { return sentence.line(atOffset: match?.range.location ?? 0) }
        switch subject {
        case .cell(let reference, .current)?: if let line = facts.read(reference.cell).cell.line { return line }
        case .record(let fields)?: if case .number(.integer(let line))? = fields["line"] { return line }
        default: break
        }
        if let line = subjectFields.lazy.compactMap(facts.line(ofField:)).first { return line }
        return reads.lazy.filter { $0.role == .current }.compactMap(\.line).first
    }

    /// `自然人 3、商业企业 0…`: the cells an expected value was computed from, named as the table names them.
    static func terms(_ reads: [CellRead]) -> String {
        let sameRow = Set(reads.map(\.path.row)).count == 1
        let sameColumn = Set(reads.map(\.path.column)).count == 1
        return reads.map { read in
            let spec = read.cell.spec(.v2021) ?? read.cell.spec(.v2019)
            let name: String
            if let (row, column) = spec {
                name = sameRow ? column.label : sameColumn ? WrittenLabels.rowLabel(row) : WrittenLabels.rowLabel(row) + "·" + column.label
            } else {
                name = read.path.description
            }
            return (read.role == .previous ? "上年" : "") + "\(name) \(read.value.text)"
        }.joined(separator: "、")
    }

    /// The text a finding quotes: a table line's tab-separated cells shown as `a | b | c`, at most 200 characters.
    static func excerpt(_ text: String) -> String {
        let cells = text.split(separator: "\t", omittingEmptySubsequences: true)
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let trimmed = cells.joined(separator: " | ")
        return trimmed.count > 200 ? String(trimmed.prefix(200)) + "…" : trimmed
    }
}

/// A short stable hash (FNV-1a, 64 bits) of a finding's identity.
enum Fingerprint {
    static func of(_ parts: [String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in parts.joined(separator: "\u{1F}").utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
