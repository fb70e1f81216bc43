import InstanceIO

/// The instance kinds a dynamic mechanism runs on.
public enum DynamicInstanceKind: String, Sendable, Codable, CaseIterable {
    /// Agents with local MDPs over shared actions (thesis Ch. 5).
    case dynamic
    /// A multi-armed bandit, one arm per agent (thesis Ch. 6).
    case bandit
    /// Deliberation processes of an auction (thesis Ch. 8).
    case metadeliberation
    /// A changing population: agents arrive and depart (thesis §7.2).
    case population
}

/// The dynamic mechanisms, by the name used in results and on the command line. Which apply
/// to which kind: ``available(for:)``.
public enum DynamicMechanismName: String, Sendable, Codable, CaseIterable {
    /// Dynamic-VCG (thesis Def. 5.13; bandit form Def. 6.1; metadeliberation auction Defs. 8.2-8.3).
    case dynamicVCG = "dynamic-vcg"
    /// Dynamic-basic-Groves (thesis Def. 5.10), kind "dynamic" only.
    case basicGroves = "basic-groves"
    /// Dynamic-balanced (thesis Def. 5.14), kind "dynamic" only.
    case dynamicBalanced = "dynamic-balanced"
    /// Dynamic-RM (thesis Def. 6.2), kind "bandit" only.
    case dynamicRM = "dynamic-rm"
    /// Dynamic-EAC, the ex ante charge mechanism (thesis Def. 5.12, eq. 5.39), kind "dynamic" only.
    case dynamicEAC = "dynamic-eac"
    /// Online-dynamic-VCG (thesis Def. 7.4, eq. 7.11), kind "population" only.
    case onlineDynamicVCG = "online-dynamic-vcg"
    /// Online-VCG-γ (thesis Def. 7.5, eq. 7.12), kind "population" only.
    case onlineVCGGamma = "online-vcg-gamma"

    /// The mechanisms that run on instances of `kind`, the first being the default.
    public static func available(for kind: DynamicInstanceKind) -> [DynamicMechanismName] {
        switch kind {
        case .dynamic: return [.dynamicVCG, .basicGroves, .dynamicBalanced, .dynamicEAC]
        case .bandit: return [.dynamicVCG, .dynamicRM]
        case .metadeliberation: return [.dynamicVCG]
        case .population: return [.onlineDynamicVCG, .onlineVCGGamma]
        }
    }
}

/// Errors of ``runDynamicMechanism(_:options:)`` that are about the instance and mechanism
/// rather than the file's syntax.
public enum DynamicMechanismError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The mechanism does not run on this kind (see ``DynamicMechanismName/available(for:)``).
    case mechanismNotAvailable(DynamicMechanismName, kind: DynamicInstanceKind)
    /// A bandit arm has a negative reward: individual rationality of dynamic-RM (Z_i ≥ 0) and
    /// the values without an idle action need rewards ≥ 0 (thesis §6.2).
    case negativeReward(arm: Int, armName: String, state: String, reward: Double)
    /// An agent's expected utility is negative (individual rationality fails).
    case notIndividuallyRational(agent: String, utility: Double)

    public var description: String {
        switch self {
        case .mechanismNotAvailable(let mechanism, let kind):
            if kind == .metadeliberation {
                return "kind \"metadeliberation\" runs the metadeliberation auction (Defs. 8.2/8.3, "
                    + "dynamic-VCG specialised), not \(mechanism.rawValue)"
            }
            return "mechanism \"\(mechanism.rawValue)\" does not run on kind \"\(kind.rawValue)\" (available: "
                + DynamicMechanismName.available(for: kind).map(\.rawValue).joined(separator: ", ") + ")"
        case .negativeReward(_, let name, let state, let reward):
            return "the bandit mechanisms need rewards ≥ 0 (thesis §6.2); arm \(name), state \(state) has \(reward)"
        case .notIndividuallyRational(let agent, let utility):
            return "agent \(agent)'s expected utility \(utility) is negative (not individually rational)"
        }
    }

    /// The JSON path of the offending value in the instance file, when there is one.
    public var location: String? {
        if case .negativeReward(let arm, _, let state, _) = self { return "$.arms[\(arm)].rewards.\(state)" }
        return nil
    }
}

/// An instance a dynamic mechanism runs on, one case per kind. ``read(path:)`` dispatches on
/// the file's `"kind"`.
///
/// ```swift
/// let instance = try DynamicInstanceFile.read(path: "instances/bandit/figure-4.7.json")
/// print(instance.kind)   // bandit
/// ```
public enum DynamicInstanceFile: Sendable {
    /// Kind "dynamic": agents' local MDPs.
    case dynamic(DynamicInstance)
    /// Kind "bandit": one arm per agent.
    case bandit(BanditInstance)
    /// Kind "metadeliberation": deliberation processes.
    case metadeliberation(MetadeliberationInstance)
    /// Kind "population": arrivals, local MDPs per arrival type, a population cap.
    case population(PopulationModel)

    /// The instance's kind.
    public var kind: DynamicInstanceKind {
        switch self {
        case .dynamic: return .dynamic
        case .bandit: return .bandit
        case .metadeliberation: return .metadeliberation
        case .population: return .population
        }
    }

    /// Reads a kind "dynamic", "bandit" or "metadeliberation" file. Every problem is an
    /// `InstanceError` naming the file and the JSON path, including a bandit reward below 0
    /// (the bandit mechanisms need rewards ≥ 0, see ``DynamicMechanismError/negativeReward(arm:armName:state:reward:)``).
    public static func read(path: String) throws -> DynamicInstanceFile {
        let root = try JSONValue.parse(contentsOf: path)
        let kindNode = try root["kind"]
        let kind = try kindNode.string()
        switch DynamicInstanceKind(rawValue: kind) {
        case .dynamic: return .dynamic(try DynamicInstance.read(file: path))
        case .bandit:
            let bandit = try BanditInstance.read(from: path)
            do {
                try checkBanditRewards(bandit)
            } catch let error as DynamicMechanismError {
                throw InstanceError(file: path, location: error.location ?? "$", message: error.description)
            }
            return .bandit(bandit)
        case .metadeliberation: return .metadeliberation(try MetadeliberationInstance.read(from: path))
        case .population: return .population(try PopulationModel.read(file: path))
        case nil:
            throw kindNode.error("a dynamic mechanism needs kind \"dynamic\", \"bandit\", \"metadeliberation\" or "
                + "\"population\", found \"\(kind)\"")
        }
    }
}

/// Throws ``DynamicMechanismError/negativeReward(arm:armName:state:reward:)`` for the first
/// negative reward of a finite arm (Beta arms' rewards are 0 or 1).
func checkBanditRewards(_ bandit: BanditInstance) throws {
    for (k, arm) in bandit.arms.enumerated() {
        if case .chain(let chain) = arm.model, let s = chain.rewards.firstIndex(where: { $0 < 0 }) {
            throw DynamicMechanismError.negativeReward(arm: k, armName: arm.name, state: chain.states[s],
                                                       reward: chain.rewards[s])
        }
    }
}
