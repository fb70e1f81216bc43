extension WinnerDeterminationProblem {
    /// A feasible allocation built greedily on top of a partial one: the bids of `winning`
    /// (a bid index per bidder, -1 for none) that fit are kept, then the other bidders' bids
    /// are added in decreasing order of value while they fit (one bid per bidder, goods
    /// disjoint; removed goods and bids of value ≤ 0 left out). A quick lower bound on the
    /// welfare — e.g. to test a cut before solving exactly — never a proof of optimality.
    ///
    /// ```swift
    /// let problem = WinnerDeterminationProblem(bidLists: auction.bids, goodCount: auction.goodCount)
    /// let quick = problem.greedyCompletion(of: nil)           // greedy from scratch
    /// let exact = try problem.solve(incumbent: quick.winning)
    /// assert(quick.welfare <= exact.welfare)
    /// ```
    public func greedyCompletion(of winning: [Int]?) -> (winning: [Int], welfare: Double) {
        var used = removed ?? GoodSet(count: goodCount)
        var chosen = Array(repeating: -1, count: bidLists.count)
        var welfare = 0.0
        func take(_ b: Int, _ q: Int) {
            let bid = bidLists[b][q]
            guard chosen[b] < 0, bid.value > 0, !bid.goods.intersects(used) else { return }
            chosen[b] = q
            used.formUnion(bid.goods)
            welfare += bid.value
        }
        if let winning {
            for (b, q) in winning.enumerated() where b < bidLists.count && q >= 0 && q < bidLists[b].count { take(b, q) }
        }
        var candidates: [(bidder: Int, index: Int)] = []
        for (b, list) in bidLists.enumerated() where chosen[b] < 0 {
            for (q, bid) in list.enumerated() where bid.value > 0 { candidates.append((b, q)) }
        }
        candidates.sort { bidLists[$0.bidder][$0.index].value > bidLists[$1.bidder][$1.index].value }
        for c in candidates { take(c.bidder, c.index) }
        return (chosen, welfare)
    }
}
