import ArgumentParser
import CATS
import Combinatorial
import Foundation
import LinearOptimization
import Reporting
import RevenueGuarantee

/// `rmsolve bench combinatorial`: all revenue guarantees of a generated CATS auction by
/// constraint generation, with where the time goes and a baseline measured in the same run.
struct BenchCombinatorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combinatorial",
        abstract: "Time all revenue guarantees of a generated CATS auction (constraint generation, \"bids\" domain).",
        discussion: """
            Prints one JSON line: seconds per phase (generate, VCG, all G_i), winner \
            determinations (total, needing CBC, for VCG / option values / separation), master \
            MIPs, cuts, pool size; baselines in the same run: constraint generation without \
            cut reuse across agents on the first --baseline-agents agents (extrapolated to all), \
            and the enumeration method (candidate LPs over all allocations) when the auction \
            has at most --max-outcomes allocations, with the largest difference in G_i.
            """)

    @Option(help: "CATS distribution.") var distribution: String = "regions"
    @Option var goods: Int = 20
    @Option var bids: Int = 100
    @Option var seed: UInt64 = 1
    @Option(help: "The bids domain's upper bound (default: unbounded).") var upper: Double?
    @Option(name: .customLong("reuse-cuts"), help: "Share cuts across agents in the main run (true or false).")
    var reuseCuts: Bool = true
    @Option(name: .customLong("baseline-agents"), help: "Agents solved without cut reuse (0: none).")
    var baselineAgents: Int = 5
    @Option(help: "Threads for the separation winner determinations (1: the sequential baseline is also timed).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("max-outcomes"), help: "Enumeration baseline only up to this many allocations.")
    var maxOutcomes: Int = 20_000

    @Option(name: .customLong("search-nodes"), help: "Node limit of the branch-and-bound winner determination (0: CLP/CBC only, the previous method).")
    var searchNodes: Int = 2_000
    @Option(name: .customLong("lp-nodes"), help: "Node-LP limit of the LP-based branch and bound tried when the search hits its limit (0: CLP/CBC directly).")
    var lpNodes: Int = 20_000
    @Option(name: .customLong("baseline-lp-nodes"), help: "Node-LP limit of the --baseline-search-nodes run.")
    var baselineLPNodes: Int = 0
    @Option(name: .customLong("baseline-search-nodes"), help: "Also time all G_i with this node limit (e.g. 0: the CLP/CBC winner determination) in the same run; -1: skip.")
    var baselineSearchNodes: Int = -1

    func validate() throws {
        guard CATSDistribution(rawValue: distribution) != nil else {
            throw ValidationError("unknown distribution (one of \(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard goods >= 1, bids >= 1, baselineAgents >= 0 else { throw ValidationError("--goods and --bids must be positive") }
    }

    func run() throws {
        try reportingErrors {
            func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
            var t = clock()
            let file = try CATSDistribution(rawValue: distribution)!.generate(goods: goods, bids: bids, seed: seed)
            let auction = BidAuction(cats: file, name: "bench", domain: .bids, upper: upper ?? .infinity)
            let generate = clock() - t
            let n = auction.bidders.count
            t = clock()
            let engine = CombinatorialRevenueGuarantees(auction, reuseCuts: reuseCuts, jobs: jobs, searchNodeLimit: searchNodes,
                                                        lpNodeLimit: lpNodes)
            let (vcg, _) = try engine.vickreyClarkeGroves()
            let vcgTime = clock() - t
            t = clock()
            // Agent by agent (the same order as `revenueGuarantees()`), with a progress bar
            // on a terminal's standard error.
            let progress = ProgressBar(total: n, label: "revenue guarantees")
            var guarantees: [AgentRevenueGuarantee] = []
            for i in 0..<n {
                guarantees.append(try engine.revenueGuarantee(agent: i))
                progress.advance()
            }
            progress.finish()
            let all = clock() - t
            let result = try redistributionMechanismResult(vcg: vcg, guarantees: guarantees)
            let s = engine.statistics
            var line: [String: Any] = [
                "distribution": distribution, "goods": goods, "bids": bids, "seed": seed, "bidders": n,
                "generateSeconds": generate, "vcgSeconds": vcgTime, "allGuaranteesSeconds": all,
                "vcgRevenue": vcg.revenue, "redistributed": result.redistributed, "welfare": vcg.welfare,
                "wdpSolves": s.wdpSolves, "wdpMIPSolves": s.wdpMIPSolves, "wdpSeconds": s.wdpSeconds,
                "vcgWDPs": s.vcgSolves, "optionValueWDPs": s.optionValueSolves, "separationWDPs": s.separationSolves,
                "masterSolves": s.masterSolves, "masterSeconds": s.masterSeconds, "cuts": s.cuts, "poolSize": s.poolSize,
                "memoHits": s.memoHits, "reuseCuts": reuseCuts, "jobs": jobs, "separationsSkipped": s.separationsSkipped,
                "searchNodeLimit": searchNodes, "wdpSearchSolves": s.wdpSearchSolves,
                "lpNodeLimit": lpNodes, "wdpLPSearchSolves": s.wdpLPSearchSolves,
            ]
            if baselineSearchNodes >= 0 {
                t = clock()
                let other = CombinatorialRevenueGuarantees(auction, jobs: jobs, searchNodeLimit: baselineSearchNodes,
                                                           lpNodeLimit: baselineLPNodes)
                _ = try other.vickreyClarkeGroves()
                let g = try other.revenueGuarantees()
                let seconds = clock() - t
                line["baselineSearchNodeLimit"] = baselineSearchNodes
                line["baselineLPNodeLimit"] = baselineLPNodes
                line["baselineVCGAndGuaranteesSeconds"] = seconds
                line["baselineWDPSeconds"] = other.statistics.wdpSeconds
                line["baselineMasterSeconds"] = other.statistics.masterSeconds
                line["speedupVsBaseline"] = seconds / max(vcgTime + all, 1e-9)
                line["maxDifferenceBaseline"] = zip(g, guarantees).map { abs($0.guarantee - $1.guarantee) }.max() ?? 0
            }
            let k = min(baselineAgents, n)
            if k > 0 {
                let plain = CombinatorialRevenueGuarantees(auction, reuseCuts: false, searchNodeLimit: searchNodes, lpNodeLimit: lpNodes)
                _ = try plain.vickreyClarkeGroves()
                var difference = 0.0
                t = clock()
                for i in 0..<k { difference = max(difference, abs(try plain.revenueGuarantee(agent: i).guarantee - guarantees[i].guarantee)) }
                let seconds = clock() - t
                line["noReuseAgents"] = k
                line["noReuseSecondsPerAgent"] = seconds / Double(k)
                line["noReuseAllAgentsExtrapolatedSeconds"] = seconds / Double(k) * Double(n)
                line["speedupVsNoReuse"] = seconds / Double(k) * Double(n) / max(all, 1e-9)
                line["noReuseWDPs"] = plain.statistics.wdpSolves - plain.statistics.vcgSolves
                line["noReuseMasterSolves"] = plain.statistics.masterSolves
                line["maxDifferenceNoReuse"] = difference
            }
            if let small = auction.auctionInstance, small.outcomeCount(cap: maxOutcomes) <= maxOutcomes, let problem = small.compile(maxOutcomes: maxOutcomes) {
                t = clock()
                let lp = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: .lp))
                let seconds = clock() - t
                line["enumerationOutcomes"] = problem.outcomeCount
                line["enumerationLPSeconds"] = seconds
                line["speedupVsEnumeration"] = seconds / max(all, 1e-9)
                line["maxDifferenceEnumeration"] = zip(lp, guarantees).map { abs($0.guarantee - $1.guarantee) }.max() ?? 0
            } else {
                line["enumerationOutcomes"] = "more than \(maxOutcomes)"
            }
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
