import Foundation

/// A center state of the arrival MDP: the period, the units left, the scenarios still
/// consistent with the arrivals seen (scenario arrival model only; 0 otherwise), and the
/// present agents as sorted codes (type index · stride + local state).
struct CenterState: Hashable, Sendable {
    var t: Int
    var units: Int
    var history: UInt64
    var agents: [Int]
}

/// The center's arrival MDP of a ``PopulationModel`` (thesis §7.2: the joint type is the
/// center's arrival-model state plus the present agents' local states), solved exactly by
/// memoized backward induction over the reachable center states (the horizon is finite). The
/// optimal value without agent i, V_{-i}, is the value of the same MDP at the state with i
/// removed: under the thesis's reading of Def. 7.4, θ_{-i} keeps the center's record of the
/// arrivals seen (with Assumption 7.3 that record does not matter).
final class ArrivalMDP {
    let model: PopulationModel
    let maxStates: Int
    private var values: [CenterState: Double] = [:]
    private var actions: [CenterState: Int?] = [:]
    let stride: Int

    init(model: PopulationModel, maxStates: Int) {
        self.model = model
        self.maxStates = maxStates
        stride = model.stride
    }

    /// The number of center states solved so far.
    var stateCount: Int { values.count }

    /// The mask of every scenario (the center's history before any arrival).
    var fullHistory: UInt64 {
        if case .scenarios(let p, _) = model.arrivals { return p.count == 64 ? ~0 : (UInt64(1) << UInt64(p.count)) - 1 }
        return 0
    }

    func code(type k: Int, state s: Int) -> Int { k * stride + s }
    func arrivalCode(_ k: Int) -> Int { code(type: k, state: model.types[k].arrivalState) }
    func value(ofCode c: Int) -> Double { model.types[c / stride].values[c % stride] }

    /// The arrivals of period t seen from `history`: (probability, arriving types, new history).
    func arrivals(period t: Int, history: UInt64) -> [(probability: Double, types: [Int], history: UInt64)] {
        switch model.arrivals {
        case .perPeriod(let periods):
            guard t < periods.count else { return [(1, [], history)] }
            return periods[t].map { ($0.probability, $0.types, history) }
        case .scenarios(let p, let sequences):
            var groups: [[Int]: (Double, UInt64)] = [:]
            var total = 0.0
            for k in p.indices where history & (UInt64(1) << UInt64(k)) != 0 {
                let set = t < sequences[k].count ? sequences[k][t] : []
                let old = groups[set] ?? (0, 0)
                groups[set] = (old.0 + p[k], old.1 | (UInt64(1) << UInt64(k)))
                total += p[k]
            }
            if total == 0 { return [(1, [], 0)] }
            return groups.sorted { $0.key.lexicographicallyPrecedes($1.key) }.map { ($0.value.0 / total, $0.key, $0.value.1) }
        }
    }

    /// The history after the center sees the arrival set `types` in period t (scenario model:
    /// the consistent scenarios; empty when none is consistent, after which no arrival is expected).
    func history(_ history: UInt64, period t: Int, seeing types: [Int]) -> UInt64 {
        guard case .scenarios(let p, let sequences) = model.arrivals else { return history }
        let seen = types.sorted()
        var out: UInt64 = 0
        for k in p.indices where history & (UInt64(1) << UInt64(k)) != 0 {
            if (t < sequences[k].count ? sequences[k][t] : []) == seen { out |= UInt64(1) << UInt64(k) }
        }
        return out
    }

    /// The distribution of the not-served agents' codes one period later (departed agents removed).
    func moved(_ agents: [Int]) -> [([Int], Double)] {
        var partial: [[Int]: Double] = [[]: 1]
        for c in agents {
            let type = model.types[c / stride]
            var next: [[Int]: Double] = [:]
            for (population, p) in partial {
                for (s, q) in type.transitions[c % stride] where q > 0 {
                    let moved = s == type.departure ? population : (population + [code(type: c / stride, state: s)]).sorted()
                    next[moved, default: 0] += p * q
                }
            }
            partial = next
        }
        return partial.map { ($0.key, $0.value) }
    }

    func removing(_ c: Int, from agents: [Int]) -> [Int] {
        var out = agents
        if let k = out.firstIndex(of: c) { out.remove(at: k) }
        return out
    }

    /// The center's actions in `state`: nil (wait), then serving each distinct code (ascending)
    /// when a unit is left.
    func actionList(_ state: CenterState) -> [Int?] {
        var list: [Int?] = [nil]
        if state.units > 0 {
            var last = -1
            for c in state.agents where c != last { list.append(c); last = c }
        }
        return list
    }

    /// Q(state, serve `served`) where `consumes` says whether a unit is used (a unit can be used
    /// by an agent outside `state`'s population, as in the others-only system when i is served).
    func qValue(_ state: CenterState, served: Int?, consumes: Bool) throws -> Double {
        let reward = served.map(value(ofCode:)) ?? 0
        if state.t + 1 >= model.horizon { return reward }
        let remaining = served.map { removing($0, from: state.agents) } ?? state.agents
        let units = state.units - (consumes ? 1 : 0)
        var expectation = 0.0
        let arriving = arrivals(period: state.t + 1, history: state.history)
        for (population, p) in moved(remaining) {
            for (q, types, history) in arriving {
                let next = CenterState(t: state.t + 1, units: units, history: history,
                                       agents: (population + types.map(arrivalCode)).sorted())
                expectation += p * q * (try value(next))
            }
        }
        return reward + model.discount * expectation
    }

    /// V*(state) (0 at t = H).
    func value(_ state: CenterState) throws -> Double {
        if state.t >= model.horizon { return 0 }
        if let v = values[state] { return v }
        guard state.agents.count <= model.populationCap else {
            throw PopulationError.populationCapExceeded(population: state.agents.count, cap: model.populationCap, period: state.t)
        }
        guard values.count < maxStates else { throw PopulationError.tooManyStates(reached: values.count, limit: maxStates) }
        let list = actionList(state)
        let q = try list.map { try qValue(state, served: $0, consumes: $0 != nil) }
        let k = bestAction(q)
        values[state] = q[k]
        actions[state] = list[k]
        return q[k]
    }

    /// π*(state): the served code, or nil to wait.
    func action(_ state: CenterState) throws -> Int? {
        _ = try value(state)
        return state.t >= model.horizon ? nil : actions[state]!
    }

    /// Every action's Q-value at `state` (names "wait" / "serve TYPE:STATE").
    func qValues(_ state: CenterState) throws -> [(name: String, q: Double)] {
        try actionList(state).map { ($0.map { "serve " + model.agentName($0) } ?? "wait", try qValue(state, served: $0, consumes: $0 != nil)) }
    }
}
