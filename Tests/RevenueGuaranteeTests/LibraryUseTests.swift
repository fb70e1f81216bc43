import Combinatorial
import Foundation
import RevenueGuarantee
import Testing

/// The README's library example, verbatim apart from the assertions.
@Suite struct LibraryUseTests {
    @Test func readmeExample() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().path + "/instances/static/car-table-3.1.json"
        // --- README example ---
        guard case .outcomes(let problem) = try StaticInstance.read(path: path) else { return }
        let rm = try runMechanism(problem, .rm, options: RevenueGuaranteeOptions(method: .auto))
        for (i, agent) in problem.agents.enumerated() {
            print(agent, rm.vcg.payments[i], rm.revenueGuarantees![i].guarantee, rm.redistribution[i], rm.utilities[i])
        }
        print("center keeps", rm.rmRevenue, "of", rm.vcg.revenue)

        // A generated instance of the thesis's simulations (Sec. 3.6.2):
        let generated = ThesisOutcomeGenerator.generate(agents: 8, outcomes: 8, exclusivity: 0.8,
                                                        distribution: .uniform, domain: .absolute, seed: 42)
        let g = try revenueGuarantees(generated, RevenueGuaranteeOptions(method: .lp))
        // --- end ---
        #expect(rm.utilities == [3.5, 1.5, 2, 2])           // thesis Table 3.1
        #expect(abs(rm.rmRevenue - 1) < 1e-12)
        let closed = try revenueGuarantees(generated, RevenueGuaranteeOptions(method: .closedForm))
        #expect(zip(g, closed).allSatisfy { abs($0.guarantee - $1.guarantee) < 1e-6 })
    }
}
