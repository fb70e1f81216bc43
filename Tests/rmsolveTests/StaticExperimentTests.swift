import Combinatorial
import Experiments
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee
import Testing
#if canImport(Glibc)
import Glibc
#endif

// The command-line shell of `experiment static`, `merge` and `generate outcomes`: flags, exit
// statuses, messages. The experiment's numbers are tested on the library (ExperimentsTests).

/// A fresh temporary directory.
private func tempDir(_ label: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-\(label)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing \(path)>" }

private func near(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol * max(1, abs(a), abs(b)) }

@Suite(.serialized) struct StaticExperimentTests {
    static let small = ["experiment", "static", "--agents", "3,6", "--exclusivity", "0:1:0.25", "--samples", "7",
                        "--redistribution-samples", "3", "--seed", "2024"]
    static let outputs = ["static.csv", "figure-3.4.csv", "figure-3.4.svg", "figure-3.5.svg"]

    /// Three shards (each on one thread) merged give the unsharded run's files byte for byte;
    /// a missing shard and a shard of another experiment are refused (exit 2).
    @Test func shardsMergedEqualTheUnshardedRunByteForByte() throws {
        let dir = try tempDir("shards")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let whole = try runRMSolve(Self.small + ["--out", dir + "/whole"]) else { return }
        #expect(whole.status == 0, "\(whole.err)")
        for k in 1...3 {
            let r = try runRMSolve(Self.small + ["--out", dir + "/s\(k)", "--shard", "\(k)/3", "--jobs", "1"])!
            #expect(r.status == 0 && r.out.contains("shard \(k)/3"), "\(r.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/s\(k)/static.csv"))
        }
        let m = try runRMSolve(["merge", dir + "/s1", dir + "/s2", dir + "/s3", "--out", dir + "/merged"])!
        #expect(m.status == 0, "\(m.err)")
        // The per-shard summary on standard error: a header, one row per shard, the straggler.
        let summary = m.err.split(separator: "\n")
        #expect(summary.count == 5 && summary[0].hasPrefix("shard") && (summary[4].hasPrefix("straggler: shard") || summary[4].hasPrefix("slowest: shard")), "\(m.err)")
        for k in 1...3 { #expect(summary[k].hasPrefix("\(k)/3") && summary[k].hasSuffix(dir + "/s\(k)")) }
        for file in Self.outputs {
            #expect(read(dir + "/whole/" + file) == read(dir + "/merged/" + file), "\(file) differs")
        }
        #expect(read(dir + "/whole/static.csv").split(separator: "\n").count == 1 + 2 * 2 * 5)
        let missing = try runRMSolve(["merge", dir + "/s1", dir + "/s3", "--out", dir + "/partial"])!
        #expect(missing.status == 2 && missing.err.contains("have no result"))
        #expect(!FileManager.default.fileExists(atPath: dir + "/partial/static.csv"))
        let other = try runRMSolve(Self.small.map { $0 == "2024" ? "2025" : $0 } + ["--out", dir + "/other", "--shard", "2/3"])!
        #expect(other.status == 0)
        let mixed = try runRMSolve(["merge", dir + "/s1", dir + "/other", dir + "/s3", "--out", dir + "/mixed"])!
        #expect(mixed.status == 2 && mixed.err.contains(dir + "/other/plan.json") && mixed.err.contains("different experiment"))
    }

    /// Resuming with other flags is refused (exit 2); the same flags resume (nothing rerun).
    @Test func resumingWithOtherFlagsIsRefused() throws {
        let dir = try tempDir("resume")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let whole = try runRMSolve(Self.small + ["--out", dir + "/whole"]) else { return }
        #expect(whole.status == 0)
        let again = try runRMSolve(Self.small + ["--out", dir + "/whole"])!
        #expect(again.status == 0 && again.out.contains("0 samples") && again.out.contains("140 already done"), "\(again.out)")
        let changed = try runRMSolve(Self.small.map { $0 == "7" ? "8" : $0 } + ["--out", dir + "/whole"])!
        #expect(changed.status == 2 && changed.err.contains("different experiment"))
    }

    /// A directory another run is writing (its lock file held, here by this test) is refused
    /// with exit 2 and a message saying so; nothing is logged.
    @Test func aDirectoryInUseIsRefused() throws {
        let dir = try tempDir("locked")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let fd = open(dir + "/.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        #expect(fd >= 0 && flock(fd, LOCK_EX | LOCK_NB) == 0)
        guard let r = try runRMSolve(Self.small + ["--out", dir]) else { close(fd); return }
        #expect(r.status == 2 && r.err.contains("being written by another run"), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir + "/results.jsonl"))
        close(fd)
        let free = try runRMSolve(Self.small + ["--out", dir])!
        #expect(free.status == 0, "\(free.err)")
    }

    /// Bad flags: a clear message, a usage exit status, nothing written.
    @Test(arguments: [
        (["--exclusivity", "0:1:0.3"], "whole number of STEPs"),
        (["--exclusivity", "0,1.5"], "in [0, 1]"),
        (["--agents", "4,1"], "--agents"),
        (["--distribution", "uniform,cauchy"], "--distribution"),
        (["--samples", "10", "--redistribution-samples", "20"], "--redistribution-samples"),
        (["--shard", "3/2"], "K/N"),
        (["--domain", "relative", "--method", "closed-form"], "closed-form"),
        (["--jobs", "0"], "--jobs"),
        (["--exclusivity", "0.5,0.5"], "--exclusivity"),
    ])
    func badFlagsAreRefused(flags: [String], message: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-bad-\(UUID().uuidString)").path
        guard let r = try runRMSolve(["experiment", "static", "--seed", "1", "--out", dir] + flags) else { return }
        #expect(r.status == 2, "\(r.err)")
        #expect(r.err.contains(message), "\(r.err)")
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    /// Merging something that is not an experiment directory: exit 2 naming the plan file.
    @Test func mergeOfANonExperimentDirectoryIsBadInput() throws {
        let dir = try tempDir("notexp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let r = try runRMSolve(["merge", dir, "--out", dir + "/o"]) else { return }
        #expect(r.status == 2 && r.err.contains(dir + "/plan.json"))
        try Data(#"{"kind": "bandit-v9", "seed": "1", "shard": "1/1", "parameters": {}}"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/plan.json"))
        let u = try runRMSolve(["merge", dir, "--out", dir + "/o"])!
        #expect(u.status == 2 && u.err.contains("$.kind") && u.err.contains("known: static"))
    }

    /// `generate outcomes` writes an instance file that reads back to the generator's problem;
    /// its all-or-nothing case solves to the closed form (thesis Sec. 3.6.2: V3/n to the two
    /// highest, V2/n to the others); `--seed` defaults to 1.
    @Test func generatedInstanceReadsBackAndSolves() throws {
        let dir = try tempDir("gen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for domain in ["absolute", "relative"] {
            let file = dir + "/\(domain).json"
            guard let r = try runRMSolve(["generate", "outcomes", "--agents", "5", "--exclusivity", "0.3", "--distribution", "normal",
                                          "--domain", domain, "--seed", "17", "--out", file]) else { return }
            #expect(r.status == 0, "\(r.err)")
            guard case .outcomes(let p) = try StaticInstance.read(path: file) else { Issue.record("not an outcome table"); return }
            let g = ThesisOutcomeGenerator.generate(agents: 5, outcomes: 5, exclusivity: 0.3, distribution: .normal,
                                                    domain: .init(rawValue: domain)!, seed: 17)
            // Within 1e-14: the file holds 17 significant digits, but Foundation's JSON parser on
            // Linux does not always read the last one back exactly.
            #expect(zip(p.reports.joined(), g.reports.joined()).allSatisfy { near($0, $1, 1e-14) })
            #expect(p.typeSpaces.map(\.upper) == g.typeSpaces.map(\.upper) && p.typeSpaces.map(\.rows.count) == g.typeSpaces.map(\.rows.count))
        }
        let file = dir + "/aon.json"
        _ = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "1", "--seed", "3", "--out", file])
        guard case .outcomes(let p) = try StaticInstance.read(path: file) else { return }
        let own = (0..<4).map { p.reports[$0][$0] }, sorted = own.sorted(by: >)
        let result = try runMechanism(p, .rm)
        for i in 0..<4 {
            let expected = own[i] >= sorted[1] ? sorted[2] / 4 : sorted[1] / 4
            #expect(near(result.redistribution[i], expected))
        }
        let bad = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "1.2", "--seed", "3"])!
        #expect(bad.status == 2 && bad.err.contains("--exclusivity"))
        let defaultSeed = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "0.5"])!
        let seedOne = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "0.5", "--seed", "1"])!
        #expect(defaultSeed.status == 0 && defaultSeed.out == seedOne.out)
    }
}
