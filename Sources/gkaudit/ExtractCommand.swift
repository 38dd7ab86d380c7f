import ArgumentParser
import Foundation
import GKExport
import GKParse

/// `gkaudit extract PATH...`: the canonical model of each report, as JSON or aligned tables.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "提取报告的元数据、章节和三张表（Extract metadata, sections and the three tables）.",
        discussion: """
        Reads .txt reports under the given files and folders (recursively), in UTF-8, UTF-16 (with BOM) \
        or GB18030/GBK. Files that cannot be read are reported on standard error and the others are still \
        extracted. Exit status: 0 when every report was read, 1 when some file could not be read, 2 for usage errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table
    }

    @Argument(help: "Report files or folders of reports.")
    var paths: [String]

    @Option(help: "Output format: json (a JSON array, canonical IDs) or table (aligned, Chinese labels).")
    var format: Format = .json

    @Option(name: .shortAndLong, help: "Write to this file (written to a temporary file, then renamed) instead of standard output.")
    var output: String?

    @Option(help: "Largest file to read, in MB; larger files are reported, not read.")
    var maxSize: Int = Corpus.defaultMaximumBytes / (1024 * 1024)

    func validate() throws {
        if paths.isEmpty { throw ValidationError("请给出至少一个报告文件或文件夹（Give at least one file or folder）.") }
        if maxSize < 1 { throw ValidationError("--max-size 必须至少为 1 (MB).") }
    }

    func run() throws {
        let extraction = Extraction.run(paths, maximumBytes: maxSize * 1024 * 1024)
        for skipped in extraction.skipped {
            Console.error("跳过 \(skipped.path)：\(skipped.reason)")
        }
        for error in extraction.errors {
            Console.error("错误 \(error)")
        }
        let text: String
        switch format {
        case .json:
            text = ReportJSON.array(extraction.reports.map { ($0.report, $0.encoding.rawValue) }).rendered() + "\n"
        case .table:
            text = extraction.reports.map { ReportText.render($0.report, encoding: $0.encoding.rawValue) }
                .joined(separator: "\n")
        }
        if let output {
            do {
                try OutputFile.write(text, to: output)
            } catch {
                Console.error("无法写入 \(output)：\(error.localizedDescription)")
                throw ExitCode(ExitStatus.usage)
            }
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
        let summary = "读取报告 \(extraction.reports.count) 份，跳过 \(extraction.skipped.count) 个文件，"
            + "无法读取 \(extraction.errors.count) 个"
        if !extraction.errors.isEmpty || extraction.reports.isEmpty && extraction.skipped.isEmpty {
            Console.error(summary)
            throw ExitCode(ExitStatus.problems)
        }
        if !extraction.skipped.isEmpty { Console.error(summary) }
    }
}
