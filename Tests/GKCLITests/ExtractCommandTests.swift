import Foundation
import GKTestSupport
import Testing

/// The built `gkaudit` binary, run as a user would.
enum CLI {
    static let root = TestFiles.root

    /// `gkaudit` next to the test bundle (the build products folder), else in a `.build*/debug` folder.
    static let binary: URL? = {
        let manager = FileManager.default
        var candidates: [URL] = []
        var folder = Bundle.main.bundleURL
        for _ in 0..<3 {
            candidates.append(folder.appendingPathComponent("gkaudit"))
            folder = folder.deletingLastPathComponent()
        }
        for bundle in Bundle.allBundles { candidates.append(bundle.bundleURL.deletingLastPathComponent().appendingPathComponent("gkaudit")) }
        if let names = try? manager.contentsOfDirectory(atPath: root.path) {
            for name in names.sorted() where name.hasPrefix(".build") {
                candidates.append(root.appendingPathComponent(name).appendingPathComponent("debug/gkaudit"))
            }
        }
        return candidates.first { manager.isExecutableFile(atPath: $0.path) }
    }()

    struct Result {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ arguments: [String], in directory: URL = root) throws -> Result {
        let binary = try #require(binary, "gkaudit binary not found near \(Bundle.main.bundleURL.path)")
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gkaudit-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        #expect(FileManager.default.createFile(atPath: out.path, contents: nil))
        #expect(FileManager.default.createFile(atPath: err.path, contents: nil))
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        process.standardInput = FileHandle.nullDevice
        let outHandle = try FileHandle(forWritingTo: out), errHandle = try FileHandle(forWritingTo: err)
        process.standardOutput = outHandle
        process.standardError = errHandle
        try process.run()
        process.waitUntilExit()
        try outHandle.close()
        try errHandle.close()
        return Result(status: process.terminationStatus,
                      stdout: String(decoding: try Data(contentsOf: out), as: UTF8.self),
                      stderr: String(decoding: try Data(contentsOf: err), as: UTF8.self))
    }

    static func json(_ text: String) throws -> [[String: Any]] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
    }

    static let seedNames = TestFiles.seedNames
}

@Suite("gkaudit extract", .serialized)
struct ExtractCommandTests {
    @Test("the binary is found")
    func binaryFound() {
        #expect(CLI.binary != nil, "searched from \(Bundle.main.bundleURL.path)")
    }

    @Test("extract Fixtures/seeds: exit 0, a JSON array of the five reports, in name order")
    func extractSeeds() throws {
        let result = try CLI.run(["extract", "Fixtures/seeds"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("[\n"))
        #expect(result.stdout.hasSuffix("]\n"))
        let reports = try CLI.json(result.stdout)
        #expect(reports.count == 5)
        #expect(reports.map { $0["file"] as? String } == CLI.seedNames.map { "Fixtures/seeds/" + $0 })
        #expect(reports.map { $0["year"] as? Int } == [2024, 2024, 2023, 2024, 2025])
        #expect(reports.map { $0["agency"] as? String } == ["东营市第二人民医院", "济宁市兖州区卫生健康局", "招远市卫生健康局", "惠农区卫生健康局", nil])
        #expect(reports.allSatisfy { $0["encoding"] as? String == "UTF-8" })
        let tables = reports.map { $0["tables"] as? [String: [String: [String: Any]]] }
        #expect(tables[1]?["disclosure"]?["punishment"]?["decisions"] as? Int == 41)
        #expect(tables[3]?["disclosure"]?["licensing"]?["decisions"] as? Int == 418)
        #expect(tables[0]?["disclosure"]?["licensing"]?["decisions"] is NSNull)
    }

    @Test("extract --format table of one seed: Chinese labels and the values")
    func extractTable() throws {
        let file = try #require(try FileManager.default.contentsOfDirectory(atPath: CLI.root.appendingPathComponent("Fixtures/seeds").path)
            .first { $0.hasPrefix("001_") && $0.hasSuffix(".txt") })
        let result = try CLI.run(["extract", "--format", "table", "Fixtures/seeds/" + file])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("行政处罚"))
        #expect(result.stdout.contains("41"))
        let punishment = try #require(result.stdout.components(separatedBy: "\n").first { $0.contains("punishment") })
        #expect(punishment.contains("行政处罚") && punishment.hasSuffix("41"))
        #expect(result.stdout.hasPrefix("== Fixtures/seeds/\(file)\n"))
        #expect(result.stdout.contains("济宁市兖州区卫生健康局"))
        #expect(result.stdout.contains("编码      UTF-8"))
        #expect(!result.stdout.hasPrefix("["))
    }

    @Test("a good file and an empty one: exit 1, the good report on stdout, the empty file named on stderr")
    func partialFailure() throws {
        let folder = try TemporaryFolder()
        try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/seeds/003_f6478d7b7b0e6afc.txt")).write(to: URL(fileURLWithPath: folder.file("a-good.txt")))
        #expect(FileManager.default.createFile(atPath: folder.file("b-empty.txt"), contents: Data()))
        let result = try CLI.run(["extract", folder.path])
        #expect(result.status == 1)
        let reports = try CLI.json(result.stdout)
        #expect(reports.count == 1)
        #expect(reports.first?["file"] as? String == folder.file("a-good.txt"))
        #expect(result.stderr.contains("gkaudit: 错误 \(folder.file("b-empty.txt")): 文件为空（没有任何文字），没有可读取的报告内容"))
        #expect(!result.stderr.contains("a-good.txt"))
        #expect(result.stderr.contains("读取报告 1 份，跳过 0 个文件，无法读取 1 个"))
    }

    @Test("--format text: the numbered lines findings name; JSON says what kind of file each report came as")
    func linesAndDocumentKind() throws {
        let seed = "Fixtures/seeds/003_f6478d7b7b0e6afc.txt"
        let text = try CLI.run(["extract", "--format", "text", seed])
        #expect(text.status == 0)
        let lines = text.stdout.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "== \(seed)（文本）")
        #expect(lines[3] == " 3  惠农区卫生健康局 2024 年政府信息公开工作年度报告")
        // Every line of the file, the last (without a line end) included, and nothing after it.
        #expect(lines.count == 98)
        #expect(lines[96] == "96  2024 年，惠农区卫生健康局未收到政府信息公开申请，未收取信息处理费。")
        #expect(lines[97] == "")
        let json = try CLI.json(try CLI.run(["extract", seed]).stdout)
        #expect(json.first?["document"] as? String == "text")
        #expect(json.first?["encoding"] as? String == "UTF-8")
        #expect(try CLI.run(["extract", "--format", "table", seed]).stdout.contains("文件类型  文本\n"))
    }

    @Test("skipped files are named on stderr; exit 0 when every report was read")
    func skipped() throws {
        let folder = try TemporaryFolder()
        try Data(contentsOf: CLI.root.appendingPathComponent("Fixtures/seeds/002_f90b525eb7280150.txt")).write(to: URL(fileURLWithPath: folder.file("r.txt")))
        #expect(FileManager.default.createFile(atPath: folder.file("notes.doc"), contents: Data("%PDF".utf8)))
        let result = try CLI.run(["extract", folder.path])
        #expect(result.status == 0)
        #expect(try CLI.json(result.stdout).count == 1)
        #expect(result.stderr.contains("跳过 \(folder.file("notes.doc"))：暂不支持 .doc 格式"))
        #expect(result.stderr.contains("读取报告 1 份，跳过 1 个文件，无法读取 0 个"))
    }

    @Test("extract without a path: usage error, exit 2")
    func noPath() throws {
        let result = try CLI.run(["extract"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
    }

    @Test("bad options: exit 2", arguments: [["extract", "--format", "xml", "Fixtures/seeds"],
                                            ["extract", "--max-size", "0", "Fixtures/seeds"],
                                            ["extract", "--no-such-option", "Fixtures/seeds"]])
    func badOptions(arguments: [String]) throws {
        let result = try CLI.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test("a path that does not exist: exit 1, 路径不存在 on stderr")
    func nonexistentPath() throws {
        let result = try CLI.run(["extract", "Fixtures/no-such-folder"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("路径不存在"))
        #expect(result.stderr.contains("Fixtures/no-such-folder"))
        #expect(try CLI.json(result.stdout).isEmpty)
        // With a good path beside it, the good reports are still extracted.
        let mixed = try CLI.run(["extract", "Fixtures/no-such-folder", "Fixtures/seeds/000_e8ec6a5d6c0a1c89.txt"])
        #expect(mixed.status == 1)
        #expect(try CLI.json(mixed.stdout).count == 1)
    }

    @Test("--max-size: a file over the limit is named with the limit, exit 1")
    func maxSize() throws {
        let folder = try TemporaryFolder()
        let big = folder.file("big.txt")
        #expect(FileManager.default.createFile(atPath: big, contents: Data(repeating: 0x20, count: 2 * 1024 * 1024 + 1)))
        let result = try CLI.run(["extract", "--max-size", "2", big])
        #expect(result.status == 1)
        #expect(result.stderr.contains("\(big): 文件过大（2.0 MB，上限 2.0 MB）"))
    }

    @Test("--output FILE: the file is written, nothing on stdout, no temporary file left beside it")
    func output() throws {
        let folder = try TemporaryFolder()
        let path = folder.file("out/reports.json")
        let result = try CLI.run(["extract", "--output", path, "Fixtures/seeds"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.isEmpty)
        let written = try String(contentsOfFile: path, encoding: .utf8)
        #expect(try CLI.json(written).count == 5)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == ["reports.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["out"])
        // The same bytes as standard output.
        #expect(written == (try CLI.run(["extract", "Fixtures/seeds"])).stdout)
        // Written again over the existing file, still alone.
        let again = try CLI.run(["extract", "-o", path, "--format", "table", "Fixtures/seeds/003_f6478d7b7b0e6afc.txt"])
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: path, encoding: .utf8).contains("行政许可"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("out")) == ["reports.json"])
    }

    @Test("the encodings folder: every file read, with its encoding named")
    func encodings() throws {
        let result = try CLI.run(["extract", "Fixtures/encodings"])
        #expect(result.status == 0, "\(result.stderr)")
        let reports = try CLI.json(result.stdout)
        #expect(reports.map { $0["encoding"] as? String } == ["UTF-16BE", "UTF-16LE", "GB18030", "UTF-8", "UTF-8 (BOM)", "GB18030"])
        #expect(reports.map { $0["year"] as? Int } == [2024, 2024, 2023, 2024, 2024, 2025])
    }

    @Test("--version")
    func version() throws {
        let result = try CLI.run(["--version"])
        #expect(result.status == 0)
        #expect(result.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "0.2.0")
    }
}
