import Foundation

/// Writes outputs so that nothing is ever half-written: to a temporary file beside the target,
/// then renamed into place.
public enum OutputFile {
    public static func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(text.utf8).write(to: url, options: .atomic)
    }
}
