import LinearOptimization
import LPDynamic
import Testing

/// The Gittins and MDP benchmarks at tiny sizes: the invariants they report, no timings.
@Suite struct BenchmarkTests {
    @Test func gittinsMethodsAgreeOnATinyArm() throws {
        let line = try benchmarkGittinsIndices(states: 6, seed: 3, lpStates: 3, calibrationStates: 2)
        #expect(line.states == 6 && line.lri.statesIndexed == 6)
        #expect(line.lp.statesIndexed == 3 && line.calibration.statesIndexed == 2)
        #expect(try #require(line.lp.maxAbsDifferenceToLri) <= 1e-7)
        #expect(try #require(line.calibration.maxAbsDifferenceToLri) <= 1e-7)
        #expect(Set(line.ratios.keys) == ["lpAllStatesOverLri", "calibrationAllStatesOverLri"])
    }

    @Test func gittinsWithoutSamplesHasNoEstimate() throws {
        let line = try benchmarkGittinsIndices(states: 4, seed: 1, lpStates: 0, calibrationStates: 0)
        #expect(line.lp.allStatesSecondsEstimate == nil && line.calibration.allStatesSecondsEstimate == nil)
        #expect(line.ratios.isEmpty)
    }

    @Test func mdpSolversAgreeOnATinyModel() throws {
        let line = try benchmarkMDPSolvers(states: 30, actions: 3, successors: 2, discount: 0.9, seed: 2,
                                           lp: (.automatic, 60))
        #expect(line.maxRelDiffVIvsPI <= 1e-6)
        #expect(try #require(line.lpMaxRelDiffVsPI) <= 1e-6 && (try #require(line.dualLPMaxRelDiffVsPI)) <= 1e-6)
        #expect(line.lpPolicyAgreementWithPI == 1 && line.dualLPPolicyAgreementWithPI == 1)
        #expect(line.lpStatus == nil && line.dualLPStatus == nil && line.lpAlgorithm == "automatic")
        let skipped = try benchmarkMDPSolvers(states: 30, actions: 3, successors: 2, discount: 0.9, seed: 2, lp: nil)
        #expect(skipped.lpSeconds == nil && skipped.lpAlgorithm == nil && skipped.piIterations >= 1)
    }
}
