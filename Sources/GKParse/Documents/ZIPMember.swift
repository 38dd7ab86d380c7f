import Foundation
import ZIPFoundation

/// One member of a ZIP archive held in memory, found by its exact path through the archive's central
/// directory, and inflated (through ZIPFoundation) under a cap. Every offset and size the archive states
/// is checked against its bytes before it is used, so a damaged or crafted archive is an error, never a
/// read out of bounds; the size it declares for the member is never trusted. (ZIPFoundation's `Archive` is
/// not used to find the member: on crafted bytes its lookup traps on a ZIP64 offset past `Int64.max`, and its
/// `extract` waits for ever on a deflate stream that runs past the end of the file — see `DOCXReaderTests`.)
struct ZIPMember {
    /// The bounds the inflated member is held to.
    struct Limits {
        /// Inflated bytes allowed.
        var maximumBytes: Int
        /// Inflated bytes past which the compression ratio is watched.
        var ratioFloor: Int
        /// Inflated bytes allowed per compressed byte read, past `ratioFloor`.
        var maximumRatio: Int
    }

    /// Why a member could not be had.
    enum Failure: Error, Equatable {
        /// No end-of-central-directory record: not a ZIP archive.
        case notZIP
        /// The archive contradicts itself or its bytes (what is wrong, in Chinese).
        case damaged(String)
        /// No member has the path.
        case missing
        /// The member is encrypted.
        case encrypted
        /// The member is compressed by a method other than stored or deflate.
        case unsupportedMethod(UInt16)
        /// Inflating passed `Limits.maximumBytes`.
        case tooLarge
        /// Inflating passed `Limits.maximumRatio`.
        case suspiciousRatio
    }

    /// The member's compression method (0 stored, 8 deflate).
    let method: UInt16
    /// The CRC-32 the central directory states.
    let crc32: UInt32
    /// Where the member's compressed bytes are in the archive.
    let data: Range<Int>

    /// The member at `path` (compared byte for byte) of `archive`. Throws `.missing` when there is none,
    /// `.damaged` when two members have the path (readers would disagree on which one counts).
    static func find(_ path: String, in archive: UnsafeBufferPointer<UInt8>) throws(Failure) -> ZIPMember {
        let bytes = Bytes(archive)
        let (directory, count) = try centralDirectory(bytes)
        let wanted = Array(path.utf8)
        var found: ZIPMember?
        var p = directory.lowerBound
        for _ in 0..<count {
            guard p + 46 <= directory.upperBound, bytes.u32(p) == 0x0201_4B50 else { throw .damaged("中央目录不完整") }
            let nameLength = bytes.u16(p + 28), extraLength = bytes.u16(p + 30), commentLength = bytes.u16(p + 32)
            let name = (p + 46)..<(p + 46 + nameLength)
            let next = name.upperBound + extraLength + commentLength
            guard next <= directory.upperBound else { throw .damaged("中央目录不完整") }
            if bytes.equals(name, wanted) {
                if found != nil { throw .damaged("含有两个 \(path)") }
                found = try member(at: p, extra: name.upperBound..<(name.upperBound + extraLength), in: bytes)
            }
            p = next
        }
        guard let found else { throw .missing }
        return found
    }

    /// The member's bytes, inflated. Counts the bytes as they come out of the inflater and stops at
    /// `limits.maximumBytes`, or as soon as they outnumber the compressed bytes read by more than
    /// `limits.maximumRatio` to one; checks the CRC-32.
    func contents(of archive: UnsafeBufferPointer<UInt8>, limits: Limits) throws(Failure) -> [UInt8] {
        let compressed = UnsafeBufferPointer(rebasing: archive[data])
        if method == 0 {
            guard compressed.count <= limits.maximumBytes else { throw .tooLarge }
            let stored = Array(compressed)
            guard Data(stored).crc32(checksum: 0) == crc32 else { throw .damaged("正文数据校验和不符") }
            return stored
        }
        var inflated: [UInt8] = []
        inflated.reserveCapacity(min(compressed.count * 8, limits.maximumBytes))
        var read = 0
        let checksum: CRC32
        do {
            checksum = try Data.decompress(
                // Small chunks: the ratio is checked often, so a bomb is stopped after little output.
                size: Int64(compressed.count), bufferSize: 16 * 1024, skipCRC32: false,
                provider: { position, length in
                    // ZIPFoundation asks again past the end of a cut-off stream: that is damage, not more data.
                    guard position < compressed.count else { throw Failure.damaged("正文压缩数据已损坏或不完整") }
                    let end = min(compressed.count, Int(position) + length)
                    read = end
                    // ZIPFoundation hands zlib `length` bytes whatever the chunk's size, so the last chunk is
                    // padded with zeros: zlib never reads past it, and a stream not ended by then is refused.
                    var chunk = Data(UnsafeBufferPointer(rebasing: compressed[Int(position)..<end]))
                    chunk.append(Data(count: length - chunk.count))
                    return chunk
                },
                consumer: { chunk in
                    chunk.withUnsafeBytes { inflated.append(contentsOf: $0) }
                    if inflated.count > limits.maximumBytes { throw Failure.tooLarge }
                    if inflated.count > limits.ratioFloor, inflated.count / max(read, 1) > limits.maximumRatio {
                        throw Failure.suspiciousRatio
                    }
                })
        } catch let failure as Failure {
            throw failure
        } catch {
            throw .damaged("正文压缩数据已损坏或不完整")
        }
        guard checksum == crc32 else { throw .damaged("正文数据校验和不符") }
        return inflated
    }

    /// The central directory's bytes and its number of entries, from the end-of-central-directory record
    /// (ZIP64's when the record defers to it).
    private static func centralDirectory(_ bytes: Bytes) throws(Failure) -> (Range<Int>, Int) {
        // The record is the last thing in the file but for a comment of at most 65,535 bytes.
        guard bytes.count >= 22 else { throw .notZIP }
        var end = bytes.count - 22
        let lowest = max(0, end - 65_535)
        while bytes.u32(end) != 0x0605_4B50 {
            guard end > lowest else { throw .notZIP }
            end -= 1
        }
        guard bytes.u16(end + 4) == 0, bytes.u16(end + 6) == 0 else { throw .damaged("分卷压缩包") }
        var count = bytes.u16(end + 10), size = bytes.u32(end + 12), offset = bytes.u32(end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF {
            // The ZIP64 locator sits just before the record and points at the ZIP64 record.
            guard end >= 20, bytes.u32(end - 20) == 0x0706_4B50, let at = bytes.u64(end - 12),
                  at <= bytes.count - 56, bytes.u32(at) == 0x0606_4B50,
                  let count64 = bytes.u64(at + 32), let size64 = bytes.u64(at + 40), let offset64 = bytes.u64(at + 48) else {
                throw .damaged("ZIP64 目录记录无效")
            }
            (count, size, offset) = (count64, size64, offset64)
        }
        guard offset <= bytes.count, size <= bytes.count - offset else { throw .damaged("中央目录超出文件范围") }
        // Each entry takes at least 46 bytes: a count the directory cannot hold is a lie.
        guard count <= size / 46 else { throw .damaged("中央目录条目数与大小不符") }
        return (offset..<(offset + size), count)
    }

    /// The member whose central-directory entry is at `entry` (its extra field at `extra`).
    private static func member(at entry: Int, extra: Range<Int>, in bytes: Bytes) throws(Failure) -> ZIPMember {
        let flags = bytes.u16(entry + 8), method = bytes.u16(entry + 10)
        if flags & 1 != 0 || method == 99 { throw .encrypted }
        guard method == 0 || method == 8 else { throw .unsupportedMethod(UInt16(method)) }
        var compressedSize = bytes.u32(entry + 20), localHeader = bytes.u32(entry + 42)
        if compressedSize == 0xFFFF_FFFF || localHeader == 0xFFFF_FFFF {
            (compressedSize, localHeader) = try zip64Sizes(extra, in: bytes, uncompressed: bytes.u32(entry + 24),
                                                           compressed: compressedSize, offset: localHeader)
        }
        guard localHeader <= bytes.count - 30, bytes.u32(localHeader) == 0x0403_4B50 else {
            throw .damaged("本地文件头无效")
        }
        let start = localHeader + 30 + bytes.u16(localHeader + 26) + bytes.u16(localHeader + 28)
        guard start <= bytes.count, compressedSize <= bytes.count - start else { throw .damaged("正文数据超出文件范围") }
        return ZIPMember(method: UInt16(method), crc32: UInt32(bytes.u32(entry + 16)), data: start..<(start + compressedSize))
    }

    /// The compressed size and local header offset from a ZIP64 extra field (id 1), which holds, in this
    /// order, those of the uncompressed size, compressed size and offset that the entry marks 0xFFFFFFFF.
    private static func zip64Sizes(_ extra: Range<Int>, in bytes: Bytes, uncompressed: Int,
                                   compressed: Int, offset: Int) throws(Failure) -> (Int, Int) {
        var p = extra.lowerBound
        while p + 4 <= extra.upperBound {
            let id = bytes.u16(p), length = bytes.u16(p + 2)
            let fields = (p + 4)..<min(p + 4 + length, extra.upperBound)
            if id == 1 {
                var q = fields.lowerBound
                func field(_ value: Int) throws(Failure) -> Int {
                    guard value == 0xFFFF_FFFF else { return value }
                    guard q + 8 <= fields.upperBound, let wide = bytes.u64(q) else { throw .damaged("ZIP64 扩展字段无效") }
                    q += 8
                    return wide
                }
                _ = try field(uncompressed)
                return (try field(compressed), try field(offset))
            }
            p = fields.upperBound
        }
        throw .damaged("缺少 ZIP64 扩展字段")
    }

    /// Little-endian reads from the archive's bytes; a read past the end gives 0 (so a signature never matches).
    private struct Bytes {
        let b: UnsafeBufferPointer<UInt8>
        init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }
        var count: Int { b.count }

        func u16(_ p: Int) -> Int {
            guard p >= 0, p + 2 <= b.count else { return 0 }
            return Int(b[p]) | Int(b[p + 1]) << 8
        }

        func u32(_ p: Int) -> Int { u16(p) | u16(p + 2) << 16 }

        /// A 64-bit field; nil when it is past the end or too large to be an offset into any file.
        func u64(_ p: Int) -> Int? {
            guard p >= 0, p + 8 <= b.count, u32(p + 4) < 0x8000_0000 else { return nil }
            return u32(p) | u32(p + 4) << 32
        }

        func equals(_ range: Range<Int>, _ bytes: [UInt8]) -> Bool {
            range.count == bytes.count && range.upperBound <= b.count && zip(b[range], bytes).allSatisfy { $0 == $1 }
        }
    }
}
