import Foundation
import GKDiff
import GKModel
import GKParse
import GKRules
import GKTestSupport
import Testing

/// The built-in rules, loaded once.
private let rules: [Rule] = {
    do { return try RuleLoader.load(paths: [TestFiles.root.appendingPathComponent("rules").path]) } catch {
        fatalError("the built-in rules do not load:\n\(error)")
    }
}()

/// Reads every report under a Fixtures folder (corpus order), with the folder's manifest applied.
private func corpus(_ folder: String) throws -> [Report] {
    let path = TestFiles.root.appendingPathComponent(folder).path
    let manifest = try Manifest.load(folder: path)
    let extraction = Extraction.run([path])
    #expect(extraction.errors.isEmpty)
    return extraction.reports.map { loaded in
        var report = loaded.report
        manifest?.apply(to: &report)
        return report
    }
}

/// `agency-folder/year.txt:line rule` of every cross-year (or corpus) finding of an audit of the folder.
private func crossYearFindings(_ folder: String) throws -> [String] {
    let reports = try corpus(folder)
    let pairing = YearPairing(reports)
    let engine = Engine(rules: rules)
    var found: [String] = []
    for (report, placement) in zip(reports, pairing.placements) {
        let audit = engine.audit(report, previous: placement.previous.map { reports[$0] },
                                 duplicates: placement.duplicates.map { reports[$0].file })
        for finding in audit.findings where finding.rule.hasPrefix("diff.") || finding.rule.hasPrefix("corpus.") {
            let name = report.file.split(separator: "/").suffix(2).joined(separator: "/")
            found.append("\(name):\(finding.line.map(String.init) ?? "-") \(finding.rule)")
        }
    }
    return found.sorted()
}

@Suite("Years")
struct YearTests {
    @Test("agency names: spacing, brackets, a place name written twice")
    func identity() {
        #expect(AgencyIdentity.key("济宁市济宁市兖州区卫生健康局") == AgencyIdentity.key("济宁市兖州区卫生健康局"))
        #expect(AgencyIdentity.key(" 济宁市 兖州区卫生健康局（本级）") == AgencyIdentity.key("济宁市兖州区卫生健康局(本级)"))
        #expect(AgencyIdentity.key("兖州区卫生健康局") != AgencyIdentity.key("济宁市兖州区卫生健康局"))
        #expect(YearPairing.layoutAgency("corpus/招远市卫生健康局/2023.txt") == "招远市卫生健康局")
        #expect(YearPairing.layoutAgency("corpus/招远市卫生健康局/报告.txt") == nil)
    }

    @Test("Fixtures/years: each agency's years paired by folder; the cross-year findings exactly")
    func years() throws {
        let reports = try corpus("Fixtures/years")
        let pairing = YearPairing(reports)
        #expect(pairing.agencyCount == 3)
        #expect(pairing.placements.filter { $0.previous != nil }.count == 4) // 惠农区 has three years
        #expect(pairing.agenciesWithoutPreviousYear == 3)
        let found = try crossYearFindings("Fixtures/years")
        let errors = found.filter { !$0.hasSuffix("diff.reused-text") }
        #expect(errors == [
            "招远市卫生健康局/2023.txt:15 diff.prior-year-claim",
            "济宁市兖州区卫生健康局/2024.txt:105 diff.carryover-mismatch",
            "济宁市兖州区卫生健康局/2024.txt:99 diff.carryover-mismatch",
        ])
        // The clean chain (惠农区 2022 → 2023 → 2024, each year in its own words) gives no cross-year finding.
        #expect(!found.contains { $0.hasPrefix("惠农区") })
        // The reports copied from last year with only the years changed are noticed, as info.
        #expect(found.filter { $0.hasPrefix("济宁市兖州区卫生健康局/2024.txt") && $0.hasSuffix("diff.reused-text") }.count == 12)
    }

    @Test("the carry-over and prior-year findings say what each year's report says")
    func messages() throws {
        let reports = try corpus("Fixtures/years")
        let pairing = YearPairing(reports)
        let engine = Engine(rules: rules)
        var messages: [String] = []
        for (report, placement) in zip(reports, pairing.placements) {
            messages += engine.audit(report, previous: placement.previous.map { reports[$0] }).findings
                .filter { $0.rule == "diff.carryover-mismatch" || $0.rule == "diff.prior-year-claim" }.map(\.message)
        }
        #expect(messages.sorted() == [
            "正文称较 2022 年增加 1 件，但 2022 年报告新收申请 2 件、本年 1 件：「相较 2022 年度依申请公开件增加 1 件」",
            "表二「总计」列：本年上年结转 0 件，2023 年报告的结转下年度继续办理为 1 件，相差 -1 件。",
            "表二「自然人」列：本年上年结转 0 件，2023 年报告的结转下年度继续办理为 1 件，相差 -1 件。",
        ])
    }

    @Test("a manifest names agencies and years for flat files; two reports of one agency and year are both named and not paired")
    func manifest() throws {
        let reports = try corpus("Fixtures/years-manifest")
        #expect(reports.map { $0.metadata.year?.value } == [2023, 2024, 2024])
        #expect(reports.map { $0.metadata.year?.source } == [.manifest, .manifest, .manifest])
        #expect(reports.map { $0.metadata.agencyKind?.value } == [.department, .department, .department])
        let found = try crossYearFindings("Fixtures/years-manifest")
        #expect(found == ["years-manifest/b.txt:- corpus.duplicate-report", "years-manifest/c.txt:- corpus.duplicate-report"])
    }

    @Test("a broken manifest is an error with its line")
    func badManifest() throws {
        let folder = try TemporaryFolder()
        try folder.write("manifest.csv", Data("file,agency,year\na.txt,某局,二〇二四\n".utf8))
        #expect(throws: FileError.self) { try Manifest.load(folder: folder.path) }
        do {
            _ = try Manifest.load(folder: folder.path)
        } catch {
            #expect(error.line == 2)
            #expect(error.message == "year「二〇二四」不是年份")
        }
        try folder.write("manifest.csv", Data("file,agency,year\n\"a,b.txt\",\"某局\"\"二\"\"\",2024\n".utf8))
        let manifest = try #require(try Manifest.load(folder: folder.path))
        let entry = try #require(manifest.entries[(folder.path as NSString).appendingPathComponent("a,b.txt")])
        #expect(entry.agency == "某局\"二\"")
        #expect(entry.year == 2024)
    }

    @Test("diff: every comparable cell with both values; text carried, added and removed by section")
    func comparison() throws {
        let reports = try corpus("Fixtures/years")
        let old = try #require(reports.first { $0.file.hasSuffix("济宁市兖州区卫生健康局/2023.txt") })
        let new = try #require(reports.first { $0.file.hasSuffix("济宁市兖州区卫生健康局/2024.txt") })
        let comparison = Comparison.compare(old: old, new: new)
        #expect(comparison.cells.count == 200)
        #expect(comparison.notComparable.isEmpty)
        let changed = comparison.cells.filter { $0.old != $0.new }.map { "\($0.path) \($0.old.map { "\($0)" } ?? "-")→\($0.new.map { "\($0)" } ?? "-")" }
        #expect(changed == [
            "applications.new.natural_person integer(2)→integer(1)", "applications.new.total integer(2)→integer(1)",
            "applications.carried_over.natural_person integer(1)→integer(0)", "applications.carried_over.total integer(1)→integer(0)",
        ])
        let problems = try #require(comparison.sections.first { $0.section == "problems" })
        #expect(problems.added.map(\.text) == ["2025年，将从以下几个方面重点改进："])
        #expect(problems.removed.map(\.text) == ["2024年，将从以下几个方面重点改进："])
    }

    @Test("across formats only what both formats mean the same way is compared, and it says so")
    func crossFormat() throws {
        let old = try Corpus.load(TestFiles.root.appendingPathComponent("Fixtures/synthetic/huinong-2020-format2019.txt").path).get().report
        let new = try Corpus.load(TestFiles.root.appendingPathComponent("Fixtures/seeds/003_f6478d7b7b0e6afc.txt").path).get().report
        #expect(old.metadata.format == .v2019)
        let comparison = Comparison.compare(old: old, new: new)
        #expect(comparison.notComparable.count == 3)
        #expect(!comparison.cells.contains { $0.path.column == "in_force" || $0.path.row == "other_misc" })
        #expect(comparison.cells.contains { $0.path.description == "disclosure.licensing.decisions" })
        #expect(comparison.cells.contains { $0.path.description == "applications.carried_over.total" })
        // A 2019-format previous year: carry-over is compared, in-force continuity (2021 only) is not.
        let findings = Engine(rules: rules.filter { $0.scope == .pair }).audit(new, previous: old).findings
        #expect(!findings.contains { $0.rule == "diff.in-force-continuity" })
    }

    @Test("Fixtures/years-2019: a 2020 report in the 2019 format is audited and paired with its 2021 report")
    func acrossFormats() throws {
        let reports = try corpus("Fixtures/years-2019")
        #expect(reports.map(\.metadata.format) == [.v2019, .v2021])
        #expect(reports.map { $0.metadata.year?.value } == [2020, 2021])
        // The 2019 format's own rows are read: 其他对外管理服务事项, 政府集中采购 (in the unit written), 本年增/减.
        let old = reports[0]
        #expect(old.cell(CellPath("disclosure.other_services.decisions")!).value == .integer(20))
        #expect(old.cell(CellPath("disclosure.licensing.change")!).value == .integer(-1))
        #expect(old.cell(CellPath("disclosure.procurement.amount")!).value == .decimal(Decimal(string: "36.5")!))
        #expect(old.cell(CellPath("applications.carried_over.total")!).value == .integer(1))
        // Every rule that holds for the 2019 format runs on it: the 2020 report is clean.
        let engine = Engine(rules: rules)
        #expect(engine.audit(old).findings.map(\.rule) == [])
        // 2020's 结转下年 (2019 format) against 2021's 上年结转 (2021 format): the rows mean the same.
        #expect(try crossYearFindings("Fixtures/years-2019") == [
            "惠农区卫生健康局/2021.txt:54 diff.carryover-mismatch", "惠农区卫生健康局/2021.txt:54 diff.carryover-mismatch",
        ])
        let messages = engine.audit(reports[1], previous: old).findings.map(\.message)
        #expect(messages == [
            "表二「自然人」列：本年上年结转 0 件，2020 年报告的结转下年度继续办理为 1 件，相差 -1 件。",
            "表二「总计」列：本年上年结转 0 件，2020 年报告的结转下年度继续办理为 1 件，相差 -1 件。",
        ])
    }
}
