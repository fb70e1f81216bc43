/// Compiles an auction to the one form of ``StaticProblem`` by enumerating its feasible
/// allocations.
///
/// - Domain "monotone": an outcome assigns each good to one bidder or to nobody
///   ((n+1)^|goods| outcomes); bidder i's type vector has one coordinate per non-empty bundle
///   B (index mask(B) − 1), `v_i(o) = x_{B_i(o)}` (see ``BidAuction/typeSpace(ofBidder:)``);
///   the report is `x_B` = best bid inside B.
/// - Domain "bids": an outcome picks at most one bid per bidder with disjoint bundles;
///   bidder i's type vector has one coordinate per bid, `v_i(o) = x_b` for the chosen bid b
///   (each winning bidder gets exactly the bundle of one of its bids). Under truthful XOR
///   semantics a bidder's value for an allocated bundle is the best bid inside it; the welfare
///   maximum over these outcomes is the same, since choosing that best bid is itself an
///   outcome.
public extension BidAuction {
    /// The number of outcomes ``compile(maxOutcomes:)`` would enumerate, capped at `cap + 1`.
    func outcomeCount(cap: Int) -> Int {
        switch domain {
        case .monotone:
            guard goodCount <= BidAuction.monotoneGoodLimit else { return cap + 1 }
            var count = 1
            for _ in goods { count *= bidders.count + 1; if count > cap { return cap + 1 } }
            return count
        case .bids:
            var count = 0
            enumerateBidChoices { _ in count += 1; return count <= cap }
            return count
        }
    }

    /// The problem with every feasible allocation as an outcome; `nil` when there are more
    /// than `maxOutcomes`.
    func compile(maxOutcomes: Int = 200_000) -> StaticProblem? {
        guard outcomeCount(cap: maxOutcomes) <= maxOutcomes else { return nil }
        let n = bidders.count
        var bundlesPerOutcome: [[GoodSet]] = []
        var columns = Array(repeating: [Int32](), count: n)
        let empty = GoodSet(count: goodCount)
        switch domain {
        case .monotone:
            let g = goodCount
            let total = (0..<g).reduce(1) { acc, _ in acc * (n + 1) }
            for code in 0..<total {
                var masks = Array(repeating: 0, count: n)
                var c = code
                for good in 0..<g {
                    let owner = c % (n + 1); c /= (n + 1)
                    if owner < n { masks[owner] |= 1 << good }
                }
                bundlesPerOutcome.append(masks.map { bundle(mask: $0) })
                for i in 0..<n { columns[i].append(Int32(masks[i] - 1)) }
            }
        case .bids:
            enumerateBidChoices { choice in
                bundlesPerOutcome.append((0..<n).map { choice[$0] >= 0 ? bids[$0][choice[$0]].goods : empty })
                for i in 0..<n { columns[i].append(Int32(choice[i])) }
                return true
            }
        }
        let outcomeNames = bundlesPerOutcome.map { bundles -> String in
            let parts = (0..<n).filter { !bundles[$0].isEmpty }.map { "\(bidders[$0]):{\(goodNames(bundles[$0]).joined(separator: ","))}" }
            return parts.isEmpty ? "nothing allocated" : parts.joined(separator: " ")
        }
        var problem = StaticProblem(name: name, agents: bidders, outcomes: outcomeNames,
                                    typeSpaces: (0..<n).map { typeSpace(ofBidder: $0) },
                                    valueColumn: columns, reports: (0..<n).map { report(ofBidder: $0) })
        problem.allocations = bundlesPerOutcome.map { bundles in bundles.map { goodNames($0) } }
        return problem
    }

    /// Calls `body` with every choice of at most one bid per bidder (`-1` for none) whose
    /// bundles are disjoint, in lexicographic order (bidder 0 first, "none" before its bids);
    /// stops when `body` returns false.
    func enumerateBidChoices(_ body: ([Int]) -> Bool) {
        var choice = Array(repeating: -1, count: bidders.count)
        var used = GoodSet(count: goodCount)
        var stop = false
        func visit(_ i: Int) {
            if stop { return }
            if i == bidders.count { if !body(choice) { stop = true }; return }
            choice[i] = -1
            visit(i + 1)
            for (k, bid) in bids[i].enumerated() where !bid.goods.intersects(used) {
                choice[i] = k
                used.formUnion(bid.goods)
                visit(i + 1)
                used.subtract(bid.goods)
                if stop { return }
            }
            choice[i] = -1
        }
        visit(0)
    }
}
