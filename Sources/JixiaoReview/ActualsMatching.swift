import JixiaoCore

/// Which project of the table each reported line of actuals belongs to (docs/domain.md §5):
/// by name, which must name exactly one project of the table. Scoring a line against the
/// wrong project, or dropping one silently, would be worse than refusing the file.
public enum ActualsMatching {
    public enum Failure: Error, Equatable, CustomStringConvertible {
        case unknownProject(String)
        case ambiguousProject(String, count: Int)

        public var description: String {
            switch self {
            case .unknownProject(let name): "项目 \"\(name)\" is not in the table"
            case .ambiguousProject(let name, let count): "项目 \"\(name)\" appears \(count) times in the table; names must be unique to score"
            }
        }
    }

    /// Each entry with its project, in the order reported.
    public static func match(_ reported: [ProjectActuals], to table: BudgetTable) throws(Failure) -> [(project: Project, actuals: ProjectActuals)] {
        var byName: [String: [Project]] = [:]
        for project in table.projects { byName[project.name, default: []].append(project) }
        var matched: [(project: Project, actuals: ProjectActuals)] = []
        for entry in reported {
            guard let projects = byName[entry.project] else { throw .unknownProject(entry.project) }
            guard projects.count == 1 else { throw .ambiguousProject(entry.project, count: projects.count) }
            matched.append((projects[0], entry))
        }
        return matched
    }

    /// The table's reported projects scored (`Scoring.score` each).
    public static func score(_ reported: [ProjectActuals], in table: BudgetTable, settings: ScoringSettings) throws(Failure) -> [ProjectScore] {
        try match(reported, to: table).map { Scoring.score($0.project, unit: table.moneyUnit, actuals: $0.actuals, settings: settings) }
    }
}
