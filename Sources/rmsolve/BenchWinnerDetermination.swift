import ArgumentParser
import CATS
import Combinatorial
import Foundation

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

            With --files (CATS .txt files or directories of them), solves each file's winner \
            determination instead (all bids; the goods search, then the LP branch and bound \
            with --lp-nodes node LPs, then CBC) and prints one JSON line per file: file, \
            solver "rmsolve", welfare, seconds, status, strategy — the lines \
            scripts/peers/wdp.py prints for HiGHS and SCIP, so the peers can be compared on \
            the same files (scripts/peers/bench-wdp).
            """)

    @Option(help: "The CATS distribution.")
    var distribution: CATSDistribution = .regions
    @Option(help: "Goods.") var goods: Int = 64
    @Option(help: "Bids.") var bids: Int = 500
    @OptionGroup var random: RandomOptions
    @Option(help: "Auctions generated.") var samples: Int = 3
    @Option(name: .customLong("search-nodes"), help: "Node limit of the pure-Swift branch and bound (default 200000; with --files 200).")
    var searchNodes: Int?
    @Option(name: .customLong("lp-nodes"), help: "Node-LP limit of the LP-based branch and bound (default 100000; with --files 10000000).")
    var lpNodes: Int?
    @Flag(name: .customLong("skip-cbc"), help: "Skip CBC (then the two searches are checked against each other where both finish).")
    var skipCBC: Bool = false

    @Option(name: .customLong("files"), parsing: .upToNextOption,
            help: "CATS files (or directories of .txt files) to solve instead of generated auctions.")
    var files: [String] = []

    func validate() throws {
        guard goods >= 1, bids >= 1, samples >= 1 else { throw ValidationError("--goods, --bids and --samples must be positive") }
    }

    func run() throws {
        try reportingErrors {
            if !files.isEmpty {
                for path in try catsFiles(files) {
                    try printJSONLine(try benchmarkWinnerDetermination(
                        file: path, options: WinnerDeterminationOptions(searchNodeLimit: searchNodes ?? 200,
                                                                        lpNodeLimit: lpNodes ?? 10_000_000)))
                }
                return
            }
            try printJSONLine(try benchmarkWinnerDetermination(
                distribution: distribution, goods: goods, bids: bids, seed: random.seed, samples: samples,
                searchNodeLimit: searchNodes ?? 200_000, lpNodeLimit: lpNodes ?? 100_000, skipMIP: skipCBC))
        }
    }
}

/// The files named, directories replaced by their `.txt` files in name order.
func catsFiles(_ paths: [String]) throws -> [String] {
    var out: [String] = []
    for path in paths {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasSuffix(".txt") }.sorted()
            out += names.map { (path as NSString).appendingPathComponent($0) }
        } else {
            out.append(path)
        }
    }
    return out
}
