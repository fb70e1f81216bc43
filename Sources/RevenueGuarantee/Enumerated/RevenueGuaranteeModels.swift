import Combinatorial
import LinearOptimization

/// The linear pieces shared by the LP and MIP formulations of G_i (thesis Sec. 3.6.1).
struct EpigraphModel {
    var model: Model
    /// Agent i's type variables.
    var type: [Variable]
    /// The epigraph variable w_j of `max_o (c^j_o + v_i(o))`, for each j ≠ i.
    var epigraph: [(agent: Int, variable: Variable)]

    /// Adds agent i's type space and the epigraph rows `w_j ≥ c^j_o + v_i(o)`.
    ///
    /// Rows implied by bounds are left out (exact): `w_j ≥ max_o (c^j_o + min v_i(o))` is
    /// implied by the rows, so it becomes w_j's lower bound, and any row with
    /// `c^j_o + max v_i(o) ≤` that bound is redundant. `reduced: false` keeps every row and
    /// leaves w_j free (the plain thesis formulation, for baselines).
    init(_ view: AgentView, name: String, reduced: Bool = true) {
        let p = view.problem, i = view.agent, m = p.outcomeCount
        let space = p.typeSpaces[i]
        var model = Model(name: name)
        var typeVariables: [Variable] = []
        for k in 0..<space.dimension {
            typeVariables.append(model.addVariable(lowerBound: space.lower[k], upperBound: space.upper[k], name: "x\(k)"))
        }
        type = typeVariables
        for row in space.rows {
            model.addRow(columns: row.columns.map { Int32(typeVariables[$0].index) }, values: row.coefficients,
                         lower: row.lower, upper: row.upper)
        }
        epigraph = []
        for j in 0..<p.agentCount where j != i {
            var floor = -Double.infinity
            for o in 0..<m { floor = max(floor, view.othersWithout(j, outcome: o) + view.lowestValue[o]) }
            if !reduced { floor = -.infinity }
            let w = model.addVariable(lowerBound: floor, upperBound: .infinity, name: "w\(j)")
            epigraph.append((j, w))
            for o in 0..<m {
                let c = p.valueColumn[i][o]
                guard c >= 0 else { continue }
                let constant = view.othersWithout(j, outcome: o)
                if reduced && constant + view.highestValue[o] <= floor { continue }
                model.addRow(columns: [Int32(w.index), Int32(typeVariables[Int(c)].index)], values: [1, -1],
                             lower: constant, upper: .infinity)
            }
        }
        self.model = model
    }
}

