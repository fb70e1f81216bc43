import Combinatorial
import LinearOptimization

/// The invariants the theory guarantees for VCG and RM, checked in one place for every route
/// (enumerated outcomes, constraint generation, results assembled by a caller):
///
/// - VCG payments are non-negative (thesis Def. 2.24: `p_j = W_{-j} − Σ_{k≠j} v_k(o*) ≥ 0`);
/// - each revenue guarantee is attained: its minimizing type lies in Θ_i and the VCG revenue
///   at that type equals G_i (thesis Def. 3.5 is a minimum over Θ_i);
/// - `0 ≤ G_i ≤ R` (VCG revenue is never negative; the true report is in Θ_i);
/// - `Σ Z_i ≤ R` (no deficit, thesis Thm 3.3);
/// - individual rationality: every utility `v_i(o*) − p_i + Z_i ≥ 0`.
///
/// Tolerances are relative to the instance's scale: `1e-6 · max(|W|, R, W_{-j})` for the
/// bounds on G_i and the deficit, `1e-6 · scale` per agent
/// (``RevenueGuaranteeCertificate/tolerance(scale:)``), and the sums' rounding error for
/// individual rationality (``individualRationalityTolerance(_:)``). Within tolerance, values are clamped (G_i into [0, R]); beyond it, a check throws
/// ``RevenueGuaranteeError/invariantViolated(_:)``.
public enum MechanismInvariants {
    /// The mechanism-level tolerance for a VCG result.
    public static func tolerance(_ vcg: VCGResult) -> Double {
        var scale = max(abs(vcg.welfare), abs(vcg.revenue), 1e-9)
        for w in vcg.valueWithout { scale = max(scale, abs(w)) }
        return 1e-6 * scale
    }

    /// Checks one agent's revenue guarantee: its minimizing type lies in `space` (relative
    /// 1e-9 of its terms plus ``RevenueGuaranteeCertificate/membershipAllowance(scale:)``),
    /// the VCG revenue there (``AgentRevenueGuarantee/attainedRevenue``, evaluated by the
    /// route independently of its optimization) equals G_i, G_i ≥ 0, and, when the route
    /// proved a lower bound (``AgentRevenueGuarantee/lowerBound``), G_i exceeds it by at most
    /// the tolerance — all within ``RevenueGuaranteeCertificate/tolerance(scale:)`` of
    /// `scale` (the instance's scale, e.g. its largest |value|). A G_i that is attained but
    /// not proven minimal is a ``SolverError/notOptimal(_:)`` (the solver did not finish the
    /// job), never printed. Returns the guarantee with G_i clamped at 0.
    public static func checkedGuarantee(_ g: AgentRevenueGuarantee, agent: String, space: TypeSpace,
                                        scale: Double) throws -> AgentRevenueGuarantee {
        let tol = RevenueGuaranteeCertificate.tolerance(scale: max(abs(scale), abs(g.guarantee)))
        if let violation = space.firstViolation(g.minimizingType, tolerance: 1e-9,
                                                absolute: RevenueGuaranteeCertificate.membershipAllowance(scale: max(abs(scale), abs(g.guarantee)))) {
            throw RevenueGuaranteeError.invariantViolated("the minimizing type of agent \"\(agent)\" is outside its domain: \(violation)")
        }
        guard abs(g.attainedRevenue - g.guarantee) <= tol else {
            throw RevenueGuaranteeError.invariantViolated("agent \"\(agent)\": \(g.method.rawValue) reports G = \(g.guarantee) but its minimizing type gives VCG revenue \(g.attainedRevenue)")
        }
        guard g.guarantee >= -tol else {
            throw RevenueGuaranteeError.invariantViolated("agent \"\(agent)\": G = \(g.guarantee) is negative")
        }
        if let lower = g.lowerBound, !(g.guarantee - lower <= tol) {
            throw SolverError.notOptimal(.solverError("agent \"\(agent)\": the revenue guarantee could not be certified: G = \(g.guarantee) is attained but the proven lower bound is \(lower) (gap \(g.guarantee - lower), tolerance \(tol))"))
        }
        var checked = g
        checked.guarantee = max(0, g.guarantee)
        return checked
    }

    /// The tolerance of individual rationality: the rounding error of the sums involved,
    /// `64·(n+1)·ε·scale` plus `1e-12·scale` (ε ≈ 2.2e-16; scale = max(|W|, R, every W_{-j})).
    /// With the efficient outcome chosen within ``welfareTieTolerance(_:)``, every VCG
    /// utility `v_i(o*) − p_i` is non-negative up to that rounding, and RM adds `Z_i ≥ 0`;
    /// a utility below −tolerance (e.g. −5 at values of 1e10) is an invariant violation.
    public static func individualRationalityTolerance(_ vcg: VCGResult) -> Double {
        var scale = max(abs(vcg.welfare), abs(vcg.revenue))
        for w in vcg.valueWithout { scale = max(scale, abs(w)) }
        return (64 * Double(vcg.payments.count + 1) * Double.ulpOfOne + 1e-12) * scale
    }

    /// The mechanism's result from a VCG result and (for RM) the revenue guarantees, after
    /// every check of the type's documentation: the one function every route calls.
    /// `agents` names the agents in messages; `typeSpaces`, when given, is used to check each
    /// guarantee with ``checkedGuarantee(_:agent:space:scale:)``.
    public static func verifiedResult(_ mechanism: StaticMechanismName, vcg: VCGResult,
                                      guarantees: [AgentRevenueGuarantee]?, agents: [String]? = nil,
                                      typeSpaces: [TypeSpace]? = nil) throws -> MechanismResult {
        let n = vcg.payments.count
        let names = agents ?? (0..<n).map { "\($0)" }
        let R = vcg.revenue
        let tol = tolerance(vcg)
        guard vcg.values.count == n, vcg.valueWithout.count == n, names.count == n else {
            throw RevenueGuaranteeError.invariantViolated("the VCG result has \(n) payments but \(vcg.values.count) values and \(names.count) agents")
        }
        for (j, p) in vcg.payments.enumerated() where p < -tol {
            throw RevenueGuaranteeError.invariantViolated("VCG payment of \"\(names[j])\" is negative (\(p))")
        }
        var checked: [AgentRevenueGuarantee]? = nil
        var Z = Array(repeating: 0.0, count: n)
        if mechanism == .rm {
            guard var g = guarantees, g.count == n else {
                throw RevenueGuaranteeError.invariantViolated("RM needs one revenue guarantee per agent")
            }
            for i in 0..<n {
                if let spaces = typeSpaces {
                    g[i] = try checkedGuarantee(g[i], agent: names[i], space: spaces[i], scale: max(abs(vcg.welfare), R))
                }
                let G = g[i].guarantee
                guard G >= -tol, G <= R + tol else {
                    throw RevenueGuaranteeError.invariantViolated("G of \"\(names[i])\" = \(G) is outside [0, VCG revenue \(R)]")
                }
                g[i].guarantee = min(R, max(0, G))   // clean rounding noise only
                Z[i] = g[i].guarantee / Double(n)
            }
            checked = g
        }
        let redistributed = Z.reduce(0, +)
        guard redistributed <= R + tol else {
            throw RevenueGuaranteeError.invariantViolated("redistribution \(redistributed) exceeds VCG revenue \(R) (deficit)")
        }
        let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + Z[$0] }
        let irTolerance = individualRationalityTolerance(vcg)
        for (i, u) in utilities.enumerated() where u < -irTolerance {
            throw RevenueGuaranteeError.invariantViolated("utility of \"\(names[i])\" is negative (\(u)): individual rationality fails")
        }
        return MechanismResult(mechanism: mechanism, vcg: vcg, revenueGuarantees: checked, redistribution: Z,
                               utilities: utilities, redistributed: redistributed, rmRevenue: R - redistributed,
                               shareKept: vcg.welfare > 0 ? utilities.reduce(0, +) / vcg.welfare : 1)
    }
}
