/// One numbered item of a 绩效指标 cell:
/// `1、1-产出指标：11-数量指标：编外辅助人员聘用人数；实施周期指标值：≤2人；年度指标值：≤2人。`
public struct Indicator: Hashable, Sendable {
    /// The item's number (`1、`), as written; nil when the cell does not number its items.
    public var ordinal: Int?
    /// 一级指标, e.g. `1-产出指标`.
    public var level1: IndicatorLevel?
    /// 二级指标, e.g. `11-数量指标`.
    public var level2: IndicatorLevel?
    /// 三级指标: the indicator's own name, free text.
    public var name: String
    /// 实施周期指标值
    public var periodTarget: TargetValue?
    /// 年度指标值
    public var annualTarget: TargetValue?
    /// The item's text as written when it does not follow the indicator grammar (then the
    /// other fields are empty). Writers reproduce it verbatim; the review reports it.
    public var unparsedText: String?

    public init(
        ordinal: Int? = nil,
        level1: IndicatorLevel?,
        level2: IndicatorLevel?,
        name: String,
        periodTarget: TargetValue? = nil,
        annualTarget: TargetValue? = nil
    ) {
        self.ordinal = ordinal
        self.level1 = level1
        self.level2 = level2
        self.name = name
        self.periodTarget = periodTarget
        self.annualTarget = annualTarget
        self.unparsedText = nil
    }

    /// An item that does not follow the grammar, kept as written.
    public init(ordinal: Int?, unparsedText: String) {
        self.ordinal = ordinal
        self.level1 = nil
        self.level2 = nil
        self.name = ""
        self.periodTarget = nil
        self.annualTarget = nil
        self.unparsedText = unparsedText
    }
}

/// A level of the indicator framework as a table writes it: `code-name`, e.g. `22-社会效益`.
/// Codes are data, not a fixed list (provinces number differently); the category comes
/// from the name.
public struct IndicatorLevel: Hashable, Sendable {
    /// The numeric code as written (`"22"`), nil when the table gives only a name.
    public var code: String?
    public var name: String

    public init(code: String?, name: String) {
        self.code = code
        self.name = name
    }

    /// `22-社会效益`, or the bare name when there is no code.
    public var text: String {
        guard let code else { return name }
        return code + "-" + name
    }
}

extension Indicator {
    /// The 一级 category its name designates, if the framework knows it.
    public var primaryCategory: PrimaryCategory? { level1.flatMap { PrimaryCategory(name: $0.name) } }
    /// The 二级 category its name designates, if the framework knows it.
    public var secondaryCategory: SecondaryCategory? { level2.flatMap { SecondaryCategory(name: $0.name) } }
}
