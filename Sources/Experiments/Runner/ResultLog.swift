import Foundation
import Parallel

/// One finished work item as logged in `results.jsonl`: its key, cell, sample and metrics.
///
/// On disk it is one JSON object per line with sorted keys, the metrics written as Swift's
/// shortest round-trip decimal text in strings (JSON number writers may drop the last digit,
/// and merged runs must be bit-identical):
///
/// ```json
/// {"cell":"uniform,n=4,e=0.5","keptRMPct":"91.25","key":"uniform,n=4,e=0.5#3","sample":3}
/// ```
public struct ResultRecord: Sendable, Equatable, Codable {
    /// The item's key, `cell#sample`.
    public var key: String
    /// The item's cell.
    public var cell: String
    /// The item's sample number.
    public var sample: Int
    /// The item's metrics by name.
    public var metrics: [String: Double]

    /// Creates a record.
    public init(key: String, cell: String, sample: Int, metrics: [String: Double]) {
        self.key = key
        self.cell = cell
        self.sample = sample
        self.metrics = metrics
    }

    /// The record of a finished work item.
    public init(item: WorkItem, metrics: [String: Double]) {
        self.init(key: item.key, cell: item.cell, sample: item.sample, metrics: metrics)
    }

    /// The record's line in the log (without the newline).
    public var line: Data {
        var object: [String: Any] = ["key": key, "cell": cell, "sample": sample]
        for (name, value) in metrics where object[name] == nil { object[name] = "\(value)" }
        return (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
    }

    /// Reads a log line: `nil` unless it is a JSON object with a string `key`. Metrics are the
    /// members other than `key`, `cell` and `sample` holding a number or a number in a string.
    public init?(line: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let key = object["key"] as? String
        else { return nil }
        var metrics: [String: Double] = [:]
        for (name, value) in object where name != "key" && name != "cell" && name != "sample" {
            if let text = value as? String, let x = Double(text) {
                metrics[name] = x
            } else if let number = value as? NSNumber, !(value is Bool) {
                metrics[name] = number.doubleValue
            }
        }
        self.init(key: key, cell: object["cell"] as? String ?? "", sample: (object["sample"] as? NSNumber)?.intValue ?? 0,
                  metrics: metrics)
    }
}

/// An append-only log of finished work items (`results.jsonl`), one ``ResultRecord`` per
/// line, written as each item completes — what makes long experiments resumable: on restart,
/// items whose key is already in the log are skipped. A torn last line (a run killed
/// mid-write) is ignored and overwritten.
///
/// ```swift
/// let log = try ResultLog(path: "out/results.jsonl")
/// if !log.completedKeys.contains(item.key) {
///     try log.append(ResultRecord(item: item, metrics: ["keptRMPct": 93.5]))
/// }
/// ```
///
/// Safe to append to from many threads. Only one process may write a log at a time: the
/// experiment runner takes the output directory's lock (``ExperimentError/directoryInUse(directory:holder:)``).
public final class ResultLog: Sendable {
    /// The log file.
    public let path: String
    /// Seconds between two flushes to stable storage (see ``init(path:syncInterval:)``).
    public let syncInterval: Double
    private let state: Locked<State>

    private struct State: Sendable {
        var handle: FileHandle
        var records: [String: ResultRecord] = [:]
        var lastSync = Date.distantPast
    }

    /// Opens (creating if needed) the log at `path` and reads what it already holds.
    ///
    /// Every appended record is written to the file at once (so it survives the process
    /// being killed); `syncInterval` is how often, at most, the file is also flushed to
    /// stable storage (`fsync`, which survives a machine crash): 0 (the default) after
    /// every record, which costs a few milliseconds each — with many short items, 1 second
    /// is the better choice (call ``synchronize()`` at the end).
    public init(path: String, syncInterval: Double = 0) throws {
        self.path = path
        self.syncInterval = max(0, syncInterval)
        let fm = FileManager.default
        if !fm.fileExists(atPath: path) {
            guard fm.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
            }
        }
        let (records, validLength) = ResultLog.parse(fm.contents(atPath: path) ?? Data())
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(validLength))
        try handle.seekToEnd()
        state = Locked(State(handle: handle, records: records))
    }

    /// The complete records of a log's contents and the length of its complete lines.
    static func parse(_ data: Data) -> (records: [String: ResultRecord], validLength: Int) {
        var records: [String: ResultRecord] = [:]
        var validLength = 0
        var offset = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let end = offset + line.count
            defer { offset = end + 1 }
            guard end < data.count else { break }  // no newline after it: a torn last line
            guard let record = ResultRecord(line: Data(line)) else { continue }
            records[record.key] = record
            validLength = end + 1
        }
        return (records, validLength)
    }

    /// Reads the complete records of the log at `path` without opening it for writing.
    public static func records(at path: String) throws -> [String: ResultRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw CocoaError(.fileReadNoSuchFile, userInfo: [NSFilePathErrorKey: path])
        }
        return parse(data).records
    }

    deinit {
        state.withLock { state in
            try? state.handle.synchronize()
            try? state.handle.close()
        }
    }

    /// Flushes the records appended so far to stable storage.
    public func synchronize() throws {
        try state.withLock { state in
            try state.handle.synchronize()
            state.lastSync = Date()
        }
    }

    /// Keys of the items already logged.
    public var completedKeys: Set<String> { state.withLock { Set($0.records.keys) } }

    /// All logged records by key.
    public var allRecords: [String: ResultRecord] { state.withLock { $0.records } }

    /// Appends one finished item and writes it to the file.
    public func append(_ record: ResultRecord) throws {
        var line = record.line
        line.append(UInt8(ascii: "\n"))
        // Keep in memory exactly what a later run reads back from disk.
        let stored = ResultRecord(line: line) ?? record
        let interval = syncInterval
        try state.withLock { state in
            try state.handle.write(contentsOf: line)
            let now = Date()
            if now.timeIntervalSince(state.lastSync) >= interval {
                try state.handle.synchronize()
                state.lastSync = now
            }
            state.records[stored.key] = stored
        }
    }
}
