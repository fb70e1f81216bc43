@testable import RevenueGuarantee
import Testing

/// The checks catch what they are meant to catch: a rebate that reads the agent's own value,
/// and a linear rebate that can run a deficit or pay a negative rebate somewhere.
@Suite struct CheckSensitivityTests {
    @Test func independenceProbeCatchesOwnValueUse() {
        let u = UnitsInstance(units: 2, values: [10, 8, 6, 4, 2])
        let cheat = UnitsRebate(linear: nil, rebates: { v in v.map { $0 / 10 } })
        let check = unitsIndependenceCheck(u, z: cheat.rebates(u.values), rebate: cheat, tol: 1e-9)
        #expect(!check.holds)
        let honest = UnitsRebate(linear: baileyCavalloRebate(agents: 5, units: 2), rebates: baileyCavalloRebate(agents: 5, units: 2).rebates)
        #expect(unitsIndependenceCheck(u, z: honest.rebates(u.values), rebate: honest, tol: 1e-9).holds)
    }

    @Test func cornerInequalitiesCatchInfeasibleRebates() {
        // c_2 = 1 for n = 4, m = 1: S_4 = (1 + 2)·1 + … exceeds the revenue at some corner.
        let greedy = LinearRebate(coefficients: [0, 1, 0], units: 1)
        let corners = greedy.totalAtCorners
        #expect((2...4).contains { corners[$0 - 1] > 1 + 1e-12 })
        // A negative leading coefficient pays a negative rebate at the 1-profile of the others.
        let negative = LinearRebate(coefficients: [-0.1, 0.3, 0], units: 1)
        #expect(negative.coefficients[0] < 0)
        #expect(negative.worstCaseShare < worstCaseOptimalShare(agents: 4, units: 1))
    }
}
