import ArgumentParser

/// The `rmsolve` command: efficient mechanisms that give the money back.
@main
struct RMSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rmsolve",
        abstract: "Efficient mechanisms that give the money back: VCG, the redistribution "
            + "mechanism RM and dynamic mechanisms, on COIN-OR CBC and CLP.",
        discussion: """
            Exit status: 0 success, 1 an internal error or a violated invariant, 2 bad input \
            (the message names the file and the place in it), 3 a solver limit or failure \
            (the message says what is known).
            """,
        version: "0.1.0",
        subcommands: [
            Solve.self, Check.self, MDPCommand.self, DynamicCommand.self, GittinsCommand.self,
            GenerateCommand.self, Experiment.self, Merge.self, Bench.self,
        ]
    )
}
