import Foundation
import GKModel
import GKParse
import GKRules
import GKTestSupport
import Testing

/// The built-in rules on damaged reports: never a crash, never a rule that cannot be evaluated.
@Suite("Engine robustness")
struct EngineRobustnessTests {
    /// A small deterministic generator (xorshift), so a failure can be replayed.
    struct Generator {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(max(bound, 1)))
        }
    }

    @Test("150 mutated seeds (lines deleted, duplicated, swapped, digits and words changed)")
    func mutations() throws {
        let engine = Engine(rules: BuiltInRules.all)
        let seeds = try TestFiles.seedNames.map {
            try String(contentsOf: TestFiles.root.appendingPathComponent("Fixtures/seeds/\($0)"), encoding: .utf8)
        }
        var generator = Generator(state: 0x9E37_79B9_7F4A_7C15)
        let words = ["未收到政府信息公开申请", "共 12 条，其中 30 条", "2025年，我局", "均获维持", "-1", "无", "现行有效规范性文件3件",
                     "相较 2023 年度依申请公开件减少 2 件", "予以公开5件，占80%"]
        for round in 0..<150 {
            var lines = seeds[round % seeds.count].components(separatedBy: "\n")
            for _ in 0..<(1 + generator.next(6)) {
                let at = generator.next(lines.count)
                switch generator.next(5) {
                case 0: lines.remove(at: at)
                case 1: lines.insert(lines[at], at: at)
                case 2: lines.swapAt(at, generator.next(lines.count))
                case 3: lines[at] = lines[at].replacingOccurrences(of: "0", with: String(generator.next(1000)))
                default: lines.insert(words[generator.next(words.count)], at: at)
                }
                if lines.isEmpty { lines = ["空"] }
            }
            let report = ReportParser.parse(text: lines.joined(separator: "\n"), file: "mutated-\(round).txt")
            let previous = ReportParser.parse(text: seeds[(round + 1) % seeds.count], file: "previous.txt")
            let audit = engine.audit(report, previous: previous)
            #expect(audit.failures.isEmpty, "round \(round): \(audit.failures)")
            for finding in audit.findings {
                #expect(finding.line.map { $0 >= 1 && $0 <= report.lines.count } ?? true, "round \(round): \(finding)")
            }
        }
    }
}
