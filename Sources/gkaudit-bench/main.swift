import Foundation
import GKModel
import GKParse
import GKRules

// Throughput benchmark of reading and parsing reports (issue: ≥ 5,000 reports/s on one core).
//
//   swift run -c release gkaudit-bench [--count N] [--runs R] [--seeds DIR] [--keep DIR]
//                                      [--rules DIR] [--audit-corpus DIR] [--audit-count N] [--only-audit]
//                                      [--parse-corpus DIR]
//   .build/release/gkaudit-bench --corpus-audit N [--corpus-dir DIR] [--corpus-seed S] [--runs R]
//
// With --corpus-audit, times the whole `gkaudit audit` of N generated reports instead (CorpusBench.swift).
//                                      [--workbook-findings N]
//
// Copies the seed reports to N files in a temporary folder (cycling through the seeds), then
// times, on one thread: (1) parsing the texts already in memory, and (2) the whole extraction
// from disk (listing, reading, decoding, parsing, one report at a time as `gkaudit extract` does),
// each R times; then (3) auditing reports already parsed with the rules (`Engine.audit`, the same
// agency's previous year given where the corpus has it), R times. Prints the best and the median rate
// of each (on a shared machine the best run is the one least disturbed by other work) and peak memory.
// With `--parse-corpus DIR`, an existing corpus (nested folders, any encoding) is read in place instead:
// (1) decoding and parsing its files' bytes already in memory, (2) the whole extraction from disk; no audit.
// `--workbook-findings N` times only the workbook of N findings instead (WorkbookBenchmark.swift).

struct Options {
    var count = 10_000
    var seeds = "Fixtures/seeds"
    var keep: String?
    /// Runs of each phase: 3 by default, 1 for the whole audit of a corpus.
    var runsGiven: Int?
    var runs: Int { runsGiven ?? 3 }
    var rules = "rules"
    /// The reports the audit phase audits (all of them, cycled to `auditCount`); the seeds by default.
    var auditCorpus: String?
    var auditCount: Int?
    /// Skips the parse and extract phases (e.g. to count the rules' instructions alone).
    var onlyAudit = false
    /// The whole audit of a generated corpus of this many reports (`CorpusBench`), instead of the phases below.
    var corpusAudit: Int?
    var corpusFolder: String?
    var corpusSeed = 1
    /// An existing corpus to parse in place of copies of the seeds.
    var corpus: String?
    /// Times the workbook of this many findings instead of the phases above.
    var workbookFindings: Int?

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--count": count = Int(iterator.next() ?? "") ?? count
            case "--seeds": seeds = iterator.next() ?? seeds
            case "--keep": keep = iterator.next()
            case "--runs": runsGiven = max(1, Int(iterator.next() ?? "") ?? runs)
            case "--rules": rules = iterator.next() ?? rules
            case "--audit-corpus": auditCorpus = iterator.next()
            case "--audit-count": auditCount = Int(iterator.next() ?? "")
            case "--only-audit": onlyAudit = true
            case "--corpus-audit": corpusAudit = Int(iterator.next() ?? "")
            case "--corpus-dir": corpusFolder = iterator.next()
            case "--corpus-seed": corpusSeed = Int(iterator.next() ?? "") ?? corpusSeed
            case "--parse-corpus": corpus = iterator.next()
            case "--workbook-findings": workbookFindings = Int(iterator.next() ?? "")
            default:
                FileHandle.standardError.write(Data("unknown argument \(argument)\n".utf8))
                exit(2)
            }
        }
    }
}

func peakResidentMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024 // Linux reports kilobytes
}

/// The user and system CPU time this process has used so far, in seconds.
func cpuTimes() -> (user: Double, system: Double) {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    func value(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
    return (value(usage.ru_utime), value(usage.ru_stime))
}

/// A phase's wall-clock time and the CPU time it used in user and system mode.
struct Timing {
    var wall: Double, user: Double, system: Double
}

func measure(_ body: () -> Void) -> Timing {
    let cpu = cpuTimes()
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let after = cpuTimes()
    return Timing(wall: wall, user: after.user - cpu.user, system: after.system - cpu.system)
}

let options = Options(CommandLine.arguments)
if let count = options.corpusAudit {
    exit(CorpusBench.run(.init(count: count, folder: options.corpusFolder, seed: options.corpusSeed,
                               runs: options.runsGiven ?? 1, rules: options.rules)))
}
if let findings = options.workbookFindings {
    WorkbookBenchmark.run(findings: findings)
    print(String(format: "peak memory: %.0f MB", peakResidentMegabytes()))
    exit(0)
}
let seedFiles = Corpus.list([options.seeds]).reports
guard !seedFiles.isEmpty || options.corpus != nil else {
    FileHandle.standardError.write(Data("no seed reports under \(options.seeds)\n".utf8))
    exit(2)
}
let seedData = seedFiles.map { FileManager.default.contents(atPath: $0)! }
let seedTexts = seedData.map { String(decoding: $0, as: UTF8.self) }

/// Parses the texts in memory and extracts the folder from disk, `runs` times each.
func benchmarkParsing() {
    let folder = options.keep ?? NSTemporaryDirectory() + "gkaudit-bench-\(getpid())"
    var totalBytes = 0
    do {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        for index in 0..<options.count {
            let data = seedData[index % seedData.count]
            totalBytes += data.count
            let sub = folder + "/\(index / 1000)"
            if index % 1000 == 0 { try FileManager.default.createDirectory(atPath: sub, withIntermediateDirectories: true) }
            guard FileManager.default.createFile(atPath: sub + "/\(index).txt", contents: data) else {
                FileHandle.standardError.write(Data("gkaudit-bench: cannot write under \(sub)\n".utf8))
                exit(1)
            }
        }
    } catch {
        FileHandle.standardError.write(Data("gkaudit-bench: \(error)\n".utf8))
        exit(1)
    }
    defer { if options.keep == nil { try? FileManager.default.removeItem(atPath: folder) } }
    // Written back to disk before timing: the kernel's write-back of the new files would otherwise run
    // during the measurement and take its time from the one core being measured.
    sync()

    // Warm-up.
    for text in seedTexts { _ = ReportParser.parse(text: text, file: "warm-up") }

    var cells = 0
    var parseTimes: [Timing] = [], extractTimes: [Timing] = []
    var extracted = 0
    for _ in 0..<options.runs {
        parseTimes.append(measure {
            for index in 0..<options.count {
                let report = ReportParser.parse(text: seedTexts[index % seedTexts.count], file: "bench")
                cells += report.tables.count
            }
        })
        extracted = 0
        extractTimes.append(measure {
            // As `gkaudit extract` does: one report at a time, nothing kept.
            Extraction.stream([folder]) { result in
                if case .success = result { extracted += 1 }
            }
        })
    }

    let megabytes = Double(totalBytes) / 1_048_576
    print("gkaudit-bench: \(options.count) reports (\(seedFiles.count) seeds cycled, \(String(format: "%.1f", megabytes)) MB), one thread")
    line("parse (text in memory)", parseTimes, options.count, megabytes: megabytes)
    line("extract (list, read, decode, parse)", extractTimes, extracted, megabytes: megabytes)
    let bestExtract = Double(extracted) / extractTimes.map(\.wall).min()!
    print("target: ≥ 5000 reports/s for extract on one core — \(bestExtract >= 5000 ? "met" : "NOT met") (best run)")
}

/// Decodes and parses the corpus's files from bytes in memory, and extracts it from disk, `runs` times each.
func benchmarkCorpus(_ folder: String) {
    let files = Corpus.list([folder]).reports
    let data = files.map { FileManager.default.contents(atPath: $0) ?? Data() }
    let megabytes = Double(data.reduce(0) { $0 + $1.count }) / 1_048_576
    var parseTimes: [Timing] = [], extractTimes: [Timing] = []
    var parsed = 0, extracted = 0
    for _ in 0..<options.runs {
        parsed = 0
        parseTimes.append(measure {
            for (file, bytes) in zip(files, data) where (try? ReportParser.parse(data: bytes, file: file)) != nil { parsed += 1 }
        })
        extracted = 0
        extractTimes.append(measure {
            Extraction.stream([folder]) { result in
                if case .success = result { extracted += 1 }
            }
        })
    }
    print("gkaudit-bench: \(files.count) reports of \(folder) (\(String(format: "%.1f", megabytes)) MB), one thread")
    line("decode and parse (bytes in memory)", parseTimes, parsed, megabytes: megabytes)
    line("extract (list, read, decode, parse)", extractTimes, extracted, megabytes: megabytes)
}

/// Audits reports already parsed with the rules, one thread, `runs` times: the rules' cost alone.
/// A report is given the same agency's previous year when the corpus holds it (as `gkaudit` pairs
/// them, by agency and year), so the cross-year rules run too.
func benchmarkAudit() {
    let rules: [Rule]
    do {
        rules = try RuleLoader.load(paths: [options.rules])
    } catch {
        FileHandle.standardError.write(Data("gkaudit-bench: \(error)\n".utf8))
        exit(2)
    }
    let engine = Engine(rules: rules)
    var reports: [Report] = []
    Extraction.stream([options.auditCorpus ?? options.seeds]) { result in
        if case .success(let loaded) = result { reports.append(loaded.report) }
    }
    guard !reports.isEmpty else {
        FileHandle.standardError.write(Data("gkaudit-bench: no reports to audit\n".utf8))
        exit(2)
    }
    var byAgencyYear: [String: Int] = [:]
    for (index, report) in reports.enumerated() {
        if let agency = report.metadata.agency?.value, let year = report.metadata.year?.value {
            byAgencyYear["\(agency)|\(year)"] = index
        }
    }
    let previous: [Int?] = reports.map { report in
        guard let agency = report.metadata.agency?.value, let year = report.metadata.year?.value else { return nil }
        return byAgencyYear["\(agency)|\(year - 1)"]
    }
    let count = options.auditCount ?? reports.count
    // Warm-up.
    for index in reports.indices.prefix(20) { _ = engine.audit(reports[index], previous: previous[index].map { reports[$0] }) }
    var findings = 0
    var times: [Timing] = []
    for _ in 0..<options.runs {
        times.append(measure {
            for step in 0..<count {
                let index = step % reports.count
                findings += engine.audit(reports[index], previous: previous[index].map { reports[$0] }).findings.count
            }
        })
    }
    let pairs = previous.compactMap { $0 }.count
    print("gkaudit-bench: auditing \(count) reports (\(reports.count) cycled, \(pairs) with their previous year) "
          + "with \(rules.count) rules, one thread")
    line("audit (rules, reports in memory)", times, count, megabytes: nil)
}

/// Prints the best and the median of a phase's runs, and how the best run's time divides between
/// the process's own work (user), the kernel's on its behalf (system: reading files) and waiting
/// (the rest: other processes, a virtual machine's stolen time).
func line(_ name: String, _ timings: [Timing], _ count: Int, megabytes: Double?) {
    let sorted = timings.sorted { $0.wall < $1.wall }
    let best = sorted[0], median = sorted[sorted.count / 2].wall
    let rate = megabytes.map { String(format: "  %6.1f MB/s", $0 / best.wall) } ?? ""
    print(String(format: "%-38@ best %6.0f reports/s%@   median %6.0f reports/s  (%d reports, %d runs)",
                 name as NSString, Double(count) / best.wall, rate as NSString, Double(count) / median, count, timings.count))
    print(String(format: "%-38@ best run: %.2f s = user %.2f s + system %.2f s + waiting %.2f s",
                 "" as NSString, best.wall, best.user, best.system, max(0, best.wall - best.user - best.system)))
}

if let corpus = options.corpus {
    benchmarkCorpus(corpus)
} else {
    if !options.onlyAudit { benchmarkParsing() }
    benchmarkAudit()
}
print(String(format: "peak memory: %.0f MB", peakResidentMegabytes()))
