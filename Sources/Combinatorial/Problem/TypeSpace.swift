import LinearOptimization

/// One linear constraint `lower ≤ Σ coefficients[k]·x[columns[k]] ≤ upper` on an agent's
/// type vector `x` (see ``TypeSpace``).
public struct TypeSpaceRow: Sendable, Equatable {
    /// Indices into the type vector.
    public var columns: [Int]
    /// One coefficient per column.
    public var coefficients: [Double]
    /// Lower bound (`-.infinity` for none).
    public var lower: Double
    /// Upper bound (`.infinity` for none).
    public var upper: Double

    /// Creates a row.
    public init(columns: [Int], coefficients: [Double], lower: Double, upper: Double) {
        self.columns = columns
        self.coefficients = coefficients
        self.lower = lower
        self.upper = upper
    }

    /// The row's activity at `x`.
    public func activity(_ x: [Double]) -> Double {
        zip(columns, coefficients).reduce(0) { $0 + $1.1 * x[$1.0] }
    }
}

/// An agent's type space Θ_i compiled to the one form used everywhere in rmsolve: the
/// agent's report is a vector `x` in the polytope `{ lower ≤ x ≤ upper, rows }`, and each
/// of its outcome values `v_i(o)` is one coordinate of `x` (or 0), see
/// ``StaticProblem/valueColumn``.
///
/// - Outcome tables: `x_o = v_i(o)`; the instance's `lower`/`upper` and `constraints` (docs/formats.md).
/// - Combinatorial, domain "monotone" (thesis §3.5.2): `x_B = v_i(B)` for every non-empty
///   bundle B, `0 ≤ x_B ≤ upper`, free disposal `x_B ≤ x_{B∪{g}}` (and `v_i(∅) = 0`).
/// - Combinatorial, domain "bids": `x_b` = the value of bid b, in `[0, upper]`.
///
/// ```swift
/// let box = TypeSpace(lower: [0, 0], upper: [10, .infinity])
/// box.contains([3, 7])   // true
/// ```
public struct TypeSpace: Sendable, Equatable {
    /// Lower bound of each coordinate.
    public var lower: [Double]
    /// Upper bound of each coordinate (`.infinity` when unbounded).
    public var upper: [Double]
    /// Further linear constraints.
    public var rows: [TypeSpaceRow]
    /// A name for each coordinate (an outcome or a bundle or a bid), for messages.
    public var coordinateNames: [String]

    /// Creates a type space.
    public init(lower: [Double], upper: [Double], rows: [TypeSpaceRow] = [],
                coordinateNames: [String]? = nil) {
        self.lower = lower
        self.upper = upper
        self.rows = rows
        self.coordinateNames = coordinateNames ?? lower.indices.map { "x\($0)" }
    }

    /// The number of coordinates.
    public var dimension: Int { lower.count }

    /// Whether the space is a plain box (no linear rows).
    public var isBox: Bool { rows.isEmpty }

    /// Whether `x` lies in the space within `tolerance` (relative to the magnitudes involved,
    /// see ``firstViolation(_:tolerance:absolute:)``).
    public func contains(_ x: [Double], tolerance: Double = 1e-9, absolute: Double = 0) -> Bool {
        firstViolation(x, tolerance: tolerance, absolute: absolute) == nil
    }

    /// A description of the first constraint `x` violates, or `nil` when `x` is in the space.
    ///
    /// A bound `x_k ≥ l` is violated when `x_k < l − slack`, a row when its activity leaves its
    /// bounds by more than its slack. No slack has a floor of 1: `tolerance · max(|x_k|, |bound|)`
    /// for a bound; for a row, `tolerance · max(|activity|, |rhs|)` plus `4·(k+1)` units in the
    /// last place of its TERMS `max(Σ_k |a_k x_k|, |rhs|)` — the rounding error of reading and
    /// summing them (a row whose terms are 1e12 in size but cancel to 0 gets a slack of about
    /// 1e-3, so a report that satisfies it exactly in decimal is never rejected, while a
    /// violation of 100 still is) — plus `absolute` (a scale-relative allowance the caller may
    /// add, e.g. a solver's feasibility tolerance times the instance's scale).
    public func firstViolation(_ x: [Double], tolerance: Double = 1e-9, absolute: Double = 0) -> String? {
        let ulp = Double.ulpOfOne
        for k in 0..<dimension {
            if x[k] < lower[k] {
                let slack = tolerance * max(abs(x[k]), lower[k].isFinite ? abs(lower[k]) : 0) + absolute
                if x[k] < lower[k] - slack { return "\(coordinateNames[k]) = \(x[k]) is below its lower bound \(lower[k])" }
            }
            if x[k] > upper[k] {
                let slack = tolerance * max(abs(x[k]), upper[k].isFinite ? abs(upper[k]) : 0) + absolute
                if x[k] > upper[k] + slack { return "\(coordinateNames[k]) = \(x[k]) is above its upper bound \(upper[k])" }
            }
        }
        for (r, row) in rows.enumerated() {
            let a = row.activity(x)
            var terms = 0.0
            for (c, v) in zip(row.columns, row.coefficients) { terms += abs(v * x[c]) }
            let rhs = max(row.lower.isFinite ? abs(row.lower) : 0, row.upper.isFinite ? abs(row.upper) : 0)
            let slack = tolerance * max(abs(a), rhs) + 4 * Double(row.columns.count + 1) * ulp * max(terms, rhs) + absolute
            if a < row.lower - slack || a > row.upper + slack {
                return "constraint \(r) is violated (activity \(a), bounds [\(row.lower), \(row.upper)])"
            }
        }
        return nil
    }

    /// Whether the polytope is empty (decided by CLP when it has rows).
    public func isEmpty() -> Bool {
        for k in 0..<dimension where lower[k] > upper[k] { return true }
        if rows.isEmpty { return false }
        var model = Model(name: "type-space")
        let vars = (0..<dimension).map { model.addVariable(lowerBound: lower[$0], upperBound: upper[$0]) }
        for row in rows {
            model.addRow(columns: row.columns.map { Int32(vars[$0].index) }, values: row.coefficients,
                         lower: row.lower, upper: row.upper)
        }
        model.setObjective(LinearExpression(), .minimize)
        return model.solve(SolveOptions(backend: .clp)).status == .infeasible
    }
}
