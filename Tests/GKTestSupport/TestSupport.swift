import Foundation

/// Paths shared by the test targets.
public enum TestFiles {
    /// The repository root: this file is Tests/GKTestSupport/TestSupport.swift.
    public static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The five seed reports in Fixtures/seeds, by name.
    public static let seedNames = [
        "000_e8ec6a5d6c0a1c89.txt",
        "001_1705811733659c39.txt",
        "002_f90b525eb7280150.txt",
        "003_f6478d7b7b0e6afc.txt",
        "004_b35dc0beff817749.txt",
    ]
}

/// A temporary folder removed when the value is released.
public final class TemporaryFolder: @unchecked Sendable {
    public let url: URL
    public var path: String { url.path }

    public init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("gkaudit-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    public func file(_ name: String) -> String { url.appendingPathComponent(name).path }

    @discardableResult
    public func write(_ name: String, _ data: Data) throws -> String {
        let path = file(name)
        try data.write(to: URL(fileURLWithPath: path))
        return path
    }

    deinit {
        // Restore permissions so that removal never fails on a chmod 000 file.
        if let names = try? FileManager.default.contentsOfDirectory(atPath: url.path) {
            for name in names { chmod(url.appendingPathComponent(name).path, 0o644) }
        }
        try? FileManager.default.removeItem(at: url)
    }
}
