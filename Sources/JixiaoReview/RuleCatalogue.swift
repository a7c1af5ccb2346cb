import JixiaoCore

/// Every rule the review runs, in the order `jixiao rules` lists them.
public enum RuleCatalogue {
    public static let rules: [any ReviewRule] = [
        AmountRules.RowSources(),
        AmountRules.UnitSubtotal(),
        AmountRules.DepartmentTotal(),
        CompletenessRules.GoalMissing(),
        CompletenessRules.IndicatorsMissing(),
        CompletenessRules.CategoryMissing(.output),
        CompletenessRules.CategoryMissing(.benefit),
        CompletenessRules.SatisfactionExpected(),
        CompletenessRules.TargetValueMissing(),
        CompletenessRules.Numbering(),
        StructureRules.LevelMismatch(),
        StructureRules.UnknownLevel(),
        StructureRules.CodeMismatch(),
        StructureRules.UnreadableIndicator(),
        StructureRules.DuplicateProject(),
        TargetRules.NotQuantitative(),
        TargetRules.VagueValue(),
        TargetRules.ProcessMeasureAsOutput(),
        TargetRules.AnnualExceedsPeriod(),
        TargetRules.RateAbove100(),
        TargetRules.CostFloor(),
        TargetRules.CarriedOver(),
        ConsistencyRules.SecretPublishesIndicators(),
        ConsistencyRules.SecretStatesNoReason(),
        ConsistencyRules.FewIndicators(),
        ConsistencyRules.AmountCeiling(),
        ConsistencyRules.AmountJump(),
        CopyPasteRules.GoalCopied(),
        CopyPasteRules.IndicatorSetCopied(),
        CopyPasteRules.LabelPasted(),
    ] + MonitoringRules.all

    public static var descriptions: [RuleDescription] { rules.map(\.description) }

    private static let titles = Dictionary(descriptions.map { ($0.id, $0.title) }, uniquingKeysWith: { first, _ in first })

    /// The rule's Chinese title (`目标雷同` for GOAL-COPIED), for pages that show the id beside it.
    public static func title(of id: String) -> String { titles[id] ?? id }
}
