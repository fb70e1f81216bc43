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
        guard goods >= 1, samples >= 1, jobs >= 1 else { throw ValidationError("--goods, --samples and --jobs must be positive") }
        if let u = upper, !(u >= 0) { throw ValidationError("--upper must be non-negative") }
        if let s = shard { do { _ = try Shard(parsing: s) } catch { throw ValidationError("\(error)") } }
    }

    /// The cell key of a (distribution, bids) pair.
    static func cell(_ d: CATSDistribution, goods: Int, bids: Int) -> String { "dist=\(d.rawValue);goods=\(goods);bids=\(bids)" }

    func run() throws {
        try reportingErrors {
            let dists = try distributions(), sizes = try bidCounts()
            let shard = try self.shard.map { try Shard(parsing: $0) } ?? .whole
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let plan: [String: Any] = ["experiment": "combinatorial", "distributions": dists.map(\.rawValue), "goods": goods,
                                       "bids": sizes, "samples": samples, "seed": seed, "domain": "bids",
                                       "upper": upper.map { $0 as Any } ?? NSNull()]
            try writePlan(plan, to: "\(out)/plan.json")
            var items: [WorkItem] = []
            for d in dists { for b in sizes { for s in 0..<samples { items.append(WorkItem(cell: Self.cell(d, goods: goods, bids: b), sample: s)) } } }
            let runner = ExperimentRunner(items: items, logPath: "\(out)/results.jsonl", shard: shard, jobs: jobs)
            let (goods, seed, upper) = (self.goods, self.seed, self.upper ?? .infinity)
            let records = try runner.run(label: "combinatorial", progress: noProgress ? false : nil) { item in
                try Self.measure(item, goods: goods, seed: seed, upper: upper)
            }
            let (cells, missing) = ExperimentRunner.aggregate(items: items, records: records)
            guard missing.isEmpty else {
                print("\(items.count - missing.count) of \(items.count) instances done in \(out)/results.jsonl; tables and plots are written when all are done (run the other shards, then merge)")
                return
            }
            try writeOutputs(items: items, records: records, cells: cells, dists: dists, sizes: sizes)
            print("wrote \(out)/instances.csv, \(out)/summary.csv, \(out)/share-kept.svg")
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

    /// plan.json: written on the first run; a later run must have the same plan.
    func writePlan(_ plan: [String: Any], to path: String) throws {
        let data = try JSONSerialization.data(withJSONObject: plan, options: [.sortedKeys, .prettyPrinted])
        if let existing = FileManager.default.contents(atPath: path) {
            let a = try JSONSerialization.jsonObject(with: existing) as? NSDictionary
            guard try a == (plan as NSDictionary) || a == (JSONSerialization.jsonObject(with: data) as? NSDictionary) else {
                throw InstanceError(file: path, location: "$", message: "the output directory holds a run with other parameters; use another --out")
            }
            return
        }
        try writeAtomically(String(decoding: data, as: UTF8.self) + "\n", to: path)
    }

    static let metrics = ["bidders", "welfare", "vcgRevenue", "redistributed", "shareKeptVCG", "shareKeptRM",
                          "redistributedShare", "baileyPaid", "baileyDeficit"]

    func writeOutputs(items: [WorkItem], records: [String: [String: Any]], cells: [(cell: String, metrics: [String: Summary])],
                      dists: [CATSDistribution], sizes: [Int]) throws {
        var instances = CSVTable(header: ["cell", "sample"] + Self.metrics)
        for item in items {
            let r = records[item.key]!
            instances.append([item.cell, "\(item.sample)"] + Self.metrics.map { (r[$0] as? String) ?? "\(r[$0] ?? "")" })
        }
        var summary = CSVTable(header: ["cell", "samples"] + Self.metrics.flatMap { [$0, "\($0)Sd", "\($0)Lower95", "\($0)Upper95"] })
        for (cell, m) in cells {
            summary.append([cell, "\(m["welfare"]?.count ?? 0)"] + Self.metrics.flatMap { name -> [String] in
                guard let s = m[name] else { return ["", "", "", ""] }
                return [formatNumber(s.mean), formatNumber(s.standardDeviation), formatNumber(s.lower95), formatNumber(s.upper95)]
            })
        }
        let byCell = Dictionary(uniqueKeysWithValues: cells.map { ($0.cell, $0.metrics) })
        var series: [ChartSeries] = []
        for (k, d) in dists.enumerated() {
            for (label, metric, dashed) in [("RM", "shareKeptRM", false), ("VCG", "shareKeptVCG", true)] {
                let points = sizes.compactMap { b -> ChartPoint? in
                    guard let m = byCell[Self.cell(d, goods: goods, bids: b)], let x = m["bidders"], let y = m[metric] else { return nil }
                    return ChartPoint(x: x.mean, y: 100 * y.mean, lower: 100 * y.lower95, upper: 100 * y.upper95)
                }
                series.append(ChartSeries(name: "\(d.rawValue) \(label)", points: points, dashed: dashed, colorIndex: k))
            }
        }
        let chart = LineChart(title: "Share of value kept by the bidders (\(goods) goods)", xLabel: "number of bidders (mean per cell)",
                              yLabel: "% of welfare kept", series: series)
        try writeAtomically(instances.text + "\n", to: "\(out)/instances.csv")
        try writeAtomically(summary.text + "\n", to: "\(out)/summary.csv")
        try writeAtomically(chart.svg(), to: "\(out)/share-kept.svg")
    }
}
