import ArgumentParser
import CATS
import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import Reporting
import RevenueGuarantee

/// `rmsolve experiment combinatorial`: the first empirical study of RM on combinatorial
/// auctions (note ch3 §7, the thesis's open problem; issue 7 item 4).
///
/// Output directory layout (shared with the other experiments, so `rmsolve merge` can union
/// shards): `plan.json` (the parameters; a rerun with other parameters is refused),
/// `results.jsonl` (one record per finished instance: `key` = `cell#sample`, `cell`,
/// `sample`, and the metrics below as decimal strings), and, once every instance of the plan
/// is done, `instances.csv` (one row per instance), `summary.csv` (per cell: mean, sd and 95%
/// interval of each metric) and `share-kept.svg`.
///
/// Metrics per instance: `bidders`, `welfare` W, `vcgRevenue` R, `redistributed` Σ G_i/n,
/// `shareKeptVCG` (W − R)/W, `shareKeptRM` (W − R + Σ G_i/n)/W, `redistributedShare`
/// Σ G_i/n / R (1 when R = 0), `baileyPaid` Σ_i R_{-i}/n (each agent gets 1/n of the VCG
/// revenue of the auction without it), `baileyDeficit` 1 when that exceeds R, else 0.
struct ExperimentCombinatorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combinatorial",
        abstract: "RM on generated combinatorial auctions (CATS distributions): share of value kept, Bailey's rule's deficits.",
        discussion: """
            Each instance: generate a CATS auction, VCG by winner determination, every G_i by \
            constraint generation ("bids" domain, unbounded unless --upper), RM, and Bailey's \
            naive rule. Resumable (finished instances are skipped), shardable (--shard K/N).
            """)

    @Option(help: "CATS distributions, comma-separated (e.g. regions,arbitrary,decay).") var distribution: String
    @Option(help: "Goods per auction.") var goods: Int
    @Option(help: "Bids per auction, comma-separated for several sizes.") var bids: String
    @Option(help: "Instances per (distribution, bids) cell.") var samples: Int = 20
    @Option(help: "Seed of the whole run.") var seed: UInt64 = 1
    @Option(help: "Output directory.") var out: String
    @Option(help: "Run only shard K of N (K/N).") var shard: String?
    @Option(help: "The bids domain upper bound: [0, max(U, largest price of the instance)] (default: unbounded).") var upper: Double?
    @Option(help: "Worker threads.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(name: .customLong("no-progress"), help: "No progress bar.") var noProgress = false

    func distributions() throws -> [CATSDistribution] {
        try distribution.split(separator: ",").map { name in
            guard let d = CATSDistribution(rawValue: String(name)) else {
                throw ValidationError("unknown distribution \"\(name)\" (one of \(CATSDistribution.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return d
        }
    }

    func bidCounts() throws -> [Int] {
        try bids.split(separator: ",").map { text in
            guard let b = Int(text), b >= 1 else { throw ValidationError("--bids: positive integers, comma-separated") }
            return b
        }
    }

    func validate() throws {
        _ = try distributions()
        _ = try bidCounts()
        guard goods >= 1, samples >= 1 else { throw ValidationError("--goods and --samples must be positive") }
        if let u = upper, !(u >= 0) { throw ValidationError("--upper must be non-negative") }
        try validateExperimentRunOptions(jobs: jobs, shard: shard)
    }

    /// The cell key of a (distribution, bids) pair.
    static func cell(_ d: CATSDistribution, goods: Int, bids: Int) -> String { "dist=\(d.rawValue);goods=\(goods);bids=\(bids)" }

    /// The validated parameters.
    func parameters() throws -> CombinatorialExperiment.Parameters {
        CombinatorialExperiment.Parameters(distributions: try distributions(), goods: goods, bids: try bidCounts(),
                                           samples: samples, upper: upper)
    }

    func run() throws {
        try reportingErrors {
            let shard = try self.shard.map { try Shard(parsing: $0) } ?? .whole
            let plan = ExperimentPlan(kind: CombinatorialExperiment.kind, seed: seed,
                                      parameters: try parameters().json, shard: shard)
            let p = try parameters()
            let seed = self.seed
            let count = try runExperiment(CombinatorialExperiment.self, plan: plan, dir: out, jobs: jobs,
                                          label: "combinatorial", progress: noProgress ? false : nil) { item in
                try Self.measure(item, goods: p.goods, seed: seed, upper: p.upper ?? .infinity)
            }
            if shard == .whole {
                print("wrote \(out)/instances.csv, \(out)/summary.csv, \(out)/share-kept.svg")
            } else {
                print("shard \(shard) (\(count) instances) done in \(out); combine the shards with `rmsolve merge DIR... --out OUT`")
            }
        }
    }

    /// One instance's metrics.
    static func measure(_ item: WorkItem, goods: Int, seed: UInt64, upper: Double) throws -> [String: Double] {
        let fields = Dictionary(uniqueKeysWithValues: item.cell.split(separator: ";").map { part -> (String, String) in
            let kv = part.split(separator: "=", maxSplits: 1); return (String(kv[0]), String(kv[1])) })
        let d = CATSDistribution(rawValue: fields["dist"]!)!
        let bids = Int(fields["bids"]!)!
        var rng = SeededGenerator(seed: seed, stream: item.stream)
        let file = try d.generate(goods: goods, bids: bids, seed: rng.next())
        let auction = BidAuction(cats: file, name: item.key, domain: .bids, upper: max(upper, file.bids.map(\.price).max() ?? 0))
        let engine = CombinatorialRevenueGuarantees(auction)
        let (vcg, _) = try engine.vickreyClarkeGroves()
        let result = try redistributionMechanismResult(vcg: vcg, guarantees: try engine.revenueGuarantees())
        let n = auction.bidders.count
        let bailey = try (0..<n).reduce(0.0) { $0 + (try engine.revenueWithout(agent: $1)) / Double(n) }
        let W = vcg.welfare, R = vcg.revenue
        let tol = 1e-9 * max(1, W)
        return [
            "bidders": Double(n), "welfare": W, "vcgRevenue": R, "redistributed": result.redistributed,
            "shareKeptVCG": W > 0 ? (W - R) / W : 1, "shareKeptRM": result.shareKept,
            "redistributedShare": R > tol ? result.redistributed / R : 1,
            "baileyPaid": bailey, "baileyDeficit": bailey > R + tol ? 1 : 0,
        ]
    }
}

/// The combinatorial-auction study as an ``ExperimentKind``, so `rmsolve merge` finishes its
/// shards: work items from the plan's parameters, outputs from the records of all items.
///
/// `plan.json` holds `{"kind": "combinatorial", "seed": "S", "shard": "K/N", "parameters":
/// {"distributions": [...], "goods": G, "bids": [...], "samples": K, "upper": "U" (absent when
/// unbounded)}}`.
enum CombinatorialExperiment: ExperimentKind {
    /// The `kind` of `plan.json`.
    static let kind = "combinatorial"

    /// The study's parameters.
    struct Parameters {
        /// CATS distributions, one group of cells each.
        var distributions: [CATSDistribution]
        /// Goods per auction.
        var goods: Int
        /// Bid counts, one cell each.
        var bids: [Int]
        /// Auctions per cell.
        var samples: Int
        /// Upper end of the "bids" domain (raised to an instance's largest price), or unbounded.
        var upper: Double?

        /// The parameters as the `parameters` object of `plan.json` (numbers that are not
        /// integers as their shortest round-trip text, so plans compare exactly).
        var json: [String: Any] {
            var object: [String: Any] = ["distributions": distributions.map(\.rawValue), "goods": goods, "bids": bids,
                                         "samples": samples, "domain": "bids"]
            if let upper { object["upper"] = "\(upper)" }
            return object
        }

        init(distributions: [CATSDistribution], goods: Int, bids: [Int], samples: Int, upper: Double?) {
            self.distributions = distributions
            self.goods = goods
            self.bids = bids
            self.samples = samples
            self.upper = upper
        }

        /// Reads the `parameters` object of a plan (errors name the file and JSON path).
        init(json node: JSONValue) throws {
            distributions = try node["distributions"].array().map { d in
                guard let dist = CATSDistribution(rawValue: try d.string()) else { throw d.error("unknown CATS distribution") }
                return dist
            }
            goods = try node["goods"].integer()
            bids = try node["bids"].array().map { try $0.integer() }
            samples = try node["samples"].integer()
            if let u = try node.optional("upper") {
                guard let value = Double(try u.string()) else { throw u.error("upper must be a number in a string") }
                upper = value
            }
        }
    }

    static func items(_ plan: ExperimentPlan) throws -> [WorkItem] {
        let p = try Parameters(json: plan.parametersNode)
        var items: [WorkItem] = []
        for d in p.distributions {
            for b in p.bids {
                for s in 0..<p.samples {
                    items.append(WorkItem(cell: ExperimentCombinatorial.cell(d, goods: p.goods, bids: b), sample: s))
                }
            }
        }
        return items
    }

    /// The metrics of one instance, in CSV column order.
    static let metrics = ["bidders", "welfare", "vcgRevenue", "redistributed", "shareKeptVCG", "shareKeptRM",
                          "redistributedShare", "baileyPaid", "baileyDeficit"]

    /// Writes `instances.csv`, `summary.csv` and `share-kept.svg` from the records of all items.
    static func writeOutputs(_ plan: ExperimentPlan, records: [String: [String: Any]], to dir: String) throws {
        let p = try Parameters(json: plan.parametersNode)
        let items = try self.items(plan)
        let cells = ExperimentRunner.aggregate(items: items, records: records).cells
        let dists = p.distributions, sizes = p.bids, goods = p.goods
        var instances = CSVTable(header: ["cell", "sample"] + metrics)
        for item in items {
            let r = records[item.key]!
            instances.append([item.cell, "\(item.sample)"] + metrics.map { (r[$0] as? String) ?? "\(r[$0] ?? "")" })
        }
        var summary = CSVTable(header: ["cell", "samples"] + metrics.flatMap { [$0, "\($0)Sd", "\($0)Lower95", "\($0)Upper95"] })
        for (cell, m) in cells {
            summary.append([cell, "\(m["welfare"]?.count ?? 0)"] + metrics.flatMap { name -> [String] in
                guard let s = m[name] else { return ["", "", "", ""] }
                return [formatNumber(s.mean), formatNumber(s.standardDeviation), formatNumber(s.lower95), formatNumber(s.upper95)]
            })
        }
        let byCell = Dictionary(uniqueKeysWithValues: cells.map { ($0.cell, $0.metrics) })
        var series: [ChartSeries] = []
        for (k, d) in dists.enumerated() {
            for (label, metric, dashed) in [("RM", "shareKeptRM", false), ("VCG", "shareKeptVCG", true)] {
                let points = sizes.compactMap { b -> ChartPoint? in
                    guard let m = byCell[ExperimentCombinatorial.cell(d, goods: goods, bids: b)], let x = m["bidders"], let y = m[metric] else { return nil }
                    return ChartPoint(x: x.mean, y: 100 * y.mean, lower: 100 * y.lower95, upper: 100 * y.upper95)
                }
                series.append(ChartSeries(name: "\(d.rawValue) \(label)", points: points, dashed: dashed, colorIndex: k))
            }
        }
        let chart = LineChart(title: "Share of value kept by the bidders (\(goods) goods)", xLabel: "number of bidders (mean per cell)",
                              yLabel: "% of welfare kept", series: series)
        try writeAtomically(instances.text + "\n", to: "\(dir)/instances.csv")
        try writeAtomically(summary.text + "\n", to: "\(dir)/summary.csv")
        try writeAtomically(chart.svg(), to: "\(dir)/share-kept.svg")
    }
}
