import Foundation

/// How dynamic-EAC collects its ex ante charge (thesis Def. 5.12, eq. 5.39, and the variants
/// discussed after Theorem 5.4). Every schedule except ``literal`` collects, in expected
/// present value, exactly the charge basis B_i; they differ only in *when* it is collected.
public enum EACChargeSchedule: String, Codable, Sendable, CaseIterable {
    /// The same charge c_i in every period t < H, normalised so that Σ_{t<H} γ^t c_i = B_i:
    /// c_i = (1−γ)B_i with an infinite horizon (eq. 5.39 as printed), (1−γ)B_i/(1−γ^H) with a
    /// horizon of H decisions (B_i/H when γ = 1). The charge is levied in every period up to
    /// the horizon whatever the state, so its discounted sum never depends on any report.
    case perPeriod = "per-period"
    /// The whole basis B_i charged once, at t = 0, and nothing afterwards (the equivalent
    /// "lump sum" form the thesis mentions right after Theorem 5.4).
    case lumpSum = "lump-sum"
    /// Eq. 5.39 read literally with a finite horizon: c_i = (1−γ)B_i in every period t < H.
    /// Its discounted sum is (1−γ^H)B_i < B_i, so the ex ante no-deficit of Theorem 5.4 can
    /// fail (it needs K = ∞); kept as a negative control. Identical to ``perPeriod`` when the
    /// horizon is infinite.
    case literal = "literal"
}

/// Which amount dynamic-EAC charges each agent ex ante.
public enum EACChargeBasis: String, Codable, Sendable, CaseIterable {
    /// B_i = V*_{-i}(θ^0_{-i}): the optimal value of the others without i, from their initial
    /// reports (thesis eq. 5.39). Ex ante utility V*(θ^0) − V*_{-i}(θ^0_{-i}) ≥ 0 and the same
    /// ex ante revenue as dynamic-VCG (Theorem 5.4).
    case othersOptimum = "others-optimum"
    /// B_i = W_{-i}(θ^0): the others' value under the social policy π* from a θ^0 that is common
    /// knowledge (the thesis's variant charging V_{-i}(θ^0) with a joint-type argument). Ex
    /// ante revenue is exactly 0 and agent i's ex ante utility is W_i(θ^0). Only meaningful
    /// when θ^0 is not reported: agent i's own initial type enters the charge.
    case commonKnowledge = "common-knowledge"
}

/// One variant of dynamic-EAC: a charge basis and a schedule.
public struct DynamicEACVariant: Codable, Sendable, Hashable {
    /// The charge basis B_i.
    public var basis: EACChargeBasis
    /// When B_i is collected.
    public var schedule: EACChargeSchedule

    /// Creates a variant; the default is eq. 5.39 (others' optimum, per period, normalised).
    public init(basis: EACChargeBasis = .othersOptimum, schedule: EACChargeSchedule = .perPeriod) {
        self.basis = basis
        self.schedule = schedule
    }

    /// The charge collected in period t from an agent with basis `b` (0 at or past the horizon).
    public func charge(basis b: Double, period t: Int, discount gamma: Double, horizon: Int?) -> Double {
        if let h = horizon, t >= h { return 0 }
        switch schedule {
        case .lumpSum: return t == 0 ? b : 0
        case .literal: return (1 - gamma) * b
        case .perPeriod: return DynamicEACVariant.perPeriodFactor(discount: gamma, horizon: horizon) * b
        }
    }

    /// The expected present value at t = 0 of all charges, as a multiple of B_i (1 except for
    /// ``EACChargeSchedule/literal`` with a finite horizon: 1 − γ^H).
    public func discountedChargeFactor(discount gamma: Double, horizon: Int?) -> Double {
        switch schedule {
        case .lumpSum, .perPeriod: return 1
        case .literal:
            guard let h = horizon else { return 1 }
            return 1 - pow(gamma, Double(h))
        }
    }

    /// c_i / B_i for ``EACChargeSchedule/perPeriod``: 1−γ (K = ∞), (1−γ)/(1−γ^H), or 1/H at γ = 1.
    public static func perPeriodFactor(discount gamma: Double, horizon: Int?) -> Double {
        guard let h = horizon else { return 1 - gamma }
        if gamma == 1 { return 1 / Double(h) }
        return (1 - gamma) / (1 - pow(gamma, Double(h)))
    }
}

/// One agent's outcome under dynamic-EAC, from the initial joint state.
public struct DynamicEACAgent: Codable, Sendable, Equatable {
    /// The agent's name.
    public var name: String
    /// V*_{-i}(θ^0_{-i}): the others' optimal value without i.
    public var valueWithout: Double
    /// W_{-i}(θ^0): the others' value under π*.
    public var valueToOthersUnderPolicy: Double
    /// W_i(θ^0): the agent's own expected discounted reward under π*.
    public var valueUnderPolicy: Double
    /// The charge basis B_i of the variant.
    public var chargeBasis: Double
    /// The charge levied in each period t < H (0 for the lump-sum schedule).
    public var chargePerPeriod: Double
    /// The charge levied once at t = 0 (0 unless the schedule is the lump sum).
    public var lumpSum: Double
    /// Expected present value at t = 0 of all charges.
    public var discountedCharges: Double
    /// E[Σ_t γ^t T_i] = W_{-i}(θ^0) − discounted charges (thesis eqs. 5.40-5.43).
    public var expectedTransfers: Double
    /// Ex ante utility W_i(θ^0) + expected transfers = V*(θ^0) − discounted charges.
    public var expectedUtility: Double
    /// The transfer at the initial state: r_{-i}(θ^0, π*(θ^0)) − charge of period 0.
    public var transfer: Double
}

/// Dynamic-EAC (thesis Def. 5.12, eq. 5.39) evaluated on an instance.
public struct DynamicEACResult: Codable, Sendable, Equatable {
    /// Always "dynamic-eac".
    public var mechanism: String
    /// The variant evaluated.
    public var variant: DynamicEACVariant
    /// The instance name.
    public var instance: String
    /// γ.
    public var discount: Double
    /// The horizon H (number of decisions), nil for an infinite horizon.
    public var horizon: Int?
    /// V*(θ^0).
    public var value: Double
    /// Ex ante expected revenue −Σ_i E[Σ_t γ^t T_i].
    public var expectedRevenue: Double
    /// π* at the joint states reached under π* (state name → action name).
    public var policy: [String: String]
    /// Per agent, in instance order.
    public var agents: [DynamicEACAgent]
    /// Every agent's ex ante utility is ≥ 0 (thesis Def. 5.8; Theorem 5.4 with non-negative values).
    public var exAnteIR: Bool
    /// Ex ante revenue ≥ 0 (thesis Def. 5.9).
    public var exAnteNoDeficit: Bool
    /// The smallest revenue −Σ_i T_i collected in one period at a joint state reached under π*
    /// (negative: that period runs a deficit; dynamic-EAC does not promise per-period balance).
    public var worstPeriodRevenue: Double
}

extension DynamicAnalysis {
    /// The charge basis B_i of `basis` at the initial joint state.
    public func eacChargeBasis(agent i: Int, basis: EACChargeBasis) -> Double {
        let s0 = joint.mdp.initialState
        switch basis {
        case .othersOptimum: return valueWithout(agent: i, state: s0)
        case .commonKnowledge: return valueToOthersUnderSocialPolicy(agent: i, state: s0)
        }
    }

    /// Dynamic-EAC transfer to agent i at reported joint state s in period t (thesis eq. 5.39):
    /// T_i(s) = r_{-i}(s_{-i}, π*(s)) − (charge due in period t), the charge computed from the
    /// basis at θ^0 (with a finite horizon t must be the state's time index).
    public func eacTransfer(agent i: Int, state s: Int, period t: Int, variant: DynamicEACVariant) -> Double {
        let b = eacChargeBasis(agent: i, basis: variant.basis)
        let a = social.policy[s]
        let others = a < 0 ? 0 : (0..<agentCount).filter { $0 != i }.reduce(0) { $0 + reward(agent: $1, state: s, action: a) }
        return others - variant.charge(basis: b, period: t, discount: instance.discount, horizon: instance.horizon)
    }

    /// Evaluates dynamic-EAC (thesis Def. 5.12, eq. 5.39) in `variant` from the initial state:
    /// expected transfers W_{-i}(θ^0) − Σ_t γ^t c_i, ex ante utility V*(θ^0) − Σ_t γ^t c_i,
    /// revenue, and the ex ante IR / no-deficit flags. The expected transfers are computed twice
    /// (closed form, and policy evaluation of the per-state transfer plus the charge schedule)
    /// and must agree (relative 1e-7), else ``MDPError/invariantViolated(_:)``.
    public func evaluateEAC(_ variant: DynamicEACVariant = .init()) throws -> DynamicEACResult {
        let mdp = joint.mdp
        let s0 = mdp.initialState
        let gamma = instance.discount
        let horizon = instance.horizon
        let scale = max(1, social.values.map(abs).max() ?? 0)
        let tolerance = 1e-7 * scale
        let factor = variant.discountedChargeFactor(discount: gamma, horizon: horizon)
        var agents: [DynamicEACAgent] = []
        for i in 0..<agentCount {
            let b = eacChargeBasis(agent: i, basis: variant.basis)
            let others = valueToOthersUnderSocialPolicy(agent: i, state: s0)
            let discounted = b * factor
            // Second computation: policy evaluation of r_{-i}(s, π*(s)) (the charge schedule is
            // state-independent, its present value is summed separately).
            let flow = (0..<mdp.stateCount).map { s -> Double in
                let a = social.policy[s]
                return a < 0 ? 0 : (0..<agentCount).filter { $0 != i }.reduce(0) { $0 + reward(agent: $1, state: s, action: a) }
            }
            let othersByEvaluation = mdp.policyEvaluation(policy: social.policy, flow: flow)[s0]
            var scheduleValue = 0.0
            if variant.schedule == .lumpSum {
                scheduleValue = b
            } else if let h = horizon {
                for t in 0..<h { scheduleValue += pow(gamma, Double(t)) * variant.charge(basis: b, period: t, discount: gamma, horizon: h) }
            } else {
                scheduleValue = variant.charge(basis: b, period: 0, discount: gamma, horizon: nil) / (1 - gamma)
            }
            guard abs(othersByEvaluation - others) <= tolerance, abs(scheduleValue - discounted) <= tolerance else {
                throw MDPError.invariantViolated("dynamic-EAC expected transfers disagree between the closed form and policy evaluation")
            }
            let expected = others - discounted
            let perPeriod = variant.schedule == .lumpSum ? 0 : variant.charge(basis: b, period: 0, discount: gamma, horizon: horizon)
            agents.append(DynamicEACAgent(
                name: instance.agents[i].name, valueWithout: valueWithout(agent: i, state: s0),
                valueToOthersUnderPolicy: others, valueUnderPolicy: agentValues[i][s0], chargeBasis: b,
                chargePerPeriod: perPeriod, lumpSum: variant.schedule == .lumpSum ? b : 0,
                discountedCharges: discounted, expectedTransfers: expected,
                expectedUtility: agentValues[i][s0] + expected,
                transfer: eacTransfer(agent: i, state: s0, period: 0, variant: variant)))
        }
        var policy: [String: String] = [:]
        var worst = Double.infinity
        for s in statesReachedUnderPolicy() {
            policy[mdp.stateNames[s]] = mdp.actionNames[social.policy[s]]
            // With an infinite horizon a state may recur: check it both at t = 0 and later.
            let periods = horizon == nil ? (s == s0 ? [0, 1] : [1]) : [joint.times[s]]
            for t in periods {
                let total = (0..<agentCount).reduce(0.0) { $0 + eacTransfer(agent: $1, state: s, period: t, variant: variant) }
                worst = min(worst, -total)
            }
        }
        let revenue = -agents.reduce(0) { $0 + $1.expectedTransfers }
        return DynamicEACResult(
            mechanism: "dynamic-eac", variant: variant, instance: instance.name, discount: gamma, horizon: horizon,
            value: value(state: s0), expectedRevenue: revenue, policy: policy, agents: agents,
            exAnteIR: agents.allSatisfy { $0.expectedUtility >= -tolerance }, exAnteNoDeficit: revenue >= -tolerance,
            worstPeriodRevenue: worst == .infinity ? 0 : worst)
    }
}

/// Reads a kind "dynamic" file, solves it and evaluates dynamic-EAC in `variant` (the library
/// entry point behind `rmsolve dynamic --mechanism dynamic-eac`).
///
/// ```swift
/// let result = try runDynamicEAC(file: "instances/populations/car-gamma-0.9-eac.json",
///                                variant: DynamicEACVariant(basis: .othersOptimum, schedule: .lumpSum))
/// result.expectedRevenue   // 22.25, the same as dynamic-VCG
/// ```
public func runDynamicEAC(
    file: String, variant: DynamicEACVariant = .init(), method: SolutionMethod = .lp, maxStates: Int = 1_000_000
) throws -> DynamicEACResult {
    let instance = try DynamicInstance.read(file: file)
    return try DynamicAnalysis(instance: instance, method: method, maxStates: maxStates).evaluateEAC(variant)
}
