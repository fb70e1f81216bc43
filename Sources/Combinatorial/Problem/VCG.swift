/// The tolerance rmsolve uses to call two welfare values equal: relative 1e-9 (at least
/// 1e-9 absolute).
@inline(__always)
public func welfareTolerance(_ scale: Double) -> Double { 1e-9 * max(1, abs(scale)) }

/// The efficient outcome of a valuation matrix `values[i][o]`, with the documented
/// tie-break: among outcomes whose social value is within ``welfareTolerance(_:)`` of the
/// maximum, the LOWEST outcome index (outcome-table order; for auctions, the enumeration
/// order of ``BidAuction/compile(maxOutcomes:)``). Thesis Def. 2.5, footnote 10.
public func efficientOutcome(_ values: [[Double]]) -> (outcome: Int, welfare: Double) {
    let m = values.first?.count ?? 0
    var social = Array(repeating: 0.0, count: m)
    for row in values { for o in 0..<m { social[o] += row[o] } }
    let best = social.max() ?? 0
    let chosen = social.firstIndex { $0 >= best - welfareTolerance(best) } ?? 0
    return (chosen, best)
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
