import Dispatch
import Experiments
import Foundation
import InstanceIO
import Parallel
import Testing

/// A toy experiment kind registered only in these tests: `cells` cells of `samples` samples,
/// each measuring `x = cell index + sample / 100`. Its measurement waits at the gate when
/// one is set, so a run can be held open while another process-level call tries the
/// same directory.
enum GateExperiment: ExperimentKind {
    struct Parameters: ExperimentParameters {
        static let kind = "gate"
        var cells: Int
        var samples: Int
        var planParameters: [String: Any] { ["cells": cells, "samples": samples] }
        init(cells: Int, samples: Int) {
            self.cells = cells
            self.samples = samples
        }
        init(planParameters node: JSONValue) throws {
            cells = try node["cells"].integer()
            samples = try node["samples"].integer()
        }
        func validate() throws {
            guard cells >= 1 else { throw ExperimentError.invalidParameter(parameter: "cells", message: "at least one cell") }
        }
    }

    /// Set while a test holds runs open: measurements signal `started` and wait for `release`.
    static let gate = Locked<(started: DispatchSemaphore, release: DispatchSemaphore)?>(nil)

    static func items(_ p: Parameters) -> [WorkItem] {
        (0..<p.cells).flatMap { c in (0..<p.samples).map { WorkItem(cell: "c\(c)", sample: $0) } }
    }

    static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
                            options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] {
        { item in
            if let gate = gate.value {
                gate.started.signal()
                gate.release.wait()
            }
            return ["x": Double(item.cell.dropFirst())! + Double(item.sample) / 100]
        }
    }

    static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] {
        let (cells, _) = ExperimentRunner.aggregate(items: items(p), records: records)
        return [ExperimentOutput(name: "gate.csv", contents: cells.map { "\($0.cell),\($0.metrics["x"]!.mean)\n" }.joined())]
    }
}

/// This machine's name, read here with `uname(2)` (the library uses `gethostname(2)`).
private let hostName: String = {
    var names = utsname()
    uname(&names)
    return withUnsafeBytes(of: names.nodename) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
}()

@Suite(.serialized) struct LockAndRunLogTests {
    let registry = ExperimentKindRegistry.standard.adding(GateExperiment.self)

    func options(jobs: Int = 1) -> ExperimentRunOptions {
        ExperimentRunOptions(jobs: jobs, progress: false, registry: registry)
    }

    /// While one run writes a directory, a second run on it fails at once with
    /// `directoryInUse` naming the holder, and so does a merge reading it; the first run then
    /// finishes normally and the directory is free again.
    @Test func aSecondWriterIsRefusedWhileTheFirstRuns() throws {
        let dir = try temporaryDirectory("lock")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(GateExperiment.Parameters(cells: 1, samples: 2), seed: 1)
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        GateExperiment.gate.withLock { $0 = (started, release) }
        let first = Locked<Result<ExperimentRunSummary, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let opts = options()
        Thread.detachNewThread {
            let result = Result { try runExperiment(plan, outputDirectory: dir + "/out", options: opts) }
            first.withLock { $0 = result }
            done.signal()
        }
        started.wait()
        #expect {
            try runExperiment(plan, outputDirectory: dir + "/out", options: opts)
        } throws: { error in
            guard case ExperimentError.directoryInUse(let directory, let holder) = error else { return false }
            return directory == dir + "/out" && holder.contains("process \(getpid())")
        }
        #expect {
            try mergeExperiments([dir + "/out"], into: dir + "/merged", registry: registry)
        } throws: { error in
            if case ExperimentError.directoryInUse = error { return true }
            return false
        }
        GateExperiment.gate.withLock { $0 = nil }
        release.signal()
        release.signal()
        done.wait()
        let summary = try #require(try first.value?.get())
        #expect(summary.run.samples == 2 && summary.outputs == ["gate.csv"])
        #expect(read(dir + "/out/gate.csv") == "c0,0.005\n")
        let again = try runExperiment(plan, outputDirectory: dir + "/out", options: opts)
        #expect(again.run.samples == 0 && again.run.skipped == 2)
    }

    /// Each run appends one line to runs.jsonl (host, times, samples, compute time); a merge
    /// carries every shard's lines over and reports one row per shard with its samples and the
    /// slowest shard.
    @Test func runsAreRecordedPerShardAndReportedByTheMerge() throws {
        let dir = try temporaryDirectory("runs")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = GateExperiment.Parameters(cells: 3, samples: 5)
        for k in 1...3 {
            try runExperiment(try ExperimentPlan(p, seed: 2, shard: try Shard(index: k, count: 3)), outputDirectory: dir + "/s\(k)",
                              options: options(jobs: 2))
        }
        // Resume shard 2: a second run, with nothing left to do.
        try runExperiment(try ExperimentPlan(p, seed: 2, shard: try Shard(index: 2, count: 3)), outputDirectory: dir + "/s2",
                          options: options())
        let runs = ShardRun.read(directory: dir + "/s2")
        #expect(runs.count == 2)
        // Each run wrote a `started` line and a final line.
        #expect(read(dir + "/s2/runs.jsonl").split(separator: "\n").count == 4)
        #expect(runs.map(\.samples) == [5, 0] && runs.map(\.skipped) == [0, 5] && runs.allSatisfy { $0.shardSamples == 5 })
        #expect(runs.allSatisfy { $0.host == hostName && $0.status == .complete && $0.end >= $0.start })
        #expect(runs[0].jobs == 2 && runs[1].jobs == 1 && runs[0].computeSeconds >= 0)

        let summary = try mergeExperiments([dir + "/s1", dir + "/s2", dir + "/s3"], into: dir + "/all", registry: registry)
        #expect(summary.shards.map(\.shard.description) == ["1/3", "2/3", "3/3"])
        #expect(summary.shards.map(\.samples) == [5, 5, 5] && summary.shards.map(\.runs) == [1, 2, 1])
        #expect(summary.shards.allSatisfy { $0.hosts == [hostName] })
        #expect(summary.straggler != nil)
        let report = summary.report
        #expect(report.hasPrefix("shard") && report.contains("2/3") && (report.contains("straggler: shard") || report.contains("slowest: shard")))
        #expect(report.split(separator: "\n").count == 1 + 3 + 1)
        #expect(ShardRun.read(directory: dir + "/all").count == 4)
        // The merged directory reports its shards again when merged itself.
        let again = try mergeExperiments([dir + "/all"], into: dir + "/again", registry: registry)
        #expect(again.shards.map(\.shard.description) == ["1/3", "2/3", "3/3"])
        #expect(read(dir + "/again/gate.csv") == read(dir + "/all/gate.csv"))
        // Without run logs (directories of older runs) the merge still works, with "-" rows.
        for k in 1...3 { try FileManager.default.removeItem(atPath: dir + "/s\(k)/runs.jsonl") }
        let bare = try mergeExperiments([dir + "/s1", dir + "/s2", dir + "/s3"], into: dir + "/bare", registry: registry)
        #expect(bare.shards.allSatisfy { $0.runs == 0 } && bare.straggler == nil)
        // Hand-written run logs of a cluster run: shard 2 took 30 s on node02, the others 10 s
        // and 12 s, so the median is 12 s and shard 2 is a straggler at 2.5 × the median.
        for (k, wall) in [(1, 10), (2, 30), (3, 12)] {
            let line = #"{"computeSeconds":\#(2 * wall).5,"end":"2026-12-02T07:00:\#(wall)Z","host":"node0\#(k)","jobs":4,"#
                + #""process":\#(100 + k),"samples":5,"shard":"\#(k)/3","shardSamples":5,"skipped":0,"#
                + #""start":"2026-12-02T07:00:00.000Z","status":"complete"}"# + "\n"
            try Data(line.utf8).write(to: URL(fileURLWithPath: dir + "/s\(k)/runs.jsonl"))
        }
        // Shard 1 also has an attempt that was killed on node09: its `started` line has no end.
        let killed = #"{"computeSeconds":0,"end":"2026-12-02T06:00:00.000Z","host":"node09","jobs":4,"process":999,"samples":0,"#
            + #""shard":"1/3","shardSamples":5,"skipped":0,"start":"2026-12-02T06:00:00.000Z","status":"started"}"# + "\n"
        let s1 = try FileHandle(forWritingTo: URL(fileURLWithPath: dir + "/s1/runs.jsonl"))
        try s1.seekToEnd()
        try s1.write(contentsOf: Data(killed.utf8))
        try s1.close()
        let cluster = try mergeExperiments([dir + "/s1", dir + "/s2", dir + "/s3"], into: dir + "/cluster", registry: registry)
        #expect(cluster.shards.map(\.hosts) == [["node01", "node09"], ["node02"], ["node03"]])
        #expect(cluster.shards.map(\.runs) == [2, 1, 1] && cluster.shards.map(\.interrupted) == [1, 0, 0])
        #expect(cluster.shards.map(\.wallSeconds) == [10, 30, 12] && cluster.shards.map(\.computeSeconds) == [20.5, 60.5, 24.5])
        #expect(cluster.straggler?.shard.description == "2/3")
        let lines = cluster.report.split(separator: "\n")
        #expect(lines.last == "straggler: shard 2/3 on node02, 30.0 s wall (2.5 × the median 12.0 s)", "\(cluster.report)")
        #expect(lines[1].hasPrefix("1/3    node01,node09        5  10.0 s   20.5 s  2 (1 interrupted)  "), "\(cluster.report)")
        #expect(lines[2].hasPrefix("2/3    node02               5  30.0 s   60.5 s                  1  "), "\(cluster.report)")
    }

    /// A stop signal given during a run: no new sample starts, the finished ones stay logged,
    /// the run throws `stopped` and records itself as stopped; rerunning resumes to the same
    /// outputs as an uninterrupted run.
    @Test func aStoppedRunResumes() throws {
        let dir = try temporaryDirectory("stop")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(GateExperiment.Parameters(cells: 2, samples: 10), seed: 3)
        let stop = ExperimentStopSignal()
        let started = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        GateExperiment.gate.withLock { $0 = (started, release) }
        var options = options(jobs: 1)
        options.stopSignal = stop
        let result = Locked<Result<ExperimentRunSummary, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        let opts = options
        Thread.detachNewThread {
            let r = Result { try runExperiment(plan, outputDirectory: dir + "/out", options: opts) }
            result.withLock { $0 = r }
            done.signal()
        }
        // Let three samples through, then stop during the fourth.
        for _ in 0..<3 {
            started.wait()
            release.signal()
        }
        started.wait()
        stop.stop()
        GateExperiment.gate.withLock { $0 = nil }
        release.signal()
        done.wait()
        #expect(throws: ExperimentError.stopped) { try result.value!.get() }
        #expect(try ResultLog.records(at: dir + "/out/results.jsonl").count == 4)
        let runs = ShardRun.read(directory: dir + "/out")
        #expect(runs.count == 1 && runs[0].status == .stopped && runs[0].samples == 4 && runs[0].end > runs[0].start)
        #expect(!FileManager.default.fileExists(atPath: dir + "/out/gate.csv"))
        let resumed = try runExperiment(plan, outputDirectory: dir + "/out", options: self.options())
        #expect(resumed.run.skipped == 4 && resumed.run.samples == 16)
        try runExperiment(plan, outputDirectory: dir + "/fresh", options: self.options())
        #expect(read(dir + "/out/gate.csv") == read(dir + "/fresh/gate.csv"))
        // Means of c + s/100 over s = 0…9: c + 0.045.
        let means = read(dir + "/out/gate.csv").split(separator: "\n").map { Double($0.split(separator: ",")[1])! }
        #expect(means.count == 2 && abs(means[0] - 0.045) < 1e-12 && abs(means[1] - 1.045) < 1e-12)
    }

    /// Unknown kinds are refused unless registered.
    @Test func kindsMustBeRegistered() throws {
        let dir = try temporaryDirectory("registry")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(GateExperiment.Parameters(cells: 1, samples: 1))
        #expect(throws: InstanceError.self) { try runExperiment(plan, outputDirectory: dir, options: ExperimentRunOptions(progress: false)) }
        #expect(ExperimentKindRegistry.standard.kinds == ["static", "bandit", "combinatorial", "redistribution"])
        #expect(registry.kinds == ["static", "bandit", "combinatorial", "redistribution", "gate"])
    }
}
