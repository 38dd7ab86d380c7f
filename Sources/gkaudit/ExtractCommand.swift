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
        Reads reports under the given files and folders (recursively): text (.txt, in UTF-8, UTF-16 with BOM \
        or GB18030/GBK), web pages (.html/.htm, in the charset they name), Word documents (.docx) and PDFs \
        (.pdf, through pdftotext). Files that cannot be read are reported on standard error and the others are still \
        extracted. Exit status: 0 when every report was read, 1 when some file could not be read, 2 for usage errors.
        """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case json, table, text
    }

    @OptionGroup var corpus: CorpusOptions

    @Option(help: """
        Output format: json (a JSON array, canonical IDs), table (aligned, Chinese labels) or text (the numbered \
        lines read from each file, the lines findings name: for a web page, Word document or PDF, its text as read out).
        """)
    var format: Format = .json

    func run() throws {
        let sink = try corpus.makeSink()
        var read = 0, failed = 0
        // Reports are written as they are read, so memory stays flat on a large corpus.
        let listing = try Extraction.stream(corpus.paths, maximumBytes: corpus.maximumBytes) { loaded in
            switch loaded {
            case .success(let loaded):
                try write(loaded, first: read == 0, to: sink)
                read += 1
            case .failure(let error):
                Console.error("错误 \(error)")
                failed += 1
            }
        }
        try finish(empty: read == 0, sink: sink)
        for skipped in listing.skipped { Console.error("跳过 \(skipped.path)：\(skipped.reason)") }
        for error in listing.errors { Console.error("错误 \(error)") }
        failed += listing.errors.count
        let summary = "读取报告 \(read) 份，跳过 \(listing.skipped.count) 个文件，无法读取 \(failed) 个"
        if failed > 0 || read == 0 && listing.skipped.isEmpty {
            Console.error(summary)
            throw ExitCode(ExitStatus.problems)
        }
        if !listing.skipped.isEmpty { Console.error(summary) }
    }

    private func write(_ loaded: LoadedReport, first: Bool, to sink: TextSink) throws {
        switch format {
        case .json:
            let value = ReportJSON.value(loaded.report, encoding: loaded.encoding.rawValue, document: loaded.document.rawValue)
            try sink.write((first ? "[\n  " : ",\n  ") + value.rendered(indent: 1))
        case .table:
            try sink.write((first ? "" : "\n") + ReportText.render(loaded.report, encoding: loaded.encoding.rawValue,
                                                                   document: loaded.document.chineseName))
        case .text:
            try sink.write((first ? "" : "\n") + ReportLinesText.render(loaded.report, document: loaded.document.chineseName))
        }
    }

    private func finish(empty: Bool, sink: TextSink) throws {
        if format == .json { try sink.write(empty ? "[]\n" : "\n]\n") }
        do {
            try sink.finish()
        } catch {
            Console.error("无法写入 \(corpus.output ?? "标准输出")：\(error.localizedDescription)")
            throw ExitCode(ExitStatus.usage)
        }
    }
}
