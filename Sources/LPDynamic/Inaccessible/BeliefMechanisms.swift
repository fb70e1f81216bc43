import Foundation

/// Mechanisms for persistent agents who are periodically inaccessible (thesis §7.1). All run
/// π* on the belief-state MDP and log, for every agent i and period, the belief-type
/// dynamic-VCG amount of eq. 7.1: T_i(θ̃) = r_{-i}(θ̃_{-i}, π*(θ̃)) + γE[V_{-i}(next θ̃_{-i})] − V_{-i}(θ̃_{-i}),
/// with V_{-i} the others-only belief MDP's optimal value. They differ in what is paid.
public enum BeliefMechanism: String, Codable, Sendable, CaseIterable {
    /// Dynamic-VCG for belief types (Def. 7.2): the amount is paid only to agents who report
    /// in that period. Not truthful: an agent escapes its charge by hiding (Example 2).
    case beliefVCG = "belief-dynamic-vcg"
    /// The amount paid to every agent every period, present or not (the hypothetical of
    /// Lemma 7.2; not executable, a proof device).
    case everyPeriod = "belief-dynamic-vcg-every-period"
    /// Dynamic-VCG# (Def. 7.3, eqs. 7.5-7.6): amounts logged while an agent is absent are
    /// paid, compounded by 1/γ per period, as a lump sum when it next reports; what is still
    /// outstanding at the horizon is settled then (Assumption 7.2, "you must pay the piper").
    /// Its payments have the same present value as ``everyPeriod`` (Lemma 7.3), so it is
    /// truthful (Theorem 7.1).
    case dynamicVCGSharp = "dynamic-vcg-sharp"
}

/// One message of an agent in one period: a reported local state, or nothing (hiding, or
/// being inaccessible).
public enum BeliefMessage: Codable, Sendable, Hashable {
    /// Report this local state.
    case report(String)
    /// Send the null report.
    case hide
}

/// One truthfully reachable situation of an agent, with its truthful and best utilities.
public struct BeliefStateCheck: Codable, Sendable, Equatable {
    /// The period.
    public var period: Int
    /// The agent's true local state.
    public var state: String
    /// The center's information about the other agents: per agent the last reported state and,
    /// after a "+", the number of periods since.
    public var others: [String]
    /// The probability of this situation under truthful play.
    public var probability: Double
    /// Expected utility (value + payments) of truthful reporting from here.
    public var truthfulUtility: Double
    /// The best utility of any reporting strategy from here.
    public var bestDeviationUtility: Double
    /// The best deviation's departures from truthfulness ("period 1: hide", "period 2: report G").
    public var deviation: [String]
}

/// Per agent: its situations reached under truthful play.
public struct BeliefAgentCheck: Codable, Sendable, Equatable {
    /// The agent's name.
    public var name: String
    /// Truthful utility from the start.
    public var truthfulUtility: Double
    /// The largest gain of a deviation at any truthfully reachable situation.
    public var maxGain: Double
    /// The situations (most probable first, at most 100).
    public var situations: [BeliefStateCheck]
}

/// A belief-type mechanism verified on a small model with inaccessible states.
public struct BeliefVerificationResult: Codable, Sendable, Equatable {
    /// The model's name.
    public var model: String
    /// The mechanism.
    public var mechanism: BeliefMechanism
    /// γ.
    public var discount: Double
    /// H.
    public var horizon: Int
    /// V*(θ̃^0) of the belief-state MDP.
    public var value: Double
    /// The expected discounted revenue under truthful play (dynamic-VCG#: with the settlement).
    public var expectedRevenue: Double
    /// Per agent.
    public var agents: [BeliefAgentCheck]
    /// Whether no truthfully reachable situation has a profitable deviation.
    public var truthful: Bool
}

/// The dynamic-VCG# ledger of one agent along one path (thesis eq. 7.5): `logged[t]` is the
/// amount T_i(θ̃^t) of period t, `reports[t]` whether the agent reports then. Returns the
/// payments actually made (0 in silent periods; the accumulated amount, compounded by 1/γ per
/// period of delay, when it reports) and the amount outstanding after the last period, valued
/// at the horizon. Σ_t γ^t payments[t] + γ^H·outstanding = Σ_t γ^t logged[t] (Lemma 7.3).
public func dynamicVCGSharpLedger(logged: [Double], reports: [Bool], discount gamma: Double)
    -> (payments: [Double], outstanding: Double)
{
    var carry = 0.0
    var payments: [Double] = []
    for (x, reported) in zip(logged, reports) {
        if reported {
            payments.append(carry + x)
            carry = 0
        } else {
            payments.append(0)
            carry = (carry + x) / gamma
        }
    }
    return (payments, carry)
}

private struct Situation: Hashable {
    var t: Int
    var state: Int
    var silent: BeliefKey
    var others: [BeliefKey]
}

/// The deviating agent's problem: it knows its own true state and, about the others, only the
/// center's information (its belief types; footnote 4 of §7.1); the others are truthful and
/// their reports are drawn from the center's predictive distribution.
private final class BeliefDeviation {
    let model: VerificationModel
    let mechanism: BeliefMechanism
    let agent: Int
    let full: BeliefMDP
    let without: BeliefMDP
    private var memo: [Bool: [Situation: Double]] = [true: [:], false: [:]]
    private var best: [Situation: BeliefKey?] = [:]

    init(model: VerificationModel, mechanism: BeliefMechanism, agent: Int, full: BeliefMDP, without: BeliefMDP) {
        self.model = model
        self.mechanism = mechanism
        self.agent = agent
        self.full = full
        self.without = without
    }

    func keys(_ mine: BeliefKey, _ others: [BeliefKey]) -> [BeliefKey] {
        var k = others
        k.insert(mine, at: agent)
        return k
    }

    /// The amount of eq. 7.1 logged for this agent at the joint belief `keys`.
    func logged(_ t: Int, _ others: [BeliefKey], action a: Int) throws -> Double {
        let state = JointBelief(t: t, keys: others)
        return try without.qValue(state, action: a) - without.value(state)
    }

    /// The messages available: any local state or the null report when accessible (none
    /// but reports at t = 0, Assumption 7.1), the null report only when inaccessible.
    func messages(_ s: Situation) -> [BeliefKey?] {
        guard model.accessible[agent][s.state] else { return [nil] }
        let truth: BeliefKey? = BeliefKey(last: s.state, actions: [])
        var out: [BeliefKey?] = [truth]
        if s.t > 0 { out.append(nil) }
        for x in 0..<model.agents[agent].model.stateCount where x != s.state { out.append(BeliefKey(last: x, actions: [])) }
        return out
    }

    func utility(_ s: Situation, truthful: Bool) throws -> Double {
        if s.t >= model.horizon { return 0 }
        if let v = memo[truthful]![s] { return v }
        let options = truthful ? [messages(s)[0]] : messages(s)
        var bestValue = -Double.infinity
        var bestMessage: BeliefKey?? = nil
        for message in options {
            let v = try payoff(s, message, truthful: truthful)
            if bestMessage == nil || v > bestValue + 1e-12 * max(1, abs(v)) {
                bestValue = v
                bestMessage = .some(message)
            }
        }
        memo[truthful]![s] = bestValue
        if !truthful { best[s] = bestMessage! }
        return bestValue
    }

    func payoff(_ s: Situation, _ message: BeliefKey?, truthful: Bool) throws -> Double {
        try step(s, message) { try utility($0, truthful: truthful) }
    }

    /// The value of sending `message` (`nil`: staying silent) at `s`: this period's reward and
    /// logged transfer, plus the discounted expectation of `continuation` over the situations
    /// of the next period.
    func step(_ s: Situation, _ message: BeliefKey?, _ continuation: (Situation) throws -> Double) throws -> Double {
        let mine = message ?? s.silent
        let a = try full.action(JointBelief(t: s.t, keys: keys(mine, s.others)))
        var total = model.agents[agent].model.expectedReward(s.state, a)
        if message != nil || mechanism != .beliefVCG { total += try logged(s.t, s.others, action: a) }
        if s.t + 1 >= model.horizon { return total }
        let silent = BeliefKey(last: mine.last, actions: mine.actions + [a])
        let mdp = model.agents[agent].model
        var e = 0.0
        for (others, p) in without.successors(s.others, action: a) {
            for t in mdp.transitions(s.state, a) where mdp.probabilities[t] > 0 {
                e += p * mdp.probabilities[t] * (try continuation(Situation(t: s.t + 1, state: Int(mdp.successors[t]), silent: silent, others: others)))
            }
        }
        return total + model.discount * e
    }

    /// Situations reached under truthful play from the start, with probabilities.
    func reachable(from root: Situation) throws -> [(Situation, Double)] {
        var layer: [Situation: Double] = [root: 1]
        var out: [(Situation, Double)] = []
        for _ in 0..<model.horizon {
            var next: [Situation: Double] = [:]
            for (s, p) in layer {
                out.append((s, p))
                let message = messages(s)[0]
                let mine = message ?? s.silent
                let a = try full.action(JointBelief(t: s.t, keys: keys(mine, s.others)))
                guard s.t + 1 < model.horizon else { continue }
                let silent = BeliefKey(last: mine.last, actions: mine.actions + [a])
                let mdp = model.agents[agent].model
                for (others, q) in without.successors(s.others, action: a) {
                    for t in mdp.transitions(s.state, a) where mdp.probabilities[t] > 0 {
                        next[Situation(t: s.t + 1, state: Int(mdp.successors[t]), silent: silent, others: others),
                             default: 0] += p * q * mdp.probabilities[t]
                    }
                }
            }
            layer = next
        }
        return out
    }

    /// The best deviation's departures from the truth on the situations it reaches from `s`.
    func steps(from root: Situation) throws -> [String] {
        var out: [String] = []
        var frontier = [root]
        var seen = Set<Situation>()
        while let s = frontier.first, out.count < 16 {
            frontier.removeFirst()
            guard s.t < model.horizon, seen.insert(s).inserted, let chosen = best[s] else { continue }
            let truth = messages(s)[0]
            if chosen != truth {
                out.append("period \(s.t): " + (chosen.map { "report " + model.agents[agent].model.stateNames[$0.last] } ?? "hide"))
            }
            let mine = chosen ?? s.silent
            let a = try full.action(JointBelief(t: s.t, keys: keys(mine, s.others)))
            guard s.t + 1 < model.horizon else { continue }
            let silent = BeliefKey(last: mine.last, actions: mine.actions + [a])
            let mdp = model.agents[agent].model
            for (others, _) in without.successors(s.others, action: a) {
                for t in mdp.transitions(s.state, a) where mdp.probabilities[t] > 0 {
                    frontier.append(Situation(t: s.t + 1, state: Int(mdp.successors[t]), silent: silent, others: others))
                }
            }
        }
        return out
    }

    /// The utility of following `plan` (one message per period from `s.t`, truthful after the
    /// plan ends or when a planned report is impossible because the agent is inaccessible).
    func planned(_ s: Situation, _ plan: [BeliefKey?]) throws -> Double {
        if s.t >= model.horizon { return 0 }
        guard let message = plan.first else { return try utility(s, truthful: true) }
        let chosen = model.accessible[agent][s.state] ? message : nil
        return try step(s, chosen) { try planned($0, Array(plan.dropFirst())) }
    }
}

/// Verifies a belief-type mechanism (thesis §7.1) on a small finite-horizon model with
/// inaccessible states (kind "dynamic-accessibility"): for each agent, at every situation it
/// reaches under truthful play, its truthful utility and its best deviation (any report or the
/// null report in each period while accessible; every agent reports at t = 0, Assumption 7.1)
/// against truthful others, the agent knowing only the center's information about the others.
/// Dynamic-VCG# is evaluated through the present value of its ledger, which equals the
/// every-period stream once outstanding amounts are settled (Lemma 7.3).
///
/// ```swift
/// let model = try VerificationModel.read(file: "instances/populations/example-7.1-2-belief-dynamic-vcg.json")
/// let result = try verifyBeliefMechanism(model, .beliefVCG)   // not truthful: hiding pays
/// ```
public func verifyBeliefMechanism(_ model: VerificationModel, _ mechanism: BeliefMechanism, maxStates: Int = 200_000)
    throws -> BeliefVerificationResult
{
    let n = model.agents.count
    for i in 0..<n where !model.accessible[i][model.agents[i].model.initialState] {
        throw VerificationError.unsupported(
            "agent \(model.agents[i].name) is inaccessible in its initial state; every agent must report at t = 0 (thesis Assumption 7.1)")
    }
    let full = BeliefMDP(model: model, members: Array(0..<n), maxStates: maxStates)
    let initial = model.agents.map { BeliefKey(last: $0.model.initialState, actions: []) }
    let root = JointBelief(t: 0, keys: initial)
    let value = try full.value(root)
    var agents: [BeliefAgentCheck] = []
    var revenue = 0.0
    let tolerance = 1e-7 * max(1, abs(value))
    for i in 0..<n {
        let without = BeliefMDP(model: model, members: (0..<n).filter { $0 != i }, maxStates: maxStates)
        let deviation = BeliefDeviation(model: model, mechanism: mechanism, agent: i, full: full, without: without)
        var others = initial
        others.remove(at: i)
        let start = Situation(t: 0, state: model.agents[i].model.initialState, silent: initial[i], others: others)
        let truthful = try deviation.utility(start, truthful: true)
        var checks: [BeliefStateCheck] = []
        var maxGain = 0.0
        for (s, p) in try deviation.reachable(from: start) {
            let u = try deviation.utility(s, truthful: true)
            let b = try deviation.utility(s, truthful: false)
            maxGain = max(maxGain, b - u)
            let names = s.others.enumerated().map { position, key -> String in
                let j = position < i ? position : position + 1
                return model.agents[j].model.stateNames[key.last] + (key.actions.isEmpty ? "" : "+\(key.actions.count)")
            }
            checks.append(BeliefStateCheck(
                period: s.t, state: model.agents[i].model.stateNames[s.state], others: names, probability: p,
                truthfulUtility: u, bestDeviationUtility: b, deviation: b - u > tolerance ? try deviation.steps(from: s) : []))
        }
        checks.sort { ($0.probability, -$0.period) > ($1.probability, -$1.period) }
        agents.append(BeliefAgentCheck(name: model.agents[i].name, truthfulUtility: truthful, maxGain: maxGain,
                                       situations: Array(checks.prefix(100))))
        // Agent i's expected discounted payments under truthful play: its utility minus its value.
        let ownValue = try expectedOwnValue(model: model, full: full, agent: i, root: root)
        revenue -= truthful - ownValue
    }
    return BeliefVerificationResult(model: model.name, mechanism: mechanism, discount: model.discount, horizon: model.horizon,
                                    value: value, expectedRevenue: revenue, agents: agents,
                                    truthful: agents.allSatisfy { $0.maxGain <= tolerance })
}

/// Agent i's expected discounted value under truthful play (true states evolve with the
/// center's beliefs, which are exact under truthful play).
private func expectedOwnValue(model: VerificationModel, full: BeliefMDP, agent i: Int, root: JointBelief) throws -> Double {
    var memo: [JointBelief: Double] = [:]
    func value(_ s: JointBelief) throws -> Double {
        if s.t >= model.horizon { return 0 }
        if let v = memo[s] { return v }
        let a = try full.action(s)
        let b = full.belief(agent: i, s.keys[i])
        var v = 0.0
        for x in b.indices where b[x] > 0 { v += b[x] * model.agents[i].model.expectedReward(x, a) }
        if s.t + 1 < model.horizon {
            for (keys, p) in full.successors(s.keys, action: a) { v += model.discount * p * (try value(JointBelief(t: s.t + 1, keys: keys))) }
        }
        memo[s] = v
        return v
    }
    return try value(root)
}

/// The expected utility of agent `agent` who, at period `period` in true local state
/// `state`, with the center's information about the others being their reports `others`
/// (local state names, in agent order without `agent`, all made this period) and the
/// center's belief about `agent` a report of `lastReport` made `periodsSinceReport` periods
/// ago (0: none needed), follows `plan` (one message per period; truthful afterwards).
/// Used to evaluate a specific deviation, e.g. the thesis's (hide, report G) of Example 2.
public func beliefPlanUtility(
    _ model: VerificationModel, _ mechanism: BeliefMechanism, agent: Int, period: Int, state: String,
    lastReport: String, actionsSinceReport: [String], others: [String], plan: [BeliefMessage], maxStates: Int = 200_000
) throws -> Double {
    let n = model.agents.count
    let full = BeliefMDP(model: model, members: Array(0..<n), maxStates: maxStates)
    let without = BeliefMDP(model: model, members: (0..<n).filter { $0 != agent }, maxStates: maxStates)
    let deviation = BeliefDeviation(model: model, mechanism: mechanism, agent: agent, full: full, without: without)
    func index(_ j: Int, _ name: String) throws -> Int {
        guard let k = model.agents[j].model.stateNames.firstIndex(of: name) else {
            throw VerificationError.unsupported("agent \(model.agents[j].name) has no state \(name)")
        }
        return k
    }
    let otherAgents = (0..<n).filter { $0 != agent }
    guard others.count == otherAgents.count else { throw VerificationError.unsupported("one report per other agent is needed") }
    let actions = try actionsSinceReport.map { name -> Int in
        guard let a = model.actions.firstIndex(of: name) else { throw VerificationError.unsupported("unknown action \(name)") }
        return a
    }
    let s = Situation(
        t: period, state: try index(agent, state), silent: BeliefKey(last: try index(agent, lastReport), actions: actions),
        others: try zip(otherAgents, others).map { BeliefKey(last: try index($0, $1), actions: []) })
    let messages: [BeliefKey?] = try plan.map {
        switch $0 {
        case .hide: return nil
        case .report(let name): return BeliefKey(last: try index(agent, name), actions: [])
        }
    }
    return try deviation.planned(s, messages)
}
