import CATS
import Experiments
import Foundation
import InstanceIO
import LPDynamic
import Reporting
import Testing

@Suite struct BanditExperimentLibraryTests {
    /// Two shards merged (by the records' union and by `mergeExperiments`) give the same CSV
    /// and SVG bytes as the unsharded run; a resumed run recomputes nothing; a different
    /// experiment in the same directory is refused.
    @Test func shardsMergeToTheWholeRun() throws {
        let base = try temporaryDirectory("bandit")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let p = BanditExperiment.Parameters(agents: [2, 3, 4], samples: 3, discount: 0.8, prior: .uniform, betaDepth: 12)
        try runExperiment(try ExperimentPlan(p, seed: 9), outputDirectory: base + "/whole", options: quiet())
        for k in 1...2 {
            try runExperiment(try ExperimentPlan(p, seed: 9, shard: try Shard(parsing: "\(k)/2")), outputDirectory: base + "/s\(k)",
                              options: quiet())
        }
        let merged = try ExperimentRunner.mergeLogs([base + "/s1/results.jsonl", base + "/s2/results.jsonl"])
        let outputs = BanditExperiment.outputs(p, records: merged)
        let csv = outputs.first { $0.name == "bandit.csv" }!.contents, svg = outputs.first { $0.name == "figure-6.1.svg" }!.contents
        #expect(csv == read(base + "/whole/bandit.csv"))
        #expect(svg == read(base + "/whole/figure-6.1.svg"))
        #expect(csv.split(separator: "\n").count == 4)
        // `mergeExperiments` dispatches on kind "bandit" and writes the same files.
        try mergeExperiments([base + "/s1", base + "/s2"], into: base + "/merged")
        for file in ["bandit.csv", "figure-6.1.svg"] {
            #expect(read(base + "/merged/" + file) == read(base + "/whole/" + file), "\(file)")
        }
        // Resume: the log already holds every item.
        let again = try runExperiment(try ExperimentPlan(p, seed: 9), outputDirectory: base + "/whole", options: quiet())
        #expect(again.run.samples == 0 && again.run.skipped == 9)
        #expect(read(base + "/whole/results.jsonl").split(separator: "\n").count == 9)
        #expect(throws: ExperimentError.self) {
            try runExperiment(try ExperimentPlan(p, seed: 10), outputDirectory: base + "/whole", options: quiet())
        }
    }

    /// bandit.csv: camelCase columns, percent of V, each row's mean = 100 × the mean of the
    /// logged fractions (recomputed here from the log).
    @Test func csvIsInPercentWithTheSharedColumnNames() throws {
        let base = try temporaryDirectory("bandit-csv")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let p = BanditExperiment.Parameters(agents: [2, 3], samples: 2, betaDepth: 10)
        try runExperiment(try ExperimentPlan(p, seed: 4), outputDirectory: base, options: quiet())
        let table = try CSVTable.parse(read(base + "/bandit.csv"))
        #expect(table.header == ["agents", "samples", "keptRMPctMean", "keptRMPctLower95", "keptRMPctUpper95",
                                 "keptVCGPctMean", "keptVCGPctLower95", "keptVCGPctUpper95"])
        let log = try ResultLog.records(at: base + "/results.jsonl")
        for row in try rows(base + "/bandit.csv") {
            let values = log.values.filter { $0.cell == "n=\(row["agents"]!)" }
            #expect(values.count == 2)
            for (column, metric) in [("keptRMPctMean", "rmShare"), ("keptVCGPctMean", "vcgShare")] {
                let mean = 100 * values.map { $0.metrics[metric]! }.reduce(0, +) / 2
                #expect(abs(Double(row[column]!)! - mean) < 1e-9)
                #expect(Double(row[column]!)! > 1 && Double(row[column]!)! <= 100)
            }
        }
    }

    /// Invalid parameters name the plan parameter, not a command-line option.
    @Test func invalidParametersAreRefused() {
        for (p, name) in [(BanditExperiment.Parameters(agents: [1, 2]), "agents"), (BanditExperiment.Parameters(agents: [2], discount: 1), "discount"),
                          (BanditExperiment.Parameters(agents: [2], betaDepth: 0), "betaDepth"), (BanditExperiment.Parameters(agents: [2], samples: 0), "samples")] {
            #expect {
                _ = try ExperimentPlan(p)
            } throws: { error in
                guard case ExperimentError.invalidParameter(let parameter, let message) = error else { return false }
                return parameter == name && !message.contains("--")
            }
        }
    }
}

@Suite struct CombinatorialExperimentLibraryTests {
    static let parameters = CombinatorialExperiment.Parameters(distributions: [.regions, .decay], goods: 6, bids: [6, 10], samples: 2)

    /// A small study: complete outputs in percent with the shared column names; RM keeps at least
    /// what VCG keeps; Bailey's deficit flag is 0 or 1; a second run resumes (nothing
    /// recomputed, same CSV); other parameters in the same directory are refused.
    @Test func experimentRunsAndResumes() throws {
        let dir = try temporaryDirectory("cats-exp")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let plan = try ExperimentPlan(Self.parameters, seed: 3)
        let first = try runExperiment(plan, outputDirectory: dir, options: quiet())
        #expect(first.outputs == ["instances.csv", "summary.csv", "share-kept.svg"])
        let csv = read(dir + "/instances.csv")
        let instances = try rows(dir + "/instances.csv")
        #expect(instances.count == 8)
        #expect(try CSVTable.parse(csv).header == ["distribution", "goods", "bids", "sample", "bidders", "welfare", "vcgRevenue",
                                                  "redistributed", "keptRMPct", "keptVCGPct", "redistributedPct", "baileyPaid",
                                                  "baileyDeficit"])
        let log = try ResultLog.records(at: dir + "/results.jsonl")
        for row in instances {
            let keptRM = Double(row["keptRMPct"]!)!, keptVCG = Double(row["keptVCGPct"]!)!
            #expect(keptRM >= keptVCG - 1e-9)
            #expect(row["baileyDeficit"] == "0" || row["baileyDeficit"] == "1")
            // Percent of the logged fraction, and (W − R)/W recomputed from the logged W and R.
            let key = CombinatorialExperiment.cell(CATSDistribution(rawValue: row["distribution"]!)!, goods: 6, bids: Int(row["bids"]!)!)
                + "#" + row["sample"]!
            let m = try #require(log[key]?.metrics)
            #expect(abs(keptRM - 100 * m["shareKeptRM"]!) < 1e-9)
            #expect(abs(keptVCG - 100 * (m["welfare"]! - m["vcgRevenue"]!) / m["welfare"]!) < 1e-9)
        }
        let summary = try rows(dir + "/summary.csv")
        #expect(summary.count == 4 && summary.allSatisfy { $0["samples"] == "2" })
        for row in summary {
            let cell = instances.filter { $0["distribution"] == row["distribution"] && $0["bids"] == row["bids"] }
            let mean = cell.map { Double($0["keptRMPct"]!)! }.reduce(0, +) / 2
            #expect(abs(Double(row["keptRMPctMean"]!)! - mean) < 1e-9)
            let deficits = cell.map { Double($0["baileyDeficit"]!)! }.reduce(0, +)
            #expect(abs(Double(row["baileyDeficitPctMean"]!)! - 50 * deficits) < 1e-9)
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/share-kept.svg"))
        let again = try runExperiment(plan, outputDirectory: dir, options: quiet())
        #expect(again.run.samples == 0 && read(dir + "/instances.csv") == csv)
        #expect(throws: ExperimentError.self) {
            try runExperiment(try ExperimentPlan(Self.parameters, seed: 4), outputDirectory: dir, options: quiet())
        }
    }

    /// Two shards merged give the unsharded run's files byte for byte.
    @Test func shardsMergeToTheUnshardedRun() throws {
        let dir = try temporaryDirectory("cats-shards")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try runExperiment(try ExperimentPlan(Self.parameters, seed: 9), outputDirectory: dir + "/whole", options: quiet())
        for k in 1...2 {
            let summary = try runExperiment(try ExperimentPlan(Self.parameters, seed: 9, shard: try Shard(parsing: "\(k)/2")),
                                            outputDirectory: dir + "/s\(k)", options: quiet())
            #expect(summary.outputs.isEmpty && !FileManager.default.fileExists(atPath: dir + "/s\(k)/instances.csv"))
        }
        try mergeExperiments([dir + "/s1", dir + "/s2"], into: dir + "/merged")
        for file in ["instances.csv", "summary.csv", "share-kept.svg"] {
            let a = FileManager.default.contents(atPath: dir + "/whole/" + file)
            #expect(a != nil && a == FileManager.default.contents(atPath: dir + "/merged/" + file), "\(file) differs")
        }
    }
}
