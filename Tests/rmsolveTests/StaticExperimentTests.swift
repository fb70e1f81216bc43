import Combinatorial
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee
import Testing
@testable import rmsolve

/// A fresh temporary directory.
private func tempDir(_ label: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-\(label)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

private func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing \(path)>" }

/// The rows of a CSV output as dictionaries keyed by column.
private func rows(_ path: String) throws -> [[String: String]] {
    let table = try CSVTable.parse(read(path))
    return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
}

/// Mean and 95% half-width computed here from scratch (two-sided t quantiles from a table).
private func meanAndHalfWidth(_ xs: [Double]) -> (Double, Double) {
    let t975: [Int: Double] = [3: 3.182446, 4: 2.776445, 5: 2.570582]
    let m = xs.reduce(0, +) / Double(xs.count)
    let sd = (xs.map { ($0 - m) * ($0 - m) }.reduce(0, +) / Double(xs.count - 1)).squareRoot()
    return (m, t975[xs.count - 1]! * sd / Double(xs.count).squareRoot())
}

private func close(_ a: Double, _ b: Double, _ tol: Double = 1e-9) -> Bool { abs(a - b) <= tol * max(1, abs(a), abs(b)) }

/// The instance of sample `s` of a cell, re-derived here from the documented seeding
/// (the item's stream of the run seed, first draw = the generator's seed).
private func sampleValues(runSeed: UInt64, cell: String, sample: Int, n: Int, e: Double,
                          _ d: ThesisOutcomeGenerator.Distribution, _ domain: ThesisOutcomeGenerator.DomainReading) -> StaticProblem {
    var rng = SeededGenerator(seed: runSeed, stream: WorkItem(cell: cell, sample: sample).stream)
    return ThesisOutcomeGenerator.generate(agents: n, outcomes: n, exclusivity: e, distribution: d, domain: domain, seed: rng.next())
}

@Suite(.serialized) struct StaticExperimentTests {
    /// e = 1 is all-or-nothing (note ch3 §3): with own values V1 ≥ V2 ≥ V3 ≥ …, VCG revenue is
    /// V2, RM pays V3/n to the two highest and V2/n to everyone else. Every cell's means and
    /// intervals in static.csv and figure-3.4.csv are recomputed here from that formula.
    @Test func allOrNothingCellsMatchTheClosedFormOfNoteSection3() throws {
        let dir = try tempDir("aon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let r = try runRMSolve(["experiment", "static", "--agents", "3,5", "--exclusivity", "1", "--samples", "6",
                                      "--redistribution-samples", "4", "--seed", "99", "--out", dir]) else { return }
        #expect(r.status == 0, "\(r.err)")
        let table = try rows(dir + "/static.csv"), fig34 = try rows(dir + "/figure-3.4.csv")
        #expect(table.count == 4 && fig34.count == 4)
        for row in table {
            let n = Int(row["agents"]!)!, d = ThesisOutcomeGenerator.Distribution(rawValue: row["distribution"]!)!
            let cell = "\(d.rawValue),n=\(n),e=1.0"
            var redistributed: [Double] = [], keptRM: [Double] = [], keptVCG: [Double] = []
            for s in 0..<6 {
                let p = sampleValues(runSeed: 99, cell: cell, sample: s, n: n, e: 1, d, .absolute)
                let own = (0..<n).map { p.reports[$0][$0] }.sorted(by: >)
                #expect((0..<n).allSatisfy { i in (0..<n).allSatisfy { o in o == i || p.reports[i][o] == 0 } })
                let (v1, v2, v3) = (own[0], own[1], own[2])
                let z = (2 * v3 + Double(n - 2) * v2) / Double(n)
                redistributed.append(100 * z / v2)
                keptRM.append(100 * (v1 - v2 + z) / v1)
                keptVCG.append(100 * (v1 - v2) / v1)
            }
            for (name, xs) in [("redistributedPct", redistributed), ("keptRMPct", keptRM), ("keptVCGPct", keptVCG)] {
                let (m, h) = meanAndHalfWidth(xs)
                #expect(close(Double(row[name + "Mean"]!)!, m), "\(cell) \(name)")
                #expect(close(Double(row[name + "Lower95"]!)!, m - h, 1e-6) && close(Double(row[name + "Upper95"]!)!, m + h, 1e-6))
            }
            #expect(row["samples"] == "6" && row["zeroRevenueSamples"] == "0")
            let f = fig34.first { $0["agents"] == row["agents"] && $0["distribution"] == row["distribution"] }!
            let (m4, h4) = meanAndHalfWidth(Array(redistributed.prefix(4)))
            #expect(f["samples"] == "4" && close(Double(f["redistributedPctMean"]!)!, m4))
            #expect(close(Double(f["redistributedPctUpper95"]!)!, m4 + h4, 1e-6))
        }
        for file in ["figure-3.4.svg", "figure-3.5.svg"] { #expect(read(dir + "/" + file).hasPrefix("<svg")) }
    }

    /// Intermediate exclusivity, both domain readings: every sample is re-solved here with a
    /// different exact method (absolute: candidate LPs instead of the closed form; relative:
    /// the thesis's big-M MIP instead of the LPs) and the cell means compared.
    @Test(arguments: [(ThesisOutcomeGenerator.DomainReading.absolute, RevenueGuaranteeMethod.lp),
                      (.relative, .mip)])
    func meansAgreeWithASecondMethod(domain: ThesisOutcomeGenerator.DomainReading, method: RevenueGuaranteeMethod) throws {
        let dir = try tempDir("second")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let r = try runRMSolve(["experiment", "static", "--agents", "4", "--exclusivity", "0.6,0.8", "--samples", "5",
                                      "--redistribution-samples", "5", "--distribution", "uniform", "--domain", domain.rawValue,
                                      "--seed", "5", "--out", dir]) else { return }
        #expect(r.status == 0, "\(r.err)")
        for row in try rows(dir + "/static.csv") {
            let e = Double(row["exclusivity"]!)!
            var redistributed: [Double] = [], keptRM: [Double] = []
            for s in 0..<5 {
                let p = sampleValues(runSeed: 5, cell: "uniform,n=4,e=\(e)", sample: s, n: 4, e: e, .uniform, domain)
                let result = try runMechanism(p, .rm, options: RevenueGuaranteeOptions(method: method, jobs: 1))
                let (w, rev, z) = (result.vcg.welfare, result.vcg.revenue, result.redistributed)
                if rev > 1e-9 * max(1, w) { redistributed.append(100 * z / rev) }
                keptRM.append(100 * result.utilities.reduce(0, +) / w)
            }
            #expect(row["zeroRevenueSamples"] == String(5 - redistributed.count))
            if redistributed.count > 0 {
                #expect(close(Double(row["redistributedPctMean"]!)!, redistributed.reduce(0, +) / Double(redistributed.count), 1e-6))
            }
            #expect(close(Double(row["keptRMPctMean"]!)!, keptRM.reduce(0, +) / 5, 1e-6))
        }
    }

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

    /// A run killed half-way (its log cut after some lines, the last one torn) resumes to the
    /// same files; resuming with other flags is refused.
    @Test func anInterruptedRunResumesToTheSameFiles() throws {
        let dir = try tempDir("resume")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        guard let whole = try runRMSolve(Self.small + ["--out", dir + "/whole"]) else { return }
        #expect(whole.status == 0)
        try FileManager.default.createDirectory(atPath: dir + "/cut", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/whole/plan.json", toPath: dir + "/cut/plan.json")
        let lines = read(dir + "/whole/results.jsonl").split(separator: "\n")
        #expect(lines.count == 2 * 2 * 5 * 7)
        let kept = lines.prefix(50).joined(separator: "\n") + "\n" + lines[50].prefix(20)
        try Data(kept.utf8).write(to: URL(fileURLWithPath: dir + "/cut/results.jsonl"))
        let resumed = try runRMSolve(Self.small + ["--out", dir + "/cut"])!
        #expect(resumed.status == 0, "\(resumed.err)")
        #expect(read(dir + "/cut/results.jsonl").split(separator: "\n").count == lines.count)
        for file in Self.outputs { #expect(read(dir + "/whole/" + file) == read(dir + "/cut/" + file), "\(file) differs") }
        let changed = try runRMSolve(Self.small.map { $0 == "7" ? "8" : $0 } + ["--out", dir + "/cut"])!
        #expect(changed.status == 2 && changed.err.contains("different experiment"))
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

    /// `generate outcomes` writes a SPEC instance that reads back to the generator's problem;
    /// its all-or-nothing case solves to note ch3 §3's closed form.
    @Test func generatedInstanceReadsBackAndSolves() throws {
        let dir = try tempDir("gen")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for domain in ["absolute", "relative"] {
            let file = dir + "/\(domain).json"
            guard let r = try runRMSolve(["generate", "outcomes", "--agents", "5", "--exclusivity", "0.3", "--distribution", "normal",
                                          "--domain", domain, "--seed", "17", "--out", file]) else { return }
            #expect(r.status == 0, "\(r.err)")
            guard case .outcomes(let p) = try readStaticInstance(path: file) else { Issue.record("not an outcome table"); return }
            let g = ThesisOutcomeGenerator.generate(agents: 5, outcomes: 5, exclusivity: 0.3, distribution: .normal,
                                                    domain: .init(rawValue: domain)!, seed: 17)
            // Within 1e-14: the file holds 17 significant digits, but Foundation's JSON parser on
            // Linux does not always read the last one back exactly.
            #expect(zip(p.reports.joined(), g.reports.joined()).allSatisfy { close($0, $1, 1e-14) })
            #expect(p.typeSpaces.map(\.upper) == g.typeSpaces.map(\.upper) && p.typeSpaces.map(\.rows.count) == g.typeSpaces.map(\.rows.count))
        }
        let file = dir + "/aon.json"
        _ = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "1", "--seed", "3", "--out", file])
        guard case .outcomes(let p) = try readStaticInstance(path: file) else { return }
        let own = (0..<4).map { p.reports[$0][$0] }, sorted = own.sorted(by: >)
        let result = try runMechanism(p, .rm)
        for i in 0..<4 {
            let expected = own[i] >= sorted[1] ? sorted[2] / 4 : sorted[1] / 4
            #expect(close(result.redistribution[i], expected))
        }
        let bad = try runRMSolve(["generate", "outcomes", "--agents", "4", "--exclusivity", "1.2", "--seed", "3"])!
        #expect(bad.status == 2 && bad.err.contains("--exclusivity"))
    }
}
