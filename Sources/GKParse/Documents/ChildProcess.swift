import Foundation

/// Runs a helper program (pdftotext) on bytes it is fed on standard input, within bounds: a time limit and a
/// cap on what it writes. Plain POSIX calls (posix_spawn, poll), so that nothing but the child and its three
/// descriptors is involved, and each run stands alone: runs on several threads do not meet.
enum ChildProcess {
    /// What a run that came to its end gave.
    struct Finished {
        /// The exit status; nil when a signal ended the program.
        var status: Int32?
        var output: [UInt8]
        /// Standard error, its first `errorLimit` bytes.
        var errors: [UInt8]
    }

    /// Why a run did not come to its end. The program is killed (and waited for) in every case but the first.
    enum Failure: Error, Equatable {
        case couldNotStart(errno: Int32)
        case timedOut
        case outputTooLarge
    }

    /// How much of standard error is kept (the rest is read and dropped).
    static let errorLimit = 64 * 1024

    /// The first executable file called `name` in the folders of `searchPath` (a `PATH` value); nil if none.
    static func locate(_ name: String, searchPath: String) -> String? {
        for folder in searchPath.split(separator: ":") where !folder.isEmpty {
            let candidate = folder + "/" + name
            var info = stat()
            if stat(candidate, &info) == 0, info.st_mode & S_IFMT == S_IFREG, access(candidate, X_OK) == 0 {
                return candidate
            }
        }
        return nil
    }

    /// Runs `program` with `arguments`, writing `input` to its standard input and reading its standard output
    /// and error as they come, until it ends, `seconds` pass or it writes more than `outputLimit` bytes.
    static func run(_ program: String, arguments: [String], input: UnsafeBufferPointer<UInt8>,
                    seconds: Double, outputLimit: Int) throws(Failure) -> Finished {
        // Socket pairs rather than pipes: made with close-on-exec at once (no other thread's child inherits one),
        // and writing to a program that stopped reading is an error (MSG_NOSIGNAL), not a SIGPIPE ending this
        // process. Standard input, output and error: the parent's end, then the child's.
        var ends: [Int32] = [-1, -1, -1, -1, -1, -1]
        defer { for fd in ends where fd >= 0 { close(fd) } }
        let made = ends.withUnsafeMutableBufferPointer { ends in
            stride(from: 0, to: 6, by: 2).allSatisfy { pair in
                socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, ends.baseAddress! + pair) == 0
            }
        }
        guard made else { throw .couldNotStart(errno: errno) }
        // None of them may be 0, 1 or 2 (when this process runs with one of those closed): the child's dup2s would
        // then overwrite one another.
        for index in ends.indices where ends[index] < 3 {
            let moved = fcntl(ends[index], F_DUPFD_CLOEXEC, 3)
            close(ends[index])
            ends[index] = moved
            guard moved >= 0 else { throw .couldNotStart(errno: errno) }
        }
        let pid = try spawn(program, arguments: arguments, input: ends[1], output: ends[3], errors: ends[5])
        for child in [1, 3, 5] {
            close(ends[child])
            ends[child] = -1
        }
        for parent in [0, 2, 4] { _ = fcntl(ends[parent], F_SETFL, fcntl(ends[parent], F_GETFL) | O_NONBLOCK) }

        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        var written = 0, output: [UInt8] = [], errors: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        func stop(_ failure: Failure) -> Failure {
            kill(pid, SIGKILL)
            _ = reap(pid, until: nil)
            return failure
        }
        /// Closes a parent's end (the input once written or refused, an output at its end).
        func finish(_ index: Int) {
            close(ends[index])
            ends[index] = -1
        }

        while ends[2] >= 0 || ends[4] >= 0 {
            if ends[0] >= 0, written == input.count { finish(0) }
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { throw stop(.timedOut) }
            // poll passes over negative descriptors: those already closed.
            var fds = [pollfd(fd: ends[0], events: Int16(POLLOUT), revents: 0),
                       pollfd(fd: ends[2], events: Int16(POLLIN), revents: 0),
                       pollfd(fd: ends[4], events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 3, Int32(min((deadline - now) / 1_000_000 + 1, 1000))) < 0 {
                if errno == EINTR { continue }
                throw stop(.couldNotStart(errno: errno))
            }
            if fds[0].revents != 0 {
                let sent = send(ends[0], input.baseAddress! + written, min(input.count - written, chunk.count), Int32(MSG_NOSIGNAL))
                if sent > 0 { written += sent }
                // The program stopped reading (it saw enough, or gave up): what it says is its answer.
                else if errno != EAGAIN, errno != EINTR { finish(0) }
            }
            for (index, ready) in [(2, fds[1]), (4, fds[2])] where ready.revents != 0 {
                let got = chunk.withUnsafeMutableBytes { read(ends[index], $0.baseAddress!, $0.count) }
                if got > 0, index == 2 {
                    output.append(contentsOf: chunk[..<got])
                    if output.count > outputLimit { throw stop(.outputTooLarge) }
                } else if got > 0 {
                    errors.append(contentsOf: chunk[..<min(got, max(0, errorLimit - errors.count))])
                } else if got == 0 || (errno != EAGAIN && errno != EINTR) {
                    finish(index)
                }
            }
        }
        guard let status = reap(pid, until: deadline) else { throw stop(.timedOut) }
        return Finished(status: status & 0x7f == 0 ? (status >> 8) & 0xff : nil, output: output, errors: errors)
    }

    private static func spawn(_ program: String, arguments: [String],
                              input: Int32, output: Int32, errors: Int32) throws(Failure) -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input, 0)
        posix_spawn_file_actions_adddup2(&actions, output, 1)
        posix_spawn_file_actions_adddup2(&actions, errors, 2)
        let argv = ([program] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid = pid_t()
        // ETXTBSY: the program file is still open for writing somewhere (being installed, or written just now
        // while another thread forked); it passes in a moment.
        for attempt in 1...5 {
            let result = posix_spawn(&pid, program, &actions, nil, argv, environ)
            if result == 0 { return pid }
            guard result == ETXTBSY, attempt < 5 else { throw .couldNotStart(errno: result) }
            usleep(UInt32(20_000 * attempt))
        }
        throw .couldNotStart(errno: ETXTBSY)
    }

    /// The program's wait status once it has ended, waiting until `deadline` (uptime nanoseconds; nil: as long
    /// as it takes); nil when the deadline passes first.
    private static func reap(_ pid: pid_t, until deadline: UInt64?) -> Int32? {
        var status: Int32 = 0
        while true {
            let result = waitpid(pid, &status, deadline == nil ? 0 : WNOHANG)
            if result == pid { return status }
            // With SIGCHLD ignored the system reaps children itself: no status to learn, the output tells.
            if result < 0, errno != EINTR { return 0 }
            if let deadline, DispatchTime.now().uptimeNanoseconds >= deadline { return nil }
            if result == 0 { usleep(2000) }
        }
    }
}
