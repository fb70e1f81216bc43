import Combinatorial
import Foundation
import LinearOptimization

/// Options of ``runStaticMechanism(_:mechanism:options:)``.
public struct StaticSolveOptions: Sendable {
    /// How the revenue guarantees G_i are computed (`.auto`: for auctions, constraint
    /// generation unless enumerating the allocations is cheap, ``enumerationIsCheap(_:options:)``;
    /// for outcome tables and enumerated auctions, the closed form where it applies, else one
    /// LP per candidate outcome).
    public var method: RevenueGuaranteeMethod
    /// Worker threads.
    public var jobs: Int
    /// Solver settings (time limit per solver call).
    public var solve: SolveOptions
    /// The most feasible allocations of an auction that are enumerated.
    public var maxOutcomes: Int
    /// Whether an enumerated auction's W and every W_{-j} are checked against CBC's winner
    /// determination.
    public var crossCheckWinnerDetermination: Bool
    /// Receives every LP/MIP built for the revenue guarantees of an enumerated problem (name,
    /// model), e.g. to write them to files. Called from worker threads.
    public var modelSink: (@Sendable (String, Model) -> Void)?
    /// Receives the progress of the revenue guarantees (e.g. for an ``AgentProgressDisplay``):
    /// every round of constraint generation, and each agent's completion on the enumerated
    /// routes (`done`, no bounds). Called from worker threads; `nil`: none.
    public var progress: (@Sendable (CombinatorialRevenueGuarantees.AgentProgress) -> Void)?

    /// Creates options.
    public init(method: RevenueGuaranteeMethod = .auto, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                solve: SolveOptions = SolveOptions(), maxOutcomes: Int = 200_000, crossCheckWinnerDetermination: Bool = true,
                modelSink: (@Sendable (String, Model) -> Void)? = nil) {
        self.method = method
        self.jobs = max(1, jobs)
        self.solve = solve
        self.maxOutcomes = max(1, maxOutcomes)
        self.crossCheckWinnerDetermination = crossCheckWinnerDetermination
        self.modelSink = modelSink
    }
}

/// Runs VCG or the redistribution mechanism RM (thesis Def. 3.7) on any static instance: the
/// one entry point for static mechanisms.
///
/// The method is chosen here:
/// - outcome tables: `options.method` for every G_i (`.auto`: per agent, the closed form for
///   box domains, else one LP per candidate outcome); `.cg` is refused
///   (``StaticMechanismError/methodDoesNotApply(method:reason:)``: constraint generation
///   applies to auctions);
/// - auctions: with `.cg`, under `.auto` (RM) unless enumeration is cheap
///   (``enumerationIsCheap(_:options:)``: `n²·|O|² ≤` ``enumerationWorkBudget``), or for VCG
///   with more than `options.maxOutcomes` feasible allocations, no enumeration: VCG by winner determination
///   (``BidAuction/vickreyClarkeGroves(winnerDetermination:)``) and G_i by constraint
///   generation (``CombinatorialRevenueGuarantees``); otherwise the allocations are
///   enumerated (``BidAuction/compile(maxOutcomes:)``), solved as an outcome table, and the
///   enumerated W and W_{-j} are cross-checked against CBC's winner determination. An
///   enumerating method on an auction with too many allocations throws
///   ``StaticMechanismError/tooManyAllocations(instance:limit:method:)``.
///
/// Every route validates its input (``StaticProblem/validate()``, ``BidAuction/validate(file:)``:
/// an ``InstanceError``) and verifies its result with ``MechanismInvariants``. Solver limits
/// throw ``SolverError/notOptimal(_:)``.
///
/// ```swift
/// let instance = try StaticInstance.read(path: "instances/static/car-table-3.1.json")
/// let result = try runStaticMechanism(instance, mechanism: .rm)
/// print(result.redistributed)   // 7
/// ```
public func runStaticMechanism(_ instance: StaticInstance, mechanism: StaticMechanismName = .rm,
                               options: StaticSolveOptions = StaticSolveOptions()) throws -> StaticMechanismResult {
    switch instance {
    case .outcomes(let problem):
        if options.method == .cg {
            throw StaticMechanismError.methodDoesNotApply(method: .cg, reason: "constraint generation applies to combinatorial auctions, and \"\(problem.name)\" is an outcome table (use auto, lp, mip or closed-form)")
        }
        return try runEnumerated(problem, mechanism: mechanism, options: options)
    case .auction(let auction):
        try auction.validate()
        let enumerable = auction.outcomeCount(cap: options.maxOutcomes) <= options.maxOutcomes
        let byConstraintGeneration = options.method == .cg
            || (options.method == .auto && mechanism == .rm && !enumerationIsCheap(auction, options: options))
            || (!enumerable && mechanism == .vcg)
        if byConstraintGeneration {
            return try runByWinnerDetermination(auction, mechanism: mechanism, options: options)
        }
        guard let problem = auction.compile(maxOutcomes: options.maxOutcomes) else {
            throw StaticMechanismError.tooManyAllocations(instance: auction.name, limit: options.maxOutcomes, method: options.method)
        }
        let result = try runEnumerated(problem, mechanism: mechanism, options: options)
        if options.crossCheckWinnerDetermination {
            try crossCheckWinnerDetermination(auction, result, options.solve)
        }
        return result
    }
}

/// The work budget under which `--method auto` enumerates an auction's allocations rather
/// than running constraint generation: the estimated number of LP nonzeros over all candidate
/// LPs, `n² · |O|²` (n agents, each with up to |O| candidate LPs of about n·|O| epigraph
/// rows; docs/numerics.md).
public let enumerationWorkBudget = 1_000_000

/// Whether enumerating the auction's allocations is cheaper than constraint generation: the
/// enumeration's cost grows with the square of the number of allocations (one LP per
/// candidate allocation, each with a row per allocation and agent), while constraint
/// generation solves a few winner determinations and small master problems per agent
/// whatever the number of allocations. Small auctions (the thesis's Sec. 3.5.2 example: 16
/// allocations, 2,304 units) are enumerated; a 5-good, 4-bidder "monotone" auction (3,125
/// allocations, 1.6e8 units) goes to constraint generation.
func enumerationIsCheap(_ auction: BidAuction, options: StaticSolveOptions) -> Bool {
    let n = max(1, auction.bidders.count)
    let limit = min(options.maxOutcomes, Int((Double(enumerationWorkBudget)).squareRoot()) / n)
    let outcomes = auction.outcomeCount(cap: limit)
    return outcomes <= limit && n * n * outcomes * outcomes <= enumerationWorkBudget
}

/// An outcome table (or an enumerated auction) by ``runMechanism(_:_:options:sink:)``.
private func runEnumerated(_ problem: StaticProblem, mechanism: StaticMechanismName,
                           options: StaticSolveOptions) throws -> StaticMechanismResult {
    var guaranteeOptions = RevenueGuaranteeOptions(method: options.method, jobs: options.jobs, solve: options.solve)
    if let progress = options.progress {
        guaranteeOptions.agentFinished = { i in
            progress(CombinatorialRevenueGuarantees.AgentProgress(agent: i, round: 0, lowerBound: nil, candidateRevenue: nil, done: true))
        }
    }
    let result = try runMechanism(problem, mechanism, options: guaranteeOptions, sink: options.modelSink)
    let o = result.vcg.outcome
    return StaticMechanismResult(name: problem.name, agents: problem.agents, outcome: problem.outcomes[o],
                                 allocation: problem.allocations?[o], result: result)
}

/// An auction without enumeration: VCG by winner determination, G_i by constraint generation.
///
/// The auction is first divided by a power of two near its largest bid (exact, see
/// ``ProblemScaling``), so the winner determinations and master problems see values of order
/// one; every number of the result is multiplied back (exactly) before it is verified.
private func runByWinnerDetermination(_ auction: BidAuction, mechanism: StaticMechanismName,
                                      options: StaticSolveOptions) throws -> StaticMechanismResult {
    let s = ProblemScaling.powerOfTwo(near: ProblemScaling.scale(of: auction.bids.map { $0.map(\.value) }))
    var scaled = auction
    scaled.bids = auction.bids.map { $0.map { BidAuction.Bid(goods: $0.goods, value: $0.value / s) } }
    scaled.upper = auction.upper / s
    let engine = CombinatorialRevenueGuarantees(scaled, solveOptions: options.solve, jobs: options.jobs)
    var (vcg, winning) = try engine.vickreyClarkeGroves()
    vcg.welfare *= s
    vcg.valueWithout = vcg.valueWithout.map { $0 * s }
    vcg.values = vcg.values.map { $0 * s }
    vcg.payments = vcg.payments.map { $0 * s }
    vcg.revenue *= s
    let guarantees = mechanism == .rm ? try engine.revenueGuarantees(progress: options.progress).map { g -> AgentRevenueGuarantee in
        var u = g
        u.guarantee *= s
        u.attainedRevenue *= s
        u.minimizingType = g.minimizingType.map { $0 * s }
        u.lowerBound = g.lowerBound.map { $0 * s }
        return u
    } : nil
    let result = try MechanismInvariants.verifiedResult(mechanism, vcg: vcg, guarantees: guarantees, agents: auction.bidders,
                                                        typeSpaces: auction.bidders.indices.map { auction.typeSpace(ofBidder: $0) })
    return StaticMechanismResult(name: auction.name, agents: auction.bidders, outcome: nil,
                                 allocation: auction.allocation(winning: winning), result: result)
}

/// The enumerated welfare maxima (W and every W_{-j}) must equal CBC's winner determination.
private func crossCheckWinnerDetermination(_ auction: BidAuction, _ result: StaticMechanismResult, _ options: SolveOptions) throws {
    var checks: [(Int?, Double)] = [(nil, result.welfare)]
    for (j, agent) in result.agents.enumerated() { checks.append((j, agent.valueWithout)) }
    for (excluded, enumerated) in checks {
        let problem = auction.winnerDeterminationProblem(excluding: excluded.map { [$0] } ?? [])
        guard let mip = try problem.solve(by: .mip, options: options)?.welfare,
              abs(mip - enumerated) <= 1e-6 * max(1, abs(mip)) else {
            throw RevenueGuaranteeError.invariantViolated("winner determination: enumeration and CBC disagree on the welfare"
                + (excluded.map { " without bidder \"\(auction.bidders[$0])\"" } ?? ""))
        }
    }
}
