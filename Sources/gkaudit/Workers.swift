import Dispatch
import Foundation

/// Work spread over threads: each thread keeps state of its own (a file reader) and takes the next run of
/// consecutive items in turn; results are handed over in item order, whatever the number of threads.
enum Workers {
    /// `work(&state, index)` for every index of `batches` (consecutive runs covering `0..<count` in order), on up to
    /// `jobs` threads that each take a whole run; `consume(index, result)` on the calling thread, in index order.
    /// Threads stay at most `window` items ahead of the consumer, so the results waiting at any time are bounded.
    /// When `consume` throws, the threads stop after their current item and the error is thrown.
    static func stream<State, Result: Sendable>(_ batches: [Range<Int>], jobs: Int, window: Int, progress: Progress? = nil,
                                                state makeState: @escaping @Sendable () -> State,
                                                _ work: @escaping @Sendable (inout State, Int) -> Result,
                                                consume: (Int, Result) throws -> Void) throws {
        guard jobs > 1, batches.count > 1 else {
            var state = makeState()
            for index in batches.joined() {
                let result = work(&state, index)
                progress?.advance()
                try consume(index, result)
            }
            return
        }
        let count = batches.last!.upperBound
        let queue = OrderedResults<Result>(batches, window: max(window, batches.map(\.count).max()!))
        let threads = DispatchGroup()
        for _ in 0..<min(jobs, batches.count) {
            DispatchQueue.global().async(group: threads) {
                var state = makeState()
                while let batch = queue.takeBatch() {
                    for index in batch {
                        guard queue.put(work(&state, index), at: index) else { return }
                        progress?.advance()
                    }
                }
            }
        }
        defer { threads.wait() }
        do {
            for index in 0..<count { try consume(index, queue.take(index)) }
        } catch {
            queue.cancel()
            throw error
        }
    }

    /// Runs of about `size` consecutive indices of `0..<count`.
    static func batches(_ count: Int, size: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: size).map { $0..<min($0 + size, count) }
    }

    /// The results between the threads and the consumer: a ring of `window` slots; a thread takes a run only when
    /// all of it fits in the window, and waits otherwise.
    private final class OrderedResults<Result: Sendable>: @unchecked Sendable {
        private let condition = NSCondition()
        private let batches: [Range<Int>]
        private var slots: [Result?]
        private var nextBatch = 0
        /// Items handed to the consumer so far.
        private var consumed = 0
        private var cancelled = false

        init(_ batches: [Range<Int>], window: Int) {
            self.batches = batches
            slots = Array(repeating: nil, count: window)
        }

        /// The next run to work on, once it fits in the window; nil when none is left (or the consumer stopped).
        func takeBatch() -> Range<Int>? {
            condition.lock()
            defer { condition.unlock() }
            while !cancelled, nextBatch < batches.count, batches[nextBatch].upperBound > consumed + slots.count {
                condition.wait()
            }
            guard !cancelled, nextBatch < batches.count else { return nil }
            nextBatch += 1
            return batches[nextBatch - 1]
        }

        /// Stores a result; false when the consumer has stopped.
        func put(_ result: Result, at index: Int) -> Bool {
            condition.lock()
            defer { condition.unlock() }
            slots[index % slots.count] = result
            condition.broadcast()
            return !cancelled
        }

        /// The result at `index`, once it is there (indices are taken in order).
        func take(_ index: Int) -> Result {
            condition.lock()
            defer { condition.unlock() }
            while slots[index % slots.count] == nil { condition.wait() }
            let result = slots[index % slots.count].take()!
            consumed = index + 1
            condition.broadcast()
            return result
        }

        func cancel() {
            condition.lock()
            defer { condition.unlock() }
            cancelled = true
            condition.broadcast()
        }
    }
}

/// `读取 1200/3000 份  每秒 240 份  约剩 0:06` on standard error, redrawn in place at most ten times a second
/// and cleared at the end. Only made for a terminal: nothing is drawn into redirected output.
final class Progress: @unchecked Sendable {
    private let lock = NSLock()
    private let label: String
    private let total: Int
    private let start = DispatchTime.now().uptimeNanoseconds
    private var done = 0
    private var drawn: UInt64 = 0

    /// A display for one phase, or nil when progress is not to be shown.
    static func make(_ label: String, total: Int, quiet: Bool) -> Progress? {
        quiet || isatty(2) == 0 || total == 0 ? nil : Progress(label: label, total: total)
    }

    private init(label: String, total: Int) {
        self.label = label
        self.total = total
    }

    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        let now = DispatchTime.now().uptimeNanoseconds
        guard now - drawn >= 100_000_000 || drawn == 0 else { return }
        drawn = now
        let seconds = Double(now - start) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        var line = "\r\(label) \(done)/\(total) 份"
        if seconds >= 0.5, rate > 0 {
            let left = Int((Double(total - done) / rate).rounded())
            line += "  每秒 \(Int(rate.rounded())) 份  约剩 \(left / 60):\(String(format: "%02d", left % 60))"
        }
        FileHandle.standardError.write(Data((line + "\u{1B}[K").utf8))
    }

    /// Clears the line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
