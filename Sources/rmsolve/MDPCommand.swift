import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve mdp FILE`: optimal values and an optimal policy of a kind "mdp" instance
/// (``solveMDP(_:options:)``).
struct MDPCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "mdp",
        abstract: "Optimal values and policy of an MDP (exact LP on CLP, or value/policy iteration).",
        discussion: """
            The exact LP is: minimise Σ_s V(s) s.t. V(s) ≥ r(s,a) + γ Σ τ(s,a,s')V(s') for every \
            available (s,a). The policy takes, in each state, the lowest-index action whose \
            Q-value is within 1e-9·max(1,|Q|) of the best. With "horizon" H, states are \
            time-indexed ("s@t") and states at t = H are terminal. --method: lp (exact LP on \
            CLP), dual-lp (occupancy LP on CLP), vi (value iteration), pi (policy iteration); \
            --time-limit applies to the LP methods.
            """)

    @Argument(help: "A kind \"mdp\" instance file.") var file: String
    @Option(help: "lp (exact LP on CLP), dual-lp (occupancy LP on CLP), vi (value iteration) or pi (policy iteration).")
    var method: SolutionMethod = .lp
    @OptionGroup var solver: SolverOptions
    @OptionGroup var output: OutputFormatOptions

    func validate() throws { try output.require([.table, .json]) }

    func run() throws {
        try reportingDynamicErrors {
            let result = try compute()
            // Large results (one value and action per state) go out as bytes, without a copy
            // into one String.
            if output.format == .json {
                FileHandle.standardOutput.write(try encodedResultData(result) + Data("\n".utf8))
            } else {
                print(result.table())
            }
        }
    }

    /// The result JSON for the parsed arguments (``ResultProducing``, used by `rmsolve check`).
    func resultJSON() throws -> [String: Any] { try encodedResultObject(compute()) }

    /// The library call for the parsed arguments.
    func compute() throws -> MDPResult {
        try solveMDP(MDPInstance.read(file: file), options: MDPSolveOptions(method: method, timeLimit: solver.timeLimit))
    }
}
