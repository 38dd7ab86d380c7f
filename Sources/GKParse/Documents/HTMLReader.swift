/// Web pages as portals publish them. (Being written: issue 7.)
enum HTMLReader {
    static func read(_ bytes: UnsafeBufferPointer<UInt8>) throws(ReadError) -> DocumentText {
        throw .unreadable(reason: "暂不支持网页")
    }
}
