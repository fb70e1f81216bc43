import Foundation
import InstanceIO
import LPDynamic
import Testing

/// A random two-agent interdependent model: 2-3 local states each, two actions, horizon 2,
/// integer values in [0, 10]; every (joint state, action) leads to two random joint states
/// (`product`: to the product of two random local moves per agent, private transitions).
func randomInterdependent(seed: UInt64, product: Bool) throws -> InterdependentModel {
    var rng = SeededGenerator(seed: seed)
    let sizes = (0..<2).map { _ in 2 + Int.random(in: 0...1, using: &rng) }
    let states = sizes.map { size in (0..<size).map { "s\($0)" } }
    let values = sizes.map { size in (0..<size).map { _ in Double(Int.random(in: 0...10, using: &rng)) } }
    var transitions: [([Int], Int, [([Int], Double)])] = []
    let local: [[[[(Int, Double)]]]] = sizes.map { size in
        (0..<size).map { _ in
            (0..<2).map { _ in
                let p = Double(Int.random(in: 1...9, using: &rng)) / 10
                let a = Int.random(in: 0..<size, using: &rng)
                var b = Int.random(in: 0..<size, using: &rng)
                if b == a { b = (a + 1) % size }
                return [(a, p), (b, 1 - p)]
            }
        }
    }
    for x in 0..<sizes[0] {
        for y in 0..<sizes[1] {
            for a in 0..<2 {
                if product {
                    var list: [([Int], Double)] = []
                    for (x2, p) in local[0][x][a] { for (y2, q) in local[1][y][a] { list.append(([x2, y2], p * q)) } }
                    transitions.append(([x, y], a, list))
                } else {
                    let p = Double(Int.random(in: 1...9, using: &rng)) / 10
                    let first = [Int.random(in: 0..<sizes[0], using: &rng), Int.random(in: 0..<sizes[1], using: &rng)]
                    var second = [Int.random(in: 0..<sizes[0], using: &rng), Int.random(in: 0..<sizes[1], using: &rng)]
                    if second == first { second[0] = (second[0] + 1) % sizes[0] }
                    transitions.append(([x, y], a, [(first, p), (second, 1 - p)]))
                }
            }
        }
    }
    return try InterdependentModel(name: "random-\(seed)", discount: seed % 2 == 0 ? 1 : 0.9, horizon: 2, actions: ["a", "b"],
                                   agentNames: ["1", "2"], states: states, values: values, initial: [0, 0],
                                   transitions: transitions)
}

struct InterdependentTests {
    /// Theorem 7.5: realized-value basic-Groves is truthful with interdependent transitions;
    /// Chapter 5's expected-value basic-Groves and eq. 7.23 are not (some random models give a
    /// gain); with private transitions all three are truthful.
    @Test func randomModels() throws {
        var expectedFails = 0, vcgFails = 0
        for seed in UInt64(1)...30 {
            let model = try randomInterdependent(seed: seed, product: false)
            #expect(try verifyInterdependentMechanism(model, .realizedBasicGroves).truthful, "seed \(seed)")
            if try !verifyInterdependentMechanism(model, .expectedBasicGroves).truthful { expectedFails += 1 }
            if try !verifyInterdependentMechanism(model, .realizedDynamicVCG).truthful { vcgFails += 1 }
            let product = try randomInterdependent(seed: seed, product: true)
            #expect(product.hasPrivateTransitions)
            for mechanism in InterdependentMechanism.allCases {
                let result = try verifyInterdependentMechanism(product, mechanism)
                #expect(result.truthful && result.truthfulnessPromised, "seed \(seed) \(mechanism)")
            }
        }
        #expect(expectedFails > 0 && vcgFails > 0)
    }
}
