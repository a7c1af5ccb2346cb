/// A monitoring round (docs/domain.md §9): a fiscal year's months 1–N, opened by the
/// administrator with the date reports are due.
public struct MonitoringRound: Sendable, Equatable {
    public var year: Int
    /// The round runs to the end of this month.
    public var month: Int
    /// `YYYY-MM-DD`
    public var due: String
    public var openedBy: String
    /// Milliseconds since 1970.
    public var openedAt: Int64
    /// When the round's reports were opened to the public, if they were.
    public var publishedAt: Int64?
}

/// A department's report in a round: its workflow state and each project's entry.
public struct MonitoringReport: Sendable, Equatable {
    public var department: String
    public var year: Int
    public var month: Int
    /// 草稿 until submitted; a report nothing was saved to is a draft at version 0.
    public var state: WorkflowState
    public var version: Int
    public var submittedAt: Int64?
    public var entries: [MonitoringEntry]
}

/// One project's monitoring in a report, by its unit's and its own name (a table replaced by an
/// upload keeps its reports): what was reported, as the JSON of `ProjectProgress`, and the light
/// and money the overview counts without reading it.
public struct MonitoringEntry: Sendable, Equatable {
    public var unit: String
    public var project: String
    public var content: String
    /// `red`, `yellow`, `blue`, `green`; nil when nothing lights it.
    public var light: String?
    /// 年初预算数, 全年预算数 and 执行数 in 分.
    public var initialFen: Int64
    public var budgetFen: Int64
    public var spentFen: Int64?
    public var version: Int
    public var updatedBy: String
    public var updatedAt: Int64

    public init(unit: String, project: String, content: String, light: String?, initialFen: Int64, budgetFen: Int64, spentFen: Int64?,
                version: Int = 0, updatedBy: String = "", updatedAt: Int64 = 0) {
        (self.unit, self.project, self.content, self.light) = (unit, project, content, light)
        (self.initialFen, self.budgetFen, self.spentFen) = (initialFen, budgetFen, spentFen)
        (self.version, self.updatedBy, self.updatedAt) = (version, updatedBy, updatedAt)
    }
}

/// A department's line of a round's overview.
public struct DepartmentMonitoring: Sendable, Equatable {
    public var department: String
    /// The state of the department's report (草稿 when nothing was saved).
    public var state: WorkflowState
    /// Whether anything was saved or done.
    public var started: Bool
    public var submittedAt: Int64?
    /// The table's projects, and how many have an entry.
    public var projectCount: Int
    public var reportedCount: Int
    public var red: Int
    public var yellow: Int
    public var blue: Int
    public var green: Int
    /// The table's 年初预算数, the 全年预算数 (adjusted where an entry says so; nil past what
    /// Int64 holds) and 1–N月执行数, in 分.
    public var initialFen: Int64
    public var budgetFen: Int64?
    public var spentFen: Int64
    /// The 全年预算数 of the projects whose 执行数 is reported: what the execution rate is of
    /// (a project not yet reported has spent nothing anyone knows of).
    public var reportedBudgetFen: Int64

    public init(department: String, state: WorkflowState, started: Bool, submittedAt: Int64?, projectCount: Int, reportedCount: Int,
                red: Int, yellow: Int, blue: Int, green: Int, initialFen: Int64, budgetFen: Int64?, spentFen: Int64, reportedBudgetFen: Int64) {
        (self.department, self.state, self.started, self.submittedAt) = (department, state, started, submittedAt)
        (self.projectCount, self.reportedCount, self.red, self.yellow, self.blue, self.green) = (projectCount, reportedCount, red, yellow, blue, green)
        (self.initialFen, self.budgetFen, self.spentFen, self.reportedBudgetFen) = (initialFen, budgetFen, spentFen, reportedBudgetFen)
    }
}
