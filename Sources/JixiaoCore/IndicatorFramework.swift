#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The indicator framework (docs/domain.md §3). Categories are recognised by name, with or
/// without the `指标` suffix (`22-社会效益` names 社会效益指标); codes stay data, because
/// provinces number them differently. The Guangdong codes are given for writers and
/// generators that need them.
public enum PrimaryCategory: String, CaseIterable, Hashable, Sendable {
    /// The case's name as the table document writes it, in snake_case like its keys (`output`,
    /// `social_benefit`): spelt out, not `"\(self)"`, which asks the runtime's reflection.
    public var identifier: String {
        switch self {
        case .output: "output"
        case .benefit: "benefit"
        case .satisfaction: "satisfaction"
        case .cost: "cost"
        }
    }

    /// 产出指标
    case output = "产出指标"
    /// 效益指标
    case benefit = "效益指标"
    /// 满意度指标
    case satisfaction = "满意度指标"
    /// 成本指标 as a 一级 of its own (since 财预〔2021〕101号)
    case cost = "成本指标"

    public init?(name: String) {
        guard let found = PrimaryCategory.names.lookup(name) else { return nil }
        self = found
    }

    /// Names with and without the `指标` suffix; looked up for every indicator a review sees.
    private static let names = FrameworkNames(allCases)

    /// The Guangdong code (`1`, `2`, `3`); 成本指标 as a 一级 has none in the seed's scheme.
    public var guangdongCode: String? {
        switch self {
        case .output: "1"
        case .benefit: "2"
        case .satisfaction: "3"
        case .cost: nil
        }
    }

    public var secondaries: [SecondaryCategory] {
        SecondaryCategory.allCases.filter { $0.primaries.contains(self) }
    }
}

public enum SecondaryCategory: String, CaseIterable, Hashable, Sendable {
    /// The case's name as the table document writes it, in snake_case like its keys (`output`,
    /// `social_benefit`): spelt out, not `"\(self)"`, which asks the runtime's reflection.
    public var identifier: String {
        switch self {
        case .quantity: "quantity"
        case .quality: "quality"
        case .timeliness: "timeliness"
        case .cost: "cost"
        case .economicBenefit: "economic_benefit"
        case .socialBenefit: "social_benefit"
        case .ecologicalBenefit: "ecological_benefit"
        case .sustainability: "sustainability"
        case .serviceSatisfaction: "service_satisfaction"
        case .economicCost: "economic_cost"
        case .socialCost: "social_cost"
        case .ecologicalCost: "ecological_cost"
        }
    }

    /// 数量指标
    case quantity = "数量指标"
    /// 质量指标
    case quality = "质量指标"
    /// 时效指标
    case timeliness = "时效指标"
    /// 成本指标: under 产出 (code 14), or under 成本 as a 一级
    case cost = "成本指标"
    /// 经济效益指标
    case economicBenefit = "经济效益指标"
    /// 社会效益指标
    case socialBenefit = "社会效益指标"
    /// 生态效益指标
    case ecologicalBenefit = "生态效益指标"
    /// 可持续影响指标
    case sustainability = "可持续影响指标"
    /// 服务对象满意度指标
    case serviceSatisfaction = "服务对象满意度指标"
    /// 经济成本指标
    case economicCost = "经济成本指标"
    /// 社会成本指标
    case socialCost = "社会成本指标"
    /// 生态环境成本指标
    case ecologicalCost = "生态环境成本指标"

    public init?(name: String) {
        guard let found = SecondaryCategory.names.lookup(name) else { return nil }
        self = found
    }

    private static let names = FrameworkNames(allCases)

    /// The 一级 categories this 二级 may stand under.
    public var primaries: [PrimaryCategory] {
        switch self {
        case .quantity, .quality, .timeliness: [.output]
        case .cost: [.output, .cost]
        case .economicBenefit, .socialBenefit, .ecologicalBenefit, .sustainability: [.benefit]
        case .serviceSatisfaction: [.satisfaction]
        case .economicCost, .socialCost, .ecologicalCost: [.cost]
        }
    }

    /// The Guangdong code; codes other than 11, 22 and 31 follow the seed's pattern (docs/domain.md §3).
    public var guangdongCode: String? {
        switch self {
        case .quantity: "11"
        case .quality: "12"
        case .timeliness: "13"
        case .cost: "14"
        case .economicBenefit: "21"
        case .socialBenefit: "22"
        case .ecologicalBenefit: "23"
        case .sustainability: "24"
        case .serviceSatisfaction: "31"
        case .economicCost, .socialCost, .ecologicalCost: nil
        }
    }

    /// The name as the seed writes 二级 names: 效益 categories drop the `指标` suffix
    /// (`22-社会效益`), the others keep it (`11-数量指标`, `31-服务对象满意度`).
    public var customaryName: String {
        switch self {
        case .economicBenefit, .socialBenefit, .ecologicalBenefit, .sustainability, .serviceSatisfaction:
            String(rawValue.dropLast(2))
        default:
            rawValue
        }
    }
}

/// Framework names, recognised with or without the `指标` suffix. Lookups compare UTF-8
/// bytes: names read from a file are not known to be NFC, so hashing or `==` on them takes
/// String's slow path, and a review looks up every indicator many times.
private struct FrameworkNames<C: RawRepresentable<String>>: Sendable where C: Sendable {
    private let entries: [(bytes: [UInt8], category: C)]

    init(_ categories: [C]) {
        var entries: [(bytes: [UInt8], category: C)] = []
        for category in categories {
            entries.append((Array(category.rawValue.utf8), category))
            if category.rawValue.hasSuffix("指标") { entries.append((Array(category.rawValue.dropLast(2).utf8), category)) }
        }
        self.entries = entries
    }

    func lookup(_ name: String) -> C? {
        UTF8Scan.withBytes(name) { b in
            for entry in entries where entry.bytes.count == b.count {
                if entry.bytes.withUnsafeBufferPointer({ memcmp($0.baseAddress!, b.baseAddress!, b.count) == 0 }) { return entry.category }
            }
            return nil
        }
    }
}
