import Combinatorial

/// A finite upper bound on agent i's values that leaves G_i unchanged, so the big-M MIP can
/// handle domains with `upper: null` (e.g. the thesis's §3.5.2 auction).
///
/// Proof sketch (ours). R(x) is linear on each cell cut out by the hyperplanes where an argmax
/// of one of its max terms changes: `c^j_o + v_i(o) = c^j_{o'} + v_i(o')` (and the same with
/// c), i.e. `x_a − x_b = d` or `x_a = d` with d a difference of two constants of the same max
/// term. When Θ_i's rows are difference constraints too (at most two columns, coefficients
/// ±1 of opposite signs, as in the monotone and bids domains and plain boxes) and its lower
/// bounds are finite, every cell ∩ Θ_i is a pointed polyhedron on which R ≥ 0 is linear, so
/// the minimum is attained at a vertex. A vertex is the unique solution of `dim` tight
/// equations of these forms: every coordinate is an anchor value (|·| ≤ B) plus at most
/// dim − 1 differences (|·| ≤ max(D, B)), where D is the largest spread of the constants of
/// one max term and B the largest finite bound or right-hand side. Hence a minimizer lies in
/// `x ≤ dim · max(D, B)`, and capping the upper bounds there (plus 1) changes nothing.
public enum SufficientCap {
    /// The cap, or `nil` when the type space is not of the required form.
    public static func cap(_ view: AgentView) -> Double? {
        let p = view.problem, i = view.agent, space = p.typeSpaces[i]
        guard space.lower.allSatisfy(\.isFinite) else { return nil }
        var b = 0.0
        for x in space.lower + space.upper where x.isFinite { b = max(b, abs(x)) }
        for row in space.rows {
            switch row.columns.count {
            case 1 where abs(row.coefficients[0]) == 1: break
            case 2 where row.coefficients[0] == -row.coefficients[1] && abs(row.coefficients[0]) == 1: break
            default: return nil
            }
            for x in [row.lower, row.upper] where x.isFinite { b = max(b, abs(x)) }
        }
        func spread(_ f: (Int) -> Double) -> Double {
            var lo = Double.infinity, hi = -Double.infinity
            for o in 0..<p.outcomeCount { let v = f(o); lo = min(lo, v); hi = max(hi, v) }
            return hi - lo
        }
        var d = spread { view.others[$0] }
        for j in 0..<p.agentCount where j != i { d = max(d, spread { view.othersWithout(j, outcome: $0) }) }
        return Double(max(1, space.dimension)) * max(d, b) + 1
    }
}
