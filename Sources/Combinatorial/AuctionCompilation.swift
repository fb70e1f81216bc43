/// Compiles an auction to the one form of ``StaticProblem`` by enumerating its feasible
/// allocations.
///
/// - Domain "monotone": an outcome assigns each good to one bidder or to nobody
///   ((n+1)^|goods| outcomes); bidder i's type vector has one coordinate per non-empty bundle
///   B (index B−1 of the bit mask), `v_i(o) = x_{B_i(o)}`, with `0 ≤ x_B ≤ upper` and the
///   free-disposal rows `x_B − x_{B∪{g}} ≤ 0`; the report is `x_B` = best bid inside B.
/// - Domain "bids": an outcome picks at most one bid per bidder with disjoint bundles;
///   bidder i's type vector has one coordinate per bid, `v_i(o) = x_b` for the chosen bid b
///   (each winning bidder gets exactly the bundle of one of its bids). Under truthful XOR
///   semantics a bidder's value for an allocated bundle is the best bid inside it; the welfare
///   maximum over these outcomes is the same, since choosing that best bid is itself an
///   outcome.
public extension AuctionInstance {
    /// The number of outcomes ``compile(maxOutcomes:)`` would enumerate, capped at `cap + 1`.
    func outcomeCount(cap: Int) -> Int {
        switch domain {
        case .monotone:
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
        var bundlesPerOutcome: [[UInt32]] = []
        var columns = Array(repeating: [Int32](), count: n)
        var spaces: [TypeSpace] = []
        var reports: [[Double]] = []
        switch domain {
        case .monotone:
            let g = goods.count
            let total = (0..<g).reduce(1) { acc, _ in acc * (n + 1) }
            for code in 0..<total {
                var bundles = Array(repeating: UInt32(0), count: n)
                var c = code
                for good in 0..<g {
                    let owner = c % (n + 1); c /= (n + 1)
                    if owner < n { bundles[owner] |= 1 << UInt32(good) }
                }
                bundlesPerOutcome.append(bundles)
                for i in 0..<n { columns[i].append(Int32(bundles[i]) - 1) }
            }
            let full = UInt32((1 << g) - 1)
            var rows: [TypeSpaceRow] = []
            for b in 1...max(1, Int(full)) where full > 0 {
                for good in 0..<g where UInt32(b) & (1 << UInt32(good)) == 0 {
                    let bigger = UInt32(b) | (1 << UInt32(good))
                    rows.append(TypeSpaceRow(columns: [b - 1, Int(bigger) - 1], coefficients: [1, -1],
                                             lower: -.infinity, upper: 0))
                }
            }
            let names = (1...max(1, Int(full))).map { "value of {\(goodNames(UInt32($0)).joined(separator: ","))}" }
            for i in 0..<n {
                let d = Int(full)
                spaces.append(TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: upper, count: d),
                                        rows: rows, coordinateNames: names))
                reports.append((1...max(1, d)).map { value(bidder: i, bundle: UInt32($0)) })
            }
        case .bids:
            enumerateBidChoices { choice in
                var bundles = Array(repeating: UInt32(0), count: n)
                for i in 0..<n where choice[i] >= 0 { bundles[i] = bids[i][choice[i]].bundle }
                bundlesPerOutcome.append(bundles)
                for i in 0..<n { columns[i].append(Int32(choice[i])) }
                return true
            }
            for i in 0..<n {
                let d = bids[i].count
                spaces.append(TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: upper, count: d),
                                        coordinateNames: bids[i].map { "value of bid {\(goodNames($0.bundle).joined(separator: ","))}" }))
                reports.append(bids[i].map(\.value))
            }
        }
        let outcomeNames = bundlesPerOutcome.map { bundles -> String in
            let parts = (0..<n).filter { bundles[$0] != 0 }.map { "\(bidders[$0]):{\(goodNames(bundles[$0]).joined(separator: ","))}" }
            return parts.isEmpty ? "nothing allocated" : parts.joined(separator: " ")
        }
        var problem = StaticProblem(name: name, agents: bidders, outcomes: outcomeNames, typeSpaces: spaces,
                                    valueColumn: columns, reports: reports)
        problem.allocations = bundlesPerOutcome.map { bundles in bundles.map { goodNames($0) } }
        return problem
    }

    /// Calls `body` with every choice of at most one bid per bidder (`-1` for none) whose
    /// bundles are disjoint, in lexicographic order (bidder 0 first, "none" before its bids);
    /// stops when `body` returns false.
    func enumerateBidChoices(_ body: ([Int]) -> Bool) {
        var choice = Array(repeating: -1, count: bidders.count)
        var stop = false
        func visit(_ i: Int, _ used: UInt32) {
            if stop { return }
            if i == bidders.count { if !body(choice) { stop = true }; return }
            choice[i] = -1
            visit(i + 1, used)
            for (k, bid) in bids[i].enumerated() where bid.bundle & used == 0 {
                choice[i] = k
                visit(i + 1, used | bid.bundle)
                if stop { return }
            }
            choice[i] = -1
        }
        visit(0, 0)
    }
}
