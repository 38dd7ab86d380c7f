import ArgumentParser
import Foundation
import GKDiff
import GKExport
import GKModel
import GKParse
import GKRules

/// `gkaudit diff OLD NEW`: one agency's report against its previous year's.
struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "比较同一机关相邻两年的报告（Compare an agency's report with its previous year's）.",
        discussion: """
        Prints every comparable table cell with both values and the change, the text section by section \
        (paragraphs carried over, added, removed) and the findings of the cross-year (scope: pair) rules. \
        Exit status: 0, or 1 when a cross-year finding is an error, 2 for usage errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    @Argument(help: "The earlier report.")
    var old: String

    @Argument(help: "The later report.")
    var new: String

    @Option(help: "Rule files or folders; their scope: pair rules run.")
    var rules: [String] = ["rules"]

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    @Option(name: .shortAndLong, help: "Write to this file (through a temporary file renamed into place) instead of standard output.")
    var output: String?

    func run() throws {
        let pairRules = try RulesCommand.load(rules).filter { $0.scope == .pair }
        let earlier = try load(old), later = try load(new)
        if let a = earlier.metadata.year?.value, let b = later.metadata.year?.value, b != a + 1 {
            Console.error("提示：两份报告的年度为 \(a) 与 \(b)，不是相邻年度；仍逐项比较。")
        }
        let comparison = Comparison.compare(old: earlier, new: later)
        let findings = Engine(rules: pairRules).audit(later, previous: earlier).findings
        let sink: TextSink = try output.map { try AtomicFileSink(path: $0) } ?? StandardOutputSink()
        switch format {
        case .text: try sink.write(ComparisonText.render(comparison, findings: findings))
        case .json: try sink.write(ComparisonJSON.value(comparison, findings: findings).rendered() + "\n")
        }
        try sink.finish()
        if findings.contains(where: { $0.severity == .error }) { throw ExitCode(ExitStatus.problems) }
    }

    private func load(_ path: String) throws -> Report {
        switch Corpus.load(path) {
        case .success(let loaded): return loaded.report
        case .failure(let error):
            Console.error("错误 \(error)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
