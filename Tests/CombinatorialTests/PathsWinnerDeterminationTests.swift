import CATS
import Combinatorial
import Foundation
import InstanceIO
import Testing

/// Winner determination on small paths auctions (goods are roads, XOR sets of routes) against
/// enumeration of every allocation.
@Suite struct PathsWinnerDeterminationTests {
    /// The best welfare by trying, bidder after bidder, no bid or each bid disjoint from the
    /// goods taken so far (plain arrays of goods; no library code).
    func enumeratedWelfare(_ file: CATSFile) -> Double {
        let bidders = file.bidders
        let goodsOf = file.bidGoods.map { Set($0) }
        var best = 0.0
        func choose(_ b: Int, taken: Set<Int>, value: Double) {
            if b == bidders.count { best = max(best, value); return }
            choose(b + 1, taken: taken, value: value)
            for k in bidders[b] where goodsOf[k].isDisjoint(with: taken) {
                choose(b + 1, taken: taken.union(goodsOf[k]), value: value + file.bids[k].price)
            }
        }
        choose(0, taken: [], value: 0)
        return best
    }

    @Test func smallAuctionsMatchEnumeration() throws {
        var strictlyBetterThanOneBidder = 0
        for seed in UInt64(1)...6 {
            let file = try CATSDistribution.paths.generate(goods: 12, bids: 18, seed: seed)
            let expected = enumeratedWelfare(file)
            let auction = BidAuction(cats: file, name: "paths", domain: .bids, upper: .infinity)
            let problem = WinnerDeterminationProblem(bidLists: auction.bids, goodCount: auction.goodCount)
            let cascade = try problem.solve()
            let mip = try problem.solve(.mipOnly())
            #expect(abs(cascade.welfare - expected) <= 1e-9 * max(1, expected), "seed \(seed)")
            #expect(abs(mip.welfare - expected) <= 1e-9 * max(1, expected), "seed \(seed)")
            if expected > (file.bids.map(\.price).max() ?? 0) + 1e-9 { strictlyBetterThanOneBidder += 1 }
        }
        // The instances are not trivial: usually several bidders win.
        #expect(strictlyBetterThanOneBidder >= 3)
    }
}
