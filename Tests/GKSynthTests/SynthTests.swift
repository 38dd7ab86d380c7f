import CoreFoundation
import Foundation
import GKModel
import GKParse
import GKRules
@testable import GKSynth
import GKSynthCheck
import GKTestSupport
import Testing

/// The generator's own promises: clean tables keep every identity, the same seed gives the same bytes, and
/// a generated corpus reads and audits exactly as its truth says.
@Suite("Ground-truth generator")
struct SynthTests {
    static let rules = [TestFiles.root.appendingPathComponent("rules").path]

    @Test("Clean reports keep every identity of the tables; injected ones are what the truth says")
    func identities() {
        let files = SynthCorpus.generate(SynthOptions(count: 2_000, seed: 5, pairs: true, errorRate: 0.3))
        #expect(files.count == 2_000)
        for file in files where file.injected == nil {
            #expect(file.cells.brokenIdentities().isEmpty, "\(file.path): \(file.cells.brokenIdentities())")
        }
        // Every figure of a clean report is a non-negative count, or an exact amount for fees.
        for file in files where file.injected == nil {
            #expect(!file.cells.disclosure.joined().contains(.blank))
        }
        let injected = files.compactMap(\.injected)
        #expect(Set(injected.map(\.kind)) == Set(ErrorKind.allCases), "every kind of error is made")
        let share = Double(injected.count) / Double(files.count)
        #expect(share > 0.25 && share < 0.36)
    }

    @Test("Consecutive years carry over: 上年结转 is last year's 结转下年, 现行有效 follows issued and repealed")
    func carryOver() {
        let files = SynthCorpus.generate(SynthOptions(count: 1_000, seed: 9, pairs: true, errorRate: 0))
        var byAgency: [String: [SynthFile]] = [:]
        for file in files { byAgency[(file.path as NSString).deletingLastPathComponent, default: []].append(file) }
        var pairs = 0
        for (_, years) in byAgency where years.count == 2 {
            let (before, after) = (years[0].cells, years[1].cells)
            #expect(after.applications[SynthCells.A.carriedIn] == before.applications[SynthCells.A.carriedOver])
            for row in [SynthCells.D.regulations, SynthCells.D.normative] {
                let d = SynthCells.Doc.self
                #expect(after.disc(row, d.inForce)! == before.disc(row, d.inForce)! + after.disc(row, d.issued)! - after.disc(row, d.repealed)!)
            }
            pairs += 1
        }
        #expect(pairs > 400)
    }

    @Test("The same seed gives byte-identical files; another seed does not")
    func deterministic() throws {
        let options = SynthOptions(count: 400, seed: 77, pairs: true, errorRate: 0.4)
        let a = try TemporaryFolder(), b = try TemporaryFolder(), c = try TemporaryFolder()
        _ = try SynthCorpus.write(options, to: a.path)
        _ = try SynthCorpus.write(options, to: b.path)
        _ = try SynthCorpus.write(SynthOptions(count: 400, seed: 78, pairs: true, errorRate: 0.4), to: c.path)
        let names = try FileManager.default.subpathsOfDirectory(atPath: a.path).sorted()
        #expect(names == (try FileManager.default.subpathsOfDirectory(atPath: b.path).sorted()))
        for name in names {
            #expect(FileManager.default.contents(atPath: a.file(name)) == FileManager.default.contents(atPath: b.file(name)), "\(name)")
        }
        #expect(FileManager.default.contents(atPath: a.file("truth.jsonl")) != FileManager.default.contents(atPath: c.file("truth.jsonl")))
        // In memory and on disk, the same files.
        let memory = SynthCorpus.generate(options)
        #expect(memory.map(\.path).sorted() == names.filter { $0.hasSuffix(".txt") || $0.hasSuffix(".html") || $0.hasSuffix(".docx") })
    }

    @Test("Every layout and every encoding is present, line endings too")
    func variety() {
        let files = SynthCorpus.generate(SynthOptions(count: 2_000, seed: 3))
        #expect(Set(files.map(\.layout)) == Set(SynthLayout.allCases))
        #expect(Set(files.map(\.encoding)) == Set(SynthEncoding.allCases))
        #expect(files.contains { $0.crlf } && files.contains { !$0.crlf })
        // Years 2021–2025 (and the year before or after where a report is misfiled).
        #expect(Set(files.map { $0.path.split(separator: "/")[1] }).isSuperset(of: ["2021", "2022", "2023", "2024", "2025"]))
        // Unique agencies when years are not paired (the audit would otherwise pair or de-duplicate them).
        let agencies = files.filter { !$0.path.contains("更正") }.map { $0.path.split(separator: "_", maxSplits: 1)[1] }
        #expect(Set(agencies).count == agencies.count)
    }

    @Test("Web pages and Word documents are written as portals and Word write them, each under its extension")
    func documents() throws {
        let files = SynthCorpus.generate(SynthOptions(count: 2_000, seed: 3))
        let pages = files.filter { $0.layout == .html }, documents = files.filter { $0.layout == .docx }
        #expect(pages.count > 140 && pages.count < 260, "about one report in ten is a web page: \(pages.count)")
        #expect(documents.count > 100 && documents.count < 220, "about one in twelve a Word document: \(documents.count)")
        #expect(pages.allSatisfy { $0.path.hasSuffix(".html") } && documents.allSatisfy { $0.path.hasSuffix(".docx") })
        #expect(files.filter { $0.layout != .html && $0.layout != .docx }.allSatisfy { $0.path.hasSuffix(".txt") })
        // Pages in UTF-8 and in GBK (GB18030 bytes), each declaring its charset; merged cells as the template has them.
        #expect(Set(pages.map(\.encoding)) == [.utf8, .gb18030])
        for page in pages.prefix(40) where page.injected?.kind != .missingTable {
            let text = page.encoding == .utf8 ? String(decoding: page.bytes, as: UTF8.self)
                : String(data: Data(page.bytes), encoding: SynthTests.gb18030) ?? ""
            let declared = page.encoding == .utf8 ? ["utf-8"] : ["gbk", "GB2312", "gb18030"]
            #expect(declared.contains { text.contains("charset=\($0)") || text.contains("charset=\"\($0)\"") }, "\(page.path)")
            #expect(text.contains("<td colspan=\"6\">") && text.contains("rowspan=\"8\""), "\(page.path)")
            #expect(text.contains("<script") && text.contains("&"))
        }
        // A Word document is a ZIP the DOCX reader opens, its tables laid out as the template merges them.
        for document in documents.prefix(40) where document.injected?.kind != .missingTable {
            #expect(document.bytes.starts(with: [0x50, 0x4B, 0x03, 0x04]) && document.encoding == .utf8 && !document.crlf)
            let text = try document.bytes.withUnsafeBufferPointer { try DocumentText.read($0, kind: .docx) }
            let lines = String(decoding: text.text, as: UTF8.self).split(separator: "\n")
            #expect(lines.contains { $0.hasSuffix("\t\t申请人情况\t\t\t\t\t\t总计\t") }, "\(document.path)")
        }
    }

    @Test("Merged cells become gridSpan and vMerge; the ZIP's checksum and deflated data are standard")
    func wordParts() throws {
        let table = MergedTable(rows: [["行政复议", "", "行政诉讼"], ["结果维持", "总计", "直接起诉"], ["", "", "复议后"], ["1", "2", "3"]])
        let xml = WordDocument.document([.paragraph("“公开为常态” & <例外>"), .table(table)])
        #expect(xml.contains("<w:gridSpan w:val=\"2\"/></w:tcPr><w:p><w:r><w:t>行政复议</w:t>"))
        #expect(xml.contains("<w:vMerge w:val=\"restart\"/>") && xml.contains("<w:vMerge/>"))
        #expect(xml.contains("“公开为常态” &amp; &lt;例外&gt;"))
        #expect(ZIPArchive.crc32(Array("123456789".utf8)) == 0xCBF4_3926)
        // Read back through the DOCX reader (which inflates with zlib and checks the CRC); the empty paragraph
        // after the table is a line of its own.
        let bytes = WordDocument.bytes([.paragraph(String(repeating: "政府信息公开工作年度报告", count: 40)), .table(table)])
        let text = try bytes.withUnsafeBufferPointer { try DocumentText.read($0, kind: .docx) }
        #expect(String(decoding: text.text, as: UTF8.self)
            == String(repeating: "政府信息公开工作年度报告", count: 40) + "\n行政复议\t\t行政诉讼\n结果维持\t总计\t直接起诉\n\t\t复议后\n1\t2\t3\n\n\n")
    }

    @Test("A damaged row runs the cells of a row of table 2, or of table 3's figures, together where separators get lost")
    func damagedRows() {
        let files = SynthCorpus.generate(SynthOptions(count: 2_000, seed: 6, errorRate: 0.5))
        let damaged = files.filter { $0.injected?.kind == .damagedRow }
        #expect(damaged.count > 10)
        for file in damaged {
            #expect([SynthLayout.tabMerged, .tabFlat, .spaces, .pdfLayout, .pdfLayoutNarrow].contains(file.layout))
            #expect(file.injected?.rules == ["table.damaged-row"])
            guard file.encoding == .utf8, let description = file.injected?.description,
                  let open = description.firstIndex(of: "（"), let comma = description.firstIndex(of: "，") else { continue }
            let joined = description[description.index(after: open)..<comma]
            #expect(joined.count >= 7 && joined.allSatisfy(\.isNumber) && String(decoding: file.bytes, as: UTF8.self).contains(joined), "\(file.path)")
        }
        // Not only rows of zeros: rows with figures are run together too; and table 3's row of figures.
        #expect(damaged.contains { !$0.injected!.description.contains("（0000000，") })
        #expect(damaged.contains { $0.injected!.description.hasPrefix("表三") })
    }

    static let gb18030 = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    /// The measure the generator exists for: the parser reads every cell, agency, year and encoding the truth
    /// states, and the audit reports exactly the injected errors (precision and recall 100% for every rule).
    @Test("A generated corpus (pairs) extracts and audits exactly as its truth says", arguments: [
        SynthOptions(count: 2_000, seed: 2024, pairs: true, errorRate: 0.4),
        SynthOptions(count: 600, seed: 11, pairs: false, errorRate: 0.5),
    ])
    func groundTruth(_ options: SynthOptions) throws {
        let folder = try TemporaryFolder()
        let summary = try SynthCorpus.write(options, to: folder.path)
        #expect(summary.files == options.count)
        let result = try SynthCheck.run(folder: folder.path, rules: Self.rules)
        #expect(result.reports == options.count)
        #expect(result.mismatches.isEmpty, "\(result.mismatches.prefix(10))")
        #expect(result.misses.isEmpty, "\(result.misses.prefix(10))")
        #expect(result.errors.isEmpty, "\(result.errors.prefix(10))")
        for (rule, count) in result.rules {
            #expect(count.falsePositives == 0 && count.falseNegatives == 0, "\(rule): \(count)")
        }
        // Web pages and Word documents were read, and damaged rows recovered, in either corpus.
        let written = try FileManager.default.subpathsOfDirectory(atPath: folder.path)
        #expect(written.contains { $0.hasSuffix(".html") } && written.contains { $0.hasSuffix(".docx") })
        #expect((result.rules["table.damaged-row"]?.truePositives ?? 0) > 0)
        if options.pairs {
            // Every built-in rule was exercised at least once.
            let untested = result.rules.filter { $0.value.truePositives == 0 }.map(\.key).sorted()
            #expect(untested.isEmpty, "never injected: \(untested)")
        }
    }

    @Test("The checker reports a cell that differs from the truth and a finding the truth does not expect")
    func checkerCatchesDifferences() throws {
        let folder = try TemporaryFolder()
        _ = try SynthCorpus.write(SynthOptions(count: 20, seed: 1, errorRate: 0), to: folder.path)
        let truth = try String(contentsOfFile: folder.file("truth.jsonl"), encoding: .utf8)
        var lines = truth.split(separator: "\n").map(String.init)
        // Claim a different 行政强制 figure and an error the report does not have.
        lines[0] = lines[0].replacingOccurrences(of: "\"coercion\":{\"decisions\":", with: "\"coercion\":{\"decisions\":9")
            .replacingOccurrences(of: "\"expected_rules\":[]", with: "\"expected_rules\":[\"table.review.sum\"]")
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder.file("truth.jsonl"), atomically: true, encoding: .utf8)
        let result = try SynthCheck.run(folder: folder.path, rules: Self.rules)
        #expect(!result.passed)
        #expect(result.mismatches.contains { $0.what == "disclosure.coercion.decisions" })
        #expect(result.rules["table.review.sum"]?.falseNegatives == 1)
    }

    @Test("Percentages in the text are rounded as the rules tolerate")
    func percentages() {
        #expect(ReportWriterPercent.percent(5, of: 7) == "71.4")
        #expect(ReportWriterPercent.percent(1, of: 2) == "50")
        #expect(ReportWriterPercent.percent(2, of: 3) == "66.7")
    }
}
