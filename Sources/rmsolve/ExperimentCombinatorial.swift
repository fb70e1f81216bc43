import ArgumentParser
import CATS
import Experiments
import Foundation

/// `rmsolve experiment combinatorial`: RM on generated combinatorial auctions — a shell around
/// `CombinatorialExperiment` of the Experiments library.
struct ExperimentCombinatorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combinatorial",
        abstract: "RM on generated combinatorial auctions (CATS distributions): share of value kept, Bailey's rule's deficits.",
        discussion: """
            Each instance: a CATS auction of the distribution with --goods goods and a number \
            of bids from --bids; VCG by winner determination, every revenue guarantee G_i by \
            constraint generation on the "bids" domain (each bid's price in [0, U], U = \
            --upper raised to the instance's largest price; unbounded without --upper), RM, \
            and Bailey's naive rule (each agent gets 1/n of the VCG revenue of the auction \
            without it). Writes into --out, besides plan.json, results.jsonl and runs.jsonl: \
            instances.csv (one row per auction: welfare, vcgRevenue, redistributed, keptRMPct, \
            keptVCGPct, redistributedPct, baileyPaid, baileyDeficit 0/1), summary.csv (per \
            distribution and number of bids: Mean, Sd, Lower95, Upper95 of each, \
            baileyDeficitPct the % of auctions with a deficit) and share-kept.svg. \
            Distributions: \(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", ")).
            """)

    @Option(help: "CATS distributions, comma-separated (e.g. regions,arbitrary,decay).") var distribution: String
    @Option(help: "Goods per auction.") var goods: Int
    @Option(help: "Bids per auction, comma-separated for several cells.") var bids: String
    @Option(help: "Auctions per (distribution, bids) cell.") var samples: Int = 20
    @Option(help: "The upper end U of the bids domain [0, max(U, largest price of the instance)] (default: unbounded).")
    var upper: Double?
    @OptionGroup var random: RandomOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: ExperimentRunOptionGroup

    static let flags = ["distributions": "--distribution", "goods": "--goods", "bids": "--bids", "samples": "--samples", "upper": "--upper"]

    /// The experiment's plan (validated by the library).
    func plan() throws -> ExperimentPlan {
        let ds = try parseList(distribution, flag: "--distribution",
                               expected: "CATS distributions (\(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", ")))") {
            CATSDistribution(rawValue: $0)
        }
        let bs = try parseList(bids, flag: "--bids", expected: "positive integers, comma-separated") { Int($0) }
        let parameters = CombinatorialExperiment.Parameters(distributions: ds, goods: goods, bids: bs, samples: samples, upper: upper)
        return try experimentPlan(parameters, seed: random.seed, shard: output.parsedShard, flags: Self.flags)
    }

    func validate() throws { _ = try plan() }

    func run() throws {
        try runExperimentCommand(try plan(), options: output, jobs: parallel.jobs)
    }
}
