import Foundation
import GKModel
import Yams

/// Everything wrong with a set of rule files, each problem with its file and line. Nothing runs while
/// there is one.
public struct RuleLoadError: Error, Sendable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public let location: SourceLocation
        public let message: String

        public var description: String { "\(location): \(message)" }
    }

    public let problems: [Problem]

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads rule files (YAML) strictly: unknown keys, unknown cells, bad expressions or patterns, duplicate
/// IDs and rules without a passing and a failing example are all errors.
public enum RuleLoader {
    /// Loads every `.yaml`/`.yml` file under the paths (folders read recursively, in name order).
    public static func load(paths: [String]) throws(RuleLoadError) -> [Rule] {
        var files: [String] = []
        var problems: [RuleLoadError.Problem] = []
        for path in paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                problems.append(.init(location: SourceLocation(file: path, line: 0), message: "找不到规则文件或目录"))
                continue
            }
            if isFolder.boolValue {
                let found = (FileManager.default.enumerator(atPath: path)?.allObjects as? [String] ?? [])
                    .filter { ($0.hasSuffix(".yaml") || $0.hasSuffix(".yml")) && !$0.split(separator: "/").contains { $0.hasPrefix(".") } }
                    .sorted()
                files += found.map { (path as NSString).appendingPathComponent($0) }
            } else {
                files.append(path)
            }
        }
        if files.isEmpty, problems.isEmpty {
            problems.append(.init(location: SourceLocation(file: paths.joined(separator: " "), line: 0),
                                  message: "没有找到规则文件（.yaml）"))
        }
        var rules: [Rule] = []
        for file in files {
            guard let data = FileManager.default.contents(atPath: file), let text = String(data: data, encoding: .utf8) else {
                problems.append(.init(location: SourceLocation(file: file, line: 0), message: "无法读取（须为 UTF-8 文本）"))
                continue
            }
            do {
                rules += try load(yaml: text, file: file)
            } catch {
                problems += error.problems
            }
        }
        problems += duplicateProblems(rules)
        if !problems.isEmpty { throw RuleLoadError(problems: problems) }
        return rules
    }

    /// Loads the rules of one file's text: a single rule, or a `rules:` list.
    public static func load(yaml: String, file: String) throws(RuleLoadError) -> [Rule] {
        var reader = RuleFileReader(file: file)
        let rules = reader.read(yaml)
        if !reader.problems.isEmpty { throw RuleLoadError(problems: reader.problems) }
        return rules
    }

    private static func duplicateProblems(_ rules: [Rule]) -> [RuleLoadError.Problem] {
        var first: [String: SourceLocation] = [:]
        var problems: [RuleLoadError.Problem] = []
        for rule in rules {
            if let earlier = first[rule.id] {
                problems.append(.init(location: rule.location, message: "规则 ID「\(rule.id)」重复（已在 \(earlier) 定义）"))
            } else {
                first[rule.id] = rule.location
            }
        }
        return problems
    }
}

/// The keys a rule and its parts may have.
enum RuleKeys {
    static let check = ["for_each", "when", "sections", "keywords", "pattern", "unless", "condition", "actual",
                        "expected", "compare", "values", "subject"]
    static let rule = ["id", "title", "severity", "message", "rationale", "references", "formats", "scope",
                       "metadata", "examples", "cases"] + check
    static let caseKeys = check + ["message", "severity"]
    /// The keys that describe an example's report (an example adds `name`, `findings` and `previous`).
    static let example = ["file", "report", "agency", "year", "title", "period", "data_date", "published", "cells",
                          "text", "labels", "units", "omit", "duplicates"]
    static let comparisons: [String: BinaryOperator] = Dictionary(
        uniqueKeysWithValues: BinaryOperator.allCases.filter(\.isComparison).map { ($0.rawValue, $0) })
}

/// Reads one rule file, collecting problems instead of stopping at the first.
struct RuleFileReader {
    let file: String
    private(set) var problems: [RuleLoadError.Problem] = []

    init(file: String) { self.file = file }

    private func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: file, line: node?.mark?.line ?? 1)
    }

    private mutating func problem(_ node: Node?, _ message: String) {
        problems.append(.init(location: location(node), message: message))
    }

    mutating func read(_ yaml: String) -> [Rule] {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch {
            problems.append(.init(location: SourceLocation(file: file, line: Self.line(of: error)),
                                  message: "YAML 格式错误：\(error)"))
            return []
        }
        guard let root, let mapping = root.mapping else {
            problem(root, "规则文件须为一个规则（映射），或含 rules: 列表")
            return []
        }
        if mapping.count == 1, let list = mapping["rules"] {
            guard let sequence = list.sequence else {
                problem(list, "rules: 须为列表")
                return []
            }
            return sequence.compactMap { readRule($0) }
        }
        return readRule(root).map { [$0] } ?? []
    }

    private static func line(of error: Error) -> Int {
        if let yamlError = error as? YamlError {
            switch yamlError {
            case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
                return mark.line
            default: return 1
            }
        }
        return 1
    }

    // MARK: Rules

    private mutating func readRule(_ node: Node) -> Rule? {
        guard let mapping = node.mapping else {
            problem(node, "规则须为映射（键: 值）")
            return nil
        }
        let before = problems.count
        checkKeys(mapping, allowed: RuleKeys.rule, what: "规则")
        let id = requiredString(mapping, "id", in: node) ?? ""
        if !id.isEmpty, !id.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || "._-".contains($0)) }) {
            problem(mapping["id"], "规则 ID「\(id)」只能用小写 ASCII 字母、数字和 . _ -")
        }
        let title = requiredString(mapping, "title", in: node) ?? ""
        let rationale = requiredString(mapping, "rationale", in: node) ?? ""
        var severity = Severity.error
        if let text = requiredString(mapping, "severity", in: node) {
            if let value = Severity(rawValue: text) { severity = value } else {
                problem(mapping["severity"], "severity 须为 error、warning 或 info，实为「\(text)」")
            }
        }
        let references = stringList(mapping["references"], key: "references", required: true, in: node)
        var formats = Set(FormatVersion.allCases)
        if let node = mapping["formats"] {
            let names = stringList(node, key: "formats", required: true, in: node)
            formats = Set(names.compactMap { name in
                if let format = FormatVersion(rawValue: name) { return format }
                problem(node, "formats 只能含 2021、2019，实为「\(name)」")
                return nil
            })
        }
        var scope = RuleScope.report
        if let node = mapping["scope"] {
            if let value = node.string.flatMap(RuleScope.init(rawValue:)) { scope = value } else {
                problem(node, "scope 须为 report（单份报告）或 pair（本年与同一机关上一年度的报告）")
            }
        }
        var metadata: [(key: String, value: String)] = []
        if let node = mapping["metadata"] {
            if let entries = node.mapping {
                metadata = entries.map { ($0.key.string ?? "", $0.value.string ?? (try? Yams.serialize(node: $0.value)) ?? "") }
            } else {
                problem(node, "metadata 须为映射")
            }
        }
        var message: Template?
        if let text = requiredString(mapping, "message", in: node) { message = template(text, at: mapping["message"]) }

        var checks: [Check] = []
        let base = readCheck(mapping, node: node, isCase: false)
        if let casesNode = mapping["cases"] {
            guard let cases = casesNode.sequence, !cases.isEmpty else {
                problem(casesNode, "cases 须为非空列表")
                return nil
            }
            for caseNode in cases {
                guard let caseMapping = caseNode.mapping else {
                    problem(caseNode, "cases 的每项须为映射")
                    continue
                }
                checkKeys(caseMapping, allowed: RuleKeys.caseKeys, what: "case")
                if let check = readCheck(caseMapping, node: caseNode, isCase: true, defaults: base) { checks.append(check) }
            }
        } else if let base {
            checks.append(base)
        }
        // Names are checked once the rule reads cleanly, so one mistake is not reported twice.
        if problems.count == before {
            for check in checks { validate(check, formats: formats, scope: scope, message: message, at: node) }
        }

        let examples = readExamples(mapping["examples"], in: node)
        guard problems.count == before, let message else { return nil }
        return Rule(id: id, title: title, severity: severity, rationale: rationale, references: references,
                    formats: formats, scope: scope, metadata: metadata, examples: examples, location: location(node),
                    message: message, checks: checks)
    }

    /// The check keys of a rule or a case; a case starts from the rule's own keys.
    private mutating func readCheck(_ mapping: Node.Mapping, node: Node, isCase: Bool, defaults: Check? = nil) -> Check? {
        var check = defaults ?? Check()
        if let forEach = mapping["for_each"] {
            if let entries = forEach.mapping {
                check.forEach = entries.compactMap { entry in
                    guard let name = entry.key.string, let domain = expression(entry.value) else { return nil }
                    return (name, domain)
                }
            } else {
                problem(forEach, "for_each 须为映射：变量名: 取值范围表达式")
            }
        }
        if let node = mapping["when"] { check.when = expression(node) }
        if let node = mapping["condition"] { check.condition = expression(node) }
        if let node = mapping["actual"] { check.actual = expression(node) }
        if let node = mapping["expected"] { check.expected = expression(node) }
        if let node = mapping["subject"] { check.subject = expression(node) }
        if let node = mapping["compare"] {
            if let op = node.string.flatMap({ RuleKeys.comparisons[$0] }) { check.compare = op } else {
                problem(node, "compare 须为 == != < <= > >= 之一")
            }
        }
        if let node = mapping["values"] {
            if let entries = node.mapping {
                // A case adds to (or overrides) the rule's own values.
                let own: [(name: String, expression: Expression)] = entries.compactMap { entry in
                    guard let name = entry.key.string, let value = expression(entry.value) else { return nil }
                    return (name, value)
                }
                check.values = check.values.filter { value in !own.contains { $0.name == value.name } } + own
            } else {
                problem(node, "values 须为映射：名称: 表达式")
            }
        }
        if isCase, let node = mapping["message"], let text = node.string { check.message = template(text, at: node) }
        if isCase, let node = mapping["severity"] {
            if let value = node.string.flatMap(Severity.init(rawValue:)) { check.severity = value } else {
                problem(node, "severity 须为 error、warning 或 info")
            }
        }
        if let text = readTextMatch(mapping, node: node, defaults: check.text) { check.text = text }
        return check
    }

    private mutating func readTextMatch(_ mapping: Node.Mapping, node: Node, defaults: TextMatch?) -> TextMatch? {
        let patternNode = mapping["pattern"]
        let hasTextKeys = ["sections", "keywords", "unless"].contains { mapping[$0] != nil }
        guard patternNode != nil || hasTextKeys else { return defaults }
        var places = defaults?.places ?? Set(Narrative.places)
        if let node = mapping["sections"] {
            let names = stringList(node, key: "sections", required: true, in: node)
            places = Set(names.filter { name in
                if Narrative.places.contains(name) { return true }
                problem(node, "没有名为「\(name)」的部分\(suggestion(name, Narrative.places))")
                return false
            })
        }
        let keywords = mapping["keywords"].map { stringList($0, key: "keywords", required: true, in: node) }
            ?? defaults?.keywords ?? []
        var pattern = defaults?.pattern
        if let patternNode { pattern = regex(patternNode) }
        var unless = defaults?.unless
        if let node = mapping["unless"] { unless = regex(node) }
        if patternNode != nil, pattern == nil { return nil }
        return TextMatch(places: places, keywords: keywords, pattern: pattern, unless: unless)
    }

    private mutating func regex(_ node: Node) -> TextPattern? {
        guard let source = node.string else {
            problem(node, "正则表达式须为文本")
            return nil
        }
        do {
            return try TextPattern(source)
        } catch {
            problem(node, "正则表达式无法编译：\(source)")
            return nil
        }
    }

    // MARK: Validation

    /// Checks names in a check's expressions: cells, variables, report fields, functions and captures.
    private mutating func validate(_ check: Check, formats: Set<FormatVersion>, scope: RuleScope, message: Template?,
                                   at node: Node) {
        if check.condition == nil, check.actual == nil || check.expected == nil {
            problem(node, "检查须有 condition，或同时有 actual 与 expected")
        }
        if let text = check.text, text.pattern == nil {
            problem(node, "有 sections、keywords 或 unless 而没有 pattern")
        }
        var bound = Set<String>()
        for (name, domain) in check.forEach {
            validate(domain, bound: bound, check: check, formats: formats, scope: scope, names: nil, at: node)
            bound.insert(name)
        }
        var expressions = [check.when, check.condition, check.actual, check.expected, check.subject].compactMap { $0 }
        expressions += check.values.map(\.expression)
        for expression in expressions {
            validate(expression, bound: bound, check: check, formats: formats, scope: scope, names: nil, at: node)
        }
        let names = Set(check.values.map(\.name)).union(Engine.describingNames)
        for template in [message, check.message].compactMap({ $0 }) {
            for expression in template.expressions {
                validate(expression, bound: bound, check: check, formats: formats, scope: scope, names: names, at: node)
            }
        }
    }

    /// `names`: the names a message template may use; nil outside templates.
    private mutating func validate(_ expression: Expression, bound: Set<String>, check: Check,
                                   formats: Set<FormatVersion>, scope: RuleScope, names: Set<String>?, at node: Node) {
        expression.visit { sub in
            switch sub {
            case .variable(let name) where !bound.contains(name):
                problem(node, "变量 $\(name) 未在 for_each 中定义\(suggestion(name, Array(bound)))")
            case .report(let field, let role):
                if !ReportFacts.fieldNames.contains(field) {
                    problem(node, "report 没有字段「\(field)」\(suggestion(field, Array(ReportFacts.fieldNames)))")
                }
                if role == .previous, scope != .pair { problem(node, "previous. 只能用于 scope: pair 的规则") }
            case .call(let name, let arguments):
                if let signature = Functions.signatures[name], !signature.arity.contains(arguments.count) {
                    problem(node, "函数 \(name.rawValue) 需要 \(signature.arity.lowerBound)–\(signature.arity.upperBound) 个参数：\(signature.help)")
                }
            case .match(let name?):
                if let pattern = check.text?.pattern {
                    if !pattern.groupNames.contains(name) {
                        problem(node, "pattern 中没有名为「\(name)」的捕获组 (?<\(name)>…)\(suggestion(name, pattern.groupNames))")
                    }
                } else {
                    problem(node, "match.\(name) 只能用于有 pattern 的检查")
                }
            case .match(nil) where check.text?.pattern == nil:
                problem(node, "match 只能用于有 pattern 的检查")
            case .name(let name):
                if let names {
                    if !names.contains(name) {
                        problem(node, "消息中的名称「\(name)」未定义（可用：\(names.sorted().joined(separator: "、"))）\(suggestion(name, Array(names)))")
                    }
                } else {
                    problem(node, "未知的名称「\(name)」：单元格以表名开头（disclosure、applications、review_litigation），"
                        + "循环变量写作 $名称，报告信息写作 report.字段，捕获写作 match.名称；expected、actual 等只能用于 message")
                }
            case .cells(let pattern):
                validate(pattern, bound: bound, formats: formats, at: node)
                if pattern.role == .previous, scope != .pair { problem(node, "previous. 只能用于 scope: pair 的规则") }
            default: break
            }
        }
    }

    private mutating func validate(_ pattern: CellPattern, bound: Set<String>, formats: Set<FormatVersion>, at node: Node) {
        let specs = formats.map { Schema.table(pattern.table, format: $0) }
        let rowIDs = Array(Set(specs.flatMap { $0.rows.map(\.id) })).sorted()
        let rows = specs.flatMap(\.rows)
        let columnIDs = Array(Set(rows.flatMap(\.columnIDs))).sorted()
        check(pattern.row, in: rowIDs, what: "\(pattern.table.rawValue) 的行", bound: bound, at: node)
        check(pattern.column, in: columnIDs, what: "\(pattern.table.rawValue) 的列", bound: bound, at: node)
    }

    private mutating func check(_ segment: PathSegment, in ids: [String], what: String, bound: Set<String>, at node: Node) {
        switch segment {
        case .id(let id) where !ids.contains(id):
            problem(node, "\(what)没有「\(id)」\(suggestion(id, ids))")
        case .range(let from, let to):
            for id in [from, to] where !ids.contains(id) { problem(node, "\(what)没有「\(id)」\(suggestion(id, ids))") }
        case .variable(let name) where !bound.contains(name):
            problem(node, "变量 $\(name) 未在 for_each 中定义\(suggestion(name, Array(bound)))")
        default: break
        }
    }

    /// `（是否想写「…」？）` for the closest candidate, if one is close.
    private func suggestion(_ name: String, _ candidates: [String]) -> String {
        DidYouMean.closest(to: name, among: candidates).map { "（是否想写「\($0)」？）" } ?? ""
    }

    // MARK: Scalars

    private mutating func checkKeys(_ mapping: Node.Mapping, allowed: [String], what: String) {
        var seen = Set<String>()
        for (key, _) in mapping {
            guard let name = key.string else {
                problem(key, "键须为文本")
                continue
            }
            if !seen.insert(name).inserted { problem(key, "键「\(name)」重复") }
            if !allowed.contains(name) { problem(key, "\(what)没有键「\(name)」\(suggestion(name, allowed))") }
        }
    }

    private mutating func requiredString(_ mapping: Node.Mapping, _ key: String, in node: Node) -> String? {
        guard let value = mapping[key] else {
            problem(node, "缺少 \(key)")
            return nil
        }
        guard let text = value.string, !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            problem(value, "\(key) 须为非空文本")
            return nil
        }
        return text
    }

    private mutating func stringList(_ node: Node?, key: String, required: Bool, in parent: Node) -> [String] {
        guard let node else {
            if required { problem(parent, "缺少 \(key)") }
            return []
        }
        if let sequence = node.sequence {
            return sequence.compactMap { item in
                guard let text = item.string else {
                    problem(item, "\(key) 的每项须为文本")
                    return nil
                }
                return text
            }
        }
        if let text = node.string { return [text] }
        problem(node, "\(key) 须为列表")
        return []
    }

    private mutating func expression(_ node: Node) -> Expression? {
        guard let text = node.string else {
            problem(node, "表达式须为文本")
            return nil
        }
        do {
            return try ExpressionParser.parse(text)
        } catch {
            problem(node, "表达式「\(text)」有误（第 \(error.offset + 1) 个字符处）：\(error.message)")
            return nil
        }
    }

    private mutating func template(_ text: String, at node: Node?) -> Template? {
        do {
            return try Template.parse(text)
        } catch {
            problem(node, "消息模板有误：\(error.message)")
            return nil
        }
    }

    // MARK: Examples

    private mutating func readExamples(_ node: Node?, in rule: Node) -> [RuleExample] {
        guard let node, let mapping = node.mapping else {
            problem(node ?? rule, "缺少 examples：每条规则须有至少一个 pass（不应报告）和一个 fail（应报告）示例")
            return []
        }
        checkKeys(mapping, allowed: ["pass", "fail"], what: "examples")
        var examples: [RuleExample] = []
        for (key, expectation) in [("pass", RuleExample.Expectation.pass), ("fail", .fail(count: nil))] {
            guard let list = mapping[key]?.sequence, !list.isEmpty else {
                problem(node, "examples 缺少 \(key) 示例（须为非空列表）")
                continue
            }
            examples += list.compactMap { readExample($0, expectation: expectation) }
        }
        return examples
    }

    private mutating func readExample(_ node: Node, expectation: RuleExample.Expectation) -> RuleExample? {
        guard let mapping = node.mapping else {
            problem(node, "示例须为映射")
            return nil
        }
        checkKeys(mapping, allowed: RuleKeys.example + ["name", "findings", "previous"], what: "示例")
        var expectation = expectation
        if let count = mapping["findings"] {
            guard case .fail = expectation, let n = count.int, n > 0 else {
                problem(count, "findings（应报告的问题数）只用于 fail 示例，须为正整数")
                return nil
            }
            expectation = .fail(count: n)
        }
        let report = readExampleReport(mapping)
        var previous: ExampleReport?
        if let node = mapping["previous"] {
            guard let previousMapping = node.mapping else {
                problem(node, "previous 须为映射：上一年度报告的示例")
                return nil
            }
            checkKeys(previousMapping, allowed: RuleKeys.example, what: "previous")
            previous = readExampleReport(previousMapping, defaultYear: report.year - 1)
        }
        return RuleExample(name: mapping["name"]?.string, expectation: expectation, location: location(node),
                           build: report, previousBuild: previous)
    }

    /// The report keys of an example (or of its `previous` report).
    private mutating func readExampleReport(_ mapping: Node.Mapping, defaultYear: Int? = nil) -> ExampleReport {
        var report = ExampleReport()
        if let defaultYear { report.year = defaultYear }
        if let file = mapping["file"]?.string { report.file = file }
        if let text = mapping["report"]?.string { report.wholeText = text }
        if let node = mapping["agency"] { report.agency = node.isNull ? nil : node.string }
        if let node = mapping["year"] {
            if let year = node.int { report.year = year } else { problem(node, "year 须为整数") }
        }
        if let node = mapping["title"] { report.title = node.string }
        if let node = mapping["period"] { report.periodYear = .some(node.isNull ? nil : node.int) }
        if let node = mapping["data_date"] { report.dataDate = .some(node.isNull ? nil : node.string) }
        if let node = mapping["published"] { report.published = .some(node.isNull ? nil : node.string) }
        if let node = mapping["cells"] { report.cells = exampleCells(node) }
        if let node = mapping["text"] {
            report.text = stringMap(node, key: "text")
            for (key, _) in report.text where !Narrative.places.contains(key) {
                problem(node, "text 的键须为部分 ID 或 preamble，实为「\(key)」\(suggestion(key, Narrative.places))")
            }
        }
        if let node = mapping["duplicates"] {
            report.duplicates = stringList(node, key: "duplicates", required: true, in: node)
        }
        if let node = mapping["labels"] { report.labels = stringMap(node, key: "labels") }
        if let node = mapping["units"] { report.units = stringMap(node, key: "units") }
        if let node = mapping["omit"] {
            let known = SectionID.allCases.map(\.rawValue) + TableID.allCases.map(\.rawValue)
            report.omitted = Set(stringList(node, key: "omit", required: true, in: node).filter { name in
                if known.contains(name) { return true }
                problem(node, "omit 只能列部分或表的 ID，实为「\(name)」\(suggestion(name, known))")
                return false
            })
        }
        return report
    }

    private mutating func stringMap(_ node: Node, key: String) -> [String: String] {
        guard let mapping = node.mapping else {
            problem(node, "\(key) 须为映射")
            return [:]
        }
        var result: [String: String] = [:]
        for (k, v) in mapping {
            guard let name = k.string, let text = v.string else {
                problem(k, "\(key) 的键和值须为文本")
                continue
            }
            result[name] = text
        }
        return result
    }

    /// `applications.new.total: 3`, `applications.new: [1, 0, 0, 0, 0, 0, 1]`, `…: null` (blank), `…: 无` (text).
    private mutating func exampleCells(_ node: Node) -> [CellPath: ExampleReport.CellText] {
        guard let mapping = node.mapping else {
            problem(node, "cells 须为映射：单元格: 值，或 行: [各列的值]")
            return [:]
        }
        var cells: [CellPath: ExampleReport.CellText] = [:]
        func text(_ value: Node) -> ExampleReport.CellText {
            value.isNull ? .blank : .written(value.string ?? "")
        }
        for (keyNode, value) in mapping {
            let key = keyNode.string ?? ""
            let parts = key.split(separator: ".").map(String.init)
            guard parts.count >= 2, let table = TableID(rawValue: parts[0]),
                  let row = Schema.table(table, format: .v2021).row(parts[1]) else {
                problem(keyNode, "cells 的键须为 表.行 或 表.行.列（2021 格式），实为「\(key)」")
                continue
            }
            if parts.count == 3 {
                guard row.column(parts[2]) != nil else {
                    problem(keyNode, "\(table.rawValue).\(row.id) 没有列「\(parts[2])」\(suggestion(parts[2], row.columnIDs))")
                    continue
                }
                cells[CellPath(table: table, row: row.id, column: parts[2])] = text(value)
            } else if let items = value.sequence, items.count == row.columns.count, parts.count == 2 {
                for (column, item) in zip(row.columnIDs, items) {
                    cells[CellPath(table: table, row: row.id, column: column)] = text(item)
                }
            } else {
                problem(keyNode, "「\(key)」须给出 \(row.columns.count) 个值的列表（\(row.columnIDs.joined(separator: ", "))）")
            }
        }
        return cells
    }
}

private extension Node {
    var isNull: Bool {
        if case .scalar(let scalar) = self { return scalar.style == .plain && ["null", "Null", "NULL", "~", ""].contains(scalar.string) }
        return false
    }
}
