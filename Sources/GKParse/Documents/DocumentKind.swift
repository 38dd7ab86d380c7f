import Foundation

/// The kinds of file a report arrives as. Every kind is read into the same report text (see `DocumentText`),
/// so the parser, the rules and the exports treat them all alike.
public enum DocumentKind: String, Sendable, Codable, CaseIterable {
    /// Plain text: UTF-8, UTF-16 with a BOM, or GB18030/GBK.
    case text
    /// A web page as portals publish it (`.html`, `.htm`), in the charset its `<meta>` names.
    case html
    /// A Word document (`.docx`, Office Open XML).
    case docx
    /// A PDF, read through `pdftotext -layout` (poppler-utils).
    case pdf

    /// The kind a file's extension (lower case, without the dot) names; nil for anything else.
    public init?(extension ext: String) {
        switch ext {
        case "txt", "text": self = .text
        case "html", "htm": self = .html
        case "docx": self = .docx
        case "pdf": self = .pdf
        default: return nil
        }
    }

    /// The largest file of this kind that is read, given the limit for text (`--max-size`): Word documents and
    /// PDFs carry images (photos, a seal, a scanned page) beside their text, so they may be four times as large.
    public func sizeLimit(forText limit: Int) -> Int {
        switch self {
        case .text, .html: return limit
        case .docx, .pdf:
            let (larger, overflow) = limit.multipliedReportingOverflow(by: 4)
            return overflow ? Int.max : larger
        }
    }

    /// The kind's name for auditors.
    public var chineseName: String {
        switch self {
        case .text: return "文本"
        case .html: return "网页"
        case .docx: return "Word 文档"
        case .pdf: return "PDF"
        }
    }

    /// The kind of the file at `path`, by its extension (text when it has none that names a kind).
    public init(path: String) {
        self = DocumentKind(extension: Corpus.pathExtension(ofName: (path as NSString).lastPathComponent).lowercased()) ?? .text
    }
}
