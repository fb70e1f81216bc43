import InstanceIO

/// Options of ``solveMDP(_:options:)``.
public struct MDPSolveOptions: Sendable, Codable, Equatable {
    /// How V* is computed (exact LP by default).
    public var method: SolutionMethod
    /// Wall-clock limit in seconds of each CLP solve (LP methods only); `nil`: none.
    public var timeLimit: Double?

    /// Creates options (defaults: exact LP, no time limit).
    public init(method: SolutionMethod = .lp, timeLimit: Double? = nil) {
        self.method = method
        self.timeLimit = timeLimit
    }
}

/// Optimal values and an optimal policy of a kind "mdp" instance: the result JSON of
/// `rmsolve mdp --format json` (JSONEncoder with sorted keys gives it exactly). Numbers are
/// rounded to 10 significant digits.
public struct MDPResult: Sendable, Codable, Equatable {
    /// The instance's name.
    public var name: String
    /// The solution method.
    public var method: SolutionMethod
    /// The discount γ.
    public var discount: Double
    /// The initial state's name.
    public var initial: String
    /// V* at the initial state.
    public var value: Double
    /// V*(s) for every state, by name (time-indexed names `s@t` with a horizon).
    public var values: [String: Double]
    /// π*(s) for every non-terminal state: the action's name.
    public var policy: [String: String]
    /// Iterations of the method (VI sweeps, PI improvement steps; 1 for the LPs).
    public var iterations: Int
    /// The horizon H (number of decisions), absent for an infinite horizon.
    public var horizon: Int?
}

/// Solves a kind "mdp" instance: optimal values V*, the policy π* (lowest-index action among
/// Q-values within `1e-9·max(1, |Q|)` of the best) and the value at the initial state. With a
/// horizon H, states are time-indexed (`s@t`) and states at t = H are terminal (thesis §4.1).
/// The values are verified (Bellman residual at most `1e-7·max(1, max|V|)`).
///
/// ```swift
/// let instance = try MDPInstance.read(file: "instances/dynamic/forest.json")
/// let result = try solveMDP(instance, options: MDPSolveOptions(method: .policyIteration))
/// print(result.value, result.policy[result.initial] ?? "terminal")
/// ```
///
/// - Throws: ``MDPError`` for an inconsistent model or a failed verification,
///   `SolverError.notOptimal` when CLP stops early (e.g. at `options.timeLimit`).
public func solveMDP(_ instance: MDPInstance, options: MDPSolveOptions = .init()) throws -> MDPResult {
    if let t = options.timeLimit, !(t > 0 && t.isFinite) {
        throw DynamicOptionError("the time limit must be a positive number of seconds, found \(t)")
    }
    let mdp: MDP
    if let horizon = instance.horizon {
        mdp = try JointMDP(locals: [instance.mdp], names: ["mdp"], actionNames: instance.mdp.actionNames,
                           discount: instance.mdp.discount, horizon: horizon).mdp
    } else {
        mdp = instance.mdp
    }
    let solution = try mdp.optimalValues(method: options.method, timeLimit: options.timeLimit)
    var values: [String: Double] = [:], policy: [String: String] = [:]
    for s in 0..<mdp.stateCount {
        values[mdp.stateNames[s]] = reportedNumber(solution.values[s])
        if solution.policy[s] >= 0 { policy[mdp.stateNames[s]] = mdp.actionNames[solution.policy[s]] }
    }
    return MDPResult(
        name: instance.name, method: options.method, discount: mdp.discount,
        initial: mdp.stateNames[mdp.initialState], value: reportedNumber(solution.values[mdp.initialState]),
        values: values, policy: policy, iterations: solution.iterations, horizon: instance.horizon)
}
