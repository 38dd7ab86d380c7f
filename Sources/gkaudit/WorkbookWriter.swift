import Foundation
import GKXLSX

/// The supervisors' workbook of an audit, written while the findings are output: on a thread of its own (a
/// libxlsxwriter workbook stays on the thread that made it), or after the output when the audit runs on one thread.
/// The file itself is made only once the output is done, so what the library prints about it comes after the
/// output's messages, as when the two are written one after the other.
final class WorkbookWriter: @unchecked Sendable {
    /// Fills the workbook's sheets, runs `beforeClosing`, then makes the file.
    typealias Write = @Sendable (_ beforeClosing: () throws -> Void) throws(XLSXError) -> Void

    let path: String
    private let write: Write
    private let onOwnThread: Bool
    private let condition = NSCondition()
    /// Whether the output was written, once it is done.
    private var outputWritten: Bool?
    private var result: Result<Void, XLSXError>?

    /// Starts the workbook on its own thread when `onOwnThread`; otherwise nothing is done before `finish`.
    init(path: String, onOwnThread: Bool, _ write: @escaping Write) {
        self.path = path
        self.write = write
        self.onOwnThread = onOwnThread
        guard onOwnThread else { return }
        Thread.detachNewThread { [self] in
            let result = Result { () throws(XLSXError) in try write(waitForOutput) }
            condition.lock()
            self.result = result
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Called by the workbook's thread before it makes the file; throws when the output failed.
    private func waitForOutput() throws {
        condition.lock()
        defer { condition.unlock() }
        while outputWritten == nil { condition.wait() }
        guard outputWritten == true else { throw CancellationError() }
    }

    /// Once the output is done, the workbook finished (or, when the output failed, dropped) and what came of it.
    @discardableResult
    func finish(outputWritten: Bool) -> Result<Void, XLSXError> {
        guard onOwnThread else {
            return outputWritten ? Result { () throws(XLSXError) in try write {} } : .success(())
        }
        condition.lock()
        defer { condition.unlock() }
        self.outputWritten = outputWritten
        condition.broadcast()
        while result == nil { condition.wait() }
        return result!
    }
}
