import Combinatorial
import LinearOptimization

/// The thesis's MIP for G_i (thesis Sec. 3.6.1, eq. 3.25-3.26), solved by CBC:
///
///     min  W_{-i} + Σ_{j≠i} w_j − (n−1)·W
///     s.t. w_j ≥ c^j_o + v_i(o)                  ∀ j ≠ i, o   (epigraphs of the max terms)
///          W ≥ c_o + v_i(o)                      ∀ o          (W is at least the welfare)
///          W ≤ c_o + v_i(o) + M_o·(1 − z_o)      ∀ o          (W is the welfare of the chosen o)
///          Σ_o z_o = 1,  z_o ∈ {0, 1},  x ∈ Θ_i
///
/// (an equivalent form; the thesis's `v'_i(o) ≤ c_o·M` product form has the
/// same binaries). At the optimum W = max_o (c_o + v_i(o)) and each w_j is its max.
///
/// The smallest valid big-M: the row for o must be slack whenever z_o = 0, i.e.
/// `M_o ≥ W − c_o − v_i(o)` at every feasible point; with W = max_{o'} (c_{o'} + v_i(o')),
/// `M_o = max_{o'} (c_{o'} + u_{o'}) − (c_o + l_o)`, where l, u are the bounds of v_i in Θ_i.
/// For a box with distinct coordinates per outcome this bound is attained, so no smaller
/// constant is valid. It needs finite bounds: infinite upper bounds are capped by
/// ``SufficientCap`` when its proof applies, else the MIP is refused (use the LPs). Outcomes that cannot be efficient
/// (`c_o + u_o < max_{o'} (c_{o'} + l_{o'})`) get z_o fixed at 0.
public enum BigMMIP {
    /// The big-M of each outcome's row (see the type's documentation).
    public static func bigM(_ view: AgentView) -> [Double] {
        let m = view.problem.outcomeCount
        var top = -Double.infinity
        for o in 0..<m { top = max(top, view.others[o] + view.highestValue[o]) }
        return (0..<m).map { max(0, top - view.others[$0] - view.lowestValue[$0]) }
    }

    /// Builds agent i's MIP. `reduced: false` gives the plain formulation (every epigraph
    /// row, no binary fixed) for baselines; both are exact.
    /// Infinite upper bounds are replaced by ``SufficientCap`` where it applies.
    public static func model(_ view: AgentView, reduced: Bool = true) throws -> Model {
        var view = view
        if reduced, !view.problem.typeSpaces[view.agent].rows.isEmpty,
           view.problem.typeSpaces[view.agent].dimension <= tighteningDimensionLimit {
            var tightened = view.problem
            tightened.typeSpaces[view.agent] = tightenedBounds(view.problem.typeSpaces[view.agent])
            view = AgentView(problem: tightened, agent: view.agent, values: view.values)
        }
        if !view.highestValue.allSatisfy(\.isFinite), let cap = SufficientCap.cap(view) {
            var capped = view.problem
            capped.typeSpaces[view.agent].upper = capped.typeSpaces[view.agent].upper.map { min($0, cap) }
            view = AgentView(problem: capped, agent: view.agent, values: view.values)
        }
        if BoxClosedForm.applies(to: view.problem, agent: view.agent) {
            // A box with one coordinate per outcome: caps of the size of the values (not of
            // the domain's bounds, which may be 1e11 times larger) keep G_i and make the
            // big-M as small as the values themselves (``BoxClosedForm/sufficientCap(_:)``).
            let cap = BoxClosedForm.sufficientCap(view)
            var capped = view.problem
            let space = capped.typeSpaces[view.agent]
            capped.typeSpaces[view.agent].upper = zip(space.lower, space.upper).map { min($1, max($0, cap)) }
            view = AgentView(problem: capped, agent: view.agent, values: view.values)
        }
        let p = view.problem, i = view.agent, n = p.agentCount, m = p.outcomeCount
        guard view.highestValue.allSatisfy(\.isFinite), view.lowestValue.allSatisfy(\.isFinite) else {
            throw RevenueGuaranteeError.unboundedDomainForMIP(agent: p.agents[i])
        }
        var e = EpigraphModel(view, name: "G_\(p.agents[i])", reduced: reduced)
        let M = bigM(view)
        let welfare = e.model.addVariable(lowerBound: -.infinity, upperBound: .infinity, name: "W")
        let possible = Set(view.possiblyEfficientOutcomes())
        var z: [Variable] = []
        for o in 0..<m {
            let zo = e.model.addVariable(lowerBound: 0, upperBound: !reduced || possible.contains(o) ? 1 : 0, kind: .binary, name: "z\(o)")
            z.append(zo)
            let c = p.valueColumn[i][o]
            var cols: [Int32] = [Int32(welfare.index)], vals: [Double] = [1]
            if c >= 0 { cols.append(Int32(e.type[Int(c)].index)); vals.append(-1) }
            // W − v_i(o) ≥ c_o
            e.model.addRow(columns: cols, values: vals, lower: view.others[o], upper: .infinity)
            // W − v_i(o) + M_o z_o ≤ c_o + M_o
            e.model.addRow(columns: cols + [Int32(zo.index)], values: vals + [M[o]],
                           lower: -.infinity, upper: view.others[o] + M[o])
        }
        e.model.addRow(columns: z.map { Int32($0.index) }, values: Array(repeating: 1, count: m), lower: 1, upper: 1)
        var objective = LinearExpression(constant: view.valueWithoutAgent)
        for (_, w) in e.epigraph { objective.add(1, w) }
        objective.add(-Double(n - 1), welfare)
        e.model.setObjective(objective, .minimize)
        return e.model
    }

    /// The largest type dimension whose bounds are tightened by LPs before the big-M is computed.
    public static let tighteningDimensionLimit = 64

    /// The tightest box around a type space with rows: each coordinate minimized and
    /// maximized over the polytope by CLP (2·dim small LPs), each result loosened by a
    /// relative 1e-7 (the solver's tolerance; a looser bound only makes the big-M safer).
    /// Rows bound many coordinates the declared box leaves at 1e12 or ∞, and the big-M is
    /// computed from these bounds: the tighter, the more exactly CBC resolves the binaries.
    public static func tightenedBounds(_ space: TypeSpace) -> TypeSpace {
        var model = Model(name: "bounds")
        let vars = (0..<space.dimension).map { model.addVariable(lowerBound: space.lower[$0], upperBound: space.upper[$0]) }
        for row in space.rows {
            model.addRow(columns: row.columns.map { Int32(vars[$0].index) }, values: row.coefficients, lower: row.lower, upper: row.upper)
        }
        var out = space
        for k in 0..<space.dimension {
            for sense in [ObjectiveSense.minimize, .maximize] {
                var m = model
                m.setObjective(LinearExpression(vars[k]), sense)
                let s = m.solve(SolveOptions(backend: .clp))
                guard s.status == .optimal, let v = s.objectiveValue, v.isFinite else { continue }
                let slack = 1e-7 * max(1, abs(v))
                if sense == .minimize { out.lower[k] = max(space.lower[k], v - slack) } else { out.upper[k] = min(space.upper[k], v + slack) }
            }
            if out.lower[k] > out.upper[k] { out.lower[k] = space.lower[k]; out.upper[k] = space.upper[k] }
        }
        return out
    }

    /// The magnitude below which the numbers of a scaled problem are set to 0 before CBC sees
    /// them (``resolvable(_:)``).
    public static let cbcResolution = 1e-7

    /// The scaled problem as CBC can resolve it: every report, bound and right-hand side of
    /// magnitude below ``cbcResolution`` (CBC's feasibility tolerance, relative to the
    /// instance's scale after ``ProblemScaling``) set to 0. Numbers that small are below what
    /// CBC distinguishes from 0, and near-empty ranges of that width drive its preprocessing
    /// into internal assertions (an abort, not an error). The MIP only proposes a minimizing
    /// report: the report is certified on the unrounded problem (clamped, checked against
    /// Θ_i, its revenue re-evaluated) and the bound trusted is the LP route's, so this
    /// rounding can cost optimality only within the tolerance, never correctness.
    public static func resolvable(_ view: AgentView) -> AgentView {
        func snap(_ x: Double) -> Double { abs(x) < cbcResolution ? 0 : x }
        var p = view.problem
        p.reports = p.reports.map { $0.map(snap) }
        p.typeSpaces = p.typeSpaces.map { space in
            var t = space
            t.lower = space.lower.map(snap)
            t.upper = space.upper.map(snap)
            t.rows = space.rows.map { TypeSpaceRow(columns: $0.columns, coefficients: $0.coefficients, lower: snap($0.lower), upper: snap($0.upper)) }
            return t
        }
        return AgentView(problem: p, agent: view.agent, values: view.values.map { $0.map(snap) })
    }

    /// G_i and a minimizing type, by CBC (CBC solves are serialized process-wide).
    public static func revenueGuarantee(_ view: AgentView, options: SolveOptions, reduced: Bool = true,
                                        sink: ((String, Model) -> Void)? = nil) throws
        -> (guarantee: Double, type: [Double], solverSeconds: Double, lowerBound: Double)
    {
        let model = try model(reduced ? resolvable(view) : view, reduced: reduced)
        sink?("agent-\(view.problem.agents[view.agent])-mip", model)
        var opts = options
        opts.backend = .cbc
        let s = try model.solve(opts).requireOptimal()
        let dimension = view.problem.typeSpaces[view.agent].dimension
        return (s.objectiveValue ?? .nan, (0..<dimension).map { s.values[$0] }, s.solveSeconds, s.bestBound ?? s.objectiveValue ?? -.infinity)
    }
}
