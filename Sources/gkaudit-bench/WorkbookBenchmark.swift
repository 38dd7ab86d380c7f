import Foundation
import GKExport
import GKModel
import GKXLSX

/// Times the supervisors' workbook of `findings` findings (`--workbook-findings N`), written as the audit writes
/// it: from an `AuditSpill` through `AuditWorkbook.write`. The findings are made up but shaped like real ones —
/// Chinese messages and excerpts, expected and actual values, spread over many agencies, years and files, a
/// hundred a report — and the reports carry cells (for 提取数据 and 年度对比). Prints the seconds and peak memory.
enum WorkbookBenchmark {
    static let rules: [RuleDescriptor] = [
        ("table.applications.balance", "新收与上年结转之和不等于办理结果总计与结转下年之和", Severity.error),
        ("narrative.request-count-vs-table", "正文所述申请数与表三不符", .error),
        ("structure.missing-cell", "表格单元格未填写", .warning),
        ("diff.carryover-mismatch", "上年结转与上一年度的结转下年不符", .error),
        ("year.text-mentions-other-year", "正文提到其他年度", .info),
    ].map { id, title, severity in
        RuleDescriptor(id: id, title: title, severity: severity, rationale: "依据《中华人民共和国政府信息公开条例》第五十条。",
                       references: ["国办公开办函〔2021〕30号"], source: "rules/\(id).yaml:1")
    }

    static func run(findings count: Int) {
        let findingsPerReport = 100
        let folder = NSTemporaryDirectory() + "gkaudit-bench-workbook-\(getpid())"
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: folder) }
            let spill = try AuditSpill(toolVersion: "bench", rules: rules)
            let filling = measure {
                do {
                    for report in 0..<((count + findingsPerReport - 1) / findingsPerReport) {
                        let findings = (0..<min(findingsPerReport, count - report * findingsPerReport)).map {
                            finding(report: report, number: $0)
                        }
                        try spill.append(entry(report), findings: findings)
                    }
                } catch {
                    fail("\(error)")
                }
            }
            var failure: Error?
            let writing = measure {
                do {
                    try AuditWorkbook.write(spill, provenance: .init(corpus: "bench", rules: "rules", created: "2026-01-01 00:00"),
                                            to: folder + "/bench.xlsx")
                } catch {
                    failure = error
                }
            }
            if let failure { fail("\(failure)") }
            let size = (try? FileManager.default.attributesOfItem(atPath: folder + "/bench.xlsx")[.size] as? Int) ?? 0
            print("gkaudit-bench: workbook of \(count) findings (\(spill.counts.reports) reports), written as the audit writes it")
            print(String(format: "spill (the audit's records)             %6.2f s", filling.wall))
            print(String(format: "workbook                                %6.2f s = user %.2f s + system %.2f s  (%.0f MB)",
                         writing.wall, writing.user, writing.system, Double(size) / 1_048_576))
        } catch {
            fail("\(error)")
        }
    }

    static func fail(_ message: String) -> Never {
        FileHandle.standardError.write(Data("gkaudit-bench: \(message)\n".utf8))
        exit(1)
    }

    static let places = ["东营市", "济宁市", "青岛市", "烟台市", "潍坊市", "临沂市"]
    static let offices = ["教育局", "卫生健康委员会", "自然资源和规划局", "市场监督管理局", "人民政府办公室", "行政审批服务局"]

    /// The report's agency (one of many, each with a run of years) and file.
    static func agency(_ report: Int) -> (name: String, year: Int, file: String) {
        let agency = report / 5, year = 2020 + report % 5
        let name = "\(places[agency % places.count])第\(agency / places.count + 1)区\(offices[agency % offices.count])"
        return (name, year, "corpus/\(name)/\(year).txt")
    }

    static func entry(_ report: Int) -> AuditOutput.ReportEntry {
        let (name, year, file) = agency(report)
        let cells = AuditOutput.cellColumns.indices.map { column -> CellValue? in
            column % 11 == 0 ? nil : .integer((report * 31 + column * 7) % 500)
        }
        return .init(file: file, agency: name, year: year, format: .v2021, agencyKey: name, cells: cells)
    }

    static func finding(report: Int, number: Int) -> Finding {
        let (name, year, file) = agency(report)
        let rule = rules[(report + number) % rules.count]
        let expected = 100 + (report * 7 + number * 13) % 900, actual = expected + 1 + number % 9
        let message = "表三「新收政府信息公开申请数量」合计 \(expected) 件，与自然人、法人或其他组织各分项之和 \(actual) 件不符，"
            + String(repeating: "相差 \(actual - expected) 件；", count: 1 + number % 3)
        let evidence = "\(year) 年，本机关共收到政府信息公开申请 \(actual) 件，其中自然人 \(actual - 12) 件，"
            + "法人或其他组织 12 件，较上年增长 \(number % 40)%。全部申请均在法定期限内予以答复，未发生因政府信息公开引起的行政复议、行政诉讼。"
        return Finding(rule: rule.id, severity: rule.severity, title: rule.title, file: file, line: 20 + number * 3,
                       message: message, expected: .integer(expected), actual: .integer(actual),
                       difference: number % 4 == 0 ? nil : .integer(actual - expected),
                       evidence: number % 5 == 0 ? nil : evidence, agency: name, year: year,
                       fingerprint: String(report * 100 + number, radix: 16))
    }
}
