import Foundation
import InstanceIO

/// What ``mergeExperiments(_:into:registry:)`` did, and where and how long each shard ran.
public struct ExperimentMergeSummary: Sendable, Equatable, Codable {
    /// The merged plan's kind.
    public var kind: String
    /// The shard directories merged.
    public var directories: [String]
    /// Samples of the experiment (all present in the merged log).
    public var samples: Int
    /// The output files written into the merged directory.
    public var outputs: [String]
    /// One report per shard found in the directories' run logs (directory order, then shard).
    public var shards: [ShardReport]

    /// The shard that took the longest wall time, when at least two shards have run logs
    /// (``report`` calls it the straggler when it took at least 1.5 × the median).
    public var straggler: ShardReport? {
        let timed = shards.filter { $0.runs > $0.interrupted }
        guard timed.count >= 2 else { return nil }
        return timed.max { $0.wallSeconds < $1.wallSeconds }
    }

    /// A short per-shard table for people: shard, hosts, samples, wall and compute time, runs,
    /// and a line naming the slowest shard ("straggler" when it took at least 1.5 × the
    /// median wall time), e.g.
    ///
    /// ```
    /// shard  host    samples  wall     compute  runs  directory
    /// 1/3    node01      167  12.3 s   23.1 s      1  runs/s1
    /// 2/3    node02      167  30.1 s   55.0 s      2  runs/s2
    /// straggler: shard 2/3 on node02, 30.1 s wall (2.4 × the median 12.5 s)
    /// ```
    public var report: String {
        func seconds(_ x: Double) -> String { String(format: "%.1f s", x) }
        var rows = [["shard", "host", "samples", "wall", "compute", "runs", "directory"]]
        for s in shards {
            rows.append([s.shard.description, s.hosts.isEmpty ? "-" : s.hosts.joined(separator: ","), String(s.samples),
                         s.runs > s.interrupted ? seconds(s.wallSeconds) : "-", s.runs > s.interrupted ? seconds(s.computeSeconds) : "-",
                         String(s.runs) + (s.interrupted > 0 ? " (\(s.interrupted) interrupted)" : ""), s.directory])
        }
        let widths = (0..<7).map { c in rows.map { $0[c].count }.max() ?? 0 }
        let rightAligned: Set<Int> = [2, 3, 4, 5]
        var lines = rows.map { row in
            row.enumerated().map { c, field in
                let pad = String(repeating: " ", count: widths[c] - field.count)
                return c == row.count - 1 ? field : (rightAligned.contains(c) ? pad + field : field + pad)
            }.joined(separator: "  ")
        }
        if let slow = straggler {
            let walls = shards.filter { $0.runs > $0.interrupted }.map(\.wallSeconds).sorted()
            let median = walls.count % 2 == 1 ? walls[walls.count / 2] : (walls[walls.count / 2 - 1] + walls[walls.count / 2]) / 2
            let ratio = median > 0 ? slow.wallSeconds / median : 1
            let name = ratio >= 1.5 ? "straggler" : "slowest"
            lines.append("\(name): shard \(slow.shard) on \(slow.hosts.joined(separator: ",")), \(seconds(slow.wallSeconds)) wall"
                         + String(format: " (%.1f × the median %@)", ratio, seconds(median)))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Combines the output directories of the shards of one experiment into `outputDirectory`.
///
/// Every directory must hold `plan.json` and `results.jsonl` of the same experiment (kind,
/// seed and parameters; the shards may differ: else ``ExperimentError/differentExperiment(planFile:expected:)``),
/// and the union of their results must cover every sample (else
/// ``ExperimentError/incomplete(missing:total:example:)``, and nothing is written). The output
/// directory (created; it may be one of the inputs) then holds the whole run's `plan.json`,
/// the merged `results.jsonl` in item order, `runs.jsonl` with the run records of every shard,
/// and the kind's CSV files and plots — byte for byte those of an unsharded run.
///
/// The inputs are locked for reading and the output for writing while merging, so a shard
/// still being written is refused (``ExperimentError/directoryInUse(directory:holder:)``).
///
/// ```swift
/// let summary = try mergeExperiments(["runs/s1", "runs/s2", "runs/s3"], into: "runs/all")
/// FileHandle.standardError.write(Data(summary.report.utf8))
/// ```
@discardableResult
public func mergeExperiments(_ directories: [String], into outputDirectory: String,
                             registry: ExperimentKindRegistry = .standard) throws -> ExperimentMergeSummary {
    guard !directories.isEmpty else { throw ExperimentError.nothingToMerge }
    let plans = try directories.map { try ExperimentPlan.read(directory: $0) }
    let first = plans[0]
    for plan in plans.dropFirst() where plan.definition != first.definition {
        throw ExperimentError.differentExperiment(planFile: plan.source, expected: first.source)
    }
    let handler = try registry.handler(for: first)
    let items = try handler.items(first)
    for directory in directories where !FileManager.default.fileExists(atPath: ExperimentPlan.logPath(in: directory)) {
        throw ExperimentError.missingResultLog(path: ExperimentPlan.logPath(in: directory))
    }

    try FileManager.default.createDirectory(atPath: outputDirectory, withIntermediateDirectories: true)
    func canonical(_ path: String) -> String { URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path }
    let outKey = canonical(outputDirectory)
    var locks = [try DirectoryLock(directory: outputDirectory, exclusive: true)]
    var seen: Set<String> = [outKey]
    for directory in directories where seen.insert(canonical(directory)).inserted {
        locks.append(try DirectoryLock(directory: directory, exclusive: false))
    }
    defer { withExtendedLifetime(locks) {} }

    let records = try ExperimentRunner.mergeLogs(directories.map(ExperimentPlan.logPath(in:)))
    let missing = items.filter { records[$0.key] == nil }
    guard missing.isEmpty else {
        throw ExperimentError.incomplete(missing: missing.count, total: items.count, example: missing[0].key)
    }
    var whole = first
    whole.shard = .whole
    if FileManager.default.fileExists(atPath: ExperimentPlan.path(in: outputDirectory)) {
        let existing = try ExperimentPlan.read(directory: outputDirectory)
        guard existing.definition == whole.definition else {
            throw ExperimentError.differentExperiment(planFile: existing.source, expected: first.source)
        }
    }

    // Per-shard run reports (read before the output's run log is rewritten: it may be an input).
    var reports: [ShardReport] = []
    var allRuns: [ShardRun] = []
    for (directory, plan) in zip(directories, plans) {
        let runs = ShardRun.read(directory: directory)
        allRuns += runs
        var shards: [Shard] = []
        for run in runs where !shards.contains(run.shard) { shards.append(run.shard) }
        if shards.isEmpty { shards = [plan.shard] }
        for shard in shards {
            let size = items.indices.filter(shard.contains).count
            reports.append(ShardReport(directory: directory, shard: shard, samples: size, runs: runs.filter { $0.shard == shard }))
        }
    }

    // The merged log, in item order: the output is then a complete (resumable) run directory.
    var log = Data()
    for item in items {
        log.append(records[item.key]!.line)
        log.append(UInt8(ascii: "\n"))
    }
    try writeAtomically(whole.text, to: ExperimentPlan.path(in: outputDirectory))
    try OutputFile.write(log, to: ExperimentPlan.logPath(in: outputDirectory))
    var runLog = Data()
    for run in allRuns {
        runLog.append(try ShardRun.encoder.encode(run))
        runLog.append(UInt8(ascii: "\n"))
    }
    try OutputFile.write(runLog, to: ShardRun.path(in: outputDirectory))
    var written: [String] = []
    for output in try handler.outputs(whole, records) {
        try writeAtomically(output.contents, to: outputDirectory + "/" + output.name)
        written.append(output.name)
    }
    return ExperimentMergeSummary(kind: whole.kind, directories: directories, samples: items.count, outputs: written,
                                  shards: reports)
}
