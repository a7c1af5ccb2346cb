import JixiaoCore

/// A monitoring warning light (docs/domain.md §9). A project shows its worst: red, then
/// yellow, then blue (a target that may have been set too low), then green.
public enum Light: String, CaseIterable, Codable, Comparable, Sendable {
    case green, blue, yellow, red

    public static func < (lhs: Light, rhs: Light) -> Bool { lhs.rank < rhs.rank }
    private var rank: Int {
        switch self {
        case .green: 0
        case .blue: 1
        case .yellow: 2
        case .red: 3
        }
    }

    /// 红灯, as the forms print it beside the colour.
    public var chinese: String {
        switch self {
        case .green: "绿灯"
        case .blue: "蓝灯"
        case .yellow: "黄灯"
        case .red: "红灯"
        }
    }

    /// What the light means, for a reader who does not know the colours.
    public var meaning: String {
        switch self {
        case .green: "正常"
        case .blue: "超前（目标可能偏低）"
        case .yellow: "轻度偏离"
        case .red: "严重偏离"
        }
    }

    /// The worst of the lights given, nil when there is none.
    public static func worst(_ lights: some Sequence<Light?>) -> Light? {
        lights.compactMap { $0 }.max()
    }
}

extension Likelihood {
    /// 确定能 green, 有可能 yellow, 完全不可能 red.
    public var light: Light {
        switch self {
        case .certain: .green
        case .possible: .yellow
        case .impossible: .red
        }
    }
}
