public extension BidAuction {
    /// VCG by winner determination, without enumerating allocations (thesis Def. 2.24):
    /// W from the winner determination on all bids, W_{-j} from the one without bidder j for
    /// every winner j (a losing bidder's absence changes nothing: W_{-j} = W), and
    /// `p_j = W_{-j} − (W − v_j)`. Outcome 0 of the result is the chosen allocation.
    /// `winnerDetermination(j)` solves the problem without bidder j (`nil`: with everyone) —
    /// this is the one place VCG is assembled from winner determinations; e.g.
    /// ``vickreyClarkeGroves(options:)`` passes the default cascade. Tie-break: the
    /// allocation the winner determination returns.
    ///
    /// Returns the VCG result and each bidder's winning bid (-1 for none).
    func vickreyClarkeGroves(winnerDetermination: (_ excluding: Int?) throws -> WinnerDeterminationResult)
        rethrows -> (vcg: VCGResult, winning: [Int])
    {
        let n = bidders.count
        let all = try winnerDetermination(nil)
        let values = (0..<n).map { all.winning[$0] >= 0 ? bids[$0][all.winning[$0]].value : 0 }
        var without = Array(repeating: all.welfare, count: n)
        for j in 0..<n where all.winning[j] >= 0 { without[j] = try winnerDetermination(j).welfare }
        let payments = (0..<n).map { j in max(0, without[j] - (all.welfare - values[j])) }
        let vcg = VCGResult(outcome: 0, welfare: all.welfare, valueWithout: without, values: values,
                            payments: payments, revenue: payments.reduce(0, +))
        return (vcg, all.winning)
    }

    /// VCG by the default winner determination (see ``vickreyClarkeGroves(winnerDetermination:)``).
    func vickreyClarkeGroves(options: WinnerDeterminationOptions = WinnerDeterminationOptions()) throws -> (vcg: VCGResult, winning: [Int]) {
        try vickreyClarkeGroves { j in try winnerDetermination(excluding: j.map { [$0] } ?? [], options: options) }
    }

    /// The goods each bidder receives when bidder k wins its bid `winning[k]` (-1: nothing).
    func allocation(winning: [Int]) -> [[String]] {
        bidders.indices.map { winning[$0] >= 0 ? goodNames(bids[$0][winning[$0]].goods) : [] }
    }
}
