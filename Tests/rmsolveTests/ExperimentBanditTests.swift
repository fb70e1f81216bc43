import Foundation
import Testing

// The command-line shell of `experiment bandit` and `merge` (the experiment itself is tested
// on the library in ExperimentsTests).
@Suite struct ExperimentBanditTests {
    static let args = ["experiment", "bandit", "--agents", "2...4", "--samples", "3", "--discount", "0.8", "--beta-depth", "12",
                       "--seed", "9", "--no-progress"]

    /// Two shards merged by `rmsolve merge` give the same CSV and SVG bytes as the unsharded
    /// run; the CSV has the shared camelCase, percent columns; rerunning resumes.
    @Test func shardsMergeToTheWholeRun() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-bandit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        guard let whole = try runRMSolve(Self.args + ["--out", base + "/whole"]) else { return }
        #expect(whole.status == 0, "\(whole.err)")
        for k in 1...2 {
            let r = try runRMSolve(Self.args + ["--out", base + "/s\(k)", "--shard", "\(k)/2", "--jobs", "1"])!
            #expect(r.status == 0 && r.out.contains("shard \(k)/2"), "\(r.err)")
        }
        let m = try runRMSolve(["merge", base + "/s1", base + "/s2", "--out", base + "/merged", "--no-summary"])!
        #expect(m.status == 0 && m.err.isEmpty && m.out.contains("9 samples"), "\(m.err)")
        for file in ["bandit.csv", "figure-6.1.svg"] {
            let a = FileManager.default.contents(atPath: base + "/whole/" + file)
            #expect(a != nil && a == FileManager.default.contents(atPath: base + "/merged/" + file), "\(file)")
        }
        let csv = try String(contentsOfFile: base + "/whole/bandit.csv", encoding: .utf8)
        #expect(csv.hasPrefix("agents,samples,keptRMPctMean,keptRMPctLower95,keptRMPctUpper95,keptVCGPctMean,"))
        #expect(csv.split(separator: "\n").count == 4)
        let again = try runRMSolve(Self.args + ["--out", base + "/whole"])!
        #expect(again.status == 0 && again.out.hasPrefix("0 samples"), "\(again.out)")
        let other = try runRMSolve(Self.args.map { $0 == "9" ? "10" : $0 } + ["--out", base + "/whole"])!
        #expect(other.status == 2 && other.err.contains("different experiment"))
    }

    /// Bad flags: a usage error (exit 2) naming the option.
    @Test(arguments: [(["--agents", "1...3"], "--agents"), (["--discount", "1.5"], "--discount"),
                      (["--beta-depth", "0"], "--beta-depth"), (["--prior", "cauchy"], "--prior")])
    func badFlagsAreRefused(flags: [String], option: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-bandit-bad-\(UUID().uuidString)").path
        guard let r = try runRMSolve(["experiment", "bandit", "--out", dir] + flags) else { return }
        #expect(r.status == 2 && r.err.contains(option), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }
}
