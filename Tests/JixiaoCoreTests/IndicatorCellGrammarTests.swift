import JixiaoCore
import Testing

@Suite struct IndicatorCellGrammarTests {
    static let official = "1、1-产出指标：11-数量指标：编外辅助人员聘用人数；实施周期指标值：≤2人；年度指标值：≤2人。2、2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高。"

    @Test func readsTheOfficialForm() throws {
        let items = IndicatorCellGrammar.parse(Self.official)
        #expect(items.count == 2)
        let first = items[0]
        #expect(first.ordinal == 1)
        #expect(first.level1 == IndicatorLevel(code: "1", name: "产出指标"))
        #expect(first.level2 == IndicatorLevel(code: "11", name: "数量指标"))
        #expect(first.name == "编外辅助人员聘用人数")
        #expect(first.periodTarget?.text == "≤2人")
        #expect(first.annualTarget?.text == "≤2人")
        #expect(first.primaryCategory == .output)
        #expect(first.secondaryCategory == .quantity)
        #expect(first.unparsedText == nil)
        let second = items[1]
        #expect(second.ordinal == 2)
        #expect(second.level2 == IndicatorLevel(code: "22", name: "社会效益"))
        #expect(second.secondaryCategory == .socialBenefit)
        #expect(second.primaryCategory == .benefit)
        #expect(second.annualTarget?.isQuantitative == false)
        #expect(IndicatorCellGrammar.format(items) == Self.official)
    }

    /// What copies from PDFs and web pages do to the cell; each reads as the official form.
    @Test(arguments: [
        "1、1-产出指标:11-数量指标:编外辅助人员聘用人数;实施周期指标值:≤2人;年度指标值:≤2人。2、2-效益指标:22-社会效益:提高工作任务完成率;实施周期指标值:有效提高;年度指标值:有效提高。",
        "1、 1-产出指标 ： 11-数量指标 ： 编外辅助人员聘用人数 ； 实施周期指标值 ： ≤2人 ； 年度指标值 ： ≤2人 。 2、 2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高。",
        "1、1-产出指标：11-数量指标：编外辅助人员聘用人数；实施周期指标值：≤2人；年度指标值：≤2人。\n2、2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高。",
        "1、1-产出指标：11-数量指标：编外辅助人员\n聘用人数；实施周期指标值：≤2人；年度指\r\n标值：≤2人。2、2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高。",
        "1、1-产出指标：11-数量指标：编外辅助人员聘用人数；实施周期指标值：≤2人；年度指标值：≤2人2、2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高",
        "1、1 - 产出指标：11－数量指标：编外辅助人员聘用人数；年度指标值：≤2人；实施周期指标值：≤2人。2、2-效益指标：22-社会效益：提高工作任务完成率；实施周期指标值：有效提高；年度指标值：有效提高。",
    ])
    func toleratesCopies(variant: String) {
        #expect(IndicatorCellGrammar.format(IndicatorCellGrammar.parse(variant)) == Self.official)
    }

    @Test func anItemWithOnlyThePeriodValue() throws {
        let items = IndicatorCellGrammar.parse("2、1-产出指标：12-质量指标：经费使用范围；实施周期指标值：按规定范围使用，不直接发给个人。")
        let item = try #require(items.first)
        #expect(items.count == 1)
        #expect(item.ordinal == 2)
        #expect(item.periodTarget?.text == "按规定范围使用，不直接发给个人")
        #expect(item.annualTarget == nil)
    }

    @Test func anEmptyValueIsAMissingOne() throws {
        let item = try #require(IndicatorCellGrammar.parse("1、1-产出指标：11-数量指标：人数；实施周期指标值：3人；年度指标值：。").first)
        #expect(item.annualTarget == nil)
        #expect(IndicatorCellGrammar.format([item]) == "1、1-产出指标：11-数量指标：人数；实施周期指标值：3人。")
    }

    @Test func levelsWithoutCodesAndUnnumberedItems() {
        let items = IndicatorCellGrammar.parse("产出指标：数量指标：培训人次；实施周期指标值：≥100人次；年度指标值：≥100人次。效益指标：社会效益指标：知晓率；实施周期指标值：≥90%。")
        #expect(items.count == 2)
        #expect(items.map(\.ordinal) == [nil, nil])
        #expect(items[0].level1 == IndicatorLevel(code: nil, name: "产出指标"))
        #expect(items[1].secondaryCategory == .socialBenefit)
        #expect(IndicatorCellGrammar.format(items) == "产出指标：数量指标：培训人次；实施周期指标值：≥100人次；年度指标值：≥100人次。效益指标：社会效益指标：知晓率；实施周期指标值：≥90%。")
    }

    @Test func aNameMayHoldAColon() throws {
        let item = try #require(IndicatorCellGrammar.parse("1、1-产出指标：11-数量指标：配套比例：区级；实施周期指标值：1:1。").first)
        #expect(item.name == "配套比例：区级")
        #expect(item.periodTarget?.text == "1:1")
    }

    @Test func freeTextIsKeptVerbatim() throws {
        let free = "详见附件\n（另行报送）"
        let items = IndicatorCellGrammar.parse(free)
        #expect(items == [Indicator(ordinal: nil, unparsedText: free)])
        #expect(IndicatorCellGrammar.format(items) == free)
    }

    @Test func anUnreadableItemAmongGoodOnes() throws {
        let cell = "1、1-产出指标：11-数量指标：人数；实施周期指标值：3人。2、按要求完成。3、2-效益指标：22-社会效益：覆盖率；实施周期指标值：100%。"
        let items = IndicatorCellGrammar.parse(cell)
        #expect(items.count == 3)
        #expect(items[1].unparsedText == "按要求完成。")
        #expect(items[1].ordinal == 2)
        #expect(items[2].name == "覆盖率")
        #expect(IndicatorCellGrammar.format(items) == cell)
    }

    @Test func emptyCell() {
        #expect(IndicatorCellGrammar.parse("").isEmpty)
        #expect(IndicatorCellGrammar.parse("  \n ").isEmpty)
    }

    @Test func frameworkNames() {
        #expect(PrimaryCategory(name: "产出指标") == .output)
        #expect(PrimaryCategory(name: "产出") == .output)
        #expect(PrimaryCategory(name: "成本指标") == .cost)
        #expect(SecondaryCategory(name: "社会效益") == .socialBenefit)
        #expect(SecondaryCategory(name: "服务对象满意度") == .serviceSatisfaction)
        #expect(SecondaryCategory(name: "经济成本指标")?.primaries == [.cost])
        #expect(SecondaryCategory(name: "成本指标")?.primaries == [.output, .cost])
        #expect(SecondaryCategory(name: "社会效益指标")?.guangdongCode == "22")
        #expect(SecondaryCategory.socialBenefit.customaryName == "社会效益")
        #expect(SecondaryCategory.quantity.customaryName == "数量指标")
        #expect(PrimaryCategory(name: "其他指标") == nil)
        #expect(PrimaryCategory.output.secondaries == [.quantity, .quality, .timeliness, .cost])
    }

    /// The identifiers the table document writes are the case names in snake_case, spelt out.
    @Test func categoryIdentifiersAreTheCaseNames() {
        func snake(_ name: String) -> String { name.map { $0.isUppercase ? "_" + $0.lowercased() : String($0) }.joined() }
        for category in PrimaryCategory.allCases { #expect(category.identifier == snake("\(category)")) }
        for category in SecondaryCategory.allCases { #expect(category.identifier == snake("\(category)")) }
        #expect(SecondaryCategory.socialBenefit.identifier == "social_benefit")
    }
}
