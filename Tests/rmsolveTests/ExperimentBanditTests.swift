import Foundation
import Reporting
import Testing
@testable import rmsolve

@Suite struct ExperimentBanditTests {
    /// Two shards merged (by the records' union and by `rmsolve merge`) give the same CSV and
    /// SVG bytes as the unsharded run; a resumed run
    /// recomputes nothing; a different experiment in the same directory is refused.
    @Test func shardsMergeToTheWholeRun() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-bandit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let p = BanditExperiment.Parameters(agents: [2, 3, 4], samples: 3, discount: 0.8, prior: .uniform, betaDepth: 12)
        try BanditExperiment.run(p, seed: 9, shard: .whole, dir: base + "/whole", jobs: 2, progress: false)
        for k in 1...2 {
            try BanditExperiment.run(p, seed: 9, shard: try Shard(parsing: "\(k)/2"), dir: base + "/s\(k)", jobs: 2, progress: false)
        }
        let merged = try ExperimentRunner.mergeLogs([base + "/s1/results.jsonl", base + "/s2/results.jsonl"])
        let outputs = BanditExperiment.outputs(p, records: merged)
        #expect(outputs.csv == (try String(contentsOfFile: base + "/whole/bandit.csv", encoding: .utf8)))
        #expect(outputs.svg == (try String(contentsOfFile: base + "/whole/figure-6.1.svg", encoding: .utf8)))
        #expect(outputs.csv.split(separator: "\n").count == 4)
        // `rmsolve merge` dispatches on kind "bandit" and writes the same files.
        try Merge.parse([base + "/s1", base + "/s2", "--out", base + "/merged"]).run()
        for file in ["bandit.csv", "figure-6.1.svg"] {
            #expect((try String(contentsOfFile: base + "/merged/" + file, encoding: .utf8))
                    == (try String(contentsOfFile: base + "/whole/" + file, encoding: .utf8)), "\(file)")
        }
        // Resume: the log already holds every item.
        try BanditExperiment.run(p, seed: 9, shard: .whole, dir: base + "/whole", jobs: 2, progress: false)
        #expect(try String(contentsOfFile: base + "/whole/results.jsonl", encoding: .utf8).split(separator: "\n").count == 9)
        #expect(throws: (any Error).self) {
            try BanditExperiment.run(p, seed: 10, shard: .whole, dir: base + "/whole", jobs: 2, progress: false)
        }
    }
}
