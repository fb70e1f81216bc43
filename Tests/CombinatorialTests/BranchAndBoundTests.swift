import CATS
import Combinatorial
import InstanceIO
import LinearOptimization
import Testing

/// The branch-and-bound winner determination against two independent methods: the LP/MIP
/// route (CLP, then CBC when fractional) and, on tiny auctions, enumeration of allocations.
@Suite struct BranchAndBoundTests {
    /// Every CATS distribution, several seeds, with a bidder dropped and goods removed.
    @Test func matchesCBCOnGeneratedAuctions() throws {
        for c in generatedWinnerDeterminationCases(goods: 12, bids: 30, stream: 9) {
            let goods = c.auction.goodCount
            let problem = WinnerDeterminationProblem(bidLists: c.lists, goodCount: goods, removed: c.removed)
            let search = try #require(try problem.solve(by: .goodsSearch, nodeLimit: 10_000_000))
            let mip = try problem.solve(.mipOnly())
            #expect(!mip.branchAndBound)
            #expect(abs(search.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare), "\(c.label)")
            // The default route (search first) returns the same welfare, checked allocation.
            let routed = try problem.solve()
            #expect(routed.branchAndBound || routed.lpBranchAndBound)
            #expect(abs(routed.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare))
        }
    }

    /// Tiny random auctions: the search's welfare is the enumeration's (all allocations).
    @Test func matchesEnumeration() throws {
        try checkAgainstEnumeration(seed: 11, count: 40, maxBidders: 4) { lists, goods in
            try WinnerDeterminationProblem(bidLists: lists, goodCount: goods).solve(by: .goodsSearch)?.welfare
        }
    }

    /// A node limit too small to finish: the search gives up, the default route continues
    /// with the LP-based branch and bound, and without it falls back to CLP/CBC — all with
    /// the same (exact) welfare.
    @Test func nodeLimitFallsBack() throws {
        let file = try CATSDistribution.random.generate(goods: 15, bids: 60, seed: 5)
        let auction = BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity)
        let problem = auction.winnerDeterminationProblem()
        #expect(try problem.solve(by: .goodsSearch, nodeLimit: 1) == nil)
        let mip = try problem.solve(.mipOnly())
        let byLP = try problem.solve(WinnerDeterminationOptions(searchNodeLimit: 1))
        #expect(!byLP.branchAndBound && byLP.lpBranchAndBound)
        #expect(abs(byLP.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare))
        let limited = try problem.solve(WinnerDeterminationOptions(searchNodeLimit: 1, lpNodeLimit: 0))
        #expect(!limited.branchAndBound && !limited.lpBranchAndBound)
        #expect(abs(limited.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare))
    }
}
