import CoreFoundation
import Foundation
import GKModel

/// How a generated file is encoded.
public enum SynthEncoding: String, CaseIterable, Sendable {
    case utf8 = "UTF-8"
    case utf8BOM = "UTF-8 (BOM)"
    case gb18030 = "GB18030"
    case utf16LE = "UTF-16LE"
    case utf16BE = "UTF-16BE"

    /// Foundation's GB18030 (Linux has no GBK constant; GB18030 covers it).
    static let gb18030Encoding = String.Encoding(rawValue: CFStringConvertEncodingToNSStringEncoding(
        CFStringEncoding(CFStringEncodings.GB_18030_2000.rawValue)))

    func bytes(_ text: String) -> [UInt8] {
        switch self {
        case .utf8: return Array(text.utf8)
        case .utf8BOM: return [0xEF, 0xBB, 0xBF] + Array(text.utf8)
        case .gb18030: return text.data(using: Self.gb18030Encoding).map { Array($0) } ?? Array(text.utf8)
        case .utf16LE, .utf16BE:
            var out: [UInt8] = self == .utf16LE ? [0xFF, 0xFE] : [0xFE, 0xFF]
            out.reserveCapacity(2 + text.utf16.count * 2)
            for unit in text.utf16 {
                let (high, low) = (UInt8(unit >> 8), UInt8(unit & 0xFF))
                if self == .utf16LE { out.append(low); out.append(high) } else { out.append(high); out.append(low) }
            }
            return out
        }
    }
}

/// What `gkaudit synth` is asked for.
public struct SynthOptions: Sendable {
    public var count: Int
    public var seed: UInt64
    /// Agencies get two consecutive years, filed as `corpus/<agency>/<year>.txt`.
    public var pairs: Bool
    /// The share of reports (0…1) with exactly one injected error.
    public var errorRate: Double

    public init(count: Int, seed: UInt64, pairs: Bool = false, errorRate: Double = 0.3) {
        self.count = count
        self.seed = seed
        self.pairs = pairs
        self.errorRate = errorRate
    }
}

/// One generated file and its line of the truth file.
public struct SynthFile: Sendable {
    /// Relative to the output folder.
    public let path: String
    public let bytes: [UInt8]
    /// The JSON object (one line) that `truth.jsonl` holds for it.
    public let truth: String
    public let layout: SynthLayout
    public let encoding: SynthEncoding
    public let crlf: Bool
    public let cells: SynthCells
    public let injected: InjectedError?
}

/// The plan of one agency: its years and the error (if any) of each report.
struct UnitPlan: Sendable {
    let index: Int
    let years: [Int]
    let errors: [ErrorKind?]
    var fileCount: Int { years.count + (errors.contains(.duplicateReport) ? 1 : 0) }
}

/// Writes a corpus of realistic reports with known content and known errors (the ground truth of the audit).
public enum SynthCorpus {
    /// Plans the corpus: which agencies, which years, which errors. Cheap and sequential, so the
    /// number of files is exactly `count` whatever the seed.
    static func plan(_ options: SynthOptions) -> [UnitPlan] {
        var units: [UnitPlan] = []
        var produced = 0
        var index = 0
        while produced < options.count {
            var rng = SynthRandom(seed: options.seed, stream: UInt64(index), purpose: 1)
            let remaining = options.count - produced
            let years: [Int]
            if options.pairs, remaining >= 2, rng.chance(90) {
                let later = rng.int(2022...2025)
                years = [later - 1, later]
            } else {
                years = [rng.int(2021...2025)]
            }
            var errors: [ErrorKind?] = []
            var files = years.count
            for position in years.indices {
                let where_: ErrorKind.Position = years.count == 1 ? .single
                    : position == 0 ? .earlier : .later(previousClean: errors[0] == nil)
                guard rng.chance(share: options.errorRate) else { errors.append(nil); continue }
                var kinds = ErrorKind.applicable(at: where_)
                if files + 1 > remaining { kinds.removeAll { $0 == .duplicateReport } }
                // In a corpus of pairs the cross-year errors (later year) and misfiling (single years) have few
                // places to go: give them more weight there, so every rule is well covered.
                let weights = kinds.map { kind -> Int in
                    guard options.pairs else { return 1 }
                    if kind.isCrossYear { return 4 }
                    return kind == .misfiled ? 8 : 1
                }
                let kind = kinds[rng.weighted(weights)]
                if kind == .duplicateReport { files += 1 }
                errors.append(kind)
            }
            units.append(UnitPlan(index: index, years: years, errors: errors))
            produced += files
            index += 1
        }
        return units
    }

    /// The files of one agency (one or two years, and a duplicate when planned).
    static func files(of unit: UnitPlan, options: SynthOptions) -> [SynthFile] {
        let agency = SynthAgency(index: unit.index, salt: options.seed)
        var rng = SynthRandom(seed: options.seed, stream: UInt64(unit.index), purpose: 2)
        let base = rng.int(0...1_000)
        var files: [SynthFile] = []
        var previous: (cells: SynthCells, year: Int)?
        for (position, year) in unit.years.enumerated() {
            let kind = unit.errors[position]
            var reportRNG = SynthRandom(seed: options.seed, stream: UInt64(unit.index), purpose: 3 + UInt64(position))
            let cells = Figures.make(&reportRNG, agency: agency, previous: previous?.cells, needs: kind?.needs ?? [])
            let deadlineMonth = agency.isGovernment ? 3 : 1
            let published = CalendarDate(year: year + 1, month: reportRNG.int(1...deadlineMonth),
                                         day: reportRNG.int(deadlineMonth == 1 ? 6...30 : 1...28))
            var story = Story(year: year, published: published)
            if reportRNG.chance(10) { story.dataDate = CalendarDate(year: year + 1, month: 1, day: reportRNG.int(5...20)) }
            var draft = ReportDraft(cells: cells, story: story, layout: pickLayout(&reportRNG))
            var injected: InjectedError?
            if let kind {
                injected = Injector.inject(kind, into: &draft, year: year, isGovernment: agency.isGovernment,
                                           previous: previous?.cells, previousText: {
                                               Prose.paragraph(.problems, base: base, year: year - 1, we: agency.selfReference,
                                                               agency: agency.name)
                                           }, rng: &reportRNG)
            }
            let encoding = pickEncoding(&reportRNG, layout: draft.layout)
            let crlf = draft.layout != .docx && reportRNG.chance(6)
            let filedYear = draft.filedYear ?? year
            let path = options.pairs ? "corpus/\(agency.name)/\(filedYear).\(draft.layout.fileExtension)"
                : "reports/\(filedYear)/\(pad(unit.index))_\(agency.name).\(draft.layout.fileExtension)"
            let prior = previous?.year == year - 1 ? previous?.cells : nil
            files.append(file(path: path, agency: agency, base: base, year: year, draft: draft, previous: prior,
                              encoding: encoding, crlf: crlf, injected: injected, rng: &reportRNG))
            if kind == .duplicateReport {
                // The corrected copy: the same report, written again in another layout.
                var copy = draft
                copy.layout = pickLayout(&reportRNG)
                let copyPath = options.pairs ? "corpus/\(agency.name)/\(year)-更正.\(copy.layout.fileExtension)"
                    : "reports/\(year)/\(pad(unit.index))_\(agency.name)-更正.\(copy.layout.fileExtension)"
                files.append(file(path: copyPath, agency: agency, base: base, year: year, draft: copy, previous: prior,
                                  encoding: .utf8, crlf: false, injected: injected, rng: &reportRNG))
            }
            previous = (draft.cells, year)
        }
        return files
    }

    private static func file(path: String, agency: SynthAgency, base: Int, year: Int, draft: ReportDraft,
                             previous: SynthCells?, encoding: SynthEncoding, crlf: Bool, injected: InjectedError?,
                             rng: inout SynthRandom) -> SynthFile {
        var writer = ReportWriter(agency: agency, base: base, year: year, cells: draft.cells, previous: previous,
                                  story: draft.story, wording: draft.wording, layout: draft.layout,
                                  damagedRow: draft.damagedRow, rng: SynthRandom(seed: rng.next()))
        var text = writer.render()
        if draft.layout == .html {
            var page = HTMLPage(title: agency.name, charset: encoding == .gb18030 ? rng.pick(["gbk", "GB2312", "gb18030"]) : "utf-8",
                                rng: SynthRandom(seed: rng.next()))
            text = page.render(DocumentBlocks.blocks(text, tables: writer.tables), place: agency.place)
        }
        if crlf {
            // Byte by byte: Foundation's replacingOccurrences costs more than writing the whole report.
            var bytes: [UInt8] = []
            bytes.reserveCapacity(text.utf8.count + text.utf8.count / 16)
            for byte in text.utf8 {
                if byte == UInt8(ascii: "\n") { bytes.append(UInt8(ascii: "\r")) }
                bytes.append(byte)
            }
            text = String(decoding: bytes, as: UTF8.self)
        }
        let bytes = draft.layout == .docx ? WordDocument.bytes(DocumentBlocks.blocks(text, tables: writer.tables))
            : encoding.bytes(text)
        let truth = Truth.line(file: path, agency: agency.name, year: year, layout: draft.layout, encoding: encoding,
                               crlf: crlf, cells: draft.cells, injected: injected)
        return SynthFile(path: path, bytes: bytes, truth: truth, layout: draft.layout, encoding: encoding,
                         crlf: crlf, cells: draft.cells, injected: injected)
    }

    private static func pad(_ n: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Text layouts four reports in five; web pages one in ten, Word documents one in twelve.
    static func pickLayout(_ rng: inout SynthRandom) -> SynthLayout {
        let layouts: [SynthLayout] = [.tabMerged, .tabFlat, .cellPerLine, .plainCells, .pdfLayout, .pdfLayoutNarrow, .markdown,
                                      .spaces, .html, .docx]
        return layouts[rng.weighted([17, 8, 15, 6, 12, 7, 9, 8, 10, 8])]
    }

    /// A web page is UTF-8 or GBK (written as GB18030) as its `<meta>` says; a Word document's XML is UTF-8.
    static func pickEncoding(_ rng: inout SynthRandom, layout: SynthLayout) -> SynthEncoding {
        switch layout {
        case .html: return rng.chance(60) ? .utf8 : .gb18030
        case .docx: return .utf8
        default: return [.utf8, .utf8BOM, .gb18030, .utf16LE, .utf16BE][rng.weighted([80, 5, 7, 4, 4])]
        }
    }

    /// Every file of the corpus, in order (for tests and small corpora; `write` streams instead).
    public static func generate(_ options: SynthOptions) -> [SynthFile] {
        plan(options).flatMap { files(of: $0, options: options) }
    }

    /// What a run wrote.
    public struct Summary: Sendable {
        public var files = 0
        public var bytes = 0
        public var injected = 0
    }

    /// Writes the corpus and `truth.jsonl` under `folder`, generating on every core (the output does not
    /// depend on how the work is split).
    public static func write(_ options: SynthOptions, to folder: String) throws -> Summary {
        let units = plan(options)
        let fm = FileManager.default
        try fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let chunkSize = 256
        let chunks = stride(from: 0, to: units.count, by: chunkSize).map { $0..<min($0 + chunkSize, units.count) }
        let createdFolders = FolderSet()
        let truthPath = folder + "/truth.jsonl"
        let truthFile = open(truthPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard truthFile >= 0 else { throw SynthError.cannotWrite(truthPath) }
        defer { close(truthFile) }
        var summary = Summary()
        // A few chunks per round on every core, then their truth lines in order: memory stays bounded.
        let perRound = 16
        for round in stride(from: 0, to: chunks.count, by: perRound) {
            let batch = round..<min(round + perRound, chunks.count)
            let results = ResultSlots(count: batch.count)
            DispatchQueue.concurrentPerform(iterations: batch.count) { offset in
                var truth = ""
                var part = Summary()
                var failure: String?
                for unit in units[chunks[batch.lowerBound + offset]] {
                    for file in files(of: unit, options: options) {
                        let full = folder + "/" + file.path
                        let parent = (full as NSString).deletingLastPathComponent
                        createdFolders.ensure(parent)
                        if !writeBytes(file.bytes, to: full) { failure = failure ?? full }
                        truth += file.truth
                        truth += "\n"
                        part.files += 1
                        part.bytes += file.bytes.count
                        if file.injected != nil { part.injected += 1 }
                    }
                }
                results.set(offset, (truth, part, failure))
            }
            for offset in 0..<batch.count {
                let (text, part, failure) = results.get(offset)
                if let failure { throw SynthError.cannotWrite(failure) }
                guard writeBytes(Array(text.utf8), to: truthFile) else { throw SynthError.cannotWrite(truthPath) }
                summary.files += part.files
                summary.bytes += part.bytes
                summary.injected += part.injected
            }
        }
        return summary
    }

    private static func writeBytes(_ bytes: [UInt8], to path: String) -> Bool {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return writeBytes(bytes, to: fd)
    }

    private static func writeBytes(_ bytes: [UInt8], to fd: Int32) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Foundation.write(fd, $0.baseAddress, $0.count) }
            if written <= 0 { return false }
            offset += written
        }
        return true
    }
}

public enum SynthError: Error, CustomStringConvertible {
    case cannotWrite(String)

    public var description: String {
        switch self {
        case .cannotWrite(let path): return "无法写入 \(path)"
        }
    }
}

/// Per-chunk results, filled from concurrent workers.
private final class ResultSlots: @unchecked Sendable {
    private var slots: [(String, SynthCorpus.Summary, String?)]
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: ("", SynthCorpus.Summary(), nil), count: count) }

    func set(_ index: Int, _ value: (String, SynthCorpus.Summary, String?)) { lock.withLock { slots[index] = value } }
    func get(_ index: Int) -> (String, SynthCorpus.Summary, String?) { lock.withLock { slots[index] } }
}

/// Folders already created (so each is made once).
private final class FolderSet: @unchecked Sendable {
    private var folders = Set<String>()
    private let lock = NSLock()

    /// Makes `folder` (and its parents) once. The folder is made while the lock is held, so that no thread
    /// goes on to write into a folder another thread has claimed but not yet made.
    func ensure(_ folder: String) {
        lock.withLock {
            if folders.insert(folder).inserted {
                try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            }
        }
    }
}

/// The truth file's lines: one JSON object per report.
enum Truth {
    /// What comes before each cell's value in the `cells` object, in canonical order
    /// (`"disclosure":{"regulations":{"issued":`, then `,"repealed":`, …), made once.
    static let cellKeys: [String] = {
        var keys: [String] = []
        var table: TableID?
        var row: String?
        SynthCells().forEachCell { id, spec, column, _ in
            var key = ""
            if id != table {
                if table != nil { key += "}}," }
                key += "\"\(id.rawValue)\":{"
                table = id
                row = nil
            }
            if spec.id != row {
                if row != nil { key += "}," }
                key += "\"\(spec.id)\":{"
                row = spec.id
            } else {
                key += ","
            }
            keys.append(key + "\"\(spec.columns[column].id)\":")
        }
        return keys
    }()

    static func line(file: String, agency: String, year: Int, layout: SynthLayout, encoding: SynthEncoding, crlf: Bool,
                     cells: SynthCells, injected: InjectedError?) -> String {
        var out = "{\"file\":" + JSONText.quoted(file)
        out += ",\"agency\":" + JSONText.quoted(agency)
        out += ",\"year\":\(year),\"layout\":\"\(layout.rawValue)\",\"encoding\":\"\(encoding.rawValue)\""
        out += ",\"line_endings\":\"\(crlf ? "CRLF" : "LF")\",\"cells\":{"
        var index = 0
        cells.forEachCell { _, _, _, value in
            out += cellKeys[index]
            out += value.json
            index += 1
        }
        out += "}}}"
        if let injected {
            out += ",\"expected_rules\":[" + injected.rules.map { "\"\($0)\"" }.joined(separator: ",") + "]"
            out += ",\"injected\":{\"kind\":\"\(injected.kind.rawValue)\",\"description\":" + JSONText.quoted(injected.description) + "}}"
        } else {
            out += ",\"expected_rules\":[],\"injected\":null}"
        }
        return out
    }
}
