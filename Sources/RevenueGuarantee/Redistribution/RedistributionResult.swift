/// The mechanisms of the redistribution family (``runRedistribution(_:mechanism:options:)``).
///
/// Every one of them chooses the efficient outcome and is a Groves mechanism or (AGV) a
/// Bayes–Nash one; they differ in the money: each agent's transfer is its VCG transfer plus a
/// *redistribution* Z_i (money paid back to it), so T_i = −p_i + Z_i.
public enum RedistributionMechanismName: String, Sendable, Codable, CaseIterable {
    /// VCG (Clarke pivot), Z_i = 0 (thesis Def. 2.24).
    case vcg
    /// Cavallo's redistribution mechanism RM, Z_i = G_i / n (thesis Def. 3.7). On "units" the
    /// Bailey–Cavallo rebate (m/n)·v^{-i}_{(m+1)}.
    case rm
    /// Bailey's rule: Z_i = (VCG revenue of the economy without i) / n; may run a deficit
    /// outside "units" (thesis Ch. 3).
    case bailey
    /// Guo & Conitzer's worst-case optimal linear redistribution for "units" (GEB 2009).
    case wco
    /// The optimal-in-expectation linear redistribution for "units" under the instance's prior
    /// (Guo & Conitzer's linear program), solved on CLP.
    case oel
    /// The basic Groves mechanism: h_i ≡ 0, T_i = v_{-i}(o*) (thesis Def. 2.21, Table 2.4).
    case basicGroves = "basic-groves"
    /// The expected-externality (d'AGV) mechanism: budget balanced, Bayes–Nash incentive
    /// compatible (thesis Def. 2.26, Tables 2.5–2.6); needs a prior over types.
    case agv
}

/// One agent's line of a ``RedistributionResult``.
public struct RedistributionAgentResult: Sendable, Codable, Equatable {
    /// The agent's name.
    public var name: String
    /// v_i(o*): its value for the chosen outcome (on "units": its value if it wins a unit, else 0).
    public var value: Double
    /// The VCG payment p_i ≥ 0 it would make under VCG.
    public var vcgPayment: Double
    /// Z_i: what the mechanism pays back on top of VCG (may be negative under AGV).
    public var redistribution: Double
    /// T_i = Z_i − p_i: the net money it receives (negative: it pays).
    public var transfer: Double
    /// u_i = v_i(o*) + T_i.
    public var utility: Double
    /// On "units": whether it receives a unit.
    public var wins: Bool?
    /// Under rm: its revenue guarantee G_i = n·Z_i (thesis Def. 3.5).
    public var revenueGuarantee: Double? = nil
}

/// A property a mechanism promises (or not), checked on the solved profile.
public struct RedistributionCheck: Sendable, Codable, Equatable {
    /// `no-deficit`, `individual-rationality`, `rebate-independent-of-own-report`,
    /// `budget-balance`, `bayes-nash-incentive-compatibility`.
    public var property: String
    /// Whether the mechanism promises it on this kind of instance (a promised property that
    /// fails makes the solve throw).
    public var promised: Bool
    /// Whether it holds on this profile.
    public var holds: Bool
    /// A short explanation (the worst violation, or how it was checked).
    public var detail: String
}

/// The linear rebate Z_i = Σ_j c_j·v^{-i}_{(j)} of a "units" mechanism (j = 1 … n−1, where
/// v^{-i}_{(j)} is the j-th highest value among the others).
public struct LinearRebate: Sendable, Codable, Equatable {
    /// c_1 … c_{n−1}.
    public var coefficients: [Double]
    /// The worst case over all profiles of (Σ_i Z_i) / (VCG revenue), among profiles with
    /// positive VCG revenue: min over k = m+1 … n of S_k / m (see ``worstCase(units:)``).
    public var worstCaseShare: Double

    /// Creates a rebate and computes its worst-case share.
    public init(coefficients: [Double], units m: Int) {
        self.coefficients = coefficients
        self.worstCaseShare = 0
        self.worstCaseShare = worstCase(units: m)
    }

    /// n, the number of agents (one more than the number of coefficients).
    public var agentCount: Int { coefficients.count + 1 }

    /// The total-rebate weights t_j = (j−1)·c_{j−1} + (n−j)·c_j (j = 1 … n): Σ_i Z_i =
    /// Σ_j t_j·v_{(j)} for the sorted profile v_{(1)} ≥ … ≥ v_{(n)} (agent k sees v_{(j)} as
    /// its (j−1)-th other value when j > k and as its j-th when j < k).
    public var totalWeights: [Double] {
        let n = agentCount
        func c(_ j: Int) -> Double { j >= 1 && j <= n - 1 ? coefficients[j - 1] : 0 }
        return (1...n).map { j in Double(j - 1) * c(j - 1) + Double(n - j) * c(j) }
    }

    /// The partial sums S_k = Σ_{j≤k} t_j: the total rebate at the profile with k values 1
    /// and n − k values 0. The sorted profiles form a cone spanned by these k-profiles, so
    /// S_k ≤ m·[k ≥ m+1] for every k is exactly "no deficit anywhere".
    public var totalAtCorners: [Double] {
        var s = 0.0
        return totalWeights.map { s += $0; return s }
    }

    /// min over k = m+1 … n of S_k / m: a linear-fractional function on the cone of sorted
    /// profiles attains its minimum on a ray, and the rays with positive revenue are the
    /// k-profiles with k ≥ m + 1 (VCG revenue m there).
    public func worstCase(units m: Int) -> Double {
        let n = agentCount
        guard m + 1 <= n else { return 0 }
        let s = totalAtCorners
        return (m + 1...n).map { s[$0 - 1] / Double(m) }.min() ?? 0
    }

    /// Z_i for every agent of a profile (any order; ties do not matter), in O(n log n): the
    /// agent at sorted position k sees s_j for j < k and s_{j+1} for j ≥ k, so
    /// Z = Σ_{j<k} c_j·s_j + Σ_{j≥k} c_j·s_{j+1} (prefix and suffix sums, 0-based).
    public func rebates(_ values: [Double]) -> [Double] {
        let n = values.count
        precondition(n == agentCount, "the rebate is for \(agentCount) agents")
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
        let s = order.map { values[$0] }
        var suffix = Array(repeating: 0.0, count: n)   // suffix[k] = Σ_{j=k}^{n−2} c_j·s_{j+1}
        if n >= 2 { for j in stride(from: n - 2, through: 0, by: -1) { suffix[j] = suffix[j + 1] + coefficients[j] * s[j + 1] } }
        var z = Array(repeating: 0.0, count: n)
        var prefix = 0.0                                // Σ_{j<k} c_j·s_j
        for (k, i) in order.enumerated() {              // agent i sits at 0-based position k
            z[i] = prefix + suffix[k]
            if k < n - 1 { prefix += coefficients[k] * s[k] }
        }
        return z
    }
}

/// The result of ``runRedistribution(_:mechanism:options:)``: the efficient outcome, per agent
/// the VCG payment, the redistribution and the utility, the totals, and the property checks.
/// Its JSON encoding is the result format of `rmsolve solve --mechanism NAME` for these
/// mechanisms.
public struct RedistributionResult: Sendable, Codable {
    /// The instance's name.
    public var name: String
    /// The instance kind: `units`, `outcomes` or `combinatorial`.
    public var kind: String
    /// The mechanism run.
    public var mechanism: RedistributionMechanismName
    /// The chosen efficient outcome (on "units": the winners, like `{a,b}`).
    public var outcome: String
    /// On combinatorial auctions: the goods each agent receives (every agent listed).
    public var allocation: [String: [String]]? = nil
    /// W = Σ_i v_i(o*).
    public var welfare: Double
    /// VCG revenue R = Σ_i p_i.
    public var vcgRevenue: Double
    /// Σ_i Z_i.
    public var redistributed: Double
    /// What the center keeps: R − Σ_i Z_i = −Σ_i T_i (negative when the mechanism runs a deficit).
    public var revenue: Double
    /// −revenue when the mechanism pays out more than it collects, absent otherwise.
    public var deficit: Double?
    /// Σ_i Z_i / R (1 when R = 0 and nothing is redistributed).
    public var shareRedistributed: Double
    /// Σ_i u_i / W: the share of the value kept by the agents (1 when W = 0).
    public var shareKept: Double
    /// The agents, in input order.
    public var agents: [RedistributionAgentResult]
    /// The linear rebate on "units" (rm, bailey, wco, oel): its coefficients and worst-case share.
    public var linearRebate: LinearRebate?
    /// For wco: Guo & Conitzer's closed-form optimum α* = 1 − C(n−1, m) / Σ_{j=m}^{n−1} C(n−1, j).
    public var optimalWorstCaseShare: Double?
    /// For oel: the expected total redistribution E[Σ Z_i] under the prior.
    public var expectedRedistribution: Double?
    /// For oel: the expected VCG revenue E[R] under the prior.
    public var expectedVCGRevenue: Double?
    /// For agv: ESW_{-i}(θ_i) for the reported θ_i, per agent (thesis eq. 2.36).
    public var expectedExternality: [Double]?
    /// The properties checked on this profile.
    public var checks: [RedistributionCheck]
}

/// Failures of the redistribution mechanisms that are not input errors.
public enum RedistributionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mechanism is not defined on this kind of instance.
    case notDefined(mechanism: String, kind: String, reason: String)
    /// A property the mechanism promises failed on the computed result (a bug or numerical trouble).
    case propertyViolated(mechanism: String, property: String, detail: String)
    /// The computation would be too large (e.g. AGV's expectation over too many type profiles).
    case tooLarge(String)

    /// One sentence for the user.
    public var description: String {
        switch self {
        case .notDefined(let m, let k, let reason): return "mechanism \(m) is not defined on \(k) instances: \(reason)"
        case .propertyViolated(let m, let p, let d): return "mechanism \(m) violates \(p): \(d)"
        case .tooLarge(let s): return s
        }
    }
}
