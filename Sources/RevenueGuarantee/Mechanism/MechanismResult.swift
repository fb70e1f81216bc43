import Combinatorial
import LinearOptimization

/// The outcome of VCG or of the redistribution mechanism RM on a problem (thesis Def. 3.7;
/// note ch3 §2): VCG, then `Z_i = G_i / n` paid back to every agent.
public struct MechanismResult: Sendable {
    /// Which mechanism.
    public enum Mechanism: String, Sendable {
        /// VCG (Clarke pivot), no redistribution.
        case vcg
        /// Cavallo's redistribution mechanism (thesis Def. 3.7).
        case rm
    }
    /// The mechanism run.
    public var mechanism: Mechanism
    /// The VCG part (outcome, values, payments, revenue).
    public var vcg: VCGResult
    /// G_i per agent (`nil` under VCG: no guarantee is computed).
    public var revenueGuarantees: [AgentRevenueGuarantee]?
    /// Z_i = G_i / n (0 under VCG).
    public var redistribution: [Double]
    /// u_i = v_i(o*) − p_i + Z_i.
    public var utilities: [Double]
    /// Σ Z_i.
    public var redistributed: Double
    /// R − Σ Z_i: what the center keeps.
    public var rmRevenue: Double
    /// Σ u_i / W: the share of the value kept by the agents (1 when W = 0).
    public var shareKept: Double
}

/// Runs VCG (`.vcg`) or RM (`.rm`) on the problem's reports and verifies the invariants of
/// SPEC (0 ≤ G_i ≤ R, Σ Z_i ≤ R, payments ≥ 0); a violation throws.
///
/// ```swift
/// let result = try runMechanism(problem, .rm)
/// print(result.redistribution)   // [1.5, 1.5, 2, 2] for the car of Table 3.1
/// ```
public func runMechanism(_ problem: StaticProblem, _ mechanism: MechanismResult.Mechanism,
                         options: RevenueGuaranteeOptions = RevenueGuaranteeOptions(),
                         sink: (@Sendable (String, Model) -> Void)? = nil) throws -> MechanismResult {
    let vcg = vickreyClarkeGroves(problem)
    let n = problem.agentCount
    let R = vcg.revenue
    let tol = 1e-6 * max(1, abs(vcg.welfare), R)
    for (j, p) in vcg.payments.enumerated() where p < -tol {
        throw RevenueGuaranteeError.invariantViolated("VCG payment of \"\(problem.agents[j])\" is negative (\(p))")
    }
    var guarantees: [AgentRevenueGuarantee]? = nil
    var Z = Array(repeating: 0.0, count: n)
    if mechanism == .rm {
        var g = try revenueGuarantees(problem, options, sink: sink)
        for i in 0..<n {
            let G = g[i].guarantee
            guard G >= -tol, G <= R + tol else {
                throw RevenueGuaranteeError.invariantViolated("G of \"\(problem.agents[i])\" = \(G) is outside [0, VCG revenue \(R)]")
            }
            g[i].guarantee = min(R, max(0, G))   // clean rounding noise only
            Z[i] = g[i].guarantee / Double(n)
        }
        guarantees = g
    }
    let redistributed = Z.reduce(0, +)
    guard redistributed <= R + tol else {
        throw RevenueGuaranteeError.invariantViolated("redistribution \(redistributed) exceeds VCG revenue \(R) (deficit)")
    }
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + Z[$0] }
    let kept = utilities.reduce(0, +)
    return MechanismResult(mechanism: mechanism, vcg: vcg, revenueGuarantees: guarantees, redistribution: Z,
                           utilities: utilities, redistributed: redistributed, rmRevenue: R - redistributed,
                           shareKept: vcg.welfare > 0 ? kept / vcg.welfare : 1)
}

/// The VCG mechanism's result for a VCG outcome computed elsewhere (e.g. by CBC winner
/// determination on an auction too large to enumerate), with the same verification.
public func mechanismResult(vcg: VCGResult) throws -> MechanismResult {
    let n = vcg.payments.count
    let tol = 1e-6 * max(1, abs(vcg.welfare), vcg.revenue)
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] }
    guard vcg.payments.allSatisfy({ $0 >= -tol }), utilities.allSatisfy({ $0 >= -tol }) else {
        throw RevenueGuaranteeError.invariantViolated("a VCG payment or utility is negative")
    }
    return MechanismResult(mechanism: .vcg, vcg: vcg, revenueGuarantees: nil, redistribution: Array(repeating: 0, count: n),
                           utilities: utilities, redistributed: 0, rmRevenue: vcg.revenue,
                           shareKept: vcg.welfare > 0 ? utilities.reduce(0, +) / vcg.welfare : 1)
}

/// RM's result from a VCG outcome and revenue guarantees computed elsewhere (e.g. by
/// ``CombinatorialRevenueGuarantees``), with the invariant checks of ``runMechanism``:
/// 0 ≤ G_i ≤ R, Σ Z_i ≤ R, payments ≥ 0.
public func redistributionMechanismResult(vcg: VCGResult, guarantees: [AgentRevenueGuarantee]) throws -> MechanismResult {
    let n = vcg.payments.count
    let R = vcg.revenue
    let tol = 1e-6 * max(1, abs(vcg.welfare), R)
    for (j, p) in vcg.payments.enumerated() where p < -tol {
        throw RevenueGuaranteeError.invariantViolated("VCG payment of agent \(j) is negative (\(p))")
    }
    var g = guarantees
    var Z = Array(repeating: 0.0, count: n)
    for i in 0..<n {
        let G = g[i].guarantee
        guard G >= -tol, G <= R + tol else {
            throw RevenueGuaranteeError.invariantViolated("G of agent \(i) = \(G) is outside [0, VCG revenue \(R)]")
        }
        g[i].guarantee = min(R, max(0, G))
        Z[i] = g[i].guarantee / Double(n)
    }
    let redistributed = Z.reduce(0, +)
    guard redistributed <= R + tol else {
        throw RevenueGuaranteeError.invariantViolated("redistribution \(redistributed) exceeds VCG revenue \(R) (deficit)")
    }
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + Z[$0] }
    return MechanismResult(mechanism: .rm, vcg: vcg, revenueGuarantees: g, redistribution: Z, utilities: utilities,
                           redistributed: redistributed, rmRevenue: R - redistributed,
                           shareKept: vcg.welfare > 0 ? utilities.reduce(0, +) / vcg.welfare : 1)
}
