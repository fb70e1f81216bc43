import ArgumentParser
import LinearOptimization

/// `--time-limit`: the time limit of each solver call. A call that reaches it ends the
/// command with exit status 3 and a message saying what was known.
struct SolverOptions: ParsableArguments {
    @Option(name: .customLong("time-limit"), help: "Time limit in seconds for each solver call (default: none).")
    var timeLimit: Double?

    func validate() throws {
        if let t = timeLimit, !(t > 0 && t.isFinite) { throw ValidationError("--time-limit must be a positive number of seconds") }
    }

    /// The library's solve options for these flags.
    var solveOptions: SolveOptions { SolveOptions(timeLimit: timeLimit) }
}
