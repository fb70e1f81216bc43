import Combinatorial
import Foundation
import LinearOptimization

/// Options of ``runRedistribution(_:mechanism:options:)``.
public struct RedistributionOptions: Sendable {
    /// How RM's revenue guarantees are computed on outcome tables and enumerated auctions.
    public var revenueGuarantee: RevenueGuaranteeOptions
    /// CLP settings of the optimal-in-expectation program (time limit).
    public var solve: SolveOptions
    /// AGV: the largest number of type profiles of the others enumerated per (agent, type).
    public var maxPriorProfiles: Int
    /// Auctions: the most allocations enumerated for the mechanisms that need them (all but
    /// Bailey's rule, which runs by winner determination).
    public var maxOutcomes: Int
    /// Whether to probe "the rebate does not depend on the agent's own report" by re-running
    /// the rebate with other reports (always on in the CLI; off saves time in experiments).
    public var probeIndependence: Bool

    /// Creates options.
    public init(revenueGuarantee: RevenueGuaranteeOptions = RevenueGuaranteeOptions(), solve: SolveOptions = SolveOptions(backend: .clp),
                maxPriorProfiles: Int = 2_000_000, maxOutcomes: Int = 200_000, probeIndependence: Bool = true) {
        self.revenueGuarantee = revenueGuarantee
        self.solve = solve
        self.maxPriorProfiles = maxPriorProfiles
        self.maxOutcomes = maxOutcomes
        self.probeIndependence = probeIndependence
    }
}

/// Runs a mechanism of the redistribution family on an instance: the efficient outcome, VCG
/// payments, each agent's redistribution Z_i and utility, the totals (with a deficit when the
/// mechanism runs one), and the properties the mechanism promises, checked on this profile (a
/// promised property that fails throws ``RedistributionError/propertyViolated(mechanism:property:detail:)``).
///
/// | mechanism | units | outcomes | combinatorial |
/// |---|---|---|---|
/// | vcg, rm, bailey, basic-groves | yes | yes | yes |
/// | wco, oel (oel needs the instance's prior) | yes | – | – |
/// | agv (needs a prior over types) | – | yes | – |
///
/// ```swift
/// let units = UnitsInstance(units: 1, values: [10, 8, 6, 4])
/// let wco = try runRedistribution(.units(units), mechanism: .wco)
/// print(wco.optimalWorstCaseShare!, wco.redistributed)   // 4/7 and 38/7 (of the VCG revenue 8)
/// ```
public func runRedistribution(_ instance: RedistributionInstance, mechanism: RedistributionMechanismName = .rm,
                              options: RedistributionOptions = RedistributionOptions()) throws -> RedistributionResult {
    switch instance {
    case .units(let units):
        try units.validate()
        return try runUnitsMechanism(units, mechanism: mechanism, options: options)
    case .outcomes(let problem, let prior):
        return try runTableMechanism(problem, kind: "outcomes", prior: prior, mechanism: mechanism, options: options)
    case .combinatorial(let problem):
        return try runTableMechanism(problem, kind: "combinatorial", prior: nil, mechanism: mechanism, options: options)
    case .auction(let auction):
        if mechanism == .bailey {
            return try runAuctionBailey(auction, solveOptions: SolveOptions(timeLimit: options.solve.timeLimit))
        }
        guard [.vcg, .rm, .basicGroves].contains(mechanism) else {
            throw RedistributionError.notDefined(
                mechanism: mechanism.rawValue, kind: "combinatorial",
                reason: mechanism == .agv ? "AGV needs a prior over types (the \"prior\" of an outcome table)"
                    : "it is defined for identical units with unit demand (kind \"units\")")
        }
        guard let problem = auction.compile(maxOutcomes: options.maxOutcomes) else {
            throw RedistributionError.tooLarge("auction \"\(auction.name)\" has more than \(options.maxOutcomes) allocations; \(mechanism.rawValue) enumerates them here (Bailey's rule runs without; RM and VCG on large auctions: runStaticMechanism)")
        }
        return try runTableMechanism(problem, kind: "combinatorial", prior: nil, mechanism: mechanism, options: options)
    }
}

// MARK: - units

/// The rebate Z(profile) of a units mechanism, as a function of the whole profile (so that
/// its independence of each agent's own report can be probed), and its linear form if any.
struct UnitsRebate {
    var linear: LinearRebate?
    var rebates: ([Double]) -> [Double]
}

func unitsRebate(_ u: UnitsInstance, mechanism: RedistributionMechanismName, options: RedistributionOptions)
    throws -> (UnitsRebate, expected: Double?, expectedRevenue: Double?) {
    let n = u.agentCount, m = u.units
    func linear(_ r: LinearRebate) -> UnitsRebate { UnitsRebate(linear: r, rebates: r.rebates) }
    switch mechanism {
    case .vcg:
        return (linear(LinearRebate(coefficients: Array(repeating: 0, count: n - 1), units: m)), nil, nil)
    case .rm, .bailey:
        return (linear(baileyCavalloRebate(agents: n, units: m)), nil, nil)
    case .wco:
        return (linear(worstCaseOptimalRebate(agents: n, units: m)), nil, nil)
    case .oel:
        guard let prior = u.prior else {
            throw RedistributionError.notDefined(mechanism: "oel", kind: "units", reason: "the instance states no prior (add \"prior\", e.g. {\"distribution\": \"uniform\", \"lower\": 0, \"upper\": 100})")
        }
        let mu = expectedOrderStatistics(prior, count: n - 1, upper: u.upper)
        let (rebate, expected) = try LinearRedistributionLP.optimalInExpectation(agents: n, units: m, expectedOthers: mu, options: options.solve)
        let all = expectedOrderStatistics(prior, count: n, upper: u.upper)
        return (linear(rebate), expected, Double(m) * all[m])
    case .basicGroves:
        // Z_i = h^VCG_i − h_i = W_{-i}: the sum of the m highest values among the others.
        return (UnitsRebate(linear: nil, rebates: { basicGrovesUnitsRebates($0, units: m) }), nil, nil)
    case .agv:
        throw RedistributionError.notDefined(mechanism: "agv", kind: "units", reason: "AGV needs a finite prior over types; use an outcome table with a \"prior\"")
    }
}

func runUnitsMechanism(_ u: UnitsInstance, mechanism: RedistributionMechanismName, options: RedistributionOptions) throws -> RedistributionResult {
    let n = u.agentCount, m = u.units
    let vcg = UnitsVCG(values: u.values, units: m)
    let (rebate, expected, expectedRevenue) = try unitsRebate(u, mechanism: mechanism, options: options)
    let z = rebate.rebates(u.values)
    let scale = max(1, u.values.max() ?? 0) * Double(n)
    let tol = 1e-7 * scale
    var checks: [RedistributionCheck] = []

    let total = z.reduce(0, +)
    checks.append(RedistributionCheck(
        property: "no-deficit", promised: mechanism != .basicGroves, holds: total <= vcg.revenue + tol,
        detail: "redistributed \(total) vs VCG revenue \(vcg.revenue)"))
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + z[$0] }
    let worst = utilities.indices.min { utilities[$0] < utilities[$1] } ?? 0
    checks.append(RedistributionCheck(
        property: "individual-rationality", promised: true, holds: utilities[worst] >= -tol,
        detail: "lowest utility \(utilities[worst]) (agent \"\(u.agents[worst])\")"))
    if options.probeIndependence {
        checks.append(unitsIndependenceCheck(u, z: z, rebate: rebate, tol: tol))
    }
    var optimal: Double? = nil
    if mechanism == .wco, let linear = rebate.linear {
        let alpha = worstCaseOptimalShare(agents: n, units: m)
        optimal = alpha
        checks.append(RedistributionCheck(
            property: "worst-case-share", promised: true, holds: abs(linear.worstCaseShare - alpha) <= 1e-9 * max(1, abs(alpha)) * Double(n),
            detail: "the coefficients' worst case \(linear.worstCaseShare) vs α* = \(alpha)"))
    }
    if let linear = rebate.linear {   // the rebate's own feasibility, over all profiles
        // Within the LP's feasibility tolerance (oel's coefficients come from CLP).
        let cornerTolerance = 1e-7 * Double(n) * Double(max(1, m))
        let corners = linear.totalAtCorners
        var deficitAnywhere = 0.0
        for k in 1...n {
            let bound: Double = k >= m + 1 ? Double(m) : 0
            deficitAnywhere = max(deficitAnywhere, corners[k - 1] - bound)
        }
        var partial = 0.0, lowest = 0.0
        for c in linear.coefficients { partial += c; lowest = min(lowest, partial) }
        checks.append(RedistributionCheck(
            property: "no-deficit-on-every-profile", promised: true, holds: deficitAnywhere <= cornerTolerance,
            detail: "largest total rebate above the VCG revenue at a corner profile (per unit of value): \(max(0, deficitAnywhere))"))
        checks.append(RedistributionCheck(
            property: "rebate-non-negative-on-every-profile", promised: true, holds: lowest >= -cornerTolerance,
            detail: "smallest partial sum of the coefficients: \(lowest)"))
    }

    let winners = (0..<n).filter { vcg.wins[$0] }.map { u.agents[$0] }
    let agents = (0..<n).map { i in
        RedistributionAgentResult(name: u.agents[i], value: vcg.values[i], vcgPayment: vcg.payments[i], redistribution: z[i],
                                  transfer: z[i] - vcg.payments[i], utility: utilities[i], wins: vcg.wins[i],
                                  revenueGuarantee: mechanism == .rm ? Double(n) * z[i] : nil)
    }
    var result = assemble(name: u.name, kind: "units", mechanism: mechanism, outcome: "{" + winners.joined(separator: ",") + "}",
                          welfare: vcg.welfare, vcgRevenue: vcg.revenue, agents: agents, checks: checks)
    result.linearRebate = rebate.linear
    result.optimalWorstCaseShare = optimal
    result.expectedRedistribution = expected
    result.expectedVCGRevenue = expectedRevenue
    try enforce(result)
    return result
}

/// Basic Groves on units: Z_i = W_{-i}, the sum of the m highest values among the others —
/// W − v_i + v_{(m+1)} for a winner, W for a loser (O(n log n)).
func basicGrovesUnitsRebates(_ v: [Double], units m: Int) -> [Double] {
    let vcg = UnitsVCG(values: v, units: m)
    let sorted = v.sorted(by: >)
    let firstLoser = sorted.count > m ? sorted[m] : 0   // v_{(m+1)}
    return v.indices.map { i in vcg.wins[i] ? vcg.welfare - v[i] + firstLoser : vcg.welfare }
}

/// Probes Z_i with agent i's report replaced by 0, the domain's top (or twice the largest
/// value plus 1), the largest and smallest reported values and half its own: Z_i must not
/// move. Probed agents: those ranked first, m-th, (m+1)-th, (m+2)-th and last (where the
/// rebate's order statistics change) and others evenly spread, 12 at most.
func unitsIndependenceCheck(_ u: UnitsInstance, z: [Double], rebate: UnitsRebate, tol: Double) -> RedistributionCheck {
    let n = u.agentCount, m = u.units
    let top = u.values.max() ?? 0
    let probes = [0, u.upper ?? (2 * top + 1), top, u.values.min() ?? 0]
    let order = u.values.indices.sorted { u.values[$0] != u.values[$1] ? u.values[$0] > u.values[$1] : $0 < $1 }
    var probed = Set([0, m - 1, m, m + 1, n - 1].filter { $0 >= 0 && $0 < n }.map { order[$0] })
    for i in stride(from: 0, to: n, by: max(1, n / 7)) where probed.count < 12 { probed.insert(i) }
    var worst = 0.0, who = ""
    for i in probed.sorted() {
        for p in probes + [u.values[i] / 2] {
            var v = u.values
            v[i] = p
            let d = abs(rebate.rebates(v)[i] - z[i])
            if d > worst { worst = d; who = u.agents[i] }
        }
    }
    return RedistributionCheck(property: "rebate-independent-of-own-report", promised: true, holds: worst <= tol,
                               detail: worst <= tol ? "Z_i unchanged under 5 other reports of each of \(probed.count) agents" : "Z of \"\(who)\" moves by \(worst) with its own report")
}

// MARK: - outcome tables and enumerated auctions

func runTableMechanism(_ problem: StaticProblem, kind: String, prior: TypePrior?, mechanism: RedistributionMechanismName,
                       options: RedistributionOptions) throws -> RedistributionResult {
    let n = problem.agentCount
    let values = problem.reportedValues
    let vcg = vickreyClarkeGroves(values: values)
    let scale = max(1, abs(vcg.welfare), vcg.revenue, values.flatMap { $0 }.map(abs).max() ?? 0) * Double(n)
    let tol = 1e-7 * scale
    var z: [Double]
    var rebateOf: ((StaticProblem, Int) throws -> Double)? = nil
    var esw: [Double]? = nil
    var checks: [RedistributionCheck] = []
    switch mechanism {
    case .vcg:
        z = Array(repeating: 0, count: n)
        rebateOf = { _, _ in 0 }
    case .rm:
        let rm = try runMechanism(problem, .rm, options: options.revenueGuarantee)
        z = rm.redistribution
        rebateOf = { p, i in try revenueGuarantee(p, agent: i, options.revenueGuarantee).guarantee / Double(n) }
    case .bailey:
        z = baileyRebates(values)
        rebateOf = { p, i in baileyRebates(p.reportedValues)[i] }
    case .basicGroves:
        z = vcg.valueWithout
        rebateOf = { p, i in vickreyClarkeGroves(values: p.reportedValues).valueWithout[i] }
    case .agv:
        guard kind == "outcomes", let prior else {
            throw RedistributionError.notDefined(mechanism: "agv", kind: kind, reason: "AGV needs a prior over types (the \"prior\" of an outcome table)")
        }
        guard n >= 2 else { throw RedistributionError.notDefined(mechanism: "agv", kind: kind, reason: "AGV needs at least two agents") }
        let agv = try ExpectedExternality(problem: problem, prior: prior, maxProfiles: options.maxPriorProfiles)
        let transfers = agv.transfers(reports: problem.reports)
        esw = (0..<n).map { agv.expectedWelfareOfOthers(agent: $0, type: problem.reports[$0]) }
        z = (0..<n).map { transfers[$0] + vcg.payments[$0] }
        let imbalance = transfers.reduce(0, +)
        checks.append(RedistributionCheck(property: "budget-balance", promised: true, holds: abs(imbalance) <= tol,
                                          detail: "Σ T_i = \(imbalance)"))
        let bic = agv.interimIncentiveCheck(reports: problem.reports)
        checks.append(RedistributionCheck(property: "bayes-nash-incentive-compatibility", promised: true, holds: bic.gain <= tol,
                                          detail: bic.detail))
    case .wco, .oel:
        throw RedistributionError.notDefined(mechanism: mechanism.rawValue, kind: kind,
                                             reason: "it is defined for identical units with unit demand (kind \"units\")")
    }

    let total = z.reduce(0, +)
    let nonNegative = values.allSatisfy { $0.allSatisfy { $0 >= 0 } }
    checks.insert(RedistributionCheck(
        property: "no-deficit", promised: mechanism == .vcg || mechanism == .rm || mechanism == .agv, holds: total <= vcg.revenue + tol,
        detail: "redistributed \(total) vs VCG revenue \(vcg.revenue)"), at: 0)
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + z[$0] }
    let worst = utilities.indices.min { utilities[$0] < utilities[$1] } ?? 0
    checks.insert(RedistributionCheck(
        property: "individual-rationality", promised: mechanism != .agv && nonNegative, holds: utilities[worst] >= -tol,
        detail: "lowest utility \(utilities[worst]) (agent \"\(problem.agents[worst])\")" + (nonNegative ? "" : "; some values are negative, so IR is not promised")), at: 1)
    if options.probeIndependence, let rebateOf {
        checks.insert(try tableIndependenceCheck(problem, z: z, rebateOf: rebateOf, tol: tol), at: 2)
    }
    let agents = (0..<n).map { i in
        RedistributionAgentResult(name: problem.agents[i], value: vcg.values[i], vcgPayment: vcg.payments[i], redistribution: z[i],
                                  transfer: z[i] - vcg.payments[i], utility: utilities[i], wins: nil,
                                  revenueGuarantee: mechanism == .rm ? Double(n) * z[i] : nil)
    }
    var result = assemble(name: problem.name, kind: kind, mechanism: mechanism, outcome: problem.outcomes[vcg.outcome],
                          welfare: vcg.welfare, vcgRevenue: vcg.revenue, agents: agents, checks: checks)
    result.expectedExternality = esw
    if let allocations = problem.allocations {
        result.allocation = Dictionary(uniqueKeysWithValues: problem.agents.enumerated().map { ($0.element, allocations[vcg.outcome][$0.offset]) })
    }
    try enforce(result)
    return result
}

/// Bailey's rule on a valuation matrix `values[i][o]`: Z_i = R(θ_{-i}) / n, the VCG revenue of
/// the economy without agent i (same outcome set, agent i's row dropped) divided by n.
public func baileyRebates(_ values: [[Double]]) -> [Double] {
    let n = values.count
    return (0..<n).map { i in
        var others = values
        others.remove(at: i)
        return others.isEmpty ? 0 : vickreyClarkeGroves(values: others).revenue / Double(n)
    }
}

/// Probes Z_i with agent i's report replaced by the all-zero type and by its report reversed
/// (and, for RM, a type that minimizes the revenue), on at most 12 agents.
func tableIndependenceCheck(_ problem: StaticProblem, z: [Double], rebateOf: (StaticProblem, Int) throws -> Double,
                            tol: Double) throws -> RedistributionCheck {
    let n = problem.agentCount
    let step = max(1, n / 12)
    var worst = 0.0, who = ""
    for i in stride(from: 0, to: n, by: step) {
        let x = problem.reports[i]
        for probe in [x.map { _ in 0.0 }, Array(x.reversed())] {
            let d = abs(try rebateOf(problem.replacingReport(of: i, with: probe), i) - z[i])
            if d > worst { worst = d; who = problem.agents[i] }
        }
    }
    return RedistributionCheck(property: "rebate-independent-of-own-report", promised: true, holds: worst <= tol,
                               detail: worst <= tol ? "Z_i unchanged under 2 other reports of each probed agent" : "Z of \"\(who)\" moves by \(worst) with its own report")
}

// MARK: - shared

func assemble(name: String, kind: String, mechanism: RedistributionMechanismName, outcome: String, welfare: Double,
              vcgRevenue: Double, agents: [RedistributionAgentResult], checks: [RedistributionCheck]) -> RedistributionResult {
    let redistributed = agents.reduce(0) { $0 + $1.redistribution }
    let revenue = vcgRevenue - redistributed
    let tol = 1e-9 * max(1, abs(welfare), abs(vcgRevenue))
    let kept = agents.reduce(0) { $0 + $1.utility }
    return RedistributionResult(
        name: name, kind: kind, mechanism: mechanism, outcome: outcome, welfare: welfare, vcgRevenue: vcgRevenue,
        redistributed: redistributed, revenue: revenue, deficit: revenue < -tol ? -revenue : nil,
        shareRedistributed: vcgRevenue > tol ? redistributed / vcgRevenue : (abs(redistributed) <= tol ? 1 : 0),
        shareKept: welfare > tol ? kept / welfare : 1, agents: agents, checks: checks)
}

/// Throws when a promised property fails.
func enforce(_ result: RedistributionResult) throws {
    if let failed = result.checks.first(where: { $0.promised && !$0.holds }) {
        throw RedistributionError.propertyViolated(mechanism: result.mechanism.rawValue, property: failed.property, detail: failed.detail)
    }
}
