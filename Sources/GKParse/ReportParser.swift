import Foundation
import GKModel

/// Parses one report's text into the canonical model. Never fails: what cannot be found is
/// recorded as absent or missing, for the rules to report.
public enum ReportParser {
    /// Decodes and parses a file's bytes, read as the kind of document its name says (`DocumentKind(path:)`).
    public static func parse(data: Data, file: String) throws(ReadError) -> (report: Report, encoding: TextEncoding) {
        try data.withUnsafeBytes { raw in
            Result { () throws(ReadError) in try parse(bytes: raw.assumingMemoryBound(to: UInt8.self), file: file) }
        }.get()
    }

    /// Decodes and parses a file's bytes (borrowed: nothing is kept of them), read as the kind of document
    /// its name says. With `tables: false` only the metadata, sections and lines are read, the tables left
    /// empty: the same metadata for a third of the work.
    static func parse(bytes: UnsafeBufferPointer<UInt8>, file: String,
                      tables: Bool = true) throws(ReadError) -> (report: Report, encoding: TextEncoding) {
        let kind = DocumentKind(path: file)
        if kind == .text {
            let (text, encoding) = try TextDecoder.normalizedText(bytes)
            return (parse(text, file: file, tables: tables), encoding)
        }
        let document = try DocumentText.read(bytes, kind: kind)
        let text = try document.text.withUnsafeBufferPointer { utf8 throws(ReadError) in
            guard let text = Normalizer.read(utf8: utf8) else { throw ReadError.undecodable }
            return text
        }
        return (parse(text, file: file, tables: tables), document.encoding)
    }

    /// Parses text (already decoded).
    public static func parse(text: String, file: String) -> Report {
        parse(Normalizer.read(text), file: file)
    }

    /// Parses the normalised text of a report.
    private static func parse(_ text: NormalizedText, file: String, tables readsTables: Bool = true) -> Report {
        let lines = text.lines, marks = text.marks
        let headings = SectionLocator.headings(in: lines, marks: marks)
        let sections = makeSections(headings, lines: lines)
        let regions = tableRegions(headings, lines: lines)
        let format = detectFormat(lines: lines, regions: regions)

        var tables: [TableID: ReportTable] = [:]
        if readsTables {
            let reader = TableReader(lines: lines, format: format)
            for id in TableID.allCases {
                tables[id] = reader.read(id, region: regions[id])
            }
            // A run-together 新收 row the identities could not split one way: the text may say how many were received.
            if var applications = tables[.applications], applications.repairs.contains(where: { $0.outcome == .ambiguous }) {
                RequestCountHint.settle(&applications, report: lines, sections: sections,
                                        tableLines: tables.values.compactMap(\.lines))
                tables[.applications] = applications
            }
        }

        let narrative: [SectionID] = [.overview, .proactive, .requests, .other]
        var bodyRanges = narrative.compactMap { sections[$0]?.lines }
        if bodyRanges.isEmpty, !lines.isEmpty { bodyRanges = [1...lines.count] }
        var metadata = MetadataReader.read(lines: lines, marks: marks, firstHeadingLine: headings.first?.line,
                                           bodyLines: bodyRanges, format: format)
        metadata.textYear = metadata.year?.source == .inferred ? nil : metadata.year
        metadata.titleAgency = metadata.agency?.source == .title ? metadata.agency : nil
        metadata.filedYear = FiledYear.from(path: file)
        // The year the corpus files the report under comes before a year inferred from the body.
        if let filed = metadata.filedYear, metadata.year == nil || metadata.year?.source == .inferred {
            metadata.year = filed
        }
        return Report(file: file, metadata: metadata, sections: sections, tables: tables, lines: lines)
    }

    private static func makeSections(_ headings: [SectionLocator.Heading], lines: ReportLines) -> [SectionID: ReportSection] {
        var sections: [SectionID: ReportSection] = [:]
        for (index, heading) in headings.enumerated() {
            let end = index + 1 < headings.count ? headings[index + 1].line - 1 : lines.count
            var bodyStart = heading.lastLine + 1, bodyEnd = end
            while bodyStart <= bodyEnd, lines.isBlank(bodyStart - 1) { bodyStart += 1 }
            while bodyEnd >= bodyStart, lines.isBlank(bodyEnd - 1) { bodyEnd -= 1 }
            let body = lines[(bodyStart - 1)..<max(bodyStart - 1, bodyEnd)]
            sections[heading.id] = ReportSection(id: heading.id, heading: heading.text,
                                                 lines: heading.line...max(end, heading.line), bodyLines: body)
        }
        return sections
    }

    /// Each table's region: its section's body; when the section heading is missing, the stretch
    /// between the neighbouring headings that carries the table's own markers.
    private static func tableRegions(_ headings: [SectionLocator.Heading], lines: ReportLines) -> [TableID: ClosedRange<Int>] {
        var regions: [TableID: ClosedRange<Int>] = [:]
        guard !lines.isEmpty else { return regions }
        for table in TableID.allCases {
            let section = table.section
            var start: Int, end: Int
            if let index = headings.firstIndex(where: { $0.id == section }) {
                start = headings[index].lastLine + 1
                end = index + 1 < headings.count ? headings[index + 1].line - 1 : lines.count
            } else {
                let before = headings.last { $0.id < section }
                let after = headings.first { $0.id > section }
                start = (before?.lastLine ?? 0) + 1
                end = (after?.line ?? lines.count + 1) - 1
                guard let marker = (start...max(start, end)).first(where: { number in
                    guard number <= lines.count else { return false }
                    let key = lines.withUTF8(number - 1, LabelText.key(bytes:))
                    return markers[table]!.contains { key.includes($0) }
                }) else { continue }
                start = marker
            }
            if start <= end { regions[table] = start...end }
        }
        return regions
    }

    static let markers: [TableID: [String]] = [
        .disclosure: ["第二十条第", "本年制发件数", "本年新制作数量"],
        .applications: ["申请人情况", "本年新收政府信息公开申请"],
        .reviewLitigation: ["未经复议直接起诉", "复议后起诉"],
    ]

    /// 2019 when the tables use that format's own labels, 2021 otherwise.
    static func detectFormat(lines: ReportLines, regions: [TableID: ClosedRange<Int>]) -> FormatVersion {
        var marks2019 = 0, marks2021 = 0
        for table in [TableID.disclosure, .applications] {
            guard let region = regions[table] else { continue }
            for number in region where marks2019 + marks2021 < 4 {
                lines.withUTF8(number - 1) { line in
                    guard line.count > 6 else { return }
                    for marker in formatMarkers2019 where ByteSearch.includes(line, marker) { marks2019 += 1 }
                    for marker in formatMarkers2021 where ByteSearch.includes(line, marker) { marks2021 += 1 }
                }
            }
        }
        return marks2019 > marks2021 ? .v2019 : .v2021
    }

    /// Short markers, so that a space inside a label (as PDF text leaves) rarely hides them.
    static let formatMarkers2019 = ["新制作", "新公开", "对外公开总", "上一年项目", "增/减", "增减", "集中采购", "对外管理服务"]
        .map { Array($0.utf8) }
    static let formatMarkers2021 = ["制发件", "废止件", "现行有效", "处理决定数", "逾期不补正", "收费通知"].map { Array($0.utf8) }
}
