import Foundation
import GKModel
@testable import GKParse
import Testing

/// Label comparison helpers and cell number reading.
@Suite("LabelText and CellNumber")
struct LabelTextTests {
    @Test("strippingNumbering removes every kind of leading numbering", arguments: [
        ("（一）予以公开", "予以公开"),
        ("(一) 予以公开", "予以公开"),
        ("一、本年新收政府信息公开申请数量", "本年新收政府信息公开申请数量"),
        ("1.属于国家秘密", "属于国家秘密"),
        ("1. 属于国家秘密", "属于国家秘密"),
        ("1、属于国家秘密", "属于国家秘密"),
        ("1．属于国家秘密", "属于国家秘密"),
        ("（1）属于国家秘密", "属于国家秘密"),
        ("2)重复申请", "重复申请"),
        ("〔三〕不予公开", "不予公开"),
        ("[4]保护第三方合法权益", "保护第三方合法权益"),
        ("十一、其他", "其他"),
        ("（十二）其他", "其他"),
        ("三、(一) 予以公开", "予以公开"),
        ("  \t（七）总计", "总计"),
        ("一、", ""),
        ("", ""),
        // Not numbering.
        ("一是加强组织领导", "一是加强组织领导"),
        ("2024年度", "2024年度"),
        ("1.5万元", "1.5万元"),
        ("第二十条第（一）项", "第二十条第（一）项"),
        ("行政许可", "行政许可"),
        ("(本列数据的勾稽关系为)", "(本列数据的勾稽关系为)"),
    ])
    func strippingNumbering(text: String, expected: String) {
        #expect(String(LabelText.strippingNumbering(text)) == expected)
    }

    @Test("key keeps letters, digits and ideographs only, after the numbering", arguments: [
        ("（一）予以公开", "予以公开"),
        ("(二) 部分公开(区分处理的, 只计这一情形, 不计其他情形)", "部分公开区分处理的只计这一情形不计其他情形"),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", "部分公开区分处理的只计这一情形不计其他情形"),
        ("3. 危及“三安全一稳定”", "危及三安全一稳定"),
        ("本年收费金额（单位：万元）", "本年收费金额单位万元"),
        ("结果 维持", "结果维持"),
        ("LED 显示屏 2024", "LED显示屏2024"),
        ("〇", "〇"),
        ("𠀀字", "𠀀字"),
        ("é—ü", ""),
        ("一、", ""),
    ])
    func key(text: String, expected: String) {
        #expect(LabelText.key(text) == expected)
    }

    @Test("keyKeepingNumbering keeps the numerals")
    func keyKeepingNumbering() {
        #expect(LabelText.keyKeepingNumbering("1.属于国家秘密") == "1属于国家秘密")
        #expect(LabelText.keyKeepingNumbering("（一）予以公开") == "一予以公开")
        #expect(LabelText.keyKeepingNumbering("2024 年政府信息公开工作年度报告") == "2024年政府信息公开工作年度报告")
    }

    @Test("key of a long label with numbering beyond its first characters")
    func keyLong() {
        let label = "（六）其他处理 1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"
        #expect(LabelText.key(label) == "其他处理1申请人无正当理由逾期不补正行政机关不再处理其政府信息公开申请")
    }

    @Test("numberedParts splits a label into its numbered parts", arguments: [
        ("（六）其他处理 1.申请人无正当理由逾期不补正", ["（六）其他处理", "1.申请人无正当理由逾期不补正"]),
        ("三、本年度办理结果 (一) 予以公开", ["三、本年度办理结果", "(一) 予以公开"]),
        ("(三) 不予公开\t1. 属于国家秘密", ["(三) 不予公开", "1. 属于国家秘密"]),
        ("（四）无法提供1.本机关不掌握相关政府信息", ["（四）无法提供1.本机关不掌握相关政府信息"]),
        ("（三）不予公开 （1）属于国家秘密", ["（三）不予公开", "（1）属于国家秘密"]),
        ("（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ["（二）部分公开（区分处理的，只计这一情形，不计其他情形）"]),
        ("行政许可", ["行政许可"]),
        ("  行政许可  ", ["行政许可"]),
        ("", []),
        ("   ", []),
    ])
    func numberedParts(text: String, parts: [String]) {
        #expect(LabelText.numberedParts(text) == parts)
    }

    @Test("similarity is the Dice coefficient of character bigrams")
    func similarity() {
        #expect(LabelText.similarity("予以公开", "予以公开") == 1)
        #expect(LabelText.similarity("属于国家秘密", "属于国家密秘") == 0.6)
        #expect(LabelText.similarity("保护第三方合法权益", "保护第三方合法权利") == 0.875)
        #expect(LabelText.similarity("", "") == 1)
        #expect(LabelText.similarity("", "行政") == 0)
        #expect(LabelText.similarity("行", "行") == 1)
        #expect(LabelText.similarity("行政许可", "处罚强制") == 0)
        // Symmetric, and counts repeated bigrams as a multiset.
        #expect(LabelText.similarity("本年度止件数", "本年废止件数") == LabelText.similarity("本年废止件数", "本年度止件数"))
        #expect(LabelText.similarity("aaa", "aa") == LabelText.dice(LabelText.bigramList("aaa"), LabelText.bigramList("aa")))
        #expect(abs(LabelText.similarity("aaa", "aa") - 2.0 / 3.0) < 1e-12)
    }

    // MARK: CellNumber

    @Test("CellNumber.read classifies cells", arguments: [
        ("0", CellNumber.Reading.number(.integer(0))),
        ("418", .number(.integer(418))),
        ("000123", .number(.integer(123))),
        ("-3", .number(.integer(-3))),
        ("+3", .number(.integer(3))),
        ("−3", .number(.integer(-3))),
        ("－3", .number(.integer(-3))),
        ("1,234", .number(.integer(1234))),
        ("1,234,567", .number(.integer(1_234_567))),
        ("0.50", .number(.decimal(Decimal(string: "0.5")!))),
        ("1,234.5", .number(.decimal(Decimal(string: "1234.5")!))),
        ("3件", .number(.integer(3))),
        ("5万元", .number(.integer(5))),
        ("0.5万元", .number(.decimal(Decimal(string: "0.5")!))),
        ("12条", .number(.integer(12))),
        ("2次", .number(.integer(2))),
        ("", .placeholder),
        ("-", .placeholder),
        ("—", .placeholder),
        ("——", .placeholder),
        ("－", .placeholder),
        ("–", .placeholder),
        ("/", .placeholder),
        ("／", .placeholder),
        ("\\", .placeholder),
        ("无", .placeholder),
        ("空", .placeholder),
        ("×", .placeholder),
        ("*", .placeholder),
        ("不详", .placeholder),
        ("暂无", .placeholder),
        ("不适用", .placeholder),
        ("------", .decoration),
        ("======", .decoration),
        ("───", .decoration),
        ("行政许可", .text),
        ("不详情况", .text),
        ("12,34", .text),
        ("1.", .text),
        (".5", .text),
        ("1 2", .text),
        ("1234567890123456", .text),
        ("3个月", .text),
        ("abc", .text),
    ])
    func read(raw: String, reading: CellNumber.Reading) {
        #expect(CellNumber.read(raw) == reading, "“\(raw)”")
    }

    @Test("parseNumber takes a full-width comma as a thousands separator, as it says")
    func fullWidthThousands() {
        #expect(CellNumber.parseNumber("1,234") == .integer(1234))
        #expect(CellNumber.parseNumber("1，234") == .integer(1234))
        #expect(CellNumber.read("1，234") == .number(.integer(1234)))
        #expect(CellNumber.parseNumber("1，234，567") == .integer(1_234_567))
    }

    @Test("parseNumber rejects what is not a number")
    func parseNumberRejects() {
        for raw in ["", "万元", "件", "-", "1-2", "1.2.3", "1e5", "一", "12a", "1,23", "1,2345", "--3", "3.", "1,234,56"] {
            #expect(CellNumber.parseNumber(raw) == nil, "“\(raw)”")
        }
    }

    @Test("numbering and decoration before a label are dropped from its key", arguments: [
        ("## 一、总体情况", "总体情况"), ("**（二）部分公开**", "部分公开"), ("【三】不予公开", "不予公开"),
        ("第四部分 行政复议", "行政复议"), ("第二章 主动公开", "主动公开"), ("五 存在的主要问题", "存在的主要问题"),
        ("第二十条第（一）项", "第二十条第一项"), ("2024 年", "2024年"), ("1.5 万元", "15万元"),
    ])
    func keyDropsNumbering(label: String, key: String) {
        #expect(LabelText.key(label) == key)
    }

    @Test("numbered parts split after a space, tab or closing bracket")
    func numberedPartsSplit() {
        #expect(LabelText.numberedParts("（六）其他处理 1.申请人无正当理由逾期不补正") == ["（六）其他处理", "1.申请人无正当理由逾期不补正"])
        #expect(LabelText.numberedParts("(三) 不予公开\t2. 其他法律行政法规禁止公开") == ["(三) 不予公开", "2. 其他法律行政法规禁止公开"])
        #expect(LabelText.numberedParts("（五）3.要求提供公开出版物") == ["（五）", "3.要求提供公开出版物"])
        #expect(LabelText.numberedParts("行政许可") == ["行政许可"])
        #expect(LabelText.numberedParts("") == [])
    }
}
