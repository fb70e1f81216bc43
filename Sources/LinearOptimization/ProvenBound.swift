/// Rigorous bounds on an LP's optimum from any vector of row multipliers, in double
/// precision with round-to-nearest (Neumaier & Shcherbina, "Safe bounds in linear and
/// mixed-integer linear programming", Math. Programming 99 (2004) 283–296).
///
/// For `min cᵀx + c₀` subject to `rowLower ≤ Ax ≤ rowUpper`, `lower ≤ x ≤ upper`, and any
/// multipliers y, weak duality gives, for every feasible x,
///
///     cᵀx + c₀ = c₀ + yᵀ(Ax) + dᵀx  with d = c − Aᵀy
///              ≥ c₀ + Σ_r y_r·(rowLower_r if y_r > 0, rowUpper_r if y_r < 0) + Σ_j min_{l_j ≤ x_j ≤ u_j} d_j x_j.
///
/// A multiplier whose sign pairs it with an infinite row bound is set to 0 (that only
/// changes which y the inequality is applied to). The right-hand side is evaluated so that
/// rounding can only lower it: d_j is enclosed in `[d̂_j − e_j, d̂_j + e_j]`, where e_j bounds
/// the rounding error of the dot product (`γ_k·Σ|terms|`, `γ_k = k·u/(1 − k·u)`, u = 2⁻⁵³,
/// plus the underflow of each product); `min d_j x_j` is taken over the corners of that
/// interval and of `[l_j, u_j]` (with 0·∞ = 0), each product rounded down by one ulp; the
/// final sum is lowered by its own rounding-error bound. Nothing depends on the solver's
/// tolerances: a poor y gives a poor bound, never a wrong one.
///
/// The bound is −∞ when a column's interval admits a reduced cost of the sign that pairs with
/// an infinite bound (a basic column, reduced cost ≈ 0, with an infinite upper bound is the
/// usual case). ``Model/solve(_:)`` repairs that for CLP solves (see ``Solution/provenBound``).
extension Model {
    /// A rigorous bound on this LP's optimum proven from the row multipliers `rowDuals`
    /// (one per row, in the model's sense, as in ``Solution/rowDuals``): a lower bound for a
    /// minimization, an upper bound for a maximization. Integrality is ignored (a bound on
    /// the LP relaxation is a bound on the MIP too).
    ///
    /// Any multipliers give a valid bound; the LP's optimal duals give one within rounding of
    /// the optimum. The result is −∞ (+∞ for a maximization) when nothing finite can be
    /// proven: a column whose reduced cost may have the sign that pairs with an infinite
    /// bound, a non-finite multiplier, or an overflow.
    ///
    /// `columnLower`/`columnUpper` may replace the columns' bounds by a box that contains, for
    /// every feasible point, a feasible point at least as good (bounds implied by the rows, or
    /// by dominance); `nil` uses the model's bounds.
    ///
    /// ```swift
    /// var model = Model()
    /// let x = model.addVariable(lowerBound: 0, upperBound: 4)
    /// let y = model.addVariable(lowerBound: 0, upperBound: 4)
    /// let row = model.addConstraint(x + y, .greaterOrEqual, 3)
    /// model.setObjective(x + 2 * y, .minimize)
    /// var duals = Array(repeating: 0.0, count: model.constraintCount)
    /// duals[row.index] = 1
    /// let bound = model.provenBound(rowDuals: duals)   // 3 minus a few ulps: 3 ≤ min
    /// ```
    public func provenBound(rowDuals: [Double], columnLower: [Double]? = nil, columnUpper: [Double]? = nil) -> Double {
        let sign: Double = objectiveSense == .maximize ? -1 : 1
        return sign * dualBound(rowDuals: rowDuals, columnLower: columnLower, columnUpper: columnUpper).bound
    }

    /// The bound of ``provenBound(rowDuals:columnLower:columnUpper:)`` in the minimization
    /// sense (a maximization's objective negated), with the columns that made it −∞.
    func dualBound(rowDuals: [Double], columnLower: [Double]? = nil, columnUpper: [Double]? = nil) -> DualBound {
        let n = variableCount, m = constraintCount
        precondition(rowDuals.count == m, "one multiplier per row")
        let lower = columnLower ?? self.columnLower, upper = columnUpper ?? self.columnUpper
        precondition(lower.count == n && upper.count == n, "one bound per column")
        let sign: Double = objectiveSense == .maximize ? -1 : 1
        let failed = DualBound(bound: -.infinity, unbounded: [], uncertain: [])
        // d = c − Aᵀy by compensated summation (error-free transformations: each product's
        // rounding error by FMA, each sum's by TwoSum), so that d_j is exact whenever the
        // corrections vanish — as with the ±1 coefficients and integral multipliers of a
        // degenerate optimum, where a reduced cost of exactly 0 must be recognised.
        var d = objective.map { sign * $0 }
        var correction = [Double](repeating: 0, count: n)
        var correctionMagnitude = [Double](repeating: 0, count: n)
        var magnitude = d.map(abs)
        var count = [Int](repeating: 1, count: n)
        var tiny = [Bool](repeating: false, count: n)
        var terms: [Double] = [sign * objectiveConstant]
        terms.reserveCapacity(m + n + 1)
        for r in 0..<m {
            var y = sign * rowDuals[r]
            guard y.isFinite else { return failed }
            if y > 0 && !rowLower[r].isFinite { y = 0 }
            if y < 0 && !rowUpper[r].isFinite { y = 0 }
            if y == 0 { continue }
            terms.append(Self.productRoundedDown(y, y > 0 ? rowLower[r] : rowUpper[r]))
            for e in rowStarts[r]..<rowStarts[r + 1] {
                let j = Int(rowColumns[e]), a = rowValues[e]
                let p = a * y
                let productError = (-p).addingProduct(a, y)   // a·y − p, exact (FMA)
                let sum = d[j] - p
                // TwoSum: d[j] − p = sum + sumError exactly.
                let back = sum - d[j]
                let sumError = (d[j] - (sum - back)) + (-p - back)
                d[j] = sum
                // Exact: d_j += −(p + productError), split as sum + sumError − productError.
                correction[j] += sumError - productError
                correctionMagnitude[j] += abs(sumError) + abs(productError)
                magnitude[j] += abs(p)
                count[j] += 1
                if p != 0 && abs(p) < 0x1p-960 { tiny[j] = true }
            }
        }
        let u = Double.ulpOfOne / 2
        var unbounded: [DualBound.Column] = [], uncertain: [DualBound.Column] = []
        for j in 0..<n {
            guard d[j].isFinite, magnitude[j].isFinite, correction[j].isFinite else { return failed }
            // d̂_j = d_j + correction_j, where the correction's sum errs by at most
            // γ_{2k}·Σ|corrections| and the final addition by u·|result|; 4(2k+2)·u and 2u
            // cover these and their own rounding with a wide margin (k·u ≪ 1). The products'
            // errors are exact by FMA except under underflow (a few subnormal units each).
            let k = Double(2 * count[j] + 2)
            let value = d[j] + correction[j]
            var error = correctionMagnitude[j] == 0 ? 0 : 4 * k * u * correctionMagnitude[j] + 2 * u * abs(value)
            if tiny[j] { error += 4 * k * Double.leastNonzeroMagnitude }
            let lo = error == 0 ? value : (value - error).nextDown, hi = error == 0 ? value : (value + error).nextUp
            let corners = [Self.productRoundedDown(lo, lower[j]), Self.productRoundedDown(lo, upper[j]),
                           Self.productRoundedDown(hi, lower[j]), Self.productRoundedDown(hi, upper[j])]
            let t = corners.min()!
            guard !t.isNaN, t != .infinity else { return failed }
            let column = DualBound.Column(column: j, reducedCost: value, error: error, magnitude: magnitude[j])
            if t == -.infinity {
                unbounded.append(column)
            } else {
                terms.append(t)
                // The sign of d_j is uncertain and the box is not a point: the column costs
                // about error·max(|l|, |u|), which a shift of the multipliers can save.
                if lo < 0 && hi > 0 && lower[j] != upper[j] { uncertain.append(column) }
            }
        }
        guard unbounded.isEmpty else { return DualBound(bound: -.infinity, unbounded: unbounded, uncertain: uncertain) }
        var total = 0.0, absolute = 0.0
        for t in terms { total += t; absolute += abs(t) }
        guard total.isFinite, absolute.isFinite else { return failed }
        let error = 4 * Double(terms.count + 2) * u * absolute
        return DualBound(bound: (total - error).nextDown, unbounded: [], uncertain: uncertain)
    }

    /// The dual bound of `rowDuals` after shifting multipliers so that columns of uncertain
    /// sign get a reduced cost of a safe sign: for such a column j (an infinite bound, or a
    /// wide box), one row r containing it has its multiplier moved by `(d_j − t_j)/a_rj`, so
    /// that d_j becomes t_j, a few error bounds on the side whose bound is finite (or smaller in
    /// magnitude), keeping y_r's sign paired with a finite side of row r. The other columns of
    /// row r move by as little; the result is re-evaluated rigorously (any multipliers give a
    /// valid bound) and kept only if better. Up to three passes; free columns are left alone
    /// (they would need a reduced cost of exactly 0).
    func shiftedDualBound(rowDuals: [Double]) -> DualBound {
        var y = rowDuals
        var best = dualBound(rowDuals: y)
        let candidates = best.unbounded + best.uncertain
        guard !candidates.isEmpty else { return best }
        let sign: Double = objectiveSense == .maximize ? -1 : 1
        // Rows of each column (the transpose of the row-compressed matrix).
        let n = variableCount
        var starts = [Int](repeating: 0, count: n + 1)
        for c in rowColumns { starts[Int(c) + 1] += 1 }
        for j in 0..<n { starts[j + 1] += starts[j] }
        var next = starts
        var entries = [(row: Int, value: Double)](repeating: (0, 0), count: nonzeroCount)
        for r in 0..<constraintCount {
            for e in rowStarts[r]..<rowStarts[r + 1] {
                let j = Int(rowColumns[e])
                entries[next[j]] = (r, rowValues[e])
                next[j] += 1
            }
        }
        for _ in 0..<3 {
            let columns = best.unbounded + best.uncertain
            if columns.isEmpty { break }
            var trial = y
            var used = Set<Int>()
            for c in columns {
                let j = c.column
                let l = columnLower[j], u = columnUpper[j]
                if !l.isFinite && !u.isFinite { continue }
                // The sign wanted for d_j (minimization sense): ≥ 0 pairs with the lower bound.
                let positive = !u.isFinite || (l.isFinite && abs(l) <= abs(u))
                let margin = 8 * c.error + 0x1p-52 * c.magnitude
                let target = positive ? margin : -margin
                var choice: (row: Int, value: Double, used: Bool)? = nil
                for k in starts[j]..<starts[j + 1] {
                    let (r, a) = entries[k]
                    // Minimization-sense multiplier after the shift.
                    let shifted = sign * trial[r] + (c.reducedCost - target) / a
                    guard shifted.isFinite else { continue }
                    if shifted > 0 && !rowLower[r].isFinite { continue }
                    if shifted < 0 && !rowUpper[r].isFinite { continue }
                    let isUsed = used.contains(r)
                    if let current = choice, (isUsed ? 1 : 0, -abs(a)) >= (current.used ? 1 : 0, -abs(current.value)) { continue }
                    choice = (r, a, isUsed)
                }
                guard let (r, a, _) = choice else { continue }
                trial[r] = sign * (sign * trial[r] + (c.reducedCost - target) / a)
                used.insert(r)
            }
            let shifted = dualBound(rowDuals: trial)
            guard shifted.bound > best.bound else { break }
            best = shifted
            y = trial
        }
        return best
    }

    /// A lower bound on the exact product `a·b`, with `0·±∞ = 0`: round-to-nearest errs by at
    /// most half an ulp, so one ulp down is below the exact product (−∞ stays −∞).
    /// A product that FMA shows to be exact (away from underflow) is returned as is.
    static func productRoundedDown(_ a: Double, _ b: Double) -> Double {
        if a == 0 || b == 0 { return 0 }
        let p = a * b
        if p.isFinite && abs(p) >= 0x1p-960 && (-p).addingProduct(a, b) == 0 { return p }
        return p.nextDown
    }
}

/// A dual bound in the minimization sense, and the columns that made it −∞.
struct DualBound {
    struct Column {
        /// The column.
        var column: Int
        /// Its computed reduced cost (minimization sense), the bound on that value's error,
        /// and the sum of the magnitudes of its terms.
        var reducedCost: Double, error: Double, magnitude: Double
    }
    var bound: Double
    /// Columns whose reduced cost may have the sign that pairs with an infinite bound.
    var unbounded: [Column]
    /// Columns whose reduced cost's sign is uncertain (its interval contains 0) and whose box
    /// is not a single point: each costs about its error bound times the box's larger end.
    var uncertain: [Column] = []
}
