import JixiaoCore
import PropertyBased
import Testing

@Suite struct MoneyTests {
    @Test(arguments: [
        ("1,980.40", Int64(1_980_400_000)),
        ("11", 11_000_000),
        ("11.5", 11_500_000),
        ("-3.00", -3_000_000),
        ("", 0),
        ("  328.20 ", 328_200_000),
        ("１，９８０．４０", 1_980_400_000),
        ("0.000001", 1),
        ("1,000,000.00", 1_000_000_000_000),
    ])
    func parsesAmountsInWanYuan(text: String, fen: Int64) throws {
        #expect(try Money(parsing: text, in: .wanYuan) == Money(fen: fen))
    }

    @Test func parsesAmountsInYuan() throws {
        #expect(try Money(parsing: "1,980.40", in: .yuan) == Money(fen: 198_040))
    }

    @Test(arguments: ["12,3a", "abc", "1.2.3", "--3", "3-", ",12", "1.5,000", "1 2", "-", "."])
    func rejectsWhatIsNotAnAmount(text: String) {
        #expect(throws: MoneyParseError.notANumber) { try Money(parsing: text, in: .wanYuan) }
    }

    @Test func rejectsMoreDecimalsThanFen() throws {
        #expect(throws: MoneyParseError.tooPrecise) { try Money(parsing: "1.0000001", in: .wanYuan) }
        #expect(throws: MoneyParseError.tooPrecise) { try Money(parsing: "1.001", in: .yuan) }
        // Trailing zeros beyond 分 state nothing more and are accepted.
        #expect(try Money(parsing: "1.0000000", in: .wanYuan) == Money(fen: 1_000_000))
    }

    @Test func rejectsAbsurdAmountsInsteadOfOverflowing() {
        #expect(throws: MoneyParseError.outOfRange) { try Money(parsing: "99999999999999999999999", in: .wanYuan) }
        #expect(throws: MoneyParseError.outOfRange) { try Money(parsing: "2,000,000,000", in: .wanYuan) }
        #expect(Money.checkedSum([Money(fen: .max), Money(fen: 1)]) == nil)
        #expect(Money.checkedSum([Money(fen: 5), Money(fen: -2)]) == Money(fen: 3))
    }

    @Test(arguments: [
        (Int64(1_980_400_000), "1,980.40"),
        (-3_000_000, "-3.00"),
        (0, "0.00"),
        (11_000_000, "11.00"),
        (1, "0.000001"),
        (123_456_780_000, "123,456.78"),
        (1_000_000_000_000, "1,000,000.00"),
        (5_500, "0.0055"),
    ])
    func formatsAsTheOfficialTable(fen: Int64, text: String) {
        #expect(Money(fen: fen).formatted(in: .wanYuan) == text)
    }

    @Test func formatsWithoutSeparatorsForOpenData() {
        #expect(Money(fen: 1_980_400_000).formatted(in: .wanYuan, thousandsSeparator: false) == "1980.40")
    }

    @Test func formattingThenParsingGivesTheSameAmount() async {
        await propertyCheck(input: Gen.int64(in: -Money.limit.fen...Money.limit.fen)) { fen in
            let money = Money(fen: fen)
            for unit in MoneyUnit.allCases {
                #expect((try? Money(parsing: money.formatted(in: unit), in: unit)) == money)
            }
        }
    }

    @Test func amountsKeepTheirColumnsApart() {
        let a = Amounts(total: Money(fen: 4), fiscalAppropriation: Money(fen: 1), specialAccount: Money(fen: 2), otherFunds: Money(fen: 1))
        #expect(a.columns.map(\.fen) == [4, 1, 2, 1])
        #expect(Amounts(columns: a.columns) == a)
        #expect(a.sumOfSources == a.total)
        #expect((a + a).total == Money(fen: 8))
    }
}
