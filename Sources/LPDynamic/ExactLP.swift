import LinearOptimization

extension MDP {
    /// V* by the exact primal LP of note ch4 §2.4 (Puterman 1994 §6.9), solved by CLP:
    ///
    ///     minimise Σ_s V(s)   s.t.   V(s) − γ Σ_{s'} τ(s,a,s') V(s') ≥ r(s,a)   ∀ available (s,a)
    ///
    /// One free column per state with weight w ≡ 1 (the thesis's weights), one row per available
    /// state-action pair. Terminal states (no action) are pinned to 0, which keeps the LP
    /// bounded when γ = 1 in a finite horizon (note ch4 §1.4). Throws
    /// `SolverError.notOptimal` when CLP does not prove optimality.
    public func exactLPValues() throws -> [Double] {
        let n = stateCount, m = actionCount
        var model = Model(name: "mdp-exact-lp")
        for s in 0..<n {
            let terminal = isTerminal(s)
            model.addVariable(lowerBound: terminal ? 0 : -.infinity, upperBound: terminal ? 0 : .infinity)
        }
        model.setObjective(LinearExpression(terms: (0..<n).map { (Variable(index: $0), 1.0) }), .minimize)
        var columns: [Int32] = []
        var coefficients: [Double] = []
        for s in 0..<n {
            for a in 0..<m {
                let range = transitions(s, a)
                if range.isEmpty { continue }
                columns.removeAll(keepingCapacity: true)
                coefficients.removeAll(keepingCapacity: true)
                var diagonal = 1.0
                for t in range {
                    let next = Int(successors[t])
                    if next == s { diagonal -= discount * probabilities[t]; continue }
                    columns.append(Int32(next))
                    coefficients.append(-discount * probabilities[t])
                }
                if diagonal != 0 {
                    columns.append(Int32(s))
                    coefficients.append(diagonal)
                }
                model.addRow(columns: columns, values: coefficients,
                             lower: expectedReward(s, a), upper: .infinity)
            }
        }
        let solution = try model.solve(SolveOptions(backend: .clp)).requireOptimal()
        return solution.values
    }
}
