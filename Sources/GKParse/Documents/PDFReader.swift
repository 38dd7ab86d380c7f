/// PDFs, through pdftotext. (Being written: issue 7.)
enum PDFReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>, file: String) throws(ReadError) -> DocumentText {
        throw .unreadable(reason: "暂不支持 PDF")
    }
}
