import Combinatorial
import InstanceIO

/// A tiny random XOR auction for cross-checks against enumeration: 1...`maxGoods` goods,
/// 1...`maxBidders` bidders with 1-3 bids each on random non-empty bundles, integer values
/// 0-20 (so ties and fractional LP optima are common).
func tinyRandomAuction(maxGoods: Int, maxBidders: Int, domain: AuctionInstance.Domain,
                       using rng: inout SeededGenerator) -> AuctionInstance {
    let goods = Int.random(in: 1...maxGoods, using: &rng), n = Int.random(in: 1...maxBidders, using: &rng)
    let bids = (0..<n).map { _ in
        (0..<Int.random(in: 1...3, using: &rng)).map { _ in
            AuctionInstance.Bid(bundle: UInt32.random(in: 1...UInt32((1 << goods) - 1), using: &rng),
                                value: Double(Int.random(in: 0...20, using: &rng)))
        }
    }
    return AuctionInstance(name: "r", goods: (0..<goods).map { "g\($0)" }, bidders: (0..<n).map { "b\($0)" },
                           bids: bids, domain: domain, upper: 100)
}
