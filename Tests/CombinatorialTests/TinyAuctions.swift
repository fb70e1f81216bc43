import CATS
import Combinatorial
import Testing
import InstanceIO

/// A tiny random XOR auction for cross-checks against enumeration: 1...`maxGoods` goods,
/// 1...`maxBidders` bidders with 1-3 bids each on random non-empty bundles, integer values
/// 0-20 (so ties and fractional LP optima are common).
func tinyRandomAuction(maxGoods: Int, maxBidders: Int, domain: BidAuction.Domain,
                       using rng: inout SeededGenerator) -> BidAuction {
    let goods = Int.random(in: 1...maxGoods, using: &rng), n = Int.random(in: 1...maxBidders, using: &rng)
    let bids = (0..<n).map { _ in
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
            BidAuction.Bid(goods: GoodSet(mask: UInt64(UInt32.random(in: 1...UInt32((1 << goods) - 1), using: &rng)), count: goods),
                           value: Double(Int.random(in: 0...20, using: &rng)))
        }
    }
    return BidAuction(name: "r", goods: (0..<goods).map { "g\($0)" }, bidders: (0..<n).map { "b\($0)" },
                           bids: bids, domain: domain, upper: 100)
}

/// One winner-determination problem cut from a generated CATS auction.
struct WinnerDeterminationCase {
    var auction: BidAuction
    /// The bid lists, with the excluded bidders' lists emptied.
    var lists: [[BidAuction.Bid]]
    var excluded: Set<Int>
    var removed: GoodSet?
    var label: String
}

/// For every CATS distribution and seeds 1-3: the whole auction, the auction without a
/// random bidder, and that with a random quarter of the goods removed as well.
func generatedWinnerDeterminationCases(goods: Int, bids: Int, stream: UInt64) -> [WinnerDeterminationCase] {
    var cases: [WinnerDeterminationCase] = []
    for distribution in CATSDistribution.allCases {
        for seed in UInt64(1)...3 {
            guard let file = try? distribution.generate(goods: goods, bids: bids, seed: seed) else { continue }
            let auction = BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity)
            var rng = SeededGenerator(seed: seed, stream: stream)
            let n = auction.bidders.count
            let removed = GoodSet((0..<auction.goodCount).filter { _ in Int.random(in: 0..<4, using: &rng) == 0 }, count: auction.goodCount)
            let dropped: Set<Int> = n > 1 ? [Int.random(in: 0..<n, using: &rng)] : []
            for (excluded, cut) in [(Set<Int>(), GoodSet?.none), (dropped, GoodSet?.none), (dropped, removed)] {
                let lists = auction.bids.indices.map { excluded.contains($0) ? [] : auction.bids[$0] }
                cases.append(WinnerDeterminationCase(auction: auction, lists: lists, excluded: excluded, removed: cut,
                                                     label: "\(distribution) seed \(seed)"))
            }
        }
    }
    return cases
}

/// Checks a winner-determination method against enumeration of allocations on `count` tiny
/// random auctions: the welfare with all bidders and without each bidder j (W and W_{-j}).
/// `solve` gets the bid lists and the number of goods and returns the welfare (nil: gave up,
/// recorded as a failure).
func checkAgainstEnumeration(seed: UInt64, count: Int, maxBidders: Int,
                             _ solve: ([[BidAuction.Bid]], Int) throws -> Double?) throws {
    var rng = SeededGenerator(seed: seed)
    for _ in 0..<count {
        let a = tinyRandomAuction(maxGoods: 5, maxBidders: maxBidders, domain: .bids, using: &rng)
        let enumerated = vickreyClarkeGroves(try #require(a.compile()))
        let b = a
        let welfare = try #require(try solve(b.bids, a.goods.count))
        #expect(abs(welfare - enumerated.welfare) < 1e-9)
        for j in a.bidders.indices {
            let lists = b.bids.indices.map { $0 == j ? [] : b.bids[$0] }
            let without = try #require(try solve(lists, a.goods.count))
            #expect(abs(without - enumerated.valueWithout[j]) < 1e-9)
        }
    }
}
