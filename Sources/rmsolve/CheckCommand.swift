import ArgumentParser
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee

/// `rmsolve check DIR`: the regression suite of reference instances.
///
/// Every `NAME.expected.json` under DIR (recursively, ``ExpectedResult``) names its instance
/// `NAME.json` (or the CATS auction `NAME.txt`) in the same directory and holds `{"command": [...], "tolerance": 1e-6, "expect": {...}}`. The
/// command's arguments plus the instance path are parsed by ``RMSolve`` and the subcommand
/// (which must conform to ``ResultProducing``) computes its result JSON in-process.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-solve every reference instance under DIR and compare with its expected result.",
        discussion: """
            One line per instance (PASS or FAIL, with the first mismatch); exit status 1 when \
            any instance fails. Numbers are compared within the file's "tolerance" (relative to \
            max(1, |expected|)); objects by the expected keys; arrays of objects with "name" are \
            matched by name.
            """)

    @Argument(help: "A directory of instances (searched recursively).") var directory: String

    func run() throws {
        let files = try ExpectedResult.files(in: directory)
        guard !files.isEmpty else {
            printError("error: no *.expected.json files under \(directory)")
            throw ExitCode(2)
        }
        var failures = 0
        for expectedPath in files {
            let verdict = checkInstance(expectedPath: expectedPath)
            let name = ExpectedResult.instancePath(forExpected: expectedPath)
            if let problem = verdict {
                failures += 1
                print("FAIL \(name): \(problem)")
            } else {
                print("PASS \(name)")
            }
        }
        print("\(files.count - failures) of \(files.count) instances pass")
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Checks one instance; returns `nil` when it passes, else the first mismatch or error.
func checkInstance(expectedPath: String) -> String? {
    do {
        let expected = try ExpectedResult.read(path: expectedPath)
        let parsed = try RMSolve.parseAsRoot(expected.command + [expected.instancePath])
        guard let producer = parsed as? ResultProducing else {
            return "command \(expected.command.first ?? "") cannot be checked (it does not produce a result JSON)"
        }
        if let refusal = expected.expectError {
            // A reference instance that must be refused: the exit status and a part of the
            // message are checked.
            do {
                _ = try producer.resultJSON()
                return "expected exit \(refusal.exit), but the command succeeded"
            } catch {
                let (status, message) = exitStatus(for: error)
                if status != refusal.exit { return "expected exit \(refusal.exit), got exit \(status): \(message)" }
                if let fragment = refusal.contains, !message.contains(fragment) { return "expected an error containing \"\(fragment)\", got: \(message)" }
                return nil
            }
        }
        return expected.firstMismatch(in: try producer.resultJSON())
    } catch {
        if error is InstanceError || error is SolverError || error is RevenueGuaranteeError { return "error: \(error)" }
        return "error: \(RMSolve.message(for: error))"
    }
}
