import ArgumentParser
import Foundation
import GKSynth
import GKSynthCheck

/// `gkaudit synth`: writes a corpus of reports with known content and known errors, and checks the
/// audit against it (`gkaudit synth check DIR`).
struct SynthCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "synth",
        abstract: "生成带标准答案的测试报告，并据此检验提取与审核（Generate ground-truth reports; check the audit against them）.",
        subcommands: [SynthGenerateCommand.self, SynthCheckCommand.self],
        defaultSubcommand: SynthGenerateCommand.self
    )
}

struct SynthGenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write N reports and DIR/truth.jsonl (the same seed always gives the same bytes)."
    )

    @Option(help: "Folder to write the reports and truth.jsonl into.")
    var out: String

    @Option(help: "Number of report files.")
    var count: Int = 1000

    @Option(help: "Random seed.")
    var seed: UInt64 = 1

    @Flag(help: "Give agencies two consecutive years, filed as corpus/<agency>/<year>.txt.")
    var pairs = false

    @Option(help: "Share of reports (0…1) with exactly one injected error.")
    var errorRate: Double = 0.3

    func validate() throws {
        if count < 1 { throw ValidationError("--count 必须至少为 1。") }
        if !(0...1).contains(errorRate) { throw ValidationError("--error-rate 必须在 0 与 1 之间。") }
    }

    func run() throws {
        let start = Date()
        let summary = try SynthCorpus.write(SynthOptions(count: count, seed: seed, pairs: pairs, errorRate: errorRate), to: out)
        let seconds = Date().timeIntervalSince(start)
        Console.error("已写入 \(summary.files) 份报告（其中 \(summary.injected) 份含注入错误，\(summary.bytes / 1_000_000) MB）"
            + "及 \(out)/truth.jsonl，用时 \(String(format: "%.1f", seconds)) 秒")
    }
}

struct SynthCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Extract and audit a generated corpus; compare with truth.jsonl (exit 1 on any difference)."
    )

    @Argument(help: "A folder written by gkaudit synth.")
    var folder: String

    @Option(help: "Rule files or folders of rule files.")
    var rules: [String] = ["rules"]

    @Option(help: "How many mismatches of each kind to print.")
    var limit: Int = 50

    func run() throws {
        let result = try SynthCheck.run(folder: folder, rules: rules)
        FileHandle.standardOutput.write(Data(SynthCheck.render(result, limit: limit).utf8))
        if !result.passed { throw ExitCode(ExitStatus.problems) }
    }
}
