import GKModel

/// Rows whose numbers the parser found run together or broken, as records for rules (`repairs(表)`).
enum RowRepairs {
    /// Records `{row, label, outcome, damage, line, written, values, candidates, count, narrative}` of a table's damaged rows:
    /// `row` as `applications.new` (`review_litigation.*` for table 3 written as one row), `values` the numbers
    /// read when recovered, `candidates` each possible reading written `1、0、10…` when ambiguous, `narrative` the
    /// statement of the text that chose among several (absent otherwise).
    static func records(of id: TableID, in report: Report) -> [Value] {
        let spec = Schema.table(id, format: report.metadata.format)
        return report.table(id).repairs.map { repair in
            let label = spec.row(repair.row).map(WrittenLabels.rowLabel) ?? "行政复议、行政诉讼表"
            return .record([
                "row": .string("\(id.rawValue).\(repair.row)"),
                "label": .string(label),
                "outcome": .string(repair.outcome.rawValue),
                "damage": .string(repair.damage.rawValue),
                "line": .number(.integer(repair.line)),
                "written": .string(repair.written),
                "values": .list(repair.values.map { .number(.integer($0)) }),
                "candidates": .list(repair.candidates.map { .string($0.map(String.init).joined(separator: "、")) }),
                "count": .number(.integer(repair.candidateCount)),
                "narrative": repair.narrative.map(Value.string) ?? .absent,
            ])
        }
    }
}
