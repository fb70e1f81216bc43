import ArgumentParser

/// `rmsolve bench ...`: speed measurements in release mode, one JSON line per run.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Benchmarks (build with -c release): one JSON line per run with wall times and ratios.",
        subcommands: [BenchMDPCommand.self])
}
