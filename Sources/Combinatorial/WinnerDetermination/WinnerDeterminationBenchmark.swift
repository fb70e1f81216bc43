import CATS
import Dispatch
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What ``benchmarkWinnerDetermination(distribution:goods:bids:seed:samples:searchNodeLimit:lpNodeLimit:skipMIP:)``
/// measured (the line `rmsolve bench wdp` prints).
public struct WinnerDeterminationBenchmark: Codable, Sendable {
    /// The CATS distribution.
    public var distribution: String
    /// Goods and bids per auction.
    public var goods: Int, bids: Int
    /// The first seed (auction k uses seed + k).
    public var seed: UInt64
    /// Auctions generated.
    public var samples: Int
    /// Winner determinations solved (VCG's: all bids, then without each winner).
    public var problems: Int
    /// Of those, how many had a fractional LP relaxation (CBC needed).
    public var cbcFractional: Int
    /// Seconds of each strategy, summed over the problems.
    public var searchSeconds: Double, lpBranchAndBoundSeconds: Double, cbcSeconds: Double
    /// Problems each search left unsolved at its limit.
    public var searchUnsolved: Int, lpBranchAndBoundUnsolved: Int
    /// The limits.
    public var searchNodeLimit: Int, lpNodeLimit: Int
    /// CBC's seconds over each search's.
    public var speedupLPBranchAndBoundVsCBC: Double, speedupSearchVsCBC: Double
}

/// Times the three winner-determination strategies (``WinnerDeterminationStrategy``) on VCG's
/// winner determinations of `samples` generated CATS auctions ("bids" domain), and checks
/// that every strategy that finishes finds the same welfare (else throws
/// ``WinnerDeterminationError/disagreement(_:)``). `skipMIP`: leave CBC out (the searches are
/// then checked against each other).
public func benchmarkWinnerDetermination(distribution: CATSDistribution, goods: Int, bids: Int, seed: UInt64, samples: Int,
                                         searchNodeLimit: Int = 200_000, lpNodeLimit: Int = 100_000,
                                         skipMIP: Bool = false) throws -> WinnerDeterminationBenchmark {
    func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    var seconds: [WinnerDeterminationStrategy: Double] = [.goodsSearch: 0, .lpBranchAndBound: 0, .mip: 0]
    var unsolved: [WinnerDeterminationStrategy: Int] = [.goodsSearch: 0, .lpBranchAndBound: 0]
    var problems = 0, fractional = 0
    for s in 0..<samples {
        let file = try distribution.generate(goods: goods, bids: bids, seed: seed + UInt64(s))
        let auction = BidAuction(cats: file, name: "bench", domain: .bids, upper: .infinity)
        let full = try auction.winnerDetermination(options: .mipOnly())
        let cases = [auction.winnerDeterminationProblem()]
            + full.winning.indices.filter { full.winning[$0] >= 0 }.map { auction.winnerDeterminationProblem(excluding: [$0]) }
        for problem in cases {
            problems += 1
            var reference: Double?
            for strategy in WinnerDeterminationStrategy.allCases where !(skipMIP && strategy == .mip) {
                let t = clock()
                let limit = strategy == .goodsSearch ? searchNodeLimit : lpNodeLimit
                let r = try problem.solve(by: strategy, nodeLimit: limit)
                seconds[strategy]! += clock() - t
                guard let r else { unsolved[strategy]! += 1; continue }
                if strategy == .mip && !r.lpIntegral { fractional += 1 }
                let expected = reference ?? r.welfare
                reference = expected
                guard abs(r.welfare - expected) <= 1e-9 * max(1, expected) else {
                    throw WinnerDeterminationError.disagreement("\(strategy.rawValue) found welfare \(r.welfare), another strategy \(expected) (seed \(seed + UInt64(s)))")
                }
            }
        }
    }
    let cbc = seconds[.mip]!
    return WinnerDeterminationBenchmark(
        distribution: distribution.rawValue, goods: goods, bids: bids, seed: seed, samples: samples, problems: problems,
        cbcFractional: fractional, searchSeconds: seconds[.goodsSearch]!, lpBranchAndBoundSeconds: seconds[.lpBranchAndBound]!,
        cbcSeconds: cbc, searchUnsolved: unsolved[.goodsSearch]!, lpBranchAndBoundUnsolved: unsolved[.lpBranchAndBound]!,
        searchNodeLimit: searchNodeLimit, lpNodeLimit: lpNodeLimit,
        speedupLPBranchAndBoundVsCBC: cbc / max(seconds[.lpBranchAndBound]!, 1e-9),
        speedupSearchVsCBC: cbc / max(seconds[.goodsSearch]!, 1e-9))
}

/// One winner determination on a CATS file by rmsolve's default cascade (the line
/// `rmsolve bench wdp --files` prints per file, next to the peers' lines of
/// `scripts/peers/wdp.py`).
public struct WinnerDeterminationFileResult: Codable, Sendable {
    /// The file.
    public var file: String
    /// Always "rmsolve".
    public var solver = "rmsolve"
    /// The maximum welfare.
    public var welfare: Double
    /// Seconds of the winner determination: building the search from the bid lists and solving
    /// (reading the file excluded, as for the peers).
    public var seconds: Double
    /// CPU seconds of the calling thread over the same span (a loaded machine inflates them
    /// less than wall-clock seconds).
    public var cpuSeconds: Double
    /// "optimal".
    public var status = "optimal"
    /// The strategy that finished (goods search, LP branch and bound, or CBC).
    public var strategy: String
    /// Goods (without dummy goods), bidders, bids.
    public var goods: Int, bidders: Int, bids: Int
}

/// Reads a CATS file and solves its winner determination (every bid, XOR within a bidder —
/// the same optimum as CATS's set packing with dummy goods) by
/// ``WinnerDeterminationProblem/solve(_:incumbent:)`` with `options`.
public func benchmarkWinnerDetermination(file path: String,
                                         options: WinnerDeterminationOptions = WinnerDeterminationOptions(lpNodeLimit: 10_000_000)) throws -> WinnerDeterminationFileResult {
    let file = try CATSFile.read(path: path)
    let auction = BidAuction(cats: file, name: path, domain: .bids, upper: .infinity)
    func threadCPU() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
    let cpuStart = threadCPU()
    let start = DispatchTime.now().uptimeNanoseconds
    let r = try auction.winnerDetermination(options: options)
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let cpu = threadCPU() - cpuStart
    return WinnerDeterminationFileResult(file: path, welfare: r.welfare, seconds: seconds, cpuSeconds: cpu, strategy: r.strategy.rawValue,
                                         goods: file.goodCount, bidders: auction.bidders.count, bids: file.bids.count)
}
