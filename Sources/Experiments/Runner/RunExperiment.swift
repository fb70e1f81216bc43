import Foundation
import InstanceIO
import Parallel

/// A request to stop a run early, e.g. from a termination signal (a cluster job cancelled or
/// out of time): the run starts no new sample, lets the samples in flight finish and log, records
/// itself as stopped in `runs.jsonl`, and throws ``ExperimentError/stopped``. Rerunning resumes.
///
/// ```swift
/// let stop = ExperimentStopSignal()
/// // on SIGTERM: stop.stop()
/// try runExperiment(plan, outputDirectory: "out", options: ExperimentRunOptions(stopSignal: stop))
/// ```
public final class ExperimentStopSignal: Sendable {
    private let flag = Locked(false)

    /// A signal not yet given.
    public init() {}

    /// Asks the runs watching this signal to stop.
    public func stop() { flag.withLock { $0 = true } }

    /// Whether ``stop()`` was called.
    public var isStopped: Bool { flag.value }
}

/// How ``runExperiment(_:outputDirectory:options:)`` runs: threads, progress bar, log flushing
/// and the experiment kinds it knows.
public struct ExperimentRunOptions: Sendable {
    /// Worker threads (at least 1; default: the number of cores).
    public var jobs: Int
    /// `true`/`false` forces the progress bars on standard error on or off; `nil` (default)
    /// shows them when standard error is a terminal.
    public var progress: Bool?
    /// Seconds between flushes of the result log to stable storage (default 1; 0: after every
    /// sample). Each sample is written to the file as soon as it finishes either way.
    public var syncInterval: Double
    /// The experiment kinds (default: the built-in ones).
    public var registry: ExperimentKindRegistry
    /// Stops the run early when given (default: none).
    public var stopSignal: ExperimentStopSignal?

    /// Creates options.
    public init(jobs: Int = ProcessInfo.processInfo.activeProcessorCount, progress: Bool? = nil,
                syncInterval: Double = 1, registry: ExperimentKindRegistry = .standard, stopSignal: ExperimentStopSignal? = nil) {
        self.jobs = jobs
        self.progress = progress
        self.syncInterval = syncInterval
        self.registry = registry
        self.stopSignal = stopSignal
    }
}

/// What ``runExperiment(_:outputDirectory:options:)`` did.
public struct ExperimentRunSummary: Sendable, Equatable, Codable {
    /// The plan's kind.
    public var kind: String
    /// The shard run.
    public var shard: Shard
    /// Samples of the whole experiment.
    public var totalSamples: Int
    /// Samples of this shard.
    public var shardSamples: Int
    /// This process's run (also appended to the directory's `runs.jsonl`).
    public var run: ShardRun
    /// The output files written (empty for a shard of a sharded run: merge the shards).
    public var outputs: [String]
}

/// Runs (or resumes) the shard `plan.shard` of an experiment in `outputDirectory`.
///
/// The directory is created if needed and locked against a second concurrent writer
/// (``ExperimentError/directoryInUse(directory:holder:)``). It holds `plan.json` (a directory
/// of another experiment or shard is refused: ``ExperimentError/differentExperiment(planFile:expected:)``,
/// ``ExperimentError/differentShard(planFile:existing:requested:)``), `results.jsonl` (one line
/// per finished sample; samples already there are not run again, so rerunning the same call
/// resumes an interrupted run) and `runs.jsonl` (``ShardRun`` lines: one when the call starts,
/// one when it ends, with host, times, samples and compute time). When the plan is the whole run, the kind's outputs (CSV files and
/// plots) are then written; shards are combined with ``mergeExperiments(_:into:registry:)``.
///
/// ```swift
/// let plan = try ExperimentPlan(BanditExperiment.Parameters(agents: [2, 3], samples: 10), seed: 1)
/// let summary = try runExperiment(plan, outputDirectory: "runs/bandit", options: .init(jobs: 4))
/// print(summary.outputs)   // ["bandit.csv", "figure-6.1.svg"]
/// ```
@discardableResult
public func runExperiment(_ plan: ExperimentPlan, outputDirectory: String,
                          options: ExperimentRunOptions = ExperimentRunOptions()) throws -> ExperimentRunSummary {
    guard options.jobs >= 1 else { throw ExperimentError.invalidParameter(parameter: "jobs", message: "at least one worker thread is needed") }
    let handler = try options.registry.handler(for: plan)
    let items = try handler.items(plan)
    try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
    let lock = try DirectoryLock(directory: outputDirectory, exclusive: true)
    defer { withExtendedLifetime(lock) {} }
    try plan.prepare(directory: outputDirectory)

    let runner = ExperimentRunner(items: items, logPath: ExperimentPlan.logPath(in: outputDirectory), shard: plan.shard,
                                  jobs: options.jobs, syncInterval: options.syncInterval)
    let mine = runner.shardItems
    let start = Date()
    var run = ShardRun(shard: plan.shard, host: currentHostName(), process: ProcessInfo.processInfo.processIdentifier,
                       jobs: options.jobs, start: start, end: start, samples: 0, skipped: 0, shardSamples: mine.count,
                       computeSeconds: 0, status: .failed)
    let done = FileManager.default.fileExists(atPath: runner.logPath) ? try ResultLog.records(at: runner.logPath) : [:]
    let pending = mine.filter { done[$0.key] == nil }
    run.skipped = mine.count - pending.count
    var started = run
    started.status = .started
    try ShardRun.append([started], directory: outputDirectory)
    let outcome: ExperimentRunner.Outcome
    // Compute time is also counted here so that a failed or stopped run records it.
    let compute = Locked(0.0)
    do {
        let measureItem = try handler.measurement(plan, pending, options)
        let measure: @Sendable (WorkItem) throws -> [String: Double] = { item in
            let start = ContinuousClock.now
            defer {
                let elapsed = (ContinuousClock.now - start).components
                compute.withLock { $0 += Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18 }
            }
            return try measureItem(item)
        }
        var stop: (@Sendable () -> Bool)?
        if let signal = options.stopSignal { stop = { signal.isStopped } }
        outcome = try runner.run(label: plan.kind, progress: options.progress, stop: stop, measure)
    } catch {
        run.end = Date()
        let logged = (try? ResultLog.records(at: runner.logPath)) ?? [:]
        run.samples = max(0, mine.filter { logged[$0.key] != nil }.count - run.skipped)
        run.computeSeconds = compute.value
        if case ExperimentError.stopped = error { run.status = .stopped }
        try? ShardRun.append([run], directory: outputDirectory)
        throw error
    }
    run.end = Date()
    run.samples = outcome.ran
    run.computeSeconds = compute.value
    run.status = .complete
    try ShardRun.append([run], directory: outputDirectory)

    var written: [String] = []
    if plan.shard == .whole {
        let missing = items.filter { outcome.records[$0.key] == nil }
        guard missing.isEmpty else {
            throw ExperimentError.incomplete(missing: missing.count, total: items.count, example: missing[0].key)
        }
        for output in try handler.outputs(plan, outcome.records) {
            try writeAtomically(output.contents, to: outputDirectory + "/" + output.name)
            written.append(output.name)
        }
    }
    return ExperimentRunSummary(kind: plan.kind, shard: plan.shard, totalSamples: items.count, shardSamples: mine.count,
                                run: run, outputs: written)
}

/// Writes `text` to `path` atomically (a temporary file renamed into place), so an
/// interrupted or failed run never leaves a partial file; a failure is an `OutputError`.
func writeAtomically(_ text: String, to path: String) throws {
    try OutputFile.write(text, to: path)
}
