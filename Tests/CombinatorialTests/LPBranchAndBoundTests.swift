import CATS
import Combinatorial
import Dispatch
import Foundation
import InstanceIO
import LinearOptimization
import Testing

/// The LP-based branch and bound against independent methods: CBC's MIP (after CLP's
/// relaxation), the goods-based search, and enumeration of allocations on tiny auctions.
@Suite struct LPBranchAndBoundTests {
    /// Every CATS distribution, several seeds, with a bidder dropped and goods removed: the
    /// same welfare as CBC.
    @Test func matchesCBCOnGeneratedAuctions() throws {
        for c in generatedWinnerDeterminationCases(goods: 16, bids: 60, stream: 4) {
            let goods = c.auction.goodCount
            let problem = WinnerDeterminationProblem(bidLists: c.lists, goodCount: goods, removed: c.removed)
            let lp = try #require(try problem.solve(by: .lpBranchAndBound, nodeLimit: 1_000_000))
            let mip = try problem.solve(.mipOnly())
            #expect(abs(lp.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare), "\(c.label)")
            // The winning bids are a feasible allocation worth the welfare.
            var used = GoodSet(count: goods)
            var total = 0.0
            for (i, k) in lp.winning.enumerated() where k >= 0 {
                #expect(!c.excluded.contains(i))
                let bid = c.lists[i][k]
                #expect(!bid.goods.intersects(used))
                if let cut = c.removed { #expect(!bid.goods.intersects(cut)) }
                used = used.union(bid.goods)
                total += bid.value
            }
            #expect(abs(total - lp.welfare) <= 1e-9 * max(1, total))
        }
    }

    /// Tiny random auctions with integer values (fractional LP optima are common): the
    /// welfare and every W_{-j} equal enumeration's.
    @Test func matchesEnumeration() throws {
        try checkAgainstEnumeration(seed: 12, count: 60, maxBidders: 5) { lists, goods in
            try WinnerDeterminationProblem(bidLists: lists, goodCount: goods).solve(by: .lpBranchAndBound, nodeLimit: 20_000)?.welfare
        }
    }

    /// The odd-cycle packing whose LP optimum is fractional (all y = ½, 2.5) while the best
    /// allocation is worth 2: the search must branch, and finds 2.
    @Test func fractionalRelaxationNeedsBranching() throws {
        // Five goods on a cycle, five single-minded bidders each wanting two neighbours.
        let lists = (0..<5).map { k in [BidAuction.Bid(goods: GoodSet([k, (k + 1) % 5], count: 5), value: 1)] }
        let cycle = WinnerDeterminationProblem(bidLists: lists, goodCount: 5)
        let r = try #require(try cycle.solve(by: .lpBranchAndBound, nodeLimit: 20_000))
        #expect(r.welfare == 2)
        #expect(r.winning.filter { $0 >= 0 }.count == 2)
        // With a node limit of one LP the root is fractional: no answer.
        #expect(try cycle.solve(by: .lpBranchAndBound, nodeLimit: 1) == nil)
    }

    /// A starting incumbent changes nothing but the time: the optimum's own allocation, an
    /// infeasible one (ignored) and an empty one all give CBC's welfare, by both searches.
    @Test func incumbentOnlySeedsTheSearch() throws {
        let file = try CATSDistribution.arbitrary.generate(goods: 16, bids: 60, seed: 3)
        let auction = BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity)
        let problem = WinnerDeterminationProblem(bidLists: auction.bids, goodCount: 16)
        let mip = try problem.solve(.mipOnly())
        // Every bidder's first bid: infeasible as soon as two of them share a good.
        let clash = auction.bids.map { $0.isEmpty ? -1 : 0 }
        let empty = Array(repeating: -1, count: auction.bids.count)
        for incumbent in [mip.winning, clash, empty] {
            for (search, lp) in [(2_000, 20_000), (1, 20_000)] {
                let r = try problem.solve(WinnerDeterminationOptions(searchNodeLimit: search, lpNodeLimit: lp), incumbent: incumbent)
                #expect(abs(r.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare))
            }
            let lp = try #require(try problem.solve(by: .lpBranchAndBound, nodeLimit: 20_000, incumbent: incumbent))
            #expect(abs(lp.welfare - mip.welfare) <= 1e-9 * max(1, mip.welfare))
        }
    }

    /// CLP models are separate per search, so searches run concurrently with the same
    /// answers as one after another.
    @Test func concurrentSearchesAgree() throws {
        let problems = try (UInt64(1)...8).map { seed -> [[BidAuction.Bid]] in
            let file = try CATSDistribution.regions.generate(goods: 20, bids: 80, seed: seed)
            return BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity).bids
        }
        let sequential = try problems.map { try #require(try WinnerDeterminationProblem(bidLists: $0, goodCount: 20).solve(by: .lpBranchAndBound, nodeLimit: 20_000)).welfare }
        final class Box: @unchecked Sendable { var values: [Double?]; let lock = NSLock(); init(_ n: Int) { values = Array(repeating: nil, count: n) } }
        let box = Box(problems.count)
        DispatchQueue.concurrentPerform(iterations: problems.count) { k in
            let w = (try? WinnerDeterminationProblem(bidLists: problems[k], goodCount: 20).solve(by: .lpBranchAndBound, nodeLimit: 20_000))??.welfare
            box.lock.lock(); box.values[k] = w; box.lock.unlock()
        }
        #expect(box.values.map { $0 ?? -1 } == sequential)
    }
}
