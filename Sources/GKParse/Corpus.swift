import Foundation
import GKModel

/// A file of the corpus that was not read as a report, and why.
public struct SkippedFile: Sendable, Hashable {
    public let path: String
    public let reason: String
}

/// A file or path that could not be read, with a message for the auditor.
public struct FileError: Error, Sendable, Hashable, CustomStringConvertible {
    public let path: String
    public let line: Int?
    public let message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}

/// A report read from a file.
public struct LoadedReport: Sendable {
    public let report: Report
    /// The encoding of the file's text (of a web page: the charset it was read in).
    public let encoding: TextEncoding
    /// What kind of file the report came as.
    public let document: DocumentKind

    public init(report: Report, encoding: TextEncoding, document: DocumentKind = .text) {
        self.report = report
        self.encoding = encoding
        self.document = document
    }
}

/// The files a set of command-line paths names: report files, skipped files and path errors.
public struct CorpusListing: Sendable {
    public var reports: [String] = []
    public var skipped: [SkippedFile] = []
    public var errors: [FileError] = []
}

/// Finds report files under files and folders, and reads them one by one.
public enum Corpus {
    /// Extensions read as reports (see `DocumentKind`).
    public static let reportExtensions: Set<String> = ["txt", "text", "html", "htm", "docx", "pdf"]
    /// Extensions of reports this version does not read: older binary office formats and spreadsheets.
    static let laterFormats: Set<String> = ["doc", "wps", "xls", "xlsx", "rtf", "odt"]
    /// Files a corpus may carry that are not reports.
    static let corpusConfigFiles: Set<String> = ["gkaudit.yaml", "gkaudit.yml", "manifest.csv", "readme.md"]
    /// Larger files are not annual reports (the largest real ones are well under 1 MB).
    public static let defaultMaximumBytes = 16 * 1024 * 1024

    /// Lists report files under the paths, folders recursively, in a stable order. A file the paths reach twice
    /// (the same path given twice, a file inside a folder also given, `./a` beside `a`) is listed once: the
    /// later mention is skipped with a reason, so that it is neither audited twice nor taken for its own duplicate.
    public static func list(_ paths: [String]) -> CorpusListing {
        var listing = CorpusListing()
        let manager = FileManager.default
        // With one path nothing can be reached twice (links to folders are not followed): no need to remember.
        var seen: SeenFiles? = paths.count > 1 ? SeenFiles() : nil
        for path in paths {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else {
                listing.errors.append(FileError(path: path, message: "路径不存在"))
                continue
            }
            seen?.enter(path)
            if isDirectory.boolValue {
                walk(path, into: &listing, seen: &seen, manager: manager)
            } else {
                classify(path, into: &listing, seen: &seen, explicit: true)
            }
        }
        return listing
    }

    /// The report files listed so far, each by the real path of the command-line path it was found under and
    /// its place below that path.
    private struct SeenFiles {
        private var keys: Set<String> = []
        private var root = (given: "", real: "")

        /// Files found from here on are under `path` (a path given on the command line).
        mutating func enter(_ path: String) {
            let real = realpath(path, nil).map { pointer in
                defer { free(pointer) }
                return String(cString: pointer)
            }
            root = (path, real ?? path)
        }

        /// Whether `path` (under the current root) is listed for the first time; remembers it.
        mutating func firstTime(_ path: String) -> Bool {
            var below = String(decoding: path.utf8.dropFirst(root.given.utf8.count), as: UTF8.self)
            if !below.isEmpty, !below.hasPrefix("/") { below = "/" + below }
            return keys.insert(root.real + below).inserted
        }
    }

    private static func walk(_ folder: String, into listing: inout CorpusListing, seen: inout SeenFiles?,
                             manager: FileManager) {
        let entries: [FolderEntry]
        if let read = FolderEntry.entries(of: folder) {
            entries = read
        } else {
            // FileManager says why the folder cannot be read (and reads names that are not UTF-8).
            do {
                entries = try manager.contentsOfDirectory(atPath: folder).sorted().map { FolderEntry(name: $0, type: nil) }
            } catch {
                listing.errors.append(FileError(path: folder, message: "无法读取文件夹：\(describe(error))"))
                return
            }
        }
        for entry in entries where !entry.name.hasPrefix(".") {
            let name = entry.name
            let path = folder.hasSuffix("/") ? folder + name : folder + "/" + name
            // A regular file or a folder as the folder lists it needs no `lstat`; links and the rest do.
            if entry.type == UInt8(DT_REG) {
                classify(path, name: name, into: &listing, seen: &seen, explicit: false)
                continue
            }
            if entry.type == UInt8(DT_DIR) {
                walk(path, into: &listing, seen: &seen, manager: manager)
                continue
            }
            guard let kind = FileKind(path) else {
                listing.errors.append(FileError(path: path, message: "无法访问（失效的链接或权限不足）"))
                continue
            }
            if kind.isDirectory {
                if kind.isLink {
                    listing.skipped.append(SkippedFile(path: path, reason: "指向文件夹的链接，不跟随"))
                } else {
                    walk(path, into: &listing, seen: &seen, manager: manager)
                }
            } else {
                classify(path, name: name, into: &listing, seen: &seen, explicit: false)
            }
        }
    }

    /// Sorts a file into the listing by its name (the last component of its path).
    private static func classify(_ path: String, name: String? = nil, into listing: inout CorpusListing,
                                 seen: inout SeenFiles?, explicit: Bool) {
        let name = name ?? (path as NSString).lastPathComponent
        let ext = pathExtension(ofName: name).lowercased()
        if reportExtensions.contains(ext) {
            if seen?.firstTime(path) == false {
                listing.skipped.append(SkippedFile(path: path, reason: "与前面列出的文件是同一个，只审核一次"))
                return
            }
            listing.reports.append(path)
        } else if corpusConfigFiles.contains(name.lowercased()) && !explicit {
            return
        } else if laterFormats.contains(ext) {
            listing.skipped.append(SkippedFile(path: path, reason: "暂不支持 .\(ext) 格式（可读取 .txt、.html/.htm、.docx 和 .pdf；请另存为其中一种）"))
        } else {
            listing.skipped.append(SkippedFile(path: path, reason: ext.isEmpty ? "没有扩展名，不是报告文件（.txt、.html、.docx 或 .pdf）"
                                                                              : "不是报告文件（.\(ext)）"))
        }
    }

    /// A file name's extension as `NSString.pathExtension` reads it (without its cost): what follows
    /// the last "." (a whole character), none when the name ends in "." or only starts with one.
    static func pathExtension(ofName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return "" }
        return String(name[name.index(after: dot)...])
    }

    /// Reads and parses one report file; any problem is a `FileError` naming the file.
    public static func load(_ path: String, maximumBytes: Int = defaultMaximumBytes) -> Result<LoadedReport, FileError> {
        var reader = ReportFileReader()
        return reader.load(path, maximumBytes: maximumBytes)
    }

    /// `load` through Foundation, for the files `ReportFileReader` does not read itself: whatever
    /// is wrong with them, Foundation's errors say it.
    static func loadThroughFoundation(_ path: String, maximumBytes: Int) -> Result<LoadedReport, FileError> {
        let url = URL(fileURLWithPath: path)
        do {
            // The size of the file itself, not of a link to it.
            guard let kind = FileKind(path) else {
                return .failure(FileError(path: path, message: "无法访问（文件不存在或是失效的链接）"))
            }
            if !kind.isRegular, !kind.isDirectory {
                return .failure(FileError(path: path, message: "不是普通文件（管道、设备或套接字），未读取"))
            }
            let size = kind.size
            if size > maximumBytes {
                return .failure(FileError(path: path, message: ReadError.tooLarge(bytes: size, limit: maximumBytes).description))
            }
            let data = try Data(contentsOf: url)
            if data.count > maximumBytes {
                return .failure(FileError(path: path, message: ReadError.tooLarge(bytes: data.count, limit: maximumBytes).description))
            }
            let (report, encoding) = try ReportParser.parse(data: data, file: path)
            return .success(LoadedReport(report: report, encoding: encoding, document: DocumentKind(path: path)))
        } catch let error as ReadError {
            return .failure(FileError(path: path, message: error.description))
        } catch {
            return .failure(FileError(path: path, message: ReadError.unreadable(reason: describe(error)).description))
        }
    }

    static func describe(_ error: Error) -> String {
        let nsError = error as NSError
        if nsError.domain == NSCocoaErrorDomain {
            switch nsError.code {
            case NSFileReadNoPermissionError: return "没有读取权限"
            case NSFileReadNoSuchFileError: return "文件不存在"
            default: break
            }
        }
        if let posix = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            if posix.code == Int(EACCES) { return "没有读取权限" }
            if posix.code == Int(EISDIR) { return "这是一个文件夹" }
        }
        return nsError.localizedDescription
    }
}

/// What one `lstat` and, for a link, one `stat` say about a path.
struct FileKind {
    let isLink: Bool
    let isDirectory: Bool
    /// A regular file (not a pipe, socket or device, which could block a reader forever).
    let isRegular: Bool
    /// Size of the file (of its target, for a link).
    let size: Int

    /// Nil when the path (or a link's target) cannot be reached.
    init?(_ path: String) {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        isLink = info.st_mode & S_IFMT == S_IFLNK
        if isLink, stat(path, &info) != 0 { return nil }
        isDirectory = info.st_mode & S_IFMT == S_IFDIR
        isRegular = info.st_mode & S_IFMT == S_IFREG
        size = Int(info.st_size)
    }
}

/// Everything read from a set of paths: the reports, the files skipped and the files that failed.
public struct Extraction: Sendable {
    public var reports: [LoadedReport] = []
    public var skipped: [SkippedFile] = []
    public var errors: [FileError] = []

    /// Lists and reads every report under the paths; one bad file never stops the others.
    public static func run(_ paths: [String], maximumBytes: Int = Corpus.defaultMaximumBytes) -> Extraction {
        var result = Extraction()
        let listing = stream(paths, maximumBytes: maximumBytes) { loaded in
            switch loaded {
            case .success(let report): result.reports.append(report)
            case .failure(let error): result.errors.append(error)
            }
        }
        result.skipped = listing.skipped
        result.errors = listing.errors + result.errors
        return result
    }

    /// Reads the reports one at a time and hands each (or why it could not be read) to `handle`, so
    /// that memory stays flat whatever the corpus size. Returns the listing: its skipped files and
    /// the paths that could not be listed.
    @discardableResult
    public static func stream(_ paths: [String], maximumBytes: Int = Corpus.defaultMaximumBytes,
                              _ handle: (Result<LoadedReport, FileError>) throws -> Void) rethrows -> CorpusListing {
        let listing = Corpus.list(paths)
        var reader = ReportFileReader()
        for path in listing.reports {
            try handle(reader.load(path, maximumBytes: maximumBytes))
        }
        return listing
    }
}
