import Combinatorial

/// Agent i's view of a problem for its revenue guarantee: the others' reports fixed, only
/// agent i's type varies (thesis Def. 3.5 and Sec. 3.6.1).
///
/// With `c_o = Σ_{k≠i} v_k(o)` and `c^j_o = c_o − v_j(o)`, the VCG revenue as a function of
/// agent i's type x is
/// `R(x) = W_{-i} + Σ_{j≠i} max_o (c^j_o + v_i(o; x)) − (n−1)·max_o (c_o + v_i(o; x))`
/// (summing the Clarke payments of thesis Def. 2.24: `R = Σ_j W_{-j} − (n−1)·W`, the j = i term being the constant `W_{-i}`).
public struct AgentView: Sendable {
    /// The problem.
    public let problem: StaticProblem
    /// The agent whose type varies.
    public let agent: Int
    /// The reported valuation matrix `values[k][o]`.
    public let values: [[Double]]
    /// `c_o = Σ_{k≠i} v_k(o)`.
    public let others: [Double]
    /// `W_{-i} = max_o c_o`.
    public let valueWithoutAgent: Double
    /// Smallest possible v_i(o) over the type space's bounds (rows ignored).
    public let lowestValue: [Double]
    /// Largest possible v_i(o) over the type space's bounds (rows ignored; may be ∞).
    public let highestValue: [Double]

    /// Builds agent i's view.
    public init(problem: StaticProblem, agent i: Int, values: [[Double]]? = nil) {
        self.problem = problem
        self.agent = i
        let v = values ?? problem.reportedValues
        self.values = v
        let m = problem.outcomeCount
        var c = Array(repeating: 0.0, count: m)
        for k in 0..<problem.agentCount where k != i { for o in 0..<m { c[o] += v[k][o] } }
        others = c
        valueWithoutAgent = c.max() ?? 0
        let space = problem.typeSpaces[i]
        lowestValue = problem.valueColumn[i].map { $0 < 0 ? 0 : space.lower[Int($0)] }
        highestValue = problem.valueColumn[i].map { $0 < 0 ? 0 : space.upper[Int($0)] }
    }

    /// `c^j_o = Σ_{k≠i,j} v_k(o)`.
    @inline(__always)
    public func othersWithout(_ j: Int, outcome o: Int) -> Double { others[o] - values[j][o] }

    /// R(x): the VCG revenue when agent i reports type x and the others their reports.
    public func revenue(type x: [Double]) -> Double {
        let n = problem.agentCount, m = problem.outcomeCount
        let vi = (0..<m).map { problem.value(agent: agent, outcome: $0, type: x) }
        var total = valueWithoutAgent
        var welfare = -Double.infinity
        for o in 0..<m { welfare = max(welfare, others[o] + vi[o]) }
        total -= Double(n - 1) * welfare
        for j in 0..<n where j != agent {
            var best = -Double.infinity
            for o in 0..<m { best = max(best, others[o] - values[j][o] + vi[o]) }
            total += best
        }
        return total
    }

    /// Outcomes that can be efficient for some type in the bounds of Θ_i: o† qualifies only if
    /// `c_{o†} + max v_i(o†) ≥ max_o (c_o + min v_i(o))` (within tolerance).
    public func possiblyEfficientOutcomes() -> [Int] {
        let m = problem.outcomeCount
        var floor = -Double.infinity
        for o in 0..<m { floor = max(floor, others[o] + lowestValue[o]) }
        return (0..<m).filter { others[$0] + highestValue[$0] >= floor - welfareTolerance(floor) }
    }
}
