import LPDynamic
import Testing

/// Iterative methods that cannot reach their accuracy say so (a limit, exit 3), and the
/// calibration bisection ends at any magnitude.
struct IterationLimitTests {
    /// γ = 1 − 1e-7 and a reward of 1 per period: V* = 1e7, and value iteration needs about
    /// 2.5e8 sweeps to reach its 1e-11 relative target. It stops at its limit and reports it
    /// instead of a value or an "invariant violated".
    @Test func valueIterationNearDiscountOneReportsItsLimit() throws {
        let mdp = try localMDP(states: ["s"], actions: ["stay"], initial: "s", discount: 1 - 1e-7, [("s", "stay", "s", 1, 1)])
        #expect {
            _ = try mdp.optimalValues(method: .valueIteration)
        } throws: { error in
            guard case MDPError.iterationLimit(let method, let iterations, _) = error else { return false }
            return method == "value iteration" && iterations == 1_000_000
        }
        // The exact LP answers it: V* = r / (1 − γ).
        let exact = try mdp.optimalValues(method: .lp)
        #expect(abs(exact.values[0] - 1e7) <= 1e-6 * 1e7)
    }

    /// Lump sums of about 1e6 (rewards 1e5 and 2e5, γ = 0.9): the bisection once looped forever
    /// because its absolute 1e-11 target lies below the spacing of doubles there. The indices
    /// agree with the largest-remaining-index algorithm (an exact finite method).
    @Test(.timeLimit(.minutes(1))) func calibrationEndsAtLargeLumpSums() throws {
        let arm = try FiniteArm(states: ["a", "b", "c"], rewards: [1e5, 2e5, 1.5e5],
                                transitions: [[0.2, 0.5, 0.3], [0.6, 0.1, 0.3], [0.3, 0.3, 0.4]], initial: 0)
        let calibrated = try GittinsIndex.calibration(arm, discount: 0.9)
        let exact = GittinsIndex.largestRemainingIndex(arm, discount: 0.9).indices
        for s in 0..<3 {
            #expect(abs(calibrated[s]! - exact[s]) <= 1e-9 * exact[s], "state \(s): \(calibrated[s]!) vs \(exact[s])")
        }
    }
}
