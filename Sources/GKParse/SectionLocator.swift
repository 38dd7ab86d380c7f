import GKModel

/// Finds the six section headings, in order, by their wording (numbering may be missing or differ).
enum SectionLocator {
    struct Heading {
        let id: SectionID
        let text: String
        let line: Int
        /// The last line of the heading (a heading broken over two lines ends on the second).
        let lastLine: Int
    }

    /// Phrases (key form) a heading of each section starts with, after its numbering.
    static let phrases: [SectionID: [String]] = [
        .overview: ["总体情况", "总体概况"],
        .proactive: ["主动公开政府信息情况", "主动公开政府信息", "主动公开政府信息公开情况"],
        .requests: ["收到和处理政府信息公开申请", "收到和处理政府信息公开申请情况", "收到处理政府信息公开申请"],
        .review: ["政府信息公开行政复议", "因政府信息公开工作被申请行政复议", "因政府信息公开申请行政复议",
                  "政府信息公开工作被申请行政复议", "行政复议行政诉讼情况", "行政复议和行政诉讼情况"],
        .problems: ["存在的主要问题", "存在主要问题", "主要问题及改进", "存在的问题及改进", "存在问题及改进"],
        .other: ["其他需要报告的事项", "其他需要报告事项", "其他需要说明的事项"],
    ]

    static let maximumHeadingLength = 40
    /// Every heading phrase contains one of these; lines without them are skipped cheaply.
    static let anchors = ["情况", "事项", "问题", "概况", "复议"]

    static func headings(in lines: [String]) -> [Heading] {
        var result: [Heading] = []
        var next = 0
        let order = SectionID.allCases
        var number = 1
        while number <= lines.count && next < order.count {
            let line = lines[number - 1]
            if let id = match(line, from: next, order: order) {
                let (text, last) = joinedHeading(line, at: number, lines: lines)
                result.append(Heading(id: id, text: text, line: number, lastLine: last))
                next = order.firstIndex(of: id)! + 1
                number = last + 1
                continue
            }
            number += 1
        }
        return result
    }

    /// The section this line heads, among those not yet found (a later one may be found when one is missing).
    private static func match(_ line: String, from next: Int, order: [SectionID]) -> SectionID? {
        guard line.utf8.count <= maximumHeadingLength * 6, anchors.contains(where: { line.includes($0) }),
              !line.utf8.contains(0x09) || isTabHeading(line)
        else { return nil }
        let stripped = LabelText.key(line)
        guard !stripped.isEmpty, stripped.unicodeScalars.count <= maximumHeadingLength else { return nil }
        for id in order[next...] {
            for phrase in phrases[id]! where stripped.startsWith(phrase) {
                // "(一)主动公开情况" is a sub-heading of the overview, not section two.
                return id
            }
        }
        return nil
    }

    /// Some converters put a heading in a table cell of its own: a line with one text cell.
    private static func isTabHeading(_ line: String) -> Bool {
        TableGrid.tabCells(Substring(line)).filter { !$0.isEmpty }.count == 1
    }

    /// A heading broken over lines ("…提起行政诉" / "讼情况") is joined with its short continuation.
    private static func joinedHeading(_ line: String, at number: Int, lines: [String]) -> (String, Int) {
        let text = TableGrid.trim(Substring(line))
        var look = number + 1
        while look <= lines.count, lines[look - 1].allSatisfy({ $0 == " " || $0 == "\t" }), look - number <= 2 {
            look += 1
        }
        guard look <= lines.count else { return (text, number) }
        let continuation = TableGrid.trim(Substring(lines[look - 1]))
        let key = LabelText.key(continuation)
        if !key.isEmpty, key.unicodeScalars.count <= 6, key.endsWith("情况"), LabelText.numberingLength(Substring(continuation)) == nil {
            return (text + continuation, look)
        }
        return (text, number)
    }
}
