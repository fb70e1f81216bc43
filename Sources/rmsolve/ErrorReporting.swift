import ArgumentParser
import Foundation
import InstanceIO
import LinearOptimization

/// Runs a command body, turning rmsolve's typed errors into one message on standard error and
/// the documented exit status: 2 for bad input, 3 for solver limits and failures, 1 otherwise.
func reportingErrors(_ body: () throws -> Void) throws {
    do {
        try body()
    } catch let error as InstanceError {
        printError("error: \(error)")
        throw ExitCode(2)
    } catch let error as OutputError {
        printError("error: \(error)")
        throw ExitCode(2)
    } catch let error as SolverError {
        switch error {
        case .file: printError("error: \(error)"); throw ExitCode(2)
        case .notOptimal: printError("solver: \(error)"); throw ExitCode(3)
        }
    } catch let error as ExitCode {
        throw error
    } catch let error as ValidationError {
        throw error
    } catch {
        printError("error: \(error)")
        throw ExitCode(1)
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
