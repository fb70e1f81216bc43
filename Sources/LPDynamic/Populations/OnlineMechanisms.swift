import Foundation

/// The mechanisms for dynamic populations (thesis §7.2; transfers are paid **to** the agent).
public enum PopulationMechanism: String, Codable, Sendable, CaseIterable {
    /// Online-dynamic-VCG (thesis Def. 7.4, eq. 7.11): every present agent reports every period
    /// and receives T_i = r_{-i}(θ_{-i}, π*(θ)) + γE[V_{-i}(τ(θ_{-i}, π*(θ)))] − V_{-i}(θ_{-i}),
    /// where V_{-i} is the optimal value of the others present **and all future arrivals**.
    case onlineDynamicVCG = "online-dynamic-vcg"
    /// Online-VCG-γ (thesis Def. 7.5, eq. 7.12; needs deterministic types, Assumption 7.4):
    /// one report at arrival; the agent pays its reported value whenever it is served and
    /// receives V(θ) − V_{-i}(θ_{-i}) in its arrival period.
    case onlineVCGGamma = "online-vcg-gamma"
}

/// One agent present in a period, with its transfer.
public struct PopulationAgentTransfer: Codable, Sendable, Equatable {
    /// "TYPE:STATE".
    public var agent: String
    /// Whether this agent is the one served.
    public var served: Bool
    /// Whether the agent arrived in this period.
    public var arrived: Bool
    /// Its transfer this period.
    public var transfer: Double
}

/// The first period for one outcome of the period-0 arrivals.
public struct PopulationFirstPeriod: Codable, Sendable, Equatable {
    /// The probability of this outcome.
    public var probability: Double
    /// The present agents ("TYPE:STATE").
    public var population: [String]
    /// Q*(θ, a) of every action ("wait", "serve TYPE:STATE").
    public var qValues: [String: Double]
    /// π*(θ).
    public var action: String
    /// Every present agent's transfer.
    public var transfers: [PopulationAgentTransfer]
}

/// One arrival event: an agent of `type` arriving in `period` into `population` (itself
/// included), with its truthful utility and its best deviation against truthful others.
public struct PopulationArrivalEvent: Codable, Sendable, Equatable {
    /// The arrival period.
    public var period: Int
    /// The arriving agent's type.
    public var type: String
    /// The present agents right after the period's arrivals ("TYPE:STATE"), the arriving one included.
    public var population: [String]
    /// The probability that this event happens (an agent of this type arrives in this situation).
    public var probability: Double
    /// V(θ) − V_{-i}(θ_{-i}) at arrival (the marginal contribution; thesis Theorem 7.2 and the
    /// payoff equivalence of Theorem 7.3).
    public var marginalContribution: Double
    /// Expected discounted utility (value + transfers) of reporting truthfully from arrival.
    public var truthfulUtility: Double
    /// The best utility of any strategy: hiding for some periods, then announcing any type and
    /// state (posing as a later arrival), and (online-dynamic-VCG) misreporting states later.
    public var bestDeviationUtility: Double
    /// bestDeviationUtility − truthfulUtility.
    public var gain: Double
    /// The best deviation's steps on the paths it reaches ("period 0: hide", "period 1:
    /// announce TYPE:STATE", "period 1: report STATE"); empty when truth is a best response.
    public var deviation: [String]
}

/// Per arrival type, a summary over its arrival events.
public struct PopulationTypeSummary: Codable, Sendable, Equatable {
    /// The type's name.
    public var name: String
    /// The expected number of arrival events of this type (copies arriving together count once).
    public var expectedArrivals: Double
    /// The probability-weighted mean truthful utility at arrival.
    public var meanUtilityAtArrival: Double
    /// The smallest truthful utility at any arrival event (ex post IR at arrival when ≥ 0).
    public var minUtilityAtArrival: Double
    /// The largest deviation gain at any arrival event.
    public var maxDeviationGain: Double
}

/// A population mechanism evaluated exactly on a ``PopulationModel``.
public struct PopulationMechanismResult: Codable, Sendable, Equatable {
    /// The mechanism.
    public var mechanism: PopulationMechanism
    /// The model's name.
    public var instance: String
    /// γ.
    public var discount: Double
    /// H.
    public var horizon: Int
    /// The units.
    public var units: Int
    /// The population cap.
    public var populationCap: Int
    /// "per-period" or "scenarios".
    public var arrivalModel: String
    /// Whether the thesis's Assumption 7.3 holds by construction (per-period arrivals); the
    /// mechanisms' truthfulness (Theorems 7.2, 7.3) depends on it.
    public var conditionallyIndependentArrivals: Bool
    /// Whether every type is deterministic (Assumption 7.4, needed by online-VCG-γ).
    public var deterministicTypes: Bool
    /// The number of center states of the arrival MDP that were solved.
    public var states: Int
    /// The expected optimal social value before the first arrivals.
    public var value: Double
    /// The expected discounted revenue −E[Σ_t γ^t Σ_i T_i] under truthful play.
    public var expectedRevenue: Double
    /// The smallest revenue of one period at any state reached under truthful play.
    public var worstPeriodRevenue: Double
    /// Period 0, per outcome of its arrivals.
    public var firstPeriod: [PopulationFirstPeriod]
    /// Per type.
    public var types: [PopulationTypeSummary]
    /// Every arrival event reached under truthful play (most probable first; at most 200).
    public var arrivalEvents: [PopulationArrivalEvent]
    /// The number of arrival events checked.
    public var arrivalEventCount: Int
    /// The largest deviation gain over all arrival events.
    public var maxDeviationGain: Double
    /// Whether no arrival event has a profitable deviation (within 1e-7·max(1, |value|)).
    public var truthful: Bool
}

/// A state of the tracked agent's decision problem: the center's information (period, units,
/// the other agents, the history before this period's arrivals and the others' arrivals of this
/// period), the true arrival history, and the agent's true state and claim.
struct TrackedState: Hashable {
    var t: Int
    var units: Int
    var others: [Int]
    var centerPrevious: UInt64
    var othersArriving: [Int]
    var trueHistory: UInt64
    var myState: Int
    var claimType: Int
    var claimState: Int
}

/// What the tracked agent does in a period.
enum TrackedChoice: Hashable {
    case hide
    case announce(type: Int, state: Int)
    case report(state: Int)
    case keep
}

/// Evaluates population mechanisms exactly.
final class PopulationEvaluator {
    let model: PopulationModel
    let mechanism: PopulationMechanism
    let mdp: ArrivalMDP
    let myType: Int
    private var memo: [Bool: [TrackedState: Double]] = [true: [:], false: [:]]
    private var best: [TrackedState: TrackedChoice] = [:]

    init(mdp: ArrivalMDP, mechanism: PopulationMechanism, myType: Int) {
        self.mdp = mdp
        model = mdp.model
        self.mechanism = mechanism
        self.myType = myType
    }

    /// Transfers to every present agent at `state` under truthful reports (arrived: the codes
    /// that arrived this period, for online-VCG-γ's arrival payment).
    static func transfers(_ mdp: ArrivalMDP, _ mechanism: PopulationMechanism, _ state: CenterState, arrived: [Int])
        throws -> [PopulationAgentTransfer]
    {
        let served = try mdp.action(state)
        var out: [PopulationAgentTransfer] = []
        var pendingArrivals = arrived
        var servedDone = false
        for c in state.agents {
            let isServed = !servedDone && c == served
            if isServed { servedDone = true }
            let isArrival = pendingArrivals.contains(c)
            if isArrival { pendingArrivals.remove(at: pendingArrivals.firstIndex(of: c)!) }
            let without = CenterState(t: state.t, units: state.units, history: state.history,
                                      agents: mdp.removing(c, from: state.agents))
            let transfer: Double
            switch mechanism {
            case .onlineDynamicVCG:
                transfer = try mdp.qValue(without, served: isServed ? nil : served, consumes: served != nil)
                    - mdp.value(without)
            case .onlineVCGGamma:
                transfer = -(isServed ? mdp.value(ofCode: c) : 0)
                    + (isArrival ? try mdp.value(state) - mdp.value(without) : 0)
            }
            out.append(PopulationAgentTransfer(agent: mdp.model.agentName(c), served: isServed, arrived: isArrival,
                                               transfer: transfer))
        }
        return out
    }

    /// The tracked agent's utility from `s` (truthful, or best response).
    func utility(_ s: TrackedState, truthful: Bool) throws -> Double {
        // After its true departure an agent sends no more reports (online-dynamic-VCG sees it
        // leave); under online-VCG-γ its single claim stays in force and it stays liable for it.
        if s.t >= model.horizon || (s.myState < 0 && (mechanism == .onlineDynamicVCG || s.claimType < 0)) { return 0 }
        if let v = memo[truthful]![s] { return v }
        var choices: [TrackedChoice] = []
        if s.claimType < 0 {
            choices.append(.announce(type: myType, state: s.myState))
            if !truthful {
                choices.append(.hide)
                for (k, type) in model.types.enumerated() {
                    for x in type.states.indices where x != type.departure && !(k == myType && x == s.myState) {
                        choices.append(.announce(type: k, state: x))
                    }
                }
            }
        } else if mechanism == .onlineDynamicVCG {
            let type = model.types[s.claimType]
            let truth = s.claimType == myType ? s.myState : type.arrivalState
            choices.append(.report(state: truth))
            if !truthful {
                for x in type.states.indices where x != type.departure && x != truth { choices.append(.report(state: x)) }
            }
        } else {
            choices.append(.keep)
        }
        var bestValue = -Double.infinity
        var bestChoice = choices[0]
        // With scenario arrivals, a choice whose arrival record no scenario allows would be
        // detected by the center: it is not available (unless nothing else is).
        if !perPeriod {
            let possible = choices.filter { centerView(s, $0).state.history != 0 }
            choices = possible.isEmpty ? [choices[0]] : possible
        }
        for choice in choices {
            let v = try payoff(s, choice, truthful: truthful)
            if v > bestValue + 1e-12 * max(1, abs(v)) {
                bestValue = v
                bestChoice = choice
            }
        }
        memo[truthful]![s] = bestValue
        if !truthful { best[s] = bestChoice }
        return bestValue
    }

    /// The center state seen after `choice`, whether the agent announced now, and its claim.
    private func centerView(_ s: TrackedState, _ choice: TrackedChoice)
        -> (state: CenterState, claim: Int?, claimType: Int, announced: Bool)
    {
        var claimType = s.claimType, claimState = s.claimState, announced = false
        switch choice {
        case .hide: break
        case .announce(let k, let x): claimType = k; claimState = x; announced = true
        case .report(let x): claimState = x
        case .keep: break
        }
        let seen = s.othersArriving + (announced ? [claimType] : [])
        let history = mdp.history(s.centerPrevious, period: s.t, seeing: seen)
        let claim = claimType < 0 ? nil : mdp.code(type: claimType, state: claimState)
        let agents = (s.others + (claim.map { [$0] } ?? [])).sorted()
        return (CenterState(t: s.t, units: s.units, history: history, agents: agents), claim, claimType, announced)
    }

    private func payoff(_ s: TrackedState, _ choice: TrackedChoice, truthful: Bool) throws -> Double {
        let (state, claim, claimType, announced) = centerView(s, choice)
        let served = try mdp.action(state)
        let iServed = claim != nil && served == claim && !s.others.contains(claim!)
        var total = iServed && s.myState >= 0 ? model.types[myType].values[s.myState] : 0
        if let claim {
            let without = CenterState(t: s.t, units: s.units, history: state.history, agents: s.others)
            switch mechanism {
            case .onlineDynamicVCG:
                total += try mdp.qValue(without, served: iServed ? nil : served, consumes: served != nil) - mdp.value(without)
            case .onlineVCGGamma:
                total += -(iServed ? mdp.value(ofCode: claim) : 0) + (announced ? try mdp.value(state) - mdp.value(without) : 0)
            }
        }
        if s.t + 1 >= model.horizon || iServed { return total }
        let units = s.units - (served != nil ? 1 : 0)
        let others = served != nil && !iServed ? mdp.removing(served!, from: s.others) : s.others
        // The agent's own next state (departure → −1) and, for online-VCG-γ, its claim's.
        let type = model.types[myType]
        var mine: [(Int, Double)] = s.myState < 0 ? [(-1, 1)] : []
        if s.myState >= 0 {
            for (x, q) in type.transitions[s.myState] where q > 0 { mine.append((x == type.departure ? -1 : x, q)) }
        }
        var nextClaimType = claimType, nextClaimState = -1
        if claimType >= 0, mechanism == .onlineVCGGamma {
            let claimed = model.types[claimType]
            let x = claimed.transitions[claim! % mdp.stride].first { $0.probability > 0 }!.next
            if x == claimed.departure { return total }  // the center sees the claimed departure
            nextClaimState = x
        }
        if claimType < 0 { nextClaimType = -1 }
        let keepsClaim = mechanism == .onlineVCGGamma
        var expectation = 0.0
        let arriving = mdp.arrivals(period: s.t + 1, history: s.trueHistory)
        for (population, p) in mdp.moved(others) {
            for (q, types, trueHistory) in arriving {
                for (x, r) in mine {
                    let next = TrackedState(
                        t: s.t + 1, units: units, others: (population + types.map(mdp.arrivalCode)).sorted(),
                        centerPrevious: state.history, othersArriving: perPeriod ? [] : types, trueHistory: trueHistory,
                        myState: x, claimType: x < 0 && !keepsClaim ? -1 : nextClaimType,
                        claimState: x < 0 && !keepsClaim ? -1 : nextClaimState)
                    expectation += p * q * r * (try utility(next, truthful: truthful))
                }
            }
        }
        return total + model.discount * expectation
    }

    /// Whether arrivals are drawn per period (the others' arrivals then never matter to the
    /// center's history, which keeps the memo small).
    var perPeriod: Bool { model.arrivals.conditionallyIndependent }

    /// The best deviation's departures from the truth on the states it reaches from `root`.
    func deviationSteps(from root: TrackedState) throws -> [String] {
        var steps: [String] = []
        var frontier: [TrackedState] = [root]
        var seen: Set<TrackedState> = []
        while let s = frontier.first, steps.count < 16 {
            frontier.removeFirst()
            guard seen.insert(s).inserted, s.t < model.horizon, let choice = best[s] else { continue }
            switch choice {
            case .hide: steps.append("period \(s.t): hide")
            case .announce(let k, let x) where !(k == myType && x == s.myState):
                steps.append("period \(s.t): announce \(model.types[k].name):\(model.types[k].states[x])")
            case .report(let x) where !(s.claimType == myType && x == s.myState):
                // (only online-dynamic-VCG asks for reports after arrival)
                steps.append("period \(s.t): report \(model.types[s.claimType].states[x])")
            default: break
            }
            frontier.append(contentsOf: try successors(s, choice))
        }
        return steps
    }

    /// The tracked states reachable in one period from `s` under `choice`.
    private func successors(_ s: TrackedState, _ choice: TrackedChoice) throws -> [TrackedState] {
        let (state, claim, claimType, _) = centerView(s, choice)
        let served = try mdp.action(state)
        let iServed = claim != nil && served == claim && !s.others.contains(claim!)
        if s.t + 1 >= model.horizon || iServed { return [] }
        let units = s.units - (served != nil ? 1 : 0)
        let others = served != nil && !iServed ? mdp.removing(served!, from: s.others) : s.others
        let type = model.types[myType]
        var nextClaimState = -1
        if claimType >= 0, mechanism == .onlineVCGGamma {
            let claimed = model.types[claimType]
            let x = claimed.transitions[claim! % mdp.stride].first { $0.probability > 0 }!.next
            if x == claimed.departure { return [] }
            nextClaimState = x
        }
        var out: [TrackedState] = []
        for (population, _) in mdp.moved(others) {
            for (_, types, trueHistory) in mdp.arrivals(period: s.t + 1, history: s.trueHistory) {
                let mine = s.myState < 0 ? [-1] : type.transitions[s.myState].filter { $0.probability > 0 }
                    .map { $0.next == type.departure ? -1 : $0.next }
                for x in mine where x >= 0 || (mechanism == .onlineVCGGamma && claimType >= 0) {
                    out.append(TrackedState(
                        t: s.t + 1, units: units, others: (population + types.map(mdp.arrivalCode)).sorted(),
                        centerPrevious: state.history, othersArriving: perPeriod ? [] : types, trueHistory: trueHistory,
                        myState: x, claimType: claimType, claimState: nextClaimState))
                }
            }
        }
        return out
    }
}
