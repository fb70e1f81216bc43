import Foundation
import InstanceIO
import LPDynamic

/// Builds a local MDP from (state, action, next, probability, reward) tuples by name.
func localMDP(
    states: [String], actions: [String], initial: String, discount: Double, finite: Bool = false,
    _ edges: [(String, String, String, Double, Double)]
) throws -> MDP {
    let s = Dictionary(uniqueKeysWithValues: states.enumerated().map { ($1, $0) })
    let a = Dictionary(uniqueKeysWithValues: actions.enumerated().map { ($1, $0) })
    return try MDP(
        stateNames: states, actionNames: actions, discount: discount, initialState: s[initial]!,
        isFiniteHorizon: finite,
        transitions: edges.map { MDPTransition(state: s[$0.0]!, action: a[$0.1]!, next: s[$0.2]!, probability: $0.3, reward: $0.4) })
}

/// Figure 4.2 of the thesis.
func figure42(discount: Double) throws -> MDP {
    try localMDP(states: ["s_b", "s_c", "s_d"], actions: ["a1", "a2"], initial: "s_b", discount: discount, [
        ("s_b", "a1", "s_c", 0.5, 2), ("s_b", "a1", "s_d", 0.5, 2), ("s_b", "a2", "s_d", 1, 1),
        ("s_c", "a1", "s_c", 1, 2), ("s_c", "a2", "s_c", 1, 2), ("s_d", "a1", "s_d", 1, 3), ("s_d", "a2", "s_d", 1, 3),
    ])
}

/// The two-day car example (thesis Figures 4.5 and 5.2) with agent 2's low value 20; horizon 2.
func carInstance(discount: Double) throws -> DynamicInstance {
    let actions = ["a1", "a2"]
    let one = try localMDP(states: ["s1a", "s1b", "s1c", "s1d", "done"], actions: actions, initial: "s1a",
                           discount: discount, finite: true, [
        ("s1a", "a1", "s1b", 0.5, 25), ("s1a", "a1", "s1c", 0.5, 15), ("s1a", "a2", "s1d", 1, 0),
        ("s1b", "a1", "done", 1, 0), ("s1b", "a2", "done", 1, 0), ("s1c", "a1", "done", 1, 10),
        ("s1c", "a2", "done", 1, 0), ("s1d", "a1", "done", 1, 25), ("s1d", "a2", "done", 1, 0),
        ("done", "a1", "done", 1, 0), ("done", "a2", "done", 1, 0),
    ])
    let two = try localMDP(states: ["s2a", "s2b", "s2c", "s2d", "done"], actions: actions, initial: "s2a",
                           discount: discount, finite: true, [
        ("s2a", "a2", "s2b", 0.5, 0), ("s2a", "a2", "s2c", 0.5, 0), ("s2a", "a1", "s2d", 1, 0),
        ("s2b", "a2", "done", 1, 20), ("s2b", "a1", "done", 1, 0), ("s2c", "a2", "done", 1, 30),
        ("s2c", "a1", "done", 1, 0), ("s2d", "a1", "done", 1, 0), ("s2d", "a2", "done", 1, 0),
        ("done", "a1", "done", 1, 0), ("done", "a2", "done", 1, 0),
    ])
    return DynamicInstance(name: "car", discount: discount, actions: actions,
                           agents: [DynamicAgent(name: "1", model: one), DynamicAgent(name: "2", model: two)], horizon: 2)
}

/// The exact 2×2 infinite-horizon example at γ = 1/2.
func twoByTwo() throws -> DynamicInstance {
    let actions = ["a", "b"]
    let one = try localMDP(states: ["x0", "x1"], actions: actions, initial: "x0", discount: 0.5, [
        ("x0", "a", "x0", 0.5, 2), ("x0", "a", "x1", 0.5, 2), ("x0", "b", "x0", 1, 0),
        ("x1", "a", "x0", 1, 0), ("x1", "b", "x1", 1, 1),
    ])
    let two = try localMDP(states: ["y0", "y1"], actions: actions, initial: "y0", discount: 0.5, [
        ("y0", "a", "y0", 1, 0), ("y0", "b", "y1", 1, 3), ("y1", "a", "y0", 0.5, 1), ("y1", "a", "y1", 0.5, 1),
        ("y1", "b", "y1", 1, 0),
    ])
    return DynamicInstance(name: "2x2", discount: 0.5, actions: actions,
                           agents: [DynamicAgent(name: "1", model: one), DynamicAgent(name: "2", model: two)], horizon: nil)
}

/// A random dynamic instance: full-support local transitions so every
/// joint state is reachable, expected rewards uniform in `rewards`.
func randomDynamic(seed: UInt64, agents: Int? = nil, horizon: Int? = nil, rewards: ClosedRange<Double> = 0...1) throws
    -> DynamicInstance
{
    var rng = SeededGenerator(seed: seed)
    let n = agents ?? Int.random(in: 2...3, using: &rng)
    let m = Int.random(in: 2...3, using: &rng)
    let discount = Double.random(in: 0.3...0.95, using: &rng)
    let actions = (0..<m).map { "a\($0)" }
    var list: [DynamicAgent] = []
    for i in 0..<n {
        let k = Int.random(in: 2...3, using: &rng)
        var transitions: [MDPTransition] = []
        for s in 0..<k {
            for a in 0..<m {
                let weights = (0..<k).map { _ in Double.random(in: 0.1...1, using: &rng) }
                let total = weights.reduce(0, +)
                let r = Double.random(in: rewards, using: &rng)
                for next in 0..<k {
                    transitions.append(MDPTransition(state: s, action: a, next: next, probability: weights[next] / total, reward: r))
                }
            }
        }
        let model = try MDP(stateNames: (0..<k).map { "q\($0)" }, actionNames: actions, discount: discount,
                            initialState: 0, isFiniteHorizon: horizon != nil, transitions: transitions)
        list.append(DynamicAgent(name: "agent\(i)", model: model))
    }
    return DynamicInstance(name: "random-\(seed)", discount: discount, actions: actions, agents: list, horizon: horizon)
}

/// Writes `text` to a fresh temporary file and returns its path.
func temporaryFile(_ text: String, name: String = "instance.json") throws -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("lpdynamic-tests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let url = directory.appendingPathComponent(name)
    try Data(text.utf8).write(to: url)
    return url.path
}

/// |a − b| ≤ tolerance·max(1, |b|).
func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-7) -> Bool {
    abs(a - b) <= tolerance * max(1, abs(b))
}

/// The joint states of independent arms, numbered in mixed radix (arm 0's state varies
/// fastest): an independent indexing for tests that build the joint bandit MDP by hand.
struct JointStateIndexing {
    /// The number of states of each arm.
    let sizes: [Int]
    /// The number of joint states.
    var total: Int { sizes.reduce(1, *) }
    /// The arms' local states of joint state `s`.
    func decode(_ s: Int) -> [Int] {
        var rest = s
        return sizes.map { size in defer { rest /= size }; return rest % size }
    }
    /// The joint state of the arms' local states.
    func encode(_ local: [Int]) -> Int {
        var s = 0, stride = 1
        for (x, size) in zip(local, sizes) { s += x * stride; stride *= size }
        return s
    }
}
