import InstanceIO
import LPDynamic
import Testing

/// Whittle's retirement formula for subset values against independent computations.
struct BanditSubsetValueTests {
    /// A single arm's value is the value of playing it forever, (I − γP)^{-1} r.
    @Test func singleArmValueIsPlayingForever() {
        var rng = SeededGenerator(seed: 7)
        for trial in 0..<20 {
            let gamma = [0.5, 0.8, 0.95][trial % 3]
            let arm = randomBanditArm(states: 1 + trial % 7, rewards: -3...10, rng: &rng)
            let values = BanditSubsetValues(arms: [arm], discount: gamma)
            let exact = banditValueOfPlayingForever(arm, discount: gamma)[arm.initial]
            #expect(abs(values.value(of: [0]) - exact) < 1e-9 * max(1, abs(exact)))
            #expect(values.value(of: []) == 0)
        }
    }

    /// The thesis Figure 4.7 chain against a constant arm c at γ = 0.75 has
    /// V* = 3.25, 3.85, 4.0, 4.8 for c = 0.5, 0.9, 1.0, 1.2.
    @Test func figure47AgainstConstantArm() {
        for (c, oracle) in [(0.5, 3.25), (0.9, 3.85), (1.0, 4.0), (1.2, 4.8)] {
            let values = BanditSubsetValues(arms: [figure47BanditArm(), constantBanditArm(c)], discount: 0.75)
            #expect(abs(values.value(of: [0, 1]) - oracle) < 1e-12)
        }
    }

    /// Every subset of random 2-3 arm bandits against the exact joint-MDP LP (CLP).
    @Test func subsetsMatchJointLP() throws {
        var rng = SeededGenerator(seed: 11)
        for trial in 0..<12 {
            let gamma = [0.5, 0.8, 0.95][trial % 3]
            let count = 2 + trial % 2
            let arms = (0..<count).map { _ in
                randomBanditArm(states: Int.random(in: 1...4, using: &rng),
                          rewards: trial % 4 == 0 ? -2...6 : 0...6, rng: &rng)
            }
            let values = BanditSubsetValues(arms: arms, discount: gamma)
            for mask in 1..<(1 << count) {
                let subset = (0..<count).filter { mask & (1 << $0) != 0 }
                let exact = try banditJointValueByLP(subset.map { arms[$0] }, discount: gamma)
                #expect(abs(values.value(of: subset) - exact) < 1e-7 * max(1, abs(exact)),
                        "trial \(trial) subset \(subset)")
            }
        }
    }

    /// The retirement slope is 1 above every index, 0 below, and non-decreasing in m.
    @Test func curveShape() {
        let curve = RetirementCurve(arm: fourStateBanditArm(), discount: 0.75)
        #expect(curve.slope(at: 1000) == 1)
        #expect(curve.slope(at: -1000) == 0)
        #expect(zip(curve.slopes, curve.slopes.dropFirst()).allSatisfy { $0 >= $1 })
        // The initial state "1" (ν = 21.25, ranked 2nd): slope 1 until m reaches 21.25/0.25 = 85.
        #expect(curve.slope(at: 85.5) == 1 && curve.slope(at: 84.9) < 1)
    }
}
