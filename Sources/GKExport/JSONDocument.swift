/// A JSON document written to a sink piece by piece, with the same text as `JSONValue.rendered()` of the whole:
/// an array's elements may be produced while it is written, so a long list is never held whole.
public indirect enum JSONDocument {
    case value(JSONValue)
    case object([(String, JSONDocument)])
    /// An array of objects or arrays (not scalars, which `rendered()` keeps on one line), each handed to `emit` in turn.
    case array((_ emit: (JSONDocument) throws -> Void) throws -> Void)

    /// Writes the document (pretty, two spaces an indent) starting at `indent` levels.
    public func write(to sink: TextSink, indent: Int = 0) throws {
        switch self {
        case .value(let value):
            try sink.write(value.rendered(indent: indent))
        case .object(let members):
            guard !members.isEmpty else { return try sink.write("{}") }
            for (index, (key, member)) in members.enumerated() {
                try sink.write((index == 0 ? "{" : ",") + Self.newline(indent + 1) + JSONValue.string(key).rendered() + ": ")
                try member.write(to: sink, indent: indent + 1)
            }
            try sink.write(Self.newline(indent) + "}")
        case .array(let produce):
            var count = 0
            try produce { element in
                try sink.write((count == 0 ? "[" : ",") + Self.newline(indent + 1))
                try element.write(to: sink, indent: indent + 1)
                count += 1
            }
            try sink.write(count == 0 ? "[]" : Self.newline(indent) + "]")
        }
    }

    private static func newline(_ indent: Int) -> String {
        "\n" + String(repeating: " ", count: 2 * indent)
    }
}
