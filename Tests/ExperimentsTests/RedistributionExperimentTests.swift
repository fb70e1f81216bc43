import CATS
import Experiments
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee
import Testing

@Suite struct RedistributionExperimentLibraryTests {
    static let parameters = RedistributionExperiment.Parameters(agents: [4, 5], units: nil, distributions: [.uniform, .normal],
                                                                catsDistributions: [.regions], goods: 4, bids: [5], samples: 3)

    /// Invalid parameters name the plan parameter, not a command-line option.
    @Test func invalidParametersAreRefused() {
        typealias P = RedistributionExperiment.Parameters
        let cases: [(P, String)] = [
            (P(agents: [2]), "agents"), (P(agents: [31]), "agents"), (P(agents: [4, 4]), "agents"),
            (P(agents: []), "agents"), (P(agents: [4], units: [0]), "units"), (P(agents: [4], units: [3]), "units"),
            (P(agents: [4], distributions: []), "distributions"), (P(agents: [4], samples: 0), "samples"),
            (P(agents: [], catsDistributions: [.regions], bids: []), "bids"),
            (P(agents: [], catsDistributions: [.regions], goods: 0, bids: [4]), "goods"),
            (P(agents: [], catsDistributions: [.regions, .regions], bids: [4]), "catsDistributions"),
        ]
        for (p, name) in cases {
            #expect {
                _ = try ExperimentPlan(p)
            } throws: { error in
                guard case ExperimentError.invalidParameter(let parameter, let message) = error else { return false }
                return parameter == name && !message.contains("--")
            }
        }
        // The plan's parameters read back equal (units "all" and a list alike).
        for p in [Self.parameters, P(agents: [6, 10], units: [1, 2], distributions: [.normal])] {
            let plan = try? ExperimentPlan(p, seed: 3)
            #expect(plan != nil)
            #expect((try? plan?.parameters(as: P.self)) == p)
        }
    }

    /// The grid: every m from 1 to n − 2 per n and distribution, then the CATS cells.
    @Test func itemsCoverTheGrid() {
        let items = RedistributionExperiment.items(Self.parameters)
        let cells = items.map(\.cell).reduce(into: [String]()) { if $0.last != $1 { $0.append($1) } }
        #expect(cells == ["units;dist=uniform;n=4;m=1", "units;dist=uniform;n=4;m=2", "units;dist=uniform;n=5;m=1",
                          "units;dist=uniform;n=5;m=2", "units;dist=uniform;n=5;m=3", "units;dist=normal;n=4;m=1",
                          "units;dist=normal;n=4;m=2", "units;dist=normal;n=5;m=1", "units;dist=normal;n=5;m=2",
                          "units;dist=normal;n=5;m=3", "cats;dist=regions;goods=4;bids=5"])
        #expect(items.count == 11 * 3)
    }

    /// A tiny run, checked against an independent computation from the logged profile's
    /// random stream: RM's rebates (m/n)·v^{-i}_{(m+1)} (Bailey–Cavallo) summed over agents,
    /// divided by the VCG revenue m·v_{(m+1)}; Bailey = RM on units; WCO never below α*;
    /// VCG redistributes nothing; the CSV's means and worst cases are the log's.
    @Test func unitsNumbersMatchAnIndependentComputation() throws {
        let base = try temporaryDirectory("redistribution")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let p = RedistributionExperiment.Parameters(agents: [5, 8], distributions: [.uniform, .normal], samples: 4)
        try runExperiment(try ExperimentPlan(p, seed: 11), outputDirectory: base, options: quiet())
        let log = try ResultLog.records(at: base + "/results.jsonl")
        #expect(log.count == RedistributionExperiment.items(p).count)
        for item in RedistributionExperiment.items(p) {
            let metrics = log[item.key]!.metrics
            let parts = item.cell.split(separator: ";")
            let d = RedistributionExperiment.UnitsDistribution(rawValue: String(parts[1].dropFirst(5)))!
            let n = Int(parts[2].dropFirst(2))!, m = Int(parts[3].dropFirst(2))!
            let v = RedistributionExperiment.unitsProfile(d, agents: n, seed: 11, stream: item.stream)
            let sorted = v.sorted(by: >)
            let revenue = Double(m) * sorted[m]
            var rebates = 0.0
            for i in 0..<n {
                var others = v
                others.remove(at: i)
                others.sort(by: >)
                let share: Double = Double(m) / Double(n)
                rebates += share * others[m]
            }
            #expect(abs(metrics["vcgRevenue"]! - revenue) < 1e-7)
            #expect(abs(metrics["welfare"]! - sorted.prefix(m).reduce(0.0, +)) < 1e-7)
            #expect(abs(metrics["rm.redistributed"]! - rebates / revenue) < 1e-9, "\(item.key)")
            #expect(abs(metrics["bailey.redistributed"]! - metrics["rm.redistributed"]!) < 1e-12)
            #expect(metrics["wco.redistributed"]! >= worstCaseOptimalShare(agents: n, units: m) - 1e-9, "\(item.key)")
            #expect(metrics["vcg.redistributed"]! == 0)
            let welfare: Double = sorted.prefix(m).reduce(0, +)
            let kept: Double = (welfare - revenue + rebates) / welfare
            #expect(abs(metrics["rm.kept"]! - kept) < 1e-9)
            for name in ["vcg", "rm", "bailey", "wco", "oel"] {
                #expect(metrics[name + ".deficit"] == 0, "\(name) \(item.key)")
                #expect(metrics[name + ".envy"]! >= 0 && metrics[name + ".spread"]! >= 0)
            }
            // VCG on units: a winner envies nobody, a loser (utility 0) gains v_i − price from a
            // winner's unit and payment, so envy = v_{(m+1)} − v_{(m+1)} = 0 at the highest loser.
            #expect(metrics["vcg.envy"]! < 1e-9)
        }
        let table = try rows(base + "/redistribution.csv")
        #expect(table.count == (3 + 6) * 2 * 5)
        for row in table where row["mechanism"] == "rm" {
            let cell = RedistributionExperiment.unitsCell(.init(rawValue: row["distribution"]!)!, agents: Int(row["agents"]!)!,
                                                          units: Int(row["units"]!)!)
            let shares: [Double] = (0..<4).map { log["\(cell)#\($0)"]!.metrics["rm.redistributed"]! }
            let mean: Double = 100 * shares.reduce(0, +) / 4, lowest: Double = 100 * shares.min()!
            let csvMean: Double = Double(row["redistributedPctMean"]!)!, csvWorst: Double = Double(row["worstRedistributedPct"]!)!
            let guarantee: Double = Double(row["worstCaseRedistributedPct"]!)!
            #expect(abs(csvMean - mean) < 1e-9)
            #expect(abs(csvWorst - lowest) < 1e-9)
            // The guarantee over all profiles is never above the worst case found.
            #expect(guarantee <= csvWorst + 1e-9)
        }
        for row in table where row["mechanism"] == "wco" {
            let found: Double = Double(row["worstRedistributedPct"]!)!, alpha: Double = Double(row["worstCaseRedistributedPct"]!)!
            #expect(found >= alpha - 1e-9)
        }
        for file in ["kept-units-uniform.svg", "kept-units-normal.svg", "worst-units-uniform.svg", "worst-units-normal.svg"] {
            #expect(read(base + "/" + file).hasPrefix("<svg") || read(base + "/" + file).hasPrefix("<?xml"), "\(file)")
        }
    }

    /// CATS cells: VCG, RM and Bailey on each auction; RM never runs a deficit and keeps at
    /// least VCG's share; envy is never negative.
    @Test func catsCellsCompareThreeMechanisms() throws {
        let p = RedistributionExperiment.Parameters(agents: [], catsDistributions: [.regions, .arbitrary], goods: 4, bids: [6], samples: 2)
        let base = try temporaryDirectory("redistribution-cats")
        defer { try? FileManager.default.removeItem(atPath: base) }
        try runExperiment(try ExperimentPlan(p, seed: 5), outputDirectory: base, options: quiet())
        let log = try ResultLog.records(at: base + "/results.jsonl")
        #expect(log.count == 4)
        for record in log.values {
            let m = record.metrics
            #expect(m["rm.deficit"] == 0 && m["vcg.deficit"] == 0)
            #expect(m["rm.kept"]! >= m["vcg.kept"]! - 1e-9)
            for name in ["vcg", "rm", "bailey"] { #expect(m[name + ".envy"]! >= 0) }
        }
        let table = try rows(base + "/redistribution.csv")
        #expect(table.count == 2 * 3)
        #expect(read(base + "/kept-cats.svg").contains("<svg"))
    }

    /// Two shards merged (by the records' union and by `mergeExperiments`) give the unsharded
    /// run's files byte for byte; a resumed run recomputes nothing.
    @Test func shardsMergeToTheWholeRun() throws {
        let base = try temporaryDirectory("redistribution-shards")
        defer { try? FileManager.default.removeItem(atPath: base) }
        let p = Self.parameters
        try runExperiment(try ExperimentPlan(p, seed: 2), outputDirectory: base + "/whole", options: quiet())
        for k in 1...3 {
            try runExperiment(try ExperimentPlan(p, seed: 2, shard: try Shard(parsing: "\(k)/3")), outputDirectory: base + "/s\(k)",
                              options: quiet(jobs: 1))
        }
        try mergeExperiments((1...3).map { base + "/s\($0)" }, into: base + "/merged")
        let files = ["redistribution.csv", "kept-units-uniform.svg", "kept-units-normal.svg", "worst-units-uniform.svg",
                     "worst-units-normal.svg", "kept-cats.svg"]
        for file in files {
            #expect(read(base + "/merged/" + file) == read(base + "/whole/" + file), "\(file)")
            #expect(!read(base + "/whole/" + file).hasPrefix("<missing"), "\(file)")
        }
        let again = try runExperiment(try ExperimentPlan(p, seed: 2), outputDirectory: base + "/whole", options: quiet())
        #expect(again.run.samples == 0 && again.run.skipped == RedistributionExperiment.items(p).count)
    }
}
