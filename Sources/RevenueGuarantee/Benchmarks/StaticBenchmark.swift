import Combinatorial
import Dispatch
import LinearOptimization

/// What ``benchmarkStaticRevenueGuarantees(agents:outcomes:exclusivity:seed:distribution:domain:method:jobs:baselineAgents:plainMIPAgents:)``
/// measured (the line `rmsolve bench static` prints). Baseline fields are `nil` (left out of
/// the JSON) when their baseline did not run.
public struct StaticBenchmark: Codable, Sendable {
    public var agents: Int, outcomes: Int, exclusivity: Double, seed: UInt64
    public var distribution: String, domain: String, jobs: Int, method: String
    /// The methods actually used for the agents (``RevenueGuaranteeMethod/auto`` picks per agent).
    public var methodsUsed: [String]
    public var generateSeconds: Double, vcgSeconds: Double, allGuaranteesSeconds: Double
    public var vcgRevenue: Double, redistributed: Double
    public var solverCalls: Int, solverSecondsSummedOverThreads: Double
    /// The candidate LPs and the big-M MIP on the first `baselineAgents` agents, extrapolated to all n.
    public var baselineAgents: Int?, mipSecondsPerAgent: Double?, lpSecondsPerAgent: Double?
    public var mipAllAgentsExtrapolatedSeconds: Double?, lpAllAgentsExtrapolatedSeconds: Double?
    public var speedupVsMIP: Double?, speedupVsLP: Double?, maxDifferenceOnBaselineAgents: Double?
    /// The plain thesis MIP (no preprocessing) on the first `plainMIPAgents` agents.
    public var plainMIPAgents: Int?, plainMIPSecondsPerAgent: Double?, plainMIPAllAgentsExtrapolatedSeconds: Double?
    public var speedupVsPlainMIP: Double?, maxDifferencePlainMIP: Double?
}

/// Times all n revenue guarantees of a ``ThesisOutcomeGenerator`` instance by `method`, with
/// the baselines measured in the same run (see ``StaticBenchmark``). Every guarantee is
/// checked by ``MechanismInvariants`` (through ``runMechanism(_:_:options:sink:)``'s checks).
public func benchmarkStaticRevenueGuarantees(agents: Int, outcomes: Int, exclusivity: Double, seed: UInt64,
                                             distribution: ThesisOutcomeGenerator.Distribution,
                                             domain: ThesisOutcomeGenerator.DomainReading,
                                             method: RevenueGuaranteeMethod, jobs: Int,
                                             baselineAgents: Int = 2, plainMIPAgents: Int = 0) throws -> StaticBenchmark {
    func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    var t = clock()
    let problem = ThesisOutcomeGenerator.generate(agents: agents, outcomes: outcomes, exclusivity: exclusivity,
                                                  distribution: distribution, domain: domain, seed: seed)
    let generate = clock() - t
    t = clock()
    let vcg = vickreyClarkeGroves(problem)
    let vcgTime = clock() - t
    t = clock()
    let guarantees = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: method, jobs: jobs))
    let all = clock() - t
    let result = try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: guarantees, agents: problem.agents,
                                                        typeSpaces: problem.typeSpaces)
    var line = StaticBenchmark(
        agents: agents, outcomes: outcomes, exclusivity: exclusivity, seed: seed, distribution: distribution.rawValue,
        domain: domain.rawValue, jobs: jobs, method: method.rawValue,
        methodsUsed: Array(Set(guarantees.map(\.method.rawValue))).sorted(),
        generateSeconds: generate, vcgSeconds: vcgTime, allGuaranteesSeconds: all, vcgRevenue: vcg.revenue,
        redistributed: result.redistributed, solverCalls: guarantees.reduce(0) { $0 + $1.solverCalls },
        solverSecondsSummedOverThreads: guarantees.reduce(0) { $0 + $1.solverSeconds })
    let k = min(baselineAgents, agents)
    if k > 0 {
        var maxDifference = 0.0, mipSeconds = 0.0, lpSeconds = 0.0
        for i in 0..<k {
            t = clock()
            let lp = try revenueGuarantee(problem, agent: i, RevenueGuaranteeOptions(method: .lp, jobs: 1))
            lpSeconds += clock() - t
            t = clock()
            let mip = try revenueGuarantee(problem, agent: i, RevenueGuaranteeOptions(method: .mip, jobs: 1))
            mipSeconds += clock() - t
            maxDifference = max(maxDifference, abs(lp.guarantee - guarantees[i].guarantee), abs(mip.guarantee - guarantees[i].guarantee))
        }
        let mipAll = mipSeconds / Double(k) * Double(agents)        // CBC is serialized
        let lpAll = lpSeconds / Double(k) * Double(agents) / Double(max(1, min(jobs, agents)))
        line.baselineAgents = k
        line.mipSecondsPerAgent = mipSeconds / Double(k)
        line.lpSecondsPerAgent = lpSeconds / Double(k)
        line.mipAllAgentsExtrapolatedSeconds = mipAll
        line.lpAllAgentsExtrapolatedSeconds = lpAll
        line.speedupVsMIP = mipAll / max(all, 1e-9)
        line.speedupVsLP = lpAll / max(all, 1e-9)
        line.maxDifferenceOnBaselineAgents = maxDifference
    }
    let plain = min(plainMIPAgents, agents)
    if plain > 0 {
        var seconds = 0.0, difference = 0.0
        for i in 0..<plain {
            t = clock()
            let r = try BigMMIP.revenueGuarantee(AgentView(problem: problem, agent: i), options: SolveOptions(), reduced: false)
            seconds += clock() - t
            difference = max(difference, abs(r.guarantee - guarantees[i].guarantee))
        }
        line.plainMIPAgents = plain
        line.plainMIPSecondsPerAgent = seconds / Double(plain)
        line.plainMIPAllAgentsExtrapolatedSeconds = seconds / Double(plain) * Double(agents)
        line.speedupVsPlainMIP = seconds / Double(plain) * Double(agents) / max(all, 1e-9)
        line.maxDifferencePlainMIP = difference
    }
    return line
}
