/// SplitMix64: a small, fast generator whose whole state is one number, so a report's stream of choices
/// depends only on the corpus seed and the report's place in the corpus (generation can run in parallel and
/// still give the same bytes).
public struct SynthRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    /// A generator for one part of the corpus: `stream` (e.g. an agency's index) mixed into the seed.
    public init(seed: UInt64, stream: UInt64, purpose: UInt64 = 0) {
        var mixer = SynthRandom(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (purpose &* 0xD6E8_FEB8_6659_FD93))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A whole number in `range` (closed).
    public mutating func int(_ range: ClosedRange<Int>) -> Int {
        let width = UInt64(range.upperBound - range.lowerBound) + 1
        return range.lowerBound + Int(next() % width)
    }

    /// True `percent` times in a hundred.
    public mutating func chance(_ percent: Int) -> Bool { int(0...99) < percent }

    /// True with probability `share` (0…1), drawn from a million steps (no floating point beyond the input).
    public mutating func chance(share: Double) -> Bool { Double(int(0...999_999)) < share * 1_000_000 }

    public mutating func pick<T>(_ items: [T]) -> T { items[int(0...items.count - 1)] }

    /// An index chosen with the given weights.
    public mutating func weighted(_ weights: [Int]) -> Int {
        var roll = int(0...weights.reduce(0, +) - 1)
        for (index, weight) in weights.enumerated() {
            if roll < weight { return index }
            roll -= weight
        }
        return weights.count - 1
    }
}
