extension Model {
    /// Solves the model with COIN-OR: CBC for models with integer variables, CLP for LPs,
    /// unless ``SolveOptions/backend`` says otherwise.
    ///
    /// A fresh solver model is built for every call and freed afterwards, so the call is
    /// safe to make concurrently on different models (see ``SolverConcurrency``).
    /// The returned status is never `optimal` unless the solver proved it.
    public func solve(_ options: SolveOptions = SolveOptions()) -> Solution {
        let useCBC: Bool
        switch options.backend {
        case .automatic: useCBC = hasIntegerVariables
        case .cbc: useCBC = true
        case .clp: useCBC = false
        }
        if useCBC {
            var solution = SolverConcurrency.withCBC {
                CBCProblem(self, names: false).solve(self, options: options)
            }
            if solution.status == .infeasible { solution.status = confirmInfeasible() }
            return solution
        }
        return CLPProblem(self).solve(self, options: options)
    }

    /// CBC 2.10 can call an unbounded problem infeasible (reported on its public tracker).
    /// CBC's "infeasible" is therefore checked against CLP on the LP relaxation: an infeasible
    /// relaxation confirms it; an unbounded relaxation means the model is unbounded (an LP) or
    /// infeasible-or-unbounded (a MIP, reported as a solver error rather than guessed).
    private func confirmInfeasible() -> SolveStatus {
        let relaxation = CLPProblem(self).solve(self, options: SolveOptions())
        switch relaxation.status {
        case .unbounded where !hasIntegerVariables: return .unbounded
        case .unbounded:
            return .solverError(
                "CBC reports the model infeasible but its LP relaxation is unbounded: "
                    + "the model is infeasible or unbounded")
        default: return .infeasible
        }
    }
}
