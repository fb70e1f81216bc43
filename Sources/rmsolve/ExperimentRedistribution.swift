import ArgumentParser
import CATS
import Experiments
import Foundation

/// `rmsolve experiment redistribution`: the mechanisms that give VCG revenue back, compared on
/// "units" and on CATS auctions — a shell around `RedistributionExperiment` of the
/// Experiments library.
struct ExperimentRedistribution: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redistribution",
        abstract: "Compare VCG, RM, Bailey's rule, WCO and OEL: share of VCG revenue redistributed, of value kept, utility spread, envy.",
        discussion: """
            Units cells (--agents, --units, --distribution): m identical units, unit demand, n \
            agents with i.i.d. values, uniform on [0, 100] or normal(50, 12.5) truncated at 0; \
            mechanisms vcg, rm (Bailey–Cavallo's (m/n)·v^{-i}_{(m+1)}), bailey (the same rebate \
            on units), wco (Guo–Conitzer worst-case optimal) and oel (optimal in expectation \
            for the cell's distribution). CATS cells (--cats-distribution, --goods, --bids): \
            vcg, rm (revenue guarantees by constraint generation, bids domain unbounded) and \
            bailey (Z_i = R_{-i}/n, can run a deficit). Writes into --out, besides plan.json, \
            results.jsonl and runs.jsonl: redistribution.csv (one row per cell and mechanism: \
            redistributedPct, keptPct, utilitySpread, envy as Mean/Sd/Lower95/Upper95, the \
            worst cases found worstRedistributedPct and worstKeptPct, the guarantee over all \
            profiles worstCaseRedistributedPct for linear rebates, envyFrequencyPct, deficitPct), \
            kept-units-<distribution>.svg and worst-units-<distribution>.svg (against n, at the \
            smallest m) and kept-cats.svg. Envy: the largest gain any agent would get by \
            swapping its bundle and transfer with another's. Pass --agents none or \
            --cats-distribution none to leave a setting out.
            """)

    @Option(help: "Numbers of agents n of the units cells (3...30), comma-separated, or none.") var agents: String = "4,6,10"
    @Option(help: "Numbers of units m (each used where m ≤ n − 2), comma-separated, or all (1...n−2).") var units: String = "all"
    @Option(help: "Value distributions of the units cells: uniform, normal (comma-separated).") var distribution: String = "uniform,normal"
    @Option(help: "CATS distributions, comma-separated, or none.") var catsDistribution: String = "regions,arbitrary"
    @Option(help: "Goods per CATS auction.") var goods: Int = 6
    @Option(help: "Bids per CATS auction, comma-separated for several cells.") var bids: String = "8,16"
    @Option(help: "Samples (profiles or auctions) per cell.") var samples: Int = 100
    @OptionGroup var random: RandomOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: ExperimentRunOptionGroup

    static let flags = ["agents": "--agents", "units": "--units", "distributions": "--distribution",
                        "catsDistributions": "--cats-distribution", "goods": "--goods", "bids": "--bids", "samples": "--samples"]

    /// The experiment's plan (validated by the library).
    func plan() throws -> ExperimentPlan {
        let ns = agents == "none" ? [] : try parseList(agents, flag: "--agents", expected: "integers in 3...30, comma-separated, or none") { Int($0) }
        let ms = units == "all" ? nil : try parseList(units, flag: "--units", expected: "positive integers, comma-separated, or all") { Int($0) }
        let ds = try parseList(distribution, flag: "--distribution", expected: "uniform, normal") {
            RedistributionExperiment.UnitsDistribution(rawValue: $0)
        }
        let cs = catsDistribution == "none" ? [] : try parseList(
            catsDistribution, flag: "--cats-distribution",
            expected: "CATS distributions (\(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", "))) or none") {
                CATSDistribution(rawValue: $0)
            }
        let bs = try parseList(bids, flag: "--bids", expected: "positive integers, comma-separated") { Int($0) }
        let parameters = RedistributionExperiment.Parameters(agents: ns, units: ms, distributions: ds, catsDistributions: cs,
                                                             goods: goods, bids: bs, samples: samples)
        return try experimentPlan(parameters, seed: random.seed, shard: output.parsedShard, flags: Self.flags)
    }

    func validate() throws { _ = try plan() }

    func run() throws {
        try runExperimentCommand(try plan(), options: output, jobs: parallel.jobs)
    }
}
