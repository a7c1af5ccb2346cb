/// Decides which rows after 合计 are spending-unit subtotal rows.
///
/// A unit row is recognised by structure, not by name (docs/domain.md §2): its goal and
/// indicator cells are empty, and its amounts equal the sum of the project rows after it.
/// Tables in the wild break both halves — a 涉密 project has empty cells too, and a unit
/// subtotal can be off by 0.01 or by whole amounts — so this chooses, among all ways to cut
/// the rows into units, the one whose subtotals best match their projects:
///
///   cost(unit) = Σ over the four columns of 0 (equal), 1 (off by one hundredth of the
///   money unit, a rounding slip) or 4 (off by more)
///              + 1 for each blank row the unit takes as a project,
///
/// minimising total cost, then the number of units (a blank row whose sums fit either way is
/// a project). The charge for blank projects is what keeps a wrong subtotal from swallowing
/// the correct units after it: without it, one mismatched unit spanning everything would cost
/// no more than the true segmentation. Dynamic programming over candidate rows; each unit row considers as its end
/// the rows where its sums match exactly (found by hashing prefix sums) and the next few
/// candidates, so the work is linear in the rows rather than quadratic.
public enum UnitSegmentation {
    /// How many following candidate rows a unit may end before, besides exact matches.
    static let window = 8

    /// The indices of the unit rows, ascending; nil when the first row cannot be a unit row
    /// (it has a goal or indicators), so no segmentation exists.
    /// - Parameters:
    ///   - amounts: the stated amounts of every row after 合计, in order.
    ///   - isBlank: whether each row's goal and indicator cells are empty.
    ///   - roundingTolerance: the difference counted as a rounding slip.
    public static func unitRows(amounts: [Amounts], isBlank: [Bool], roundingTolerance: Money) -> [Int]? {
        let n = amounts.count
        precondition(isBlank.count == n)
        if n == 0 { return [] }
        guard isBlank[0] else { return nil }

        // Prefix sums with wrapping arithmetic: they are only compared, and absurd inputs
        // must not trap.
        var prefix = [Key](repeating: Key(), count: n + 1)
        for k in 0..<n { prefix[k + 1] = prefix[k].adding(amounts[k]) }

        var blankPrefix = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { blankPrefix[k + 1] = blankPrefix[k] + (isBlank[k] ? 1 : 0) }

        let candidates = (0..<n).filter { isBlank[$0] }
        var candidateOrdinal = [Int](repeating: -1, count: n)
        for (ordinal, row) in candidates.enumerated() { candidateOrdinal[row] = ordinal }

        // Where each prefix vector occurs, among positions a unit may end at.
        var endsByPrefix: [Key: [Int]] = [:]
        for row in candidates where row > 0 { endsByPrefix[prefix[row], default: []].append(row) }
        endsByPrefix[prefix[n], default: []].append(n)

        var bestCost = [Int](repeating: Int.max, count: n + 1)
        var bestUnits = [Int](repeating: Int.max, count: n + 1)
        var nextStart = [Int](repeating: n, count: n + 1)
        bestCost[n] = 0
        bestUnits[n] = 0

        for ordinal in stride(from: candidates.count - 1, through: 0, by: -1) {
            let i = candidates[ordinal]
            var ends: [Int] = []
            for k in 1...window {
                let o = ordinal + k
                if o < candidates.count { ends.append(candidates[o]) } else { ends.append(n); break }
            }
            if let exact = endsByPrefix[prefix[i + 1].adding(amounts[i])] {
                ends.append(contentsOf: firstAfter(i, in: exact, limit: 4))
            }
            for j in ends where bestCost[j] != Int.max {
                let blankProjects = blankPrefix[j] - blankPrefix[i + 1]
                let cost = mismatch(stated: amounts[i], sum: prefix[j].subtracting(prefix[i + 1]), tolerance: roundingTolerance.fen)
                    + blankProjects
                let total = cost + bestCost[j]
                let units = bestUnits[j] + 1
                if total < bestCost[i] || (total == bestCost[i] && units < bestUnits[i]) {
                    bestCost[i] = total
                    bestUnits[i] = units
                    nextStart[i] = j
                }
            }
        }
        var starts: [Int] = []
        var i = 0
        while i < n {
            starts.append(i)
            i = nextStart[i]
        }
        return starts
    }

    /// Up to `limit` positions greater than `row`, from an ascending list.
    private static func firstAfter(_ row: Int, in sorted: [Int], limit: Int) -> ArraySlice<Int> {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if sorted[mid] <= row { low = mid + 1 } else { high = mid }
        }
        return sorted[low..<min(sorted.count, low + limit)]
    }

    static func mismatch(stated: Amounts, sum: Key, tolerance: Int64) -> Int {
        var cost = 0
        for (a, b) in zip([stated.total.fen, stated.fiscalAppropriation.fen, stated.specialAccount.fen, stated.otherFunds.fen],
                          [sum.a, sum.b, sum.c, sum.d]) where a != b {
            let difference = a &- b
            cost += (difference >= -tolerance && difference <= tolerance) ? 1 : 4
        }
        return cost
    }

    struct Key: Hashable {
        var a: Int64 = 0, b: Int64 = 0, c: Int64 = 0, d: Int64 = 0

        func adding(_ x: Amounts) -> Key {
            Key(a: a &+ x.total.fen, b: b &+ x.fiscalAppropriation.fen, c: c &+ x.specialAccount.fen, d: d &+ x.otherFunds.fen)
        }

        func subtracting(_ x: Key) -> Key {
            Key(a: a &- x.a, b: b &- x.b, c: c &- x.c, d: d &- x.d)
        }
    }
}
