/// An agency that publishes reports: its full name, whether it is a 县级以上地方人民政府 (deadline 31 March) or
/// reports as a department does (31 January), and how its own text refers to it.
public struct SynthAgency: Hashable, Sendable {
    public let name: String
    public let isGovernment: Bool
    /// 我局, 我院, 本机关… : how the narrative says "we".
    public let selfReference: String
    /// The place, for the website and address lines.
    public let place: String

    static let cities = [
        "济宁市", "东营市", "烟台市", "潍坊市", "临沂市", "石嘴山市", "银川市", "洛阳市", "开封市", "南阳市", "宜昌市",
        "襄阳市", "株洲市", "岳阳市", "赣州市", "九江市", "绵阳市", "南充市", "遵义市", "曲靖市", "桂林市", "柳州市",
        "湛江市", "汕头市", "泉州市", "漳州市", "温州市", "嘉兴市", "湖州市", "扬州市", "镇江市", "盐城市", "芜湖市",
        "安庆市", "邯郸市", "保定市", "大同市", "长治市", "包头市", "吉林市", "宝鸡市", "天水市", "西宁市", "德州市",
    ]
    static let countyFirst = Array("安平清河阳宁东西南北新丰泰兴华长永临沂淮江金龙凤青白嘉昌德武")
    static let countySecond = Array("山城阳平安宁川源江州乡丘泉林台和兴远定化水湖口谷原陵溪岗坪田")
    static let countySuffix = ["区", "县"]
    static let townNames = ["城关", "新集", "白塔", "柳河", "石桥", "马坊", "黄庄", "南湖", "双庙", "古城"]

    /// Kinds of agency: the name's ending and how it refers to itself.
    static let kinds: [(suffix: String, selfReference: String)] = [
        ("卫生健康局", "我局"), ("教育局", "我局"), ("民政局", "我局"), ("财政局", "我局"), ("人力资源和社会保障局", "我局"),
        ("自然资源局", "我局"), ("生态环境分局", "本分局"), ("住房和城乡建设局", "我局"), ("交通运输局", "我局"),
        ("水利局", "我局"), ("农业农村局", "我局"), ("商务局", "我局"), ("文化和旅游局", "我局"), ("应急管理局", "我局"),
        ("审计局", "我局"), ("市场监督管理局", "我局"), ("统计局", "我局"), ("医疗保障局", "我局"), ("司法局", "我局"),
        ("退役军人事务局", "我局"), ("林业局", "我局"), ("城市管理局", "我局"), ("发展和改革委员会", "我委"),
        ("工业和信息化局", "我局"), ("人民政府办公室", "本办"), ("行政审批服务局", "我局"), ("第一人民医院", "我院"),
        ("中医医院", "我院"), ("疾病预防控制中心", "本中心"), ("人民政府", "本级政府"), ("镇人民政府", "我镇"),
    ]

    static var countyCount: Int { countyFirst.count * countySecond.count * countySuffix.count }
    /// How many distinct agencies there are.
    public static var capacity: Int { cities.count * countyCount * kinds.count }

    /// The agency numbered `index` (0 ≤ index < capacity): distinct indices give distinct names; `salt`
    /// (from the corpus seed) changes which name an index gets.
    public init(index: Int, salt: UInt64) {
        let capacity = Self.capacity
        // An affine permutation of 0..<capacity: 1,000,003 is prime and larger than any factor of capacity.
        let permuted = Int((UInt64(index % capacity) &* 1_000_003 &+ salt % UInt64(capacity)) % UInt64(capacity))
        var rest = permuted
        let kind = Self.kinds[rest % Self.kinds.count]; rest /= Self.kinds.count
        let county = rest % Self.countyCount; rest /= Self.countyCount
        let city = Self.cities[rest]
        let first = Self.countyFirst[county % Self.countyFirst.count]
        var second = Self.countySecond[(county / Self.countyFirst.count) % Self.countySecond.count]
        if second == first { second = "源" == first ? "川" : "源" }
        let suffix = Self.countySuffix[county / (Self.countyFirst.count * Self.countySecond.count)]
        let countyName = String(first) + String(second) + suffix
        place = city + countyName
        switch kind.suffix {
        case "镇人民政府":
            let town = Self.townNames[county % Self.townNames.count]
            name = place + town + kind.suffix
            isGovernment = false
        case "人民政府":
            name = place + kind.suffix
            isGovernment = true
        default:
            name = place + kind.suffix
            isGovernment = false
        }
        selfReference = kind.selfReference
    }
}
