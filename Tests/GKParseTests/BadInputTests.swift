import Foundation
import GKModel
@testable import GKParse
import GKTestSupport
import Testing

/// Files that are not reports, or not whole reports: each gives a precise error, never a crash.
@Suite("Bad input")
struct BadInputTests {
    // MARK: Bytes

    @Test("empty data is ReadError.empty")
    func empty() {
        #expect(throws: ReadError.empty) { try TextDecoder.decode(Data()) }
        #expect(throws: ReadError.empty) { try ReportParser.parse(data: Data(), file: "empty.txt") }
        #expect(ReadError.empty.description == "文件为空（没有任何文字），没有可读取的报告内容")
    }

    static let pngHeader: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52]

    @Test("binary data (a PNG header and random bytes) is ReadError.binary")
    func binary() {
        var rng = SplitMix64(seed: 42)
        let png = Data(Self.pngHeader + (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) })
        #expect(throws: ReadError.binary) { try TextDecoder.decode(png) }
        #expect(throws: ReadError.binary) { try ReportParser.parse(data: png, file: "image.txt") }
        // One NUL in otherwise valid UTF-8 text is enough.
        #expect(throws: ReadError.binary) { try TextDecoder.decode(Data("政府信息公开\u{0}年度报告".utf8)) }
        // UTF-16 without a BOM has NULs in ASCII text: binary, not mis-decoded.
        #expect(throws: ReadError.binary) { try TextDecoder.decode("report 2024".data(using: .utf16LittleEndian)!) }
        // Many control characters without a NUL.
        #expect(throws: ReadError.binary) { try TextDecoder.decode(Data([UInt8](repeating: 0x01, count: 100) + Array("abc".utf8))) }
        #expect(ReadError.binary.description.contains("二进制"))
    }

    @Test("a few control characters in text are not binary")
    func fewControls() throws {
        // One control byte in 40: under the 1-in-20 threshold. Form feeds, tabs and CRs do not count.
        let text = String(repeating: "政府信息公开年度报告", count: 4) + "\u{1B}" + "\u{0C}\t\r\n"
        let (decoded, encoding) = try TextDecoder.decode(Data(text.utf8))
        #expect(decoded == text)
        #expect(encoding == .utf8)
    }

    @Test("bytes that are neither UTF-8 nor GB18030 are ReadError.undecodable")
    func undecodable() {
        // 0xFF is never a GB18030 byte, nor a UTF-8 one.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0xFF])) }
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0x41, 0xFF, 0xFF, 0xFF, 0x42])) }
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data("报告".utf8) + Data([0xFF, 0xFF])) }
        // A GB18030 lead byte with nothing after it.
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data([0x41, 0x81])) }
        #expect(throws: ReadError.undecodable) { try ReportParser.parse(data: Data([0x41, 0xFF, 0x42]), file: "x.txt") }
        #expect(ReadError.undecodable.description.contains("GB18030"))
    }

    @Test("a lone 0x80 is not undecodable: GB18030 (CP936) reads it as €")
    func lone0x80() throws {
        #expect(try TextDecoder.decode(Data([0x80])) == ("€", .gb18030))
        #expect(try TextDecoder.decode(Data([0x41, 0x80, 0x42])) == ("A€B", .gb18030))
    }

    @Test("GB18030 that decodes to private-use characters is not plausible text: undecodable")
    func implausibleGB18030() {
        // AA A1 … AF FE is GB18030's user-defined area, mapped to U+E000….
        var bytes: [UInt8] = []
        for i in 0..<200 {
            let lead: Int = 0xAA + (i / 94) % 6
            let trail: Int = 0xA1 + i % 94
            bytes += [UInt8(lead), UInt8(trail)]
        }
        #expect(String(data: Data(bytes), encoding: TextDecoder.gb18030)?.unicodeScalars.first?.value == 0xE000)
        #expect(throws: ReadError.undecodable) { try TextDecoder.decode(Data(bytes)) }
    }

    @Test("a file of nothing but spaces and blank lines is empty, as a 0-byte file is")
    func blankText() throws {
        #expect(throws: ReadError.empty) { try ReportParser.parse(data: Data("  \n\t\n\u{3000}\n".utf8), file: "blank.txt") }
        // Text parsed directly (already decoded) gives a report with nothing found.
        let report = ReportParser.parse(text: "  \n\t\n\u{3000}\n", file: "blank.txt")
        #expect(report.sections.isEmpty)
        #expect(TableID.allCases.allSatisfy { !report.table($0).isPresent })
        #expect(report.metadata.agency == nil && report.metadata.year == nil && report.metadata.title == nil)
        #expect(report.lines == ["  ", "\t", " "])
    }

    // MARK: A report cut off

    @Test("seed 000 cut in the middle of a label of table 2: rows before the cut keep their values")
    func truncatedMidLabel() throws {
        let lines = try Fixtures.seedText("000").lfLines
        // Line 64 is "\t(四) 无法提供\t1. 本机关不掌握相关政府信息\t0…": keep its first 12 characters.
        let text = lines[0..<63].joined(separator: "\n") + "\n" + String(lines[63].prefix(12))
        let report = ReportParser.parse(text: text, file: "cut.txt")
        #expect(report.lines.count == 64)

        let rows = Schema.table(.applications, format: .v2021).rows.map(\.id)
        let cut = rows.firstIndex(of: "unavailable_not_held")!
        for row in rows[..<cut] {
            for column in Schema.applicantColumns.map(\.id) {
                let cell = report.table(.applications).cell(row: row, column: column)
                #expect(cell.value == .integer(0), "\(row).\(column)")
            }
        }
        for row in rows[cut...] {
            for column in Schema.applicantColumns.map(\.id) {
                #expect(report.table(.applications).cell(row: row, column: column).isMissing, "\(row).\(column)")
            }
        }
        #expect(report.cell(CellPath("applications.denied_inquiry.total")!).line == 63)
        #expect(report.table(.applications).lines?.upperBound ?? 0 <= 64)
        // Table 1 is whole; table 3 and the last three sections are gone.
        expectDisclosureOf000(report)
        #expect(!report.table(.reviewLitigation).isPresent)
        #expect(Set(report.sections.keys) == [.overview, .proactive, .requests])
        #expect(report.metadata.published == nil)
        #expect(report.metadata.year?.value == 2024)
    }

    @Test("seed 000 cut in the middle of a row: the short row is missing with a note, never shifted")
    func truncatedMidRow() throws {
        let lines = try Fixtures.seedText("000").lfLines
        // Line 57: "\t\t2. 其他法律行政法规禁止公开\t0\t0\t0\t0\t0\t0\t0" cut after three numbers.
        let row = lines[56]
        #expect(row.hasPrefix("\t\t2. 其他法律行政法规禁止公开"))
        let kept = row.components(separatedBy: "\t").prefix(6).joined(separator: "\t")
        let text = lines[0..<56].joined(separator: "\n") + "\n" + kept
        let report = ReportParser.parse(text: text, file: "cut.txt")
        // Three numbers for seven columns, and no identity left to place them: every cell of the
        // row is missing, and a note says why.
        for column in Schema.applicantColumns.map(\.id) {
            #expect(report.table(.applications).cell(row: "denied_law", column: column).isMissing, "\(column)")
        }
        #expect(report.table(.applications).rows["denied_law"]?.label?.text == "2. 其他法律行政法规禁止公开")
        #expect(report.table(.applications).notes.contains { $0.line == 57 && $0.message.contains("其他法律行政法规禁止公开") })
        #expect(report.cell(CellPath("applications.denied_secret.total")!).value == .integer(0))
        #expect(report.cell(CellPath("applications.denied_safety.natural_person")!).isMissing)
        #expect(report.table(.applications).rows["denied_safety"] == nil)
    }

    @Test("a report cut at every line of its tables never crashes and keeps the cells before the cut")
    func truncatedEverywhere() throws {
        let text = try Fixtures.seedText("002")
        let lines = text.lfLines
        let full = ReportParser.parse(text: text, file: "full")
        for cut in 31...87 {
            let report = ReportParser.parse(text: lines[0..<cut].joined(separator: "\n"), file: "cut")
            // A final empty line is the line break that ends the line before it.
            #expect(report.lines.count == (lines[cut - 1].isEmpty ? cut - 1 : cut))
            for table in TableID.allCases {
                for path in Schema.table(table, format: .v2021).cellPaths {
                    let cell = report.cell(path)
                    if let line = cell.line, cell.value != nil {
                        #expect(line <= cut)
                        // A cell read is the same as in the whole report, except in the row that is cut.
                        if line < cut, table != .reviewLitigation {
                            #expect(cell == full.cell(path), "cut at \(cut): \(path)")
                        }
                    }
                }
            }
        }
    }

    private func expectDisclosureOf000(_ report: Report, sourceLocation: SourceLocation = #_sourceLocation) {
        let expected = ExpectedReport.forFile("000")
        for (path, value) in expected.cells where path.table == .disclosure {
            if let value {
                #expect(report.cell(path).value == .integer(value), "\(path)", sourceLocation: sourceLocation)
            } else {
                #expect(report.cell(path).isMissing, "\(path)", sourceLocation: sourceLocation)
            }
        }
    }

    // MARK: Files on disk

    static let fiftyMegabytes = 50 * 1024 * 1024

    /// A 50 MB text file (repeated seed text, so only its size is wrong).
    static func writeLargeFile(in folder: TemporaryFolder, name: String) throws -> String {
        let chunk = Data(try Fixtures.seedText("003").utf8)
        var data = Data(capacity: fiftyMegabytes)
        while data.count + chunk.count <= fiftyMegabytes { data.append(chunk) }
        data.append(Data(repeating: 0x20, count: fiftyMegabytes - data.count))
        #expect(data.count == fiftyMegabytes)
        return try folder.write(name, data)
    }

    @Test("a 50 MB file is refused by Corpus.load with a message naming the 16 MB limit")
    func tooLarge() throws {
        let folder = try TemporaryFolder()
        let path = try Self.writeLargeFile(in: folder, name: "big.txt")
        #expect(Corpus.defaultMaximumBytes == 16 * 1024 * 1024)
        switch Corpus.load(path) {
        case .success: Issue.record("a 50 MB file was read")
        case .failure(let error):
            #expect(error.path == path)
            #expect(error.message == ReadError.tooLarge(bytes: Self.fiftyMegabytes, limit: 16 * 1024 * 1024).description)
            #expect(error.message == "文件过大（50.0 MB，上限 16.0 MB），不像是一份年度报告，未读取")
            #expect(error.description == "\(path): \(error.message)")
        }
        // The limit is the caller's: the message names the one given.
        guard case .failure(let smaller) = Corpus.load(path, maximumBytes: 20 * 1024 * 1024) else {
            Issue.record("a 50 MB file was read under a 20 MB limit")
            return
        }
        #expect(smaller.message == "文件过大（50.0 MB，上限 20.0 MB），不像是一份年度报告，未读取")
    }

    @Test("a Word document or PDF may be four times the limit (images travel with their text); beyond that, refused")
    func documentSizeLimit() throws {
        let folder = try TemporaryFolder()
        let pdf = try Fixtures.data("Fixtures/documents/pdf/" + Fixtures.seedName("003").replacingOccurrences(of: ".txt", with: ".pdf"))
        // The PDF's own bytes, then padding after its end marker up to 20 MB (readers allow data after %%EOF);
        // the end marker is repeated at the very end, where readers look for it.
        var padded = pdf + Data(repeating: 0x0A, count: 20 * 1024 * 1024 - pdf.count - 6)
        padded.append(Data("%%EOF\n".utf8))
        let path = try folder.write("big.pdf", padded)
        let read = Corpus.load(path)
        #expect((try? read.get())?.report.metadata.agency?.value == "惠农区卫生健康局")
        #expect((try? read.get())?.document == .pdf)
        guard case .failure(let refused) = Corpus.load(path, maximumBytes: 4 * 1024 * 1024) else {
            Issue.record("a 20 MB PDF was read under a 4 MB text limit (16 MB for PDFs)")
            return
        }
        #expect(refused.message == "文件过大（20.0 MB，上限 16.0 MB），不像是一份年度报告，未读取")
        #expect(DocumentKind.text.sizeLimit(forText: 1024) == 1024 && DocumentKind.html.sizeLimit(forText: 1024) == 1024)
        #expect(DocumentKind.docx.sizeLimit(forText: 1024) == 4096 && DocumentKind.pdf.sizeLimit(forText: .max) == .max)
    }

    @Test("the size limit is exact: a file of the limit is read, one byte more is not")
    func sizeLimitBoundary() throws {
        let folder = try TemporaryFolder()
        let data = Data(try Fixtures.seedText("003").utf8)
        let path = try folder.write("seed.txt", data)
        #expect((try? Corpus.load(path, maximumBytes: data.count).get()) != nil)
        guard case .failure(let error) = Corpus.load(path, maximumBytes: data.count - 1) else {
            Issue.record("read a file over the limit")
            return
        }
        #expect(error.message.hasPrefix("文件过大"))
    }

    @Test("a link to a file over the limit is refused like the file itself")
    func sizeLimitThroughSymlink() throws {
        let folder = try TemporaryFolder()
        let data = Data(try Fixtures.seedText("003").utf8)
        let target = try folder.write("seed.txt", data)
        let link = folder.file("link.txt")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: target)
        guard case .failure = Corpus.load(target, maximumBytes: 1024) else {
            Issue.record("read the file over the limit")
            return
        }
        guard case .failure(let error) = Corpus.load(link, maximumBytes: 1024) else {
            Issue.record("read a \(data.count)-byte file through a link despite a 1024-byte limit")
            return
        }
        #expect(error.message.hasPrefix("文件过大"))
    }

    @Test("Extraction.run over a folder of good and bad files: one report, the pdf skipped, every bad file named")
    func extractionOfBadFolder() throws {
        let folder = try TemporaryFolder()
        let seed = try Fixtures.data("Fixtures/seeds/" + Fixtures.seedName("001"))
        let good = try folder.write("good.txt", seed)
        let empty = try folder.write("empty.txt", Data())
        let binary = try folder.write("binary.txt", Data(Self.pngHeader + [UInt8](repeating: 0, count: 64)))
        let broken = folder.file("broken.txt")
        try FileManager.default.createSymbolicLink(atPath: broken, withDestinationPath: folder.file("does-not-exist.txt"))
        let doc = try folder.write("notes.doc", Data("%PDF-1.4".utf8))
        let big = try Self.writeLargeFile(in: folder, name: "zz-big.txt")

        let extraction = Extraction.run([folder.path])
        #expect(extraction.reports.count == 1)
        #expect(extraction.reports.first?.report.file == good)
        #expect(extraction.reports.first?.encoding == .utf8)
        #expect(extraction.reports.first?.report.cell(CellPath("disclosure.punishment.decisions")!).value == .integer(41))

        #expect(extraction.skipped.map(\.path) == [doc])
        #expect(extraction.skipped.first?.reason == "暂不支持 .doc 格式（可读取 .txt、.html/.htm、.docx 和 .pdf；请另存为其中一种）")

        let errors = Dictionary(extraction.errors.map { ($0.path, $0.message) }, uniquingKeysWith: { a, _ in a })
        #expect(extraction.errors.count == 4)
        #expect(Set(errors.keys) == [empty, binary, broken, big])
        #expect(errors[empty] == ReadError.empty.description)
        #expect(errors[binary] == ReadError.binary.description)
        #expect(errors[big] == ReadError.tooLarge(bytes: Self.fiftyMegabytes, limit: Corpus.defaultMaximumBytes).description)
        #expect(errors[broken] == "无法访问（失效的链接或权限不足）")
        for error in extraction.errors {
            #expect(error.description.hasPrefix(error.path + ": "))
            #expect(error.line == nil)
        }
    }

    @Test("a named pipe called report.txt is refused without blocking, and the other files are read")
    func namedPipe() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", Data(try Fixtures.seedText("003").utf8))
        let pipe = folder.file("b-pipe.txt")
        #expect(mkfifo(pipe, 0o644) == 0)
        let extraction = Extraction.run([folder.path])
        #expect(extraction.reports.count == 1)
        #expect(extraction.errors.map(\.path) == [pipe])
        #expect(extraction.errors.first?.message == "不是普通文件（管道、设备或套接字），未读取")
    }

    @Test("an unreadable file (chmod 000) is named with a permission message", .enabled(if: geteuid() != 0, "root reads any file"))
    func unreadableFile() throws {
        let folder = try TemporaryFolder()
        let path = try folder.write("locked.txt", Data(try Fixtures.seedText("003").utf8))
        #expect(chmod(path, 0) == 0)
        guard case .failure(let error) = Corpus.load(path) else {
            Issue.record("read a chmod 000 file")
            return
        }
        #expect(error.path == path)
        #expect(error.message == ReadError.unreadable(reason: "没有读取权限").description)
        let extraction = Extraction.run([folder.path])
        #expect(extraction.reports.isEmpty)
        #expect(extraction.errors.map(\.path) == [path])
    }

    @Test("the other ReadError messages")
    func messages() {
        #expect(ReadError.tooLarge(bytes: 17 * 1024 * 1024, limit: 16 * 1024 * 1024).description
            == "文件过大（17.0 MB，上限 16.0 MB），不像是一份年度报告，未读取")
        #expect(ReadError.tooLarge(bytes: 1_572_864, limit: 1_048_576).description.contains("1.5 MB，上限 1.0 MB"))
        #expect(ReadError.unreadable(reason: "没有读取权限").description == "无法读取文件：没有读取权限")
    }

    // MARK: Listing

    @Test("Corpus.list: folders recursively in name order, hidden and config files left out, others skipped with a reason")
    func listing() throws {
        let folder = try TemporaryFolder()
        let text = Data("x".utf8)
        try folder.write("b.txt", text)
        try folder.write("a.TXT", text)
        try folder.write("c.text", text)
        try folder.write(".hidden.txt", text)
        try folder.write("manifest.csv", text)
        try folder.write("README.md", text)
        try folder.write("report.wps", text)
        try folder.write("data.json", text)
        try folder.write("NOEXT", text)
        try FileManager.default.createDirectory(atPath: folder.file("sub"), withIntermediateDirectories: false)
        try folder.write("sub/d.txt", text)
        try FileManager.default.createSymbolicLink(atPath: folder.file("linked"), withDestinationPath: folder.file("sub"))

        let listing = Corpus.list([folder.path])
        #expect(listing.reports == ["a.TXT", "b.txt", "c.text", "sub/d.txt"].map(folder.file))
        #expect(listing.errors.isEmpty)
        let skipped = Dictionary(uniqueKeysWithValues: listing.skipped.map { (($0.path as NSString).lastPathComponent, $0.reason) })
        #expect(skipped == [
            "NOEXT": "没有扩展名，不是报告文件（.txt、.html、.docx 或 .pdf）",
            "data.json": "不是报告文件（.json）",
            "linked": "指向文件夹的链接，不跟随",
            "report.wps": "暂不支持 .wps 格式（可读取 .txt、.html/.htm、.docx 和 .pdf；请另存为其中一种）",
        ])
        // Named explicitly, a config file is listed as skipped, not silently dropped.
        let explicit = Corpus.list([folder.file("manifest.csv"), folder.file("b.txt"), folder.file("nope.txt")])
        #expect(explicit.reports == [folder.file("b.txt")])
        #expect(explicit.skipped.map(\.path) == [folder.file("manifest.csv")])
        #expect(explicit.errors == [FileError(path: folder.file("nope.txt"), message: "路径不存在")])
        // A trailing slash does not double the separator.
        #expect(Corpus.list([folder.path + "/"]).reports.first == folder.file("a.TXT"))
    }

    @Test("Corpus.list: a file reached twice (path repeated, inside a folder also given, spelt differently) is listed once")
    func listingTwice() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.txt", Data("x".utf8))
        try FileManager.default.createDirectory(atPath: folder.file("sub"), withIntermediateDirectories: false)
        try folder.write("sub/b.txt", Data("x".utf8))
        let reason = "与前面列出的文件是同一个，只审核一次"
        let listing = Corpus.list([folder.path, folder.file("sub/b.txt"), folder.path + "/./sub", folder.file("a.txt"),
                                   folder.file("sub/../a.txt")])
        #expect(listing.reports == [folder.file("a.txt"), folder.file("sub/b.txt")])
        #expect(listing.skipped == [
            SkippedFile(path: folder.file("sub/b.txt"), reason: reason),
            SkippedFile(path: folder.path + "/./sub/b.txt", reason: reason),
            SkippedFile(path: folder.file("a.txt"), reason: reason),
            SkippedFile(path: folder.file("sub/../a.txt"), reason: reason),
        ])
        #expect(listing.errors.isEmpty)
        // Two different files of the same name in two folders are both reports.
        #expect(Corpus.list([folder.file("sub"), folder.path]).reports
            == [folder.file("sub/b.txt"), folder.file("a.txt")])
    }
}
