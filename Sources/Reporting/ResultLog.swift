import Foundation

/// An append-only log of finished work items, one JSON object per line, flushed as each
/// item completes — what makes long experiments resumable: on restart, items whose key is
/// already in the log are skipped. A torn last line (a run killed mid-write) is ignored.
///
/// ```swift
/// let log = try ResultLog(path: "out/results.jsonl")
/// if log.completedKeys.contains(key) { /* skip */ }
/// try log.append(key: key, record: ["n": 4, "share": 0.93])
/// ```
public final class ResultLog: @unchecked Sendable {
    /// The log file.
    public let path: String
    private let lock = NSLock()
    private var handle: FileHandle
    private var records: [String: [String: Any]] = [:]
    /// Seconds between two flushes to stable storage (see ``init(path:syncInterval:)``).
    public let syncInterval: Double
    private var lastSync = Date.distantPast

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
        let data = fm.contents(atPath: path) ?? Data()
        var validLength = 0
        var offset = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            let end = offset + line.count
            defer { offset = end + 1 }
            guard end < data.count else { break }  // no newline after it: a torn last line
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                  let key = object["key"] as? String
            else { continue }
            records[key] = object
            validLength = end + 1
        }
        handle = try FileHandle(forUpdating: URL(fileURLWithPath: path))
        try handle.truncate(atOffset: UInt64(validLength))
        try handle.seekToEnd()
    }

    deinit {
        try? handle.synchronize()
        try? handle.close()
    }

    /// Flushes the records appended so far to stable storage.
    public func synchronize() throws {
        lock.lock(); defer { lock.unlock() }
        try handle.synchronize()
        lastSync = Date()
    }

    /// Keys of the items already logged.
    public var completedKeys: Set<String> {
        lock.lock(); defer { lock.unlock() }
        return Set(records.keys)
    }

    /// All logged records by key (each includes its `"key"`).
    public var allRecords: [String: [String: Any]] {
        lock.lock(); defer { lock.unlock() }
        return records
    }

    /// Appends one finished item and flushes it to disk.
    public func append(key: String, record: [String: Any]) throws {
        var object = record
        object["key"] = key
        var line = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        line.append(UInt8(ascii: "\n"))
        lock.lock(); defer { lock.unlock() }
        try handle.write(contentsOf: line)
        let now = Date()
        if now.timeIntervalSince(lastSync) >= syncInterval {
            try handle.synchronize()
            lastSync = now
        }
        // Keep in memory exactly what a later run will read back from disk.
        records[key] = (try? JSONSerialization.jsonObject(with: line) as? [String: Any]) ?? object
    }
}
