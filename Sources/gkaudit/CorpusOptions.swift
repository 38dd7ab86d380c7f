import ArgumentParser
import GKExport
import GKParse

/// The corpus and output options `audit` and `extract` share.
struct CorpusOptions: ParsableArguments {
    @Argument(help: "Report files or folders of reports, read recursively: .txt, .html/.htm, .docx and .pdf.")
    var paths: [String] = []

    @Option(name: .shortAndLong, help: "Write to this file (through a temporary file renamed into place) instead of standard output.")
    var output: String?

    @Option(help: """
        Largest file to read, in MB (Word documents and PDFs, which carry images, four times as much); larger files \
        are reported, not read.
        """)
    var maxSize: Int = Corpus.defaultMaximumBytes / (1024 * 1024)

    var maximumBytes: Int { maxSize * 1024 * 1024 }

    func validate() throws {
        if paths.isEmpty { throw ValidationError("请给出至少一个报告文件或文件夹（Give at least one file or folder）.") }
        if maxSize < 1 { throw ValidationError("--max-size 必须至少为 1（MB）。") }
    }

    /// Standard output, or `--output` through a temporary file; a file that cannot be created is a usage error.
    func makeSink() throws -> TextSink {
        do {
            return try output.map { try AtomicFileSink(path: $0) } ?? StandardOutputSink()
        } catch {
            Console.error("无法写入 \(output ?? "")：\(error.localizedDescription)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
