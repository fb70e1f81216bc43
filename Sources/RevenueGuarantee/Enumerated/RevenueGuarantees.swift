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
    /// for auctions, constraint generation unless enumerating the allocations is cheap
    /// (docs/numerics.md).
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
    /// Called (from worker threads) with each agent's index when its G_i is done, e.g. to
    /// show progress; `nil`: none.
    public var agentFinished: (@Sendable (Int) -> Void)?

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
    /// A proven lower bound on G_i (``RevenueGuaranteeCertificate``), when the route has one;
    /// ``MechanismInvariants`` checks that G_i lies within tolerance of it.
    public var lowerBound: Double?

    /// Creates a guarantee.
    public init(guarantee: Double, minimizingType: [Double], attainedRevenue: Double, method: RevenueGuaranteeMethod,
                solverCalls: Int = 0, solverSeconds: Double = 0, lowerBound: Double? = nil) {
        self.lowerBound = lowerBound
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
        let g = try agentRevenueGuarantee(problem, agent: i, values: values, options, sink: sink)
        options.agentFinished?(i)
        return g
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

/// Agent i's view with its upper bounds lowered to caps that provably keep G_i: for a box
/// with one coordinate per outcome, ``BoxClosedForm/sufficientCap(_:)`` (of the size of the
/// values, however large the bounds); for infinite bounds of difference-constraint domains,
/// ``SufficientCap``. Solvers then return minimizers of the instance's own size (a
/// minimizer at 1e13 along a flat ray costs the evaluation of its revenue its last digits).
func cappedView(_ view: AgentView) -> AgentView {
    let i = view.agent
    var p = view.problem
    var space = p.typeSpaces[i]
    var cap = Double.infinity
    if BoxClosedForm.applies(to: p, agent: i) {
        cap = BoxClosedForm.sufficientCap(view)
    } else if !space.upper.allSatisfy(\.isFinite), let c = SufficientCap.cap(view) {
        cap = c
    }
    guard cap.isFinite else { return view }
    space.upper = zip(space.lower, space.upper).map { min($1, max($0, cap)) }
    p.typeSpaces[i] = space
    return AgentView(problem: p, agent: i, values: view.values)
}

/// The largest bound or right-hand side, in units of the instance's scale, that a solver sees.
let hugeBoundLimit = 1e9

/// Agent i's scaled view with every bound and right-hand side beyond ``hugeBoundLimit`` times
/// the scale dropped (made infinite). A domain of 1e12 beside values of 1e-7 is 1e19 after
/// scaling, where CLP's pivoting fails its own assertions (an abort, found by the property
/// fuzzer). Dropping a constraint only enlarges the domain, so every lower bound the solvers
/// prove stays a lower bound on G_i; their minimizers are certified against the real domain
/// (clamped into its box, checked against its rows), so an answer that needs the dropped
/// constraint is refused (exit 3), never printed.
func relaxingHugeBounds(_ view: AgentView) -> AgentView {
    let i = view.agent
    var p = view.problem
    var space = p.typeSpaces[i]
    func relax(_ x: Double, _ infinity: Double) -> Double { abs(x) > hugeBoundLimit ? infinity : x }
    space.lower = space.lower.map { relax($0, -.infinity) }
    space.upper = space.upper.map { relax($0, .infinity) }
    space.rows = space.rows.map { TypeSpaceRow(columns: $0.columns, coefficients: $0.coefficients,
                                                lower: relax($0.lower, -.infinity), upper: relax($0.upper, .infinity)) }
    guard space != p.typeSpaces[i] else { return view }
    p.typeSpaces[i] = space
    return cappedView(AgentView(problem: p, agent: i, values: view.values))
}

/// G_i for one agent of a validated problem: scaled, solved, then certified
/// (docs/numerics.md).
///
/// 1. The problem is divided by a power of two near the instance's scale
///    (``ProblemScaling``: exact), so every solver sees values of order one.
/// 2. The method runs on the scaled problem and returns a minimizing report and a lower
///    bound: the LPs' optima (or pruning bounds) for `lp`, the closed form's own value for
///    `closed-form`; the big-M MIP is always accompanied by the LP route, whose bound is the
///    one trusted (a MIP's bound can be wrong in the same way as its incumbent).
/// 3. Certification, in the instance's own units: each candidate report is brought back
///    (exactly), checked to lie in Θ_i, and its VCG revenue is re-evaluated directly; the
///    truthful report (always in Θ_i) is a candidate too. G_i is the least revenue so
///    ATTAINED, and it must lie within `1e-6 ·` the instance's scale of the proven lower
///    bound; otherwise ``SolverError/notOptimal(_:)`` names the agent and the gap.
func agentRevenueGuarantee(_ problem: StaticProblem, agent i: Int, values: [[Double]]?, _ options: RevenueGuaranteeOptions,
                           sink: ((String, Model) -> Void)?) throws -> AgentRevenueGuarantee {
    let view = AgentView(problem: problem, agent: i, values: values)
    let scale = ProblemScaling.scale(of: view.values)
    let s = ProblemScaling.powerOfTwo(near: scale)
    let scaled = relaxingHugeBounds(cappedView(AgentView(problem: problem.scaled(by: s), agent: i, values: view.values.map { $0.map { $0 / s } })))
    var method = options.method
    if method == .auto { method = BoxClosedForm.applies(to: problem, agent: i) ? .closedForm : .lp }
    var candidates: [(type: [Double], method: RevenueGuaranteeMethod)] = []
    var lower = -Double.infinity
    var calls = 0, seconds = 0.0
    func lpRoute() throws {
        let r = try CandidateLPs.revenueGuarantee(scaled, options: options.solve, sink: sink)
        candidates.append((r.type.map { $0 * s }, .lp))
        if let small = r.smallestType { candidates.append((small.map { $0 * s }, .lp)) }
        lower = max(lower, r.lowerBound * s)
        calls += r.lpCount; seconds += r.solverSeconds
    }
    switch method {
    case .closedForm:
        guard BoxClosedForm.applies(to: problem, agent: i) else {
            throw StaticMechanismError.methodDoesNotApply(method: .closedForm, reason: "agent \"\(problem.agents[i])\" does not have a box domain with one value per outcome")
        }
        let (g, x) = BoxClosedForm.revenueGuarantee(scaled)
        candidates.append((x.map { $0 * s }, .closedForm))
        lower = g * s   // an exact derivation, evaluated in floating point
    case .lp:
        try lpRoute()
    case .cg:
        throw StaticMechanismError.methodDoesNotApply(method: .cg, reason: "constraint generation applies to combinatorial auctions; this problem's outcomes are enumerated")
    case .mip, .auto:
        // The thesis's MIP, always accompanied by the LP route: its bound is the one trusted,
        // and when CBC fails on the model (a big-M it cannot resolve, a domain without the
        // finite bounds the MIP needs) the LP route's answer is the one kept — recorded as
        // method "lp", the route actually used. A time limit still stops the run (exit 3).
        do {
            let r = try BigMMIP.revenueGuarantee(scaled, options: options.solve, sink: sink)
            candidates.append((r.type.map { $0 * s }, .mip))
            calls += 1; seconds += r.solverSeconds
        } catch let error as SolverError {
            // A time limit is the user's limit, not a numerical failure: it stays exit 3.
            if case .notOptimal(.timeLimit) = error { throw error }
            calls += 1
        } catch RevenueGuaranteeError.unboundedDomainForMIP {
        }
        try lpRoute()
    }
    let certified = try RevenueGuaranteeCertificate.certify(view, candidates: candidates, lowerBound: lower, scale: scale)
    let found = AgentRevenueGuarantee(guarantee: certified.revenue, minimizingType: certified.type, attainedRevenue: certified.revenue,
                                      method: certified.method, solverCalls: calls, solverSeconds: seconds,
                                      lowerBound: certified.lowerBound)
    return try MechanismInvariants.checkedGuarantee(found, agent: problem.agents[i], space: problem.typeSpaces[i], scale: scale)
}
