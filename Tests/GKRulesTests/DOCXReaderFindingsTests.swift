import Foundation
import GKModel
import GKParse
import GKRules
import Testing

/// The built-in rules find in the seeds' Word documents what they find in the seeds' text.
@Suite("DOCX reader: findings on the seeds as Word documents")
struct DOCXReaderFindingsTests {
    static let cases: [(String, [String])] = [
        ("000_e8ec6a5d6c0a1c89", ["narrative.breakdown-exceeds-total", "structure.missing-cell", "structure.unit-anomaly"]),
        ("001_1705811733659c39", []),
        ("002_f90b525eb7280150", ["structure.nonstandard-label"]),
        ("003_f6478d7b7b0e6afc", []),
        ("004_b35dc0beff817749", ["structure.missing-title-metadata"]),
    ]

    @Test("the same rules fire as on the text seeds")
    func sameFindings() throws {
        let engine = Engine(rules: BuiltInRules.all)
        for (seed, rules) in Self.cases {
            let document = engine.audit(try fixtureReport("Fixtures/documents/docx/\(seed).docx"))
            let text = engine.audit(try fixtureReport("Fixtures/seeds/\(seed).txt"))
            #expect(document.findings.map(\.rule).sorted() == rules, "\(seed)")
            #expect(document.findings.map(\.rule).sorted() == text.findings.map(\.rule).sorted(), "\(seed)")
            #expect(document.findings.map(\.message).sorted() == text.findings.map(\.message).sorted(), "\(seed)")
            #expect(document.failures.isEmpty)
        }
    }
}
