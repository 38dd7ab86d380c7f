import Foundation
import GKDiff
import GKExport
import GKModel
import GKParse
import GKRules
import GKTestSupport
import Testing
@testable import gkaudit

/// The audit's pipeline: ordered results within a bounded window, the previous year kept per thread, and a
/// corpus with an unreadable file in the middle.
@Suite("audit pipeline")
struct AuditPipelineTests {
    /// How far ahead of the consumer the threads got.
    final class Lead: @unchecked Sendable {
        private let lock = NSLock()
        private var consumed = 0
        private(set) var largest = 0

        func started(_ index: Int) {
            lock.lock()
            largest = max(largest, index - consumed)
            lock.unlock()
        }

        func consume(_ index: Int) {
            lock.lock()
            consumed = index + 1
            lock.unlock()
        }
    }

    @Test("results come in index order for any number of threads, never more than the window ahead",
          arguments: [1, 2, 8])
    func orderedWithinTheWindow(jobs: Int) throws {
        let lead = Lead(), window = 40
        var seen: [Int] = []
        try Workers.stream(Workers.batches(1_000, size: 7), jobs: jobs, window: window, state: { 0 }) { calls, index in
            lead.started(index)
            calls += 1
            if index % 97 == 0 { usleep(2_000) } // an item that takes longer than the others
            return index * 3
        } consume: { index, result in
            #expect(result == index * 3)
            seen.append(index)
            lead.consume(index)
        }
        #expect(seen == Array(0..<1_000))
        #expect(lead.largest <= window)
    }

    struct Stop: Error {}

    @Test("when the consumer stops, the threads stop and the error comes back")
    func consumerStops() {
        #expect(throws: Stop.self) {
            try Workers.stream(Workers.batches(10_000, size: 5), jobs: 4, window: 50, state: { () }) { _, index in
                index
            } consume: { index, _ in
                if index == 123 { throw Stop() }
            }
        }
    }

    @Test("the previous year kept by a thread is the report a fresh parse gives, and is not read again")
    func keptPreviousYear() throws {
        let folder = try TemporaryFolder()
        let source = CLI.root.appendingPathComponent("Fixtures/years/惠农区卫生健康局")
        let agency = folder.url.appendingPathComponent("惠农区卫生健康局")
        try FileManager.default.copyItem(at: source, to: agency)
        let listing = Corpus.list([folder.path]).reports
        let loader = ReportLoader(maximumBytes: Corpus.defaultMaximumBytes, manifests: [])
        var recent = ReportLoader.Recent(), fresh = ReportFileReader()
        for (index, path) in listing.enumerated() {
            let kept = try recent.report(index, path, loader).get()
            let parsed = try loader.load(path, with: &fresh).get()
            #expect(kept.metadata == parsed.metadata)
            #expect(AuditOutput.cells(of: kept) == AuditOutput.cells(of: parsed))
        }
        // The files are gone: what the thread parsed last still answers.
        try FileManager.default.removeItem(at: agency)
        for (index, path) in listing.enumerated() {
            #expect((try? recent.report(index, path, loader).get()) != nil)
        }
        var another = ReportLoader.Recent()
        #expect((try? another.report(0, listing[0], loader).get()) == nil)
    }

    @Test("a previous year that can no longer be read in the second pass is reported, not passed over")
    func previousYearGoneInTheSecondPass() throws {
        let folder = try TemporaryFolder()
        let agency = folder.url.appendingPathComponent("惠农区卫生健康局")
        try FileManager.default.copyItem(at: CLI.root.appendingPathComponent("Fixtures/years/惠农区卫生健康局"), to: agency)
        let paths = Corpus.list([folder.path]).reports
        let loader = ReportLoader(maximumBytes: Corpus.defaultMaximumBytes, manifests: [])
        var reader = ReportFileReader()
        let pairing = YearPairing(identities: try paths.map { YearPairing.identity(try loader.load($0, tables: false, with: &reader).get()) })
        let later = try #require(pairing.placements.firstIndex { $0.previous != nil })
        let earlier = try #require(pairing.placements[later].previous)
        let engine = Engine(rules: try RulesCommand.load([CLI.root.appendingPathComponent("rules").path]))

        var recent = ReportLoader.Recent()
        guard case .report(_, let paired, nil) = Audited(later, paths: paths, pairing: pairing, engine: engine,
                                                         loader: loader, recent: &recent) else {
            Issue.record("the pair was not audited")
            return
        }
        #expect(!paired.pairRulesSkipped)

        try FileManager.default.removeItem(atPath: paths[earlier])
        var fresh = ReportLoader.Recent()
        guard case .report(let entry, let audit, let gone?) = Audited(later, paths: paths, pairing: pairing, engine: engine,
                                                                      loader: loader, recent: &fresh) else {
            Issue.record("the lost previous year was not reported")
            return
        }
        #expect(entry.file == paths[later])
        #expect(gone.path == paths[earlier])
        #expect(audit.pairRulesSkipped)
        #expect(Audited.previousUnreadableMessage(gone).hasPrefix("上一年度报告 \(paths[earlier]) 已无法读取（"))
        #expect(Audited.previousUnreadableMessage(gone).hasSuffix("），本报告的跨年度规则未运行。"))
    }

    @Test("batches are cut between agencies, so that a report and its previous year share one")
    func batchesKeepYearsTogether() throws {
        let listing = Corpus.list([CLI.root.appendingPathComponent("Fixtures/years").path]).reports
        var reader = ReportFileReader()
        let loader = ReportLoader(maximumBytes: Corpus.defaultMaximumBytes, manifests: [])
        let identities = try listing.map { YearPairing.identity(try loader.load($0, tables: false, with: &reader).get()) }
        let pairing = YearPairing(identities: Array(repeating: identities, count: 10).joined().map { $0 })
        let batches = ReportLoader.batches(pairing)
        #expect(batches.map(\.lowerBound) == [0] + batches.dropLast().map(\.upperBound))
        #expect(batches.last?.upperBound == pairing.placements.count)
        for batch in batches {
            #expect(batch.count <= ReportLoader.maximumBatch)
            for index in batch.dropFirst() where pairing.placements[index].previous == index - 1 {
                #expect(batch.contains(index - 1))
            }
        }
    }

    @Test("an unreadable file in the middle of a corpus is listed; the others are audited, in order", arguments: [1, 2, 8])
    func unreadableInTheMiddle(jobs: Int) throws {
        let folder = try TemporaryFolder()
        let seeds = ["000_e8ec6a5d6c0a1c89", "001_1705811733659c39", "002_f90b525eb7280150", "003_f6478d7b7b0e6afc"]
        for (index, seed) in seeds.enumerated() {
            try folder.write("\(index * 2).txt", try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/seeds/\(seed).txt")))
        }
        try folder.write("3.txt", Data())
        let result = try CLI.run(["--no-xlsx", "--rules", CLI.root.appendingPathComponent("rules").path, "--format", "json",
                                  "--jobs", "\(jobs)", folder.path])
        #expect(result.status == 1)
        let root = try AuditCommandTests.object(result.stdout)
        let reports = try #require(root["reports"] as? [[String: Any]])
        #expect(reports.compactMap { ($0["file"] as? String)?.split(separator: "/").last } == ["0.txt", "2.txt", "4.txt", "6.txt"])
        let errors = try #require(root["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect((errors.first?["file"] as? String)?.hasSuffix("/3.txt") == true)
    }
}
