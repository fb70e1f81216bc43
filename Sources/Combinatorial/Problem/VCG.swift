/// The tolerance rmsolve uses to call two welfare values equal when PRUNING (candidate
/// outcomes, bounds): relative 1e-9 (at least 1e-9 absolute). It only ever keeps more
/// candidates; it never decides which outcome is chosen (see ``welfareTieTolerance(_:)``).
@inline(__always)
public func welfareTolerance(_ scale: Double) -> Double { 1e-9 * max(1, abs(scale)) }

/// The tolerance within which two social values count as tied when the efficient outcome is
/// chosen: the rounding error of the sums themselves, `4·(n+1)·ε·max_o Σ_k |v_k(o)|` (ε the
/// double-precision unit roundoff, about 2.2e-16). It is absolute and scaled to the resolution
/// of the values, so no outcome whose reported welfare is lower by more than a few units in
/// the last place of the sums is ever chosen (with values 1e10 and 1e10 + 5 the outcome worth
/// 1e10 + 5 wins; the tolerance there is about 3e-5).
public func welfareTieTolerance(_ values: [[Double]]) -> Double {
    let m = values.first?.count ?? 0
    var largest = 0.0
    for o in 0..<m {
        var s = 0.0
        for row in values { s += abs(row[o]) }
        largest = max(largest, s)
    }
    return 4 * Double(values.count + 1) * Double.ulpOfOne * largest
}

/// The efficient outcome of a valuation matrix `values[i][o]`, with the documented
/// tie-break: among outcomes whose social value is within ``welfareTieTolerance(_:)`` (the
/// sums' rounding error) of the maximum, the LOWEST outcome index (outcome-table order; for
/// auctions, the enumeration order of ``BidAuction/compile(maxOutcomes:)``). The welfare
/// returned is the chosen outcome's own social value. Thesis Def. 2.5, footnote 10.
public func efficientOutcome(_ values: [[Double]]) -> (outcome: Int, welfare: Double) {
    let m = values.first?.count ?? 0
    var social = Array(repeating: 0.0, count: m)
    for row in values { for o in 0..<m { social[o] += row[o] } }
    let best = social.max() ?? 0
    let tie = welfareTieTolerance(values)
    let chosen = social.firstIndex { $0 >= best - tie } ?? 0
    return (chosen, m == 0 ? 0 : social[chosen])
}

/// The VCG (Clarke pivot) mechanism's outcome and payments for reported values
/// (thesis Def. 2.24, eq. 2.20). Payments are what each agent PAYS: `p_j = −T_j`.
public struct VCGResult: Sendable, Equatable {
    /// Creates a result (``vickreyClarkeGroves(values:)`` and
    /// ``BidAuction/vickreyClarkeGroves(winnerDetermination:)`` compute them).
    public init(outcome: Int, welfare: Double, valueWithout: [Double], values: [Double], payments: [Double], revenue: Double) {
        self.outcome = outcome
        self.welfare = welfare
        self.valueWithout = valueWithout
        self.values = values
        self.payments = payments
        self.revenue = revenue
    }

    /// The chosen efficient outcome o* (index).
    public var outcome: Int
    /// W(θ) = Σ_k v_k(o*).
    public var welfare: Double
    /// W_{-j}(θ_{-j}) = max_o Σ_{k≠j} v_k(o) over the same outcome set (thesis Def. 2.24).
    public var valueWithout: [Double]
    /// v_j(o*) for every agent.
    public var values: [Double]
    /// p_j = W_{-j} − Σ_{k≠j} v_k(o*) ≥ 0.
    public var payments: [Double]
    /// R(θ) = Σ_j p_j = Σ_j W_{-j} − (n−1)·W (independent of tie-breaking).
    public var revenue: Double
}

/// Runs VCG on the problem's reports by enumerating its outcomes.
///
/// ```swift
/// let vcg = vickreyClarkeGroves(problem)
/// print(vcg.revenue)   // 8 for the car of Table 3.1
/// ```
public func vickreyClarkeGroves(_ problem: StaticProblem) -> VCGResult {
    vickreyClarkeGroves(values: problem.reportedValues)
}

/// Runs VCG on a valuation matrix `values[i][o]`.
public func vickreyClarkeGroves(values: [[Double]]) -> VCGResult {
    let n = values.count
    let m = values.first?.count ?? 0
    let (o, welfare) = efficientOutcome(values)
    var social = Array(repeating: 0.0, count: m)
    for row in values { for k in 0..<m { social[k] += row[k] } }
    var without = Array(repeating: 0.0, count: n)
    var payments = Array(repeating: 0.0, count: n)
    for j in 0..<n {
        var best = -Double.infinity
        for k in 0..<m { best = max(best, social[k] - values[j][k]) }
        without[j] = best
        // The others' value at o*, computed as a sum (not W − v_j) to avoid cancellation.
        var others = 0.0
        for k in 0..<n where k != j { others += values[k][o] }
        payments[j] = max(0, best - others)
    }
    return VCGResult(outcome: o, welfare: welfare, valueWithout: without,
                     values: values.map { $0[o] }, payments: payments,
                     revenue: payments.reduce(0, +))
}
