/// Word documents. (Being written: issue 7.)
enum DOCXReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ReadError) -> DocumentText {
        throw .unreadable(reason: "暂不支持 Word 文档")
    }
}
