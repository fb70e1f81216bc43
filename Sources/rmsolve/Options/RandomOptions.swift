import ArgumentParser

/// `--seed`: the random seed of every command that draws random numbers (generators,
/// experiments, simulations, benchmarks). Same name, meaning and default everywhere.
struct RandomOptions: ParsableArguments {
    @Option(help: "The random seed; the same seed gives the same output.")
    var seed: UInt64 = 1
}
