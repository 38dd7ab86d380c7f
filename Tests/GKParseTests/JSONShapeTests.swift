import Foundation
import GKExport
import GKModel
@testable import GKParse
import Testing

/// The JSON contract of `gkaudit extract`: keys, canonical IDs, order, nulls and line numbers.
@Suite("JSON shape")
struct JSONShapeTests {
    static func parsed(_ report: Report, encoding: String? = nil) throws -> [String: Any] {
        let text = ReportJSON.value(report, encoding: encoding).rendered(pretty: true)
        return try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    /// Keys of an object in the order rendered (JSONSerialization loses the order).
    static func orderedKeys(_ value: JSONValue) -> [String] {
        guard case .object(let members) = value else { return [] }
        return members.map(\.0)
    }

    static func member(_ value: JSONValue, _ path: String...) -> JSONValue? {
        var current = value
        for key in path {
            guard case .object(let members) = current, let next = members.first(where: { $0.0 == key })?.1 else { return nil }
            current = next
        }
        return current
    }

    static let applicationRows = [
        "new", "carried_in", "granted", "partial", "denied_secret", "denied_law", "denied_safety", "denied_third_party",
        "denied_internal", "denied_process", "denied_enforcement", "denied_inquiry", "unavailable_not_held",
        "unavailable_needs_creation", "unavailable_unclear", "rejected_petition", "rejected_duplicate",
        "rejected_publication", "rejected_abusive", "rejected_confirmation", "other_no_supplement", "other_no_fee",
        "other_misc", "outcome_total", "carried_over",
    ]
    static let applicantColumns = ["natural_person", "business", "research", "social_org", "legal_service", "other_org", "total"]
    static let reviewColumns = ["upheld", "corrected", "other", "pending", "total"]

    @Test("seed 001: top-level keys, in order, and metadata values")
    func topLevel() throws {
        let report = try Fixtures.seedReport("001")
        let value = ReportJSON.value(report)
        #expect(Self.orderedKeys(value) == ["file", "agency", "year", "format", "title", "period", "published", "data_date",
                                            "metadata_sources", "sections", "headings", "tables", "locations", "labels", "notes"])
        #expect(Self.orderedKeys(ReportJSON.value(report, encoding: "UTF-8")).contains("encoding"))

        let json = try Self.parsed(report)
        for key in ["file", "agency", "year", "format", "title", "period", "published", "sections", "tables", "locations"] {
            #expect(json.keys.contains(key), "\(key)")
        }
        #expect(json["file"] as? String == Fixtures.seedName("001"))
        #expect(json["agency"] as? String == "济宁市兖州区卫生健康局")
        #expect(json["year"] as? Int == 2024)
        #expect(json["format"] as? String == "2021")
        #expect(json["title"] as? String == "济宁市兖州区卫生健康局 2024年政府信息公开工作年度报告")
        #expect(json["period"] as? [String: String] == ["start": "2024-01-01", "end": "2024-12-31"])
        #expect(json["published"] is NSNull)
        #expect(json["data_date"] is NSNull)
        #expect(json["sections"] as? [String] == ["overview", "proactive", "requests", "review", "problems", "other"])
        #expect(json["notes"] as? [Any] != nil && (json["notes"] as! [Any]).isEmpty)

        let sources = try #require(json["metadata_sources"] as? [String: Any])
        func source(_ key: String) -> (String?, Int?) {
            let object = sources[key] as? [String: Any]
            return (object?["source"] as? String, object?["line"] as? Int)
        }
        #expect(source("year") == ("title", 2))
        #expect(source("agency") == ("title", 1))
        #expect(source("title") == ("title", 1))
        #expect(source("title_year") == ("title", 2))
        #expect(source("period") == ("period", 8))
        #expect(sources["published"] is NSNull)

        let headings = try #require(json["headings"] as? [String: [String: Any]])
        #expect(headings["requests"]?["text"] as? String == "收到和处理政府信息公开申请情况")
        #expect(headings["requests"]?["lines"] as? [Int] == [70, 356])
        #expect(Self.orderedKeys(Self.member(value, "headings")!) == ["overview", "proactive", "requests", "review", "problems", "other"])
    }

    @Test("seed 001: tables with canonical rows and columns, in order")
    func tables() throws {
        let report = try Fixtures.seedReport("001")
        let value = ReportJSON.value(report)
        let tables = try #require(Self.member(value, "tables"))
        #expect(Self.orderedKeys(tables) == ["disclosure", "applications", "review_litigation"])

        let disclosure = try #require(Self.member(tables, "disclosure"))
        #expect(Self.orderedKeys(disclosure) == ["regulations", "normative_documents", "licensing", "punishment", "coercion", "fees"])
        #expect(Self.orderedKeys(Self.member(disclosure, "regulations")!) == ["issued", "repealed", "in_force"])
        #expect(Self.orderedKeys(Self.member(disclosure, "normative_documents")!) == ["issued", "repealed", "in_force"])
        for row in ["licensing", "punishment", "coercion"] {
            #expect(Self.orderedKeys(Self.member(disclosure, row)!) == ["decisions"])
        }
        #expect(Self.orderedKeys(Self.member(disclosure, "fees")!) == ["amount"])

        let applications = try #require(Self.member(tables, "applications"))
        #expect(Self.orderedKeys(applications) == Self.applicationRows)
        for row in Self.applicationRows {
            #expect(Self.orderedKeys(Self.member(applications, row)!) == Self.applicantColumns, "\(row)")
        }

        let review = try #require(Self.member(tables, "review_litigation"))
        #expect(Self.orderedKeys(review) == ["review", "litigation_direct", "litigation_after_review"])
        for group in ["review", "litigation_direct", "litigation_after_review"] {
            #expect(Self.orderedKeys(Self.member(review, group)!) == Self.reviewColumns)
        }

        // Values, read back.
        let json = try Self.parsed(report)
        let t = try #require(json["tables"] as? [String: [String: [String: Any]]])
        #expect(t["disclosure"]?.count == 6)
        #expect(t["disclosure"]?["punishment"]?["decisions"] as? Int == 41)
        #expect(t["disclosure"]?["regulations"] as? [String: Int] == ["issued": 0, "repealed": 0, "in_force": 0])
        #expect(t["applications"]?.count == 25)
        #expect(t["applications"]?.values.allSatisfy { $0.count == 7 } == true)
        #expect(t["applications"]?["new"] as? [String: Int] ==
            ["natural_person": 1, "business": 0, "research": 0, "social_org": 0, "legal_service": 0, "other_org": 0, "total": 1])
        #expect(t["review_litigation"]?.count == 3)
        #expect(t["review_litigation"]?["litigation_after_review"] as? [String: Int] ==
            ["upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0])
    }

    @Test("seed 001: locations have the tables' shape, with line numbers")
    func locations() throws {
        let report = try Fixtures.seedReport("001")
        let value = ReportJSON.value(report)
        let tables = try #require(Self.member(value, "tables")), locations = try #require(Self.member(value, "locations"))
        // Same keys, at every level.
        for table in Self.orderedKeys(tables) {
            let t = Self.member(tables, table)!, l = try #require(Self.member(locations, table))
            #expect(Self.orderedKeys(t) == Self.orderedKeys(l))
            for row in Self.orderedKeys(t) {
                #expect(Self.orderedKeys(Self.member(t, row)!) == Self.orderedKeys(Self.member(l, row)!))
            }
        }
        let json = try Self.parsed(report)
        let l = try #require(json["locations"] as? [String: [String: [String: Int]]])
        #expect(l["disclosure"]?["punishment"]?["decisions"] == 56)
        #expect(l["applications"]?["new"]?["natural_person"] == 90)
        #expect(l["applications"]?["new"]?["total"] == 96)
        #expect(l["review_litigation"]?["review"]?["upheld"] == 399)
        #expect(l["review_litigation"]?["litigation_after_review"]?["total"] == 413)
        // Every location is an integer line of the file.
        for (_, rows) in l { for (_, cells) in rows { for (_, line) in cells { #expect((1...report.lines.count).contains(line)) } } }
    }

    @Test("seed 000: the blank 行政许可 is null in tables, its row's line in locations")
    func nullCell() throws {
        let report = try Fixtures.seedReport("000")
        let json = try Self.parsed(report)
        let tables = try #require(json["tables"] as? [String: [String: [String: Any]]])
        #expect(tables["disclosure"]?["licensing"]?["decisions"] is NSNull)
        #expect(tables["disclosure"]?["fees"]?["amount"] as? Int == 0)
        let locations = try #require(json["locations"] as? [String: [String: [String: Any]]])
        #expect(locations["disclosure"]?["licensing"]?["decisions"] as? Int == 37)
        #expect(json["published"] as? String == "2025-01-20")
        #expect(json["data_date"] as? String == "2024-12-31")
        let labels = try #require(json["labels"] as? [String: [String: Any]])
        let unit = (labels["disclosure"]?["units"] as? [String: [String: Any]])?["fees.amount"]
        #expect(unit?["text"] as? String == "0 万元")
        #expect(unit?["line"] as? Int == 43)
        #expect(labels["disclosure"]?["found"] as? Bool == true)
        #expect(labels["disclosure"]?["lines"] as? [Int] == [31, 44])
    }

    @Test("a missing table: found false, every cell null, locations null")
    func missingTable() throws {
        let text = try Fixtures.seedText("003").lfLines.prefix(78).joined(separator: "\n")
        let report = ReportParser.parse(text: text, file: "x")
        let json = try Self.parsed(report)
        let tables = try #require(json["tables"] as? [String: [String: [String: Any]]])
        #expect(tables["review_litigation"]?.count == 3)
        #expect(tables["review_litigation"]?.values.allSatisfy { $0.values.allSatisfy { $0 is NSNull } } == true)
        let locations = try #require(json["locations"] as? [String: [String: [String: Any]]])
        #expect(locations["review_litigation"]?.values.allSatisfy { $0.values.allSatisfy { $0 is NSNull } } == true)
        let labels = try #require(json["labels"] as? [String: [String: Any]])
        #expect(labels["review_litigation"]?["found"] as? Bool == false)
        #expect(labels["review_litigation"]?["lines"] is NSNull)
    }

    @Test("decimal and text cells, and strings that need escaping")
    func valuesAndEscapes() throws {
        let text = try Fixtures.seedText("003")
            .replacingOnce("行政事业性收费\t0\t\t", with: "行政事业性收费\t1.25\t\t")
            .replacingLine(3, with: "惠农区\"卫生\"健康局\\ 2024 年政府信息公开工作年度报告")
        let report = ReportParser.parse(text: text, file: "a\tb\u{1}.txt")
        #expect(report.cell(CellPath("disclosure.fees.amount")!).value == .decimal(Decimal(string: "1.25")!))
        let rendered = ReportJSON.value(report).rendered(pretty: false)
        #expect(rendered.contains(#""amount":1.25"#))
        #expect(rendered.contains(#""file":"a\tb\u0001.txt""#))
        #expect(rendered.contains(#"惠农区\"卫生\"健康局\\ 2024"#))
        let json = try Self.parsed(report)
        #expect(json["file"] as? String == "a\tb\u{1}.txt")
        #expect((json["tables"] as? [String: [String: [String: Any]]])?["disclosure"]?["fees"]?["amount"] as? Double == 1.25)
        #expect(ReportJSON.cellValue(Cell(value: .text("不详"), raw: "不详", line: 1)) == .string("不详"))
        #expect(ReportJSON.cellValue(.missing(line: 3)) == .null)
        // A dash is kept; the line and paragraph separators are escaped (JavaScript reads them as line ends).
        #expect(JSONValue.string("1—2\u{2028}3\u{2029}").rendered() == #""1—2\u20283\u2029""#)
    }

    @Test("JSONValue renders compactly and prettily")
    func rendering() {
        let value = JSONValue.object([("a", .array([.integer(1), .integer(2)])), ("b", .object([("c", .null)])), ("d", .array([])),
                                      ("e", .bool(true)), ("f", .string("\u{2028}")), ("g", .decimal(Decimal(string: "-0.5")!))])
        #expect(value.rendered(pretty: false) == #"{"a":[1,2],"b":{"c":null},"d":[],"e":true,"f":"\u2028","g":-0.5}"#)
        #expect(value.rendered(pretty: true) == """
        {
          "a": [1, 2],
          "b": {
            "c": null
          },
          "d": [],
          "e": true,
          "f": "\\u2028",
          "g": -0.5
        }
        """)
        #expect(JSONValue.object([]).rendered() == "{}")
    }

    @Test("ReportJSON.array: one object per report, with its encoding")
    func array() throws {
        let reports = try ["000", "004"].map { (try Fixtures.seedReport($0), Optional("GB18030")) }
        let text = ReportJSON.array(reports).rendered()
        let json = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(json.count == 2)
        #expect(json.map { $0["encoding"] as? String } == ["GB18030", "GB18030"])
        #expect(json[1]["agency"] is NSNull)
        #expect(json[1]["year"] as? Int == 2025)
        #expect(ReportJSON.array([]).rendered() == "[]")
    }

    @Test("ReportText renders the tables with Chinese labels and — for a blank cell")
    func text() throws {
        let text = ReportText.render(try Fixtures.seedReport("000"), encoding: "UTF-8")
        #expect(text.hasPrefix("== 000_e8ec6a5d6c0a1c89.txt\n"))
        #expect(text.contains("东营市第二人民医院（来源：标题，第 3 行）"))
        #expect(text.contains("2025年1月20日（来源：落款，第 113 行）"))
        #expect(text.contains("编码      UTF-8"))
        #expect(text.contains("【主动公开政府信息情况】 disclosure  第 31–44 行"))
        let licensing = try #require(text.components(separatedBy: "\n").first { $0.contains("licensing") })
        #expect(licensing.contains("本年处理决定数量 —"))
        let punishment = try #require(text.components(separatedBy: "\n").first { $0.contains("punishment") })
        #expect(punishment.contains("本年处理决定数量 0"))
        #expect(text.contains("  overview  第 9–26 行  一、总体情况\n"))
        #expect(text.contains("  other     第 93–113 行  六、其他需要报告的事项\n"))
    }
}
