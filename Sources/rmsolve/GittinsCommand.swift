import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve gittins FILE`: the Gittins index of every state of every arm of a bandit
/// (``computeGittinsIndices(_:options:)``).
struct GittinsCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "gittins",
        abstract: "Gittins indices of every state of every arm of a bandit (kind \"bandit\").",
        discussion: """
            Indices are in reward-per-period units (thesis eq. 4.6): the constant reward per \
            period that makes the arm's best stopping rule break even; the lump-sum retirement \
            value is index/(1−γ). Finite arms: every state, by --method (lri: state \
            elimination, O(n³), the default; lp: the thesis's restart-in-state MDP, one CLP LP \
            per state; calibration: bisection on the retirement value), each checked against \
            state elimination. Beta arms: the current state, by calibration on the expansion \
            truncated at a depth that keeps the index error below 1e-9 (reported). --jobs and \
            --time-limit apply to the LPs of --method lp.
            """)

    @Argument(help: "The bandit instance (JSON, kind \"bandit\").")
    var file: String

    @Option(help: "Index method for finite arms: lri (state elimination), lp (restart-in-state LP on CLP) or calibration.")
    var method: GittinsMethod = .lri

    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions
    @OptionGroup var output: OutputFormatOptions

    func validate() throws { try output.require([.table, .json]) }

    func run() throws {
        try reportingDynamicErrors {
            let result = try compute()
            switch output.format {
            case .json: print(try encodedResultText(result, escapingSlashes: true))
            default: print(result.table(), terminator: "")
            }
        }
    }

    /// The result JSON, for `rmsolve check`.
    func resultJSON() throws -> [String: Any] { try encodedResultObject(compute()) }

    /// The library call for the parsed arguments.
    func compute() throws -> GittinsResult {
        try computeGittinsIndices(BanditInstance.read(from: file), options: GittinsOptions(
            method: method, jobs: parallel.jobs, timeLimit: solver.timeLimit))
    }
}
