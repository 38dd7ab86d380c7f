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

    /// What the first pass gives of a file: the agency and year it is filed under, or why it could not be read.
    private enum Identified: Sendable {
        case report(YearPairing.Identity)
        case failed(FileError)
    }

    /// Two passes over the corpus, each on `--jobs` threads, with memory flat whatever its size: the first reads
    /// every report's metadata only (not its tables) for the agency and year it is filed under, and the years are
    /// paired; the second parses each report once and audits it, with its previous year (kept from the run of
    /// reports the thread has just parsed, else parsed). Results are taken in the corpus's order, a bounded window
    /// ahead, and go to spill files as they come (`AuditSpill`); the outputs are written from there at the end (the
    /// workbook beside the rest, on a thread of its own when there are several jobs), so the output never depends
    /// on `--jobs`.
    func run() throws {
        let engine = Engine(rules: try selectedRules())
        let baselines = try loadBaselines()
        let sink = try corpus.makeSink()
        let manifests = try loadManifests()
        let spill: AuditSpill
        do {
            spill = try AuditSpill(toolVersion: GKAuditVersion.current, rules: engine.rules.map(\.descriptor))
        } catch {
            Console.error("\(error)")
            throw ExitCode(ExitStatus.problems)
        }
        let loader = ReportLoader(maximumBytes: corpus.maximumBytes, manifests: manifests)
        let window = Self.window(jobs: jobs)

        // Every report is identified first: a report's previous year may come later in the corpus's order.
        let listing = Corpus.list(corpus.paths)
        var readPaths: [String] = [], identities: [YearPairing.Identity] = []
        try usingSpill {
            let reading = Progress.make("读取", total: listing.reports.count, quiet: quiet)
            try Workers.stream(Workers.batches(listing.reports.count, size: 16), jobs: jobs, window: window,
                               progress: reading, state: ReportFileReader.init) { reader, index in
                switch loader.load(listing.reports[index], tables: false, with: &reader) {
                case .success(let report): return Identified.report(YearPairing.identity(report))
                case .failure(let error): return Identified.failed(error)
                }
            } consume: { index, outcome in
                switch outcome {
                case .report(let identity):
                    readPaths.append(listing.reports[index])
                    identities.append(identity)
                case .failed(let error):
                    try spill.append(.init(file: error.path, line: error.line, message: error.message))
                }
            }
            reading?.finish()
        }
        let pairing = YearPairing(identities: identities), paths = readPaths
        identities = []

        var usedEntries = Set<Baseline.Entry>()
        try usingSpill {
            let auditing = Progress.make("审核", total: paths.count, quiet: quiet)
            try Workers.stream(ReportLoader.batches(pairing), jobs: jobs, window: window, progress: auditing,
                               state: ReportLoader.Recent.init) { recent, index in
                Audited(index, paths: paths, pairing: pairing, engine: engine, loader: loader, recent: &recent)
            } consume: { _, outcome in
                switch outcome {
                case .report(let entry, var audit, let previousUnreadable):
                    for baseline in baselines { usedEntries.formUnion(baseline.apply(to: &audit.findings)) }
                    try spill.append(entry, findings: audit.findings)
                    spill.addSkippedChecks(audit.skipped.count)
                    for failure in audit.failures {
                        try spill.append(.init(file: failure.file, line: nil, message: "规则 \(failure.rule) 无法评估：\(failure.message)"))
                    }
                    if let error = previousUnreadable {
                        try spill.append(.init(file: entry.file, line: nil, message: Audited.previousUnreadableMessage(error)))
                    }
                case .failed(let error):
                    try spill.append(.init(file: error.path, line: error.line, message: error.message))
                }
            }
            auditing?.finish()
            if engine.hasPairRules {
                spill.pairing = .init(agencies: pairing.agencyCount,
                                      pairedReports: pairing.placements.filter { $0.previous != nil }.count,
                                      agenciesWithoutPreviousYear: pairing.agenciesWithoutPreviousYear)
            }
            for error in listing.errors { try spill.append(.init(file: error.path, line: error.line, message: error.message)) }
        }
        for skipped in listing.skipped { Console.error("跳过 \(skipped.path)：\(skipped.reason)") }
        for baseline in baselines {
            for entry in baseline.entries where !usedEntries.contains(entry) {
                Console.error("\(entry.location): 这项豁免没有对应的问题（可删去）")
            }
        }

        try usingSpill { try spill.finishAppending() }
        let workbook = noXlsx ? nil : startWorkbook(spill)
        do {
            try usingSpill {
                switch format {
                case .text: try AuditText.write(spill, to: sink)
                case .json: try AuditJSON.write(spill, to: sink)
                case .sarif: try AuditSARIF.write(spill, to: sink)
                }
            }
            try sink.finish()
        } catch {
            workbook?.finish(outputWritten: false)
            throw error
        }
        if let output = corpus.output { Console.error("已写入 \(output)") }
        if let workbook { try finishWorkbook(workbook) }
        if failOn != .never {
            let threshold: Severity = failOn == .warning ? .warning : .error
            let counts = spill.counts
            if counts.errors > 0 || counts.countsBySeverity.contains(where: { $0.0 >= threshold && $0.1 > 0 }) {
                throw ExitCode(ExitStatus.problems)
            }
        }
    }

    /// Results waiting to be taken in order at most: enough for every thread to run a few batches ahead.
    static func window(jobs: Int) -> Int { max(256, 4 * jobs * ReportLoader.maximumBatch) }

    /// Runs `body`; a spill file that cannot be written or read back (a full disk) is an error that says so (exit 1).
    private func usingSpill(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let error as SpillError {
            Console.error("\(error)")
            throw ExitCode(ExitStatus.problems)
        }
    }

    /// The workbook, at `--xlsx` or under Reports/, begun beside the output (on its own thread with several jobs).
    private func startWorkbook(_ spill: AuditSpill) -> WorkbookWriter {
        let path = xlsx ?? Self.defaultWorkbookPath(corpus: corpus.paths)
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        let provenance = AuditWorkbook.Provenance(
            corpus: corpus.paths.joined(separator: "、"), rules: rules.joined(separator: "、"),
            created: Self.timestamp(Date()))
        return WorkbookWriter(path: path, onOwnThread: jobs > 1) { beforeClosing throws(XLSXError) in
            try AuditWorkbook.write(spill, provenance: provenance, to: path, beforeClosing: beforeClosing)
        }
    }

    /// Finishes the workbook once the output is written and prints its path. A workbook that cannot be written is an
    /// error (exit 1) after the findings have been printed.
    private func finishWorkbook(_ workbook: WorkbookWriter) throws {
        if case .failure(let error) = workbook.finish(outputWritten: true) {
            Console.error(error.description)
            throw ExitCode(ExitStatus.problems)
        }
        Console.error("已写入工作簿 \(workbook.path)")
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
