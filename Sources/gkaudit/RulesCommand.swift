import ArgumentParser
import Foundation
import GKModel
import GKRules

/// `gkaudit rules …`: list, test and explain the rules in a rules folder.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "列出、测试和解释规则（List, test and explain rules）.",
        subcommands: [List.self, Test.self, Explain.self, Reference.self]
    )

    /// The `--rules` option every rules subcommand shares.
    struct Location: ParsableArguments {
        @Option(name: .long, help: "Rule files or folders of rule files (YAML), read recursively.")
        var rules: [String] = ["rules"]

        func load() throws -> [Rule] { try RulesCommand.load(rules) }
    }

    /// Loads the rules, or prints every problem with its file and line and exits with 2.
    static func load(_ paths: [String]) throws -> [Rule] {
        do {
            return try RuleLoader.load(paths: paths)
        } catch {
            Console.error("规则有误，未运行任何检查：")
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "列出规则：ID、严重程度、名称和适用格式（List the rules）.")

        @OptionGroup var location: Location

        func run() throws {
            let rules = try location.load()
            let width = rules.map(\.id.count).max() ?? 0
            for rule in rules {
                let formats = FormatVersion.allCases.filter(rule.formats.contains).map(\.rawValue).joined(separator: "/")
                let padding = String(repeating: " ", count: width - rule.id.count)
                print("\(rule.id)\(padding)  \(rule.severity.chinese)  \(rule.title)  [\(formats)]")
            }
            print("共 \(rules.count) 条规则。")
        }
    }

    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "运行每条规则自带的示例；有示例不符时退出码为 1（Run every rule's examples）.")

        @Argument(help: "Rule files or folders (default: rules).")
        var paths: [String] = []

        @Option(name: .long, help: "Same as the argument: rule files or folders.")
        var rules: [String] = []

        func run() throws {
            let chosen = paths + rules
            let loaded = try RulesCommand.load(chosen.isEmpty ? ["rules"] : chosen)
            var failed = 0, total = 0
            for rule in loaded {
                let results = ExampleRunner.run(rule)
                total += results.count
                let failures = results.filter { !$0.passed }
                failed += failures.count
                print("\(failures.isEmpty ? "通过" : "失败")  \(rule.id)（\(results.count) 个示例）")
                for failure in failures { print("      \(failure.explanation)") }
            }
            print("\(loaded.count) 条规则，\(total) 个示例，\(failed) 个不符。")
            if failed > 0 { throw ExitCode(ExitStatus.problems) }
        }
    }

    struct Reference: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "列出规则可用的报告字段和函数（What a rule's expressions may use）.")

        func run() {
            print("报告字段（report.字段；成对规则中 previous.report.字段 为上一年度）：")
            for field in RuleLanguage.reportFields { print("  report.\(field.name)  \(field.meaning)") }
            print("\n单元格：表.行.列，如 applications.new.total；行、列可为 $变量、* 或 起..止；成对规则中 previous.表.行.列。")
            print("\n函数：")
            for function in RuleLanguage.functions { print("  \(function.usage)") }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "说明一条规则：依据、消息、示例（Explain a rule）.")

        @Argument(help: "The rule ID, e.g. table.applications.balance.")
        var id: String

        @Flag(help: "Also print each example's report as the parser reads it (to debug an example).")
        var showReports = false

        @OptionGroup var location: Location

        func run() throws {
            let rules = try location.load()
            guard let rule = rules.first(where: { $0.id == id }) else {
                Console.error("没有 ID 为「\(id)」的规则。" + RuleSelection.suggestion(for: id, among: rules.map(\.id)))
                throw ExitCode(ExitStatus.usage)
            }
            let formats = FormatVersion.allCases.filter(rule.formats.contains).map(\.rawValue).joined(separator: "、")
            print("""
            \(rule.id)  \(rule.title)
            严重程度：\(rule.severity.chinese)（\(rule.severity.rawValue)）
            适用格式：\(formats)
            定义于：\(rule.location)

            依据：
            \(rule.rationale.trimmingCharacters(in: .whitespacesAndNewlines))

            参考：
            \(rule.references.map { "  - " + $0 }.joined(separator: "\n"))

            消息模板：
              \(rule.messageTemplate)
            """)
            if !rule.metadata.isEmpty {
                print("\n元数据：")
                for (key, value) in rule.metadata { print("  \(key): \(value)") }
            }
            print("\n示例：")
            for result in ExampleRunner.run(rule) {
                let kind = result.example.expectation == .pass ? "不应报告" : "应报告"
                let name = result.example.name ?? ""
                print("  [\(result.passed ? "通过" : "不符")] \(kind) \(name)（\(result.example.location)）")
                for finding in result.findings { print("      → \(finding.message)") }
                if showReports { print(ExampleRunner.text(of: result.example)) }
            }
        }
    }
}

/// Choosing rules by ID (`--only`, `--disable`, `rules explain`), with a did-you-mean.
enum RuleSelection {
    static func suggestion(for id: String, among ids: [String]) -> String {
        DidYouMean.closest(to: id, among: ids).map { "是否想写「\($0)」？" } ?? ""
    }
}
