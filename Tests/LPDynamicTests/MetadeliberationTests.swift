import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Metadeliberation auctions (thesis Ch. 8).
struct MetadeliberationTests {
    /// Exact expected utilities and revenue forward from the initial state when the center
    /// runs `reported` (its decisions and payments) while costs, transitions and values are
    /// `truth`'s (same state spaces): the trajectory tree enumerated (acyclic models).
    func evaluate(reported: MetadeliberationAuction, truth: MetadeliberationInstance) throws -> (utilities: [Double], revenue: Double) {
        let gamma = truth.discount
        let n = truth.agents.count
        func go(_ states: [Int], _ depth: Int) throws -> [Double] {
            precondition(depth < 500, "cyclic model")
            let period = try reported.period(at: states)
            var out = period.payments.map { -$0 } + [period.payments.reduce(0, +)]
            let p = period.action.process
            let process = truth.processes[p]
            switch period.action {
            case .allocate:
                out[process.about] += process.values[states[p]]
            case .deliberate:
                out[process.owner] -= process.costs[states[p]]
                for (t, q) in process.deliberation[states[p]].enumerated() where q > 0 {
                    var next = states
                    next[p] = t
                    let rest = try go(next, depth + 1)
                    for k in 0...n { out[k] += gamma * q * rest[k] }
                }
            }
            return out
        }
        let all = try go(reported.initialStates, 0)
        return (Array(all[0..<n]), all[n])
    }

    /// Brute-force optimal value of the unpruned joint problem (thesis §8.1 Bellman
    /// equation: allocate to the best value, or one deliberation step of any process), by
    /// memoized recursion over the (acyclic) product space.
    func jointValue(_ instance: MetadeliberationInstance, at start: [Int]) -> Double {
        var memo: [[Int]: Double] = [:]
        func v(_ s: [Int]) -> Double {
            if let x = memo[s] { return x }
            var best = instance.processes.indices.map { instance.processes[$0].values[s[$0]] }.max()!
            for (p, process) in instance.processes.enumerated() where process.canDeliberate(s[p]) {
                var q = -process.costs[s[p]]
                for (t, prob) in process.deliberation[s[p]].enumerated() where prob > 0 {
                    var next = s
                    next[p] = t
                    q += instance.discount * prob * v(next)
                }
                best = max(best, q)
            }
            memo[s] = best
            return best
        }
        return v(start)
    }

    /// A random acyclic UIV process: values nondecreasing along deliberation, which only moves
    /// to later states; some states terminal.
    func randomProcess(name: String, owner: Int, about: Int, rng: inout SeededGenerator) throws -> DeliberationProcess {
        let k = Int.random(in: 2...4, using: &rng)
        var values = (0..<k).map { _ in Double.random(in: 0...10, using: &rng) }.sorted()
        values[0] = Double.random(in: 0...values[0], using: &rng)
        let costs = (0..<k).map { _ in Double.random(in: 0...1.5, using: &rng) }
        var rows = [[Double]](repeating: [], count: k)
        for s in 0..<(k - 1) where s == 0 || Bool.random(using: &rng) {
            var row = (0..<k).map { $0 > s ? Double.random(in: 0...1, using: &rng) : 0 }
            let total = row.reduce(0, +)
            row = total > 0 ? row.map { $0 / total } : (0..<k).map { $0 == k - 1 ? 1 : 0 }
            rows[s] = row
        }
        return try DeliberationProcess(name: name, owner: owner, about: about, states: (0..<k).map { "\($0)" },
                                       values: values, costs: costs, deliberation: rows, initial: 0)
    }

    /// Theorem 8.1 and Defs. 8.2-8.3: on random 2-3 agent UIV instances (one process per
    /// agent, plus a cross-agent process in some), V by Whittle on the reduced chains equals
    /// the brute-force joint optimum; every V̄_{−i} equals the brute-force optimum without i's
    /// processes; the exact expected utility of every agent under the Def. 8.2/8.3 payments
    /// is V − V̄_{−i} (Cor. 5.2), IR holds and the revenue is Σ V̄_{−i} − (n−1)V ≥ 0.
    @Test func randomInstancesMatchBruteForce() throws {
        var rng = SeededGenerator(seed: 88)
        for trial in 0..<30 {
            let n = trial % 2 == 0 ? 2 : 3
            let gamma = [0.8, 0.9, 0.95][trial % 3]
            var processes = try (0..<n).map { try randomProcess(name: "p\($0)", owner: $0, about: $0, rng: &rng) }
            if trial % 5 == 0 { processes.append(try randomProcess(name: "cross", owner: 0, about: 1, rng: &rng)) }
            let instance = try MetadeliberationInstance(name: nil, discount: gamma, agents: (0..<n).map { "\($0)" }, processes: processes)
            let auction = try MetadeliberationAuction(instance: instance)
            let start = auction.initialStates
            let v = auction.socialValue(at: start)
            let exact = jointValue(instance, at: start)
            #expect(abs(v - exact) < 1e-9 * max(1, exact), "trial \(trial)")
            let without = auction.valuesWithout(at: start)
            for i in 0..<n {
                let rest = processes.filter { $0.owner != i }
                let vi = rest.isEmpty ? 0 : jointValue(
                    try MetadeliberationInstance(name: nil, discount: gamma, agents: instance.agents, processes: rest),
                    at: rest.map(\.initial))
                #expect(abs(without[i] - vi) < 1e-9 * max(1, vi), "trial \(trial) agent \(i)")
            }
            let outcome = try evaluate(reported: auction, truth: instance)
            for i in 0..<n {
                #expect(abs(outcome.utilities[i] - (v - without[i])) < 1e-9 * max(1, v), "trial \(trial) agent \(i)")
                #expect(outcome.utilities[i] >= -1e-9)
            }
            #expect(abs(outcome.revenue - (without.reduce(0, +) - Double(n - 1) * v)) < 1e-9 * max(1, v))
            #expect(outcome.revenue >= -1e-9)
        }
    }

    /// Thesis Example 2(b) (Figure 8.5): in Example 2(b) agent 2 misreporting its cost
    /// as 0 gets 6.224 < 7.344 (truthful); agent 1 then gets 17.424 and the revenue is 6.776.
    @Test func example2bCostMisreportDoesNotPay() throws {
        func instance(cost: Double) throws -> MetadeliberationInstance {
            let row = [0, 0.2, 0.8]   // start → success (100) w.p. 0.2, failure (0) w.p. 0.8
            func process(_ name: String, _ owner: Int, _ about: Int, _ c: Double) throws -> DeliberationProcess {
                try DeliberationProcess(name: name, owner: owner, about: about, states: ["start", "success", "failure"],
                                        values: [0, 100, 0], costs: [c, 0, 0], deliberation: [row, [], []], initial: 0)
            }
            let known = try DeliberationProcess(name: "p11", owner: 0, about: 0, states: ["known"], values: [10], costs: [0],
                                                deliberation: [[]], initial: 0)
            return try MetadeliberationInstance(name: nil, discount: 0.9, agents: ["1", "2"],
                                                processes: [known, try process("p12", 0, 1, 1), try process("p22", 1, 1, cost)])
        }
        let truth = try instance(cost: 5)
        let truthful = try evaluate(reported: try MetadeliberationAuction(instance: truth), truth: truth)
        #expect(abs(truthful.utilities[0] - 18.544) < 1e-9 && abs(truthful.utilities[1] - 7.344) < 1e-9)
        let lie = try evaluate(reported: try MetadeliberationAuction(instance: try instance(cost: 0)), truth: truth)
        #expect(abs(lie.utilities[1] - 6.224) < 1e-9)
        #expect(abs(lie.utilities[0] - 17.424) < 1e-9)
        #expect(abs(lie.revenue - 6.776) < 1e-9)
    }

    /// Payment path computed by hand (two agents, γ = 0.95): at (S0, high) agent 2 is allocated
    /// and pays 0.6520375; at (S0, low) agent 1 deliberates and pays 0.05·0.5 = 0.025; at
    /// (A, low) agent 1 is allocated and pays 0.5; at (B, low) agent 1 deliberates, pays 0.025.
    @Test func twoAgentPaymentPath() throws {
        let instance = try MetadeliberationInstance.read(from: packageRootPath() + "/instances/metadeliberation/two-agents-0.95.json")
        let auction = try MetadeliberationAuction(instance: instance)
        let cases: [([Int], MetadeliberationAction, [Double])] = [
            ([0, 1], .allocate(process: 1), [0, 0.6520375]),
            ([0, 2], .deliberate(process: 0), [0.025, 0]),
            ([1, 2], .allocate(process: 0), [0.5, 0]),
            ([2, 2], .deliberate(process: 0), [0.025, 0]),
        ]
        for (states, action, payments) in cases {
            let period = try auction.period(at: states)
            #expect(period.action == action, "\(states)")
            for (a, b) in zip(period.payments, payments) { #expect(abs(a - b) < 1e-12, "\(states)") }
        }
    }

    /// A model whose deliberation can lower the value (learning, not improving)
    /// is rejected with an InstanceError naming the process's JSON path.
    @Test func nonUIVModelIsRejected() throws {
        let text = """
            { "kind": "metadeliberation", "discount": 0.9, "agents": ["X", "Y"],
              "processes": [
                { "name": "X", "owner": "X", "states": ["guess", "high", "low"], "initial": "guess",
                  "values": {"guess": 5, "high": 10, "low": 0}, "cost": 0.1,
                  "deliberation": {"guess": {"high": 0.5, "low": 0.5}} },
                { "name": "Y", "owner": "Y", "states": ["y"], "initial": "y", "values": {"y": 6} } ] }
            """
        do {
            _ = try MetadeliberationInstance(json: try JSONValue.parse(data: Data(text.utf8), file: "x.json"))
            Issue.record("a non-UIV model was accepted")
        } catch let error as InstanceError {
            #expect(error.file == "x.json")
            #expect(error.location.contains("processes[0]"))
            #expect(error.message.contains("uncertainly improvable"))
        }
    }
}

/// The package root (three levels above this file).
func packageRootPath() -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}
