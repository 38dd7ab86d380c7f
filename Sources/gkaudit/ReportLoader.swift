import GKDiff
import GKModel
import GKParse

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
