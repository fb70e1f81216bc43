import CATS
import Combinatorial
import Testing

/// The greedy completion is a feasible allocation, never above the optimum, and keeps the
/// bids it is given when they fit (so completing an optimal allocation returns the optimum).
@Suite struct GreedyCompletionTests {
    @Test(arguments: [CATSDistribution.regions, .arbitrary, .decay, .uniform, .paths, .scheduling])
    func feasibleAndBelowTheOptimum(distribution: CATSDistribution) throws {
        for seed in UInt64(1)...3 {
            let file = try distribution.generate(goods: 12, bids: 40, seed: seed)
            let auction = BidAuction(cats: file, name: "g", domain: .bids, upper: .infinity)
            let problem = WinnerDeterminationProblem(bidLists: auction.bids, goodCount: auction.goodCount)
            let optimum = try #require(try problem.solve(by: .mip))
            for start in [nil, optimum.winning, Array(repeating: -1, count: auction.bids.count)] {
                let greedy = problem.greedyCompletion(of: start)
                var used = GoodSet(count: auction.goodCount)
                var welfare = 0.0
                for (b, q) in greedy.winning.enumerated() where q >= 0 {
                    let bid = auction.bids[b][q]
                    #expect(!bid.goods.intersects(used), "\(distribution) seed \(seed): overlapping bids")
                    used.formUnion(bid.goods)
                    welfare += bid.value
                }
                #expect(abs(welfare - greedy.welfare) <= 1e-9 * max(1, welfare))
                #expect(greedy.welfare <= optimum.welfare + 1e-9 * max(1, optimum.welfare))
            }
            #expect(abs(problem.greedyCompletion(of: optimum.winning).welfare - optimum.welfare) <= 1e-9 * max(1, optimum.welfare))
        }
    }

    /// Removed goods are never sold, and a given bid that conflicts with an earlier one is dropped.
    @Test func removedGoodsAndConflicts() {
        func bid(_ goods: [Int], _ v: Double) -> BidAuction.Bid { .init(goods: GoodSet(goods, count: 3), value: v) }
        let lists = [[bid([0, 1], 5)], [bid([1], 4)], [bid([2], 3), bid([0], 2)]]
        let problem = WinnerDeterminationProblem(bidLists: lists, goodCount: 3, removed: GoodSet([2], count: 3))
        let g = problem.greedyCompletion(of: [0, 0, 0])
        // Bidder 0 keeps {0,1}; bidder 1's {1} conflicts; bidder 2's {2} is removed, {0} is taken.
        #expect(g.winning == [0, -1, -1] && g.welfare == 5)
        let fresh = WinnerDeterminationProblem(bidLists: lists, goodCount: 3).greedyCompletion(of: [-1, 0, -1])
        // Bidder 1's {1} first, then bidder 2's {2} (value 3); bidder 0's {0,1} no longer fits.
        #expect(fresh.winning == [-1, 0, 0] && fresh.welfare == 7)
    }
}
