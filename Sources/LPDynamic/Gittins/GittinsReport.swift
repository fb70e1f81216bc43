/// The methods of `rmsolve gittins --method` (thesis §4.4).
public enum GittinsMethod: String, CaseIterable, Sendable, Codable {
    /// The thesis's Katehakis–Veinott restart-in-state MDP, one CLP LP per state.
    case lp
    /// Largest-remaining-index (Varaiya–Walrand–Buyukkoc) by state elimination, O(n³).
    case lri
    /// Calibration: bisection on the retirement value (thesis eq. 4.7-4.8).
    case calibration
}

/// The indices of one arm, as reported by `rmsolve gittins` (result JSON: `"arms"` with `"name"` and
/// `"indices"`, state → index).
public struct ArmIndices: Sendable, Equatable {
    /// The arm's name.
    public var name: String
    /// The indexed states' names.
    public var states: [String]
    /// ν of each state in ``states`` (reward-rate form: `sup_ρ E[Σ_{t<ρ} γ^t r]/E[Σ_{t<ρ} γ^t]`).
    public var indices: [Double]
    /// The method that computed them (Beta arms always use calibration).
    public var method: GittinsMethod
    /// For a Beta arm: the truncation depth used (see ``BetaArm/truncationDepth(discount:errorBound:)``).
    public var truncationDepth: Int?
    /// For a Beta arm: the proven bound on the truncation error of the index.
    public var truncationErrorBound: Double?
}

extension BanditInstance {
    /// The Gittins index of every state of every finite arm, and of the current state of every
    /// Beta arm (by calibration, error below `betaErrorBound`), with `method` for finite arms.
    ///
    /// Every result is checked before it is returned: each index lies in `[r(s), max r]`, and
    /// the LP and calibration results agree with the state-elimination method within
    /// `1e-7·scale` (a disagreement throws ``GittinsError``).
    ///
    /// ```swift
    /// let arms = try BanditInstance.read(from: "b.json").gittinsIndices(method: .lp)
    /// ```
    ///
    /// `jobs` and `timeLimit` apply to method `lp`: at most `jobs` LPs at once (default: one
    /// per state) and a wall-clock limit in seconds per CLP solve.
    public func gittinsIndices(method: GittinsMethod, betaErrorBound: Double = 1e-9, jobs: Int? = nil,
                               timeLimit: Double? = nil) throws -> [ArmIndices] {
        try arms.map { arm in
            switch arm.model {
            case .beta(let beta):
                let result = beta.gittinsIndex(discount: discount, errorBound: betaErrorBound)
                guard result.index >= beta.alpha / (beta.alpha + beta.beta) - betaErrorBound,
                      result.index <= 1 + betaErrorBound
                else {
                    throw GittinsError.invariantViolated(
                        "index \(result.index) of Beta arm \(arm.name) is outside [p, 1]")
                }
                return ArmIndices(
                    name: arm.name, states: [beta.stateName], indices: [result.index],
                    method: .calibration, truncationDepth: result.truncationDepth,
                    truncationErrorBound: result.truncationErrorBound)
            case .chain(let chain):
                let reference = GittinsIndex.largestRemainingIndex(chain, discount: discount)
                let scale = max(1, chain.rewards.map(abs).max()!)
                for s in 0..<chain.count {
                    try GittinsIndex.checkIndexBounds(
                        reference.indices[s], arm: chain, state: s, tolerance: 1e-9 * scale)
                }
                let indices: [Double]
                switch method {
                case .lri: indices = reference.indices
                case .lp:
                    indices = try GittinsIndex.restartLP(chain, discount: discount, jobs: jobs, timeLimit: timeLimit)
                        .map { $0 ?? .nan }
                case .calibration:
                    indices = try GittinsIndex.calibration(chain, discount: discount).map { $0 ?? .nan }
                }
                for s in 0..<chain.count where !(abs(indices[s] - reference.indices[s]) <= 1e-7 * scale) {
                    throw GittinsError.invariantViolated(
                        "arm \(arm.name), state \(chain.states[s]): \(method.rawValue) index "
                            + "\(indices[s]) disagrees with state elimination \(reference.indices[s])")
                }
                return ArmIndices(name: arm.name, states: chain.states, indices: indices, method: method)
            }
        }
    }
}
