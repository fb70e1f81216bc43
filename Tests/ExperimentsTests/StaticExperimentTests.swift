import Combinatorial
import Experiments
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee
import Testing

/// A fresh temporary directory.
func temporaryDirectory(_ label: String) throws -> String {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-\(label)-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
}

func read(_ path: String) -> String { (try? String(contentsOfFile: path, encoding: .utf8)) ?? "<missing \(path)>" }

/// The rows of a CSV output as dictionaries keyed by column.
func rows(_ path: String) throws -> [[String: String]] {
    let table = try CSVTable.parse(read(path))
    return table.rows.map { Dictionary(uniqueKeysWithValues: zip(table.header, $0)) }
}

/// Quiet run options for tests.
func quiet(jobs: Int = 2) -> ExperimentRunOptions { ExperimentRunOptions(jobs: jobs, progress: false, syncInterval: 1) }

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

@Suite(.serialized) struct StaticExperimentLibraryTests {
    /// e = 1 is all-or-nothing (thesis Sec. 3.6.2): with own values V1 ≥ V2 ≥ V3 ≥ …, VCG
    /// revenue is V2, RM pays V3/n to the two highest and V2/n to everyone else. Every cell's
    /// means and intervals in static.csv and figure-3.4.csv are recomputed here from that formula.
    @Test func allOrNothingCellsMatchTheClosedForm() throws {
        let dir = try temporaryDirectory("aon")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(StaticExperiment.Parameters(agents: [3, 5], exclusivity: [1], samples: 6, redistributionSamples: 4),
                                      seed: 99)
        let summary = try runExperiment(plan, outputDirectory: dir, options: quiet())
        #expect(summary.outputs == ["static.csv", "figure-3.4.csv", "figure-3.4.svg", "figure-3.5.svg"])
        #expect(summary.run.samples == 24 && summary.run.status == .complete)
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
        let dir = try temporaryDirectory("second")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(StaticExperiment.Parameters(agents: [4], exclusivity: [0.6, 0.8], distributions: [.uniform],
                                                                  samples: 5, domain: domain), seed: 5)
        try runExperiment(plan, outputDirectory: dir, options: quiet())
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

    static let small = StaticExperiment.Parameters(agents: [3, 6], exclusivity: [0, 0.25, 0.5, 0.75, 1], samples: 7,
                                                   redistributionSamples: 3)
    static let outputs = ["static.csv", "figure-3.4.csv", "figure-3.4.svg", "figure-3.5.svg"]

    /// Three shards (each on one thread) merged give the unsharded run's files byte for byte;
    /// a missing shard and a shard of another experiment are refused with typed errors.
    @Test func shardsMergedEqualTheUnshardedRunByteForByte() throws {
        let dir = try temporaryDirectory("shards")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try runExperiment(try ExperimentPlan(Self.small, seed: 2024), outputDirectory: dir + "/whole", options: quiet())
        for k in 1...3 {
            let plan = try ExperimentPlan(Self.small, seed: 2024, shard: try Shard(parsing: "\(k)/3"))
            let summary = try runExperiment(plan, outputDirectory: dir + "/s\(k)", options: quiet(jobs: 1))
            #expect(summary.outputs.isEmpty && summary.shardSamples == (k < 3 ? 47 : 46) && summary.totalSamples == 140)
            #expect(!FileManager.default.fileExists(atPath: dir + "/s\(k)/static.csv"))
        }
        let merged = try mergeExperiments([dir + "/s1", dir + "/s2", dir + "/s3"], into: dir + "/merged")
        #expect(merged.samples == 140 && merged.outputs == Self.outputs)
        for file in Self.outputs {
            #expect(read(dir + "/whole/" + file) == read(dir + "/merged/" + file), "\(file) differs")
        }
        #expect(read(dir + "/whole/static.csv").split(separator: "\n").count == 1 + 2 * 2 * 5)
        #expect(throws: ExperimentError.incomplete(missing: 47, total: 140, example: "uniform,n=3,e=0.0#1")) {
            try mergeExperiments([dir + "/s1", dir + "/s3"], into: dir + "/partial")
        }
        #expect(!FileManager.default.fileExists(atPath: dir + "/partial/static.csv"))
        try runExperiment(try ExperimentPlan(Self.small, seed: 2025, shard: try Shard(parsing: "2/3")),
                          outputDirectory: dir + "/other", options: quiet())
        #expect(throws: ExperimentError.differentExperiment(planFile: dir + "/other/plan.json", expected: dir + "/s1/plan.json")) {
            try mergeExperiments([dir + "/s1", dir + "/other", dir + "/s3"], into: dir + "/mixed")
        }
    }

    /// A run killed half-way (its log cut after some lines, the last one torn) resumes to the
    /// same files; resuming with other parameters or another shard is refused.
    @Test func anInterruptedRunResumesToTheSameFiles() throws {
        let dir = try temporaryDirectory("resume")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(Self.small, seed: 2024)
        try runExperiment(plan, outputDirectory: dir + "/whole", options: quiet())
        try FileManager.default.createDirectory(atPath: dir + "/cut", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: dir + "/whole/plan.json", toPath: dir + "/cut/plan.json")
        let lines = read(dir + "/whole/results.jsonl").split(separator: "\n")
        #expect(lines.count == 2 * 2 * 5 * 7)
        let kept = lines.prefix(50).joined(separator: "\n") + "\n" + lines[50].prefix(20)
        try Data(kept.utf8).write(to: URL(fileURLWithPath: dir + "/cut/results.jsonl"))
        let resumed = try runExperiment(plan, outputDirectory: dir + "/cut", options: quiet())
        #expect(resumed.run.skipped == 50 && resumed.run.samples == 90)
        #expect(read(dir + "/cut/results.jsonl").split(separator: "\n").count == lines.count)
        for file in Self.outputs { #expect(read(dir + "/whole/" + file) == read(dir + "/cut/" + file), "\(file) differs") }
        var changed = Self.small
        changed.samples = 8
        #expect(throws: ExperimentError.differentExperiment(planFile: dir + "/cut/plan.json", expected: "the plan of this run")) {
            try runExperiment(try ExperimentPlan(changed, seed: 2024), outputDirectory: dir + "/cut", options: quiet())
        }
        #expect(throws: ExperimentError.differentShard(planFile: dir + "/cut/plan.json", existing: .whole,
                                                       requested: try Shard(parsing: "1/2"))) {
            try runExperiment(try ExperimentPlan(Self.small, seed: 2024, shard: try Shard(parsing: "1/2")),
                              outputDirectory: dir + "/cut", options: quiet())
        }
    }

    /// Invalid parameters are refused before anything is written, naming the parameter.
    @Test(arguments: [
        (StaticExperiment.Parameters(agents: [4, 1], exclusivity: [0.5]), "agents"),
        (StaticExperiment.Parameters(agents: [4, 4], exclusivity: [0.5]), "agents"),
        (StaticExperiment.Parameters(exclusivity: [0, 1.5]), "exclusivity"),
        (StaticExperiment.Parameters(exclusivity: []), "exclusivity"),
        (StaticExperiment.Parameters(exclusivity: [0.5], distributions: [.normal, .normal]), "distributions"),
        (StaticExperiment.Parameters(exclusivity: [0.5], samples: 10, redistributionSamples: 20), "redistributionSamples"),
        (StaticExperiment.Parameters(exclusivity: [0.5], samples: 0), "samples"),
        (StaticExperiment.Parameters(exclusivity: [0.5], domain: .relative, method: .closedForm), "method"),
    ])
    func invalidParametersAreRefused(parameters: StaticExperiment.Parameters, parameter: String) throws {
        #expect {
            _ = try ExperimentPlan(parameters, seed: 1)
        } throws: { error in
            guard case ExperimentError.invalidParameter(let name, let message) = error else { return false }
            return name == parameter && !message.contains("--")
        }
    }

    /// Merging something that is not an experiment directory: an input error naming the plan
    /// file; an unknown kind names `$.kind` and the known kinds.
    @Test func mergeOfANonExperimentDirectoryIsBadInput() throws {
        let dir = try temporaryDirectory("notexp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect { try mergeExperiments([dir], into: dir + "/o") } throws: { error in
            (error as? InstanceError)?.file == dir + "/plan.json"
        }
        try Data(#"{"kind": "bandit-v9", "seed": "1", "shard": "1/1", "parameters": {}}"#.utf8)
            .write(to: URL(fileURLWithPath: dir + "/plan.json"))
        #expect { try mergeExperiments([dir], into: dir + "/o") } throws: { error in
            guard let e = error as? InstanceError else { return false }
            return e.location == "$.kind" && e.message.contains("known: static")
        }
        #expect(throws: ExperimentError.nothingToMerge) { try mergeExperiments([], into: dir + "/o") }
    }

    /// A plan written to `plan.json` reads back equal, and its parameters decode to the same
    /// values (exclusivities as exact decimal strings).
    @Test func planRoundTripsThroughItsFile() throws {
        let dir = try temporaryDirectory("plan")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let parameters = StaticExperiment.Parameters(agents: [4, 8], exclusivity: [0, 0.15, 1], samples: 3, domain: .relative, method: .lp)
        let plan = try ExperimentPlan(parameters, seed: 18_446_744_073_709_551_615, shard: try Shard(parsing: "3/4"))
        try Data(plan.text.utf8).write(to: URL(fileURLWithPath: dir + "/plan.json"))
        let back = try ExperimentPlan.read(directory: dir)
        #expect(back == plan && back.seed == UInt64.max && back.shard.description == "3/4")
        #expect(try back.parameters(as: StaticExperiment.Parameters.self) == parameters)
        #expect(plan.text.contains(#""0.15""#))
        #expect(throws: InstanceError.self) { try back.parameters(as: BanditExperiment.Parameters.self) }
    }
}
