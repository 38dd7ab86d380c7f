import CXLSXWriter
import Foundation

/// A libxlsxwriter call that failed, with the library's own description.
public struct XLSXError: Error, Sendable, CustomStringConvertible {
    public let operation: String
    public let message: String

    public var description: String { "写入工作簿失败（\(operation)）：\(message)" }

    init(_ operation: String, _ code: lxw_error) {
        self.operation = operation
        message = String(cString: lxw_strerror(code))
    }

    init(_ operation: String, message: String) {
        self.operation = operation
        self.message = message
    }
}

@inline(__always)
private func check(_ code: lxw_error, _ operation: String) throws(XLSXError) {
    guard code == LXW_NO_ERROR else { throw XLSXError(operation, code) }
}

/// A cell format (a handle owned by its workbook).
struct CellFormat {
    fileprivate let pointer: UnsafeMutablePointer<lxw_format>
}

/// An XLSX workbook being written. One thread; `close()` writes the file (libxlsxwriter frees the workbook
/// whether or not writing succeeds, so every method fails once it is closed).
final class Workbook {
    private var pointer: UnsafeMutablePointer<lxw_workbook>?
    /// C strings the library keeps pointers to until the workbook is written (validation lists, chart names), and
    /// the buffers of the sheets' row files.
    private var retained: [UnsafeMutablePointer<CChar>] = []
    /// The buffer of each sheet's row file in constant-memory mode (stdio's own is 4 KB: a write a few rows).
    private static let rowBufferSize = 1 << 20
    /// Where a cell's UTF-8 text becomes a C string for the library (which copies it).
    private let cellText = UnsafeMutablePointer<CChar>.allocate(capacity: maximumCellCharacters + 1)

    /// Excel's limits.
    static let maximumRows = 1_048_576
    static let maximumCellCharacters = 32_767

    /// A workbook at `path`; `constantMemory` streams rows to temporary files (rows must then be written in order).
    init(path: String, constantMemory: Bool) throws(XLSXError) {
        var options = lxw_workbook_options(constant_memory: constantMemory ? 1 : 0, tmpdir: nil, use_zip64: 1)
        guard let workbook = workbook_new_opt(path, &options) else {
            throw XLSXError("workbook_new_opt", message: "无法创建 \(path)")
        }
        pointer = workbook
    }

    deinit {
        // A workbook never closed (an error on the way) is closed here so its memory is freed.
        if let pointer { _ = workbook_close(pointer) }
        retained.forEach { free($0) }
        cellText.deallocate()
    }

    private func workbook(_ operation: String) throws(XLSXError) -> UnsafeMutablePointer<lxw_workbook> {
        guard let pointer else { throw XLSXError(operation, message: "工作簿已关闭") }
        return pointer
    }

    /// A C string that lives as long as the workbook.
    func keep(_ text: String) -> UnsafeMutablePointer<CChar> {
        let copy = strdup(text)!
        retained.append(copy)
        return copy
    }

    func addSheet(_ name: String) throws(XLSXError) -> Sheet {
        guard let sheet = workbook_add_worksheet(try workbook("workbook_add_worksheet"), name) else {
            throw XLSXError("workbook_add_worksheet", message: "无法添加工作表「\(name)」")
        }
        // Rows stream to a temporary file through stdio; nothing has been written to it yet, so its buffer may
        // still be set.
        if let rows = sheet.pointee.optimize_tmpfile, let buffer = malloc(Self.rowBufferSize) {
            retained.append(buffer.assumingMemoryBound(to: CChar.self))
            setvbuf(rows, buffer.assumingMemoryBound(to: CChar.self), _IOFBF, Self.rowBufferSize)
        }
        return Sheet(pointer: sheet, workbook: self, cellText: cellText)
    }

    /// A format: bold, wrapped, a background and a font colour (0xRRGGBB), a number format.
    func addFormat(bold: Bool = false, wrap: Bool = false, background: UInt32? = nil, color: UInt32? = nil,
                   numberFormat: String? = nil, border: Bool = false) throws(XLSXError) -> CellFormat {
        guard let format = workbook_add_format(try workbook("workbook_add_format")) else {
            throw XLSXError("workbook_add_format", message: "无法添加格式")
        }
        // Every cell reads from the top, so wrapped and single-line cells of a row line up.
        format_set_align(format, UInt8(LXW_ALIGN_VERTICAL_TOP.rawValue))
        if bold { format_set_bold(format) }
        if wrap { format_set_text_wrap(format) }
        if let background { format_set_bg_color(format, background) }
        if let color { format_set_font_color(format, color) }
        if let numberFormat { format_set_num_format(format, numberFormat) }
        if border { format_set_border(format, UInt8(LXW_BORDER_THIN.rawValue)) }
        return CellFormat(pointer: format)
    }

    /// A bar chart of `values` (one column) against `categories`, both ranges on `sheet`.
    func addBarChart(title: String, sheet: String, categories: (first: Int, last: Int, column: Int),
                     values: Int) throws(XLSXError) -> OpaquePointer {
        guard let chart = workbook_add_chart(try workbook("workbook_add_chart"), UInt8(LXW_CHART_BAR.rawValue)) else {
            throw XLSXError("workbook_add_chart", message: "无法添加图表")
        }
        guard let series = chart_add_series(chart, nil, nil) else {
            throw XLSXError("chart_add_series", message: "无法添加数据系列")
        }
        chart_series_set_categories(series, sheet, UInt32(categories.first), UInt16(categories.column),
                                    UInt32(categories.last), UInt16(categories.column))
        chart_series_set_values(series, sheet, UInt32(categories.first), UInt16(values),
                                UInt32(categories.last), UInt16(values))
        chart_title_set_name(chart, keep(title))
        chart_legend_set_position(chart, UInt8(LXW_CHART_LEGEND_NONE.rawValue))
        return OpaquePointer(chart)
    }

    /// Writes the file. Errors (a full disk, a missing folder) surface only here.
    func close() throws(XLSXError) {
        let workbook = try workbook("workbook_close")
        pointer = nil
        try check(workbook_close(workbook), "workbook_close")
    }
}

/// One worksheet of a workbook.
struct Sheet {
    fileprivate let pointer: UnsafeMutablePointer<lxw_worksheet>
    unowned let workbook: Workbook
    /// The workbook's buffer for a cell's text as a C string.
    fileprivate let cellText: UnsafeMutablePointer<CChar>

    /// Text, cleaned of characters XML cannot hold and cut at Excel's cell limit with a visible mark. Always
    /// a string cell: a report line starting with "=" is never a formula.
    func write(_ row: Int, _ column: Int, _ text: String, _ format: CellFormat? = nil) throws(XLSXError) {
        try check(worksheet_write_string(pointer, UInt32(row), UInt16(column), CellText.clean(text), format?.pointer),
                  "worksheet_write_string")
    }

    /// UTF-8 text, written as `write(_:_:_:_:)` writes a String, without making one when it needs no cleaning.
    func write(_ row: Int, _ column: Int, utf8 text: UnsafeBufferPointer<UInt8>, _ format: CellFormat? = nil) throws(XLSXError) {
        guard text.count <= Workbook.maximumCellCharacters, CellText.isPlain(text) else {
            return try write(row, column, String(decoding: text, as: UTF8.self), format)
        }
        if let start = text.baseAddress { UnsafeMutableRawPointer(cellText).copyMemory(from: start, byteCount: text.count) }
        cellText[text.count] = 0
        try check(worksheet_write_string(pointer, UInt32(row), UInt16(column), cellText, format?.pointer), "worksheet_write_string")
    }

    func write(_ row: Int, _ column: Int, number: Double, _ format: CellFormat? = nil) throws(XLSXError) {
        try check(worksheet_write_number(pointer, UInt32(row), UInt16(column), number, format?.pointer),
                  "worksheet_write_number")
    }

    /// An empty cell with a format (a coloured blank).
    func writeBlank(_ row: Int, _ column: Int, _ format: CellFormat?) throws(XLSXError) {
        try check(worksheet_write_blank(pointer, UInt32(row), UInt16(column), format?.pointer), "worksheet_write_blank")
    }

    func setColumn(_ column: Int, width: Double, _ format: CellFormat? = nil) throws(XLSXError) {
        try check(worksheet_set_column(pointer, UInt16(column), UInt16(column), width, format?.pointer),
                  "worksheet_set_column")
    }

    /// A row's height in points; call before writing the row (constant-memory mode writes rows in order).
    func setRow(_ row: Int, height: Double) throws(XLSXError) {
        try check(worksheet_set_row(pointer, UInt32(row), height, nil), "worksheet_set_row")
    }

    func freeze(rows: Int, columns: Int = 0) {
        worksheet_freeze_panes(pointer, UInt32(rows), UInt16(columns))
    }

    func autofilter(firstRow: Int, lastRow: Int, lastColumn: Int) throws(XLSXError) {
        try check(worksheet_autofilter(pointer, UInt32(firstRow), 0, UInt32(lastRow), UInt16(lastColumn)),
                  "worksheet_autofilter")
    }

    /// A drop-down list on a column's rows.
    func dropDown(column: Int, firstRow: Int, lastRow: Int, choices: [String]) throws(XLSXError) {
        var list: [UnsafeMutablePointer<CChar>?] = choices.map { workbook.keep($0) } + [nil]
        try list.withUnsafeMutableBufferPointer { buffer throws(XLSXError) in
            var validation = lxw_data_validation()
            validation.validate = UInt8(LXW_VALIDATION_TYPE_LIST.rawValue)
            validation.value_list = buffer.baseAddress
            try check(worksheet_data_validation_range(pointer, UInt32(firstRow), UInt16(column), UInt32(lastRow),
                                                      UInt16(column), &validation), "worksheet_data_validation_range")
        }
    }

    func insertChart(_ chart: OpaquePointer, row: Int, column: Int) throws(XLSXError) {
        try check(worksheet_insert_chart(pointer, UInt32(row), UInt16(column), UnsafeMutablePointer(chart)),
                  "worksheet_insert_chart")
    }
}

/// What may go into a cell's text, and the room it takes.
enum CellText {
    /// The height (points) of a row whose tallest cell wraps to `lines` lines.
    static func rowHeight(lines: Int) -> Double { min(409, 15 * Double(lines)) }

    /// The lines UTF-8 text takes wrapped in a column `width` Excel units wide (a CJK character takes about two), for
    /// row heights: Excel does not grow rows written by streaming. Lines end at each line feed (a CR LF pair is one
    /// break, as for Swift's `Character`).
    static func lines(_ text: UnsafeBufferPointer<UInt8>, width: Double) -> Int {
        var total = 0, line = 0, index = 0
        while index < text.count {
            let byte = text[index]
            if byte == 0x0A, index == 0 || text[index - 1] != 0x0D {
                total += wrappedLines(line, width)
                line = 0
                index += 1
            } else {
                let scalar = scalarWidth(text, at: index)
                line += scalar.width
                index += scalar.size
            }
        }
        return total + wrappedLines(line, width)
    }

    static func lines(_ text: String, width: Double) -> Int {
        var text = text
        return text.withUTF8 { lines($0, width: width) }
    }

    private static func wrappedLines(_ lineWidth: Int, _ width: Double) -> Int {
        max(1, Int((Double(lineWidth) / max(width - 1, 1)).rounded(.up)))
    }

    /// Width in Excel units of UTF-8 text: 2 for a CJK or full-width character, 1 otherwise.
    static func displayWidth(_ text: UnsafeBufferPointer<UInt8>) -> Int {
        var width = 0, index = 0
        while index < text.count {
            let scalar = scalarWidth(text, at: index)
            width += scalar.width
            index += scalar.size
        }
        return width
    }

    static func displayWidth(_ text: String) -> Int {
        var text = text
        return text.withUTF8(displayWidth)
    }

    /// The width of the scalar whose UTF-8 starts at `index` of valid UTF-8 (what a String holds), and its size in
    /// bytes: 2 from U+1100 to U+115F and from U+2E80 on, 1 otherwise.
    @inline(__always)
    private static func scalarWidth(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> (width: Int, size: Int) {
        let lead = text[index]
        if lead < 0x80 { return (1, 1) }
        if lead < 0xE0 { return (1, 2) }
        if lead >= 0xE3 { return lead >= 0xF0 ? (2, 4) : (2, 3) } // U+3000 and on
        guard index + 2 < text.count else { return (1, text.count - index) }
        let scalar = UInt32(lead & 0x0F) << 12 | UInt32(text[index + 1] & 0x3F) << 6 | UInt32(text[index + 2] & 0x3F)
        return (scalar >= 0x2E80 || (scalar >= 0x1100 && scalar <= 0x115F) ? 2 : 1, 3)
    }

    /// Whether UTF-8 text holds nothing `clean` removes: no control character but tab and line breaks, no U+FFFE
    /// or U+FFFF (EF BF BE, EF BF BF).
    static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = bytes.baseAddress else { return true }
        var index = 0
        // Eight bytes at a time; only a word with a byte below 0x20 or an EF is looked at byte by byte.
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while index + 8 <= bytes.count {
            let word = UnsafeRawPointer(start + index).loadUnaligned(as: UInt64.self)
            let notEF = word ^ (ones &* 0xEF)
            let suspect = ((word &- ones &* 0x20) & ~word | (notEF &- ones) & ~notEF) & highs
            if suspect != 0, !isPlain(bytes, index..<(index + 8)) { return false }
            index += 8
        }
        return isPlain(bytes, index..<bytes.count)
    }

    /// Whether the bytes at `range` of UTF-8 text start nothing `clean` removes.
    private static func isPlain(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        for index in range {
            let byte = bytes[index]
            if byte < 0x20 {
                if byte != 0x09, byte != 0x0A, byte != 0x0D { return false }
            } else if byte == 0xEF, index + 2 < bytes.count, bytes[index + 1] == 0xBF, bytes[index + 2] >= 0xBE,
                      bytes[index + 2] <= 0xBF {
                return false
            }
        }
        return true
    }

    private static func isPlain(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBufferPointer(isPlain) }

    static let truncationMark = "…（原文过长，已截断）"

    /// Without the control characters XML 1.0 forbids (tab and line breaks stay), and at most Excel's
    /// 32,767 characters, with a mark where it was cut.
    static func clean(_ text: String) -> String {
        let plain = text.utf8.withContiguousStorageIfAvailable(isPlain) ?? isPlain(Array(text.utf8))
        if plain && text.utf8.count <= Workbook.maximumCellCharacters { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x20, v != 0x09, v != 0x0A, v != 0x0D { continue }
            if v == 0xFFFE || v == 0xFFFF { continue }
            scalars.append(scalar)
        }
        let cleaned = String(scalars)
        let limit = Workbook.maximumCellCharacters
        guard cleaned.utf16.count > limit else { return cleaned }
        // Excel counts UTF-16 units; keep whole characters within the limit, then the mark.
        var kept = ""
        var units = 0
        let budget = limit - truncationMark.utf16.count
        for character in cleaned {
            let size = character.utf16.count
            if units + size > budget { break }
            kept.append(character)
            units += size
        }
        return kept + truncationMark
    }
}
