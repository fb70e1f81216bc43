import Foundation

/// One step of a deviation: in period `period`, at the true joint state `state`, the agent
/// sends `report` instead of the truthful `truthfulReport`.
public struct DeviationStep: Codable, Sendable, Equatable {
    /// The period t.
    public var period: Int
    /// The true joint state, as "(s_1, ..., s_n)".
    public var state: String
    /// What a truthful agent sends (its local state, or "(no report)" when inaccessible).
    public var truthfulReport: String
    /// What the deviation sends.
    public var report: String

    /// Creates a step.
    public init(period: Int, state: String, truthfulReport: String, report: String) {
        self.period = period
        self.state = state
        self.truthfulReport = truthfulReport
        self.report = report
    }
}

/// One agent's best response against truthful others.
public struct AgentVerification: Codable, Sendable, Equatable {
    /// The agent's name.
    public var name: String
    /// Expected discounted utility (value + transfers) of truthful reporting from the initial state.
    public var truthfulUtility: Double
    /// The best any reporting strategy achieves from the initial state.
    public var bestDeviationUtility: Double
    /// bestDeviationUtility − truthfulUtility (≥ 0).
    public var gain: Double
    /// The largest gain from any true joint state at any period (within-period ex post IC
    /// quantifies over every state, not only the initial one).
    public var maxGainAnyState: Double
    /// Where the largest gain occurs, as "t=.. (s_1, ..., s_n)".
    public var maxGainState: String
    /// The best deviation's departures from truthfulness on the states it reaches from the
    /// initial state (empty when truthful reporting is a best response there; at most 64 steps).
    public var deviation: [DeviationStep]
    /// The smallest truthful continuation utility at any state reached under truthful play
    /// (within-period ex post IR, thesis Def. 5.5, holds when ≥ 0).
    public var worstTruthfulUtility: Double
}

/// A property a mechanism promises (or not), and whether it holds on the model.
public struct PropertyCheck: Codable, Sendable, Equatable {
    /// "ic", "ex-post-ir", "ex-ante-ir", "no-deficit-expected", "no-deficit-per-period".
    public var name: String
    /// Whether the thesis promises it for this mechanism on this model.
    public var promised: Bool
    /// Whether it holds (within the tolerance).
    public var holds: Bool
}

/// The result of verifying a mechanism on a small finite-horizon model.
public struct VerificationResult: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// The mechanism verified.
    public var mechanism: VerifiedMechanism
    /// γ.
    public var discount: Double
    /// H.
    public var horizon: Int
    /// The number of (period, joint state) pairs the dynamic program covers.
    public var gridStates: Int
    /// The absolute tolerance used (1e-7 · max(1, largest |value|)).
    public var tolerance: Double
    /// Per agent, in model order.
    public var agents: [AgentVerification]
    /// Expected discounted revenue −Σ_i E[Σ_t γ^t T_i] under truthful play.
    public var expectedRevenue: Double
    /// Per period t, the expected (undiscounted) revenue −Σ_i T_i of that period under truthful play.
    public var expectedRevenueByPeriod: [Double]
    /// The smallest revenue −Σ_i T_i of one period at any state reached under truthful play.
    public var worstPeriodRevenue: Double
    /// The properties checked.
    public var properties: [PropertyCheck]
    /// Whether every promised property holds.
    public var allPromisesHold: Bool
}

/// Verifies `mechanism` on `model` by finite-horizon dynamic programming: for each agent,
/// the best response (any report in each period, depending on the whole history, including
/// the null report where the mechanism accepts it) against truthful others, with the agent
/// knowing everybody's current true state (within-period ex post, thesis Def. 5.3); the
/// truthful utilities; IR; and the budget. The dynamic program runs over every combination
/// of local states at every period, so the model must be small: past `maxStates` such
/// (period, joint state) pairs it throws ``VerificationError/tooManyStates(needed:limit:)``.
///
/// The mechanism's policy and transfers are recomputed on that grid by backward induction,
/// independently of the LP solvers used by ``DynamicAnalysis``.
///
/// ```swift
/// let model = try VerificationModel(instance: try DynamicInstance.read(file: "car.json"))
/// let result = try verifyMechanism(model, VerifiedMechanism(.dynamicVCG))
/// result.agents.map(\.gain)   // [0, 0]
/// ```
public func verifyMechanism(_ model: VerificationModel, _ mechanism: VerifiedMechanism, maxStates: Int = 200_000)
    throws -> VerificationResult
{
    let n = model.agents.count
    let radix = model.agents.map(\.model.stateCount)
    var size = 1
    for r in radix {
        let (product, overflow) = size.multipliedReportingOverflow(by: r)
        guard !overflow, product <= maxStates else {
            throw VerificationError.tooManyStates(needed: overflow ? Int.max : product * (model.horizon + 1), limit: maxStates)
        }
        size = product
    }
    let needed = size * (model.horizon + 1)
    guard needed <= maxStates else { throw VerificationError.tooManyStates(needed: needed, limit: maxStates) }
    let rules = try MechanismRules(model: model, mechanism: mechanism)
    let grid = ProductGrid(members: Array(0..<n), model: model)
    let h = model.horizon
    let gamma = model.discount
    let initial = grid.index(fromProfile: model.agents.map(\.model.initialState))
    func truthful(_ i: Int, _ s: Int) -> Int? { model.accessible[i][s] ? s : nil }
    func name(_ i: Int, _ report: Int?) -> String { report.map { model.agents[i].model.stateNames[$0] } ?? "(no report)" }
    func stateName(_ local: [Int]) -> String {
        "(" + local.enumerated().map { model.agents[$0.offset].model.stateNames[$0.element] }.joined(separator: ", ") + ")"
    }

    // Truthful outcomes per (t, k).
    var truthOutcome = [[(action: Int, transfers: [Double])]]()
    for t in 0..<h {
        truthOutcome.append((0..<grid.count).map { k in
            let local = grid.decode(k)
            return rules.outcome(period: t, reports: (0..<n).map { truthful($0, local[$0]) })
        })
    }
    // Truthful utilities U_i[t][k] and revenue R[t][k].
    var utility = [[[Double]]](repeating: [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: h + 1), count: n)
    var revenue = [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: h + 1)
    for t in stride(from: h - 1, through: 0, by: -1) {
        for k in 0..<grid.count {
            let local = grid.decode(k)
            let (a, transfers) = truthOutcome[t][k]
            for i in 0..<n {
                utility[i][t][k] = model.agents[i].model.expectedReward(local[i], a) + transfers[i]
                    + gamma * productExpectation(grid: grid, model: model, local: local, action: a, of: utility[i][t + 1])
            }
            revenue[t][k] = -transfers.reduce(0, +)
                + gamma * productExpectation(grid: grid, model: model, local: local, action: a, of: revenue[t + 1])
        }
    }
    // States reached under truthful play, with their probabilities per period.
    var distribution = [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: h + 1)
    distribution[0][initial] = 1
    for t in 0..<h {
        for k in 0..<grid.count where distribution[t][k] > 0 {
            let local = grid.decode(k)
            successors(grid: grid, model: model, local: local, action: truthOutcome[t][k].action) { next, p in
                distribution[t + 1][next] += distribution[t][k] * p
            }
        }
    }
    let scale = max(1, rules.subsets[rules.allMask]!.values[0].map(abs).max() ?? 0,
                    utility.flatMap { $0[0] }.map(abs).max() ?? 0)
    let tolerance = 1e-7 * scale

    var agents: [AgentVerification] = []
    for i in 0..<n {
        var best = [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: h + 1)
        var choice = [[Int?]](repeating: [Int?](repeating: nil, count: grid.count), count: h)
        var maxGain = 0.0, maxGainState = "t=0 " + stateName(grid.decode(initial))
        for t in stride(from: h - 1, through: 0, by: -1) {
            for k in 0..<grid.count {
                let local = grid.decode(k)
                var reports = (0..<n).map { truthful($0, local[$0]) }
                var candidates: [Int?] = []
                if model.accessible[i][local[i]] {
                    candidates = (0..<radix[i]).map { Optional($0) }
                    if mechanism.acceptsNullReport { candidates.insert(nil, at: 0) }
                } else {
                    candidates = [nil]
                }
                // Truthful report first, so that ties keep the truth; then the null report.
                let truth = truthful(i, local[i])
                candidates.removeAll { $0 == truth }
                candidates.insert(truth, at: 0)
                var bestValue = -Double.infinity
                var bestReport: Int?? = nil
                for report in candidates {
                    reports[i] = report
                    let (a, transfers) = report == truth ? truthOutcome[t][k] : rules.outcome(period: t, reports: reports)
                    let v = model.agents[i].model.expectedReward(local[i], a) + transfers[i]
                        + gamma * productExpectation(grid: grid, model: model, local: local, action: a, of: best[t + 1])
                    if v > bestValue + tolerance * 1e-3 || bestReport == nil {
                        bestValue = v
                        bestReport = .some(report)
                    }
                }
                best[t][k] = bestValue
                choice[t][k] = bestReport!
                let gain = bestValue - utility[i][t][k]
                if gain > maxGain {
                    maxGain = gain
                    maxGainState = "t=\(t) " + stateName(local)
                }
            }
        }
        // The deviation's departures from the truth on the states it reaches.
        var steps: [DeviationStep] = []
        var frontier: Set<Int> = [initial]
        for t in 0..<h where steps.count < 64 {
            var next: Set<Int> = []
            for k in frontier.sorted() {
                let local = grid.decode(k)
                let report = choice[t][k]
                let truth = truthful(i, local[i])
                var reports = (0..<n).map { truthful($0, local[$0]) }
                reports[i] = report
                if report != truth, steps.count < 64, best[t][k] > utility[i][t][k] + tolerance {
                    steps.append(DeviationStep(period: t, state: stateName(local), truthfulReport: name(i, truth),
                                               report: name(i, report)))
                }
                let a = rules.outcome(period: t, reports: reports).action
                successors(grid: grid, model: model, local: local, action: a) { s, _ in next.insert(s) }
            }
            frontier = next
        }
        var worst = Double.infinity
        for t in 0..<h { for k in 0..<grid.count where distribution[t][k] > 0 { worst = min(worst, utility[i][t][k]) } }
        agents.append(AgentVerification(
            name: model.agents[i].name, truthfulUtility: utility[i][0][initial], bestDeviationUtility: best[0][initial],
            gain: max(0, best[0][initial] - utility[i][0][initial]), maxGainAnyState: maxGain, maxGainState: maxGainState,
            deviation: steps, worstTruthfulUtility: worst))
    }
    var byPeriod: [Double] = []
    var worstPeriod = Double.infinity
    var worstAnyProfile = Double.infinity
    for t in 0..<h {
        var expected = 0.0
        for k in 0..<grid.count {
            let periodRevenue = -truthOutcome[t][k].transfers.reduce(0, +)
            worstAnyProfile = min(worstAnyProfile, periodRevenue)
            if distribution[t][k] > 0 {
                expected += distribution[t][k] * periodRevenue
                worstPeriod = min(worstPeriod, periodRevenue)
            }
        }
        byPeriod.append(expected)
    }
    let nonNegative = model.nonNegativeRewards
    let eacLiteral = mechanism.eacVariant?.schedule == .literal
    var properties = [
        PropertyCheck(name: "ic", promised: ![.naiveBasicGroves, .currentStateEAC].contains(mechanism.kind),
                      holds: agents.allSatisfy { $0.maxGainAnyState <= tolerance }),
        PropertyCheck(name: "ex-post-ir", promised: nonNegative && [.dynamicVCG, .basicGroves].contains(mechanism.kind),
                      holds: agents.allSatisfy { $0.worstTruthfulUtility >= -tolerance }),
        PropertyCheck(name: "ex-ante-ir", promised: nonNegative && ![.naiveBasicGroves, .currentStateEAC].contains(mechanism.kind),
                      holds: agents.allSatisfy { $0.truthfulUtility >= -tolerance }),
        PropertyCheck(name: "no-deficit-expected",
                      promised: mechanism.kind == .dynamicVCG || (mechanism.kind == .dynamicEAC && !eacLiteral),
                      holds: revenue[0][initial] >= -tolerance),
        PropertyCheck(name: "no-deficit-per-period", promised: mechanism.kind == .dynamicVCG,
                      holds: worstPeriod >= -tolerance),
    ]
    if mechanism.kind == .dynamicVCG {
        // Theorem 5.6 holds for every reported profile, not only on the truthful path.
        properties[4].holds = properties[4].holds && worstAnyProfile >= -tolerance
    }
    return VerificationResult(
        model: model.name, mechanism: mechanism, discount: gamma, horizon: h, gridStates: needed, tolerance: tolerance,
        agents: agents, expectedRevenue: revenue[0][initial], expectedRevenueByPeriod: byPeriod,
        worstPeriodRevenue: worstPeriod, properties: properties,
        allPromisesHold: properties.allSatisfy { !$0.promised || $0.holds })
}

/// Calls `body(successor index, probability)` for every joint successor of `local` under `a`.
func successors(grid: ProductGrid, model: VerificationModel, local: [Int], action a: Int, _ body: (Int, Double) -> Void) {
    var partial: [(index: Int, probability: Double)] = [(0, 1)]
    for (position, member) in grid.members.enumerated() {
        let mdp = model.agents[member].model
        var next: [(index: Int, probability: Double)] = []
        for (index, p) in partial {
            for t in mdp.transitions(local[position], a) where mdp.probabilities[t] > 0 {
                next.append((index * grid.radix[position] + Int(mdp.successors[t]), p * mdp.probabilities[t]))
            }
        }
        partial = next
    }
    for (index, p) in partial { body(index, p) }
}
