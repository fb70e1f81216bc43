import ArgumentParser

/// `rmsolve experiment …`: the thesis's experiments and new studies, reproducible from a
/// seed, resumable, shardable across machines (`--shard K/N`, then `rmsolve merge`).
struct Experiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run an experiment: CSV results and SVG plots in an output directory.",
        subcommands: [ExperimentStatic.self, ExperimentCombinatorial.self, ExperimentBandit.self])
}
