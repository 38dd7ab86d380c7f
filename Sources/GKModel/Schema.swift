/// The two national formats of the annual report.
public enum FormatVersion: String, Sendable, Codable, CaseIterable {
    /// 国办公开办函〔2021〕30号: reports for 2021 onward.
    case v2021 = "2021"
    /// 国办公开办函〔2019〕60号 (试行): reports for 2019 and 2020.
    case v2019 = "2019"
}

/// The six sections every report has, under their canonical IDs.
public enum SectionID: String, Sendable, Codable, CaseIterable, Comparable {
    case overview, proactive, requests, review, problems, other

    /// The standard heading, with its numbering.
    public var standardHeading: String {
        switch self {
        case .overview: return "一、总体情况"
        case .proactive: return "二、主动公开政府信息情况"
        case .requests: return "三、收到和处理政府信息公开申请情况"
        case .review: return "四、政府信息公开行政复议、行政诉讼情况"
        case .problems: return "五、存在的主要问题及改进情况"
        case .other: return "六、其他需要报告的事项"
        }
    }

    public static func < (lhs: SectionID, rhs: SectionID) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// The three standard tables, under their canonical IDs.
public enum TableID: String, Sendable, Codable, CaseIterable {
    case disclosure
    case applications
    case reviewLitigation = "review_litigation"

    /// The table's standard title.
    public var title: String {
        switch self {
        case .disclosure: return "主动公开政府信息情况"
        case .applications: return "收到和处理政府信息公开申请情况"
        case .reviewLitigation: return "政府信息公开行政复议、行政诉讼情况"
        }
    }

    /// The section the table belongs to.
    public var section: SectionID {
        switch self {
        case .disclosure: return .proactive
        case .applications: return .requests
        case .reviewLitigation: return .review
        }
    }

    /// Hashes the case, not its raw string (a raw-value enum's default): a report's tables are
    /// looked up by ID for every cell a rule reads.
    public func hash(into hasher: inout Hasher) {
        switch self {
        case .disclosure: hasher.combine(0)
        case .applications: hasher.combine(1)
        case .reviewLitigation: hasher.combine(2)
        }
    }
}

/// What a cell is allowed to hold.
public enum ValueKind: String, Sendable, Codable {
    /// A non-negative integer count (件, 条, 个).
    case count
    /// A signed integer: a change from last year (2019 format's 本年增/减).
    case change
    /// An amount of money, exact (`Decimal`), in the unit the table states (万元 by default).
    case amount
}

/// One column of a table row, with its canonical ID and standard label.
public struct ColumnSpec: Sendable, Hashable {
    public let id: String
    public let label: String
    public let kind: ValueKind

    public init(_ id: String, _ label: String, kind: ValueKind = .count) {
        self.id = id
        self.label = label
        self.kind = kind
    }
}

/// One row (or, in table 3, one group) of a standard table. A class, though it never changes: the
/// parser hands rows around for every table it reads, and a class is shared where a struct of
/// strings and arrays would be copied field by field.
public final class RowSpec: Sendable, Hashable {
    public let id: String
    /// The standard wording of the row's own label (its leaf, without the group label above it).
    public let label: String
    /// The label of the merged group cell the row sits under, if any (e.g. （三）不予公开).
    public let group: String?
    public let columns: [ColumnSpec]
    /// The columns' IDs, in order.
    public let columnIDs: [String]
    /// Each column's cell path (`row.column`), in order.
    public let cellPaths: [String]

    public init(_ id: String, _ label: String, group: String? = nil, columns: [ColumnSpec]) {
        self.id = id
        self.label = label
        self.group = group
        self.columns = columns
        self.columnIDs = columns.map(\.id)
        self.cellPaths = columns.map { "\(id).\($0.id)" }
    }

    public func column(_ id: String) -> ColumnSpec? { columns.first { $0.id == id } }

    public static func == (a: RowSpec, b: RowSpec) -> Bool {
        a === b || (a.id, a.label, a.group) == (b.id, b.label, b.group) && a.columns == b.columns
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(id)
        hasher.combine(label)
        hasher.combine(group)
        hasher.combine(columns)
    }
}

/// The layout of one standard table in one format version.
public struct TableSpec: Sendable {
    public let id: TableID
    public let format: FormatVersion
    public let rows: [RowSpec]
    /// Each row ID's index in `rows` (the first, should one repeat): rules look rows up by ID for
    /// every cell they name.
    private let rowIndex: [String: Int]

    init(id: TableID, format: FormatVersion, rows: [RowSpec]) {
        self.id = id
        self.format = format
        self.rows = rows
        rowIndex = Dictionary(rows.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public func row(_ id: String) -> RowSpec? { rowIndex[id].map { rows[$0] } }

    /// Every cell path of the table, in reading order.
    public var cellPaths: [CellPath] {
        rows.flatMap { row in row.columns.map { CellPath(table: id, row: row.id, column: $0.id) } }
    }
}

/// The address of one cell: `applications.new.total`.
public struct CellPath: Hashable, Sendable, Codable, CustomStringConvertible, Comparable {
    public let table: TableID
    public let row: String
    public let column: String

    public init(table: TableID, row: String, column: String) {
        self.table = table
        self.row = row
        self.column = column
    }

    /// Parses `table.row.column`; nil when it has not three parts or the table is unknown.
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let table = TableID(rawValue: String(parts[0])) else { return nil }
        self.init(table: table, row: String(parts[1]), column: String(parts[2]))
    }

    public var description: String { "\(table.rawValue).\(row).\(column)" }

    public static func < (lhs: CellPath, rhs: CellPath) -> Bool { lhs.description < rhs.description }
}

/// The canonical tables of both format versions (report-format.md).
public enum Schema {
    public static func table(_ id: TableID, format: FormatVersion) -> TableSpec {
        switch (id, format) {
        case (.disclosure, .v2021): return disclosure2021
        case (.disclosure, .v2019): return disclosure2019
        case (.applications, .v2021): return applications2021
        case (.applications, .v2019): return applications2019
        case (.reviewLitigation, .v2021): return review2021
        case (.reviewLitigation, .v2019): return review2019
        }
    }

    /// The spec of a cell, if the path names one in the given format.
    public static func column(at path: CellPath, format: FormatVersion) -> (RowSpec, ColumnSpec)? {
        guard let row = table(path.table, format: format).row(path.row), let column = row.column(path.column) else {
            return nil
        }
        return (row, column)
    }

    // MARK: Table 1

    static let documentColumns2021 = [
        ColumnSpec("issued", "本年制发件数"),
        ColumnSpec("repealed", "本年废止件数"),
        ColumnSpec("in_force", "现行有效件数"),
    ]
    static let decisionsColumn = ColumnSpec("decisions", "本年处理决定数量")

    static let disclosure2021 = TableSpec(id: .disclosure, format: .v2021, rows: [
        RowSpec("regulations", "规章", group: "第二十条第（一）项", columns: documentColumns2021),
        RowSpec("normative_documents", "行政规范性文件", group: "第二十条第（一）项", columns: documentColumns2021),
        RowSpec("licensing", "行政许可", group: "第二十条第（五）项", columns: [decisionsColumn]),
        RowSpec("punishment", "行政处罚", group: "第二十条第（六）项", columns: [decisionsColumn]),
        RowSpec("coercion", "行政强制", group: "第二十条第（六）项", columns: [decisionsColumn]),
        RowSpec("fees", "行政事业性收费", group: "第二十条第（八）项",
                columns: [ColumnSpec("amount", "本年收费金额（单位：万元）", kind: .amount)]),
    ])

    static let documentColumns2019 = [
        ColumnSpec("issued", "本年新制作数量"),
        ColumnSpec("published", "本年新公开数量"),
        ColumnSpec("in_force", "对外公开总数量"),
    ]
    static let itemColumns2019 = [
        ColumnSpec("previous_items", "上一年项目数量"),
        ColumnSpec("change", "本年增/减", kind: .change),
        ColumnSpec("decisions", "处理决定数量"),
    ]

    static let disclosure2019 = TableSpec(id: .disclosure, format: .v2019, rows: [
        RowSpec("regulations", "规章", group: "第二十条第（一）项", columns: documentColumns2019),
        RowSpec("normative_documents", "规范性文件", group: "第二十条第（一）项", columns: documentColumns2019),
        RowSpec("licensing", "行政许可", group: "第二十条第（五）项", columns: itemColumns2019),
        RowSpec("other_services", "其他对外管理服务事项", group: "第二十条第（五）项", columns: itemColumns2019),
        RowSpec("punishment", "行政处罚", group: "第二十条第（六）项", columns: itemColumns2019),
        RowSpec("coercion", "行政强制", group: "第二十条第（六）项", columns: itemColumns2019),
        RowSpec("fees", "行政事业性收费", group: "第二十条第（八）项",
                columns: Array(itemColumns2019.prefix(2))),
        RowSpec("procurement", "政府集中采购", group: "第二十条第（九）项", columns: [
            ColumnSpec("projects", "采购项目数量"),
            ColumnSpec("amount", "采购总金额", kind: .amount),
        ]),
    ])

    // MARK: Table 2

    /// The applicant columns, then 总计.
    public static let applicantColumns = [
        ColumnSpec("natural_person", "自然人"),
        ColumnSpec("business", "商业企业"),
        ColumnSpec("research", "科研机构"),
        ColumnSpec("social_org", "社会公益组织"),
        ColumnSpec("legal_service", "法律服务机构"),
        ColumnSpec("other_org", "其他"),
        ColumnSpec("total", "总计"),
    ]

    private static func applicationRow(_ id: String, _ label: String, group: String? = nil) -> RowSpec {
        RowSpec(id, label, group: group, columns: applicantColumns)
    }

    static let outcomeGroup = "三、本年度办理结果"
    static let applicationsHead = [
        applicationRow("new", "一、本年新收政府信息公开申请数量"),
        applicationRow("carried_in", "二、上年结转政府信息公开申请数量"),
        applicationRow("granted", "（一）予以公开", group: outcomeGroup),
        applicationRow("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", group: outcomeGroup),
        applicationRow("denied_secret", "1.属于国家秘密", group: "（三）不予公开"),
        applicationRow("denied_law", "2.其他法律行政法规禁止公开", group: "（三）不予公开"),
        applicationRow("denied_safety", "3.危及“三安全一稳定”", group: "（三）不予公开"),
        applicationRow("denied_third_party", "4.保护第三方合法权益", group: "（三）不予公开"),
        applicationRow("denied_internal", "5.属于三类内部事务信息", group: "（三）不予公开"),
        applicationRow("denied_process", "6.属于四类过程性信息", group: "（三）不予公开"),
        applicationRow("denied_enforcement", "7.属于行政执法案卷", group: "（三）不予公开"),
        applicationRow("denied_inquiry", "8.属于行政查询事项", group: "（三）不予公开"),
        applicationRow("unavailable_not_held", "1.本机关不掌握相关政府信息", group: "（四）无法提供"),
        applicationRow("unavailable_needs_creation", "2.没有现成信息需要另行制作", group: "（四）无法提供"),
        applicationRow("unavailable_unclear", "3.补正后申请内容仍不明确", group: "（四）无法提供"),
        applicationRow("rejected_petition", "1.信访举报投诉类申请", group: "（五）不予处理"),
        applicationRow("rejected_duplicate", "2.重复申请", group: "（五）不予处理"),
        applicationRow("rejected_publication", "3.要求提供公开出版物", group: "（五）不予处理"),
        applicationRow("rejected_abusive", "4.无正当理由大量反复申请", group: "（五）不予处理"),
        applicationRow("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", group: "（五）不予处理"),
    ]
    static let applicationsTail = [
        applicationRow("outcome_total", "（七）总计", group: outcomeGroup),
        applicationRow("carried_over", "四、结转下年度继续办理"),
    ]

    static let applications2021 = TableSpec(id: .applications, format: .v2021, rows: applicationsHead + [
        applicationRow("other_no_supplement", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", group: "（六）其他处理"),
        applicationRow("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", group: "（六）其他处理"),
        applicationRow("other_misc", "3.其他", group: "（六）其他处理"),
    ] + applicationsTail)

    static let applications2019 = TableSpec(id: .applications, format: .v2019, rows: applicationsHead + [
        applicationRow("other_misc", "（六）其他处理", group: outcomeGroup),
    ] + applicationsTail)

    /// Rows of table 2 whose sum is `outcome_total` (from `granted` to `other_misc`).
    public static func outcomeRows(format: FormatVersion) -> [String] {
        let rows = table(.applications, format: format).rows.map(\.id)
        let start = rows.firstIndex(of: "granted")!, end = rows.firstIndex(of: "other_misc")!
        return Array(rows[start...end])
    }

    // MARK: Table 3

    /// The four results of a 复议/诉讼 group, then 总计.
    public static let reviewColumns = [
        ColumnSpec("upheld", "结果维持"),
        ColumnSpec("corrected", "结果纠正"),
        ColumnSpec("other", "其他结果"),
        ColumnSpec("pending", "尚未审结"),
        ColumnSpec("total", "总计"),
    ]

    static let review2021 = TableSpec(id: .reviewLitigation, format: .v2021, rows: reviewGroups)
    static let review2019 = TableSpec(id: .reviewLitigation, format: .v2019, rows: reviewGroups)

    static let reviewGroups = [
        RowSpec("review", "行政复议", columns: reviewColumns),
        RowSpec("litigation_direct", "未经复议直接起诉", group: "行政诉讼", columns: reviewColumns),
        RowSpec("litigation_after_review", "复议后起诉", group: "行政诉讼", columns: reviewColumns),
    ]
}
