import ArgumentParser
import Foundation
import LPDynamic

/// `rmsolve bench mdp`: exact LP (CLP), value iteration (1e-8 relative) and policy iteration
/// on one random sparse MDP; the two exact methods are checked against each other.
struct BenchMDPCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mdp",
        abstract: "Time the exact LP, value iteration and policy iteration on a random sparse MDP.")

    @Option(help: "Number of states.") var states: Int = 10_000
    @Option(help: "Actions per state.") var actions: Int = 4
    @Option(help: "Successors per state-action pair.") var successors: Int = 5
    @Option(help: "Discount.") var discount: Double = 0.9
    @Option(help: "Seed.") var seed: UInt64 = 1
    @Flag(help: "Skip the LP (for very large models).") var skipLP = false

    func run() throws {
        try reportingErrors {
            func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
                let start = DispatchTime.now().uptimeNanoseconds
                let value = try body()
                return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
            }
            let (mdp, generate) = try timed {
                try MDP.random(states: states, actions: actions, successors: successors, discount: discount, seed: seed)
            }
            let (vi, viSeconds) = try timed { try mdp.optimalValues(method: .valueIteration, tolerance: 1e-8) }
            let (pi, piSeconds) = try timed { try mdp.optimalValues(method: .policyIteration) }
            func relativeDifference(_ a: [Double], _ b: [Double]) -> Double {
                zip(a, b).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            }
            var line: [String: Any] = [
                "bench": "mdp", "states": states, "actions": actions, "successors": successors,
                "discount": discount, "seed": seed,
                "generateSeconds": generate, "viSeconds": viSeconds, "viSweeps": vi.iterations,
                "piSeconds": piSeconds, "piIterations": pi.iterations,
                "piOverVI": piSeconds / viSeconds,
                "maxRelDiffVIvsPI": relativeDifference(vi.values, pi.values),
            ]
            if !skipLP {
                let (lp, lpSeconds) = try timed { try mdp.optimalValues(method: .lp) }
                let difference = relativeDifference(lp.values, pi.values)
                guard difference <= 1e-6 else {
                    throw MDPError.invariantViolated("LP and policy iteration differ by \(difference)")
                }
                line["lpSeconds"] = lpSeconds
                line["lpOverVI"] = lpSeconds / viSeconds
                line["maxRelDiffLPvsPI"] = difference
                line["policyAgreementLPvsPI"] = Double(zip(lp.policy, pi.policy).filter { $0 == $1 }.count) / Double(states)
            }
            print(try mdpJSONText(line, pretty: false))
        }
    }
}
