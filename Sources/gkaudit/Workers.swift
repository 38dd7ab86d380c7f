import Dispatch
import Foundation

/// Work spread over threads: each thread keeps state of its own (a file reader) and takes the next item
/// in turn; results come back in item order, whatever the number of threads.
enum Workers {
    /// `work(&state, index)` for every index in `0..<count`, on up to `jobs` threads; the results in index order.
    static func map<State, Result: Sendable>(_ count: Int, jobs: Int, progress: Progress? = nil,
                                             state makeState: @escaping @Sendable () -> State,
                                             _ work: @escaping @Sendable (inout State, Int) -> Result) -> [Result] {
        let next = Counter()
        return [Result](unsafeUninitializedCapacity: count) { slots, initialized in
            // Each index is taken by one thread only, so each slot is written once, by one thread.
            let base = Slots(base: slots.baseAddress)
            let worker: @Sendable (Int) -> Void = { _ in
                var state = makeState()
                while let index = next.take(below: count) {
                    (base.base! + index).initialize(to: work(&state, index))
                    progress?.advance()
                }
            }
            if jobs <= 1 || count <= 1 {
                worker(0)
            } else {
                DispatchQueue.concurrentPerform(iterations: min(jobs, count), execute: worker)
            }
            initialized = count
        }
    }

    /// The results' storage, written by the threads at indices none other takes.
    private struct Slots<Result>: @unchecked Sendable {
        let base: UnsafeMutablePointer<Result>?
    }

    /// The next index to take, shared by the threads.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0

        func take(below limit: Int) -> Int? {
            lock.lock()
            defer { lock.unlock() }
            guard value < limit else { return nil }
            value += 1
            return value - 1
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
