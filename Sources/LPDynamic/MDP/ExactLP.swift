import LinearOptimization

extension MDP {
    /// V* by the exact primal LP of thesis §4.3 (Puterman 1994 §6.9), solved by CLP:
    ///
    ///     minimise Σ_s V(s)   s.t.   V(s) − γ Σ_{s'} τ(s,a,s') V(s') ≥ r(s,a)   ∀ available (s,a)
    ///
    /// One free column per state with weight w ≡ 1 (the thesis's weights), one row per available
    /// state-action pair. Terminal states (no action) are pinned to 0, which keeps the LP
    /// bounded when γ = 1 in a finite horizon (thesis §4.1, finite horizon). Throws
    /// `SolverError.notOptimal` when CLP does not prove optimality (or hits `timeLimit`).
    /// The values are CLP's column solution, accurate to CLP's tolerances (≈1e-7);
    /// ``optimalValues(method:tolerance:)`` polishes them (see ``SolutionMethod/lp``).
    public func exactLPValues(algorithm: CLPAlgorithm = .automatic, timeLimit: Double? = nil) throws -> [Double] {
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
        let solution = try model.solveLP(algorithm: algorithm, options: SolveOptions(backend: .clp, timeLimit: timeLimit))
            .requireOptimal()
        return solution.values
    }
}

extension MDP {
    /// V* from the dual (occupancy-measure) form of the exact LP (Puterman 1994 §6.9; not in the thesis):
    ///
    ///     maximise Σ r(s,a) x(s,a)  s.t.  Σ_a x(s',a) − γ Σ_{s,a} τ(s,a,s') x(s,a) = 1  ∀ s',  x ≥ 0
    ///
    /// By LP duality its optimal row duals are the primal optimum V* (w ≡ 1). One column per
    /// available pair, one row per state: the basis is |S| × |S| instead of |S||A| × |S||A|.
    /// Terminal states' rows are free (their value is pinned to 0 in the primal), so their dual is 0.
    public func occupancyLPValues(algorithm: CLPAlgorithm = .automatic, timeLimit: Double? = nil) throws -> [Double] {
        let n = stateCount, m = actionCount
        var model = Model(name: "mdp-occupancy-lp")
        // Build column-wise data, then emit rows (the modeling layer is row-oriented).
        var rowEntries = [[(Int32, Double)]](repeating: [], count: n)
        var objective: [(Variable, Double)] = []
        for s in 0..<n {
            for a in 0..<m {
                let range = transitions(s, a)
                if range.isEmpty { continue }
                let x = model.addVariable(lowerBound: 0, upperBound: .infinity)
                objective.append((x, expectedReward(s, a)))
                var diagonal = 1.0
                for t in range {
                    let next = Int(successors[t])
                    if next == s { diagonal -= discount * probabilities[t] } else {
                        rowEntries[next].append((Int32(x.index), -discount * probabilities[t]))
                    }
                }
                if diagonal != 0 { rowEntries[s].append((Int32(x.index), diagonal)) }
            }
        }
        model.setObjective(LinearExpression(terms: objective), .maximize)
        for s in 0..<n {
            // A terminal state's row has only inflow terms; its right-hand side 1 is then
            // unattainable, so it gets the free range (−∞, ∞) and dual 0 (value pinned to 0).
            let bound: (Double, Double) = isTerminal(s) ? (-.infinity, .infinity) : (1, 1)
            model.addRow(columns: rowEntries[s].map(\.0), values: rowEntries[s].map(\.1), lower: bound.0, upper: bound.1)
        }
        let solution = try model.solveLP(algorithm: algorithm, options: SolveOptions(backend: .clp, timeLimit: timeLimit))
            .requireOptimal()
        guard let duals = solution.rowDuals else {
            throw MDPError.invariantViolated("CLP returned no row duals for the occupancy LP")
        }
        return duals
    }
}
