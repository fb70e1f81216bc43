import Foundation
import InstanceIO

/// One simulated period of a population mechanism.
public struct PopulationSimulatedPeriod: Codable, Sendable, Equatable {
    /// The period t.
    public var period: Int
    /// Who arrived this period ("TYPE:STATE").
    public var arrivals: [String]
    /// Who is present after the arrivals.
    public var population: [String]
    /// "wait" or "serve TYPE:STATE".
    public var action: String
    /// The value obtained this period (the served agent's value).
    public var value: Double
    /// Every present agent's transfer.
    public var transfers: [PopulationAgentTransfer]
    /// −Σ transfers of the period.
    public var revenue: Double
}

/// One simulated run under truthful play.
public struct PopulationSimulationRun: Codable, Sendable, Equatable {
    /// The periods.
    public var periods: [PopulationSimulatedPeriod]
    /// Σ_t γ^t value.
    public var discountedValue: Double
    /// Σ_t γ^t revenue.
    public var discountedRevenue: Double
    /// Whether every period's revenue is ≥ 0 (within 1e-9·max(1, |value|)): online-dynamic-VCG
    /// never pays out more than it collects in a period (its transfers are ≤ 0).
    public var noDeficitEveryPeriod: Bool
}

/// Simulates `runs` runs of `mechanism` on `model` under truthful play, drawing arrivals,
/// departures and type transitions with a generator seeded by `seed` (reproducible), and
/// records each period's action, transfers and budget.
///
/// ```swift
/// let runs = try simulatePopulationMechanism(model, .onlineDynamicVCG, runs: 10, seed: 1)
/// runs.allSatisfy(\.noDeficitEveryPeriod)   // true
/// ```
public func simulatePopulationMechanism(_ model: PopulationModel, _ mechanism: PopulationMechanism, runs: Int, seed: UInt64,
                                        maxStates: Int = 200_000) throws -> [PopulationSimulationRun]
{
    if mechanism == .onlineVCGGamma, !model.deterministicTypes {
        throw PopulationError.unsupported("online-VCG-γ needs deterministic types (thesis Assumption 7.4)")
    }
    let mdp = ArrivalMDP(model: model, maxStates: maxStates)
    var rng = SeededGenerator(seed: seed)
    func draw<T>(_ options: [(T, Double)]) -> T {
        var u = Double.random(in: 0..<1, using: &rng)
        for (x, p) in options {
            if u < p { return x }
            u -= p
        }
        return options.last!.0
    }
    var out: [PopulationSimulationRun] = []
    for _ in 0..<runs {
        var periods: [PopulationSimulatedPeriod] = []
        var agents: [Int] = []
        var units = model.units
        var history = mdp.fullHistory
        var weight = 1.0, value = 0.0, revenue = 0.0
        var ok = true
        for t in 0..<model.horizon {
            let (types, nextHistory) = draw(mdp.arrivals(period: t, history: history).map { (($0.types, $0.history), $0.probability) })
            history = nextHistory
            let arrived = types.map(mdp.arrivalCode)
            agents = (agents + arrived).sorted()
            guard agents.count <= model.populationCap else {
                throw PopulationError.populationCapExceeded(population: agents.count, cap: model.populationCap, period: t)
            }
            let state = CenterState(t: t, units: units, history: history, agents: agents)
            let served = try mdp.action(state)
            let transfers = try PopulationEvaluator.transfers(mdp, mechanism, state, arrived: arrived)
            let periodValue = served.map(mdp.value(ofCode:)) ?? 0
            let periodRevenue = -transfers.reduce(0) { $0 + $1.transfer }
            let scale = max(1, abs(try mdp.value(state)))
            ok = ok && periodRevenue >= -1e-9 * scale
            periods.append(PopulationSimulatedPeriod(
                period: t, arrivals: arrived.map(model.agentName), population: agents.map(model.agentName),
                action: served.map { "serve " + model.agentName($0) } ?? "wait", value: periodValue, transfers: transfers,
                revenue: periodRevenue))
            value += weight * periodValue
            revenue += weight * periodRevenue
            weight *= model.discount
            if let c = served { agents = mdp.removing(c, from: agents); units -= 1 }
            var moved: [Int] = []
            for c in agents {
                let type = model.types[c / mdp.stride]
                let x = draw(type.transitions[c % mdp.stride].map { ($0.next, $0.probability) })
                if x != type.departure { moved.append(mdp.code(type: c / mdp.stride, state: x)) }
            }
            agents = moved.sorted()
        }
        out.append(PopulationSimulationRun(periods: periods, discountedValue: value, discountedRevenue: revenue,
                                           noDeficitEveryPeriod: ok))
    }
    return out
}
