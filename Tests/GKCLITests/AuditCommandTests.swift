import Foundation
import GKTestSupport
import Testing

extension CLI {
    /// How many rule files `rules/` holds (one rule each).
    static let ruleFileCount = (FileManager.default.enumerator(atPath: root.appendingPathComponent("rules").path)?
        .allObjects as? [String] ?? []).filter { $0.hasSuffix(".yaml") }.count
}

/// `gkaudit --rules rules/ corpus/`, run as an auditor would.
@Suite("gkaudit audit")
struct AuditCommandTests {
    static func object(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test("audit is the default command: findings grouped by file, then the summary; exit 1 on errors")
    func defaultCommand() throws {
        let result = try CLI.run(["--no-xlsx", "--rules", "rules/", "Fixtures/seeds"])
        #expect(result.status == 1)
        #expect(result.stdout.contains("""
        Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt  东营市第二人民医院 2024 年
          Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt:15: 错误 narrative.breakdown-exceeds-total
            正文称共 428 条，其中各分项合计 526 条（121 + 102 + 98 + 205），超出总数 98 条。
        """))
        #expect(result.stdout.contains("Fixtures/seeds/001_1705811733659c39.txt  济宁市兖州区卫生健康局 2024 年  未发现问题"))
        #expect(result.stdout.contains("汇总：读取报告 5 份，无法读取 0 份；问题 5 个（错误 2，警告 3，提示 0），已豁免 0 个。"))
    }

    @Test("JSON: one object with tool, reports, findings and errors; the same as the library")
    func json() throws {
        let result = try CLI.run(["--no-xlsx", "--rules", "rules", "--format", "json", "Fixtures/seeds"])
        let root = try Self.object(result.stdout)
        let tool = try #require(root["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "gkaudit")
        #expect((tool["rules"] as? [String])?.count == CLI.ruleFileCount)
        let reports = try #require(root["reports"] as? [[String: Any]])
        #expect(reports.map { $0["year"] as? Int } == [2024, 2024, 2023, 2024, 2025])
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.map { "\($0["rule"]!)@\($0["line"]!)" }.sorted() == [
            "narrative.breakdown-exceeds-total@15", "structure.missing-cell@37", "structure.missing-title-metadata@1",
            "structure.nonstandard-label@34", "structure.unit-anomaly@43",
        ])
        let breakdown = try #require(findings.first { $0["rule"] as? String == "narrative.breakdown-exceeds-total" })
        #expect(breakdown["expected"] as? Int == 428)
        #expect(breakdown["actual"] as? Int == 526)
        #expect(breakdown["difference"] as? Int == 98)
        #expect(breakdown["severity"] as? String == "error")
        #expect((breakdown["evidence"] as? String)?.contains("共 428 条") == true)
        #expect((breakdown["fingerprint"] as? String)?.count == 16)
        #expect((root["errors"] as? [Any])?.isEmpty == true)
    }

    @Test("SARIF 2.1.0: rules, results with levels, locations and fingerprints")
    func sarif() throws {
        let result = try CLI.run(["--no-xlsx", "--format", "sarif", "Fixtures/seeds/002_f90b525eb7280150.txt"])
        #expect(result.status == 0) // a warning is below the default --fail-on error
        let root = try Self.object(result.stdout)
        #expect(root["version"] as? String == "2.1.0")
        let run = try #require((root["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect((driver["rules"] as? [Any])?.count == CLI.ruleFileCount)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 1)
        #expect(results[0]["ruleId"] as? String == "structure.nonstandard-label")
        #expect(results[0]["level"] as? String == "warning")
        let location = try #require((results[0]["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "Fixtures/seeds/002_f90b525eb7280150.txt")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 34)
        #expect((results[0]["partialFingerprints"] as? [String: Any])?["gkaudit/v1"] is String)
    }

    @Test("--only, --disable and --fail-on decide what runs and the exit code")
    func selection() throws {
        let only = try CLI.run(["--no-xlsx", "--only", "structure.nonstandard-label", "--format", "json", "Fixtures/seeds"])
        #expect(only.status == 0)
        #expect((try Self.object(only.stdout)["findings"] as? [Any])?.count == 1)
        let warning = try CLI.run(["--no-xlsx", "--only", "structure.nonstandard-label", "--fail-on", "warning", "Fixtures/seeds"])
        #expect(warning.status == 1)
        let never = try CLI.run(["--no-xlsx", "--fail-on", "never", "Fixtures/seeds"])
        #expect(never.status == 0)
        let disabled = try CLI.run(["--no-xlsx", "--disable", "narrative.breakdown-exceeds-total,structure.missing-cell",
                                    "--format", "json", "Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt"])
        #expect(disabled.status == 0)
        let rules = (try Self.object(disabled.stdout)["findings"] as? [[String: Any]])?.map { $0["rule"] as? String }
        #expect(rules == ["structure.unit-anomaly"])
    }

    @Test("usage errors exit 2: an unknown rule ID (with a suggestion), broken rules")
    func usageErrors() throws {
        let unknown = try CLI.run(["--no-xlsx", "--only", "structure.missing-cel", "Fixtures/seeds"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--only 中的规则「structure.missing-cel」不存在。是否想写「structure.missing-cell」？"))
        let folder = try TemporaryFolder()
        try folder.write("bad.yaml", Data("id: x\ntitle: t\n".utf8))
        let broken = try CLI.run(["--no-xlsx", "--rules", folder.path, "Fixtures/seeds"])
        #expect(broken.status == 2)
        #expect(broken.stderr.contains("规则有误，未运行任何检查"))
        #expect(broken.stderr.contains("bad.yaml:1: 缺少 severity"))
        #expect(broken.stdout.isEmpty)
    }

    @Test("an unreadable report is listed and the others are audited")
    func unreadable() throws {
        let folder = try TemporaryFolder()
        try folder.write("a-empty.txt", Data())
        try folder.write("b.txt", try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/seeds/002_f90b525eb7280150.txt")))
        let result = try CLI.run(["--no-xlsx", "--rules", CLI.root.appendingPathComponent("rules").path, "--format", "json", folder.path])
        #expect(result.status == 1)
        let root = try Self.object(result.stdout)
        #expect((root["reports"] as? [Any])?.count == 1)
        #expect((root["findings"] as? [Any])?.count == 1)
        let errors = try #require(root["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect((errors[0]["file"] as? String)?.hasSuffix("a-empty.txt") == true)
    }

    @Test("a corpus's gkaudit.yaml suppresses findings: counted and listed, not dropped; --output is atomic")
    func suppressions() throws {
        let folder = try TemporaryFolder()
        let seed = try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt"))
        try folder.write("000.txt", seed)
        try folder.write("gkaudit.yaml", Data("""
        suppressions:
          - rule: structure.unit-anomaly
            file: 000.txt
            reason: 经核实单位为万元，系排版错误
          - rule: structure.missing-section
            file: 000.txt
            reason: 用不到的豁免
        """.utf8))
        let output = folder.file("audit.json")
        let result = try CLI.run(["--no-xlsx", "--rules", CLI.root.appendingPathComponent("rules").path, "--format", "json",
                                  "--output", output, folder.path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("gkaudit.yaml:5: 这项豁免没有对应的问题（可删去）"))
        let root = try Self.object(String(decoding: try Data(contentsOf: URL(fileURLWithPath: output)), as: UTF8.self))
        #expect((root["findings"] as? [[String: Any]])?.map { $0["rule"] as? String }.sorted { ($0 ?? "") < ($1 ?? "") }
            == ["narrative.breakdown-exceeds-total", "structure.missing-cell"])
        let suppressed = try #require(root["suppressed"] as? [[String: Any]])
        #expect(suppressed.count == 1)
        #expect(suppressed[0]["suppression"] as? String == "经核实单位为万元，系排版错误")
        #expect((root["summary"] as? [String: Any])?["suppressed"] as? Int == 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["000.txt", "audit.json", "gkaudit.yaml"])

        // The fingerprint of the JSON suppresses the same finding.
        let fingerprint = try #require(suppressed[0]["fingerprint"] as? String)
        let baseline = folder.file("baseline.yaml")
        try Data("suppressions:\n  - fingerprint: \(fingerprint)\n    reason: 已核实\n".utf8).write(to: URL(fileURLWithPath: baseline))
        try FileManager.default.removeItem(atPath: folder.file("gkaudit.yaml"))
        let again = try CLI.run(["--no-xlsx", "--rules", CLI.root.appendingPathComponent("rules").path, "--baseline", baseline,
                                 "--format", "json", folder.file("000.txt")])
        #expect(((try Self.object(again.stdout))["suppressed"] as? [Any])?.count == 1)
    }

    @Test("rules list, rules test and rules explain")
    func rulesCommands() throws {
        let list = try CLI.run(["rules", "list"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("table.applications.balance"))
        #expect(list.stdout.hasSuffix("共 \(CLI.ruleFileCount) 条规则。\n"))
        let test = try CLI.run(["rules", "test", "rules"])
        #expect(test.status == 0)
        #expect(test.stdout.contains("\(CLI.ruleFileCount) 条规则，"))
        #expect(test.stdout.contains("个示例，0 个不符。"))
        let explain = try CLI.run(["rules", "explain", "table.applications.balance"])
        #expect(explain.status == 0)
        #expect(explain.stdout.contains("第一项加第二项之和，等于第三项加第四项之和"))
        #expect(explain.stdout.contains("[通过] 应报告"))
        let missing = try CLI.run(["rules", "explain", "table.applications.balanse"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("是否想写「table.applications.balance」？"))
    }

    @Test("rules test fails with 1 when an example does not hold")
    func failingExample() throws {
        let folder = try TemporaryFolder()
        try folder.write("wrong.yaml", Data("""
        id: local.wrong
        title: 示例不符
        severity: info
        rationale: 测试。
        references: []
        condition: applications.new.total == 0
        message: 新收 {applications.new.total} 件
        examples:
          pass:
            - cells:
                applications.new: [1, 0, 0, 0, 0, 0, 1]
          fail:
            - {}
        """.utf8))
        let result = try CLI.run(["rules", "test", folder.path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("失败  local.wrong（2 个示例）"))
        #expect(result.stdout.contains("不应报告问题，却报告了 1 个：新收 1 件"))
        #expect(result.stdout.contains("应报告问题，实际没有"))
    }
}

/// `gkaudit diff OLD NEW`, and the audit's year pairing, as an auditor runs them.
@Suite("gkaudit diff")
struct DiffCommandTests {
    static let yanzhou = "Fixtures/years/济宁市兖州区卫生健康局/"

    @Test("text: the changed cells, the text by section, the cross-year findings; exit 1 on an error")
    func text() throws {
        let result = try CLI.run(["diff", Self.yanzhou + "2023.txt", Self.yanzhou + "2024.txt"])
        #expect(result.status == 1)
        #expect(result.stdout.hasPrefix("济宁市兖州区卫生健康局：2023 年 → 2024 年\n"))
        #expect(result.stdout.contains("表格：比较 200 个单元格，4 个有变化"))
        #expect(result.stdout.contains("五、存在的主要问题及改进情况：沿用 3 段，新增 1 段，删去 1 段"))
        #expect(result.stdout.contains("表二「总计」列：本年上年结转 0 件，2023 年报告的结转下年度继续办理为 1 件，相差 -1 件。"))
    }

    @Test("JSON: cells with old, new and change; sections; findings")
    func json() throws {
        let result = try CLI.run(["diff", "--format", "json", Self.yanzhou + "2023.txt", Self.yanzhou + "2024.txt"])
        let root = try AuditCommandTests.object(result.stdout)
        let cells = try #require(root["cells"] as? [[String: Any]])
        #expect(cells.count == 200)
        let total = try #require(cells.first { $0["cell"] as? String == "applications.carried_over.total" })
        #expect(total["old"] as? Int == 1)
        #expect(total["new"] as? Int == 0)
        #expect(total["change"] as? Int == -1)
        #expect((root["findings"] as? [[String: Any]])?.filter { $0["rule"] as? String == "diff.carryover-mismatch" }.count == 2)
    }

    @Test("the audit pairs the years itself and says how many agencies had no previous year")
    func auditPairs() throws {
        let result = try CLI.run(["--no-xlsx", "--format", "json", "--fail-on", "never", "Fixtures/years"])
        let root = try AuditCommandTests.object(result.stdout)
        let pairing = try #require((root["summary"] as? [String: Any])?["pairing"] as? [String: Any])
        #expect(pairing["agencies"] as? Int == 3)
        #expect(pairing["paired_reports"] as? Int == 4)
        #expect(pairing["agencies_without_previous_year"] as? Int == 3)
        let text = try CLI.run(["--no-xlsx", "--fail-on", "never", "Fixtures/years"])
        #expect(text.stdout.contains("跨年度比较：3 个机关，4 份报告与同一机关上一年度的报告配对；3 个机关在语料中没有上一年度的报告"))
    }

    @Test("--jobs 1 and --jobs 4 give the same bytes: JSON, text and the workbook's sheets, in corpus order")
    func jobsDoNotChangeTheOutput() throws {
        let folder = try TemporaryFolder()
        let synth = try CLI.run(["synth", "--out", folder.file("synth"), "--count", "120", "--seed", "11", "--pairs",
                                 "--error-rate", "0.5"])
        #expect(synth.status == 0, "\(synth.stderr)")
        let corpus = folder.file("synth/corpus")
        func audit(_ jobs: Int, _ format: String) throws -> (output: String, workbook: String) {
            let xlsx = folder.file("audit-\(jobs)-\(format).xlsx")
            let result = try CLI.run(["--format", format, "--xlsx", xlsx, "--fail-on", "never", "--jobs", "\(jobs)", corpus])
            #expect(result.status == 0, "\(result.stderr)")
            #expect(!result.stderr.contains("\r"), "no progress drawn when standard error is not a terminal")
            return (result.stdout, try Self.sheets(xlsx))
        }
        var json = ""
        for format in ["json", "text"] {
            let one = try audit(1, format), four = try audit(4, format)
            #expect(one.output == four.output, "\(format) differs between --jobs 1 and --jobs 4")
            #expect(one.workbook == four.workbook, "the workbook's sheets differ between --jobs 1 and --jobs 4")
            if format == "json" { json = four.output }
        }
        let root = try AuditCommandTests.object(json)
        #expect((root["reports"] as? [Any])?.count == 120)
        let pairing = try #require((root["summary"] as? [String: Any])?["pairing"] as? [String: Any])
        #expect((pairing["paired_reports"] as? Int ?? 0) > 0)
    }

    @Test("a workbook that cannot be written: the output is written and named first, then the workbook's error; exit 1",
          arguments: [1, 2])
    func unwritableWorkbook(jobs: Int) throws {
        let folder = try TemporaryFolder()
        try Data().write(to: URL(fileURLWithPath: folder.file("file")))
        let json = folder.file("audit.json")
        let result = try CLI.run(["--format", "json", "--output", json, "--xlsx", folder.file("file/audit.xlsx"),
                                  "--fail-on", "never", "--jobs", "\(jobs)", "Fixtures/seeds"])
        #expect(result.status == 1)
        #expect(try AuditCommandTests.object(String(contentsOfFile: json, encoding: .utf8))["findings"] != nil)
        let written = try #require(result.stderr.range(of: "已写入 \(json)"))
        let library = try #require(result.stderr.range(of: "[ERROR]"))
        let failed = try #require(result.stderr.range(of: "写入工作簿失败（workbook_close）"))
        #expect(written.upperBound <= library.lowerBound && library.upperBound <= failed.lowerBound, "\(result.stderr)")
        #expect(!result.stderr.contains("已写入工作簿"))
    }

    /// Every sheet of a workbook but 概览 (which carries the time it was made), as XML, read by Python's zipfile.
    static func sheets(_ xlsx: String) throws -> String {
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = ["python3", "-c", """
            import sys, zipfile
            z = zipfile.ZipFile(sys.argv[1])
            for name in sorted(z.namelist()):
                if name.startswith("xl/worksheets/sheet") and name != "xl/worksheets/sheet1.xml":
                    print(name, z.read(name).decode())
            """, xlsx]
        let pipe = Pipe()
        python.standardOutput = pipe
        try python.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        python.waitUntilExit()
        #expect(python.terminationStatus == 0)
        return String(decoding: data, as: UTF8.self)
    }
}

/// The workbook `gkaudit` writes, read back by openpyxl (installed by scripts/setup) and compared with the JSON.
@Suite("gkaudit workbook")
struct WorkbookCommandTests {
    @Test("the workbook's rows and values match the JSON findings (openpyxl)", arguments: ["Fixtures/seeds", "Fixtures/years"])
    func matchesJSON(corpus: String) throws {
        let folder = try TemporaryFolder()
        let xlsx = folder.file("audit.xlsx"), json = folder.file("audit.json")
        let audit = try CLI.run(["--format", "json", "--output", json, "--xlsx", xlsx, "--fail-on", "never", corpus])
        #expect(audit.status == 0)
        #expect(audit.stderr.contains("已写入工作簿 \(xlsx)"))
        let check = Process()
        check.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        check.arguments = ["python3", CLI.root.appendingPathComponent("Tests/tools/check_workbook.py").path, xlsx, json]
        let pipe = Pipe()
        check.standardOutput = pipe
        check.standardError = pipe
        try check.run()
        check.waitUntilExit()
        let said = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(check.terminationStatus == 0 && said == "OK\n", "\(said)")
    }

    @Test("by default the workbook goes to Reports/gkaudit-<corpus>-<date>.xlsx under the working folder")
    func defaultPath() throws {
        let folder = try TemporaryFolder()
        let corpus = folder.url.appendingPathComponent("样本")
        try FileManager.default.createDirectory(at: corpus, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CLI.root.appendingPathComponent("Fixtures/seeds/003_f6478d7b7b0e6afc.txt").path,
                                         toPath: corpus.appendingPathComponent("003.txt").path)
        let result = try CLI.run(["--rules", CLI.root.appendingPathComponent("rules").path, "样本"], in: folder.url)
        #expect(result.status == 0)
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.file("Reports"))
        #expect(written.count == 1)
        #expect(written.first?.hasPrefix("gkaudit-样本-") == true && written.first?.hasSuffix(".xlsx") == true)
        #expect(result.stderr.contains("已写入工作簿 Reports/gkaudit-样本-"))
    }
}

@Suite("gkaudit rules reference")
struct RulesReferenceTests {
    @Test("lists every report field and function with its meaning")
    func reference() throws {
        let result = try CLI.run(["rules", "reference"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("  report.text_year  报告文字本身（标题、统计期限、数据核定时间）所写的年度"))
        #expect(result.stdout.contains("  sum(列表)：各项之和；任一项缺失则不评估"))
        #expect(result.stdout.contains("reused_paragraphs(相似度百分数)"))
    }
}
