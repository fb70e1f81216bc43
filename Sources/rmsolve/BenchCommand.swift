import ArgumentParser

/// `rmsolve bench …`: speed measurements, run in release mode, one JSON line each, with ratios
/// against a baseline measured in the same run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release): one JSON line with wall times and ratios.",
        subcommands: [BenchGittinsCommand.self])
}
