import Foundation

/// Where a command writes its output, piece by piece.
public protocol TextSink: AnyObject {
    func write(_ text: String) throws
    /// Called once, after the last piece: the output is complete.
    func finish() throws
}

/// Standard output, buffered.
public final class StandardOutputSink: TextSink {
    private var buffer = Data()

    public init() {}

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public func finish() throws { flush() }

    private func flush() {
        FileHandle.standardOutput.write(buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// A file that is never seen half-written: the output goes to a temporary file beside the target,
/// renamed into place by `finish()`; if `finish()` is never reached, the temporary file is removed
/// and the target is left as it was.
public final class AtomicFileSink: TextSink {
    public let path: String
    private let temporaryPath: String
    private let handle: FileHandle
    private var buffer = Data()
    private var finished = false

    public init(path: String) throws {
        self.path = path
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        temporaryPath = folder.appendingPathComponent(".\(url.lastPathComponent).\(getpid()).\(UUID().uuidString).tmp").path
        guard FileManager.default.createFile(atPath: temporaryPath, contents: nil) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: temporaryPath])
        }
        handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporaryPath))
    }

    public func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= 1 << 20 { try flush() }
    }

    public func finish() throws {
        try flush()
        try handle.synchronize()
        try handle.close()
        if rename(temporaryPath, path) != 0 {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                          NSLocalizedDescriptionKey: String(cString: strerror(errno))])
        }
        finished = true
    }

    private func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    deinit {
        if !finished {
            try? handle.close()
            unlink(temporaryPath)
        }
    }
}
