import ArgumentParser
import Foundation
import InstanceIO

/// The `rmsolve` command: efficient mechanisms that give the money back.
@main
struct RMSolve: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rmsolve",
        abstract: "Efficient mechanisms that give the money back: VCG, the redistribution "
            + "mechanism RM and dynamic mechanisms, on COIN-OR CBC and CLP.",
        discussion: """
            Exit status: 0 success, 1 an internal error or a violated invariant, 2 bad input \
            or a usage error (the message names the file and the place in it, or the option), \
            3 a solver limit or failure (the message says what is known).
            """,
        version: "0.2.0",
        subcommands: [
            Solve.self, Check.self, MDPCommand.self, DynamicCommand.self, VerifyCommand.self, GittinsCommand.self,
            GenerateCommand.self, Experiment.self, Merge.self, Bench.self,
        ]
    )

    /// Parses and runs the command line. Usage errors (unknown options, bad values, failed
    /// validation) exit with status 2, as the help promises, instead of the parser's 64.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
            // Output lost to a full disk or a closed pipe is an error, not a success.
            try OutputFile.flushStandardOutput()
        } catch let error as OutputError {
            FileHandle.standardError.write(Data("error: \(error)\n".utf8))
            Foundation.exit(2)
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
                Foundation.exit(2)
            }
            exit(withError: error)
        }
    }
}
