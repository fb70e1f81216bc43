// LPDynamic: MDPs and their exact LP (thesis Ch. 4), joint multi-agent MDPs and dynamic
// mechanisms (Ch. 5), Gittins indices and bandit mechanisms (Ch. 4, 6, 8).

/// One arm of a multi-armed bandit given as a finite Markov chain (thesis §4.4):
/// when the arm is activated in state `s` it earns `rewards[s]` and moves to `s'` with
/// probability `transitions[s][s']`; when another arm is activated it stays frozen.
///
/// ```swift
/// let arm = try FiniteArm(states: ["x", "y"], rewards: [1, 0],
///                         transitions: [[0.5, 0.5], [0, 1]], initial: 0)
/// ```
public struct FiniteArm: Sendable, Equatable {
    /// State names, in the order used by ``rewards`` and ``transitions``.
    public let states: [String]
    /// Expected reward of activating the arm in each state.
    public let rewards: [Double]
    /// Dense row-stochastic transition matrix: `transitions[s][s']`.
    public let transitions: [[Double]]
    /// Index of the arm's current (initial) state.
    public let initial: Int

    /// Creates an arm, checking sizes, finiteness, probabilities in [0, 1] and rows summing
    /// to 1 within 1e-9 (the instance format's tolerance). Throws ``BanditModelError`` otherwise.
    public init(states: [String], rewards: [Double], transitions: [[Double]], initial: Int) throws {
        let n = states.count
        guard n > 0 else { throw BanditModelError("an arm needs at least one state") }
        guard rewards.count == n, transitions.count == n,
              transitions.allSatisfy({ $0.count == n }), (0..<n).contains(initial)
        else { throw BanditModelError("sizes of states, rewards and transitions differ") }
        guard rewards.allSatisfy(\.isFinite) else { throw BanditModelError("non-finite reward") }
        for (s, row) in transitions.enumerated() {
            guard row.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1 }) else {
                throw BanditModelError("row \(states[s]) has a probability outside [0, 1]")
            }
            let sum = row.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else {
                throw BanditModelError("row \(states[s]) sums to \(sum), not 1")
            }
        }
        self.states = states
        self.rewards = rewards
        self.transitions = transitions
        self.initial = initial
    }

    /// The number of states.
    public var count: Int { states.count }
}

/// A Beta-Bernoulli arm in state `(α, β)` (thesis Figure 4.6, kind
/// "bandit"): activating it pays 1 with probability `p = α/(α+β)` and moves to `(α+1, β)`,
/// otherwise pays 0 and moves to `(α, β+1)`.
///
/// ```swift
/// let arm = try BetaArm(alpha: 1, beta: 1)   // uniform prior, mean reward 0.5
/// ```
public struct BetaArm: Sendable, Equatable {
    /// Prior successes parameter α > 0.
    public let alpha: Double
    /// Prior failures parameter β > 0.
    public let beta: Double

    /// Creates a Beta arm; both parameters must be finite and positive.
    public init(alpha: Double, beta: Double) throws {
        guard alpha.isFinite, beta.isFinite, alpha > 0, beta > 0 else {
            throw BanditModelError("Beta parameters must be positive numbers")
        }
        self.alpha = alpha
        self.beta = beta
    }

    /// The state's name as reported by `rmsolve gittins`, e.g. `"(2,3)"`.
    public var stateName: String { "(\(betaParameterText(alpha)),\(betaParameterText(beta)))" }
}

/// Formats a Beta parameter without a trailing `.0` for whole numbers.
func betaParameterText(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
}

/// The model of one bandit arm.
public enum ArmModel: Sendable, Equatable {
    /// A finite Markov chain.
    case chain(FiniteArm)
    /// A Beta-Bernoulli arm (an infinite chain, truncated when computed with).
    case beta(BetaArm)
}

/// One arm (one agent) of a bandit instance.
public struct BanditArm: Sendable, Equatable {
    /// The arm's (agent's) name.
    public let name: String
    /// Its Markov chain.
    public let model: ArmModel

    /// Creates a named arm.
    public init(name: String, model: ArmModel) {
        self.name = name
        self.model = model
    }
}

/// A multi-armed bandit instance (kind "bandit"; thesis §4.4 and Ch. 6): each agent owns
/// one arm, one arm is activated per period, rewards are discounted by `discount` ∈ (0, 1).
public struct BanditInstance: Sendable, Equatable {
    /// The instance's optional name.
    public let name: String?
    /// The common discount factor γ ∈ (0, 1).
    public let discount: Double
    /// The arms, one per agent, names unique.
    public let arms: [BanditArm]

    /// Creates an instance; γ must lie in (0, 1) and there must be at least one arm.
    public init(name: String?, discount: Double, arms: [BanditArm]) throws {
        guard discount > 0, discount < 1 else {
            throw BanditModelError("the discount must lie strictly between 0 and 1")
        }
        guard !arms.isEmpty else { throw BanditModelError("a bandit needs at least one arm") }
        self.name = name
        self.discount = discount
        self.arms = arms
    }
}

/// An inconsistent bandit model built in code (files report ``InstanceIO/InstanceError``).
public struct BanditModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong.
    public let message: String
    /// Creates the error.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}
