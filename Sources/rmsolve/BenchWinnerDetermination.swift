import ArgumentParser
import CATS
import Combinatorial

/// `rmsolve bench wdp`: the winner-determination strategies on the same generated auctions,
/// by ``benchmarkWinnerDetermination(distribution:goods:bids:seed:samples:searchNodeLimit:lpNodeLimit:skipMIP:)``.
struct BenchWinnerDetermination: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wdp",
        abstract: "Time the winner-determination methods on generated CATS auctions (VCG's problems).",
        discussion: """
            For --samples auctions (seeds --seed, --seed+1, …), solves VCG's winner \
            determinations (all bids, then without each winner) by each strategy: the pure-Swift \
            branch and bound over goods, the LP-based branch and bound (CLP node LPs), and \
            CLP+CBC (the LP relaxation, CBC when it is fractional). Checks that all strategies \
            find the same welfare (exit 1 otherwise) and prints one JSON line with seconds per \
            strategy, the ratios to CBC, and how many problems each search left unsolved at its \
            node limit.
            """)

    @Option(help: "The CATS distribution.")
    var distribution: CATSDistribution = .regions
    @Option(help: "Goods.") var goods: Int = 64
    @Option(help: "Bids.") var bids: Int = 500
    @OptionGroup var random: RandomOptions
    @Option(help: "Auctions generated.") var samples: Int = 3
    @Option(name: .customLong("search-nodes"), help: "Node limit of the pure-Swift branch and bound.")
    var searchNodes: Int = 200_000
    @Option(name: .customLong("lp-nodes"), help: "Node-LP limit of the LP-based branch and bound.")
    var lpNodes: Int = 100_000
    @Flag(name: .customLong("skip-cbc"), help: "Skip CBC (then the two searches are checked against each other where both finish).")
    var skipCBC: Bool = false

    func validate() throws {
        guard goods >= 1, bids >= 1, samples >= 1 else { throw ValidationError("--goods, --bids and --samples must be positive") }
    }

    func run() throws {
        try reportingErrors {
            try printJSONLine(try benchmarkWinnerDetermination(
                distribution: distribution, goods: goods, bids: bids, seed: random.seed, samples: samples,
                searchNodeLimit: searchNodes, lpNodeLimit: lpNodes, skipMIP: skipCBC))
        }
    }
}
