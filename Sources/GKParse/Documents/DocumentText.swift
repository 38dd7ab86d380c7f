import Foundation

/// A published document (web page, Word document, PDF) read out as the report text the parser reads:
/// UTF-8, one paragraph a line, and each table row on a line of its own with its cells separated by tabs —
/// the layout of a table copied out of a web page, which the table reader knows. A merged cell
/// (`rowspan`/`colspan`, `w:vMerge`/`w:gridSpan`) is written once, in its first row and column, and the
/// places it covers are left as empty cells, as such copies leave them; a table's rows end with a blank line.
/// Line numbers in findings are those of this text (`gkaudit extract --format text` prints it).
public struct DocumentText: Sendable {
    /// The text, UTF-8.
    public var text: [UInt8]
    /// The encoding the document's text was stored in (a page's charset; UTF-8 for DOCX and PDF).
    public var encoding: TextEncoding

    public init(text: [UInt8], encoding: TextEncoding) {
        self.text = text
        self.encoding = encoding
    }

    /// Reads a document's bytes (borrowed) as `kind` (a PDF's bytes are fed to `pdftotext`: the file is not read
    /// again). Anything that cannot be read, or is hostile, is a `ReadError` saying why.
    public static func read(_ bytes: UnsafeBufferPointer<UInt8>, kind: DocumentKind) throws(ReadError) -> DocumentText {
        switch kind {
        case .text:
            let (text, encoding) = try TextDecoder.decode(Data(buffer: bytes))
            return DocumentText(text: Array(text.utf8), encoding: encoding)
        case .html: return try HTMLReader.read(bytes)
        case .docx: return try DOCXReader.read(bytes)
        case .pdf: return try PDFReader.read(bytes)
        }
    }
}
