import CATS
import Combinatorial
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee

/// RM on generated combinatorial auctions (the thesis leaves combinatorial auctions as an open
/// problem, Sec. 3.7): for every CATS distribution and number of bids, `samples` auctions with
/// `goods` goods; each is solved by winner determination (VCG), every revenue guarantee G_i by
/// constraint generation on the "bids" domain (each bid's price in [0, U]), RM, and Bailey's
/// naive rule (each agent gets 1/n of the VCG revenue of the auction without it).
///
/// Per instance the result log holds `bidders`, `welfare` W, `vcgRevenue` R, `redistributed`
/// Σ G_i/n, `shareKeptVCG` (W − R)/W, `shareKeptRM` (W − R + Σ G_i/n)/W, `redistributedShare`
/// Σ G_i/n / R (1 when R = 0), `baileyPaid` Σ_i R_{−i}/n and `baileyDeficit` (1 when that
/// exceeds R, else 0) — the shares as fractions. The CSV files give the shares in percent as
/// `keptVCGPct`, `keptRMPct`, `redistributedPct` (``ExperimentCSV``):
///
/// - `instances.csv`: `distribution, goods, bids, sample, bidders, welfare, vcgRevenue,
///   redistributed, keptRMPct, keptVCGPct, redistributedPct, baileyPaid, baileyDeficit`
///   (`baileyDeficit` 0 or 1), one row per instance;
/// - `summary.csv`: `distribution, goods, bids, samples`, then `Mean`, `Sd`, `Lower95`,
///   `Upper95` of each metric; Bailey's deficits as `baileyDeficitPct` (percent of the
///   cell's instances with a deficit);
/// - `share-kept.svg`: % of welfare kept under RM and VCG against the mean number of bidders.
public enum CombinatorialExperiment: ExperimentKind {
    /// The study's parameters (`plan.json` → `parameters`: `{"distributions": [...], "goods": G,
    /// "bids": [...], "samples": K, "domain": "bids", "upper": "U"}`, `upper` absent when
    /// unbounded).
    public struct Parameters: ExperimentParameters {
        public static let kind = "combinatorial"
        /// CATS distributions, one group of cells each.
        public var distributions: [CATSDistribution]
        /// Goods per auction.
        public var goods: Int
        /// Bid counts, one cell each.
        public var bids: [Int]
        /// Auctions per cell.
        public var samples: Int
        /// Upper end U of the "bids" domain (raised to an instance's largest price), or `nil`
        /// for unbounded.
        public var upper: Double?

        /// Creates parameters (checked by ``validate()`` when a plan is made of them).
        public init(distributions: [CATSDistribution], goods: Int, bids: [Int], samples: Int = 20, upper: Double? = nil) {
            self.distributions = distributions
            self.goods = goods
            self.bids = bids
            self.samples = samples
            self.upper = upper
        }

        /// The parameters as the `parameters` object of `plan.json` (numbers that are not
        /// integers as their shortest round-trip text, so plans compare exactly).
        public var planParameters: [String: Any] {
            var object: [String: Any] = ["distributions": distributions.map(\.rawValue), "goods": goods, "bids": bids,
                                         "samples": samples, "domain": "bids"]
            if let upper { object["upper"] = "\(upper)" }
            return object
        }

        /// Reads the `parameters` object of a plan (errors name the file and JSON path).
        public init(planParameters node: JSONValue) throws {
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

        public func validate() throws {
            func bad(_ parameter: String, _ message: String) -> ExperimentError {
                .invalidParameter(parameter: parameter, message: message)
            }
            guard !distributions.isEmpty else { throw bad("distributions", "give at least one distribution") }
            guard Set(distributions).count == distributions.count else { throw bad("distributions", "a distribution is listed twice") }
            guard goods >= 1 else { throw bad("goods", "an auction needs at least one good") }
            guard !bids.isEmpty, bids.allSatisfy({ $0 >= 1 }) else { throw bad("bids", "give positive numbers of bids") }
            guard Set(bids).count == bids.count else { throw bad("bids", "a number of bids is listed twice") }
            guard samples >= 1 else { throw bad("samples", "at least 1 auction per cell is needed") }
            if let u = upper, !(u >= 0) { throw bad("upper", "the upper end of the bids domain must be non-negative") }
        }
    }

    /// The cell key of a (distribution, bids) pair, e.g. `dist=regions;goods=12;bids=50`.
    public static func cell(_ d: CATSDistribution, goods: Int, bids: Int) -> String { "dist=\(d.rawValue);goods=\(goods);bids=\(bids)" }

    /// Every work item: per distribution, per number of bids, samples 0..<samples.
    public static func items(_ p: Parameters) -> [WorkItem] {
        p.distributions.flatMap { d in
            p.bids.flatMap { b in (0..<p.samples).map { WorkItem(cell: cell(d, goods: p.goods, bids: b), sample: $0) } }
        }
    }

    public static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
                                   options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] {
        let upper = p.upper ?? .infinity
        var cells: [String: (CATSDistribution, Int)] = [:]
        for d in p.distributions { for b in p.bids { cells[cell(d, goods: p.goods, bids: b)] = (d, b) } }
        let lookup = cells
        return { item in
            let (d, bids) = lookup[item.cell]!
            return try measure(item, distribution: d, goods: p.goods, bids: bids, seed: seed, upper: upper)
        }
    }

    /// One instance's metrics (the auction drawn from the item's own stream of `seed`).
    public static func measure(_ item: WorkItem, distribution d: CATSDistribution, goods: Int, bids: Int, seed: UInt64,
                               upper: Double) throws -> [String: Double] {
        var rng = SeededGenerator(seed: seed, stream: item.stream)
        let file = try d.generate(goods: goods, bids: bids, seed: rng.next())
        let auction = BidAuction(cats: file, name: item.key, domain: .bids, upper: max(upper, file.bids.map(\.price).max() ?? 0))
        let engine = CombinatorialRevenueGuarantees(auction)
        let (vcg, _) = try engine.vickreyClarkeGroves()
        let n = auction.bidders.count
        // Bailey's R_{-i} first: its W_{-i,-j} are the exact cuts of every agent's report of 0
        // in the revenue guarantees' constraint generation, which then skips those solves.
        let bailey = try engine.revenuesWithout().reduce(0.0) { $0 + $1 / Double(n) }
        let result = try redistributionMechanismResult(vcg: vcg, guarantees: try engine.revenueGuarantees())
        let W = vcg.welfare, R = vcg.revenue
        let tol = 1e-9 * max(1, W)
        return [
            "bidders": Double(n), "welfare": W, "vcgRevenue": R, "redistributed": result.redistributed,
            "shareKeptVCG": W > 0 ? (W - R) / W : 1, "shareKeptRM": result.shareKept,
            "redistributedShare": R > tol ? result.redistributed / R : 1,
            "baileyPaid": bailey, "baileyDeficit": bailey > R + tol ? 1 : 0,
        ]
    }

    /// The CSV columns after the cell's: (CSV name, logged metric, factor to the CSV's unit).
    static let columns: [(name: String, metric: String, scale: Double)] = [
        ("bidders", "bidders", 1), ("welfare", "welfare", 1), ("vcgRevenue", "vcgRevenue", 1),
        ("redistributed", "redistributed", 1), ("keptRMPct", "shareKeptRM", 100), ("keptVCGPct", "shareKeptVCG", 100),
        ("redistributedPct", "redistributedShare", 100), ("baileyPaid", "baileyPaid", 1),
    ]

    /// `instances.csv`, `summary.csv` and `share-kept.svg` from the records of all items.
    public static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] {
        let items = self.items(p)
        let cells = ExperimentRunner.aggregate(items: items, records: records).cells
        var cellFields: [String: [String]] = [:]
        for d in p.distributions {
            for b in p.bids { cellFields[cell(d, goods: p.goods, bids: b)] = [d.rawValue, String(p.goods), String(b)] }
        }
        var instances = CSVTable(header: ["distribution", "goods", "bids", "sample"] + columns.map(\.name) + ["baileyDeficit"])
        for item in items {
            let m = records[item.key]?.metrics ?? [:]
            instances.append(cellFields[item.cell]! + [String(item.sample)]
                             + columns.map { c in m[c.metric].map { formatNumber(c.scale * $0) } ?? "nan" }
                             + [m["baileyDeficit"].map(formatNumber) ?? "nan"])
        }
        var summary = CSVTable(header: ["distribution", "goods", "bids", "samples"]
                               + (columns.map(\.name) + ["baileyDeficitPct"]).flatMap(ExperimentCSV.summaryColumns))
        for (cell, m) in cells {
            summary.append(cellFields[cell]! + [String(m["welfare"]?.count ?? 0)]
                           + columns.flatMap { ExperimentCSV.summaryFields(m[$0.metric], scale: $0.scale) }
                           + ExperimentCSV.summaryFields(m["baileyDeficit"], scale: 100))
        }
        let byCell = Dictionary(uniqueKeysWithValues: cells.map { ($0.cell, $0.metrics) })
        var series: [ChartSeries] = []
        for (k, d) in p.distributions.enumerated() {
            for (label, metric, dashed) in [("RM", "shareKeptRM", false), ("VCG", "shareKeptVCG", true)] {
                let points = p.bids.compactMap { b -> ChartPoint? in
                    guard let m = byCell[cell(d, goods: p.goods, bids: b)], let x = m["bidders"], let y = m[metric] else { return nil }
                    return ChartPoint(x: x.mean, y: 100 * y.mean, lower: 100 * y.lower95, upper: 100 * y.upper95)
                }
                series.append(ChartSeries(name: "\(d.rawValue) \(label)", points: points, dashed: dashed, colorIndex: k))
            }
        }
        let chart = LineChart(title: "Share of value kept by the bidders (\(p.goods) goods)", xLabel: "number of bidders (mean per cell)",
                              yLabel: "% of welfare kept", series: series)
        return [ExperimentOutput(name: "instances.csv", contents: instances.text),
                ExperimentOutput(name: "summary.csv", contents: summary.text),
                ExperimentOutput(name: "share-kept.svg", contents: chart.svg())]
    }
}
