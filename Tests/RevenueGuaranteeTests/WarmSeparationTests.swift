import CATS
import Combinatorial
import InstanceIO
@testable import RevenueGuarantee
import Testing

/// The warm-started separations (one CLP model of the auction re-solved after objective and
/// bound changes) against independent references: every winner determination against
/// CLP/CBC on a model built from scratch, and every G_i against constraint generation with
/// the warm-started models switched off.
@Suite struct WarmSeparationTests {
    /// A sequence of separations on ONE model — agents' bids re-valued, one bidder left out,
    /// in an order that revisits agents and bidders — gives the welfare CBC finds on each
    /// problem built from scratch.
    /// With and without the clique cuts at the root; before each, a one-node dive
    /// (``WarmWinnerDetermination/dive(agent:values:excluded:removed:incumbent:nodeLimit:)``)
    /// on the same model gives bounds on the optimum.
    @Test(arguments: [CATSDistribution.regions, .arbitrary, .decay, .scheduling, .uniform], [0, 4])
    func separationsMatchCBC(_ distribution: CATSDistribution, cutRounds: Int) throws {
        let file = try distribution.generate(goods: 12, bids: 40, seed: 7)
        let auction = BidAuction(cats: file, name: "w", domain: .bids, upper: .infinity)
        let n = auction.bidders.count
        let warm = WarmWinnerDetermination(AuctionRelaxation(auction), options: .init(), cutRounds: cutRounds)
        var generator = SeededGenerator(seed: 11)
        for step in 0..<40 {
            let agent = Int.random(in: 0..<n, using: &generator)
            let excluded = step % 5 == 0 ? -1 : Int.random(in: 0..<n, using: &generator)
            // Values: 0 (left out), the report scaled, or large (the agent wins).
            let values = auction.bids[agent].map { bid -> Double in
                switch Int.random(in: 0..<3, using: &generator) {
                case 0: return 0
                case 1: return bid.value * Double.random(in: 0.2...2, using: &generator)
                default: return 10 * bid.value
                }
            }
            var lists = auction.bids
            lists[agent] = zip(auction.bids[agent], values).map { .init(goods: $0.goods, value: $1) }
            if excluded >= 0 { lists[excluded] = [] }
            let reference = try #require(try WinnerDeterminationProblem(bidLists: lists, goodCount: auction.goodCount).solve(by: .mip))
            // A one-node dive first (on the same model): a feasible allocation worth at most
            // the optimum, a root bound at least the optimum, the optimum when proven.
            let dive = try warm.dive(agent: agent, values: values, excluded: [excluded], incumbent: nil, nodeLimit: 1)
            let tolerance = 1e-9 * max(1, reference.welfare)
            #expect(dive.welfare <= reference.welfare + tolerance, "\(distribution) step \(step)")
            if let bound = dive.rootBound { #expect(bound >= reference.welfare - tolerance, "\(distribution) step \(step)") }
            if dive.proven { #expect(abs(dive.welfare - reference.welfare) <= tolerance, "\(distribution) step \(step)") }
            var diveUsed = GoodSet(count: auction.goodCount)
            var diveTotal = 0.0
            for (k, q) in dive.winning.enumerated() where q >= 0 {
                #expect(k != excluded)
                #expect(!lists[k][q].goods.intersects(diveUsed))
                diveUsed.formUnion(lists[k][q].goods)
                diveTotal += lists[k][q].value
            }
            #expect(abs(diveTotal - dive.welfare) <= tolerance)
            let found = try #require(try warm.solve(agent: agent, values: values, excluded: [excluded], incumbent: nil,
                                                    nodeLimit: 100_000))
            #expect(abs(found.welfare - reference.welfare) <= 1e-9 * max(1, reference.welfare), "\(distribution) step \(step)")
            // The allocation is feasible for that problem and worth the welfare.
            var used = GoodSet(count: auction.goodCount)
            var total = 0.0
            for (k, q) in found.winning.enumerated() where q >= 0 {
                #expect(k != excluded)
                let bid = lists[k][q]
                #expect(!bid.goods.intersects(used))
                used.formUnion(bid.goods)
                total += bid.value
            }
            #expect(abs(total - found.welfare) <= 1e-9 * max(1, total))
        }
    }

    /// Every G_i with the warm-started separations (the goods search switched off, so that
    /// every separation reaches the warm-started model) equals G_i without them (lpNodeLimit
    /// 0: every winner determination by CLP/CBC from scratch).
    @Test func guaranteesMatchColdSeparations() throws {
        for distribution in [CATSDistribution.regions, .arbitrary, .decay, .uniform] {
            let file = try distribution.generate(goods: 10, bids: 36, seed: 3)
            let auction = BidAuction(cats: file, name: "g", domain: .bids, upper: .infinity)
            let warm = CombinatorialRevenueGuarantees(auction, jobs: 2, searchNodeLimit: 0)
            let found = try warm.revenueGuarantees().map(\.guarantee)
            let cold = try CombinatorialRevenueGuarantees(auction, jobs: 1, searchNodeLimit: 0, lpNodeLimit: 0)
                .revenueGuarantees().map(\.guarantee)
            #expect(warm.statistics.warmSeparations == warm.statistics.separationSolves)
            for i in cold.indices {
                #expect(abs(found[i] - cold[i]) <= 1e-7 * max(1, abs(cold[i])), "\(distribution) agent \(i)")
            }
        }
    }
}
