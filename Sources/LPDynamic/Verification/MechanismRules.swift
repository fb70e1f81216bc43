import Foundation

/// The direct mechanisms the verifier can check (transfers are paid **to** the agent).
public enum VerifiedMechanismKind: String, Codable, Sendable, CaseIterable {
    /// Dynamic-VCG (thesis Def. 5.13, eq. 5.44).
    case dynamicVCG = "dynamic-vcg"
    /// Dynamic-basic-Groves (thesis Def. 5.10, eq. 5.17).
    case basicGroves = "basic-groves"
    /// Dynamic-EAC (thesis Def. 5.12, eq. 5.39) in a ``DynamicEACVariant``.
    case dynamicEAC = "dynamic-eac"
    /// The strawman of the thesis's Example 1 in §7.1: the policy that is optimal for the
    /// agents reporting in the current period as if they were the whole population, with
    /// dynamic-basic-Groves transfers among the reporting agents (an agent who sends the null
    /// report receives nothing). Promises nothing; the verifier shows its profitable hiding.
    case naiveBasicGroves = "naive-basic-groves"
    /// A negative control outside the dynamic-Groves class (the characterisation of thesis
    /// Theorem 5.3): dynamic-EAC with its charge recomputed each period from the others'
    /// *current* states, T_i = r_{-i}(θ^t, π*(θ^t)) − c_t·V*_{-i}(θ^t_{-i}), c_t spreading
    /// V*_{-i}(θ^t_{-i}) over the remaining periods. Through its actions an agent moves the others'
    /// states and hence its own charges, so truthfulness can fail. Promises nothing.
    case currentStateEAC = "current-state-eac"
}

/// A mechanism to verify: its kind and, for dynamic-EAC, its variant.
public struct VerifiedMechanism: Codable, Sendable, Hashable {
    /// The mechanism.
    public var kind: VerifiedMechanismKind
    /// The dynamic-EAC variant (nil for the other kinds; defaults to eq. 5.39 for dynamic-EAC).
    public var eacVariant: DynamicEACVariant?

    /// Creates a mechanism description.
    public init(_ kind: VerifiedMechanismKind, eacVariant: DynamicEACVariant? = nil) {
        self.kind = kind
        self.eacVariant = kind == .dynamicEAC ? (eacVariant ?? DynamicEACVariant()) : nil
    }

    /// Whether the mechanism accepts the null report (sending nothing while accessible).
    public var acceptsNullReport: Bool { kind == .naiveBasicGroves }
}

/// The precomputed values a mechanism needs on the grid, and its outcome for any report
/// profile: reports[i] is a local state index or nil (the null report φ).
struct MechanismRules: Sendable {
    let model: VerificationModel
    let mechanism: VerifiedMechanism
    /// Values of agent subsets, keyed by the bitmask of members.
    let subsets: [Int: SubsetValues]
    /// Per agent, the dynamic-EAC charge basis B_i (from the true initial profile).
    let eacBasis: [Double]

    var allMask: Int { (1 << model.agents.count) - 1 }

    init(model: VerificationModel, mechanism: VerifiedMechanism) throws {
        self.model = model
        self.mechanism = mechanism
        let n = model.agents.count
        guard mechanism.acceptsNullReport || model.alwaysAccessible else {
            throw VerificationError.unsupported(
                "\(mechanism.kind.rawValue) needs every agent accessible in every state (it has no null report)")
        }
        var masks: [Int] = [(1 << n) - 1]
        switch mechanism.kind {
        case .dynamicVCG: masks += (0..<n).map { ((1 << n) - 1) & ~(1 << $0) }
        case .dynamicEAC where mechanism.eacVariant?.basis == .othersOptimum, .currentStateEAC:
            masks += (0..<n).map { ((1 << n) - 1) & ~(1 << $0) }
        case .naiveBasicGroves: masks = Array(0..<(1 << n))
        default: break
        }
        let members = { (mask: Int) in (0..<n).filter { mask & (1 << $0) != 0 } }
        var subsets: [Int: SubsetValues] = [:]
        for mask in Set(masks) { subsets[mask] = SubsetValues(members: members(mask), model: model) }
        self.subsets = subsets
        let initial = model.agents.map(\.model.initialState)
        if let variant = mechanism.eacVariant {
            let full = subsets[(1 << n) - 1]!
            switch variant.basis {
            case .othersOptimum:
                eacBasis = (0..<n).map { subsets[((1 << n) - 1) & ~(1 << $0)]!.value(period: 0, profile: initial) }
            case .commonKnowledge:
                // W_{-i}(θ^0) = V*(θ^0) − W_i(θ^0), W_i by evaluating π* forward from θ^0.
                let w = MechanismRules.valuesUnderPolicy(model: model, full: full, from: initial)
                eacBasis = (0..<n).map { full.value(period: 0, profile: initial) - w[$0] }
            }
        } else {
            eacBasis = []
        }
    }

    /// Each agent's expected discounted reward under π* from the profile `start` at t = 0.
    static func valuesUnderPolicy(model: VerificationModel, full: SubsetValues, from start: [Int]) -> [Double] {
        let grid = full.grid
        var w = [[Double]](repeating: [Double](repeating: 0, count: grid.count), count: model.agents.count)
        for t in stride(from: model.horizon - 1, through: 0, by: -1) {
            var next = w
            for k in 0..<grid.count {
                let local = grid.decode(k)
                let a = full.policy[t][k]
                for i in model.agents.indices {
                    next[i][k] = model.agents[i].model.expectedReward(local[i], a)
                        + model.discount * productExpectation(grid: grid, model: model, local: local, action: a, of: w[i])
                }
            }
            w = next
        }
        let k0 = grid.index(fromProfile: start)
        return w.map { $0[k0] }
    }

    /// The action and every agent's transfer at period t for a report profile.
    func outcome(period t: Int, reports: [Int?]) -> (action: Int, transfers: [Double]) {
        let n = model.agents.count
        switch mechanism.kind {
        case .dynamicVCG, .basicGroves, .dynamicEAC, .currentStateEAC:
            let profile = reports.map { $0! }
            let full = subsets[allMask]!
            let a = full.action(period: t, profile: profile)
            let rewards = (0..<n).map { model.agents[$0].model.expectedReward(profile[$0], a) }
            let total = rewards.reduce(0, +)
            let transfers = (0..<n).map { i -> Double in
                switch mechanism.kind {
                case .dynamicVCG:
                    let others = subsets[allMask & ~(1 << i)]!
                    return others.qValue(period: t, profile: profile, action: a, model: model)
                        - others.value(period: t, profile: profile)
                case .basicGroves:
                    return total - rewards[i]
                case .currentStateEAC:
                    let remaining = model.horizon - t
                    let factor = model.discount == 1 ? 1 / Double(remaining)
                        : (1 - model.discount) / (1 - pow(model.discount, Double(remaining)))
                    return total - rewards[i] - factor * subsets[allMask & ~(1 << i)]!.value(period: t, profile: profile)
                default:
                    let variant = mechanism.eacVariant!
                    return total - rewards[i]
                        - variant.charge(basis: eacBasis[i], period: t, discount: model.discount, horizon: model.horizon)
                }
            }
            return (a, transfers)
        case .naiveBasicGroves:
            let mask = (0..<n).reduce(0) { reports[$1] == nil ? $0 : $0 | (1 << $1) }
            let profile = reports.map { $0 ?? 0 }
            let a = subsets[mask]!.action(period: t, profile: profile)
            var rewards = [Double](repeating: 0, count: n)
            for i in 0..<n where reports[i] != nil { rewards[i] = model.agents[i].model.expectedReward(profile[i], a) }
            let total = rewards.reduce(0, +)
            return (a, (0..<n).map { reports[$0] == nil ? 0 : total - rewards[$0] })
        }
    }
}
