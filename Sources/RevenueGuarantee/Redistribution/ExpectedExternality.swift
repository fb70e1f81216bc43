import Combinatorial

/// The expected-externality mechanism (d'Aspremont–Gérard-Varet / Arrow; thesis Def. 2.26,
/// eqs. 2.35–2.36) on an outcome table with an independent prior over finitely many types:
///
///     ESW_{-i}(θ_i) = E_{θ̃_{-i} ~ prior}[ Σ_{j≠i} v_j(θ̃_j, f*(θ_i, θ̃_{-i})) ]
///     T_i(θ) = ESW_{-i}(θ_i) − (1/(n−1))·Σ_{j≠i} ESW_{-j}(θ_j)
///
/// with the same efficient choice f* as the mechanism (lowest outcome index among ties,
/// ``efficientOutcome(_:)``). Σ_i T_i = 0 at every profile (strong budget balance); truth is a
/// Bayes–Nash equilibrium (Thm. 2.12); it is neither ex post IR nor strategyproof (Table 2.6).
public struct ExpectedExternality: Sendable {
    /// The problem (its reports are the profile; types are value rows).
    public let problem: StaticProblem
    /// The prior.
    public let prior: TypePrior
    /// Per agent, the support (indices of types with positive probability).
    let support: [[Int]]

    /// Prepares the mechanism; throws ``RedistributionError/tooLarge(_:)`` when an expectation
    /// would enumerate more than `maxProfiles` profiles of the others.
    public init(problem: StaticProblem, prior: TypePrior, maxProfiles: Int = 2_000_000) throws {
        self.problem = problem
        self.prior = prior
        support = prior.probabilities.map { p in p.indices.filter { p[$0] > 0 } }
        let n = problem.agentCount
        for i in 0..<n {
            var count = 1.0
            for j in 0..<n where j != i { count *= Double(support[j].count) }
            if count > Double(maxProfiles) {
                throw RedistributionError.tooLarge("AGV: the others of agent \"\(problem.agents[i])\" have \(Int(count)) type profiles (limit \(maxProfiles))")
            }
        }
    }

    /// Calls `body(types, probability)` for every profile of the others of agent i (agent i's
    /// entry left as `own`), over the prior's support.
    func forEachProfile(without i: Int, own: [Double], _ body: ([[Double]], Double) -> Void) {
        let n = problem.agentCount
        var rows = Array(repeating: own, count: n)
        var digits = Array(repeating: 0, count: n)
        let others = (0..<n).filter { $0 != i }
        while true {
            var p = 1.0
            for j in others {
                let k = support[j][digits[j]]
                rows[j] = prior.types[j][k]
                p *= prior.probabilities[j][k]
            }
            body(rows, p)
            var pos = 0
            while pos < others.count {
                let j = others[pos]
                digits[j] += 1
                if digits[j] < support[j].count { break }
                digits[j] = 0
                pos += 1
            }
            if pos == others.count { return }
        }
    }

    /// ESW_{-i}(type): the others' expected welfare when agent i reports `type`.
    public func expectedWelfareOfOthers(agent i: Int, type: [Double]) -> Double {
        var total = 0.0
        forEachProfile(without: i, own: type) { rows, p in
            let o = efficientOutcome(rows).outcome
            var others = 0.0
            for j in rows.indices where j != i { others += rows[j][o] }
            total += p * others
        }
        return total
    }

    /// T_i for every agent at the reported profile `reports` (value rows).
    public func transfers(reports: [[Double]]) -> [Double] {
        let n = problem.agentCount
        let esw = (0..<n).map { expectedWelfareOfOthers(agent: $0, type: reports[$0]) }
        let sum = esw.reduce(0, +)
        return (0..<n).map { esw[$0] - (sum - esw[$0]) / Double(n - 1) }
    }

    /// Bayes–Nash incentive compatibility at each agent's reported type (thesis Def. 2.13):
    /// the interim expected utility of reporting the truth against every type in the agent's
    /// support as a lie. The charge term of T_i does not depend on i's report, so it cancels:
    /// compare E[v_i(θ_i, f*(θ'_i, θ̃_{-i}))] + ESW_{-i}(θ'_i). Returns the largest gain from
    /// lying (≤ 0 when truthful reporting is a best response) and a description.
    public func interimIncentiveCheck(reports: [[Double]]) -> (gain: Double, detail: String) {
        let n = problem.agentCount
        var worst = -Double.infinity, detail = "no agent gains by misreporting in expectation"
        for i in 0..<n {
            let truth = reports[i]
            func interim(_ report: [Double]) -> Double {
                var value = 0.0
                forEachProfile(without: i, own: report) { rows, p in
                    value += p * truth[efficientOutcome(rows).outcome]
                }
                return value + expectedWelfareOfOthers(agent: i, type: report)
            }
            let honest = interim(truth)
            for k in prior.types[i].indices {
                let gain = interim(prior.types[i][k]) - honest
                if gain > worst {
                    worst = gain
                    if gain > 1e-9 { detail = "agent \"\(problem.agents[i])\" gains \(gain) in expectation by reporting type \(k)" }
                }
            }
        }
        return (max(worst, 0), detail)
    }
}
