import Foundation
import GKModel

/// Reads report files with plain POSIX calls (open, fstat, read) into one buffer kept from file to
/// file: `Data(contentsOf:)` and its URL cost about as much as the parser's own lines. A file that
/// is not a readable, non-empty regular file within the size limit is left to Foundation
/// (`Corpus.loadThroughFoundation`), so that every problem keeps its message. One reader a thread:
/// readers running side by side each keep their own buffer.
public struct ReportFileReader {
    private var buffer: [UInt8] = []

    public init() {}

    /// Reads and parses one report file; any problem is a `FileError` naming the file. With `tables: false`
    /// the report's tables are not read (its metadata is the same): enough to tell whose report it is and when.
    /// `maximumBytes` is the limit for text; Word documents and PDFs may be larger (`DocumentKind.sizeLimit`).
    public mutating func load(_ path: String, maximumBytes: Int, tables: Bool = true) -> Result<LoadedReport, FileError> {
        let limit = DocumentKind(path: path).sizeLimit(forText: maximumBytes)
        guard let count = readBytes(of: path, maximumBytes: limit) else {
            return Corpus.loadThroughFoundation(path, maximumBytes: limit)
        }
        let parsed = buffer.withUnsafeBufferPointer { bytes in
            Result { () throws(ReadError) in
                try ReportParser.parse(bytes: UnsafeBufferPointer(rebasing: bytes[..<count]), file: path, tables: tables)
            }
        }
        switch parsed {
        case .success(let (report, encoding)):
            return .success(LoadedReport(report: report, encoding: encoding, document: DocumentKind(path: path)))
        case .failure(let error): return .failure(FileError(path: path, message: error.description))
        }
    }

    /// Reads the file into `buffer`, as many bytes as `fstat` gives it (as `Data(contentsOf:)`
    /// does); its byte count, or nil when the file is anything but a plain case.
    private mutating func readBytes(of path: String, maximumBytes: Int) -> Int? {
        // Non-blocking, so that a named pipe cannot hold the reader up.
        let file = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard file >= 0 else { return nil }
        defer { close(file) }
        var info = stat()
        guard fstat(file, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        let size = Int(info.st_size)
        guard size > 0, size <= maximumBytes else { return nil }
        if buffer.count < size { buffer = [UInt8](repeating: 0, count: max(size, 2 * buffer.count)) }
        var count = 0
        while count < size {
            let got = buffer.withUnsafeMutableBytes { read(file, $0.baseAddress! + count, size - count) }
            if got < 0, errno == EINTR { continue }
            // An error, or a file that shrank while read: Foundation tells.
            guard got > 0 else { return nil }
            count += got
        }
        return count
    }
}

/// A folder's entry as `readdir` gives it.
struct FolderEntry {
    let name: String
    /// The entry's `d_type` (DT_REG, DT_DIR, …); nil when not known.
    let type: UInt8?

    /// The entries of a folder, sorted by name; nil when it cannot be read or a name is not UTF-8.
    static func entries(of folder: String) -> [FolderEntry]? {
        guard let directory = opendir(folder) else { return nil }
        defer { closedir(directory) }
        var entries: [FolderEntry] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(validatingCString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            }
            guard let name else { return nil }
            if name == "." || name == ".." { continue }
            let type = entry.pointee.d_type
            entries.append(FolderEntry(name: name, type: type == UInt8(DT_UNKNOWN) ? nil : type))
        }
        return entries.sorted { $0.name < $1.name }
    }
}
