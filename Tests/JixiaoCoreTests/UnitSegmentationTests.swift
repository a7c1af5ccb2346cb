import JixiaoCore
import Testing

@Suite struct UnitSegmentationTests {
    /// Rows given as (万元 hundredths in 总计 and 财政拨款, blank?).
    static func segment(_ rows: [(Int64, Bool)]) -> [Int]? {
        let amounts = rows.map { (hundredths, _) in
            let money = Money(fen: hundredths * 10_000)
            return Amounts(total: money, fiscalAppropriation: money, specialAccount: .zero, otherFunds: .zero)
        }
        return UnitSegmentation.unitRows(amounts: amounts, isBlank: rows.map(\.1), roundingTolerance: Money(fen: 10_000))
    }

    @Test func sumsThatHold() {
        #expect(Self.segment([(300, true), (100, false), (200, false), (50, true), (50, false)]) == [0, 3])
    }

    @Test func aSecretProjectWithEmptyCellsStaysAProject() {
        // Unit 300 = 100 + 150 (涉密, blank) + 50; then unit 20 = 20.
        #expect(Self.segment([(300, true), (100, false), (150, true), (50, false), (20, true), (20, false)]) == [0, 4])
        // The blank project first under its unit.
        #expect(Self.segment([(300, true), (150, true), (150, false), (20, true), (20, false)]) == [0, 3])
    }

    @Test func aUnitOffByOneHundredthIsStillAUnit() {
        #expect(Self.segment([(301, true), (100, false), (200, false), (51, true), (50, false)]) == [0, 3])
    }

    @Test func aUnitOffByWholeAmountsIsStillAUnit() {
        #expect(Self.segment([(900, true), (100, false), (200, false), (50, true), (50, false), (70, true), (70, false)]) == [0, 3, 5])
    }

    @Test func aSecretProjectBesideAWrongSubtotal() {
        // Unit A states 999 but holds 100 + 200 + 涉密 300; unit B is right.
        #expect(Self.segment([(999, true), (100, false), (200, false), (300, true), (40, true), (40, false)]) == [0, 4])
    }

    @Test func noSegmentationWhenTheFirstRowHasTargets() {
        #expect(Self.segment([(100, false), (100, false)]) == nil)
        #expect(Self.segment([]) == [])
    }

    @Test func manyBlankRowsStayLinear() {
        // 20,000 rows, all blank: a quadratic search would take minutes.
        var rows: [(Int64, Bool)] = []
        for unit in 0..<2_000 {
            rows.append((Int64(9 * (unit % 7 + 1)), true))
            for _ in 0..<9 { rows.append((Int64(unit % 7 + 1), true)) }
        }
        let starts = Self.segment(rows)
        #expect(starts?.count == 2_000)
        #expect(starts?.last == 19_990)
    }
}
