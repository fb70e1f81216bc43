import Foundation
import Testing

/// `rmsolve experiment redistribution` as a user runs it: flags, outputs, resume, shards
/// merged by `rmsolve merge`, and bad flags refused with exit status 2.
@Suite struct RedistributionExperimentCLITests {
    static let args = ["experiment", "redistribution", "--agents", "4,6", "--units", "all", "--distribution", "uniform,normal",
                       "--cats-distribution", "regions", "--goods", "4", "--bids", "5", "--samples", "3", "--seed", "7",
                       "--no-progress"]

    /// Complete outputs (one CSV row per cell and mechanism); a rerun resumes with the same
    /// CSV; a different seed in the same directory is refused.
    @Test func runsAndResumes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redist-exp-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let r = try runRMSolve(Self.args + ["--out", dir]) else { return }
        #expect(r.status == 0, "\(r.err)")
        let csv = try String(contentsOfFile: dir + "/redistribution.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        // Units cells: n = 4 (m = 1, 2), n = 6 (m = 1 ... 4), two distributions, 5 mechanisms;
        // one CATS cell with 3 mechanisms.
        #expect(lines.count == 1 + 6 * 2 * 5 + 3)
        let header = lines[0].split(separator: ",").map(String.init)
        for column in ["mechanism", "redistributedPctMean", "redistributedPctLower95", "redistributedPctUpper95", "keptPctMean",
                       "worstRedistributedPct", "worstKeptPct", "utilitySpreadMean", "envyMean", "envyFrequencyPct", "deficitPct"] {
            #expect(header.contains(column), "\(column)")
        }
        for file in ["kept-units-uniform.svg", "kept-units-normal.svg", "worst-units-uniform.svg", "worst-units-normal.svg", "kept-cats.svg"] {
            #expect(FileManager.default.fileExists(atPath: dir + "/" + file), "\(file)")
        }
        guard let again = try runRMSolve(Self.args + ["--out", dir]) else { return }
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: dir + "/redistribution.csv", encoding: .utf8) == csv)
        guard let other = try runRMSolve(Self.args.map { $0 == "7" ? "8" : $0 } + ["--out", dir]) else { return }
        #expect(other.status == 2)
    }

    /// Three shards merged by `rmsolve merge` give the unsharded run's files byte for byte.
    @Test func shardsMergeToTheUnshardedRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redist-shards-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let whole = try runRMSolve(Self.args + ["--out", dir + "/whole"]) else { return }
        #expect(whole.status == 0, "\(whole.err)")
        for k in 1...3 {
            guard let shard = try runRMSolve(Self.args + ["--out", dir + "/s\(k)", "--shard", "\(k)/3"]) else { return }
            #expect(shard.status == 0, "\(shard.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/s\(k)/redistribution.csv"))
        }
        guard let merged = try runRMSolve(["merge", dir + "/s1", dir + "/s2", dir + "/s3", "--out", dir + "/merged"]) else { return }
        #expect(merged.status == 0, "\(merged.err)")
        for file in ["redistribution.csv", "kept-units-uniform.svg", "worst-units-normal.svg", "kept-cats.svg"] {
            let a = FileManager.default.contents(atPath: dir + "/whole/" + file)
            #expect(a != nil && a == FileManager.default.contents(atPath: dir + "/merged/" + file), "\(file) differs")
        }
    }

    /// Bad flags: exit status 2 with a message naming the flag; nothing is written.
    @Test func badFlagsExitTwo() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("redist-bad-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let cases: [([String], String)] = [
            (["--agents", "2"], "--agents"), (["--agents", "31"], "--agents"), (["--agents", "4,x"], "--agents"),
            (["--units", "0"], "--units"), (["--agents", "4", "--units", "5"], "--units"), (["--distribution", "cauchy"], "--distribution"),
            (["--cats-distribution", "nope"], "--cats-distribution"), (["--goods", "0"], "--goods"), (["--bids", "0"], "--bids"),
            (["--samples", "0"], "--samples"), (["--agents", "none", "--cats-distribution", "none"], "--agents"),
            (["--shard", "3/2"], "--shard"),
        ]
        for (flags, name) in cases {
            guard let r = try runRMSolve(["experiment", "redistribution", "--out", dir, "--no-progress"] + flags) else { return }
            #expect(r.status == 2, "\(flags): \(r.err)")
            #expect(r.err.contains(name), "\(flags): \(r.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/plan.json"))
    }
}
