import ArgumentParser
import CATS
import Combinatorial
import Foundation
import LinearOptimization

/// `rmsolve bench wdp`: the winner-determination methods on the same generated auctions.
struct BenchWinnerDetermination: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wdp",
        abstract: "Time the winner-determination methods on generated CATS auctions (VCG's problems).",
        discussion: """
            For --samples auctions (seeds --seed, --seed+1, …), solves VCG's winner \
            determinations (all bids, then without each winner) by each method: the pure-Swift \
            branch and bound over goods, the LP-based branch and bound (CLP node LPs), and \
            CLP+CBC (the LP relaxation, CBC when it is fractional). Checks that all methods \
            find the same welfare (exit 1 otherwise) and prints one JSON line with seconds per \
            method, the ratios to CBC, and how many problems each search left unsolved at its \
            node limit.
            """)

    @Option(help: "CATS distribution.") var distribution: String = "regions"
    @Option var goods: Int = 64
    @Option var bids: Int = 500
    @Option var seed: UInt64 = 1
    @Option var samples: Int = 3
    @Option(name: .customLong("search-nodes"), help: "Node limit of the pure-Swift branch and bound.")
    var searchNodes: Int = 200_000
    @Option(name: .customLong("lp-nodes"), help: "Node-LP limit of the LP-based branch and bound.")
    var lpNodes: Int = 100_000
    @Flag(name: .customLong("skip-cbc"), help: "Skip CBC (then the two searches are checked against each other where both finish).")
    var skipCBC: Bool = false

    func validate() throws {
        guard CATSDistribution(rawValue: distribution) != nil else {
            throw ValidationError("unknown distribution (one of \(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard goods >= 1, bids >= 1, samples >= 1 else { throw ValidationError("--goods, --bids and --samples must be positive") }
    }

    func run() throws {
        try reportingErrors {
            func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
            var seconds = ["search": 0.0, "lpBranchAndBound": 0.0, "cbc": 0.0]
            var unsolved = ["search": 0, "lpBranchAndBound": 0]
            var problems = 0, cbcFractional = 0
            for s in 0..<samples {
                let file = try CATSDistribution(rawValue: distribution)!.generate(goods: goods, bids: bids, seed: seed + UInt64(s))
                let auction = BidAuction(cats: file, name: "bench", domain: .bids, upper: .infinity)
                let full = try auction.winnerDetermination(searchNodeLimit: 0)
                let lists = [auction.bids] + full.winning.indices.filter { full.winning[$0] >= 0 }.map { j in
                    auction.bids.indices.map { $0 == j ? [] : auction.bids[$0] }
                }
                for bidLists in lists {
                    problems += 1
                    var t = clock()
                    var reference: Double?
                    if !skipCBC {
                        let r = try BidAuction.winnerDetermination(bidLists: bidLists, goodCount: goods, searchNodeLimit: 0)
                        seconds["cbc"]! += clock() - t
                        if !r.lpIntegral { cbcFractional += 1 }
                        reference = r.welfare
                    }
                    t = clock()
                    let search = BidAuction.branchAndBoundWinnerDetermination(bidLists: bidLists, goodCount: goods, nodeLimit: searchNodes)
                    seconds["search"]! += clock() - t
                    t = clock()
                    let lp = try BidAuction.lpBranchAndBoundWinnerDetermination(bidLists: bidLists, goodCount: goods, nodeLimit: lpNodes)
                    seconds["lpBranchAndBound"]! += clock() - t
                    for (name, r) in [("search", search), ("lpBranchAndBound", lp)] {
                        guard let r else { unsolved[name]! += 1; continue }
                        reference = reference ?? r.welfare
                        guard abs(r.welfare - reference!) <= 1e-9 * max(1, reference!) else {
                            throw ValidationError("\(name) found welfare \(r.welfare), another method \(reference!) (seed \(seed + UInt64(s)))")
                        }
                    }
                }
            }
            let line: [String: Any] = [
                "distribution": distribution, "goods": goods, "bids": bids, "seed": seed, "samples": samples,
                "problems": problems, "cbcFractional": cbcFractional,
                "searchSeconds": seconds["search"]!, "lpBranchAndBoundSeconds": seconds["lpBranchAndBound"]!, "cbcSeconds": seconds["cbc"]!,
                "searchUnsolved": unsolved["search"]!, "lpBranchAndBoundUnsolved": unsolved["lpBranchAndBound"]!,
                "searchNodeLimit": searchNodes, "lpNodeLimit": lpNodes,
                "speedupLPBranchAndBoundVsCBC": seconds["cbc"]! / max(seconds["lpBranchAndBound"]!, 1e-9),
                "speedupSearchVsCBC": seconds["cbc"]! / max(seconds["search"]!, 1e-9),
            ]
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
