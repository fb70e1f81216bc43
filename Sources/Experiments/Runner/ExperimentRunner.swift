import Foundation
import Parallel
import Reporting

/// Runs an experiment's work items on several threads, logging each finished item to a
/// ``ResultLog`` (so an interrupted run resumes where it stopped), optionally only one
/// ``Shard`` of them, with a progress bar.
///
/// Each item's metrics are a `[String: Double]`; ``aggregate(items:records:)`` then
/// summarizes every metric per cell with its samples taken in sample order, so sharded,
/// resumed and single runs give bit-identical summaries.
///
/// This is the machinery under ``runExperiment(_:outputDirectory:options:)``; use it directly
/// for an experiment that needs no plan file.
///
/// ```swift
/// let runner = ExperimentRunner(items: items, logPath: "out/results.jsonl", shard: .whole)
/// let outcome = try runner.run(label: "toy") { item in ["u": simulate(item)] }
/// let summary = ExperimentRunner.aggregate(items: items, records: outcome.records)
/// ```
public struct ExperimentRunner: Sendable {
    /// Every item of the whole (unsharded) experiment, in its fixed order.
    public var items: [WorkItem]
    /// Where finished items are logged.
    public var logPath: String
    /// Which slice of `items` this process runs.
    public var shard: Shard
    /// Worker threads (default: all cores).
    public var jobs: Int
    /// Seconds between flushes of the log to stable storage (``ResultLog/syncInterval``;
    /// 0: after every item). Records are written to the file as each item finishes either way.
    public var syncInterval: Double

    /// Creates a runner.
    public init(items: [WorkItem], logPath: String, shard: Shard = .whole,
                jobs: Int = ProcessInfo.processInfo.activeProcessorCount, syncInterval: Double = 0) {
        self.items = items
        self.logPath = logPath
        self.shard = shard
        self.jobs = max(1, jobs)
        self.syncInterval = syncInterval
    }

    /// The items of this shard.
    public var shardItems: [WorkItem] {
        items.enumerated().filter { shard.contains($0.offset) }.map(\.element)
    }

    /// What one call of ``run(label:progress:_:)`` did.
    public struct Outcome: Sendable {
        /// Every record in the log after the run, by key.
        public var records: [String: ResultRecord]
        /// Items of this shard run (and logged) by this call.
        public var ran: Int
        /// Items of this shard already logged before this call (a resumed run).
        public var skipped: Int
        /// Seconds spent inside the measurement of the items run, summed over threads (the
        /// solver and computation time; wall time is shorter with several threads).
        public var computeSeconds: Double
    }

    /// Runs the pending items of this shard (skipping those already logged) and returns the
    /// log's records. The first error thrown by `body` (lowest item first) stops the run after
    /// the items in flight, and is rethrown; finished items stay logged.
    ///
    /// `progress`: `true` or `false` to force the progress bar on or off; `nil` shows it when
    /// standard error is a terminal. `stop`, when given, is asked before each item: once it
    /// answers `true` no new item starts, and ``ExperimentError/stopped`` is thrown after the
    /// items in flight.
    @discardableResult
    public func run(
        label: String, progress: Bool? = nil, stop: (@Sendable () -> Bool)? = nil,
        _ body: @escaping @Sendable (WorkItem) throws -> [String: Double]
    ) throws -> Outcome {
        let log = try ResultLog(path: logPath, syncInterval: syncInterval)
        let done = log.completedKeys
        let mine = shardItems
        let pending = mine.filter { !done.contains($0.key) }
        let bar = progress.map { ProgressBar(total: mine.count, label: label, enabled: $0) }
            ?? ProgressBar(total: mine.count, label: label)
        bar.skip(mine.count - pending.count)
        let compute = Locked(Duration.zero)
        let clock = ContinuousClock()
        let result = Result {
            try parallelForEach(pending.count, jobs: jobs) { k in
                if let stop, stop() { throw ExperimentError.stopped }
                let item = pending[k]
                let start = clock.now
                let metrics = try body(item)
                let elapsed = clock.now - start
                compute.withLock { $0 += elapsed }
                try log.append(ResultRecord(item: item, metrics: metrics))
                bar.advance()
            }
        }
        bar.finish()
        try log.synchronize()
        try result.get()
        let records = log.allRecords
        let seconds = compute.value.components
        return Outcome(records: records, ran: pending.count, skipped: mine.count - pending.count,
                       computeSeconds: Double(seconds.seconds) + Double(seconds.attoseconds) * 1e-18)
    }

    /// Per cell (in the order cells first appear in `items`), per metric, the summary of
    /// the samples in sample order. Items missing from `records` make the cell incomplete:
    /// they are reported in `missing`.
    public static func aggregate(
        items: [WorkItem], records: [String: ResultRecord]
    ) -> (cells: [(cell: String, metrics: [String: Summary])], missing: [WorkItem]) {
        var order: [String] = []
        var byCell: [String: [WorkItem]] = [:]
        for item in items {
            if byCell[item.cell] == nil { order.append(item.cell) }
            byCell[item.cell, default: []].append(item)
        }
        var missing: [WorkItem] = []
        var cells: [(String, [String: Summary])] = []
        for cell in order {
            let samples = byCell[cell]!.sorted { $0.sample < $1.sample }
            var values: [String: [Double]] = [:]
            for item in samples {
                guard let record = records[item.key] else { missing.append(item); continue }
                for (name, x) in record.metrics { values[name, default: []].append(x) }
            }
            cells.append((cell, values.mapValues { Summary($0) }))
        }
        return (cells, missing)
    }

    /// Reads and unions the result logs at `paths` (the first record of a key wins). A
    /// missing file is an error.
    public static func mergeLogs(_ paths: [String]) throws -> [String: ResultRecord] {
        var all: [String: ResultRecord] = [:]
        for path in paths {
            all.merge(try ResultLog.records(at: path)) { first, _ in first }
        }
        return all
    }
}
