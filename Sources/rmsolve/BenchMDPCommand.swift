import ArgumentParser
import Foundation
import LinearOptimization
import LPDynamic

extension CLPAlgorithm: ExpressibleByArgument {}

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
    @OptionGroup var random: RandomOptions
    @Flag(help: "Skip the LP (for very large models).") var skipLP = false
    @Option(help: "CLP algorithm for the LPs: automatic, primal, dual or barrier.") var lpAlgorithm: CLPAlgorithm = .automatic
    @OptionGroup(title: "Solver options (here --time-limit defaults to 60 s per LP)") var solver: SolverOptions

    /// The time limit of each LP solve: --time-limit, 60 s when not given.
    var lpTimeLimit: Double { solver.timeLimit ?? 60 }
    var seed: UInt64 { random.seed }

    func validate() throws {
        guard states >= 1 else { throw ValidationError("--states must be at least 1") }
        guard actions >= 1 else { throw ValidationError("--actions must be at least 1") }
        guard successors >= 1 else { throw ValidationError("--successors must be at least 1") }
        guard discount >= 0, discount < 1 else { throw ValidationError("--discount must lie in [0, 1)") }
    }

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
                let algorithm = lpAlgorithm
                // Both LP forms (primal and occupancy-measure, thesis §4.2) on CLP, each under the time limit; a limit hit
                // is reported as such, never as a time.
                for (key, solve) in [("lp", { try mdp.exactLPValues(algorithm: algorithm, timeLimit: lpTimeLimit) }),
                                     ("dualLP", { try mdp.occupancyLPValues(algorithm: algorithm, timeLimit: lpTimeLimit) })]
                    as [(String, () throws -> [Double])]
                {
                    do {
                        let (raw, seconds) = try timed(solve)
                        let (polished, polishSeconds) = timed { mdp.policyEvaluation(policy: mdp.greedyPolicy(values: raw)) }
                        let difference = relativeDifference(polished, pi.values)
                        guard difference <= 1e-6 else {
                            throw MDPError.invariantViolated("\(key) and policy iteration differ by \(difference)")
                        }
                        line[key + "Seconds"] = seconds + polishSeconds
                        line[key + "OverVI"] = (seconds + polishSeconds) / viSeconds
                        line[key + "RawMaxRelDiffVsPI"] = relativeDifference(raw, pi.values)
                        line[key + "MaxRelDiffVsPI"] = difference
                        line[key + "PolicyAgreementWithPI"] = Double(zip(mdp.greedyPolicy(values: polished), pi.policy)
                            .filter { $0 == $1 }.count) / Double(states)
                    } catch SolverError.notOptimal(let status) {
                        if case .timeLimit = status {
                            line[key + "Status"] = "stopped at the \(lpTimeLimit) s time limit (not solved)"
                        } else {
                            line[key + "Status"] = SolverError.notOptimal(status).description
                        }
                    }
                }
                line["lpAlgorithm"] = algorithm.rawValue
                line["lpTimeLimit"] = lpTimeLimit
            }
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys, .withoutEscapingSlashes])
            print(String(decoding: data, as: UTF8.self))
        }
    }
}
