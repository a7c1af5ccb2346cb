import JixiaoCore

/// Copy-paste: goals or indicator sets carried from one project to another, and the table's
/// own labels pasted into a cell.
///
/// Real copies are rarely identical: the seed's three 选调生 goals differ by one word (任职 /
/// 工作) or by a pasted label. So goals are compared by their clauses — the text between
/// `，。；、` — through an index from clause to projects: each project meets only the projects
/// it shares a clause with, and a clause shared by very many projects is boilerplate and
/// skipped. That keeps the rule linear in the table, not quadratic.
enum CopyPasteRules {
    struct GoalCopied: TableRule {
        let description = RuleDescription(
            id: "GOAL-COPIED", title: "绩效目标与其他项目雷同", dimension: .relevance, defaultSeverity: .warning,
            explanation: "不同项目的绩效目标大段相同（默认：共有的分句占较短目标的60%以上），多为复制粘贴，未写出本项目自己的目标。"
        )

        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            let settings = context.settings
            let projects = CopyPasteRules.allProjects(context)
            let clauses = projects.map { CopyPasteRules.clauses(of: $0.project.goal, minimumLength: settings.copyClauseMinimumLength) }
            let lengths = clauses.map { $0.reduce(0) { $0 + $1.length } }
            let matches = CopyPasteRules.bestEarlierMatch(
                keys: clauses.map { $0.map(\.key) }, weights: clauses.map { $0.map(\.length) }, limit: settings.copyClauseMaximumProjects
            ) { i, j, shared in
                Double(shared) >= settings.copySharedShare * Double(min(lengths[i], lengths[j])) && min(lengths[i], lengths[j]) > 0
            }
            for (i, match) in matches {
                let (u, p, project) = projects[i]
                let other = projects[match.other]
                let share = Int((Double(match.shared) / Double(max(1, min(lengths[i], lengths[match.other])))) * 100)
                let line = context.lines.project(other.u, other.p).map { "（第\($0)行）" } ?? ""
                report.add(context.atProject(u, p, field: "绩效目标"),
                           "绩效目标与“\(other.project.name)”\(line)的目标雷同：\(share)% 的分句相同",
                           found: String(project.goal.prefix(40)),
                           fix: "写出本项目自己的目标：本项目的资金做什么、做到什么程度")
            }
        }
    }

    struct IndicatorSetCopied: TableRule {
        let description = RuleDescription(
            id: "INDICATOR-SET-COPIED", title: "绩效指标与其他项目雷同", dimension: .relevance, defaultSeverity: .info,
            explanation: "两个项目的绩效指标（名称与指标值）有80%以上相同，可能是照搬；同一政策跨年度的项目属正常情况。"
        )

        /// Sets of up to nine indicators share 80 % only when they are equal, differ by one
        /// indicator, or one is the other plus one. Each set is hashed whole and with each
        /// indicator left out; sets with a hash in common are the only candidates, and each
        /// candidate is verified exactly. Linear, with no false findings; two sets of ten or
        /// more indicators that differ in two places are not found.
        func check(_ context: ReviewContext, _ report: inout FindingReport) {
            let projects = CopyPasteRules.allProjects(context)
            let keys: [[UInt64]] = projects.map { entry in
                entry.project.indicators.count < 2 ? [] : CopyPasteRules.unique(entry.project.indicators.map(CopyPasteRules.indicatorKey))
            }
            var signatures: [KeyedItem] = []
            signatures.reserveCapacity(keys.reduce(0) { $0 + $1.count + 1 })
            for (item, set) in keys.enumerated() where set.count >= 2 {
                // Every candidate is verified exactly, so the kind of hash needs no record.
                signatures.append(KeyedItem(key: CopyPasteRules.hash(set, without: nil), item: Int32(item), weight: 0))
                for left in set.indices {
                    signatures.append(KeyedItem(key: CopyPasteRules.hash(set, without: left), item: Int32(item), weight: 0))
                }
            }
            signatures.sort()
            var best: [Int: (other: Int, shared: Int)] = [:]
            var start = 0
            while start < signatures.count {
                var end = start + 1
                while end < signatures.count && signatures[end].key == signatures[start].key { end += 1 }
                if end - start > 1 && end - start <= context.settings.copyClauseMaximumProjects {
                    for x in (start + 1)..<end {
                        let item = Int(signatures[x].item)
                        for y in start..<x {
                            let other = Int(signatures[y].item)
                            guard other < item, other < (best[item]?.other ?? Int.max) else { continue }
                            let shared = CopyPasteRules.sharedCount(keys[item], keys[other])
                            if Double(shared) >= 0.8 * Double(max(keys[item].count, keys[other].count)) { best[item] = (other, shared) }
                        }
                    }
                }
                start = end
            }
            for (i, match) in best.sorted(by: { $0.key < $1.key }) {
                let (u, p, project) = projects[i]
                let other = projects[match.other]
                let line = context.lines.project(other.u, other.p).map { "（第\($0)行）" } ?? ""
                report.add(context.atProject(u, p, field: "绩效指标"),
                           "绩效指标与“\(other.project.name)”\(line)雷同：\(project.indicators.count) 项中 \(match.shared) 项相同",
                           fix: "确认指标反映本项目的产出和效益；同一政策的跨年度项目可忽略")
            }
        }
    }

    /// The table's own labels inside a goal or an indicator.
    struct LabelPasted: ProjectRule {
        let description = RuleDescription(
            id: "LABEL-PASTED", title: "目标或指标中夹带表格栏目名", dimension: .relevance, defaultSeverity: .warning,
            explanation: "绩效目标或指标中出现“年度总体绩效目标”“年度指标值”等栏目名，多为从申报表复制时带入（词表可配置）。"
        )

        func check(_ project: Project, at position: ProjectPosition, _ context: ReviewContext, _ report: inout FindingReport) {
            let fragments = context.labelFragments
            if let fragment = fragments.first(in: project.goal) {
                report.add(position.location(project, field: "绩效目标"), "绩效目标中夹带栏目名“\(fragment)”",
                           found: fragment, fix: "删去“\(fragment)”，核对目标文字是否完整")
            }
            for (i, indicator) in project.indicators.enumerated() {
                let period = indicator.periodTarget, annual = indicator.annualTarget
                guard let fragment = fragments.first(in: indicator.name)
                    ?? period.flatMap({ fragments.first(in: $0.text) })
                    ?? (annual == period ? nil : annual.flatMap { fragments.first(in: $0.text) }) else { continue }
                report.add(position.location(project, indicator: i, field: "三级指标"), "指标“\(indicator.name)”中夹带栏目名“\(fragment)”",
                           found: fragment, fix: "删去“\(fragment)”，核对指标文字是否完整")
            }
        }
    }

    // MARK: Shared machinery

    typealias Entry = (u: Int, p: Int, project: Project)

    static func allProjects(_ context: ReviewContext) -> [Entry] {
        var entries: [Entry] = []
        entries.reserveCapacity(context.table.projectCount)
        for (u, unit) in context.table.units.enumerated() {
            for (p, project) in unit.projects.enumerated() { entries.append((u, p, project)) }
        }
        return entries
    }

    /// The goal's clauses — the text between `，。；、` and the like — of at least
    /// `minimumLength` characters, each once, as hashes of their bytes with their lengths.
    static func clauses(of text: String, minimumLength: Int) -> [(key: UInt64, length: Int)] {
        UTF8Scan.withBytes(text) { b in
            var result: [(key: UInt64, length: Int)] = []
            var start = 0
            var i = 0
            while i <= b.count {
                let width = i == b.count ? 1 : clauseDelimiterWidth(b, at: i)
                if width == 0 {
                    i += 1
                    continue
                }
                let length = UTF8Scan.scalarCount(b, start..<i)
                if length >= minimumLength {
                    let key = UTF8Scan.hash(b, start..<i)
                    // A goal has a dozen clauses or so: a scan beats building a Set.
                    if !result.contains(where: { $0.key == key }) { result.append((key, length)) }
                }
                i += width
                start = i
            }
            return result
        }
    }

    private static let fullWidthDelimiters: [[UInt8]] = ["，", "。", "；", "、", "！", "？", "：", "\u{3000}"].map { Array($0.utf8) }

    private static func clauseDelimiterWidth(_ b: UTF8Scan.Bytes, at i: Int) -> Int {
        switch b[i] {
        case 0x2C, 0x3B, 0x21, 0x3F, 0x0A, 0x09, 0x20, 0x2E: return 1
        case 0xE3, 0xEF:
            return fullWidthDelimiters.contains { UTF8Scan.matches(b, at: i, $0, end: b.count) } ? 3 : 0
        default: return 0
        }
    }

    /// A hash of what makes two indicators the same: 二级, name, both values (or the text of
    /// an unparsed item).
    static func indicatorKey(_ indicator: Indicator) -> UInt64 {
        func hash(_ text: String?) -> UInt64 { text.map { UTF8Scan.withBytes($0) { UTF8Scan.hash($0, 0..<$0.count) } } ?? 0 }
        let period = hash(indicator.periodTarget?.text)
        // Most annual values repeat the period value: no need to hash it again.
        let annual = indicator.annualTarget == indicator.periodTarget ? period : hash(indicator.annualTarget?.text)
        var key: UInt64 = 0
        for h in [hash(indicator.level2?.name), hash(indicator.name), period, annual, hash(indicator.unparsedText)] {
            key = (key ^ h) &* 0x9E37_79B9_7F4A_7C15 &+ 1
        }
        return key
    }

    /// A hash of a sorted set of keys, optionally leaving one out.
    static func hash(_ set: [UInt64], without left: Int?) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15
        for (i, key) in set.enumerated() where i != left { h = (h ^ key) &* 0x0000_0100_0000_01B3 &+ 0x2545_F491_4F6C_DD1D }
        return h
    }

    /// How many keys two sorted sets share.
    static func sharedCount(_ a: [UInt64], _ b: [UInt64]) -> Int {
        var i = 0, j = 0, shared = 0
        while i < a.count && j < b.count {
            if a[i] == b[j] {
                shared += 1
                i += 1
                j += 1
            } else if a[i] < b[j] {
                i += 1
            } else {
                j += 1
            }
        }
        return shared
    }

    /// The keys without repeats (sorted): a project holds a handful.
    static func unique(_ keys: [UInt64]) -> [UInt64] {
        var sorted = keys.sorted()
        var last: UInt64?
        sorted.removeAll { key in
            defer { last = key }
            return key == last
        }
        return sorted
    }

    /// For each item, the earliest earlier item it shares enough keys with. The (key, item)
    /// pairs are sorted so that equal keys stand together; a key held by more than `limit`
    /// items is boilerplate and skipped, which bounds the pairs counted by keys × limit:
    /// the work is n log n in the table, never a comparison of every project with every other.
    static func bestEarlierMatch(
        keys: [[UInt64]], weights: [[Int]], limit: Int,
        qualifies: (_ item: Int, _ other: Int, _ shared: Int) -> Bool
    ) -> [(Int, (other: Int, shared: Int))] {
        var pairs: [KeyedItem] = []
        pairs.reserveCapacity(keys.reduce(0) { $0 + $1.count })
        for (item, itemKeys) in keys.enumerated() {
            for (k, key) in itemKeys.enumerated() { pairs.append(KeyedItem(key: key, item: Int32(item), weight: Int32(weights[item][k]))) }
        }
        pairs.sort()
        // Every (item, earlier item) pair that shares a key, with the key's weight; sorted,
        // equal pairs stand together and their weights add up to what the two share.
        var shared: [KeyedItem] = []
        var start = 0
        while start < pairs.count {
            var end = start + 1
            while end < pairs.count && pairs[end].key == pairs[start].key { end += 1 }
            if end - start > 1 && end - start <= limit {
                for x in (start + 1)..<end {
                    for y in start..<x {
                        shared.append(KeyedItem(key: UInt64(pairs[x].item) << 32 | UInt64(pairs[y].item), item: 0, weight: pairs[x].weight))
                    }
                }
            }
            start = end
        }
        shared.sort { $0.key < $1.key }
        var best: [Int: (other: Int, shared: Int)] = [:]
        start = 0
        while start < shared.count {
            var end = start
            var total = 0
            while end < shared.count && shared[end].key == shared[start].key {
                total += Int(shared[end].weight)
                end += 1
            }
            let item = Int(shared[start].key >> 32), other = Int(shared[start].key & 0xFFFF_FFFF)
            if other < (best[item]?.other ?? Int.max) && qualifies(item, other, total) { best[item] = (other, total) }
            start = end
        }
        return best.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }
}

/// A key and the item holding it, ordered by key then item.
struct KeyedItem: Comparable {
    var key: UInt64
    var item: Int32
    var weight: Int32

    static func < (a: KeyedItem, b: KeyedItem) -> Bool { a.key != b.key ? a.key < b.key : a.item < b.item }
}
