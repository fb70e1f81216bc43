import Combinatorial

/// Exact closed form of G_i for box type spaces in which each outcome's value is its own
/// coordinate (outcome tables without linear constraints; all-or-nothing domains are the
/// special case of thesis Def. 3.3-3.4, where it gives G_i = VCG revenue with agent i absent).
///
/// Derivation (ours; the thesis only gives the MIP). Fix the efficient outcome o† and
/// `t = v_i(o†)`. Every other value x_o (o ≠ o†) enters R only through the
/// `max_o (c^j_o + x_o)` terms, which are non-decreasing in x_o, and its only constraints are
/// its box and `x_o ≤ c_{o†} + t − c_o` (o† stays efficient): so x_o = l_o (its lower bound)
/// is optimal. Then, with `a_j = c^j_{o†}` and `b_j = max_{o≠o†} (c^j_o + l_o)`,
/// `R(t) = W_{-i} + Σ_{j≠i} max(a_j + t, b_j) − (n−1)(c_{o†} + t)
///       = W_{-i} − (n−1)·c_{o†} + Σ_{j≠i} max(a_j, b_j − t)`,
/// non-increasing in t, so t = u_{o†} (its upper bound; the limit Σ a_j when u = ∞). o† is a
/// candidate iff `c_{o†} + u_{o†} ≥ max_{o≠o†} (c_o + l_o)`. G_i is the minimum over
/// candidates. Ties do not matter: R does not depend on tie-breaking. Top-two maxima make
/// the whole computation O(n·|O|) per agent.
public enum BoxClosedForm {
    /// Whether the closed form applies to agent i: a box type space with distinct
    /// coordinates for distinct outcomes.
    public static func applies(to problem: StaticProblem, agent i: Int) -> Bool {
        guard problem.typeSpaces[i].isBox else { return false }
        var seen = Set<Int32>()
        for c in problem.valueColumn[i] where c >= 0 { if !seen.insert(c).inserted { return false } }
        return true
    }

    /// G_i and a minimizing type for agent i (requires ``applies(to:agent:)``).
    public static func revenueGuarantee(_ view: AgentView) -> (guarantee: Double, type: [Double]) {
        let p = view.problem, i = view.agent
        let n = p.agentCount, m = p.outcomeCount
        let l = view.lowestValue, u = view.highestValue
        // Top two of c_o + l_o (feasibility) and of c^j_o + l_o for every j ≠ i.
        func topTwo(_ f: (Int) -> Double) -> (Double, Int, Double) {
            var b1 = -Double.infinity, i1 = -1, b2 = -Double.infinity
            for o in 0..<m {
                let v = f(o)
                if v > b1 { b2 = b1; b1 = v; i1 = o } else if v > b2 { b2 = v }
            }
            return (b1, i1, b2)
        }
        let feasibility = topTwo { view.others[$0] + l[$0] }
        var tops: [(Double, Int, Double)] = []
        var js: [Int] = []
        for j in 0..<n where j != i {
            js.append(j)
            tops.append(topTwo { view.othersWithout(j, outcome: $0) + l[$0] })
        }
        var best = Double.infinity, bestOutcome = -1
        for o in 0..<m {
            let rival = feasibility.1 == o ? feasibility.2 : feasibility.0
            guard view.others[o] + u[o] >= rival - welfareTolerance(rival) else { continue }
            var r = view.valueWithoutAgent - Double(n - 1) * view.others[o]
            for (k, j) in js.enumerated() {
                let a = view.othersWithout(j, outcome: o)
                let b = tops[k].1 == o ? tops[k].2 : tops[k].0
                r += u[o].isFinite ? max(a, b - u[o]) : a
            }
            if r < best { best = r; bestOutcome = o }
        }
        var x = p.typeSpaces[i].lower
        if bestOutcome >= 0, p.valueColumn[i][bestOutcome] >= 0 {
            let c = Int(p.valueColumn[i][bestOutcome])
            // R(t) is constant once t passes the span where every max(a_j + t, b_j) is on its
            // first piece: take t = min(u, span), which attains the same value with numbers of
            // the instance's own size (t = u = 1e12 beside values of 10 would cost the
            // evaluation of R its last five digits), and works for u = ∞ too.
            x[c] = min(u[bestOutcome], max(l[bestOutcome], rivalSpan(view, bestOutcome)))
        }
        return (best, x)
    }

    /// A cap on every coordinate that leaves G_i unchanged (for the big-M MIP on the same box
    /// domains): the minimizer built by ``revenueGuarantee(_:)`` has its one raised
    /// coordinate at `min(u, span) ≤ C` and the others at their lower bounds, so it stays
    /// feasible when each upper bound u_o is lowered to `max(l_o, C)`; lowering bounds can
    /// only raise the minimum, so the minimum is unchanged. `C` is of the size of the
    /// values, however large the domain's upper bounds.
    public static func sufficientCap(_ view: AgentView) -> Double {
        var c = 0.0
        for o in 0..<view.problem.outcomeCount { c = max(c, rivalSpan(view, o)) }
        return c
    }

    /// A value of t beyond which R(t) is constant for candidate o (used for unbounded boxes).
    private static func rivalSpan(_ view: AgentView, _ o: Int) -> Double {
        let p = view.problem, m = p.outcomeCount
        var span = 0.0
        for j in 0..<p.agentCount where j != view.agent {
            var b = -Double.infinity
            for k in 0..<m where k != o { b = max(b, view.othersWithout(j, outcome: k) + view.lowestValue[k]) }
            if b.isFinite { span = max(span, b - view.othersWithout(j, outcome: o)) }
        }
        var rival = -Double.infinity
        for k in 0..<m where k != o { rival = max(rival, view.others[k] + view.lowestValue[k]) }
        if rival.isFinite { span = max(span, rival - view.others[o]) }
        return span   // R(t) is constant for t ≥ span (inclusive: ties do not change R)
    }
}
