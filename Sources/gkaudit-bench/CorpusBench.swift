import Foundation

/// The whole audit of a generated corpus, timed as a user runs it: `gkaudit audit` with JSON and the workbook,
/// in a child process on all cores, against the time `grep -c 总计 -r` takes merely to read the same files.
///
///   .build/release/gkaudit-bench --corpus-audit 100000 [--corpus-dir DIR] [--corpus-seed S] [--runs R]
///
/// The corpus (`gkaudit synth --pairs`) is generated once into DIR (default `.build/bench-corpus-<N>-<S>`) and
/// kept for later runs. Each run reads the files with grep first, so that both find them in the page cache.
enum CorpusBench {
    struct Settings {
        var count: Int
        var folder: String?
        var seed = 1
        var runs = 1
        var rules = "rules"
    }

    /// What a child process used: wall time, CPU time, and its peak resident memory.
    struct Usage {
        var status: Int32
        var wall: Double, user: Double, system: Double
        var peakMegabytes: Double
    }

    static func run(_ settings: Settings) -> Int32 {
        let tools = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let gkaudit = tools.appendingPathComponent("gkaudit").path
        guard FileManager.default.isExecutableFile(atPath: gkaudit) else {
            fail("no gkaudit next to the benchmark (\(gkaudit)): build both with `swift build -c release`")
            return 2
        }
        let folder = settings.folder ?? ".build/bench-corpus-\(settings.count)-\(settings.seed)"
        let corpus = folder + "/corpus"
        if !FileManager.default.fileExists(atPath: folder + "/truth.jsonl") {
            print("gkaudit-bench: generating \(settings.count) reports with their previous years into \(folder) (kept for later runs)")
            try? FileManager.default.removeItem(atPath: folder)
            let made = spawn(gkaudit, ["synth", "--out", folder, "--count", "\(settings.count)", "--seed", "\(settings.seed)", "--pairs"])
            guard made.status == 0 else { fail("gkaudit synth failed"); return 1 }
        }
        let output = NSTemporaryDirectory() + "gkaudit-bench-audit-\(getpid())"
        try? FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: output) }
        let bytes = corpusBytes(corpus)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        print(String(format: "gkaudit-bench: auditing %d generated reports (%.0f MB) on %d cores, JSON and workbook written",
                     settings.count, Double(bytes) / 1_048_576, cores))

        var audits: [Usage] = [], greps: [Usage] = []
        // A first read brings the files into the page cache for both grep and the audit.
        _ = spawn("/usr/bin/env", ["grep", "-c", "-r", "总计", corpus], quietOutput: true)
        for _ in 0..<settings.runs {
            greps.append(spawn("/usr/bin/env", ["grep", "-c", "-r", "总计", corpus], quietOutput: true))
            let audit = spawn(gkaudit, ["audit", "--rules", settings.rules, "--format", "json", "--output", output + "/audit.json",
                                        "--xlsx", output + "/audit.xlsx", "--fail-on", "never", "--quiet", corpus],
                              errors: output + "/stderr.txt")
            guard audit.status == 0 else {
                let said = (try? String(contentsOfFile: output + "/stderr.txt", encoding: .utf8)) ?? ""
                fail("gkaudit audit exited with \(audit.status):\n\(said)")
                return 1
            }
            audits.append(audit)
        }
        let audit = audits.min { $0.wall < $1.wall }!, grep = greps.min { $0.wall < $1.wall }!
        let rate = Double(settings.count) / audit.wall
        print(String(format: "audit: %.1f s (user %.1f s, system %.1f s) = %.0f reports/s, peak memory %.0f MB (best of %d)",
                     audit.wall, audit.user, audit.system, rate, audit.peakMegabytes, audits.count))
        print(String(format: "grep -c 总计 -r (reading the same files): %.2f s; the audit takes %.0f× as long",
                     grep.wall, audit.wall / max(grep.wall, 0.001)))
        print(outputSizes(output))
        print("targets: ≥ 5000 reports/s — \(rate >= 5000 ? "met" : "NOT met"); peak memory < 500 MB — "
              + (audit.peakMegabytes < 500 ? "met" : "NOT met"))
        return 0
    }

    /// The sizes of the JSON and the workbook, and the findings the JSON counts.
    private static func outputSizes(_ folder: String) -> String {
        func megabytes(_ name: String) -> Double {
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/" + name))?[.size] as? Int ?? 0
            return Double(size) / 1_048_576
        }
        var findings = "?"
        if let data = FileManager.default.contents(atPath: folder + "/audit.json"),
           let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
           let summary = object["summary"] as? [String: Any], let count = summary["findings"] as? Int {
            findings = "\(count)"
        }
        return String(format: "output: %@ findings; JSON %.0f MB, workbook %.0f MB", findings as NSString,
                      megabytes("audit.json"), megabytes("audit.xlsx"))
    }

    private static func corpusBytes(_ folder: String) -> Int {
        var total = 0
        let enumerator = FileManager.default.enumerator(atPath: folder)
        while enumerator?.nextObject() != nil {
            total += (enumerator?.fileAttributes?[.size] as? Int) ?? 0
        }
        return total
    }

    /// Runs a program to its end and reports what it used (`wait4`'s resource usage is the child's own).
    /// Standard output goes to /dev/null with `quietOutput`, standard error to `errors` when given.
    static func spawn(_ program: String, _ arguments: [String], quietOutput: Bool = false, errors: String? = nil) -> Usage {
        fflush(nil) // what was printed comes before what the child prints
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        if quietOutput { posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0) }
        if let errors { posix_spawn_file_actions_addopen(&actions, 2, errors, O_WRONLY | O_CREAT | O_TRUNC, 0o644) }
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        let start = DispatchTime.now().uptimeNanoseconds
        guard posix_spawn(&pid, program, &actions, nil, argv, environ) == 0 else {
            return Usage(status: 127, wall: 0, user: 0, system: 0, peakMegabytes: 0)
        }
        var status: Int32 = 0, usage = rusage()
        while wait4(pid, &status, 0, &usage) < 0, errno == EINTR {}
        let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        let exitStatus = status & 0x7f == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return Usage(status: exitStatus, wall: wall, user: seconds(usage.ru_utime), system: seconds(usage.ru_stime),
                     peakMegabytes: Double(usage.ru_maxrss) / 1024)
    }

    private static func fail(_ message: String) {
        FileHandle.standardError.write(Data("gkaudit-bench: \(message)\n".utf8))
    }
}
