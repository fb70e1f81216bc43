import ArgumentParser
import LinearOptimization
import LPDynamic

extension CLPAlgorithm: ExpressibleByArgument {}

/// `rmsolve bench mdp`: ``benchmarkMDPSolvers(states:actions:successors:discount:seed:lp:)``.
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

    func validate() throws {
        guard states >= 1, actions >= 1, successors >= 1 else {
            throw ValidationError("--states, --actions and --successors must be at least 1")
        }
        guard discount >= 0, discount < 1 else { throw ValidationError("--discount must lie in [0, 1)") }
    }

    func run() throws {
        try reportingErrors {
            try printJSONLine(try benchmarkMDPSolvers(
                states: states, actions: actions, successors: successors, discount: discount, seed: random.seed,
                lp: skipLP ? nil : (lpAlgorithm, solver.timeLimit ?? 60)))
        }
    }
}
