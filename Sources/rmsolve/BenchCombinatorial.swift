import ArgumentParser
import CATS
import Foundation
import Parallel
import Reporting
import RevenueGuarantee

/// `rmsolve bench combinatorial`: all revenue guarantees of a generated CATS auction by
/// constraint generation, by ``benchmarkCombinatorialRevenueGuarantees(_:progress:)``.
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

    @Option(help: "The CATS distribution.")
    var distribution: CATSDistribution = .regions
    @Option(help: "Goods.") var goods: Int = 20
    @Option(help: "Bids.") var bids: Int = 100
    @OptionGroup var random: RandomOptions
    @Option(help: "The bids domain's upper bound (default: unbounded).") var upper: Double?
    @Option(name: .customLong("reuse-cuts"), help: "Share cuts across agents in the main run (true or false).")
    var reuseCuts: Bool = true
    @Option(name: .customLong("baseline-agents"), help: "Agents solved without cut reuse (0: none).")
    var baselineAgents: Int = 5
    @OptionGroup var parallel: ParallelOptions
    @Option(name: .customLong("max-outcomes"), help: "Enumeration baseline only up to this many allocations.")
    var maxOutcomes: Int = 20_000
    @Option(name: .customLong("search-nodes"), help: "Node limit of the goods search in every winner determination (0: CLP/CBC only).")
    var searchNodes: Int = 2_000
    @Option(name: .customLong("lp-nodes"), help: "Node-LP limit of the LP-based branch and bound tried when the search hits its limit (0: CLP/CBC directly).")
    var lpNodes: Int = 20_000
    @Option(name: .customLong("baseline-lp-nodes"), help: "Node-LP limit of the --baseline-search-nodes run.")
    var baselineLPNodes: Int = 0
    @Option(name: .customLong("baseline-search-nodes"), help: "Also time all G_i with this node limit (e.g. 0: the CLP/CBC winner determination) in the same run; -1: skip.")
    var baselineSearchNodes: Int = -1

    @Option(help: "Read the auction from this CATS file instead of generating it (--distribution, --goods, --bids are then ignored; --seed is only a label).")
    var file: String?

    func validate() throws {
        guard goods >= 1, bids >= 1, baselineAgents >= 0 else { throw ValidationError("--goods and --bids must be positive") }
        if let u = upper, !(u >= 0) { throw ValidationError("--upper must be non-negative") }
    }

    func run() throws {
        try reportingErrors {
            var o = CombinatorialBenchmarkOptions()
            (o.distribution, o.goods, o.bids, o.seed, o.upper) = (distribution, goods, bids, random.seed, upper ?? .infinity)
            (o.reuseCuts, o.baselineAgents, o.jobs, o.maxOutcomes) = (reuseCuts, baselineAgents, parallel.jobs, maxOutcomes)
            (o.searchNodeLimit, o.lpNodeLimit) = (searchNodes, lpNodes)
            (o.baselineSearchNodeLimit, o.baselineLPNodeLimit) = (baselineSearchNodes, baselineLPNodes)
            o.file = file
            // Per-agent state on a terminal's standard error.
            let display = AgentProgressDisplay(label: "revenue guarantees")
            let line = try benchmarkCombinatorialRevenueGuarantees(o) { display.update($0) }
            display.finish()
            try printJSONLine(line)
        }
    }
}
