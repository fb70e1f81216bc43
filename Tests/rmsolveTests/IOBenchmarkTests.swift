import Foundation
import LPDynamic
import Testing

/// ``benchmarkInstanceIO(_:)`` at a tiny size through the library, with the built rmsolve as
/// its subprocess: file counts, sizes and exit statuses, no timings.
@Suite struct IOBenchmarkTests {
    @Test func tinyInstanceIOBenchmark() throws {
        let binary = productsDirectory.appendingPathComponent("rmsolve").path
        try #require(FileManager.default.isExecutableFile(atPath: binary))
        let directory = NSTemporaryDirectory() + "rmsolve-io-bench-test-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var options = IOBenchmarkOptions(executable: binary, directory: directory)
        options.armStates = [5, 8]
        options.mdpStates = 20
        options.repetitions = 1
        let line = try benchmarkInstanceIO(options)
        #expect(line.bandit.map(\.states) == [5, 8] && line.bandit.map(\.transitions) == [25, 64])
        for arm in line.bandit {
            for file in [arm.compact, arm.named] {
                #expect(file.bytes > 0 && file.gittinsEndToEnd.exitStatus == 0 && file.gittinsEndToEnd.peakRSSBytes > 0)
                #expect(file.parseSeconds.isFinite && file.readSeconds.isFinite)
                #expect(file.markovianbandit == nil)
            }
        }
        let mdp = try #require(line.mdp)
        #expect(mdp.states == 20 && mdp.transitions == 20 * 4 * 5 && mdp.bytes > 0 && mdp.endToEnd.exitStatus == 0)
        #expect(!line.peers && line.loadBefore.count == 3)
        let encoded = try JSONEncoder().encode(line)
        let keys = try #require(JSONSerialization.jsonObject(with: encoded) as? [String: Any]).keys
        #expect(Set(keys) == ["bandit", "bench", "cores", "directory", "loadAfter", "loadBefore", "mdp", "peers", "repeat", "seed"])
    }
}
