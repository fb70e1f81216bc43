import ArgumentParser
import Combinatorial
import Foundation
import LinearOptimization
import RevenueGuarantee

/// `rmsolve bench`: speed measurements (run them on a release build).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Speed measurements; build with -c release.",
        subcommands: [BenchStatic.self, BenchCombinatorial.self, BenchWinnerDetermination.self, BenchMDPCommand.self, BenchGittinsCommand.self])
}

/// `rmsolve bench static`: all revenue guarantees of a thesis-generator instance.
struct BenchStatic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "static",
        abstract: "Time all n revenue guarantees of a generated outcome-table instance (thesis §3.6.2).",
        discussion: """
            Prints one JSON line: seconds per phase (generate, VCG, all G_i by --method), and a \
            baseline measured in the same run: the thesis's big-M MIP (CBC) and the candidate LPs \
            (CLP) on the first --baseline-agents agents, extrapolated to all n, with the ratios \
            and the largest difference between the methods on the sampled agents.
            """)

    @Option var agents: Int = 100
    @Option var outcomes: Int = 100
    @Option var exclusivity: Double = 0.5
    @Option var seed: UInt64 = 1
    @Option(help: "uniform or normal.") var distribution: String = "uniform"
    @Option(help: "absolute (box) or relative (linear) reading of the domain.") var domain: String = "absolute"
    @Option(help: "mip, lp, closed-form or auto.") var method: RevenueGuaranteeMethod = .auto
    @Option var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("baseline-agents"), help: "Agents solved by the MIP and LP baselines (0: none).")
    var baselineAgents: Int = 2
    @Option(name: .customLong("plain-mip-agents"), help: "Agents solved by the plain thesis MIP (no preprocessing; slow).")
    var plainMIPAgents: Int = 0

    func validate() throws {
        guard agents >= 2, outcomes >= 1 else { throw ValidationError("need at least 2 agents and 1 outcome") }
        guard (0...1).contains(exclusivity) else { throw ValidationError("--exclusivity must be in [0, 1]") }
        guard ThesisOutcomeGenerator.Distribution(rawValue: distribution) != nil else { throw ValidationError("--distribution: uniform or normal") }
        guard ThesisOutcomeGenerator.DomainReading(rawValue: domain) != nil else { throw ValidationError("--domain: absolute or relative") }
    }

    func run() throws {
        try reportingErrors {
            func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
            var t = clock()
            let problem = ThesisOutcomeGenerator.generate(
                agents: agents, outcomes: outcomes, exclusivity: exclusivity,
                distribution: .init(rawValue: distribution)!, domain: .init(rawValue: domain)!, seed: seed)
            let generate = clock() - t
            t = clock()
            let vcg = vickreyClarkeGroves(problem)
            let vcgTime = clock() - t
            t = clock()
            let guarantees = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: method, jobs: jobs))
            let all = clock() - t
            for g in guarantees where g.guarantee < -1e-6 || g.guarantee > vcg.revenue + 1e-6 * max(1, vcg.revenue) {
                throw RevenueGuaranteeError.invariantViolated("G = \(g.guarantee) outside [0, \(vcg.revenue)]")
            }
            var line: [String: Any] = [
                "agents": agents, "outcomes": outcomes, "exclusivity": exclusivity, "seed": seed,
                "distribution": distribution, "domain": domain, "jobs": jobs, "method": method.rawValue,
                "methodsUsed": Array(Set(guarantees.map(\.method.rawValue))).sorted(),
                "generateSeconds": generate, "vcgSeconds": vcgTime, "allGuaranteesSeconds": all,
                "vcgRevenue": vcg.revenue,
                "solverCalls": guarantees.reduce(0) { $0 + $1.solverCalls },
                "solverSecondsSummedOverThreads": guarantees.reduce(0) { $0 + $1.solverSeconds }, "redistributed": guarantees.reduce(0) { $0 + $1.guarantee } / Double(agents),
            ]
            let k = min(baselineAgents, agents)
            if k > 0 {
                var maxDifference = 0.0
                var mipSeconds = 0.0, lpSeconds = 0.0
                for i in 0..<k {
                    t = clock()
                    let lp = try revenueGuarantee(problem, agent: i, RevenueGuaranteeOptions(method: .lp, jobs: 1))
                    lpSeconds += clock() - t
                    t = clock()
                    let mip = try revenueGuarantee(problem, agent: i, RevenueGuaranteeOptions(method: .mip, jobs: 1))
                    mipSeconds += clock() - t
                    maxDifference = max(maxDifference, abs(lp.guarantee - guarantees[i].guarantee),
                                        abs(mip.guarantee - guarantees[i].guarantee))
                }
                let mipAll = mipSeconds / Double(k) * Double(agents)        // CBC is serialized
                let lpAll = lpSeconds / Double(k) * Double(agents) / Double(max(1, min(jobs, agents)))
                line["baselineAgents"] = k
                line["mipSecondsPerAgent"] = mipSeconds / Double(k)
                line["lpSecondsPerAgent"] = lpSeconds / Double(k)
                line["mipAllAgentsExtrapolatedSeconds"] = mipAll
                line["lpAllAgentsExtrapolatedSeconds"] = lpAll
                line["speedupVsMIP"] = mipAll / max(all, 1e-9)
                line["speedupVsLP"] = lpAll / max(all, 1e-9)
                line["maxDifferenceOnBaselineAgents"] = maxDifference
            }
            if plainMIPAgents > 0 {
                var seconds = 0.0, difference = 0.0
                let k = min(plainMIPAgents, agents)
                for i in 0..<k {
                    t = clock()
                    let r = try BigMMIP.revenueGuarantee(AgentView(problem: problem, agent: i), options: SolveOptions(), reduced: false)
                    seconds += clock() - t
                    difference = max(difference, abs(r.guarantee - guarantees[i].guarantee))
                }
                line["plainMIPAgents"] = k
                line["plainMIPSecondsPerAgent"] = seconds / Double(k)
                line["plainMIPAllAgentsExtrapolatedSeconds"] = seconds / Double(k) * Double(agents)
                line["speedupVsPlainMIP"] = seconds / Double(k) * Double(agents) / max(all, 1e-9)
                line["maxDifferencePlainMIP"] = difference
            }
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
