import LinearOptimization

public extension AuctionInstance {
    /// VCG by CBC winner determination alone (n + 1 MIPs), for auctions with too many
    /// feasible allocations to enumerate. Returns the problem restricted to the chosen
    /// allocation (one outcome; bidder i's type is its bid values, `v_i` = its winning bid)
    /// and the VCG result on it, with W_{-j} from the MIPs. Tie-break: the allocation CBC
    /// returns (deterministic for a given CBC build).
    func vickreyClarkeGrovesByMIP(options: SolveOptions = SolveOptions()) throws -> (StaticProblem, VCGResult) {
        let n = bidders.count
        let (welfare, winning) = try winnerDetermination(options: options)
        let without = try (0..<n).map { try winnerDetermination(excluding: $0, options: options).welfare }
        let values = (0..<n).map { winning[$0] >= 0 ? bids[$0][winning[$0]].value : 0 }
        let payments = (0..<n).map { j in
            max(0, without[j] - (0..<n).filter { $0 != j }.reduce(0) { $0 + values[$1] })
        }
        let bundles = (0..<n).map { winning[$0] >= 0 ? bids[$0][winning[$0]].bundle : 0 }
        var problem = StaticProblem(
            name: name, agents: bidders,
            outcomes: [(0..<n).filter { bundles[$0] != 0 }.map { "\(bidders[$0]):{\(goodNames(bundles[$0]).joined(separator: ","))}" }.joined(separator: " ")],
            typeSpaces: bids.map { TypeSpace(lower: Array(repeating: 0, count: $0.count), upper: Array(repeating: upper, count: $0.count)) },
            valueColumn: winning.map { [Int32($0)] }, reports: bids.map { $0.map(\.value) })
        problem.allocations = [bundles.map { goodNames($0) }]
        return (problem, VCGResult(outcome: 0, welfare: welfare, valueWithout: without, values: values,
                                   payments: payments, revenue: payments.reduce(0, +)))
    }
}
