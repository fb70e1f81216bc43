// LPDynamic: MDPs and their exact LP (thesis Ch. 4), joint multi-agent MDPs and dynamic
// mechanisms (Ch. 5), Gittins indices and bandit mechanisms (Ch. 4, 6, 8).

/// Errors of the MDP layer: an inconsistent model built in code, a joint MDP past its size
/// limit, or a violated invariant after a solve (never reported as a number).
public enum MDPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model is inconsistent (probabilities, indices, discount).
    case invalidModel(String)
    /// The joint MDP reachable from the initial state has more states than allowed.
    case tooManyJointStates(reached: Int, limit: Int)
    /// A verification after a solve failed (Bellman residual, mechanism identity...).
    case invariantViolated(String)
    /// An iterative method stopped at its iteration limit before meeting its accuracy target
    /// (a solver limit, not a wrong answer: nothing is reported as a value).
    case iterationLimit(method: String, iterations: Int, detail: String)

    public var description: String {
        switch self {
        case .invalidModel(let m): return "invalid MDP: \(m)"
        case .tooManyJointStates(let reached, let limit):
            return "the joint MDP has more than \(limit) reachable states (\(reached) found so far)"
        case .invariantViolated(let m): return "invariant violated: \(m)"
        case .iterationLimit(let method, let iterations, let detail):
            return "\(method) stopped at its limit of \(iterations) iterations before converging (\(detail)); "
                + "an exact method (lp) or a smaller discount factor converges"
        }
    }
}

/// One transition of an MDP, as read from a file: taking `action` in `state` leads to `next`
/// with `probability`, and yields `reward` (thesis r(s, a, s'), thesis §4.1).
public struct MDPTransition: Sendable, Hashable {
    /// Index of the state the action is taken in.
    public var state: Int
    /// Index of the action.
    public var action: Int
    /// Index of the successor state.
    public var next: Int
    /// τ(s, a, s'), in [0, 1].
    public var probability: Double
    /// r(s, a, s').
    public var reward: Double

    /// Creates a transition.
    public init(state: Int, action: Int, next: Int, probability: Double, reward: Double) {
        self.state = state
        self.action = action
        self.next = next
        self.probability = probability
        self.reward = reward
    }
}

/// A finite Markov decision process M = {S, A, τ, r} with discount γ (thesis §4.1).
///
/// Transitions are stored sparsely per state-action pair k = s·|A| + a in compressed rows:
/// `transitionStart[k]..<transitionStart[k+1]` index `successors`, `probabilities` and
/// `transitionRewards`. A pair with no transitions is unavailable; a state with no available
/// action is *terminal* and has value 0 (used for the end of a finite horizon).
///
/// ```swift
/// let mdp = try MDP(stateNames: ["s"], actionNames: ["stay"], discount: 0.9, initialState: 0,
///                   transitions: [MDPTransition(state: 0, action: 0, next: 0, probability: 1, reward: 1)])
/// let solution = try mdp.optimalValues(method: .lp)   // values [10]
/// ```
public struct MDP: Sendable {
    /// State names (for output).
    public let stateNames: [String]
    /// Action names (for output).
    public let actionNames: [String]
    /// The discount γ ∈ [0, 1]; γ = 1 only for a finite-horizon (acyclic) model.
    public let discount: Double
    /// The initial state's index.
    public let initialState: Int
    /// Whether states carry a time index, so the transition graph is acyclic and ends in
    /// terminal states (then γ = 1 is allowed).
    public let isFiniteHorizon: Bool
    /// Compressed-row starts, one per state-action pair plus one.
    public let transitionStart: [Int]
    /// Successor state of each stored transition.
    public let successors: [Int32]
    /// Probability of each stored transition.
    public let probabilities: [Double]
    /// Reward r(s, a, s') of each stored transition.
    public let transitionRewards: [Double]
    /// Expected immediate reward r(s, a) = Σ τ(s,a,s') r(s,a,s') per pair (thesis §4.1).
    public let expectedRewards: [Double]

    /// The number of states.
    public var stateCount: Int { stateNames.count }
    /// The number of actions.
    public var actionCount: Int { actionNames.count }

    /// Creates an MDP from compressed rows (the fast path for generated models) and validates
    /// it: indices in range, probabilities in [0, 1] summing to 1 within 1e-9 per available
    /// pair, γ ∈ [0, 1) (or [0, 1] when `isFiniteHorizon`).
    public init(
        stateNames: [String], actionNames: [String], discount: Double, initialState: Int,
        isFiniteHorizon: Bool = false, transitionStart: [Int], successors: [Int32],
        probabilities: [Double], transitionRewards: [Double]
    ) throws {
        let n = stateNames.count, m = actionNames.count
        guard n > 0 else { throw MDPError.invalidModel("no states") }
        guard m > 0 else { throw MDPError.invalidModel("no actions") }
        guard discount >= 0, discount < 1 || (isFiniteHorizon && discount <= 1) else {
            throw MDPError.invalidModel(
                "discount \(discount) must be in [0, 1) (or [0, 1] with a finite horizon)")
        }
        guard (0..<n).contains(initialState) else {
            throw MDPError.invalidModel("initial state index \(initialState) out of range")
        }
        guard transitionStart.count == n * m + 1, transitionStart.first == 0,
              transitionStart.last == successors.count,
              probabilities.count == successors.count, transitionRewards.count == successors.count
        else { throw MDPError.invalidModel("inconsistent transition arrays") }
        var expected = [Double](repeating: 0, count: n * m)
        for k in 0..<(n * m) {
            let range = transitionStart[k]..<transitionStart[k + 1]
            if range.isEmpty { continue }
            var total = 0.0, reward = 0.0
            for t in range {
                let p = probabilities[t]
                guard p >= 0, p <= 1, Int(successors[t]) >= 0, Int(successors[t]) < n else {
                    throw MDPError.invalidModel(
                        "bad transition from \(stateNames[k / m]) under \(actionNames[k % m])")
                }
                total += p
                reward += p * transitionRewards[t]
            }
            guard abs(total - 1) <= 1e-9 else {
                throw MDPError.invalidModel(
                    "probabilities from \(stateNames[k / m]) under \(actionNames[k % m]) sum to \(total)")
            }
            expected[k] = reward
        }
        self.stateNames = stateNames
        self.actionNames = actionNames
        self.discount = discount
        self.initialState = initialState
        self.isFiniteHorizon = isFiniteHorizon
        self.transitionStart = transitionStart
        self.successors = successors
        self.probabilities = probabilities
        self.transitionRewards = transitionRewards
        self.expectedRewards = expected
    }

    /// Creates an MDP from a list of transitions in any order (validated as above; a repeated
    /// (state, action, next) triple is an error).
    public init(
        stateNames: [String], actionNames: [String], discount: Double, initialState: Int,
        isFiniteHorizon: Bool = false, transitions: [MDPTransition]
    ) throws {
        let n = stateNames.count, m = actionNames.count
        for t in transitions {
            guard (0..<n).contains(t.state), (0..<n).contains(t.next), (0..<m).contains(t.action)
            else { throw MDPError.invalidModel("transition index out of range: \(t)") }
        }
        let sorted = transitions.sorted {
            ($0.state * m + $0.action, $0.next) < ($1.state * m + $1.action, $1.next)
        }
        var start = [Int](repeating: 0, count: n * m + 1)
        for (k, t) in sorted.enumerated() {
            if k > 0, sorted[k - 1].state == t.state, sorted[k - 1].action == t.action,
               sorted[k - 1].next == t.next {
                throw MDPError.invalidModel(
                    "repeated transition \(stateNames[t.state]) -\(actionNames[t.action])-> \(stateNames[t.next])")
            }
            start[t.state * m + t.action + 1] += 1
        }
        for k in 0..<(n * m) { start[k + 1] += start[k] }
        try self.init(
            stateNames: stateNames, actionNames: actionNames, discount: discount,
            initialState: initialState, isFiniteHorizon: isFiniteHorizon, transitionStart: start,
            successors: sorted.map { Int32($0.next) }, probabilities: sorted.map(\.probability),
            transitionRewards: sorted.map(\.reward))
    }

    /// The stored transitions of `(state, action)` (empty when the action is unavailable).
    @inline(__always)
    public func transitions(_ state: Int, _ action: Int) -> Range<Int> {
        let k = state * actionNames.count + action
        return transitionStart[k]..<transitionStart[k + 1]
    }

    /// Whether `action` is available in `state`.
    public func isAvailable(_ state: Int, _ action: Int) -> Bool { !transitions(state, action).isEmpty }

    /// Whether no action is available in `state` (value 0: the end of a finite horizon).
    public func isTerminal(_ state: Int) -> Bool {
        (0..<actionCount).allSatisfy { !isAvailable(state, $0) }
    }

    /// The expected immediate reward r(s, a).
    public func expectedReward(_ state: Int, _ action: Int) -> Double {
        expectedRewards[state * actionNames.count + action]
    }

    /// Σ_{s'} τ(s, a, s')·f(s') for a function on states.
    @inline(__always)
    public func expectation(_ state: Int, _ action: Int, of f: [Double]) -> Double {
        var sum = 0.0
        for t in transitions(state, action) { sum += probabilities[t] * f[Int(successors[t])] }
        return sum
    }

    /// The Q-value r(s, a) + γ Σ_{s'} τ(s,a,s') V(s') (the Bellman right-hand side,
    /// thesis eq. 4.3), or `-∞` when the action is unavailable.
    public func qValue(_ state: Int, _ action: Int, values: [Double]) -> Double {
        if !isAvailable(state, action) { return -.infinity }
        return expectedReward(state, action) + discount * expectation(state, action, of: values)
    }
}
