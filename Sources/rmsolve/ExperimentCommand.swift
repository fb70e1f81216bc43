import ArgumentParser
import Dispatch
import Experiments
import Foundation
import Parallel

/// `rmsolve experiment …`: the thesis's experiments and new studies, reproducible from a
/// seed, resumable, shardable across machines (`--shard K/N`, then `rmsolve merge`). The
/// experiments themselves live in the Experiments library; these commands parse, call
/// `runExperiment` and print.
struct Experiment: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run an experiment: CSV results and SVG plots in an output directory.",
        discussion: """
            Every experiment writes into --out: plan.json (kind, seed, parameters, shard), \
            results.jsonl (one line per finished sample), runs.jsonl (a line when a run starts \
            and one when it ends: host, \
            start and end time, samples, compute time) and, for a whole run, its CSV files and \
            plots. Rerunning the same command resumes an interrupted run; a directory of \
            another experiment or shard is refused (exit 2), and so is a directory another run \
            is still writing (exit 2). With --shard K/N only the K-th of N interleaved slices of \
            the samples is run; `rmsolve merge` combines the shard directories into the same \
            files, byte for byte, as an unsharded run. CSV columns are camelCase; shares are in \
            percent (columns ending in Pct).
            """,
        subcommands: [ExperimentStatic.self, ExperimentCombinatorial.self, ExperimentBandit.self, ExperimentRedistribution.self])
}

/// The options every `experiment` subcommand shares: where to write, which shard, progress.
struct ExperimentRunOptionGroup: ParsableArguments {
    @Option(help: "The output directory (created; rerun the same command to resume).")
    var out: String

    @Option(help: ArgumentHelp("Run only slice K of N of the samples (1 ≤ K ≤ N); combine the slices with `rmsolve merge`.",
                               valueName: "K/N"))
    var shard: String?

    @Flag(name: .customLong("no-progress"), help: "No progress bar (it is shown only when standard error is a terminal anyway).")
    var noProgress = false

    func validate() throws {
        if let shard {
            do { _ = try Shard(parsing: shard) } catch let error as ShardError { throw ValidationError("--shard: \(error)") }
        }
    }

    /// The shard to run.
    var parsedShard: Shard { (try? shard.map(Shard.init(parsing:))) ?? .whole }

    /// The library's run options for these flags and `--jobs`.
    func runOptions(jobs: Int) -> ExperimentRunOptions {
        ExperimentRunOptions(jobs: jobs, progress: noProgress ? false : nil)
    }
}

/// Builds an experiment plan, turning an invalid parameter into a usage error that names the
/// command-line option (`flags` maps plan parameter names to options).
func experimentPlan<P: ExperimentParameters>(_ parameters: P, seed: UInt64, shard: Shard, flags: [String: String]) throws -> ExperimentPlan {
    do {
        return try ExperimentPlan(parameters, seed: seed, shard: shard)
    } catch ExperimentError.invalidParameter(let name, let message) {
        throw ValidationError("\(flags[name] ?? name): \(message)")
    }
}

/// Runs `plan` into the directory of `options` and prints what was written. SIGTERM (a cluster
/// job cancelled or out of time) and SIGINT stop the run after the samples in flight, which
/// stay logged (exit status 128 + the signal's number); a second signal ends it at once.
func runExperimentCommand(_ plan: ExperimentPlan, options: ExperimentRunOptionGroup, jobs: Int) throws {
    let stop = ExperimentStopSignal()
    let received = Locked<Int32>(0)
    let sources = [SIGTERM, SIGINT].map { number in
        signal(number, SIG_IGN)
        let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
        source.setEventHandler {
            if stop.isStopped {
                signal(number, SIG_DFL)
                raise(number)
            }
            received.withLock { $0 = number }
            stop.stop()
            printError("rmsolve: stopping after the samples in flight (signal \(number)); rerun the same command to resume")
        }
        source.resume()
        return source
    }
    defer { sources.forEach { $0.cancel() } }
    var runOptions = options.runOptions(jobs: jobs)
    runOptions.stopSignal = stop
    do {
        try runExperimentCommand(plan, options: options, runOptions: runOptions)
    } catch let error as ExitCode where stop.isStopped {
        _ = error
        throw ExitCode(128 + received.value)
    }
}

private func runExperimentCommand(_ plan: ExperimentPlan, options: ExperimentRunOptionGroup, runOptions: ExperimentRunOptions) throws {
    try reportingErrors {
        let summary = try runExperiment(plan, outputDirectory: options.out, options: runOptions)
        let seconds = String(format: "%.1f", summary.run.wallSeconds)
        let counts = "\(summary.run.samples) samples in \(seconds) s" + (summary.run.skipped > 0 ? " (\(summary.run.skipped) already done)" : "")
        if summary.shard == .whole {
            print("\(counts); wrote \(options.out)/" + summary.outputs.joined(separator: ", "))
        } else {
            print("shard \(summary.shard): \(counts) logged in \(ExperimentPlan.logPath(in: options.out)); "
                  + "combine all shards with `rmsolve merge DIR... --out DIR`")
        }
    }
}

/// Parses a comma-separated list of `T`, naming `flag` in the error.
func parseList<T>(_ text: String, flag: String, expected: String, _ parse: (String) -> T?) throws -> [T] {
    try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
        guard let value = parse(part.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(flag) expects \(expected), got \"\(text)\"")
        }
        return value
    }
}
