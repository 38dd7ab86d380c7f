import Foundation

/// PDFs, read through `pdftotext -layout -enc UTF-8` (Debian's poppler-utils), whose space-aligned columns the
/// table reader knows. The bytes already read are fed to pdftotext on its standard input; it runs as a child
/// process within a time limit and a cap on its output, and what it says on standard error goes into the error
/// when it fails. A PDF without a text layer (a scan) is an error, never an empty report.
enum PDFReader {
    /// The bounds of one pdftotext run.
    struct Bounds {
        /// Seconds pdftotext may take before it is killed.
        var seconds: Double = 30
        /// The most text it may write (an annual report gives some tens of kilobytes).
        var outputBytes = 16 * 1024 * 1024
    }

    /// The program, as `scripts/setup` installs it.
    static let program = "pdftotext"

    /// Reads a PDF's text; `searchPath` is where pdftotext is looked for (default: `PATH`).
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, searchPath: String? = nil,
                     bounds: Bounds = Bounds()) throws(ReadError) -> DocumentText {
        guard !bytes.isEmpty else { throw .empty }
        guard startsAsPDF(bytes) else {
            throw .unreadable(reason: "不是 PDF 文件（开头没有 %PDF- 标记），可能是改了扩展名的其他文件")
        }
        guard endsAsPDF(bytes) else {
            throw .unreadable(reason: "PDF 文件不完整（结尾没有 %%EOF 标记），可能下载或复制时被截断，请重新获取原文件")
        }
        let path = searchPath ?? ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        guard let pdftotext = ChildProcess.locate(program, searchPath: path) else {
            throw .unreadable(reason: "需要 pdftotext（poppler-utils）才能读取 PDF：请先运行 scripts/setup")
        }
        let run: ChildProcess.Finished
        do {
            run = try ChildProcess.run(pdftotext, arguments: ["-layout", "-enc", "UTF-8", "-", "-"], input: bytes,
                                       seconds: bounds.seconds, outputLimit: bounds.outputBytes)
        } catch {
            switch error {
            case .timedOut:
                throw .unreadable(reason: "pdftotext 读取 PDF 超过 \(Int(bounds.seconds)) 秒仍未完成，已中止（文件可能异常复杂或已损坏）")
            case .outputTooLarge:
                throw .unreadable(reason: "PDF 转出的文字超过 \(bounds.outputBytes / (1024 * 1024)) MB，不像是一份年度报告，已中止")
            case .couldNotStart(let code):
                throw .unreadable(reason: "无法运行 pdftotext（\(String(cString: strerror(code)))）")
            }
        }
        guard run.status == 0 else { throw .unreadable(reason: failure(run)) }
        guard hasTextLayer(run.output) else {
            throw .unreadable(reason: "PDF 没有文字层（可能是扫描件），需要先做 OCR 识别才能审核")
        }
        return DocumentText(text: run.output, encoding: .utf8)
    }

    /// `%PDF-` within the first kilobyte, where readers look for it.
    static func startsAsPDF(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        contains(Array("%PDF-".utf8), in: UnsafeBufferPointer(rebasing: bytes.prefix(1024)))
    }

    /// `%%EOF` within the last kilobyte: a file cut short (an interrupted download) has none.
    static func endsAsPDF(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        contains(Array("%%EOF".utf8), in: UnsafeBufferPointer(rebasing: bytes.suffix(1024)))
    }

    private static func contains(_ marker: [UInt8], in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard bytes.count >= marker.count else { return false }
        return (0...(bytes.count - marker.count)).contains { start in
            marker.indices.allSatisfy { bytes[start + $0] == marker[$0] }
        }
    }

    /// Whether the text is a text layer's: on average at least 50 letters, digits or CJK characters a page
    /// (a page of a report has hundreds). A scan gives form feeds and blanks, or a page number a page.
    static func hasTextLayer(_ text: [UInt8]) -> Bool {
        let pages = max(1, text.count(where: { $0 == 0x0C }))
        var meaningful = 0
        for scalar in String(decoding: text, as: UTF8.self).unicodeScalars {
            let value = scalar.value
            if (0x30...0x39).contains(value) || (0x41...0x5A).contains(value) || (0x61...0x7A).contains(value)
                || (0x3400...0x9FFF).contains(value) {
                meaningful += 1
            }
        }
        return meaningful >= 50 * pages
    }

    /// The error for a run that failed: an encrypted file, or a damaged one with pdftotext's own words.
    static func failure(_ run: ChildProcess.Finished) -> String {
        let said = String(decoding: run.errors, as: UTF8.self)
        if said.contains("Incorrect password") {
            return "PDF 文件已加密（需要打开密码），无法读取文字：请向发布机关索取未加密的文件"
        }
        var lines: [String] = []
        for line in said.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) })
        where !line.isEmpty && !lines.contains(line) {
            lines.append(line)
        }
        let ending = run.status.map { "退出码 \($0)" } ?? "被信号中止"
        let summary = lines.prefix(3).joined(separator: "；")
        return "PDF 文件已损坏或加密，无法读取文字（pdftotext \(ending)" + (summary.isEmpty ? "）" : "：\(summary.prefix(300))）")
    }
}
