import Foundation
import InstanceIO
import LPDynamic
import Testing

/// A random dynamic population: `typeCount` types with 2-3 live states plus a departure
/// state, values in [0, 10], random (or deterministic) transitions, and per-period arrivals of
/// 0-2 agents (or, with `correlated`, scenarios in which at most one later arrival happens
/// after an initial one, the kind of model of the thesis's Example 3).
func randomPopulation(seed: UInt64, deterministic: Bool, correlated: Bool = false) throws -> PopulationModel {
    var rng = SeededGenerator(seed: seed)
    let typeCount = 2 + Int.random(in: 0...1, using: &rng)
    let horizon = 2 + Int.random(in: 0...1, using: &rng)
    var types: [ArrivalType] = []
    for k in 0..<typeCount {
        let live = 2 + Int.random(in: 0...1, using: &rng)
        let states = (0..<live).map { "s\($0)" } + ["gone"]
        let values = (0..<live).map { _ in Double(Int.random(in: 0...10, using: &rng)) } + [0]
        var transitions: [[(next: Int, probability: Double)]] = []
        for _ in 0..<live {
            if deterministic {
                transitions.append([(Int.random(in: 0...live, using: &rng), 1)])
            } else {
                let a = Int.random(in: 0...live, using: &rng)
                var b = Int.random(in: 0...live, using: &rng)
                if b == a { b = (a + 1) % (live + 1) }
                let p = Double(Int.random(in: 1...9, using: &rng)) / 10
                transitions.append([(a, p), (b, 1 - p)])
            }
        }
        transitions.append([])
        types.append(try ArrivalType(name: "type\(k + 1)", states: states, arrivalState: 0, departure: live,
                                     values: values, transitions: transitions))
    }
    let arrivals: ArrivalModel
    if correlated {
        // First period: type 1 arrives, maybe with another agent; later: at most one arrival in all.
        var probabilities: [Double] = []
        var sequences: [[[Int]]] = []
        for k in 1..<typeCount {
            for t in 0..<horizon {
                probabilities.append(Double(Int.random(in: 1...5, using: &rng)))
                var sequence = [[Int]](repeating: [], count: horizon)
                sequence[0] = [0]
                sequence[t].append(k)
                sequences.append(sequence)
            }
        }
        probabilities.append(Double(Int.random(in: 1...5, using: &rng)))
        sequences.append([[0]] + [[Int]](repeating: [], count: horizon - 1))
        let total = probabilities.reduce(0, +)
        arrivals = .scenarios(probabilities: probabilities.map { $0 / total }, arrivals: sequences)
    } else {
        arrivals = .perPeriod((0..<horizon).map { _ in
            let count = 2 + Int.random(in: 0...1, using: &rng)
            let weights = (0..<count).map { _ in Double(Int.random(in: 1...5, using: &rng)) }
            let total = weights.reduce(0, +)
            return weights.map { w in
                ArrivalOutcome(probability: w / total,
                               types: (0..<Int.random(in: 0...2, using: &rng)).map { _ in Int.random(in: 0..<typeCount, using: &rng) })
            }
        })
    }
    return try PopulationModel(name: "random-\(seed)", discount: seed % 2 == 0 ? 1 : 0.9, horizon: horizon,
                               units: 1 + Int(seed % 2), populationCap: 8, types: types, arrivals: arrivals)
}

struct PopulationTests {
    /// Thesis Theorem 7.2 (online-dynamic-VCG) and Theorem 7.3 (online-VCG-γ, deterministic
    /// types) on random populations with per-period arrivals (Assumption 7.3): no arrival event
    /// has a profitable deviation (hiding, posing as another type or state, misreporting later),
    /// and the truthful utility at arrival is V − V_{-i} under both mechanisms (the payoff
    /// equivalence). Online-dynamic-VCG's transfers are never positive, so every period's
    /// revenue is ≥ 0.
    @Test func onlineMechanismsAreTruthfulWithIndependentArrivals() throws {
        var events = 0
        for seed in UInt64(1)...40 {
            let deterministic = seed % 2 == 0
            let model = try randomPopulation(seed: seed, deterministic: deterministic)
            let mechanisms: [PopulationMechanism] = deterministic ? [.onlineDynamicVCG, .onlineVCGGamma] : [.onlineDynamicVCG]
            for mechanism in mechanisms {
                let result = try evaluatePopulationMechanism(model, mechanism)
                let tolerance = 1e-7 * max(1, result.value)
                #expect(result.truthful, "seed \(seed) \(mechanism): gain \(result.maxDeviationGain)")
                #expect(result.conditionallyIndependentArrivals)
                for event in result.arrivalEvents {
                    #expect(abs(event.truthfulUtility - event.marginalContribution) <= tolerance, "seed \(seed) \(mechanism)")
                    #expect(event.marginalContribution >= -tolerance)
                }
                if mechanism == .onlineDynamicVCG { #expect(result.worstPeriodRevenue >= -tolerance, "seed \(seed)") }
                events += result.arrivalEventCount
            }
        }
        #expect(events > 100)
    }

    /// Without Assumption 7.3 (correlated arrivals, as in the thesis's Example 3), some random
    /// models give an arriving agent a profitable deviation, while truthful utilities still equal
    /// the marginal contributions.
    @Test func correlatedArrivalsBreakTruthfulness() throws {
        var failures = 0
        for seed in UInt64(1)...20 {
            let model = try randomPopulation(seed: seed, deterministic: false, correlated: true)
            let result = try evaluatePopulationMechanism(model, .onlineDynamicVCG)
            #expect(!result.conditionallyIndependentArrivals)
            if !result.truthful { failures += 1 }
        }
        #expect(failures > 0)
    }

    /// Thesis Example 3 (§7.2), reconstructed with arrival probabilities 0.05 (type 2 at the
    /// first decision), then 0.05 (type 3) / 0.85 (type 4) / 0.05 (nobody): the center waits,
    /// Q(wait) = (0.85·20 + 0.05·4 + 0.05·2)/0.95 = 18.2105 > 8; a truthful type 2 gets 0
    /// (transfer 8 + 0 − 8); hiding and posing as type 3 one period later pays 4 − 2 = 2
    /// under both mechanisms.
    @Test func exampleThreeDeviation() throws {
        for mechanism in PopulationMechanism.allCases {
            let file = ReferenceInstanceTests.directory.appendingPathComponent("example-7.2-3-\(mechanism.rawValue).json").path
            let result = try runPopulationMechanism(file: file, mechanism: mechanism)
            let alone = try #require(result.firstPeriod.first { $0.population == ["type1:now"] })
            #expect(abs(alone.qValues["wait"]! - 17.3 / 0.95) < 1e-9)
            #expect(alone.action == "wait")
            let event = try #require(result.arrivalEvents.first { $0.type == "type2" })
            #expect(abs(event.truthfulUtility) < 1e-9)
            #expect(abs(event.bestDeviationUtility - 2) < 1e-9)
            #expect(event.deviation == ["period 0: hide", "period 1: announce type3:G"])
        }
    }

    /// The state limit and the population cap are typed refusals; online-VCG-γ refuses
    /// stochastic types.
    @Test func refusals() throws {
        let model = try randomPopulation(seed: 3, deterministic: false)
        #expect(throws: PopulationError.self) { try evaluatePopulationMechanism(model, .onlineDynamicVCG, maxStates: 2) }
        #expect(throws: PopulationError.self) { try evaluatePopulationMechanism(model, .onlineVCGGamma) }
        let capped = try PopulationModel(name: "cap", discount: 1, horizon: model.horizon, units: 1, populationCap: 1,
                                         types: model.types, arrivals: .perPeriod(
                                            [[ArrivalOutcome(probability: 1, types: [0, 1])]]))
        #expect(throws: PopulationError.populationCapExceeded(population: 2, cap: 1, period: 0)) {
            try evaluatePopulationMechanism(capped, .onlineDynamicVCG)
        }
    }
}

struct PopulationSimulationTests {
    /// Simulated runs are reproducible from the seed; online-dynamic-VCG never runs a deficit in
    /// a period; the mean simulated discounted value approaches the exact expected value.
    @Test func simulation() throws {
        let model = try randomPopulation(seed: 5, deterministic: false)
        let runs = try simulatePopulationMechanism(model, .onlineDynamicVCG, runs: 4000, seed: 11)
        let again = try simulatePopulationMechanism(model, .onlineDynamicVCG, runs: 4000, seed: 11)
        #expect(runs == again)
        let balanced = runs.allSatisfy { $0.noDeficitEveryPeriod }
        #expect(balanced)
        let exact = try evaluatePopulationMechanism(model, .onlineDynamicVCG)
        let mean = runs.reduce(0) { $0 + $1.discountedValue } / Double(runs.count)
        let revenue = runs.reduce(0) { $0 + $1.discountedRevenue } / Double(runs.count)
        // Values are at most 10 and the horizon at most 3: the standard error is below 30/√4000 ≈ 0.47.
        #expect(abs(mean - exact.value) < 1.5, "\(mean) vs \(exact.value)")
        #expect(abs(revenue - exact.expectedRevenue) < 1.5, "\(revenue) vs \(exact.expectedRevenue)")
    }
}

struct PopulationReadingTests {
    /// Bad population files are refused at the door with the JSON path.
    @Test func refusesBadFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("population-reading-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = ReferenceInstanceTests.directory.appendingPathComponent("example-7.2-3-independent-online-dynamic-vcg.json")
        let good = try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as! [String: Any]
        let path = dir.appendingPathComponent("bad.json").path
        func write(_ object: [String: Any]) throws {
            try JSONSerialization.data(withJSONObject: object).write(to: URL(fileURLWithPath: path))
        }
        var root = good
        root["colour"] = "red"
        try write(root)
        #expect(throws: InstanceError(file: path, location: "$.colour",
                                      message: "unknown key \"colour\" (allowed: arrivalScenarios, arrivals, discount, horizon, kind, name, populationCap, types, units)")) {
            try PopulationModel.read(file: path)
        }
        root = good
        var periods = root["arrivals"] as! [[[String: Any]]]
        periods[1][0]["probability"] = 0.5
        periods[1][1]["probability"] = 0.25
        periods[1][2]["probability"] = 0.5
        root["arrivals"] = periods
        try write(root)
        #expect(throws: InstanceError(file: path, location: "$.arrivals[1]", message: "the arrival probabilities sum to 1.25, not 1")) {
            try PopulationModel.read(file: path)
        }
        root = good
        root["arrivalScenarios"] = [["probability": 1, "arrivals": [["type1"]]]]
        try write(root)
        #expect(throws: InstanceError(file: path, location: "$", message: "give either \"arrivals\" or \"arrivalScenarios\", not both")) {
            try PopulationModel.read(file: path)
        }
        root = good
        var types = root["types"] as! [[String: Any]]
        types[0]["departure"] = "nowhere"
        root["types"] = types
        try write(root)
        #expect(throws: InstanceError(file: path, location: "$.types[0].departure", message: "unknown state \"nowhere\"")) {
            try PopulationModel.read(file: path)
        }
    }
}

struct PopulationCrossCheckTests {
    /// With every agent present from the start and one unit, the arrival MDP is an ordinary
    /// joint MDP (serving another agent, or serving after a departure, ends everyone's
    /// interest): online-dynamic-VCG's utilities V − V_{-i} and the value must equal dynamic-VCG's
    /// computed by ``DynamicAnalysis`` with the exact LP on CLP (a second method).
    @Test func fixedPopulationMatchesDynamicVCG() throws {
        for seed in UInt64(1)...10 {
            let random = try randomPopulation(seed: seed, deterministic: false)
            let n = random.types.count
            let model = try PopulationModel(
                name: "fixed", discount: 0.9, horizon: random.horizon, units: 1, populationCap: n, types: random.types,
                arrivals: .perPeriod([[ArrivalOutcome(probability: 1, types: Array(0..<n))]]))
            let online = try evaluatePopulationMechanism(model, .onlineDynamicVCG)
            let actions = ["wait"] + (0..<n).map { "serve\($0)" }
            let agents = try random.types.enumerated().map { j, type -> DynamicAgent in
                let done = type.states.count  // an extra absorbing state
                var transitions: [MDPTransition] = []
                for s in 0...done {
                    for a in actions.indices {
                        if s == done || s == type.departure {
                            transitions.append(MDPTransition(state: s, action: a, next: done, probability: 1, reward: 0))
                        } else if a == 0 {
                            for (x, p) in type.transitions[s] {
                                transitions.append(MDPTransition(state: s, action: 0, next: x == type.departure ? done : x, probability: p, reward: 0))
                            }
                        } else {
                            transitions.append(MDPTransition(state: s, action: a, next: done, probability: 1,
                                                             reward: a - 1 == j ? type.values[s] : 0))
                        }
                    }
                }
                let model = try MDP(stateNames: type.states + ["done"], actionNames: actions, discount: 0.9,
                                    initialState: type.arrivalState, isFiniteHorizon: true, transitions: transitions)
                return DynamicAgent(name: type.name, model: model)
            }
            let analysis = try DynamicAnalysis(instance: DynamicInstance(
                name: "fixed", discount: 0.9, actions: actions, agents: agents, horizon: random.horizon))
            let s0 = analysis.joint.mdp.initialState
            #expect(abs(online.value - analysis.value(state: s0)) < 1e-7, "seed \(seed)")
            for (i, type) in random.types.enumerated() {
                let event = try #require(online.arrivalEvents.first { $0.type == type.name && $0.period == 0 })
                let target = analysis.value(state: s0) - analysis.valueWithout(agent: i, state: s0)
                #expect(abs(event.truthfulUtility - target) < 1e-7, "seed \(seed) agent \(i)")
                #expect(abs(online.firstPeriod[0].transfers.first { $0.agent.hasPrefix(type.name + ":") }!.transfer
                    - analysis.vcgTransfer(agent: i, state: s0)) < 1e-7, "seed \(seed) agent \(i)")
            }
        }
    }
}
