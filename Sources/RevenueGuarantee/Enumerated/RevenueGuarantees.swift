import Combinatorial
import Dispatch
import Foundation
import InstanceIO
import LinearOptimization
import Parallel

/// How G_i is computed.
public enum RevenueGuaranteeMethod: String, Sendable, CaseIterable, Codable {
    /// The thesis's big-M MIP (``BigMMIP``), CBC.
    case mip
    /// One LP per candidate efficient outcome (``CandidateLPs``), CLP, agents in parallel.
    case lp
    /// The closed form for box domains (``BoxClosedForm``).
    case closedForm = "closed-form"
    /// Constraint generation on a combinatorial auction (``CombinatorialRevenueGuarantees``):
    /// no enumeration of allocations; CBC winner determinations and small master MIPs.
    case cg
    /// The fastest exact method for each agent: the closed form where it applies, else LPs;
    /// for auctions too large to enumerate, constraint generation.
    case auto
}

/// Options of ``revenueGuarantees(_:method:jobs:options:sink:)``.
public struct RevenueGuaranteeOptions: Sendable {
    /// The method.
    public var method: RevenueGuaranteeMethod
    /// Worker threads (agents are split among them); CBC solves are serialized regardless.
    public var jobs: Int
    /// Solver settings (time limit).
    public var solve: SolveOptions

    /// Creates options.
    public init(method: RevenueGuaranteeMethod = .auto, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                solve: SolveOptions = SolveOptions()) {
        self.method = method
        self.jobs = max(1, jobs)
        self.solve = solve
    }
}

/// One agent's revenue guarantee and how it was found.
public struct AgentRevenueGuarantee: Sendable {
    /// G_i.
    public var guarantee: Double
    /// A type of agent i that attains it.
    public var minimizingType: [Double]
    /// The VCG revenue at ``minimizingType``, evaluated directly (not by the optimization
    /// that found G_i); ``MechanismInvariants`` checks it equals ``guarantee``.
    public var attainedRevenue: Double
    /// The method actually used for this agent.
    public var method: RevenueGuaranteeMethod
    /// Solver calls made (LPs or MIPs; 0 for the closed form).
    public var solverCalls: Int
    /// Seconds spent inside the solver (model building excluded).
    public var solverSeconds: Double

    /// Creates a guarantee.
    public init(guarantee: Double, minimizingType: [Double], attainedRevenue: Double, method: RevenueGuaranteeMethod,
                solverCalls: Int = 0, solverSeconds: Double = 0) {
        self.guarantee = guarantee
        self.minimizingType = minimizingType
        self.attainedRevenue = attainedRevenue
        self.method = method
        self.solverCalls = solverCalls
        self.solverSeconds = solverSeconds
    }
}

/// G_i for every agent of an enumerated problem (thesis Def. 3.5: the least VCG revenue any report of agent i in its
/// type space Θ_i could produce, the others' reports fixed). The n problems are independent:
/// they are split among `jobs` workers (CLP and the closed form run in parallel; CBC MIPs are
/// serialized by the modeling layer). Each result is verified: the minimizing type lies in
/// Θ_i and its VCG revenue, evaluated directly, equals G_i.
///
/// ```swift
/// let g = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: .lp))
/// ```
public func revenueGuarantees(_ problem: StaticProblem, _ options: RevenueGuaranteeOptions = RevenueGuaranteeOptions(),
                              sink: (@Sendable (String, Model) -> Void)? = nil) throws -> [AgentRevenueGuarantee] {
    try problem.validate()
    let n = problem.agentCount
    let values = problem.reportedValues
    return try parallelMap(n, jobs: options.jobs) { i in
        try agentRevenueGuarantee(problem, agent: i, values: values, options, sink: sink)
    }
}

/// G_i for one agent (see ``revenueGuarantees(_:_:sink:)``); the problem is validated first
/// (``StaticProblem/validate()``).
public func revenueGuarantee(_ problem: StaticProblem, agent i: Int, values: [[Double]]? = nil,
                             _ options: RevenueGuaranteeOptions = RevenueGuaranteeOptions(),
                             sink: ((String, Model) -> Void)? = nil) throws -> AgentRevenueGuarantee {
    try problem.validate()
    guard problem.agents.indices.contains(i) else {
        throw InstanceError(file: "problem \"\(problem.name)\"", location: "agents", message: "no agent \(i) (the problem has \(problem.agentCount))")
    }
    return try agentRevenueGuarantee(problem, agent: i, values: values, options, sink: sink)
}

/// G_i for one agent of a validated problem.
func agentRevenueGuarantee(_ problem: StaticProblem, agent i: Int, values: [[Double]]?, _ options: RevenueGuaranteeOptions,
                           sink: ((String, Model) -> Void)?) throws -> AgentRevenueGuarantee {
    let view = AgentView(problem: problem, agent: i, values: values)
    var method = options.method
    if method == .auto { method = BoxClosedForm.applies(to: problem, agent: i) ? .closedForm : .lp }
    let g: Double, x: [Double]
    var calls = 0, seconds = 0.0
    switch method {
    case .closedForm:
        guard BoxClosedForm.applies(to: problem, agent: i) else {
            throw StaticMechanismError.methodDoesNotApply(method: .closedForm, reason: "agent \"\(problem.agents[i])\" does not have a box domain with one value per outcome")
        }
        (g, x) = BoxClosedForm.revenueGuarantee(view)
    case .lp:
        let r = try CandidateLPs.revenueGuarantee(view, options: options.solve, sink: sink)
        (g, x, calls, seconds) = (r.guarantee, r.type, r.lpCount, r.solverSeconds)
    case .cg:
        throw StaticMechanismError.methodDoesNotApply(method: .cg, reason: "constraint generation applies to combinatorial auctions; this problem's outcomes are enumerated")
    case .mip, .auto:
        let r = try BigMMIP.revenueGuarantee(view, options: options.solve, sink: sink)
        (g, x, calls, seconds) = (r.guarantee, r.type, 1, r.solverSeconds)
    }
    // Verification: the minimizer is a legal type and attains the reported value.
    let found = AgentRevenueGuarantee(guarantee: g, minimizingType: x, attainedRevenue: view.revenue(type: x), method: method,
                                      solverCalls: calls, solverSeconds: seconds)
    return try MechanismInvariants.checkedGuarantee(found, agent: problem.agents[i], space: problem.typeSpaces[i],
                                                    scale: view.valueWithoutAgent)
}
