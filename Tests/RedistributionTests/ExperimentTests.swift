import Foundation
import InstanceIO
import RevenueGuarantee
import Testing

@Suite struct UnitsExperimentTests {
    /// Spread and envy by hand on the car of Table 3.1 as one unit under RM: utilities
    /// (3.5, 1.5, 2, 2), transfers (−6.5, 1.5, 2, 2); bob (1.5) envies cy's and dee's 2 by 0.5;
    /// under VCG nobody envies anybody (the loser's value is at most the price).
    @Test func spreadAndEnvyByHand() throws {
        let study = try UnitsRedistributionStudy(UnitsRedistributionCell(agents: 4, units: 1, distribution: .uniform(upper: 100),
                                                                         mechanisms: [.rm, .vcg]))
        let s = study.evaluate(values: [10, 8, 6, 4])
        let rm = s.outcomes[0], vcg = s.outcomes[1]
        #expect(abs(rm.utilitySpread - 2) < 1e-12 && abs(rm.maxEnvy - 0.5) < 1e-12 && rm.envyPairs == 2)
        #expect(abs(rm.shareRedistributed! - 7.0 / 8) < 1e-12 && abs(rm.shareKept - 0.9) < 1e-12)
        #expect(vcg.maxEnvy == 0 && vcg.envyPairs == 0 && vcg.shareRedistributed == 0 && abs(vcg.shareKept - 0.2) < 1e-12)
    }

    /// Samples do not depend on the number of threads; no sample falls below a linear
    /// rebate's worst case (α* for WCO); VCG is envy-free on units.
    @Test func experimentInvariants() throws {
        for distribution in [UnitsValueDistribution.uniform(upper: 100), .normal(mean: 50, sd: 12.5)] {
            let cell = UnitsRedistributionCell(agents: 8, units: 3, distribution: distribution, mechanisms: [.vcg, .rm, .wco, .oel, .basicGroves])
            let one = try runUnitsRedistributionExperiment(cell, samples: 200, seed: 4, jobs: 1)
            let two = try runUnitsRedistributionExperiment(cell, samples: 200, seed: 4, jobs: 2)
            #expect(one.samples == two.samples)
            #expect(one.summaries == two.summaries)
            let alpha = worstCaseOptimalShare(agents: 8, units: 3)
            for summary in one.summaries {
                if let w = summary.worstCaseShare { #expect(summary.worstShareRedistributed! >= w - 1e-9, "\(summary.mechanism)") }
            }
            #expect(abs(one.summaries[2].worstCaseShare! - alpha) < 1e-9)
            #expect(one.summaries[0].envyFrequency == 0)
            #expect(one.summaries[4].shareKept.mean > 1)   // basic Groves pays out (n−1)·W
            _ = try JSONEncoder().encode(one)
        }
    }

    @Test func grid() {
        let cells = UnitsRedistributionCell.grid(agents: [2, 3, 4, 30], distributions: [.uniform(upper: 1), .normal(mean: 5, sd: 1)])
        #expect(cells.count == 2 * (1 + 2 + 28))
        #expect(cells.allSatisfy { $0.units >= 1 && $0.agents >= $0.units + 2 })
    }
}
