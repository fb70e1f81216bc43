import Foundation
import InstanceIO

/// The current state of one bandit arm: a state of a finite chain, or the posterior `(α, β)`
/// of a Beta-Bernoulli arm.
public enum BanditLocalState: Sendable, Hashable {
    /// State index of a ``FiniteArm``.
    case chain(Int)
    /// Posterior parameters of a ``BetaArm``.
    case beta(alpha: Double, beta: Double)
}

/// One period of a bandit mechanism at a joint state: indices, winner, transfers and the
/// subset values the transfers are built from.
public struct BanditPeriod: Sendable {
    /// Each arm's Gittins index ν at the joint state (reward-rate form).
    public var indices: [Double]
    /// Transfers of dynamic-VCG and dynamic-RM (``BanditMechanism/periodTransfers(agents:winner:discount:value:)``).
    public var transfers: BanditPeriodTransfers
}

/// One simulated period of a bandit mechanism (`rmsolve dynamic --simulate`).
public struct BanditSimulatedPeriod: Sendable {
    /// The period t, from 0.
    public var period: Int
    /// Each arm's state name at the start of the period.
    public var states: [String]
    /// The activated arm i*.
    public var winner: Int
    /// The realized rewards (only the winner's can be non-zero).
    public var rewards: [Double]
    /// This period's transfers of the chosen mechanism (paid to the agent).
    public var transfers: [Double]
    /// This period's revenue −Σ transfers (checked ≥ 0: no deficit, Thm 5.6 / Thm 6.3).
    public var revenue: Double
}

/// The two bandit mechanisms of the thesis (Def. 6.1 and Def. 6.2).
public enum BanditMechanismKind: String, Sendable, CaseIterable, Codable {
    /// Dynamic-VCG in MAB form (Def. 6.1).
    case dynamicVCG = "dynamic-vcg"
    /// Dynamic-RM (Def. 6.2).
    case dynamicRM = "dynamic-rm"
}

/// A bandit instance prepared for its mechanisms: retirement curves per (arm, state), cached,
/// from which indices, subset values `V_S` (Whittle's formula, Whittle 1980), per-period
/// transfers and simulated trajectories follow. Beta arms are truncated at ``betaDepth``; the
/// truncation moves every `V_S` by at most ``betaValueErrorBound`` per Beta arm.
///
/// ```swift
/// var dynamics = try BanditDynamics(instance: bandit)
/// let period = try dynamics.period(at: dynamics.initialStates)
/// ```
public struct BanditDynamics: Sendable {
    /// The instance.
    public let instance: BanditInstance
    /// The truncation depth of Beta arms' expansions.
    public let betaDepth: Int
    private var cache: [Key: RetirementCurve] = [:]
    private struct Key: Hashable { var arm: Int; var state: BanditLocalState }

    /// Prepares an instance; `betaDepth` defaults to the depth keeping `γ^D/(1−γ) ≤ 1e-6`
    /// (``BetaArm/truncationDepth(discount:errorBound:)``), capped at 80 because the Beta
    /// curve costs O(D⁴) — the bound actually reached is ``betaValueErrorBound``.
    public init(instance: BanditInstance, betaDepth: Int? = nil) throws {
        self.instance = instance
        let depth = betaDepth ?? min(80, BetaArm.truncationDepth(discount: instance.discount, errorBound: 1e-6))
        guard depth >= 1 else { throw BanditModelError("the Beta truncation depth must be positive") }
        self.betaDepth = depth
    }

    /// The proven bound `γ^D/(1−γ)` on the truncation error of each Beta arm's index and of its
    /// contribution to any subset value.
    public var betaValueErrorBound: Double {
        pow(instance.discount, Double(betaDepth)) / (1 - instance.discount)
    }

    /// Whether any arm is a Beta arm.
    public var hasBetaArms: Bool {
        instance.arms.contains { if case .beta = $0.model { return true } else { return false } }
    }

    /// Every arm at its initial state.
    public var initialStates: [BanditLocalState] {
        instance.arms.map { arm in
            switch arm.model {
            case .chain(let chain): return .chain(chain.initial)
            case .beta(let b): return .beta(alpha: b.alpha, beta: b.beta)
            }
        }
    }

    /// The name of arm `arm`'s state `state` (the chain's state name, or `"(α,β)"`).
    public func stateName(arm: Int, _ state: BanditLocalState) -> String {
        switch (instance.arms[arm].model, state) {
        case (.chain(let chain), .chain(let s)): return chain.states[s]
        case (_, .beta(let a, let b)): return "(\(betaParameterText(a)),\(betaParameterText(b)))"
        default: return "?"
        }
    }

    /// The retirement curve of `arm` at `state` (computed once, then cached).
    public mutating func curve(arm: Int, state: BanditLocalState) throws -> RetirementCurve {
        let key = Key(arm: arm, state: state)
        if let c = cache[key] { return c }
        let c: RetirementCurve
        switch (instance.arms[arm].model, state) {
        case (.chain(let chain), .chain(let s)):
            c = RetirementCurve(arm: chain, discount: instance.discount, state: s)
        case (_, .beta(let a, let b)):
            c = RetirementCurve(beta: try BetaArm(alpha: a, beta: b), discount: instance.discount, depth: betaDepth)
        default:
            preconditionFailure("state \(state) does not fit arm \(arm)")
        }
        cache[key] = c
        return c
    }

    /// The Gittins index of `arm` at `state`.
    public mutating func index(arm: Int, state: BanditLocalState) throws -> Double {
        let c = try curve(arm: arm, state: state)
        switch state {
        case .chain(let s): return c.ranking.indices[s]
        case .beta: return c.ranking.indices[0]
        }
    }

    /// Subset values `V_S` at the joint state `states` (Whittle's formula on the cached curves).
    public mutating func subsetValues(at states: [BanditLocalState]) throws -> BanditSubsetValues {
        let curves = try states.indices.map { try curve(arm: $0, state: states[$0]) }
        var lowest = Double.infinity, highest = -Double.infinity
        for arm in instance.arms {
            switch arm.model {
            case .chain(let chain):
                lowest = min(lowest, chain.rewards.min()!)
                highest = max(highest, chain.rewards.max()!)
            case .beta:
                lowest = min(lowest, 0)
                highest = max(highest, 1)
            }
        }
        return BanditSubsetValues(curves: curves, discount: instance.discount, lowestReward: lowest, highestReward: highest)
    }

    /// Indices, winner (largest index, ties to the lowest position) and both mechanisms'
    /// transfers at `states` (no deficit and `0 ≤ Z_i ≤ w/n` checked, thesis Ch. 6 no-deficit and IR theorems).
    public mutating func period(at states: [BanditLocalState]) throws -> BanditPeriod {
        let indices = try states.indices.map { try index(arm: $0, state: states[$0]) }
        let values = try subsetValues(at: states)
        let winner = BanditMechanism.winner(indices: indices)
        let transfers = try BanditMechanism.periodTransfers(
            agents: states.count, winner: winner, discount: instance.discount) { values.value(of: $0) }
        return BanditPeriod(indices: indices, transfers: transfers)
    }

    /// Expected utilities and revenues forward from `states` (Cor. 5.2-5.5, eq. 6.17-6.21).
    public mutating func expectedUtilities(at states: [BanditLocalState]) throws -> BanditExpectedUtilities {
        let values = try subsetValues(at: states)
        return try BanditMechanism.expectedUtilities(agents: states.count) { values.value(of: $0) }
    }

    /// The successors of `arm` in `state` when activated: (probability, reward, next state).
    /// A Beta arm moves to `(α+1, β)` with reward 1 w.p. α/(α+β), else to `(α, β+1)` with 0.
    public func successors(arm: Int, state: BanditLocalState) -> [(probability: Double, reward: Double, next: BanditLocalState)] {
        switch (instance.arms[arm].model, state) {
        case (.chain(let chain), .chain(let s)):
            return (0..<chain.count).filter { chain.transitions[s][$0] > 0 }.map {
                (chain.transitions[s][$0], chain.rewards[s], .chain($0))
            }
        case (_, .beta(let a, let b)):
            let p = a / (a + b)
            return [(p, 1, .beta(alpha: a + 1, beta: b)), (1 - p, 0, .beta(alpha: a, beta: b + 1))]
        default:
            preconditionFailure("state \(state) does not fit arm \(arm)")
        }
    }

    /// One trajectory of `periods` periods under truthful reports (thesis Figure 5.1 order:
    /// reports, action, reward, transfers), reproducible from `seed`: per period the index
    /// policy activates i*, i* realizes its reward and moves, everyone is paid the mechanism's
    /// transfer. Only the winner's state changes, so only its curve is new (the others' curves
    /// are cached). Throws ``GittinsError`` if a period runs a deficit (Thm 5.6, Thm 6.3).
    public mutating func simulate(
        mechanism: BanditMechanismKind, periods: Int, seed: UInt64
    ) throws -> [BanditSimulatedPeriod] {
        var rng = SeededGenerator(seed: seed)
        var states = initialStates
        var out: [BanditSimulatedPeriod] = []
        for t in 0..<periods {
            let period = try period(at: states)
            let winner = period.transfers.winner
            let transfers = mechanism == .dynamicVCG ? period.transfers.vcg : period.transfers.dynamicRM
            let revenue = -transfers.reduce(0, +)
            let scale = max(1, abs(period.transfers.vcgRevenue))
            guard revenue >= -1e-9 * scale else {
                throw GittinsError.invariantViolated("period \(t) runs a deficit of \(-revenue)")
            }
            let options = successors(arm: winner, state: states[winner])
            var u = Double.random(in: 0..<1, using: &rng)
            var chosen = options[options.count - 1]
            for option in options {
                if u < option.probability { chosen = option; break }
                u -= option.probability
            }
            var rewards = [Double](repeating: 0, count: states.count)
            rewards[winner] = chosen.reward
            out.append(BanditSimulatedPeriod(
                period: t, states: states.indices.map { stateName(arm: $0, states[$0]) }, winner: winner,
                rewards: rewards, transfers: transfers, revenue: revenue))
            states[winner] = chosen.next
        }
        return out
    }

    /// The joint states reachable from the initial one under the index policy with their
    /// activated arm, when every arm is a finite chain and there are at most `limit` of them;
    /// nil otherwise (Beta arms have infinitely many states).
    public mutating func reachablePolicy(limit: Int) throws -> [(states: [BanditLocalState], winner: Int)]? {
        guard !hasBetaArms else { return nil }
        var seen: Set<[BanditLocalState]> = [initialStates]
        var queue = [initialStates]
        var out: [([BanditLocalState], Int)] = []
        var cursor = 0
        while cursor < queue.count {
            let states = queue[cursor]
            cursor += 1
            let winner = BanditMechanism.winner(indices: try states.indices.map { try index(arm: $0, state: states[$0]) })
            out.append((states, winner))
            for option in successors(arm: winner, state: states[winner]) {
                var next = states
                next[winner] = option.next
                if seen.insert(next).inserted {
                    guard seen.count <= limit else { return nil }
                    queue.append(next)
                }
            }
        }
        return out
    }
}

extension FiniteArm {
    /// The bandit of `arms` as a joint MDP (thesis §4.4): each arm is a local MDP whose action
    /// set is "activate arm k" for every k; activating the arm itself earns its reward and
    /// moves it by its chain, activating another arm leaves it frozen with reward 0. Solving
    /// the joint MDP (``MDP/optimalValues(method:tolerance:)``) gives the exact `V_S` over
    /// the product space — an oracle for ``BanditSubsetValues`` on small instances.
    ///
    /// ```swift
    /// let joint = try FiniteArm.jointBandit([a, b], discount: 0.8)
    /// let v = try joint.mdp.optimalValues().values[joint.mdp.initialState]
    /// ```
    public static func jointBandit(_ arms: [FiniteArm], discount gamma: Double, maxStates: Int = 100_000) throws -> JointMDP {
        let actions = arms.indices.map { "activate \($0)" }
        let locals = try arms.enumerated().map { j, arm -> MDP in
            var transitions: [MDPTransition] = []
            for s in 0..<arm.count {
                for a in arms.indices {
                    if a == j {
                        for next in 0..<arm.count where arm.transitions[s][next] > 0 {
                            transitions.append(MDPTransition(
                                state: s, action: a, next: next, probability: arm.transitions[s][next],
                                reward: arm.rewards[s]))
                        }
                    } else {
                        transitions.append(MDPTransition(state: s, action: a, next: s, probability: 1, reward: 0))
                    }
                }
            }
            return try MDP(stateNames: arm.states, actionNames: actions, discount: gamma,
                           initialState: arm.initial, transitions: transitions)
        }
        return try JointMDP(locals: locals, names: arms.indices.map { "\($0)" }, actionNames: actions,
                            discount: gamma, horizon: nil, maxStates: maxStates)
    }
}
