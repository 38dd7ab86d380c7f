import ArgumentParser
import Foundation
import GKDiff
import GKExport
import GKModel
import GKParse
import GKRules
import GKXLSX

/// `gkaudit [audit] --rules rules/ corpus/`: runs the rules over every report and prints the findings.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "按规则审核报告，列出问题（Audit reports against the rules; the default command）.",
        discussion: """
        Reads every report under the given files and folders, runs the rules and prints the findings grouped \
        by file, then a summary. A gkaudit.yaml in a corpus folder (or --baseline FILE) lists accepted findings; \
        they are counted and shown as suppressed. Exit status: 0 when nothing is at or above --fail-on, 1 when \
        something is (or a report could not be read), 2 for usage errors or unreadable rules.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json, sarif
    }

    enum Threshold: String, ExpressibleByArgument, CaseIterable {
        case error, warning, never
    }

    @OptionGroup var corpus: CorpusOptions

    @Option(help: "Rule files or folders of rule files (YAML), read recursively.")
    var rules: [String] = ["rules"]

    @Option(help: "Output format: text (for people), json (one object), sarif (SARIF 2.1.0).")
    var format: Format = .text

    @Option(help: "Run only these rule IDs (repeat the option or separate with commas).")
    var only: [String] = []

    @Option(help: "Do not run these rule IDs (repeat the option or separate with commas).")
    var disable: [String] = []

    @Option(help: "Exit with 1 when a finding is at or above this severity: error, warning or never.")
    var failOn: Threshold = .error

    @Option(help: "A file of accepted findings (default: gkaudit.yaml in each corpus folder).")
    var baseline: String?

    @Option(help: "Write the supervisors' workbook here (default: Reports/gkaudit-<corpus name>-<date>.xlsx).")
    var xlsx: String?

    @Flag(help: "Do not write the workbook.")
    var noXlsx = false

    func run() throws {
        let engine = Engine(rules: try selectedRules())
        let baselines = try loadBaselines()
        let sink = try corpus.makeSink()

        var result = AuditOutput(toolVersion: GKAuditVersion.current, rules: engine.rules.map(\.descriptor))
        let manifests = try loadManifests()
        // Every report is read first: a report's previous year may come later in the corpus's order.
        var reports: [Report] = []
        let listing = try Extraction.stream(corpus.paths, maximumBytes: corpus.maximumBytes) { loaded in
            switch loaded {
            case .success(let loaded):
                var report = loaded.report
                for manifest in manifests { manifest.apply(to: &report) }
                reports.append(report)
            case .failure(let error):
                result.errors.append(.init(file: error.path, line: error.line, message: error.message))
            }
        }
        let pairing = YearPairing(reports)
        var usedEntries = Set<Baseline.Entry>()
        for (report, placement) in zip(reports, pairing.placements) {
            var audit = engine.audit(report, previous: placement.previous.map { reports[$0] },
                                     duplicates: placement.duplicates.map { reports[$0].file })
            for baseline in baselines { usedEntries.formUnion(baseline.apply(to: &audit.findings)) }
            result.reports.append(.init(file: report.file, agency: report.metadata.agency?.value,
                                        year: report.metadata.year?.value, format: report.metadata.format,
                                        agencyKey: placement.agency, cells: AuditOutput.cells(of: report)))
            result.findings += audit.findings
            result.skippedChecks += audit.skipped.count
            result.errors += audit.failures.map { .init(file: $0.file, line: nil, message: "规则 \($0.rule) 无法评估：\($0.message)") }
        }
        if engine.hasPairRules {
            result.pairing = .init(agencies: pairing.agencyCount,
                                   pairedReports: pairing.placements.filter { $0.previous != nil }.count,
                                   agenciesWithoutPreviousYear: pairing.agenciesWithoutPreviousYear)
        }
        result.errors += listing.errors.map { .init(file: $0.path, line: $0.line, message: $0.message) }
        result.skipped = listing.skipped.map { .init(file: $0.path, line: nil, message: $0.reason) }
        for skipped in listing.skipped { Console.error("跳过 \(skipped.path)：\(skipped.reason)") }
        for baseline in baselines {
            for entry in baseline.entries where !usedEntries.contains(entry) {
                Console.error("\(entry.location): 这项豁免没有对应的问题（可删去）")
            }
        }

        switch format {
        case .text: try sink.write(AuditText.render(result))
        case .json: try sink.write(AuditJSON.value(result).rendered() + "\n")
        case .sarif: try sink.write(AuditSARIF.value(result).rendered() + "\n")
        }
        try sink.finish()
        if let output = corpus.output { Console.error("已写入 \(output)") }
        if !noXlsx { try writeWorkbook(result) }
        if failOn != .never {
            let threshold: Severity = failOn == .warning ? .warning : .error
            if !result.errors.isEmpty || result.activeFindings.contains(where: { $0.severity >= threshold }) {
                throw ExitCode(ExitStatus.problems)
            }
        }
    }

    /// The workbook, at `--xlsx` or under Reports/; its path is printed. A workbook that cannot be written is an
    /// error (exit 1) after the findings have been printed.
    private func writeWorkbook(_ result: AuditOutput) throws {
        let path = xlsx ?? Self.defaultWorkbookPath(corpus: corpus.paths)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let provenance = AuditWorkbook.Provenance(
            corpus: corpus.paths.joined(separator: "、"), rules: rules.joined(separator: "、"),
            created: Self.timestamp(Date()))
        do {
            try AuditWorkbook.write(result, provenance: provenance, to: path)
        } catch {
            Console.error(error.description)
            throw ExitCode(ExitStatus.problems)
        }
        Console.error("已写入工作簿 \(path)")
    }

    /// `Reports/gkaudit-<corpus folder's name>-<YYYYMMDD>.xlsx`.
    static func defaultWorkbookPath(corpus: [String], date: Date = Date()) -> String {
        let name = corpus.count == 1 ? (corpus[0] as NSString).standardizingPath.split(separator: "/").last.map(String.init) ?? "corpus"
            : "corpus"
        let day = timestamp(date).prefix(10).replacingOccurrences(of: "-", with: "")
        return "Reports/gkaudit-\(name)-\(day).xlsx"
    }

    /// `2026-11-22 23:14` in local time.
    static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    /// The rules, narrowed by `--only` and `--disable`; an unknown ID is a usage error.
    private func selectedRules() throws -> [Rule] {
        let all = try RulesCommand.load(rules)
        let ids = all.map(\.id)
        func list(_ option: [String], _ name: String) throws -> Set<String> {
            let chosen = option.flatMap { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            for id in chosen where !ids.contains(id) {
                Console.error("\(name) 中的规则「\(id)」不存在。" + RuleSelection.suggestion(for: id, among: ids))
                throw ExitCode(ExitStatus.usage)
            }
            return Set(chosen)
        }
        let only = try list(self.only, "--only"), disabled = try list(disable, "--disable")
        return all.filter { (only.isEmpty || only.contains($0.id)) && !disabled.contains($0.id) }
    }

    /// The `manifest.csv` of each corpus folder; a broken manifest is a usage error.
    private func loadManifests() throws -> [Manifest] {
        var manifests: [Manifest] = []
        for path in corpus.paths {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { continue }
            do {
                if let manifest = try Manifest.load(folder: path) { manifests.append(manifest) }
            } catch {
                Console.error("清单有误：\(error)")
                throw ExitCode(ExitStatus.usage)
            }
        }
        return manifests
    }

    private func loadBaselines() throws -> [Baseline] {
        var files: [String] = []
        if let baseline { files.append(baseline) }
        for path in corpus.paths {
            var isFolder: ObjCBool = false
            let candidate = (path as NSString).appendingPathComponent("gkaudit.yaml")
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue,
               FileManager.default.fileExists(atPath: candidate) {
                files.append(candidate)
            }
        }
        do {
            return try files.map { path throws(RuleLoadError) in try Baseline.load(path: path) }
        } catch {
            Console.error("豁免清单有误：")
            FileHandle.standardError.write(Data((error.description + "\n").utf8))
            throw ExitCode(ExitStatus.usage)
        }
    }
}
