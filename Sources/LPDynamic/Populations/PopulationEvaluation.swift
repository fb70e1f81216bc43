import Foundation

/// A reached situation of the forward pass: the center state right after the period's
/// arrivals, the history before them, and the arriving types.
private struct Situation: Hashable {
    var state: CenterState
    var previous: UInt64
    var arriving: [Int]
}

/// Evaluates `mechanism` on `model` exactly: the arrival MDP is solved by memoized backward
/// induction (values of every reachable center state, and of every state with one agent
/// removed, which V_{-i} needs); the states reached under truthful play are enumerated forward
/// with their probabilities; at every arrival event the arriving agent's truthful utility is
/// computed by a dynamic program that follows it, and so is its best deviation against
/// truthful others (hide for any number of periods, announce any type and state, and under
/// online-dynamic-VCG misreport its state every period), the agent knowing the present
/// agents' states and the true arrival history.
///
/// Conventions: when several present agents share a type and state and the center serves
/// that type and state, the followed agent is not the one served (any fixed tie rule among
/// identical agents gives the same truthful utilities); departures are observed; with a
/// scenario arrival model, deviations after which the center's record of arrivals matches no
/// scenario (an impossible record, which the center would detect) are not considered.
///
/// Throws ``PopulationError/tooManyStates(reached:limit:)`` past `maxStates` center states,
/// ``PopulationError/populationCapExceeded(population:cap:period:)`` when the cap is exceeded,
/// and ``PopulationError/unsupported(_:)`` for online-VCG-γ with non-deterministic types.
///
/// ```swift
/// let model = try PopulationModel.read(file: "instances/populations/example-7.2-3-online-dynamic-vcg.json")
/// let result = try evaluatePopulationMechanism(model, .onlineDynamicVCG)
/// result.maxDeviationGain   // 2: Example 3's hiding agent (Assumption 7.3 fails)
/// ```
public func evaluatePopulationMechanism(_ model: PopulationModel, _ mechanism: PopulationMechanism,
                                        maxStates: Int = 200_000) throws -> PopulationMechanismResult
{
    if mechanism == .onlineVCGGamma, !model.deterministicTypes {
        throw PopulationError.unsupported(
            "online-VCG-γ needs deterministic types (thesis Assumption 7.4): every state but the departure must have one successor")
    }
    let mdp = ArrivalMDP(model: model, maxStates: maxStates)
    var evaluators: [Int: PopulationEvaluator] = [:]
    func evaluator(_ k: Int) -> PopulationEvaluator {
        if let e = evaluators[k] { return e }
        let e = PopulationEvaluator(mdp: mdp, mechanism: mechanism, myType: k)
        evaluators[k] = e
        return e
    }
    let perPeriod = model.arrivals.conditionallyIndependent
    var value = 0.0
    var first: [PopulationFirstPeriod] = []
    var layer: [Situation: Double] = [:]
    for (p, types, history) in mdp.arrivals(period: 0, history: mdp.fullHistory) {
        let state = CenterState(t: 0, units: model.units, history: history, agents: types.map(mdp.arrivalCode).sorted())
        value += p * (try mdp.value(state))
        let action = try mdp.action(state)
        first.append(PopulationFirstPeriod(
            probability: p, population: state.agents.map(model.agentName),
            qValues: Dictionary(try mdp.qValues(state).map { ($0.name, $0.q) }, uniquingKeysWith: { a, _ in a }),
            action: action.map { "serve " + model.agentName($0) } ?? "wait",
            transfers: try PopulationEvaluator.transfers(mdp, mechanism, state, arrived: types.map(mdp.arrivalCode))))
        layer[Situation(state: state, previous: mdp.fullHistory, arriving: types), default: 0] += p
    }
    var events: [PopulationArrivalEvent] = []
    var revenue = 0.0, worst = Double.infinity
    var discount = 1.0
    let scale = max(1, abs(value))
    for t in 0..<model.horizon {
        var next: [Situation: Double] = [:]
        for (situation, p) in layer.sorted(by: { $0.value > $1.value }) {
            let state = situation.state
            // Arrival events: one per distinct arriving type.
            var done = Set<Int>()
            for k in situation.arriving where done.insert(k).inserted {
                let code = mdp.arrivalCode(k)
                var othersArriving = situation.arriving
                othersArriving.remove(at: othersArriving.firstIndex(of: k)!)
                let root = TrackedState(
                    t: t, units: state.units, others: mdp.removing(code, from: state.agents),
                    centerPrevious: situation.previous, othersArriving: perPeriod ? [] : othersArriving,
                    trueHistory: state.history, myState: model.types[k].arrivalState, claimType: -1, claimState: -1)
                let e = evaluator(k)
                let truthful = try e.utility(root, truthful: true)
                let bestValue = try e.utility(root, truthful: false)
                let without = CenterState(t: t, units: state.units, history: state.history,
                                          agents: mdp.removing(code, from: state.agents))
                let gain = max(0, bestValue - truthful)
                events.append(PopulationArrivalEvent(
                    period: t, type: model.types[k].name, population: state.agents.map(model.agentName), probability: p,
                    marginalContribution: try mdp.value(state) - mdp.value(without), truthfulUtility: truthful,
                    bestDeviationUtility: bestValue, gain: gain,
                    deviation: gain > 1e-7 * scale ? try e.deviationSteps(from: root) : []))
            }
            let transfers = try PopulationEvaluator.transfers(mdp, mechanism, state, arrived: situation.arriving.map(mdp.arrivalCode))
            let periodRevenue = -transfers.reduce(0) { $0 + $1.transfer }
            revenue += discount * p * periodRevenue
            worst = min(worst, periodRevenue)
            guard t + 1 < model.horizon else { continue }
            let served = try mdp.action(state)
            let remaining = served.map { mdp.removing($0, from: state.agents) } ?? state.agents
            let units = state.units - (served != nil ? 1 : 0)
            for (population, q) in mdp.moved(remaining) {
                for (r, types, history) in mdp.arrivals(period: t + 1, history: state.history) {
                    let s = CenterState(t: t + 1, units: units, history: history,
                                        agents: (population + types.map(mdp.arrivalCode)).sorted())
                    guard s.agents.count <= model.populationCap else {
                        throw PopulationError.populationCapExceeded(population: s.agents.count, cap: model.populationCap, period: t + 1)
                    }
                    next[Situation(state: s, previous: state.history, arriving: types), default: 0] += p * q * r
                }
            }
        }
        layer = next
        discount *= model.discount
    }
    let tolerance = 1e-7 * scale
    let summaries = model.types.indices.map { k -> PopulationTypeSummary in
        let mine = events.filter { $0.type == model.types[k].name }
        let mass = mine.reduce(0) { $0 + $1.probability }
        return PopulationTypeSummary(
            name: model.types[k].name, expectedArrivals: mass,
            meanUtilityAtArrival: mass > 0 ? mine.reduce(0) { $0 + $1.probability * $1.truthfulUtility } / mass : 0,
            minUtilityAtArrival: mine.map(\.truthfulUtility).min() ?? 0, maxDeviationGain: mine.map(\.gain).max() ?? 0)
    }
    let maxGain = events.map(\.gain).max() ?? 0
    let sorted = events.enumerated().sorted { ($0.element.probability, -$0.offset) > ($1.element.probability, -$1.offset) }.map(\.element)
    return PopulationMechanismResult(
        mechanism: mechanism, instance: model.name, discount: model.discount, horizon: model.horizon, units: model.units,
        populationCap: model.populationCap, arrivalModel: perPeriod ? "per-period" : "scenarios",
        conditionallyIndependentArrivals: perPeriod, deterministicTypes: model.deterministicTypes, states: mdp.stateCount,
        value: value, expectedRevenue: revenue, worstPeriodRevenue: worst == .infinity ? 0 : worst, firstPeriod: first,
        types: summaries, arrivalEvents: Array(sorted.prefix(200)), arrivalEventCount: events.count,
        maxDeviationGain: maxGain, truthful: maxGain <= tolerance)
}
