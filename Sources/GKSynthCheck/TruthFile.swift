import Foundation

/// A JSON value as the truth file holds it; numbers stay as written, so amounts are compared as exact
/// decimals, never through floating point.
enum TruthJSON {
    case object([TruthMember])
    case array([TruthJSON])
    case string(String)
    case number(String)
    case bool(Bool)
    case null

    subscript(key: String) -> TruthJSON? {
        if case .object(let members) = self { return members.first { $0.key == key }?.value }
        return nil
    }

    var string: String? { if case .string(let s) = self { return s }; return nil }

    /// Parses one JSON text (the truth file's lines are small; a plain recursive reader is enough).
    static func parse(_ text: String) throws -> TruthJSON {
        var reader = Reader(bytes: Array(text.utf8))
        let value = try reader.value()
        reader.skipSpace()
        guard reader.index == reader.bytes.count else { throw TruthError.malformed("trailing text") }
        return value
    }

    private struct Reader {
        let bytes: [UInt8]
        var index = 0

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x0A, 0x0D, 0x09].contains(bytes[index]) { index += 1 }
        }

        mutating func expect(_ byte: UInt8) throws {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { throw TruthError.malformed("expected \(Character(UnicodeScalar(byte)))") }
            index += 1
        }

        mutating func value() throws -> TruthJSON {
            skipSpace()
            guard index < bytes.count else { throw TruthError.malformed("unexpected end") }
            switch bytes[index] {
            case UInt8(ascii: "{"):
                index += 1
                var members: [TruthMember] = []
                skipSpace()
                if bytes[index] == UInt8(ascii: "}") { index += 1; return .object(members) }
                repeat {
                    skipSpace()
                    guard case .string(let key) = try value() else { throw TruthError.malformed("object key") }
                    try expect(UInt8(ascii: ":"))
                    members.append(TruthMember(key: key, value: try value()))
                    skipSpace()
                } while try more(closing: UInt8(ascii: "}"))
                return .object(members)
            case UInt8(ascii: "["):
                index += 1
                var items: [TruthJSON] = []
                skipSpace()
                if bytes[index] == UInt8(ascii: "]") { index += 1; return .array(items) }
                repeat { items.append(try value()); skipSpace() } while try more(closing: UInt8(ascii: "]"))
                return .array(items)
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): index += 4; return .bool(true)
            case UInt8(ascii: "f"): index += 5; return .bool(false)
            case UInt8(ascii: "n"): index += 4; return .null
            default:
                let start = index
                while index < bytes.count, "-+.eE0123456789".utf8.contains(bytes[index]) { index += 1 }
                guard index > start else { throw TruthError.malformed("unexpected character") }
                return .number(String(decoding: bytes[start..<index], as: UTF8.self))
            }
        }

        mutating func more(closing: UInt8) throws -> Bool {
            guard index < bytes.count else { throw TruthError.malformed("unexpected end") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; return true }
            if bytes[index] == closing { index += 1; return false }
            throw TruthError.malformed("expected , or closing bracket")
        }

        mutating func string() throws -> String {
            index += 1
            var out = [UInt8]()
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                if bytes[index] == UInt8(ascii: "\\") {
                    index += 1
                    switch bytes[index] {
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        let hex = String(decoding: bytes[index + 1...index + 4], as: UTF8.self)
                        out += Array(String(UnicodeScalar(UInt32(hex, radix: 16) ?? 0x3F) ?? "?").utf8)
                        index += 4
                    default: out.append(bytes[index])
                    }
                } else {
                    out.append(bytes[index])
                }
                index += 1
            }
            index += 1
            return String(decoding: out, as: UTF8.self)
        }
    }
}

struct TruthMember {
    let key: String
    let value: TruthJSON
}

enum TruthError: Error, CustomStringConvertible {
    case malformed(String)
    case unreadable(String)

    var description: String {
        switch self {
        case .malformed(let why): return "truth.jsonl 格式有误：\(why)"
        case .unreadable(let path): return "无法读取 \(path)"
        }
    }
}

/// One line of `truth.jsonl`.
struct TruthRecord {
    let file: String
    let agency: String
    let year: Int
    let layout: String
    let encoding: String
    /// `table.row.column` → the value as the truth writes it.
    let cells: [(String, TruthJSON)]
    let expectedRules: Set<String>
    let injectedKind: String?

    init(_ json: TruthJSON) throws {
        guard let file = json["file"]?.string, let agency = json["agency"]?.string,
              case .number(let year)? = json["year"], let year = Int(year),
              case .object(let tables)? = json["cells"], case .array(let rules)? = json["expected_rules"] else {
            throw TruthError.malformed("missing member")
        }
        self.file = file
        self.agency = agency
        self.year = year
        layout = json["layout"]?.string ?? ""
        encoding = json["encoding"]?.string ?? ""
        var cells: [(String, TruthJSON)] = []
        for table in tables {
            guard case .object(let rows) = table.value else { continue }
            for row in rows {
                guard case .object(let columns) = row.value else { continue }
                for column in columns { cells.append(("\(table.key).\(row.key).\(column.key)", column.value)) }
            }
        }
        self.cells = cells
        expectedRules = Set(rules.compactMap(\.string))
        injectedKind = json["injected"]?["kind"]?.string
    }

    static func load(folder: String) throws -> [TruthRecord] {
        let path = (folder as NSString).appendingPathComponent("truth.jsonl")
        guard let data = FileManager.default.contents(atPath: path) else { throw TruthError.unreadable(path) }
        return try String(decoding: data, as: UTF8.self).split(separator: "\n").map { try TruthRecord(TruthJSON.parse(String($0))) }
    }
}
