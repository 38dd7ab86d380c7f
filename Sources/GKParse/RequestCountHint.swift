import Foundation
import GKModel

/// The number of applications the text says were received (收到政府信息公开申请81件): it chooses between
/// the splits of a run-together 新收 row that the table's identities leave open. Looked for only then.
enum RequestCountHint {
    /// Settles table 2's ambiguous 新收 row when exactly one of its candidates has a 总计 the overview or
    /// requests section states as received (as 新收, or as 新收 + 上年结转).
    static func settle(_ table: inout ReportTable, report lines: ReportLines, sections: [SectionID: ReportSection],
                       tableLines: [ClosedRange<Int>]) {
        guard let index = table.repairs.firstIndex(where: { $0.row == "new" && $0.outcome == .ambiguous }),
              let row = table.rows["new"] else { return }
        let repair = table.repairs[index]
        // Every candidate must be known: a choice among the first few of many would be a guess.
        guard repair.candidates.count == repair.candidateCount else { return }
        var carriedIn: Int?
        if case .integer(let value)? = table.cell(row: "carried_in", column: "total").value { carriedIn = value }
        var chosen: (values: [Int], statement: String)?
        for (count, statement) in statedCounts(lines, sections: sections, tableLines: tableLines) {
            let agreeing = repair.candidates.filter { candidate in
                guard let total = candidate.last else { return false }
                return total == count || carriedIn.map { total + $0 == count } == true
            }
            guard agreeing.count == 1 else { continue }
            if let chosen, chosen.values != agreeing[0] { return }
            chosen = (agreeing[0], statement)
        }
        guard let chosen else { return }
        table.rows["new"] = TableRow(label: row.label, columns: row.columns,
                                     cells: chosen.values.map { Cell(value: .integer($0), raw: String($0), line: repair.line) })
        table.repairs[index] = RowRepair(row: repair.row, line: repair.line, written: repair.written, damage: repair.damage,
                                         outcome: .recovered, values: chosen.values, candidates: repair.candidates,
                                         candidateCount: repair.candidateCount, narrative: chosen.statement)
        let label = row.label?.text ?? "一、本年新收政府信息公开申请数量"
        let (damaged, reread) = repair.damage.wording
        let note = ParseNote(line: repair.line, message: "“\(label)”一行的\(damaged)（\(repair.written)），有 \(repair.candidateCount) "
            + "种\(reread)方式都符合表内勾稽关系，按正文「\(chosen.statement)」\(reread)为 "
            + chosen.values.map(String.init).joined(separator: "、"))
        if let old = table.notes.firstIndex(where: { $0.line == repair.line && $0.message.contains("（\(repair.written)）") }) {
            table.notes[old] = note
        } else {
            table.notes.append(note)
        }
    }

    /// 收到政府信息公开申请 N 件 and the like, with the words stated, in the overview and requests sections
    /// (table lines left out; lines joined, as a converter may break a sentence anywhere).
    private static func statedCounts(_ lines: ReportLines, sections: [SectionID: ReportSection],
                                     tableLines: [ClosedRange<Int>]) -> [(Int, String)] {
        var result: [(Int, String)] = []
        for id in [SectionID.overview, .requests] {
            guard let section = sections[id] else { continue }
            let text = section.lines.filter { number in !tableLines.contains { $0.contains(number) } }
                .map { lines[$0 - 1] }.joined()
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let whole = Range(match.range, in: text), let digits = Range(match.range(at: 1), in: text),
                      let count = Int(text[digits]) else { continue }
                result.append((count, String(text[whole])))
            }
        }
        return result
    }

    private static let pattern = try! NSRegularExpression(pattern:
        "(?:收到|受理|接收|接到|新收)(?:各类|的)?(?:政府信息公开|信息公开|依申请公开)(?:申请)?(?:共|总计|合计|共计)?\\s*([0-9]+)\\s*(?:件|个|份|条)")
}
