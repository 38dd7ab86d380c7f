import Foundation
import GKModel
@testable import GKParse
import GKTestSupport
import Testing

/// PDFs, read through pdftotext: the seeds as PDFs (`Fixtures/documents/pdf`, made by
/// `Fixtures/tools/make_pdf_fixtures.py`), PDFs that cannot be read, and pdftotext held to its bounds.
@Suite("PDF")
struct PDFReaderTests {
    static let seedPDFs = TestFiles.seedNames.map { $0.replacingOccurrences(of: ".txt", with: ".pdf") }

    /// Fails, saying what to do, when pdftotext is not installed.
    static func requirePdftotext() throws {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        try #require(ChildProcess.locate("pdftotext", searchPath: path) != nil,
                     "需要 pdftotext（poppler-utils）才能测试 PDF：请先运行 scripts/setup")
    }

    static func load(_ relative: String) throws -> LoadedReport {
        try Corpus.load(Fixtures.path(relative)).get()
    }

    @Test("the fixture folder holds the five seeds' PDFs")
    func folderListing() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("Fixtures/documents/pdf")).sorted()
        #expect(names == Self.seedPDFs)
    }

    @Test("each seed's PDF gives the text seed's cells, agency, year and signing date", arguments: seedPDFs)
    func seedPDF(name: String) throws {
        try Self.requirePdftotext()
        let loaded = try Self.load("Fixtures/documents/pdf/" + name)
        #expect(loaded.document == .pdf)
        #expect(loaded.encoding == .utf8)
        let report = loaded.report, expected = ExpectedReport.forFile(name)
        #expect(report.metadata.agency?.value == expected.agency)
        #expect(report.metadata.year?.value == expected.year)
        #expect(report.metadata.published?.value.description == expected.published)
        #expect(report.metadata.format == .v2021)
        #expect(Set(report.sections.keys) == Set(SectionID.allCases), "\(name): \(report.sections.keys.map(\.rawValue).sorted())")
        #expect(expectCells(report, equal: expected, context: name) > 0)
        for table in TableID.allCases {
            #expect(report.table(table).notes.isEmpty, "\(name): \(report.table(table).notes)")
        }
    }

    @Test("table 2 in ten equal columns (labels wrapped over up to eight lines beside their groups'): the seed's cells and row labels",
          arguments: seedPDFs)
    func narrowSeedPDF(name: String) throws {
        try Self.requirePdftotext()
        #expect(try FileManager.default.contentsOfDirectory(atPath: Fixtures.path("Fixtures/documents/pdf-narrow")).sorted()
                == Self.seedPDFs)
        let report = try Self.load("Fixtures/documents/pdf-narrow/" + name).report
        #expect(expectCells(report, equal: ExpectedReport.forFile(name), context: name) > 0)
        for table in TableID.allCases {
            #expect(report.table(table).notes.isEmpty, "\(name): \(report.table(table).notes)")
        }
        // Each row label as the seed's text writes it, but for the spaces where the PDF wrapped it.
        let seed = ReportParser.parse(text: try Fixtures.seedText(String(name.prefix(3))), file: name)
        func labels(_ report: Report) -> [String: String] {
            report.table(.applications).rows.compactMapValues { $0.label?.text.replacingOccurrences(of: " ", with: "") }
        }
        #expect(labels(report) == labels(seed), "\(name)")
    }

    /// The footer each seed's PDF has on every page (none on 004's).
    static let footers: [(seed: String, pattern: String)] = [
        ("000", "^—\\d+—$"), ("001", "^-\\d+-$"), ("002", "^第\\d+页共\\d+页$"), ("003", "^第\\d+页$"),
    ]

    @Test("page footers and page breaks inside the tables leave the tables and sections whole", arguments: footers)
    func footersInsideTables(seed: String, pattern: String) throws {
        try Self.requirePdftotext()
        let name = try #require(Self.seedPDFs.first { $0.hasPrefix(seed) })
        let report = try Self.load("Fixtures/documents/pdf/" + name).report
        let footerLines = report.lines.indices.filter {
            report.lines[$0].replacingOccurrences(of: " ", with: "").range(of: pattern, options: .regularExpression) != nil
        }.map { $0 + 1 }
        #expect(footerLines.count >= 3, "\(name): footers on lines \(footerLines)")
        // At least one page ends inside table 2, whose rows run on across the footer and the form feed.
        let applications = try #require(report.table(.applications).lines)
        #expect(footerLines.contains { applications.contains($0) }, "\(name): table 2 on \(applications), footers \(footerLines)")
        #expect(report.table(.applications).notes.isEmpty)
        // No footer is taken for a heading.
        #expect(report.sections.count == SectionID.allCases.count)
        for section in report.sections.values {
            #expect(!footerLines.contains(section.lines.lowerBound))
        }
        // Nor is it part of a row's label, even of one wrapped across the page break (002, 003).
        let footer = String(pattern.dropFirst().dropLast())  // unanchored
        let labelsWithFooter = report.table(.applications).rows.values.compactMap { $0.label?.text }.filter {
            $0.replacingOccurrences(of: " ", with: "").range(of: footer, options: .regularExpression) != nil
        }
        #expect(labelsWithFooter.isEmpty, "\(name): \(labelsWithFooter)")
    }

    // MARK: PDFs that cannot be read

    @Test("a scan without a text layer is named as one that needs OCR, not read as an empty report")
    func scan() throws {
        try Self.requirePdftotext()
        let data = try Fixtures.data("Fixtures/documents/pdf-unreadable/scan.pdf")
        #expect(throws: ReadError.unreadable(reason: "PDF 没有文字层（可能是扫描件），需要先做 OCR 识别才能审核")) {
            try ReportParser.parse(data: data, file: "scan.pdf")
        }
        // Form feeds and blanks alone, or a page number a page, are no text layer; a page of a report is.
        #expect(!PDFReader.hasTextLayer(Array("\u{0C}  \n\u{0C}\n\u{0C}".utf8)))
        #expect(!PDFReader.hasTextLayer(Array("     - 1 -\n\u{0C}     - 2 -\n\u{0C}".utf8)))
        #expect(PDFReader.hasTextLayer(Array(try Fixtures.seedText("003").utf8)))
    }

    @Test("an encrypted PDF says it needs its password")
    func encrypted() throws {
        try Self.requirePdftotext()
        let data = try Fixtures.data("Fixtures/documents/pdf-unreadable/encrypted.pdf")
        #expect(throws: ReadError.unreadable(reason: "PDF 文件已加密（需要打开密码），无法读取文字：请向发布机关索取未加密的文件")) {
            try ReportParser.parse(data: data, file: "encrypted.pdf")
        }
    }

    @Test("not a PDF, an empty file, a PDF cut in half or damaged inside: a clear error each")
    func damaged() throws {
        try Self.requirePdftotext()
        let notPDF = ReadError.unreadable(reason: "不是 PDF 文件（开头没有 %PDF- 标记），可能是改了扩展名的其他文件")
        #expect(throws: notPDF) { try ReportParser.parse(data: Data(try Fixtures.seedText("000").utf8), file: "000.pdf") }
        #expect(throws: notPDF) { try ReportParser.parse(data: Data(BadInputTests.pngHeader), file: "image.pdf") }
        #expect(throws: ReadError.empty) { try ReportParser.parse(data: Data(), file: "empty.pdf") }

        let pdf = try Fixtures.data("Fixtures/documents/pdf/" + Self.seedPDFs[0])
        let half = pdf.prefix(pdf.count / 2)
        #expect(throws: ReadError.unreadable(reason: "PDF 文件不完整（结尾没有 %%EOF 标记），可能下载或复制时被截断，请重新获取原文件")) {
            try ReportParser.parse(data: half, file: "half.pdf")
        }
        // Half the file with its last kilobyte (its xref and %%EOF): pdftotext finds no catalog.
        let patched = half + pdf.suffix(1024)
        let error = try #require(throws: ReadError.self) { try ReportParser.parse(data: patched, file: "patched.pdf") }
        #expect(error.description.hasPrefix("无法读取文件：PDF 文件已损坏或加密，无法读取文字（pdftotext 退出码 1："), "\(error)")
        // The head of a PDF, garbage, and its tail.
        var rng = SplitMix64(seed: 7)
        let garbage = pdf.prefix(3000) + Data((0..<50_000).map { _ in UInt8.random(in: 0...255, using: &rng) }) + pdf.suffix(1024)
        let garbled = try #require(throws: ReadError.self) { try ReportParser.parse(data: garbage, file: "garbled.pdf") }
        #expect(garbled.description.contains("PDF"), "\(garbled)")
    }

    // MARK: pdftotext held to its bounds (stand-ins for it, in a folder of their own)

    /// A folder holding an executable `pdftotext` that runs `script` (sh). Written close-on-exec: a program that
    /// another test starts meanwhile must not keep it open for writing, which makes running it fail (ETXTBSY).
    static func standIn(_ script: String) throws -> TemporaryFolder {
        let folder = try TemporaryFolder()
        let file = open(folder.file("pdftotext"), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o755)
        try #require(file >= 0)
        let text = Array("#!/bin/sh\n\(script)\n".utf8)
        #expect(write(file, text, text.count) == text.count)
        close(file)
        return folder
    }

    static let minimalPDF = Array("%PDF-1.4\n%%EOF\n".utf8)

    static func read(_ bytes: [UInt8], searchPath: String, bounds: PDFReader.Bounds = .init()) throws(ReadError) -> DocumentText {
        try bytes.withUnsafeBufferPointer { buffer throws(ReadError) in
            try PDFReader.read(buffer, searchPath: searchPath, bounds: bounds)
        }
    }

    @Test("pdftotext missing: run scripts/setup")
    func missingTool() throws {
        let empty = try TemporaryFolder()
        #expect(throws: ReadError.unreadable(reason: "需要 pdftotext（poppler-utils）才能读取 PDF：请先运行 scripts/setup")) {
            try Self.read(Self.minimalPDF, searchPath: empty.path)
        }
    }

    @Test("a pdftotext that does not finish is killed at the time limit")
    func timeLimit() throws {
        let folder = try Self.standIn("exec sleep 60")
        let start = Date()
        #expect(throws: ReadError.unreadable(reason: "pdftotext 读取 PDF 超过 1 秒仍未完成，已中止（文件可能异常复杂或已损坏）")) {
            try Self.read(Self.minimalPDF, searchPath: folder.path, bounds: .init(seconds: 1))
        }
        #expect(Date().timeIntervalSince(start) < 10)
    }

    @Test("a pdftotext that writes without end is stopped at the output cap")
    func outputCap() throws {
        let folder = try Self.standIn("exec yes 政府信息公开工作年度报告")
        #expect(throws: ReadError.unreadable(reason: "PDF 转出的文字超过 1 MB，不像是一份年度报告，已中止")) {
            try Self.read(Self.minimalPDF, searchPath: folder.path, bounds: .init(outputBytes: 1024 * 1024))
        }
    }

    @Test("what pdftotext says when it fails is summarised: each line once, the exit status or the signal")
    func failureSummary() throws {
        let failing = try Self.standIn("""
            echo "Syntax Error: Couldn't read xref table" >&2
            echo "Syntax Error: Couldn't read xref table" >&2
            echo "Syntax Error: Couldn't find trailer dictionary" >&2
            exit 1
            """)
        #expect(throws: ReadError.unreadable(reason: "PDF 文件已损坏或加密，无法读取文字（pdftotext 退出码 1：Syntax Error: Couldn't read xref table；Syntax Error: Couldn't find trailer dictionary）")) {
            try Self.read(Self.minimalPDF, searchPath: failing.path)
        }
        let killed = try Self.standIn("kill -9 $$")
        #expect(throws: ReadError.unreadable(reason: "PDF 文件已损坏或加密，无法读取文字（pdftotext 被信号中止）")) {
            try Self.read(Self.minimalPDF, searchPath: killed.path)
        }
    }

    @Test("a pdftotext that stops reading its input early does not bring the reader down (no SIGPIPE)")
    func stopsReading() throws {
        let folder = try Self.standIn("""
            exec 0<&-
            i=0; while [ $i -lt 40 ]; do echo "政府信息公开工作年度报告 第 $i 行 2024 年"; i=$((i+1)); done
            """)
        let large = Array("%PDF-1.4\n".utf8) + [UInt8](repeating: 0x20, count: 8 * 1024 * 1024) + Array("%%EOF\n".utf8)
        let text = try Self.read(large, searchPath: folder.path)
        #expect(String(decoding: text.text, as: UTF8.self).hasPrefix("政府信息公开工作年度报告 第 0 行"))
        #expect(text.encoding == .utf8)
    }
}
