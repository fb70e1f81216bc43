import CATS
import Foundation
import InstanceIO
import Testing

/// The structure of the scheduling distribution: jobs bidding on intervals of slots.
@Suite struct SchedulingGeneratorTests {
    @Test func jobsBidOnIntervalsWorthLessForLaterDeadlines() throws {
        for seed in UInt64(1)...5 {
            let file = try CATSDistribution.scheduling.generate(goods: 16, bids: 120, seed: seed)
            for bidder in file.bidders {
                let intervals = bidder.map { file.realGoods(ofBid: $0) }
                // Every bid is a block of consecutive slots, all of the job's length.
                for goods in intervals { #expect(goods == Array(goods[0]...goods[goods.count - 1])) }
                #expect(Set(intervals.map(\.count)).count == 1)
                // One bid per start slot, in order: starts 0, 1, 2, ... (the first deadline is
                // at least l−1, so slot 0 always starts a bid).
                #expect(intervals.map { $0[0] } == Array(0..<intervals.count))
                // Later deadlines are worth less: prices never increase along the bids.
                let prices = bidder.map { file.bids[$0].price }
                #expect(prices == prices.sorted(by: >=))
                // The price at the first deadline is dev · l^1.2 with dev in [0.5, 1.5].
                let l = Double(intervals[0].count)
                #expect(prices[0] >= 0.5 * pow(l, 1.2) - 1e-4 && prices[0] <= 1.5 * pow(l, 1.2) + 1e-4)
            }
        }
    }

    @Test func jobLengthsAreUniformUpToTen() throws {
        // l uniform on 1...10; count jobs (bidders) by length over a large seeded sample.
        let file = try CATSDistribution.scheduling.generate(goods: 20, bids: 6000, seed: 21)
        var counts = [Int](repeating: 0, count: 10)
        for bidder in file.bidders.dropLast() { counts[file.realGoods(ofBid: bidder[0]).count - 1] += 1 }
        #expect(counts.reduce(0, +) > 300)
        #expect(chiSquare(counts, Array(repeating: 0.1, count: 10)) < chiSquare999[9]!)
    }

    @Test func shortHorizonsCapTheJobLength() throws {
        let file = try CATSDistribution.scheduling.generate(goods: 3, bids: 50, seed: 2)
        #expect(file.bidGoods.allSatisfy { $0.count <= 3 })
    }
}
