import Foundation

/// Why a model or a mechanism cannot be verified (too large, unsupported combination).
public enum VerificationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The product of the agents' local state spaces times the horizon exceeds the limit.
    case tooManyStates(needed: Int, limit: Int)
    /// The model or mechanism is outside what the verifier supports.
    case unsupported(String)
    /// The belief-state MDP has more states than the limit (`reached` built before stopping).
    case tooManyBeliefStates(reached: Int, limit: Int)

    public var description: String {
        switch self {
        case .tooManyStates(let needed, let limit):
            return "verification needs \(needed) joint states (every combination of local states at every period), more than the limit \(limit)"
        case .unsupported(let m): return "cannot verify: \(m)"
        case .tooManyBeliefStates(let reached, let limit):
            return "the belief-state MDP has more than \(limit) states (\(reached) built before stopping)"
        }
    }
}

/// A small finite-horizon multi-agent model for best-response verification: local MDPs over
/// one shared center action set (thesis Ch. 5 private values, product transitions), a horizon
/// of H decisions, and per local state whether the agent can send a report there (thesis
/// Def. 7.1: an inaccessible agent can only send the null report).
///
/// Every action must be available in every local state, so that whatever a (mis)report makes
/// the center do is feasible at the true state.
public struct VerificationModel: Sendable {
    /// The model's name.
    public let name: String
    /// The common discount γ ∈ [0, 1].
    public let discount: Double
    /// The number of decisions H ≥ 1.
    public let horizon: Int
    /// The shared action names.
    public let actions: [String]
    /// The agents (local MDPs with their initial states).
    public let agents: [DynamicAgent]
    /// Per agent and local state: whether the agent is accessible (can report) there.
    public let accessible: [[Bool]]

    /// Creates and validates a model (`accessible` defaults to "always accessible").
    public init(name: String, discount: Double, horizon: Int, actions: [String], agents: [DynamicAgent],
                accessible: [[Bool]]? = nil) throws {
        guard horizon >= 1 else { throw VerificationError.unsupported("the horizon must be at least 1 decision") }
        guard discount >= 0, discount <= 1 else { throw VerificationError.unsupported("the discount must be in [0, 1]") }
        guard !agents.isEmpty else { throw VerificationError.unsupported("the model has no agents") }
        for agent in agents {
            guard agent.model.actionNames == actions else {
                throw VerificationError.unsupported("agent \(agent.name)'s actions differ from the shared actions")
            }
            for s in 0..<agent.model.stateCount {
                for a in actions.indices where !agent.model.isAvailable(s, a) {
                    throw VerificationError.unsupported(
                        "action \(actions[a]) is unavailable in agent \(agent.name)'s state \(agent.model.stateNames[s]); "
                            + "the verifier needs every action available in every local state")
                }
            }
        }
        let access = accessible ?? agents.map { [Bool](repeating: true, count: $0.model.stateCount) }
        guard access.count == agents.count, zip(access, agents).allSatisfy({ $0.count == $1.model.stateCount }) else {
            throw VerificationError.unsupported("one accessibility flag per local state is needed")
        }
        self.name = name
        self.discount = discount
        self.horizon = horizon
        self.actions = actions
        self.agents = agents
        self.accessible = access
    }

    /// The model of a kind "dynamic" instance; its horizon, or `horizon` when the instance
    /// has none (the verifier works on finite horizons only).
    public init(instance: DynamicInstance, horizon: Int? = nil) throws {
        guard let h = instance.horizon ?? horizon else {
            throw VerificationError.unsupported("the instance has an infinite horizon; give a finite horizon to verify on")
        }
        try self.init(name: instance.name, discount: instance.discount, horizon: h, actions: instance.actions,
                      agents: instance.agents)
    }

    /// The instance with the same agents (for the solvers of the rest of the library).
    public var dynamicInstance: DynamicInstance {
        DynamicInstance(name: name, discount: discount, actions: actions, agents: agents, horizon: horizon)
    }

    /// Whether every agent is accessible in every local state.
    public var alwaysAccessible: Bool { accessible.allSatisfy { $0.allSatisfy { $0 } } }

    /// Whether every reward r_i(s, a, s') is ≥ 0 (the condition under which the thesis's IR
    /// results hold; Corollary 5.3's "by optimality of π*" needs it).
    public var nonNegativeRewards: Bool {
        agents.allSatisfy { $0.model.transitionRewards.allSatisfy { $0 >= 0 } }
    }
}
