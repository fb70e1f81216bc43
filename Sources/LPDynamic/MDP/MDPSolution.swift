/// How optimal MDP values are computed.
public enum SolutionMethod: String, Sendable, CaseIterable, Codable {
    /// The exact LP of thesis §4.3 (one column per state, one row per state-action pair),
    /// solved by CLP. CLP's values are exact only to its tolerances (≈1e-7), so they are
    /// polished: the greedy policy of the LP values (its tight rows) is evaluated by a direct
    /// solve of (I − γP_π)V = r_π, i.e. the LP's optimal basis system is re-solved accurately.
    case lp
    /// The dual (occupancy-measure) LP (Puterman 1994 §6.9) solved by CLP; V* = its row duals,
    /// polished like ``lp``. Smaller basis (|S| rows), usually faster on CLP.
    case occupancyLP = "dual-lp"
    /// Value iteration, thesis eq. (4.4), stopped by the standard error bound.
    case valueIteration = "vi"
    /// Policy iteration (thesis §4.3) with exact-enough policy evaluation.
    case policyIteration = "pi"
}

/// Optimal values and an optimal policy of an ``MDP``.
public struct MDPSolution: Sendable {
    /// V*(s) for every state.
    public var values: [Double]
    /// π*(s) (an action index) for every state, chosen by ``MDP/greedyPolicy(values:)``;
    /// −1 for terminal states.
    public var policy: [Int]
    /// The method that produced the values.
    public var method: SolutionMethod
    /// Iterations (VI sweeps, PI improvement steps; 1 for the LP).
    public var iterations: Int
    /// The largest Bellman residual |V(s) − max_a Q(s,a)| of ``values`` (verified small).
    public var bellmanResidual: Double
}

extension MDP {
    /// Relative tolerance of the tie-break: Q-values within `1e-9·max(1, |Q|)` of the best are
    /// tied (ties are broken deterministically so that every method returns the same policy).
    public static let tieTolerance = 1e-9

    /// The greedy policy for `values` with the documented tie-break: in each state, the
    /// **lowest action index** whose Q-value is within `tieTolerance·max(1, |max Q|)` of the
    /// largest Q-value (the thesis leaves ties open; a fixed rule makes transfers reproducible). Terminal states get −1.
    public func greedyPolicy(values: [Double]) -> [Int] {
        (0..<stateCount).map { s in
            var best = -Double.infinity
            for a in 0..<actionCount { best = max(best, qValue(s, a, values: values)) }
            if best == -.infinity { return -1 }
            let slack = MDP.tieTolerance * max(1, abs(best))
            for a in 0..<actionCount where qValue(s, a, values: values) >= best - slack { return a }
            return -1
        }
    }

    /// max_s |V(s) − max_a Q(s,a)| (terminal states: |V(s)|).
    public func bellmanResidual(values: [Double]) -> Double {
        var worst = 0.0
        for s in 0..<stateCount {
            var best = -Double.infinity
            for a in 0..<actionCount { best = max(best, qValue(s, a, values: values)) }
            worst = max(worst, abs(values[s] - (best == -.infinity ? 0 : best)))
        }
        return worst
    }

    /// Optimal values V* and π* by `method`, verified afterwards: the Bellman residual must be
    /// at most `1e-7·max(1, max|V|)`, else ``MDPError/invariantViolated(_:)``.
    ///
    /// - Parameter tolerance: relative accuracy target of value iteration's stopping rule and
    ///   of the iterative policy evaluation.
    /// - Parameter timeLimit: wall-clock limit in seconds of each CLP solve (``SolutionMethod/lp``
    ///   and ``SolutionMethod/occupancyLP``); reaching it throws `SolverError.notOptimal`.
    public func optimalValues(method: SolutionMethod = .lp, tolerance: Double = 1e-11,
                              timeLimit: Double? = nil) throws -> MDPSolution {
        guard discount < 1 || isFiniteHorizon else {
            throw MDPError.invalidModel("an infinite horizon needs a discount below 1")
        }
        var values: [Double]
        var iterations = 1
        switch method {
        case .lp, .occupancyLP:
            let raw = method == .lp ? try exactLPValues(timeLimit: timeLimit) : try occupancyLPValues(timeLimit: timeLimit)
            values = policyEvaluation(policy: greedyPolicy(values: raw))
        case .valueIteration:
            let sweepLimit = 1_000_000
            (values, iterations) = valueIteration(tolerance: tolerance, maxSweeps: sweepLimit)
            if iterations >= sweepLimit, bellmanResidual(values: values) > 1e-7 * max(1, values.map(abs).max() ?? 0) {
                throw MDPError.iterationLimit(method: "value iteration", iterations: sweepLimit,
                                              detail: "Bellman residual \(bellmanResidual(values: values)) at discount \(discount)")
            }
        case .policyIteration: (values, _, iterations) = try policyIteration(tolerance: tolerance)
        }
        let residual = bellmanResidual(values: values)
        let scale = max(1, values.map(abs).max() ?? 0)
        guard residual <= 1e-7 * scale else {
            throw MDPError.invariantViolated(
                "\(method.rawValue) values have Bellman residual \(residual) (scale \(scale))")
        }
        return MDPSolution(values: values, policy: greedyPolicy(values: values), method: method,
                           iterations: iterations, bellmanResidual: residual)
    }
}
