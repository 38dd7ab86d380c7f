import Foundation
import GKParse

// Throughput benchmark of reading and parsing reports (issue: ≥ 5,000 reports/s on one core).
//
//   swift run -c release gkaudit-bench [--count N] [--runs R] [--seeds DIR] [--keep DIR]
//
// Copies the seed reports to N files in a temporary folder (cycling through the seeds), then
// times, on one thread: (1) parsing the texts already in memory, and (2) the whole extraction
// from disk (listing, reading, decoding, parsing, one report at a time as `gkaudit extract` does),
// each R times. Prints the best and the median rate of each (on a shared machine the best run is
// the one least disturbed by other work) and peak memory.

struct Options {
    var count = 10_000
    var seeds = "Fixtures/seeds"
    var keep: String?
    var runs = 3

    init(_ arguments: [String]) {
        var iterator = arguments.dropFirst().makeIterator()
        while let argument = iterator.next() {
            switch argument {
            case "--count": count = Int(iterator.next() ?? "") ?? count
            case "--seeds": seeds = iterator.next() ?? seeds
            case "--keep": keep = iterator.next()
            case "--runs": runs = max(1, Int(iterator.next() ?? "") ?? runs)
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
let seedFiles = Corpus.list([options.seeds]).reports
guard !seedFiles.isEmpty else {
    FileHandle.standardError.write(Data("no seed reports under \(options.seeds)\n".utf8))
    exit(2)
}
let seedData = seedFiles.map { FileManager.default.contents(atPath: $0)! }
let seedTexts = seedData.map { String(decoding: $0, as: UTF8.self) }

let folder = options.keep ?? NSTemporaryDirectory() + "gkaudit-bench-\(getpid())"
try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
var totalBytes = 0
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
/// Prints the best and the median of a phase's runs, and how the best run's time divides between
/// the process's own work (user), the kernel's on its behalf (system: reading files) and waiting
/// (the rest: other processes, a virtual machine's stolen time).
func line(_ name: String, _ timings: [Timing], _ count: Int) {
    let sorted = timings.sorted { $0.wall < $1.wall }
    let best = sorted[0], median = sorted[sorted.count / 2].wall
    print(String(format: "%-38@ best %6.0f reports/s  %6.1f MB/s   median %6.0f reports/s  (%d reports, %d runs)",
                 name as NSString, Double(count) / best.wall, megabytes / best.wall, Double(count) / median, count, timings.count))
    print(String(format: "%-38@ best run: %.2f s = user %.2f s + system %.2f s + waiting %.2f s",
                 "" as NSString, best.wall, best.user, best.system, max(0, best.wall - best.user - best.system)))
}
print("gkaudit-bench: \(options.count) reports (\(seedFiles.count) seeds cycled, \(String(format: "%.1f", megabytes)) MB), one thread")
line("parse (text in memory)", parseTimes, options.count)
line("extract (list, read, decode, parse)", extractTimes, extracted)
print(String(format: "peak memory: %.0f MB", peakResidentMegabytes()))
let bestExtract = Double(extracted) / extractTimes.map(\.wall).min()!
print("target: ≥ 5000 reports/s for extract on one core — \(bestExtract >= 5000 ? "met" : "NOT met") (best run)")
