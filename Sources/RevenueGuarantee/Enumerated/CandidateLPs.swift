import Combinatorial
import LinearOptimization

/// G_i as the minimum over candidate efficient outcomes o† of one LP each (thesis Sec. 3.6.1,
/// "exact alternative"): with o† forced efficient (`c_{o†} + v_i(o†) ≥ c_o + v_i(o)` for all
/// o), `max_o (c_o + v_i(o)) = c_{o†} + v_i(o†)` is linear, and the epigraph variables w_j are
/// exact at the optimum because they are minimized. Solved by CLP (thread-safe).
///
/// Candidates that cannot be efficient under the bounds of Θ_i are skipped
/// (``AgentView/possiblyEfficientOutcomes()``), as are LPs whose relaxed lower bound
/// `W_{-i} + Σ_j floor_j − (n−1)(c_{o†} + max v_i(o†))` is not below the best found.
public enum CandidateLPs {
    /// G_i and a minimizing type. `sink` receives each LP built (for `--write-models`).
    /// `lowerBound` is rigorous: the least ``Solution/provenBound`` of the LPs solved (dual
    /// bounds safe against rounding, Neumaier & Shcherbina 2004) and of the pruning bounds;
    /// −∞ when an LP's duals prove nothing. CLP's "infeasible" for a candidate is trusted.
    public static func revenueGuarantee(_ view: AgentView, options: SolveOptions,
                                        sink: ((String, Model) -> Void)? = nil) throws
        -> (guarantee: Double, type: [Double], lpCount: Int, solverSeconds: Double, lowerBound: Double, smallestType: [Double]?)
    {
        let p = view.problem, i = view.agent, n = p.agentCount
        var base = EpigraphModel(view, name: "G_\(p.agents[i])")
        let floors = base.epigraph.map { base.model.columnLower[$0.variable.index] }
        // w_j's upper bound by dominance: for a fixed type the least w_j is its largest row
        // constant + x_c (or its floor), at most `constant + u_c` — rounded up. It does not
        // change any optimum, and gives the rigorous dual bound a finite box for w_j (an
        // unbounded basic column cannot be bounded by rounding-error analysis alone).
        for (j, w) in base.epigraph {
            var cap = base.model.columnLower[w.index]
            for o in 0..<p.outcomeCount {
                cap = max(cap, (view.othersWithout(j, outcome: o) + view.highestValue[o]).nextUp)
            }
            base.model.setBounds(of: w, lower: base.model.columnLower[w.index], upper: cap)
        }
        let floorSum = floors.reduce(0, +)
        // Order candidates by their cheap lower bound, so the pruning bites early.
        let candidates = view.possiblyEfficientOutcomes().map { o -> (Int, Double) in
            (o, view.valueWithoutAgent + floorSum - Double(n - 1) * (view.others[o] + view.highestValue[o]))
        }.sorted { $0.1 < $1.1 }
        var best = Double.infinity
        var bestType = p.typeSpaces[i].lower
        var solved = 0
        var seconds = 0.0
        // The proven lower bound: every candidate is either solved (the rigorous dual bound of
        // its LP, `Solution.provenBound`) or pruned (its relaxed bound, at least the first
        // pruned one's, since they are sorted).
        var lowerBound = Double.infinity
        var bestModel: Model? = nil
        var bestHeld = Double.infinity
        for (dagger, bound) in candidates {
            if bound >= best - welfareTolerance(best) { lowerBound = min(lowerBound, bound); break }
            var lp = base
            lp.model.name = "G_\(p.agents[i])_given_\(dagger)"
            let cd = p.valueColumn[i][dagger]
            var feasible = true
            for o in 0..<p.outcomeCount where o != dagger {
                let co = p.valueColumn[i][o]
                let rhs = view.others[o] - view.others[dagger]
                // v_i(o†) − v_i(o) ≥ c_o − c_{o†}
                if co == cd || (co < 0 && cd < 0) {
                    if 0 < rhs - welfareTolerance(rhs) { feasible = false; break }
                    continue
                }
                if view.lowestValue[dagger] - view.highestValue[o] >= rhs { continue }  // implied by the bounds
                var cols: [Int32] = [], vals: [Double] = []
                if cd >= 0 { cols.append(Int32(base.type[Int(cd)].index)); vals.append(1) }
                if co >= 0 { cols.append(Int32(base.type[Int(co)].index)); vals.append(-1) }
                lp.model.addRow(columns: cols, values: vals, lower: rhs, upper: .infinity)
            }
            guard feasible else { continue }
            var objective = LinearExpression(constant: view.valueWithoutAgent - Double(n - 1) * view.others[dagger])
            for (_, w) in base.epigraph { objective.add(1, w) }
            if cd >= 0 { objective.add(-Double(n - 1), base.type[Int(cd)]) }
            lp.model.setObjective(objective, .minimize)
            sink?("agent-\(p.agents[i])-candidate-\(dagger)", lp.model)
            var opts = options
            opts.backend = .clp
            let solution = lp.model.solve(opts)
            solved += 1
            seconds += solution.solveSeconds
            if solution.status == .infeasible { continue }
            var s = try solution.requireOptimal()
            guard var value = s.objectiveValue else { continue }
            // The solver's optimum is not trusted: the rigorous dual bound of this LP is. When
            // the two disagree beyond rounding (CLP stopped within its tolerances at a point
            // that its own duals do not confirm), the LP is solved again by the primal and the
            // dual simplex from scratch; every proven bound is valid, so the best is kept, and
            // the least optimum's point is the candidate.
            var proven = s.provenBound ?? -.infinity
            if !(value - proven <= 1e-9 * max(1, abs(value))) {
                for algorithm in [CLPAlgorithm.primal, .dual] {
                    let again = lp.model.solveLP(algorithm: algorithm, options: opts)
                    solved += 1
                    seconds += again.solveSeconds
                    guard again.isOptimal, let v = again.objectiveValue else { continue }
                    proven = max(proven, again.provenBound ?? -.infinity)
                    if v < value { value = v; s = again }
                }
            }
            lowerBound = min(lowerBound, proven)
            if value < best {
                best = value
                // CLP's optimum can lie below the LP's true optimum (by its tolerances); the
                // proven bound cannot. The smallest minimizer holds the objective at the
                // larger of the two, so that its LP stays feasible.
                bestHeld = max(value, proven)
                bestType = base.type.map { s[$0] }
                bestModel = lp.model
            }
        }
        let smallest = bestModel.flatMap { smallestMinimizer($0, value: bestHeld, type: base.type, options: options) }
        guard best.isFinite else {
            throw RevenueGuaranteeError.invariantViolated("no candidate efficient outcome is feasible for agent \"\(p.agents[i])\" (is its domain empty?)")
        }
        return (best, bestType, solved, seconds, lowerBound, smallest)
    }

    /// Among the (near-)minimizers of an LP, one with the smallest coordinates: the LP again,
    /// its objective held within 1e-9 of its optimum, minimizing the sum of the type's
    /// coordinates that have finite lower bounds. Where the revenue is flat along a ray (a
    /// value beyond every rival), the simplex returns a vertex at the far end — 1e12, or a cap
    /// — and the revenue evaluated there in double precision loses the digits of the values;
    /// the smallest minimizer has coordinates of the instance's own size. `nil` when the
    /// second LP does not solve (the first minimizer is kept).
    static func smallestMinimizer(_ model: Model, value: Double, type: [Variable], options: SolveOptions) -> [Double]? {
        var m = model
        var columns: [Int32] = [], coefficients: [Double] = []
        for (k, c) in m.objective.enumerated() where c != 0 { columns.append(Int32(k)); coefficients.append(c) }
        m.addRow(columns: columns, values: coefficients, lower: -.infinity,
                 upper: value - m.objectiveConstant + 1e-9 * max(1, abs(value)))
        var objective = LinearExpression()
        for x in type where m.columnLower[x.index].isFinite { objective.add(1, x) }
        m.setObjective(objective, .minimize)
        var opts = options
        opts.backend = .clp
        let s = m.solve(opts)
        guard s.status == .optimal else { return nil }
        return type.map { s[$0] }
    }
}
