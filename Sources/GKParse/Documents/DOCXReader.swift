/// Word documents (`.docx`): `word/document.xml` is unzipped in memory — no other member is read, and
/// nothing is ever written to disk — and its WordprocessingML read as report text (`WordTextReader`).
/// A file that is not a Word document, a damaged one and a hostile one (zip bomb, DTD, enormous table,
/// deep nesting) are each a `ReadError` that says so.
enum DOCXReader {
    /// The bounds a document is held to.
    struct Limits {
        /// `word/document.xml` inflated: at most 64 MB, and at most 200 bytes per compressed byte past 1 MB.
        var archive = ZIPMember.Limits(maximumBytes: 64 << 20, ratioFloor: 1 << 20, maximumRatio: 200)
        var document = WordTextReader.Limits()

        static let standard = Limits()
    }

    static let documentPath = "word/document.xml"

    static func read(_ bytes: UnsafeBufferPointer<UInt8>, limits: Limits = .standard) throws(ReadError) -> DocumentText {
        if bytes.isEmpty { throw .empty }
        try refuseOtherFormats(bytes)
        let xml = try documentXML(bytes, limits: limits.archive)
        let (text, altChunk) = try xml.withUnsafeBufferPointer { xml in
            Result { () throws(ReadError) in try documentText(xml, limits: limits.document) }
        }.get()
        guard text.withUnsafeBufferPointer(TextDecoder.isWellFormedUTF8) else { throw .notWordDocument(reason: "正文含有不是 UTF-8 编码的文字") }
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A }) {
            if altChunk { throw .notWordDocument(reason: "正文是从其他文件导入的内容（altChunk），不是 Word 自身的文字") }
            throw .empty
        }
        return DocumentText(text: text, encoding: .utf8)
    }

    /// The text of the document's XML (see `WordTextReader`).
    private static func documentText(_ xml: UnsafeBufferPointer<UInt8>,
                                     limits: WordTextReader.Limits) throws(ReadError) -> (text: [UInt8], altChunk: Bool) {
        do {
            return try WordTextReader.read(xml, limits: limits)
        } catch {
            switch error {
            case .xml(.malformed(let offset)):
                throw .notWordDocument(reason: "正文 \(documentPath) 不是格式正确的 XML（第 \(offset) 字节处）")
            case .xml(.declaration):
                throw .hostileDocument(reason: "正文含有文档类型声明（<!DOCTYPE>/<!ENTITY>），Word 从不写入，可能用于实体膨胀攻击")
            case .limit(let what):
                throw .hostileDocument(reason: what)
            }
        }
    }

    /// Refuses files of another kind under a `.docx` name, saying what they are.
    private static func refuseOtherFormats(_ b: UnsafeBufferPointer<UInt8>) throws(ReadError) {
        func starts(with magic: [UInt8]) -> Bool { b.count >= magic.count && zip(b, magic).allSatisfy { $0 == $1 } }
        // An OLE2 compound file: Word 97–2003, or a password-protected .docx (Word encrypts into one).
        if starts(with: [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { throw .oldOrEncryptedWord }
        if starts(with: Array("%PDF".utf8)) { throw .notWordDocument(reason: "文件内容是 PDF，请将扩展名改为 .pdf") }
        if starts(with: Array("{\\rtf".utf8)) { throw .notWordDocument(reason: "文件内容是 RTF 格式，请在 Word 中另存为 .docx") }
    }

    /// `word/document.xml`, inflated and made UTF-8.
    private static func documentXML(_ bytes: UnsafeBufferPointer<UInt8>, limits: ZIPMember.Limits) throws(ReadError) -> [UInt8] {
        let xml: [UInt8]
        do {
            xml = try ZIPMember.find(documentPath, in: bytes).contents(of: bytes, limits: limits)
        } catch {
            switch error {
            case .notZIP: throw .notWordDocument(reason: "文件不是 ZIP 压缩包（.docx 文件应是 ZIP 格式）")
            case .damaged(let what): throw .notWordDocument(reason: "压缩包已损坏（\(what)）")
            case .missing: throw .notWordDocument(reason: "压缩包中没有正文 \(documentPath)")
            case .encrypted: throw .notWordDocument(reason: "正文 \(documentPath) 已加密")
            case .unsupportedMethod(let method):
                throw .notWordDocument(reason: "正文 \(documentPath) 使用了不支持的压缩方式（编号 \(method)）")
            case .tooLarge:
                throw .hostileDocument(reason: "正文 \(documentPath) 解压后超过 \(size(limits.maximumBytes)) 上限，疑为“压缩炸弹”")
            case .suspiciousRatio:
                throw .hostileDocument(reason: "正文 \(documentPath) 的压缩比超过 \(limits.maximumRatio) 倍，疑为“压缩炸弹”")
            }
        }
        return try utf8(xml)
    }

    /// The XML as UTF-8: as it is when it is UTF-8 (Word's own); UTF-16 (with its BOM) and GB18030/GBK
    /// (as the declaration names them) converted.
    private static func utf8(_ xml: [UInt8]) throws(ReadError) -> [UInt8] {
        if xml.count >= 2, xml[0] == 0xFF && xml[1] == 0xFE || xml[0] == 0xFE && xml[1] == 0xFF {
            let converted = xml.withUnsafeBufferPointer {
                TextDecoder.utf8(fromUTF16: UnsafeBufferPointer(rebasing: $0[2...]), littleEndian: xml[0] == 0xFF)
            }
            guard let converted else { throw .notWordDocument(reason: "正文 UTF-16 编码有误") }
            return converted
        }
        let encoding = xml.withUnsafeBufferPointer { declaredEncoding($0) }
        switch encoding {
        case nil, "utf-8", "utf8":
            return xml
        case "gb2312", "gbk", "gb18030":
            guard let converted = xml.withUnsafeBufferPointer({ TextDecoder.utf8(fromGB18030: $0) }) else {
                throw .notWordDocument(reason: "正文 \(encoding!.uppercased()) 编码有误")
            }
            return converted
        default:
            throw .notWordDocument(reason: "正文使用了不支持的编码 \(encoding!)")
        }
    }

    /// The encoding the XML declaration names, lower case; nil when there is no declaration or it names none.
    private static func declaredEncoding(_ b: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        if b.count >= 3, b[0] == 0xEF, b[1] == 0xBB, b[2] == 0xBF { start = 3 }
        let opening = Array("<?xml".utf8)
        guard b.count >= start + 5, b[start..<(start + 5)].elementsEqual(opening) else { return nil }
        var end = start + 5
        while end + 1 < b.count, end < 512, !(b[end] == 0x3F && b[end + 1] == 0x3E) { end += 1 }
        let scanner = XMLScanner(b)
        guard let value = scanner.attribute(Array("encoding".utf8), in: (start + 5)..<end) else { return nil }
        return String(decoding: b[value], as: UTF8.self).lowercased()
    }

    /// A size in MB, or in KB when it is not a whole number of MB.
    static func size(_ bytes: Int) -> String {
        bytes % (1 << 20) == 0 ? "\(bytes >> 20) MB" : "\(bytes >> 10) KB"
    }
}
