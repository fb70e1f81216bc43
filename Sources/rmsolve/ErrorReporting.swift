import ArgumentParser
import Foundation
import InstanceIO
import Experiments
import LinearOptimization
import RevenueGuarantee

/// Runs a command body, turning rmsolve's typed errors into one message on standard error and
/// the documented exit status (``exitStatus(for:)``): 2 for bad input, 3 for solver limits and
/// failures, 1 otherwise.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        let (status, message) = exitStatus(for: error)
        printError((status == 3 ? "solver: " : "error: ") + message)
        throw ExitCode(Int32(status))
    }
}

/// The exit status and message of an error: 2 for bad input (a file, an output path, a
/// method or mechanism that does not fit the instance, an experiment directory), 3 for a
/// solver limit, 1 otherwise (an internal error or a violated invariant).
func exitStatus(for error: Error) -> (Int, String) {
    switch error {
    case let e as InstanceError: return (2, "\(e)")
    case let e as OutputError: return (2, "\(e)")
    case let e as StaticMechanismError: return (2, "\(e)")
    case let e as ExperimentError: return (2, "\(e)")
    case let e as RedistributionError:
        if case .propertyViolated = e { return (1, "\(e)") }
        return (2, "\(e)")
    case let e as SolverError:
        if case .file = e { return (2, "\(e)") }
        return (3, "\(e)")
    default: return (1, "\(error)")
    }
}

/// Writes a line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// Writes `text` to `path` atomically (a temporary file renamed into place), so an
/// interrupted or failed run never leaves a partial file.
func writeAtomically(_ text: String, to path: String) throws {
    try OutputFile.write(text, to: path)
}
