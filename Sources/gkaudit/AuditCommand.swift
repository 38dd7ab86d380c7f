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

    @Option(help: "Reports read and checked side by side (default: all cores). The output is the same for any number.")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Do not show progress on standard error (it is shown only when standard error is a terminal).")
    var quiet = false

    func validate() throws {
        if jobs < 1 { throw ValidationError("--jobs 必须至少为 1。") }
    }

    /// What the first pass keeps of a file: its row of the output and the agency and year it is filed under,
    /// or why it could not be read. Reports are not kept: the second pass reads them again.
    private enum Read: Sendable {
        case report(AuditOutput.ReportEntry, YearPairing.Identity, path: String)
        case failed(FileError)
    }

    /// What the second pass keeps of a report's audit.
    private struct Audited: Sendable {
        var findings: [Finding] = []
        var skippedChecks = 0
        var failures: [RuleFailure] = []
        var unreadable: FileError?
    }

    /// Two passes over the corpus, each on `--jobs` threads, so that memory stays flat whatever its size: the
    /// first reads every report for its agency, year and cells (the years are then paired); the second reads each
    /// report again, with its previous year when it has one, and audits it. Only the findings and each report's
    /// compact row are kept; results are gathered in the corpus's order, so the output never depends on `--jobs`.
    func run() throws {
        let engine = Engine(rules: try selectedRules())
        let baselines = try loadBaselines()
        let sink = try corpus.makeSink()

        var result = AuditOutput(toolVersion: GKAuditVersion.current, rules: engine.rules.map(\.descriptor))
        let manifests = try loadManifests()
        let maximumBytes = corpus.maximumBytes
        @Sendable func load(_ path: String, _ reader: inout ReportFileReader) -> Result<Report, FileError> {
            reader.load(path, maximumBytes: maximumBytes).map { loaded in
                var report = loaded.report
                for manifest in manifests { manifest.apply(to: &report) }
                return report
            }
        }

        // Every report is read first: a report's previous year may come later in the corpus's order.
        let listing = Corpus.list(corpus.paths)
        let reading = Progress.make("读取", total: listing.reports.count, quiet: quiet)
        let read = Workers.map(listing.reports.count, jobs: jobs, progress: reading, state: ReportFileReader.init) { reader, index in
            switch load(listing.reports[index], &reader) {
            case .success(let report):
                let identity = YearPairing.identity(report)
                return Read.report(.init(file: report.file, agency: report.metadata.agency?.value,
                                         year: report.metadata.year?.value, format: report.metadata.format,
                                         agencyKey: identity.agency, cells: AuditOutput.cells(of: report)),
                                   identity, path: listing.reports[index])
            case .failure(let error):
                return Read.failed(error)
            }
        }
        reading?.finish()
        var readPaths: [String] = [], identities: [YearPairing.Identity] = []
        for outcome in read {
            switch outcome {
            case .report(let entry, let identity, let path):
                result.reports.append(entry)
                identities.append(identity)
                readPaths.append(path)
            case .failed(let error):
                result.errors.append(.init(file: error.path, line: error.line, message: error.message))
            }
        }
        let pairing = YearPairing(identities: identities)
        let files = result.reports.map(\.file), paths = readPaths

        let auditing = Progress.make("审核", total: paths.count, quiet: quiet)
        let audits = Workers.map(paths.count, jobs: jobs, progress: auditing, state: ReportFileReader.init) { reader, index in
            let placement = pairing.placements[index]
            var previous: Report?
            if let before = placement.previous, case .success(let report) = load(paths[before], &reader) { previous = report }
            let report: Report
            switch load(paths[index], &reader) {
            case .success(let read): report = read
            case .failure(let error): return Audited(unreadable: error) // changed since the first pass
            }
            let audit = engine.audit(report, previous: previous,
                                     duplicates: placement.duplicates.map { files[$0] })
            return Audited(findings: audit.findings, skippedChecks: audit.skipped.count, failures: audit.failures)
        }
        auditing?.finish()
        var usedEntries = Set<Baseline.Entry>()
        for var audit in audits {
            if let error = audit.unreadable {
                result.errors.append(.init(file: error.path, line: error.line, message: error.message))
            }
            for baseline in baselines { usedEntries.formUnion(baseline.apply(to: &audit.findings)) }
            result.findings += audit.findings
            result.skippedChecks += audit.skippedChecks
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
