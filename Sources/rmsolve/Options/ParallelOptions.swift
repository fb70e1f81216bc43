import ArgumentParser
import Foundation

/// `--jobs`: how many threads a command may use.
struct ParallelOptions: ParsableArguments {
    @Option(help: "Worker threads (default: the number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }
}
