import Experiments
import Foundation
import InstanceIO
import Parallel
import Testing

struct ExperimentRunnerTests {
    /// A toy experiment whose per-sample metric is a seeded draw: the mean per cell is
    /// computed independently here from the same streams.
    let items = (0..<3).flatMap { c in (0..<20).map { WorkItem(cell: "c\(c)", sample: $0) } }
    let seed: UInt64 = 11

    func metric(_ item: WorkItem) -> [String: Double] {
        var rng = SeededGenerator(seed: seed, stream: item.stream)
        return ["u": Double.random(in: 0..<1, using: &rng)]
    }

    func tempDir() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-exp-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func meansMatchAnIndependentComputation() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let runner = ExperimentRunner(items: items, logPath: dir.appendingPathComponent("log").path)
        let records = try runner.run(label: "t", progress: false) { [self] in metric($0) }.records
        let (cells, missing) = ExperimentRunner.aggregate(items: items, records: records)
        #expect(missing.isEmpty)
        for (cell, metrics) in cells {
            let expected = (0..<20).map { s -> Double in
                var rng = SeededGenerator(seed: seed, stream: WorkItem(cell: cell, sample: s).stream)
                return Double.random(in: 0..<1, using: &rng)
            }.reduce(0, +) / 20
            #expect(abs(metrics["u"]!.mean - expected) < 1e-15)
        }
    }

    @Test func shardsMergedEqualTheWholeRunBitForBit() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let whole = ExperimentRunner(items: items, logPath: dir.appendingPathComponent("whole").path)
        let all = try whole.run(label: "t", progress: false) { [self] in metric($0) }.records
        var paths: [String] = []
        for k in 1...3 {
            let path = dir.appendingPathComponent("shard\(k)").path
            paths.append(path)
            let shard = ExperimentRunner(items: items, logPath: path, shard: try Shard(parsing: "\(k)/3"),
                                         jobs: 1)
            try shard.run(label: "t", progress: false) { [self] in metric($0) }
        }
        let merged = try ExperimentRunner.mergeLogs(paths)
        let a = ExperimentRunner.aggregate(items: items, records: all).cells
        let b = ExperimentRunner.aggregate(items: items, records: merged).cells
        #expect(a.map(\.cell) == b.map(\.cell))
        for (x, y) in zip(a, b) { #expect(x.metrics == y.metrics) }
    }

    struct Interrupt: Error {}

    @Test func anInterruptedRunResumesToTheSameResult() throws {
        let dir = try tempDir()
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("log").path
        let runner = ExperimentRunner(items: items, logPath: path, jobs: 1)
        #expect(throws: Interrupt.self) {
            try runner.run(label: "t", progress: false) { [self] item in
                if item.cell == "c1" && item.sample == 7 { throw Interrupt() }
                return metric(item)
            }
        }
        let partial = try ResultLog(path: path).completedKeys.count
        #expect(partial > 0 && partial < items.count)
        let calls = Locked(0)
        let outcome = try runner.run(label: "t", progress: false) { [self] item in
            calls.withLock { $0 += 1 }
            return metric(item)
        }
        let records = outcome.records
        #expect(calls.value == items.count - partial)
        #expect(outcome.ran == items.count - partial && outcome.skipped == partial)
        let fresh = ExperimentRunner(items: items, logPath: dir.appendingPathComponent("fresh").path)
        let expected = try fresh.run(label: "t", progress: false) { [self] in metric($0) }.records
        let a = ExperimentRunner.aggregate(items: items, records: records).cells
        let b = ExperimentRunner.aggregate(items: items, records: expected).cells
        for (x, y) in zip(a, b) { #expect(x.metrics == y.metrics) }
    }
}
