// Exercises the CATS module the way user code (and the combinatorial-instance converter) will:
// plain `import CATS`, no @testable.
import CATS
import InstanceIO
import Testing

@Suite struct PublicAPITests {
    /// The conversion an integrator writes: bidders with XOR bids over real goods.
    @Test func convertingAFileIntoBiddersAndBids() throws {
        let text = """
            goods 3
            bids 4
            dummy 1
            0\t10\t0\t1\t3\t#
            1\t6\t2\t#
            2\t8\t1\t2\t3\t#
            3\t4\t0\t#
            """
        let file = try CATSFile.parse(text: text, file: "api.txt")
        let bidders: [[(bundle: [Int], value: Double)]] = file.bidders.map { bidder in
            bidder.map { (file.bidGoods[$0], file.bids[$0].price) }
        }
        #expect(bidders.count == 3)
        #expect(bidders[0].map(\.bundle) == [[0, 1], [1, 2]])
        #expect(bidders[0].map(\.value) == [10, 8])
        #expect(bidders[1].map(\.bundle) == [[2]])
        #expect(bidders[2].map(\.value) == [4])
    }

    /// A custom generator through the protocol, and the enum's names for the CLI.
    @Test func generatorsThroughTheProtocol() throws {
        let custom = LegacyGenerator(name: "two goods", bundleSize: .constant(2),
                                     pricing: .linear(low: 1, high: 1))
        let generators: [any CATSGenerator] = [custom, ProximityGenerator.regions, PathsGenerator()]
        for g in generators {
            var rng = SeededGenerator(seed: 4)
            let file = try g.generate(goods: 9, bids: 12, using: &rng)
            #expect(file.bids.count == 12)
            #expect(!g.parameterDescription.isEmpty)
        }
        var rng = SeededGenerator(seed: 4)
        let file = try custom.generate(goods: 9, bids: 12, using: &rng)
        // linear(1, 1): the price is exactly the number of goods.
        #expect(file.bids.allSatisfy { $0.price == 2 && $0.goods.count == 2 })
        #expect(CATSDistribution(rawValue: "weighted-random") == .weightedRandom)
        #expect(CATSDistribution.allCases.count == 11)
        #expect(CATSDistribution(rawValue: "paths") == .paths)
    }
}
