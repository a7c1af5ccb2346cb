import JixiaoCore
import Testing

@Suite struct TargetGrammarTests {
    /// Every spelling docs/domain.md §3 lists, and the further ones Jixiao reads, maps to one comparator.
    @Test(arguments: [
        ("≥", Comparator.atLeast), (">=", .atLeast), ("大于等于", .atLeast), ("不低于", .atLeast), ("不少于", .atLeast),
        ("＞", .greaterThan), (">", .greaterThan), ("大于", .greaterThan),
        ("＝", .equal), ("=", .equal), ("等于", .equal),
        ("＜", .lessThan), ("<", .lessThan), ("小于", .lessThan),
        ("≤", .atMost), ("<=", .atMost), ("小于等于", .atMost), ("不高于", .atMost), ("不超过", .atMost),
    ])
    func prefixSpellings(spelling: String, comparator: Comparator) throws {
        let value = TargetValue(text: "\(spelling)95%")
        let part = try #require(value.parts.first)
        #expect(value.parts.count == 1)
        #expect(part.comparator == comparator)
        #expect(part.number == ExactDecimal(significand: 95, scale: 0))
        #expect(part.unit == "%")
        #expect(part.subject == "")
    }

    @Test(arguments: [("以上", Comparator.atLeast), ("以内", .atMost), ("或以上", .atLeast), ("以下", .atMost)])
    func suffixSpellings(spelling: String, comparator: Comparator) throws {
        let part = try #require(TargetValue(text: "90%\(spelling)").parts.first)
        #expect(part.comparator == comparator)
        #expect(part.number.description == "90")
        #expect(part.unit == "%")
    }

    /// Chinese numerals where a number is meant (九成 = 90 %), words where it is not.
    @Test(arguments: [
        ("不低于九成", "≥90%"), ("八成五以上", "≥85%"), ("达到三十个", "≥30个"), ("超过半数", "＞50%"),
        ("不少于一百零五人", "≥105人"), ("不超过两千元", "≤2000元"), ("不少于十二次", "≥12次"),
    ])
    func chineseNumeralsAreNumbers(text: String, reading: String) throws {
        let part = try #require(TargetValue(text: text).parts.first, "\(text)")
        #expect("\(part.comparator.symbol)\(part.number)\(part.unit)" == reading)
        #expect(TargetValue(text: text).text == text)
    }

    @Test(arguments: ["一成不变", "进一步提高", "达到一流水平", "一次性完成", "统一标准", "第一季度完成", "有效提高"])
    func numeralsInWordsAreWords(text: String) {
        #expect(!TargetValue(text: text).isQuantitative, "\(text)")
    }

    @Test func everyListedSpellingReads() {
        for (spelling, comparator) in TargetGrammar.prefixComparators {
            #expect(TargetValue(text: "\(spelling)3人").parts.first?.comparator == comparator, "\(spelling)")
        }
        for (spelling, comparator) in TargetGrammar.suffixComparators {
            #expect(TargetValue(text: "3人\(spelling)").parts.first?.comparator == comparator, "\(spelling)")
        }
    }

    /// The seed's own values (docs/domain.md §3).
    @Test(arguments: [
        ("≤2人", "", Comparator.atMost, "2", "人"),
        ("大于等于95%", "", .atLeast, "95", "%"),
        ("不低于90%", "", .atLeast, "90", "%"),
        ("100%", "", .none, "100", "%"),
        ("1个", "", .none, "1", "个"),
        ("每年每个区不低于1项", "每年每个区", .atLeast, "1", "项"),
        ("90%或以上", "", .atLeast, "90", "%"),
        ("大于等于100场", "", .atLeast, "100", "场"),
        ("≥85%", "", .atLeast, "85", "%"),
        ("≥1,000人次", "", .atLeast, "1000", "人次"),
        ("≥ 2.5 万元", "", .atLeast, "2.5", "万元"),
        ("９５％", "", .none, "95", "％"),
    ])
    func quantitativeValues(text: String, subject: String, comparator: Comparator, number: String, unit: String) throws {
        let value = TargetValue(text: text)
        #expect(value.text == text)
        #expect(value.isQuantitative)
        let part = try #require(value.parts.first)
        #expect(value.parts.count == 1)
        #expect(part.subject == subject)
        #expect(part.comparator == comparator)
        #expect(part.number.description == number)
        #expect(part.unit == unit)
    }

    @Test func aValueWithTwoTargets() {
        let value = TargetValue(text: "帮扶省外被帮扶地区不少于1次，帮扶省内被帮扶地区不少于2次")
        #expect(value.parts == [
            QuantitativeTarget(subject: "帮扶省外被帮扶地区", comparator: .atLeast, number: ExactDecimal(significand: 1, scale: 0), unit: "次"),
            QuantitativeTarget(subject: "帮扶省内被帮扶地区", comparator: .atLeast, number: ExactDecimal(significand: 2, scale: 0), unit: "次"),
        ])
    }

    @Test(arguments: ["是", "有效提高", "顺利通过考核", "按规定范围使用，不直接发给个人", "按实际到村市县选调生人数补助",
                      "2025年12月底前完成", "第3季度完成", "完成率达到全市前列"])
    func qualitativeValues(text: String) {
        let value = TargetValue(text: text)
        #expect(!value.isQuantitative)
        #expect(value.parts.isEmpty)
        #expect(value.text == text)
    }

    @Test func exactDecimals() throws {
        #expect(ExactDecimal("1.50")?.description == "1.50")
        #expect(ExactDecimal("0.05")?.description == "0.05")
        #expect(ExactDecimal("1,000")?.description == "1000")
        #expect(ExactDecimal("") == nil)
        #expect(ExactDecimal("1.2.3") == nil)
        #expect(ExactDecimal("99999999999999999999") == nil)
        #expect(try #require(ExactDecimal("1.5")) < #require(ExactDecimal("2")))
        #expect(try #require(ExactDecimal("10")) > #require(ExactDecimal("9.99")))
        #expect(ExactDecimal(significand: -5, scale: 1).description == "-0.5")
    }
}
