import Combinatorial
import LinearOptimization

/// Which static mechanism to run.
public enum StaticMechanismName: String, Sendable, CaseIterable, Codable {
    /// Cavallo's redistribution mechanism (thesis Def. 3.7): VCG, then `Z_i = G_i / n` back.
    case rm
    /// VCG (Clarke pivot), no redistribution.
    case vcg
}

/// The outcome of VCG or of the redistribution mechanism RM on a problem (thesis Def. 3.7):
/// VCG, then `Z_i = G_i / n` paid back to every agent. Built only by
/// ``MechanismInvariants/verifiedResult(_:vcg:guarantees:agents:typeSpaces:)``, so every
/// value has passed the invariant checks. ``runStaticMechanism(_:mechanism:options:)`` turns
/// it into the documented, `Codable` ``StaticMechanismResult``.
public struct MechanismResult: Sendable {
    /// Which mechanism (the same names as ``StaticMechanismName``).
    public typealias Mechanism = StaticMechanismName
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

/// Runs VCG (`.vcg`) or RM (`.rm`) on a problem's reports by enumerating its outcomes. The
/// problem is validated first (``StaticProblem/validate()``: shapes, reports inside their type
/// spaces; an ``InstanceError`` otherwise) and the result verified by
/// ``MechanismInvariants``.
///
/// ```swift
/// let result = try runMechanism(problem, .rm)
/// print(result.redistribution)   // [1.5, 1.5, 2, 2] for the car of Table 3.1
/// ```
public func runMechanism(_ problem: StaticProblem, _ mechanism: StaticMechanismName,
                         options: RevenueGuaranteeOptions = RevenueGuaranteeOptions(),
                         sink: (@Sendable (String, Model) -> Void)? = nil) throws -> MechanismResult {
    try problem.validate()
    let vcg = vickreyClarkeGroves(problem)
    let guarantees = mechanism == .rm ? try revenueGuarantees(problem, options, sink: sink) : nil
    return try MechanismInvariants.verifiedResult(mechanism, vcg: vcg, guarantees: guarantees, agents: problem.agents,
                                                  typeSpaces: problem.typeSpaces)
}

/// The VCG mechanism's result for a VCG outcome computed elsewhere (e.g. by
/// ``BidAuction/vickreyClarkeGroves(options:)``), verified by ``MechanismInvariants``.
public func mechanismResult(vcg: VCGResult, agents: [String]? = nil) throws -> MechanismResult {
    try MechanismInvariants.verifiedResult(.vcg, vcg: vcg, guarantees: nil, agents: agents)
}

/// RM's result from a VCG outcome and revenue guarantees computed elsewhere (e.g. by
/// ``CombinatorialRevenueGuarantees``), verified by ``MechanismInvariants`` (each guarantee
/// against its type space when `typeSpaces` is given).
public func redistributionMechanismResult(vcg: VCGResult, guarantees: [AgentRevenueGuarantee], agents: [String]? = nil,
                                          typeSpaces: [TypeSpace]? = nil) throws -> MechanismResult {
    try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: guarantees, agents: agents, typeSpaces: typeSpaces)
}
