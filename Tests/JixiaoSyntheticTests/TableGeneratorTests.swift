import JixiaoCore
import JixiaoFormats
import JixiaoSynthetic
import Testing

@Suite struct TableGeneratorTests {
    static let large: BudgetTable = {
        var generator = TableGenerator(seed: 42)
        return generator.table(projects: 3_000, units: 40)
    }()

    @Test func sumsHold() {
        let table = Self.large
        #expect(table.projectCount == 3_000)
        #expect(table.units.count == 40)
        for unit in table.units {
            #expect(!unit.projects.isEmpty)
            #expect(unit.projects.reduce(Amounts.zero) { $0 + $1.amounts } == unit.amounts)
            for project in unit.projects { #expect(project.amounts.sumOfSources == project.amounts.total) }
        }
        #expect(table.units.reduce(Amounts.zero) { $0 + $1.amounts } == table.total)
    }

    @Test func everyComparatorSpellingAppears() {
        let texts = Self.large.projects.flatMap(\.indicators).compactMap(\.periodTarget?.text)
        for (spelling, _) in TargetGrammar.prefixComparators + TargetGrammar.suffixComparators {
            #expect(texts.contains { $0.contains(spelling) }, "\(spelling)")
        }
        let comparators = Set(Self.large.projects.flatMap(\.indicators).compactMap(\.periodTarget).flatMap(\.parts).map(\.comparator))
        #expect(comparators == Set(Comparator.allCases))
    }

    @Test func theHardCasesAppear() {
        let projects = Array(Self.large.projects)
        #expect(projects.contains { $0.goal.contains("\n") })
        #expect(projects.contains { $0.goal.contains("\t") })
        #expect(projects.contains { $0.goal.contains("\"") })
        #expect(projects.contains { !$0.amounts.specialAccount.isZero })
        #expect(projects.contains { !$0.amounts.otherFunds.isZero && $0.name.contains("〔") })
        #expect(projects.contains { $0.hasNoTargets && $0.name.contains("涉密") })
        let indicators = projects.flatMap(\.indicators)
        #expect(indicators.contains { $0.annualTarget == nil })
        #expect(indicators.contains { ($0.periodTarget?.parts.count ?? 0) == 2 })
        #expect(indicators.contains { $0.periodTarget?.isQuantitative == false })
        #expect(Set(indicators.compactMap(\.secondaryCategory)).count >= 9)
        // Multi-line and tabbed goals must be quoted in the text form.
        #expect(DisclosureTextWriter.write(Self.large).contains("\t\""))
    }

    @Test func theSameSeedGivesTheSameTable() {
        var a = TableGenerator(seed: 7)
        var b = TableGenerator(seed: 7)
        var c = TableGenerator(seed: 8)
        let first = a.table(projects: 200)
        #expect(first == b.table(projects: 200))
        #expect(first != c.table(projects: 200))
    }

    @Test func unitsAreCappedByProjects() {
        var generator = TableGenerator(seed: 1)
        let table = generator.table(projects: 3, units: 10)
        #expect(table.units.count == 3)
    }
}
