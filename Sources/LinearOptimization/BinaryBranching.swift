/// The steps of a depth-first LP branch and bound over 0/1 columns of a maximization, on a
/// ``ReoptimizableLP``: reduced-cost fixing, the choice of the branching column, and the two
/// subtrees solved from the same basis.
///
/// ```swift
/// let fixed = lp.fixByReducedCost(y, gap: bound - incumbent)
/// defer { lp.restoreBounds(fixed) }
/// let column = ReoptimizableLP.branchingColumn(y, weights: prices)
/// let complete = try lp.branch(on: column) { try solveNode() }
/// ```
extension ReoptimizableLP {
    /// A column whose bounds were changed, with the bounds to restore.
    public typealias FixedColumn = (column: Int, lower: Double, upper: Double)

    /// Fixes every 0/1 column at a bound whose move to the other bound would lower the
    /// objective by at least `gap` (the distance from the node's LP bound to the incumbent):
    /// no better solution in this subtree moves it. In a maximization a column at 0 has a
    /// reduced cost ≤ 0 (raising it loses that much), one at 1 a reduced cost ≥ 0. `y` are the
    /// node's LP values. Returns what ``restoreBounds(_:)`` undoes.
    public func fixByReducedCost(_ y: [Double], gap: Double) -> [FixedColumn] {
        let reduced = reducedCosts
        var fixed: [FixedColumn] = []
        for b in y.indices {
            let keepZero = y[b] <= 1e-9 && reduced[b] <= -gap, keepOne = y[b] >= 1 - 1e-9 && reduced[b] >= gap
            guard keepZero || keepOne else { continue }
            let (lower, upper) = bounds(column: b)
            guard lower < upper else { continue }
            let value = keepZero ? 0.0 : 1.0
            setBounds(column: b, lower: value, upper: value)
            fixed.append((b, lower, upper))
        }
        return fixed
    }

    /// Restores the bounds of columns fixed by ``fixByReducedCost(_:gap:)``, last first.
    public func restoreBounds(_ fixed: [FixedColumn]) {
        for (b, lower, upper) in fixed.reversed() { setBounds(column: b, lower: lower, upper: upper) }
    }

    /// The fractional column (1e-7 < y < 1 − 1e-7) of largest `weights[b]·min(y_b, 1 − y_b)`,
    /// or −1 when `y` is integral.
    public static func branchingColumn(_ y: [Double], weights: [Double]) -> Int {
        var branch = -1
        var score = -Double.infinity
        for b in y.indices where y[b] > 1e-7 && y[b] < 1 - 1e-7 {
            let s = weights[b] * min(y[b], 1 - y[b])
            if s > score { score = s; branch = b }
        }
        return branch
    }

    /// Solves both subtrees of `column`: fixed to 1 first, then to 0 (only when the first
    /// subtree was completed), each from the node's basis; restores the column's bounds and
    /// the basis afterwards. Returns whether both subtrees were completed (`subtree` returns
    /// `false` when it stops early, e.g. at a node limit).
    public func branch(on column: Int, _ subtree: () throws -> Bool) rethrows -> Bool {
        let basis = saveBasis()
        let (lower, upper) = bounds(column: column)
        setBounds(column: column, lower: 1, upper: 1)
        let upOK = try subtree()
        restoreBasis(basis)
        setBounds(column: column, lower: 0, upper: 0)
        let downOK = upOK ? try subtree() : false
        restoreBasis(basis)
        setBounds(column: column, lower: lower, upper: upper)
        return upOK && downOK
    }
}
