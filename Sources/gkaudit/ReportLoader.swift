import GKDiff
import GKExport
import GKModel
import GKParse
import GKRules

/// How the audit reads a report: through a thread's file reader, with the corpus manifests applied.
struct ReportLoader: Sendable {
    let maximumBytes: Int
    let manifests: [Manifest]

    func load(_ path: String, tables: Bool = true, with reader: inout ReportFileReader) -> Result<Report, FileError> {
        reader.load(path, maximumBytes: maximumBytes, tables: tables).map { loaded in
            var report = loaded.report
            for manifest in manifests { manifest.apply(to: &report) }
            return report
        }
    }

    /// A thread's file reader and the last reports it parsed, by corpus index. A thread audits runs of consecutive
    /// reports, and in the layout `corpus/<agency>/<year>.txt` a report's previous year is the one just before it:
    /// it is taken from here instead of being parsed again. Anything else is parsed (correct whatever the layout).
    struct Recent {
        static let kept = 4
        private var reader = ReportFileReader()
        private var reports: [(index: Int, report: Report)] = []

        /// The report at `index` of the corpus (at `path`), kept or parsed.
        mutating func report(_ index: Int, _ path: String, _ loader: ReportLoader) -> Result<Report, FileError> {
            if let kept = reports.first(where: { $0.index == index }) { return .success(kept.report) }
            let loaded = loader.load(path, with: &reader)
            if case .success(let report) = loaded {
                if reports.count == Self.kept { reports.removeFirst() }
                reports.append((index, report))
            }
            return loaded
        }
    }

    /// Batches of the second pass are cut between agencies where they can be (before a report whose previous year
    /// is not the report just before it), so that a batch holds the years it compares; at most this long.
    static let maximumBatch = 64
    static let preferredBatch = 8

    /// The second pass's runs of consecutive reports.
    static func batches(_ pairing: YearPairing) -> [Range<Int>] {
        var batches: [Range<Int>] = []
        var start = 0
        for index in pairing.placements.indices.dropFirst() {
            let size = index - start
            if size >= maximumBatch || (size >= preferredBatch && pairing.placements[index].previous != index - 1) {
                batches.append(start..<index)
                start = index
            }
        }
        if start < pairing.placements.count { batches.append(start..<pairing.placements.count) }
        return batches
    }
}

/// What the audit's second pass gives of a report: its row with its cells and its audit, or why it could not be
/// read. `previousUnreadable` is set when the agency's previous year, read in the first pass, can no longer be
/// read: the cross-year rules did not run, and the audit says so instead of passing over it.
enum Audited: Sendable {
    case report(AuditOutput.ReportEntry, ReportAudit, previousUnreadable: FileError?)
    case failed(FileError)

    /// Parses the report at `index` of the paired corpus (or takes it from the thread's recent reports) and
    /// audits it with its previous year.
    init(_ index: Int, paths: [String], pairing: YearPairing, engine: Engine, loader: ReportLoader,
         recent: inout ReportLoader.Recent) {
        let placement = pairing.placements[index]
        let report: Report
        switch recent.report(index, paths[index], loader) {
        case .success(let parsed): report = parsed
        case .failure(let error):
            self = .failed(error) // changed since the first pass
            return
        }
        var previous: Report?, previousUnreadable: FileError?
        if let previousIndex = placement.previous {
            switch recent.report(previousIndex, paths[previousIndex], loader) {
            case .success(let parsed): previous = parsed
            case .failure(let error): previousUnreadable = error
            }
        }
        let audit = engine.audit(report, previous: previous, duplicates: placement.duplicates.map { paths[$0] })
        let entry = AuditOutput.ReportEntry(file: report.file, agency: report.metadata.agency?.value,
                                            year: report.metadata.year?.value, format: report.metadata.format,
                                            agencyKey: placement.agency, cells: AuditOutput.cells(of: report))
        self = .report(entry, audit, previousUnreadable: engine.hasPairRules ? previousUnreadable : nil)
    }

    /// The error listed for a report whose previous year could not be read in the second pass.
    static func previousUnreadableMessage(_ error: FileError) -> String {
        "上一年度报告 \(error.path) 已无法读取（\(error.message)），本报告的跨年度规则未运行。"
    }
}
