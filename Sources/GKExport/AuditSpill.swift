import Foundation
import GKModel

/// An audit's results on disk, written as the audit goes and read back by the exporters: each report's row (with
/// its cells) and findings, and the problems, in compact records. In memory stay only the counts and, per report,
/// its agency and year (`AgencyYearIndex`) and where its row is. The files are unlinked as soon as they are
/// created, so they vanish when the spill is released, whatever happens. One thread appends; once it is done and has
/// called `finishAppending()`, several threads may read the spill at once (each reader reads with `pread` at offsets
/// of its own).
public final class AuditSpill: AuditRecords, @unchecked Sendable {
    public let toolVersion: String
    public let rules: [RuleDescriptor]
    public var pairing: AuditOutput.Pairing?
    public private(set) var counts = AuditCounts()
    public private(set) var agencyYears = AgencyYearIndex()
    private let reports: SpillFile, findings: SpillFile, errors: SpillFile
    /// Where each report's record starts in `reports`.
    private var reportOffsets: [Int] = []

    public init(toolVersion: String, rules: [RuleDescriptor]) throws {
        self.toolVersion = toolVersion
        self.rules = rules
        reports = try SpillFile()
        findings = try SpillFile()
        errors = try SpillFile()
    }

    /// Adds the checks not evaluated on a report because cells were blank.
    public func addSkippedChecks(_ count: Int) { counts.skippedChecks += count }

    /// Appends a report's row and the findings listed under it.
    public func append(_ report: AuditOutput.ReportEntry, findings reportFindings: [Finding]) throws {
        reportOffsets.append(reports.size)
        agencyYears.append(agencyKey: report.agencyKey, file: report.file, year: report.year)
        counts.reports += 1
        var record = SpillEncoder()
        record.entry(report)
        record.integer(reportFindings.count)
        try reports.append(record)
        for finding in reportFindings {
            counts.count(finding)
            var record = SpillEncoder()
            record.finding(finding)
            try findings.append(record)
        }
    }

    public func append(_ problem: AuditOutput.Problem) throws {
        counts.errors += 1
        var record = SpillEncoder()
        record.string(problem.file)
        if let line = record.present(problem.line) { record.integer(line) }
        record.string(problem.message)
        try errors.append(record)
    }

    /// Writes out what is still buffered: from here on the spill is only read, and may be read by several threads.
    public func finishAppending() throws {
        for file in [reports, findings, errors] { try file.flush() }
    }

    public func forEachReport(_ body: (AuditOutput.ReportEntry) throws -> Void) throws {
        try reports.forEachRecord { record in try body(record.entry()) }
    }

    public func forEachReportWithFindings(_ body: (AuditOutput.ReportEntry, [Finding]) throws -> Void) throws {
        var reader = try findings.reader()
        try reports.forEachRecord { record in
            let entry = try record.entry()
            var listed: [Finding] = []
            for _ in 0..<(try record.integer()) {
                guard let finding = try reader.next({ try $0.finding() }) else { throw SpillError.truncated }
                listed.append(finding)
            }
            try body(entry, listed)
        }
    }

    public func forEachFinding(_ body: (Finding) throws -> Void) throws {
        try findings.forEachRecord { record in try body(record.finding()) }
    }

    public func forEachFindingCells(_ body: (FindingCells) throws -> Void) throws {
        try findings.forEachRecord { record in try body(record.findingCells()) }
    }

    public func forEachError(_ body: (AuditOutput.Problem) throws -> Void) throws {
        try errors.forEachRecord { record in
            try body(AuditOutput.Problem(file: record.string(), line: record.optional { try $0.integer() }, message: record.string()))
        }
    }

    public func report(at index: Int) throws -> AuditOutput.ReportEntry {
        try reports.withRecord(at: reportOffsets[index]) { try $0.entry() }
    }
}

/// A spill file could not be written or read back.
public enum SpillError: Error, CustomStringConvertible {
    case io(String, Int32)
    case truncated

    public var description: String {
        switch self {
        case .io(let operation, let code): return "暂存文件\(operation)失败：\(String(cString: strerror(code)))"
        case .truncated: return "暂存文件不完整"
        }
    }
}

/// A temporary file of length-prefixed records, written in order and read back in order or at a record's offset.
/// Unlinked at once: only its descriptor reaches it, and it is gone when closed.
final class SpillFile {
    private let descriptor: Int32
    private var pending: [UInt8] = []
    /// Bytes appended so far (written or pending).
    private(set) var size = 0

    init() throws {
        var template = Array((NSTemporaryDirectory() + "/gkaudit-spill-XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw SpillError.io("创建", errno) }
        unlink(String(cString: template))
        self.descriptor = descriptor
        pending.reserveCapacity(1 << 20)
    }

    deinit { close(descriptor) }

    func append(_ record: SpillEncoder) throws {
        var length = SpillEncoder()
        length.integer(record.bytes.count)
        pending += length.bytes
        pending += record.bytes
        size += length.bytes.count + record.bytes.count
        if pending.count >= 1 << 20 { try flush() }
    }

    /// Writes out the pending bytes; with none pending it changes nothing (so readers may call it at once).
    func flush() throws {
        guard !pending.isEmpty else { return }
        var written = 0
        while written < pending.count {
            let count = pending.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw SpillError.io("写入", errno) }
            written += count
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// A reader from a record's offset (what was appended so far is written out first): large blocks to read in
    /// order, small ones to read one record.
    func reader(from offset: Int = 0, blockSize: Int = 1 << 20) throws -> SpillReader {
        try flush()
        return SpillReader(descriptor: descriptor, offset: offset, end: size, blockSize: blockSize)
    }

    func forEachRecord(_ body: (inout SpillDecoder) throws -> Void) throws {
        var reader = try reader()
        while try reader.next(body) != nil {}
    }

    /// `body` of the record at `offset`.
    func withRecord<T>(at offset: Int, _ body: (inout SpillDecoder) throws -> T) throws -> T {
        var reader = try reader(from: offset, blockSize: 4096)
        guard let value = try reader.next(body) else { throw SpillError.truncated }
        return value
    }
}

/// Reads a spill file's records in order, through a buffer of `blockSize` bytes or more.
struct SpillReader {
    private let descriptor: Int32
    /// The next byte to read from the file, and the file's end.
    private var offset: Int
    private let end: Int
    private let blockSize: Int
    private var buffer: [UInt8] = []
    private var position = 0

    init(descriptor: Int32, offset: Int, end: Int, blockSize: Int) {
        self.descriptor = descriptor
        self.offset = offset
        self.end = end
        self.blockSize = blockSize
    }

    /// `body` of the next record (its bytes are valid only during the call), nil at the end.
    mutating func next<T>(_ body: (inout SpillDecoder) throws -> T) throws -> T? {
        let unread = end - offset + buffer.count - position
        guard unread > 0 else { return nil }
        try fill(atLeast: min(10, unread))
        let start = position
        let (length, header) = try buffer.withUnsafeBufferPointer { bytes in
            var header = SpillDecoder(UnsafeBufferPointer(rebasing: bytes[start...]))
            return (try header.integer(), header.position)
        }
        guard length >= 0 else { throw SpillError.truncated }
        position += header
        try fill(atLeast: length)
        let recordStart = position
        position += length
        return try buffer.withUnsafeBufferPointer { bytes in
            var record = SpillDecoder(UnsafeBufferPointer(rebasing: bytes[recordStart..<(recordStart + length)]))
            return try body(&record)
        }
    }

    /// Keeps at least `count` unread bytes in the buffer.
    private mutating func fill(atLeast count: Int) throws {
        let missing = count - (buffer.count - position)
        guard missing > 0 else { return }
        guard missing <= end - offset else { throw SpillError.truncated }
        buffer.removeSubrange(..<position)
        position = 0
        let wanted = min(max(missing, blockSize), end - offset)
        let start = buffer.count
        buffer += repeatElement(0, count: wanted)
        var got = 0
        while got < wanted {
            let count = buffer.withUnsafeMutableBytes {
                pread(descriptor, $0.baseAddress! + start + got, wanted - got, off_t(offset + got))
            }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { throw SpillError.io("读取", errno) }
            got += count
        }
        offset += wanted
    }
}

/// A record's bytes: whole numbers as variable-length zigzag integers, text as UTF-8 with its length, an optional
/// as a flag and the value.
struct SpillEncoder {
    private(set) var bytes: [UInt8] = []

    mutating func integer(_ value: Int) {
        var rest = UInt64(bitPattern: Int64(value) << 1 ^ Int64(value) >> 63)
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            integer(utf8.count)
            bytes.append(contentsOf: utf8)
        }
    }

    /// Marks whether an optional is there, and gives it back to be written next.
    mutating func present<T>(_ value: T?) -> T? {
        bytes.append(value == nil ? 0 : 1)
        return value
    }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    mutating func entry(_ report: AuditOutput.ReportEntry) {
        string(report.file)
        if let value = present(report.agency) { string(value) }
        if let value = present(report.year) { integer(value) }
        string(report.format.rawValue)
        if let value = present(report.agencyKey) { string(value) }
        integer(report.cells.count)
        for cell in report.cells {
            switch cell {
            case nil: bytes.append(0)
            case .integer(let value)?: bytes.append(1); integer(value)
            case .decimal(let value)?: bytes.append(2); string(value.description)
            case .text(let value)?: bytes.append(3); string(value)
            }
        }
    }

    mutating func finding(_ finding: Finding) {
        string(finding.rule)
        string(finding.severity.rawValue)
        string(finding.title)
        string(finding.file)
        if let value = present(finding.line) { integer(value) }
        string(finding.message)
        for value in [finding.expected, finding.actual, finding.difference] {
            if let value = present(value) { self.value(value) }
        }
        integer(finding.terms.count)
        for term in finding.terms {
            string(term.cell.description)
            if let value = present(term.value) { self.value(value) }
            if let value = present(term.line) { integer(value) }
            bool(term.isPreviousYear)
        }
        if let value = present(finding.evidence) { string(value) }
        if let value = present(finding.agency) { string(value) }
        if let value = present(finding.year) { integer(value) }
        string(finding.fingerprint)
        if let value = present(finding.suppression) { string(value) }
    }

    private mutating func value(_ value: FindingValue) {
        switch value {
        case .integer(let value): bytes.append(0); integer(value)
        case .decimal(let value): bytes.append(1); string(value.description)
        case .date(let date): bytes.append(2); integer(date.year); integer(date.month); integer(date.day)
        case .text(let value): bytes.append(3); string(value)
        }
    }
}

/// Reads back what `SpillEncoder` wrote, in the same order, from a record's bytes.
struct SpillDecoder {
    private let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    private mutating func byte() throws -> UInt8 {
        guard position < bytes.count else { throw SpillError.truncated }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func integer() throws -> Int {
        var value: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = try byte()
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { break }
            shift += 7
        }
        return Int(Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1))
    }

    /// A text's UTF-8 bytes, without making a String.
    mutating func utf8() throws -> UnsafeBufferPointer<UInt8> {
        let count = try integer()
        guard count >= 0, position + count <= bytes.count else { throw SpillError.truncated }
        defer { position += count }
        return UnsafeBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func string() throws -> String { String(decoding: try utf8(), as: UTF8.self) }

    /// An optional written after `SpillEncoder.present`'s mark: read by `read` when it is there.
    mutating func optional<T>(_ read: (inout SpillDecoder) throws -> T) throws -> T? {
        try byte() == 0 ? nil : read(&self)
    }

    mutating func bool() throws -> Bool { try byte() != 0 }

    private mutating func decimal() throws -> Decimal {
        let text = try string()
        guard let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) else { throw SpillError.truncated }
        return value
    }

    mutating func entry() throws -> AuditOutput.ReportEntry {
        let file = try string(), agency = try optional { try $0.string() }, year = try optional { try $0.integer() }
        let format = FormatVersion(rawValue: try string()) ?? .v2021
        let agencyKey = try optional { try $0.string() }
        var cells: [CellValue?] = []
        let count = try integer()
        cells.reserveCapacity(count)
        for _ in 0..<count {
            switch try byte() {
            case 0: cells.append(nil)
            case 1: cells.append(.integer(try integer()))
            case 2: cells.append(.decimal(try decimal()))
            default: cells.append(.text(try string()))
            }
        }
        return AuditOutput.ReportEntry(file: file, agency: agency, year: year, format: format, agencyKey: agencyKey, cells: cells)
    }

    private mutating func severity() throws -> Severity {
        let name = try utf8()
        return Severity.allCases.first { $0.rawValue.utf8.count == name.count && $0.rawValue.utf8.elementsEqual(name) } ?? .error
    }

    mutating func finding() throws -> Finding {
        let rule = try string(), severity = try severity(), title = try string()
        let file = try string(), line = try optional { try $0.integer() }, message = try string()
        let expected = try optional { try $0.value() }, actual = try optional { try $0.value() }, difference = try optional { try $0.value() }
        var terms: [FindingTerm] = []
        for _ in 0..<(try integer()) {
            guard let cell = CellPath(try string()) else { throw SpillError.truncated }
            terms.append(FindingTerm(cell: cell, value: try optional { try $0.value() }, line: try optional { try $0.integer() },
                                     isPreviousYear: try bool()))
        }
        return Finding(rule: rule, severity: severity, title: title, file: file, line: line, message: message,
                       expected: expected, actual: actual, difference: difference, terms: terms,
                       evidence: try optional { try $0.string() }, agency: try optional { try $0.string() }, year: try optional { try $0.integer() },
                       fingerprint: try string(), suppression: try optional { try $0.string() })
    }

    /// What the workbook shows of a finding: its texts as bytes, its terms and fingerprint passed over.
    mutating func findingCells() throws -> FindingCells {
        let rule = try utf8(), severity = try severity(), title = try utf8()
        let file = try utf8(), line = try optional { try $0.integer() }, message = try utf8()
        let expected = try optional { try $0.value() }, actual = try optional { try $0.value() }, difference = try optional { try $0.value() }
        for _ in 0..<(try integer()) {
            _ = try utf8()
            _ = try optional { try $0.value() }
            _ = try optional { try $0.integer() }
            _ = try bool()
        }
        let evidence = try optional { try $0.utf8() }, agency = try optional { try $0.utf8() }, year = try optional { try $0.integer() }
        _ = try utf8()
        return FindingCells(rule: rule, severity: severity, title: title, file: file, line: line, message: message,
                            expected: expected, actual: actual, difference: difference, evidence: evidence, agency: agency,
                            year: year, isSuppressed: try optional { try $0.utf8() } != nil)
    }

    private mutating func value() throws -> FindingValue {
        switch try byte() {
        case 0: return .integer(try integer())
        case 1: return .decimal(try decimal())
        case 2: return .date(CalendarDate(year: try integer(), month: try integer(), day: try integer()))
        default: return .text(try string())
        }
    }
}
