/// A table of names of at most eight ASCII bytes (tags, character references), each packed into a `UInt64`
/// (first byte highest), looked up with a multiply and a shift: open addressing over 256 slots.
struct PackedNames<Value: Sendable>: Sendable {
    private var keys = [UInt64](repeating: 0, count: 256)
    private var values = [Value?](repeating: nil, count: 256)

    init(_ entries: [(String, Value)]) {
        precondition(entries.count < 192, "keep the table sparse")
        for (name, value) in entries {
            let key = Self.key(name)
            var slot = Self.slot(key)
            while keys[slot] != 0, keys[slot] != key { slot = (slot + 1) & 255 }
            keys[slot] = key
            values[slot] = value
        }
    }

    /// The packed form of a name (at most eight bytes).
    static func key(_ name: String) -> UInt64 { name.utf8.reduce(0) { $0 << 8 | UInt64($1) } }

    /// The value of the name packed as `key`; nil when it is not in the table.
    @inline(__always)
    func value(_ key: UInt64) -> Value? {
        var slot = Self.slot(key)
        while true {
            let found = keys[slot]
            if found == key { return values[slot] }
            if found == 0 { return nil }
            slot = (slot + 1) & 255
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> 56) }
}
