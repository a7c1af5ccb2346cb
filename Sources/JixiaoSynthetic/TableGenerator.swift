import JixiaoCore

/// Writes realistic synthetic tables for tests and benchmarks: Chinese department, unit and
/// project names, amounts split over all three sources (transfer items with their 文号 in
/// 其他资金), goals (some spanning lines, some with tabs or quotes, so writers must quote),
/// indicators in the full grammar using every comparator spelling, values with two targets,
/// items with only one value, and 涉密 projects with no goal or indicators. Sums hold:
/// unit rows equal their projects, 合计 equals the units. The same seed gives the same table.
public struct TableGenerator: Sendable {
    private var random: SplitMix64
    private var spellingCursor = 0

    public init(seed: UInt64) {
        random = SplitMix64(seed: seed)
    }

    /// A table of `projects` projects in `units` units (at least one project per unit, so
    /// `units` is capped at `projects`).
    public mutating func table(projects: Int, units requestedUnits: Int? = nil, fiscalYear: Int = 2025) -> BudgetTable {
        let stream = stream(projects: projects, units: requestedUnits, fiscalYear: fiscalYear)
        var iterator = stream.units.makeIterator()
        var units: [SpendingUnit] = []
        units.reserveCapacity(stream.unitCount)
        while let unit = iterator.next() { units.append(unit) }
        self = iterator.generator
        let total = units.reduce(Amounts.zero) { $0 + $1.amounts }
        return BudgetTable(department: stream.department, total: total, units: units)
    }

    /// The same table as `table`, its units made one at a time as they are read: a
    /// million-project table for a streaming writer never exists whole. Reading the units
    /// twice gives the same units (the first pass can sum the 合计).
    public mutating func stream(projects: Int, units requestedUnits: Int? = nil, fiscalYear: Int = 2025) -> TableStream {
        let projectCount = max(1, projects)
        let unitCount = min(projectCount, max(1, requestedUnits ?? max(1, projectCount / 40)))
        let district = pick(Bank.districts)
        let bureau = pick(Bank.bureaus)
        var sizes = [Int](repeating: 1, count: unitCount)
        for _ in 0..<(projectCount - unitCount) { sizes[Int(random.next() % UInt64(unitCount))] += 1 }
        let department = "广州市\(district)\(bureau)"
        return TableStream(
            department: department + "（部门）", projectCount: projectCount,
            units: TableStream.Units(generator: self, district: district, department: department, sizes: sizes, fiscalYear: fiscalYear)
        )
    }

    public struct TableStream: Sendable {
        public let department: String
        public let projectCount: Int
        public let units: Units

        public var unitCount: Int { units.sizes.count }

        /// The 合计: one pass over the units.
        public func total() -> Amounts { units.reduce(Amounts.zero) { $0 + $1.amounts } }

        public struct Units: Sequence, Sendable {
            let generator: TableGenerator
            let district: String
            let department: String
            let sizes: [Int]
            let fiscalYear: Int

            public func makeIterator() -> Iterator { Iterator(units: self, generator: generator) }

            public struct Iterator: IteratorProtocol {
                let units: Units
                var generator: TableGenerator
                var index = 0
                var usedNames: Set<String> = []

                public mutating func next() -> SpendingUnit? {
                    guard index < units.sizes.count else { return nil }
                    defer { index += 1 }
                    var name = index == 0 ? units.department : "广州市\(units.district)\(generator.pick(Bank.unitTopics))\(generator.pick(Bank.unitSuffixes))"
                    if usedNames.contains(name) { name += "（第\(index + 1)分部）" }
                    usedNames.insert(name)
                    var projects: [Project] = []
                    projects.reserveCapacity(units.sizes[index])
                    for _ in 0..<units.sizes[index] { projects.append(generator.project(fiscalYear: units.fiscalYear)) }
                    let amounts = projects.reduce(Amounts.zero) { $0 + $1.amounts }
                    return SpendingUnit(name: name, amounts: amounts, projects: projects)
                }
            }
        }
    }

    // MARK: Projects

    mutating func project(fiscalYear: Int) -> Project {
        let roll = random.next() % 100
        let isTransfer = roll < 15
        let isSecret = roll == 99
        var name: String
        if isTransfer {
            let year = fiscalYear - 1 - Int(random.next() % 2)
            name = "\(year)年\(pick(Bank.projectTopics))\(pick(["中央财政补助资金", "省级补助资金", "市级专项资金"]))（穗财\(pick(["行", "教", "社", "农"]))〔\(year - 1)〕\(1 + random.next() % 200)号）"
        } else {
            name = "\(fiscalYear)年\(pick(Bank.projectTopics))\(pick(Bank.projectKinds))"
        }
        if random.next() % 200 == 0 { name += "\"试点\"" }
        if isSecret { name += "（涉密）" }
        let amounts = amounts(transfer: isTransfer)
        if isSecret { return Project(name: name, amounts: amounts) }
        return Project(name: name, amounts: amounts, goal: goal(), indicators: indicators())
    }

    /// 0.50 to about 2,000 万元, skewed small as real tables are, in whole 百元 (0.01 万元).
    mutating func amounts(transfer: Bool) -> Amounts {
        let magnitude = [100, 1_000, 10_000, 100_000][Int(random.next() % 4)]
        let hundredths = Int64(50 + random.next() % UInt64(magnitude * 2))
        let total = Money(fen: hundredths * 10_000)
        if transfer {
            return Amounts(total: total, fiscalAppropriation: .zero, specialAccount: .zero, otherFunds: total)
        }
        switch random.next() % 10 {
        case 0:
            let special = Money(fen: hundredths / 3 * 10_000)
            return Amounts(total: total, fiscalAppropriation: total - special, specialAccount: special, otherFunds: .zero)
        case 1:
            let other = Money(fen: hundredths / 4 * 10_000)
            let special = Money(fen: hundredths / 5 * 10_000)
            return Amounts(total: total, fiscalAppropriation: total - other - special, specialAccount: special, otherFunds: other)
        default:
            return Amounts(total: total, fiscalAppropriation: total, specialAccount: .zero, otherFunds: .zero)
        }
    }

    mutating func goal() -> String {
        var sentences: [String] = []
        for _ in 0..<(1 + random.next() % 3) { sentences.append(pick(Bank.goalSentences)) }
        let separator: String
        switch random.next() % 40 {
        case 0: separator = "\n"           // a goal typed in paragraphs
        case 1: separator = "\t"           // pasted from a grid
        default: separator = ""
        }
        var text = sentences.joined(separator: separator)
        if random.next() % 60 == 0 { text = "锚定\"排头兵、领头羊、火车头\"标高追求，" + text }
        return text
    }

    // MARK: Indicators

    mutating func indicators() -> [Indicator] {
        let count = 1 + Int(random.next() % 6)
        var items: [Indicator] = []
        for ordinal in 1...count {
            // Outputs first, then benefits, then satisfaction, as tables list them.
            let secondary: SecondaryCategory
            switch ordinal {
            case 1: secondary = pick([.quantity, .quantity, .quality, .timeliness, .cost])
            case count where count > 2: secondary = .serviceSatisfaction
            default: secondary = pick([.quantity, .quality, .timeliness, .economicBenefit, .socialBenefit, .socialBenefit, .ecologicalBenefit, .sustainability])
            }
            let primary = secondary.primaries[0]
            let level1 = IndicatorLevel(code: primary.guangdongCode, name: primary.rawValue)
            let level2 = IndicatorLevel(code: secondary.guangdongCode, name: secondary.customaryName)
            let (name, period, annual) = indicatorValues(secondary)
            items.append(Indicator(
                ordinal: ordinal, level1: level1, level2: level2, name: name,
                periodTarget: TargetValue(text: period), annualTarget: annual.map { TargetValue(text: $0) }
            ))
        }
        return items
    }

    mutating func indicatorValues(_ category: SecondaryCategory) -> (String, String, String?) {
        let name: String
        let period: String
        let roll = random.next() % 20
        if roll < 3 && category != .serviceSatisfaction {
            let indicator = pick(Bank.qualitativeIndicators)
            name = indicator.name
            period = pick(indicator.values)
        } else if roll == 3 && category == .quantity {
            name = Bank.twoTargetIndicator
            period = "帮扶省外被帮扶地区\(nextSpelling())\(1 + random.next() % 3)次，帮扶省内被帮扶地区\(nextSpelling())\(2 + random.next() % 3)次"
        } else if let counts = Bank.countNames[category], roll % 2 == 0 {
            let indicator = pick(counts)
            name = indicator.name
            let number = String(1 + random.next() % 500)
            period = roll == 4 ? number + indicator.unit : spelled(number: number, unit: indicator.unit)
        } else {
            name = pick(Bank.rateNames[category] ?? Bank.rateNames[.socialBenefit]!)
            let number = String([80, 85, 90, 95, 98, 100][Int(random.next() % 6)])
            period = roll == 5 ? number + "%" : spelled(number: number, unit: pick(["%", "%", "%", "％", "百分比"]))
        }
        // Most tables repeat the period value as the annual one; some leave the annual out.
        let annual: String? = random.next() % 25 == 0 ? nil : period
        return (name, period, annual)
    }

    /// A comparator with a number and unit, cycling through every spelling Jixiao reads.
    mutating func spelled(number: String, unit: String) -> String {
        let all = TargetGrammar.prefixComparators.count + TargetGrammar.suffixComparators.count
        let index = spellingCursor % all
        spellingCursor += 1
        if index < TargetGrammar.prefixComparators.count {
            return TargetGrammar.prefixComparators[index].spelling + number + unit
        }
        return number + unit + TargetGrammar.suffixComparators[index - TargetGrammar.prefixComparators.count].spelling
    }

    mutating func nextSpelling() -> String {
        let list = TargetGrammar.prefixComparators
        spellingCursor += 1
        return list[spellingCursor % list.count].spelling
    }

    mutating func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
}

/// A small, fast, seedable generator (Steele, Lea & Flood's SplitMix64).
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
