import Foundation

/// One process's run of a shard, as recorded in the output directory's `runs.jsonl` (one JSON
/// object per line): where and when it ran, how many samples it computed and how long they
/// took. A run appends a `started` line when it begins and its final line (`complete` or
/// `failed`) when it ends, so a run that was killed (a cancelled or timed-out cluster job) is
/// still seen, as a `started` line without an end. A resumed shard has lines for every
/// attempt; a merged directory holds the lines of all its shards, so a cluster run can be
/// examined afterwards (``ShardReport``).
///
/// ```json
/// {"computeSeconds":41.2,"end":"2026-12-02T07:31:09.250Z","host":"node07","jobs":4,"process":81234,
///  "samples":167,"shard":"2/3","shardSamples":167,"skipped":0,"start":"2026-12-02T07:30:58.125Z","status":"complete"}
/// ```
public struct ShardRun: Sendable, Equatable, Codable {
    /// How a run ended.
    public enum Status: String, Sendable, Codable {
        /// Every sample of the shard is logged.
        case complete
        /// The run stopped at an error (the finished samples stay logged).
        case failed
        /// The run was stopped on request (a termination signal); the finished samples stay logged.
        case stopped
        /// The run began; read back without a final line of the same process and start
        /// time, it was interrupted (killed) and its end and samples are unknown.
        case started
    }

    /// The shard run.
    public var shard: Shard
    /// The host name of the machine.
    public var host: String
    /// The process id.
    public var process: Int32
    /// Worker threads.
    public var jobs: Int
    /// When the run started.
    public var start: Date
    /// When it ended.
    public var end: Date
    /// Samples computed (and logged) by this run.
    public var samples: Int
    /// Samples of the shard already logged when the run started (a resumed run).
    public var skipped: Int
    /// Samples in the shard.
    public var shardSamples: Int
    /// Seconds spent measuring the samples (solver and computation), summed over threads.
    public var computeSeconds: Double
    /// How the run ended.
    public var status: Status

    /// Wall-clock seconds from start to end.
    public var wallSeconds: Double { end.timeIntervalSince(start) }

    /// The file name of the run log in an output directory.
    public static let fileName = "runs.jsonl"

    /// The run log of an output directory.
    public static func path(in directory: String) -> String { directory + "/" + fileName }

    /// The runs recorded in `directory`, one per process run in the order they started: the
    /// final line of each finished run, and the `started` line of each interrupted one (none
    /// when there is no run log; unreadable lines are skipped).
    public static func read(directory: String) -> [ShardRun] {
        guard let data = FileManager.default.contents(atPath: path(in: directory)) else { return [] }
        return attempts(data.split(separator: UInt8(ascii: "\n")).compactMap { try? decoder.decode(ShardRun.self, from: Data($0)) })
    }

    /// One record per process run: a `started` line is dropped when a final line of the same
    /// host, process and start time follows.
    static func attempts(_ lines: [ShardRun]) -> [ShardRun] {
        func same(_ a: ShardRun, _ b: ShardRun) -> Bool {
            a.host == b.host && a.process == b.process && abs(a.start.timeIntervalSince(b.start)) < 0.001
        }
        return lines.enumerated().filter { k, line in
            line.status != .started || !lines[(k + 1)...].contains { $0.status != .started && same($0, line) }
        }.map(\.element)
    }

    /// Whether the run was interrupted (its end was never recorded).
    public var interrupted: Bool { status == .started }

    /// Appends runs to the run log of `directory`.
    static func append(_ runs: [ShardRun], directory: String) throws {
        var data = Data()
        for run in runs {
            data.append(try encoder.encode(run))
            data.append(UInt8(ascii: "\n"))
        }
        let path = path(in: directory)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: data)
        try handle.synchronize()
    }

    /// Times are ISO 8601 in UTC with milliseconds, e.g. `2026-12-02T07:30:58.125Z`.
    static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(timeFormatter().string(from: date))
        }
        return encoder
    }

    static var decoder: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = timeFormatter().date(from: text) ?? ISO8601DateFormatter().date(from: text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not an ISO 8601 time: \(text)")
            }
            return date
        }
        return decoder
    }

    private static func timeFormatter() -> ISO8601DateFormatter {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter
    }
}

/// What the runs of one shard directory add up to, for the summary of a merge: where it ran,
/// how many samples, wall and compute time.
public struct ShardReport: Sendable, Equatable, Codable {
    /// The shard directory.
    public var directory: String
    /// Its shard.
    public var shard: Shard
    /// The hosts it ran on (in order of first run; several when it was resumed elsewhere).
    public var hosts: [String]
    /// Samples of the shard.
    public var samples: Int
    /// Process runs recorded (1 unless resumed; 0 for a directory without a run log).
    public var runs: Int
    /// Runs among them that were interrupted (killed before recording their end).
    public var interrupted: Int
    /// The start of its first run (`nil` without run records).
    public var start: Date?
    /// The end of its last run (`nil` without run records).
    public var end: Date?
    /// Wall-clock seconds, summed over its finished runs.
    public var wallSeconds: Double
    /// Compute seconds (summed over threads and runs).
    public var computeSeconds: Double

    /// The report of `directory`'s runs (`samples`: the shard's size).
    init(directory: String, shard: Shard, samples: Int, runs: [ShardRun]) {
        self.directory = directory
        self.shard = shard
        self.samples = samples
        var hosts: [String] = []
        for run in runs where !hosts.contains(run.host) { hosts.append(run.host) }
        self.hosts = hosts
        self.runs = runs.count
        interrupted = runs.filter(\.interrupted).count
        start = runs.map(\.start).min()
        end = runs.map(\.end).max()
        wallSeconds = runs.reduce(0) { $0 + $1.wallSeconds }
        computeSeconds = runs.reduce(0) { $0 + $1.computeSeconds }
    }
}
