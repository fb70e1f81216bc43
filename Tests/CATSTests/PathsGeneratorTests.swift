import CATS
import Foundation
import InstanceIO
import Testing

/// The structure of the paths distribution, checked against its definition: goods are roads,
/// a bid is a route between its bidder's two cities, a bidder's routes are its shortest ones
/// under its bound, all at one price.
@Suite struct PathsGeneratorTests {
    static let sizes = [(16, 60), (40, 150), (64, 200)]

    func auction(goods: Int, bids: Int, seed: UInt64) throws -> PathsAuction {
        var rng = SeededGenerator(seed: seed)
        return try PathsGenerator().generateAuction(goods: goods, bids: bids, using: &rng)
    }

    /// Every simple route from `s` to `t` over the network's roads shorter than `bound`, by
    /// exhaustive depth-first enumeration (pruned only by the length so far), shortest first.
    func allRoutes(_ network: PathsNetwork, from s: Int, to t: Int, shorterThan bound: Double) -> [([Int], Double)] {
        var adjacent = [[Int]](repeating: [], count: network.cities.count)
        for road in network.roads {
            adjacent[road.a].append(road.b)
            adjacent[road.b].append(road.a)
        }
        var found: [([Int], Double)] = []
        var route = [s]
        func walk(_ length: Double) {
            for next in adjacent[route.last!] where !route.contains(next) {
                let l = length + network.distance(route.last!, next)
                guard l < bound else { continue }
                route.append(next)
                if next == t { found.append((route, l)) } else { walk(l) }
                route.removeLast()
            }
        }
        walk(0)
        return found.sorted { $0.1 < $1.1 }
    }

    @Test func goodsAreTheRoadsAndEveryBidIsARouteBetweenItsCities() throws {
        for (goods, bids) in Self.sizes {
            for seed in UInt64(1)...3 {
                let a = try auction(goods: goods, bids: bids, seed: seed)
                let file = a.file
                #expect(file.goodCount == goods && a.network.roads.count == goods)
                #expect(file.bids.count == bids)
                #expect(Set(a.network.roads).count == goods)
                // A bidder's bids are consecutive in the file, one XOR group per bidder.
                #expect(file.bidders.map(\.count) == a.bidders.map(\.paths.count))
                let roadIndex = Dictionary(uniqueKeysWithValues: a.network.roads.enumerated().map { ($1, $0) })
                var usedGoods = Set<Int>()
                for (bidder, bidIndices) in zip(a.bidders, file.bidders) {
                    #expect(bidder.from != bidder.to)
                    for (route, k) in zip(bidder.paths, bidIndices) {
                        #expect(route.first == bidder.from && route.last == bidder.to)
                        #expect(Set(route).count == route.count)  // a simple path
                        let roads = zip(route, route.dropFirst()).map { roadIndex[PathsNetwork.Road($0.0, $0.1)] }
                        #expect(roads.allSatisfy { $0 != nil })  // consecutive cities share a road
                        #expect(file.realGoods(ofBid: k) == roads.compactMap { $0 }.sorted())
                        usedGoods.formUnion(file.realGoods(ofBid: k))
                    }
                }
                #expect(usedGoods == Set(0..<goods))  // every road is some bid's good
                #expect(a.network.cities.count >= Int(1.2 * Double(goods) / 3))
            }
        }
    }

    @Test func pricesAndRoutesFollowTheBoundRule() throws {
        var fiveRouteBidders = 0, fewerRouteBidders = 0, cut = 0
        for (goods, bids) in Self.sizes {
            for seed in UInt64(1)...3 {
                let a = try auction(goods: goods, bids: bids, seed: seed)
                for (b, bidder) in a.bidders.enumerated() {
                    let bidIndices = a.file.bidders[b]
                    let prices = Set(bidIndices.map { a.file.bids[$0].price })
                    #expect(prices.count == 1)  // one price for the whole XOR set
                    #expect(abs(a.file.bids[bidIndices[0]].price - bidder.price) <= 5e-5)
                    let distance = a.network.distance(bidder.from, bidder.to)
                    #expect(bidder.shippingFactor >= 1 && bidder.shippingFactor <= 1.5)
                    let lengths = bidder.paths.map { a.network.length(ofRoute: $0) }
                    #expect(lengths == lengths.sorted())
                    #expect(bidder.price <= bidder.shippingFactor * distance + 1e-12)
                    #expect(lengths.allSatisfy { $0 <= bidder.price + 1e-12 && $0 >= distance - 1e-12 })
                    // The routes are the shortest under the bound in the final network, which
                    // keeps every road of every bid (the network bid on may have had more
                    // roads, none of them in a shorter kept route).
                    let expected = allRoutes(a.network, from: bidder.from, to: bidder.to,
                                             shorterThan: bidder.shippingFactor * distance)
                    #expect(bidder.paths == expected.prefix(bidder.paths.count).map(\.0))
                    if bidder.paths.count == 5 {
                        fiveRouteBidders += 1
                        #expect(abs(bidder.price - lengths[4]) <= 1e-12)  // the bound fell to the 5th route
                    } else if bidder.price == bidder.shippingFactor * distance && bidder.paths.count == expected.count {
                        fewerRouteBidders += 1  // fewer than 5 routes fit: the bound stayed d·|st|
                    } else {
                        // A set ended early (exact goods count, or the last bid): its routes
                        // are a prefix (checked above) and its price lies between them and d·|st|.
                        cut += 1
                    }
                }
            }
        }
        #expect(fiveRouteBidders > 50 && fewerRouteBidders > 50)
        #expect(cut <= 3 * Self.sizes.count * 3)
    }

    @Test func sameSeedSameAuctionAndTheFileMatchesTheDistribution() throws {
        let a = try auction(goods: 30, bids: 80, seed: 11)
        let b = try auction(goods: 30, bids: 80, seed: 11)
        let c = try auction(goods: 30, bids: 80, seed: 12)
        #expect(a == b)
        #expect(a.file != c.file)
        var viaDistribution = try CATSDistribution.paths.generate(goods: 30, bids: 80, seed: 11)
        #expect(viaDistribution.comments.contains { $0.contains("Paths distribution parameters") })
        viaDistribution.comments = []
        #expect(viaDistribution == a.file)
    }

    @Test func tinyAndLargeSizesWork() throws {
        for goods in [1, 2, 3, 5] {
            let a = try auction(goods: goods, bids: 7, seed: 3)
            #expect(a.file.goodCount == goods && a.file.bids.count == 7)
        }
        let big = try CATSDistribution.paths.generate(goods: 256, bids: 1000, seed: 1)
        #expect(big.goodCount == 256 && big.bids.count == 1000)
        #expect(Set(big.bidGoods.flatMap { $0 }) == Set(0..<256))
    }

    @Test func invalidParametersAreRejected() {
        var g = PathsGenerator()
        g.shippingCostFactor = 0.5
        var rng = SeededGenerator(seed: 1)
        #expect(throws: GeneratorError.self) { try g.generate(goods: 10, bids: 10, using: &rng) }
        g = PathsGenerator()
        g.maxBidSetSize = 0
        #expect(throws: GeneratorError.self) { try g.generate(goods: 10, bids: 10, using: &rng) }
    }
}
