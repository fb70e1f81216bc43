import ArgumentParser
import Experiments
import Foundation

/// `rmsolve merge DIR... --out OUT`: combines the output directories of the shards of one
/// experiment — a shell around `mergeExperiments` of the Experiments library.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the shard directories of one experiment into its CSV files and plots.",
        discussion: """
            Every DIR must hold plan.json and results.jsonl of the same experiment (kind, seed \
            and parameters; the shards may differ). The union of their results must cover \
            every sample (else exit 2 and nothing is written). OUT (created; it may be one of \
            the DIRs) then holds plan.json, the merged results.jsonl, runs.jsonl (the run \
            records of every shard) and the same CSV files and plots, byte for byte, as an \
            unsharded run. A DIR still being written by a run is refused (exit 2). A table of \
            the shards — host, samples, wall and compute time, runs, and the slowest shard — \
            goes to standard error.
            """)

    @Argument(help: "Shard output directories.") var dirs: [String]
    @Option(help: "The directory for the merged outputs.") var out: String
    @Flag(name: .customLong("no-summary"), help: "Do not print the per-shard table on standard error.") var noSummary = false

    func validate() throws {
        guard !dirs.isEmpty else { throw ValidationError("give at least one shard directory") }
    }

    func run() throws {
        try reportingErrors {
            let summary = try mergeExperiments(dirs, into: out)
            if !noSummary { FileHandle.standardError.write(Data(summary.report.utf8)) }
            print("merged \(dirs.count) director\(dirs.count == 1 ? "y" : "ies"), \(summary.samples) samples, into \(out)")
        }
    }
}
