import CATS
import Combinatorial
import RevenueGuarantee
import Testing

@Suite struct AuctionBaileyTests {
    /// Bailey by winner determination equals Bailey on the enumerated allocations (VCG revenue
    /// without each bidder by brute force over the outcome table), on small CATS auctions.
    @Test func winnerDeterminationMatchesEnumeration() throws {
        var checked = 0
        for seed in UInt64(1)...3 {
            for distribution in [CATSDistribution.regions, .arbitrary, .random, .decay] {
                guard let file = try? distribution.generate(goods: 5, bids: 9, seed: seed) else { continue }
                let auction = BidAuction(cats: file, name: "\(distribution)-\(seed)", domain: .bids, upper: 1000)
                guard let problem = auction.compile() else { continue }
                let wdp = try runAuctionBailey(auction)
                let enumerated = try runRedistribution(.combinatorial(problem), mechanism: .bailey)
                #expect(abs(wdp.welfare - enumerated.welfare) < 1e-7 && abs(wdp.vcgRevenue - enumerated.vcgRevenue) < 1e-7)
                for (a, b) in zip(wdp.agents, enumerated.agents) {
                    #expect(a.name == b.name && abs(a.redistribution - b.redistribution) < 1e-7, "\(auction.name) \(a.name)")
                }
                #expect((wdp.deficit == nil) == (enumerated.deficit == nil))
                #expect(wdp.outcome == enumerated.outcome && wdp.allocation == enumerated.allocation, "\(wdp.outcome) vs \(enumerated.outcome)")
                // The same auction through the entry point: Bailey by winner determination,
                // basic Groves on its enumeration.
                let viaEntry = try runRedistribution(.auction(auction), mechanism: .bailey)
                #expect(viaEntry.agents == wdp.agents)
                let groves = try runRedistribution(.auction(auction), mechanism: .basicGroves)
                #expect(groves.agents == (try runRedistribution(.combinatorial(problem), mechanism: .basicGroves)).agents)
                checked += 1
            }
        }
        #expect(checked >= 8)
    }

    /// The complements auction: Bailey's deficit of 4 by winner determination too.
    @Test func complementsDeficit() throws {
        let g = 2
        func bid(_ goods: [Int], _ v: Double) -> BidAuction.Bid { .init(goods: GoodSet(goods, count: g), value: v) }
        let auction = BidAuction(name: "complements", goods: ["c", "d"], bidders: ["1", "2", "3"],
                                 bids: [[bid([0, 1], 10)], [bid([0], 9)], [bid([1], 9)]], domain: .bids, upper: 100)
        let r = try runAuctionBailey(auction)
        #expect(abs(r.vcgRevenue - 2) < 1e-9 && abs((r.deficit ?? 0) - 4) < 1e-9)
        #expect(r.agents.map(\.redistribution).map { ($0 * 1e9).rounded() / 1e9 } == [0, 3, 3])
    }
}
