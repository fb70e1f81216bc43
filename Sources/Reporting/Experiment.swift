import Foundation

/// One unit of an experiment: sample `sample` of the cell `cell` (a parameter setting such as
/// `n=8,e=0.25,dist=uniform`).
public struct WorkItem: Sendable, Hashable {
    /// The cell's key: parameter settings in a fixed textual form.
    public var cell: String
    /// The sample number within the cell, from 0.
    public var sample: Int

    /// Creates a work item.
    public init(cell: String, sample: Int) {
        self.cell = cell
        self.sample = sample
    }

    /// The key under which the item is logged: `cell#sample`.
    public var key: String { "\(cell)#\(sample)" }

    /// The seed stream of this item: a stable (FNV-1a) hash of its key, so an item's random
    /// draws depend only on the run's seed and the item — not on cores, order or sharding.
    public var stream: UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in key.utf8 {
            h ^= UInt64(byte)
            h &*= 0x0000_0100_0000_01B3
        }
        return h
    }
}

/// Runs an experiment's work items on all cores, logging each finished item to a
/// ``ResultLog`` (so an interrupted run resumes where it stopped), optionally only one
/// ``Shard`` of them, with a ``ProgressBar``.
///
/// Each item's metrics are a `[String: Double]`; ``aggregate(items:records:)`` then
/// summarizes every metric per cell with its samples taken in sample order, so sharded,
/// resumed and single runs give bit-identical summaries.
///
/// ```swift
/// let runner = ExperimentRunner(items: items, logPath: "out/results.jsonl", shard: .whole)
/// try runner.run(label: "static") { item in
///     ["shareKept": simulate(item)]
/// }
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

    /// Runs the pending items of this shard (skipping those already logged) and returns
    /// the log's records. The first error thrown by `body` stops the run after the items
    /// in flight, and is rethrown; finished items stay logged.
    @discardableResult
    public func run(
        label: String, progress: Bool? = nil,
        _ body: @escaping @Sendable (WorkItem) throws -> [String: Double]
    ) throws -> [String: [String: Any]] {
        let log = try ResultLog(path: logPath, syncInterval: syncInterval)
        let done = log.completedKeys
        let mine = shardItems
        let pending = mine.filter { !done.contains($0.key) }
        let bar = progress.map { ProgressBar(total: mine.count, label: label, enabled: $0) }
            ?? ProgressBar(total: mine.count, label: label)
        bar.skip(mine.count - pending.count)
        let failure = FirstError()
        let next = Counter()
        let workers = min(jobs, max(pending.count, 1))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while failure.error == nil, let k = next.take(below: pending.count) {
                let item = pending[k]
                do {
                    let metrics = try body(item)
                    var record: [String: Any] = ["cell": item.cell, "sample": item.sample]
                    // Metrics are logged as Swift's shortest round-trip text: JSON number
                    // writers may drop the last digit, and merged runs must be bit-identical.
                    for (name, value) in metrics { record[name] = "\(value)" }
                    try log.append(key: item.key, record: record)
                    bar.advance()
                } catch {
                    failure.set(error)
                }
            }
        }
        bar.finish()
        try log.synchronize()
        if let error = failure.error { throw error }
        return log.allRecords
    }

    /// Per cell (in the order cells first appear in `items`), per metric, the summary of
    /// the samples in sample order. Items missing from `records` make the cell incomplete:
    /// they are reported in `missing`.
    public static func aggregate(
        items: [WorkItem], records: [String: [String: Any]]
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
                for (name, value) in record where name != "cell" && name != "sample" && name != "key" {
                    if let text = value as? String, let x = Double(text) {
                        values[name, default: []].append(x)
                    } else if let x = (value as? NSNumber)?.doubleValue {
                        values[name, default: []].append(x)
                    }
                }
            }
            cells.append((cell, values.mapValues { Summary($0) }))
        }
        return (cells, missing)
    }

    /// Reads and unions the result logs of several shard directories' log files.
    public static func mergeLogs(_ paths: [String]) throws -> [String: [String: Any]] {
        var all: [String: [String: Any]] = [:]
        for path in paths {
            guard FileManager.default.fileExists(atPath: path) else {
                throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: path])
            }
            let log = try ResultLog(path: path)
            all.merge(log.allRecords) { first, _ in first }
        }
        return all
    }
}

/// Hands out indices 0, 1, 2, … to worker threads.
private final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func take(below limit: Int) -> Int? {
        lock.lock(); defer { lock.unlock() }
        guard value < limit else { return nil }
        value += 1
        return value - 1
    }
}

/// Keeps the first error thrown by any worker.
private final class FirstError: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Error?
    var error: Error? {
        lock.lock(); defer { lock.unlock() }
        return stored
    }
    func set(_ error: Error) {
        lock.lock(); defer { lock.unlock() }
        if stored == nil { stored = error }
    }
}
