import Foundation

/// Mechanisms for interdependent values under the re-timing of thesis Def. 7.6: in period t
/// the center acts on the reports θ̂^t, the transition happens, agents report θ̂^{t+1}
/// (including their realized values), and the transfer based on θ̂^{t+1} is paid in period t.
public enum InterdependentMechanism: String, Codable, Sendable, CaseIterable {
    /// Dynamic-basic-Groves on **realized** values (thesis Theorem 7.5): T_i = Σ_{j≠i} r̂_j(θ̂_j^{t+1}).
    /// Truthful and efficient even with interdependent transitions (Assumption 7.5).
    case realizedBasicGroves = "realized-basic-groves"
    /// Dynamic-VCG on realized values (thesis eq. 7.23):
    /// T_i = r̂_{-i}(θ̂^{t+1}_{-i}) + γV_{-i}(θ̂^{t+1}) − V_{-i}(θ̂^t), V_{-i} the optimal value of
    /// the others' rewards on the joint MDP (i's reported state still drives the transitions).
    /// Truthful only when i cannot influence V_{-i} (Assumption 7.6, e.g. private transitions).
    case realizedDynamicVCG = "realized-dynamic-vcg"
    /// Chapter 5's dynamic-basic-Groves with the others' **expected** reward at the reported
    /// state, T_i(θ̂^t) = E[Σ_{j≠i} r̂_j | θ̂^t, π*(θ̂^t)]: truthful only with private transitions.
    case expectedBasicGroves = "expected-basic-groves"
}

/// The result of verifying an interdependent-values mechanism.
public struct InterdependentVerificationResult: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// The mechanism.
    public var mechanism: InterdependentMechanism
    /// γ.
    public var discount: Double
    /// H.
    public var horizon: Int
    /// Whether the kernel is a product of private per-agent kernels.
    public var privateTransitions: Bool
    /// Whether the thesis promises truthfulness here: always for realized basic-Groves
    /// (Theorem 7.5); for the others only with private transitions.
    public var truthfulnessPromised: Bool
    /// The (period, joint state) pairs of the dynamic program.
    public var gridStates: Int
    /// V*(θ^0).
    public var value: Double
    /// Expected discounted revenue under truthful play.
    public var expectedRevenue: Double
    /// Per agent: truthful and best-deviation utilities (the agent knows every current state).
    public var agents: [AgentVerification]
    /// Whether no agent gains by deviating from any state at any period.
    public var truthful: Bool
}

/// Verifies `mechanism` on an interdependent-values model by backward induction over every
/// joint state at every period: per agent, the best response (any report of its local state
/// each period; its realized-value reports only affect the others' transfers) against truthful
/// others, knowing every current state (within-period ex post). For eq. 7.23 the term
/// γV_{-i}(θ̂^{t+1}) of period t's transfer is booked in period t+1 with the same weight γ^{t+1}.
///
/// ```swift
/// let model = try InterdependentModel.read(file: "instances/populations/interdependent-good-item.json")
/// try verifyInterdependentMechanism(model, .realizedBasicGroves).truthful   // true (Theorem 7.5)
/// ```
public func verifyInterdependentMechanism(_ model: InterdependentModel, _ mechanism: InterdependentMechanism,
                                          maxStates: Int = 200_000) throws -> InterdependentVerificationResult
{
    let n = model.agentNames.count
    let count = model.jointStateCount
    let h = model.horizon
    let gamma = model.discount
    guard count * (h + 1) <= maxStates else { throw VerificationError.tooManyStates(needed: count * (h + 1), limit: maxStates) }
    let locals = (0..<count).map(model.decode)
    func realized(_ k: Int, _ who: (Int) -> Bool) -> Double {
        locals[k].enumerated().reduce(0) { who($1.offset) ? $0 + model.values[$1.offset][$1.element] : $0 }
    }
    // Optimal values of the rewards of the agents selected by `who`, on the whole joint MDP.
    func solve(_ who: @escaping (Int) -> Bool) -> (values: [[Double]], policy: [[Int]]) {
        var values = [[Double]](repeating: [Double](repeating: 0, count: count), count: h + 1)
        var policy = [[Int]](repeating: [Int](repeating: 0, count: count), count: h)
        for t in stride(from: h - 1, through: 0, by: -1) {
            for k in 0..<count {
                let q = model.actions.indices.map { a in
                    model.successors(k, a).reduce(0.0) { $0 + $1.probability * (realized($1.next, who) + gamma * values[t + 1][$1.next]) }
                }
                let a = bestAction(q)
                values[t][k] = q[a]
                policy[t][k] = a
            }
        }
        return (values, policy)
    }
    let social = solve { _ in true }
    let k0 = model.encode(model.initial)
    let scale = max(1, social.values[0].map(abs).max() ?? 0)
    let tolerance = 1e-7 * scale
    var agents: [AgentVerification] = []
    var revenue = 0.0
    for i in 0..<n {
        let without = mechanism == .realizedDynamicVCG ? solve { $0 != i } : nil
        func report(_ k: Int, _ x: Int) -> Int {
            var local = locals[k]
            local[i] = x
            return model.encode(local)
        }
        /// Agent i's payoff in period t at true joint state k when reporting x, given continuation `next`.
        func payoff(_ t: Int, _ k: Int, _ x: Int, _ next: [Double]) -> Double {
            let reported = report(k, x)
            let a = social.policy[t][reported]
            var total = 0.0
            for (k2, p) in model.successors(k, a) {
                var flow = model.values[i][locals[k2][i]]
                if mechanism != .expectedBasicGroves { flow += realized(k2) { $0 != i } }
                total += p * (flow + gamma * next[k2])
            }
            switch mechanism {
            case .expectedBasicGroves:
                total += model.successors(reported, a).reduce(0.0) { $0 + $1.probability * realized($1.next) { $0 != i } }
            case .realizedDynamicVCG:
                // −V_{-i}(θ̂^t) of this period's transfer, and +γV_{-i}(θ̂^t) of the previous
                // period's transfer (weight γ^t either way).
                total -= without!.values[t][reported]
                if t > 0 { total += without!.values[t][reported] }
            case .realizedBasicGroves:
                break
            }
            return total
        }
        var truth = [[Double]](repeating: [Double](repeating: 0, count: count), count: h + 1)
        var best = truth
        var choice = [[Int]](repeating: [Int](repeating: 0, count: count), count: h)
        var maxGain = 0.0
        var maxGainState = "t=0"
        var worst = Double.infinity
        for t in stride(from: h - 1, through: 0, by: -1) {
            for k in 0..<count {
                let own = locals[k][i]
                truth[t][k] = payoff(t, k, own, truth[t + 1])
                var bestValue = payoff(t, k, own, best[t + 1]), bestReport = own
                for x in model.states[i].indices where x != own {
                    let v = payoff(t, k, x, best[t + 1])
                    if v > bestValue + tolerance * 1e-3 { bestValue = v; bestReport = x }
                }
                best[t][k] = bestValue
                choice[t][k] = bestReport
                if bestValue - truth[t][k] > maxGain {
                    maxGain = bestValue - truth[t][k]
                    maxGainState = "t=\(t) (" + locals[k].enumerated().map { model.states[$0.offset][$0.element] }.joined(separator: ", ") + ")"
                }
            }
        }
        var reached: Set<Int> = [k0]
        for t in 0..<h {
            var next: Set<Int> = []
            for k in reached {
                worst = min(worst, truth[t][k])
                for (k2, _) in model.successors(k, social.policy[t][k]) { next.insert(k2) }
            }
            reached = next
        }
        // The deviation's steps from the initial state.
        var steps: [DeviationStep] = []
        var frontier: Set<Int> = [k0]
        for t in 0..<h {
            var next: Set<Int> = []
            for k in frontier.sorted() {
                let x = choice[t][k]
                if x != locals[k][i], best[t][k] > truth[t][k] + tolerance, steps.count < 64 {
                    steps.append(DeviationStep(
                        period: t, state: "(" + locals[k].enumerated().map { model.states[$0.offset][$0.element] }.joined(separator: ", ") + ")",
                        truthfulReport: model.states[i][locals[k][i]], report: model.states[i][x]))
                }
                for (k2, _) in model.successors(k, social.policy[t][report(k, x)]) { next.insert(k2) }
            }
            frontier = next
        }
        // Own value under π* (for the revenue): W_i.
        var w = [Double](repeating: 0, count: count)
        for t in stride(from: h - 1, through: 0, by: -1) {
            w = (0..<count).map { k in
                model.successors(k, social.policy[t][k]).reduce(0.0) { $0 + $1.probability * (model.values[i][locals[$1.next][i]] + gamma * w[$1.next]) }
            }
        }
        revenue -= truth[0][k0] - w[k0]
        agents.append(AgentVerification(
            name: model.agentNames[i], truthfulUtility: truth[0][k0], bestDeviationUtility: best[0][k0],
            gain: max(0, best[0][k0] - truth[0][k0]), maxGainAnyState: maxGain, maxGainState: maxGainState,
            deviation: steps, worstTruthfulUtility: worst))
    }
    let privateTransitions = model.hasPrivateTransitions
    return InterdependentVerificationResult(
        model: model.name, mechanism: mechanism, discount: gamma, horizon: h, privateTransitions: privateTransitions,
        truthfulnessPromised: mechanism == .realizedBasicGroves || privateTransitions, gridStates: count * (h + 1),
        value: social.values[0][k0], expectedRevenue: revenue, agents: agents,
        truthful: agents.allSatisfy { $0.maxGainAnyState <= tolerance })
}
