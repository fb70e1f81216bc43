import CATS
import Combinatorial
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee

/// The mechanisms that give VCG revenue back, side by side on the same instances: on "units"
/// (m identical units, unit demand, n agents) VCG, RM (there Bailey–Cavallo's
/// (m/n)·v^{-i}_{(m+1)}), Bailey's rule (the same rebate on units), Guo and Conitzer's
/// worst-case optimal linear rebate (WCO) and their optimal-in-expectation linear rebate (OEL,
/// built for the cell's value distribution as prior); on generated CATS auctions VCG, RM (every
/// revenue guarantee G_i by constraint generation on the "bids" domain, unbounded) and Bailey's
/// rule (Z_i = R_{-i}/n, which can run a deficit).
///
/// Per sample and mechanism the result log holds `<mechanism>.redistributed` Σ Z_i / R (absent
/// when the VCG revenue R is 0), `<mechanism>.kept` Σ u_i / W (1 when W = 0), `<mechanism>.spread`
/// max_i u_i − min_i u_i, `<mechanism>.envy` max_{i≠j} max(0, v_i(x_j) + t_j − u_i) (agent i's
/// gain from swapping its bundle and transfer for j's), and `<mechanism>.deficit` (1 when
/// Σ Z_i > R). The output `redistribution.csv` has one row per cell and mechanism (shares in
/// percent); the figures are `kept-units-<distribution>.svg`, `worst-units-<distribution>.svg`
/// (at the smallest number of units of the grid) and `kept-cats.svg`.
public enum RedistributionExperiment: ExperimentKind {
    /// How the values of a "units" cell are drawn: uniform on [0, 100] or normal(50, 12.5)
    /// truncated to [0, ∞).
    public enum UnitsDistribution: String, Sendable, CaseIterable, Equatable {
        case uniform, normal

        /// The library's value distribution.
        public var values: UnitsValueDistribution {
            switch self {
            case .uniform: return .uniform(upper: 100)
            case .normal: return .normal(mean: 50, sd: 12.5)
            }
        }
    }

    /// The mechanisms compared on "units" cells.
    public static let unitsMechanisms: [RedistributionMechanismName] = [.vcg, .rm, .bailey, .wco, .oel]
    /// The mechanisms compared on CATS cells.
    public static let catsMechanisms: [RedistributionMechanismName] = [.vcg, .rm, .bailey]

    /// The study's parameters (`plan.json` → `parameters`: `{"agents": [...], "units": [...]
    /// or "all", "distributions": [...], "catsDistributions": [...], "goods": G, "bids": [...],
    /// "samples": K}`).
    public struct Parameters: ExperimentParameters {
        public static let kind = "redistribution"
        /// n of the "units" cells (3 ... 30; empty: no units cells).
        public var agents: [Int]
        /// m of the "units" cells (`nil`: every m from 1 to n − 2; a listed m is used for
        /// the n with m ≤ n − 2).
        public var units: [Int]?
        /// Value distributions of the "units" cells.
        public var distributions: [UnitsDistribution]
        /// CATS distributions (empty: no CATS cells).
        public var catsDistributions: [CATSDistribution]
        /// Goods per CATS auction.
        public var goods: Int
        /// Bids per CATS auction, one cell each.
        public var bids: [Int]
        /// Samples (profiles or auctions) per cell.
        public var samples: Int

        /// Creates parameters (checked by ``validate()`` when a plan is made of them).
        public init(agents: [Int], units: [Int]? = nil, distributions: [UnitsDistribution] = [.uniform, .normal],
                    catsDistributions: [CATSDistribution] = [], goods: Int = 6, bids: [Int] = [], samples: Int = 100) {
            self.agents = agents
            self.units = units
            self.distributions = distributions
            self.catsDistributions = catsDistributions
            self.goods = goods
            self.bids = bids
            self.samples = samples
        }

        public var planParameters: [String: Any] {
            ["agents": agents, "units": units.map { $0 as Any } ?? "all", "distributions": distributions.map(\.rawValue),
             "catsDistributions": catsDistributions.map(\.rawValue), "goods": goods, "bids": bids, "samples": samples]
        }

        public init(planParameters node: JSONValue) throws {
            agents = try node["agents"].array().map { try $0.integer() }
            let u = try node["units"]
            if let all = try? u.string() {
                guard all == "all" else { throw u.error("units must be \"all\" or a list of integers") }
                units = nil
            } else {
                units = try u.array().map { try $0.integer() }
            }
            distributions = try node["distributions"].array().map { d in
                guard let dist = UnitsDistribution(rawValue: try d.string()) else { throw d.error("unknown value distribution") }
                return dist
            }
            catsDistributions = try node["catsDistributions"].array().map { d in
                guard let dist = CATSDistribution(rawValue: try d.string()) else { throw d.error("unknown CATS distribution") }
                return dist
            }
            goods = try node["goods"].integer()
            bids = try node["bids"].array().map { try $0.integer() }
            samples = try node["samples"].integer()
        }

        public func validate() throws {
            func bad(_ parameter: String, _ message: String) -> ExperimentError {
                .invalidParameter(parameter: parameter, message: message)
            }
            guard !agents.isEmpty || !catsDistributions.isEmpty else {
                throw bad("agents", "give numbers of agents for units cells or CATS distributions (or both)")
            }
            guard agents.allSatisfy({ (3...30).contains($0) }) else {
                throw bad("agents", "numbers of agents must be in 3...30 (n ≥ m + 2 with m ≥ 1)")
            }
            guard Set(agents).count == agents.count else { throw bad("agents", "a number of agents is listed twice") }
            if let units {
                guard !units.isEmpty, units.allSatisfy({ $0 >= 1 }) else { throw bad("units", "give positive numbers of units, or all") }
                guard Set(units).count == units.count else { throw bad("units", "a number of units is listed twice") }
                if !agents.isEmpty, unitsCells.isEmpty { throw bad("units", "no listed m satisfies m ≤ n − 2 for a listed n") }
            }
            if !agents.isEmpty {
                guard !distributions.isEmpty else { throw bad("distributions", "give at least one value distribution") }
                guard Set(distributions).count == distributions.count else { throw bad("distributions", "a distribution is listed twice") }
            }
            guard Set(catsDistributions).count == catsDistributions.count else {
                throw bad("catsDistributions", "a distribution is listed twice")
            }
            if !catsDistributions.isEmpty {
                guard goods >= 1 else { throw bad("goods", "an auction needs at least one good") }
                guard !bids.isEmpty, bids.allSatisfy({ $0 >= 1 }) else { throw bad("bids", "give positive numbers of bids") }
                guard Set(bids).count == bids.count else { throw bad("bids", "a number of bids is listed twice") }
            }
            guard samples >= 1 else { throw bad("samples", "at least 1 sample per cell is needed") }
        }

        /// The "units" cells (distribution, n, m) in order.
        var unitsCells: [(UnitsDistribution, Int, Int)] {
            distributions.flatMap { d in
                agents.flatMap { n in
                    (units ?? Array(1...max(1, n - 2))).filter { $0 >= 1 && $0 <= n - 2 }.map { (d, n, $0) }
                }
            }
        }
    }

    /// The key of a "units" cell, e.g. `units;dist=uniform;n=10;m=3`.
    public static func unitsCell(_ d: UnitsDistribution, agents n: Int, units m: Int) -> String { "units;dist=\(d.rawValue);n=\(n);m=\(m)" }
    /// The key of a CATS cell, e.g. `cats;dist=regions;goods=6;bids=20`.
    public static func catsCell(_ d: CATSDistribution, goods: Int, bids: Int) -> String { "cats;dist=\(d.rawValue);goods=\(goods);bids=\(bids)" }

    private enum Cell {
        case units(UnitsDistribution, Int, Int)
        case cats(CATSDistribution, Int)
    }

    private static func cells(_ p: Parameters) -> [(String, Cell)] {
        p.unitsCells.map { (unitsCell($0.0, agents: $0.1, units: $0.2), Cell.units($0.0, $0.1, $0.2)) }
            + p.catsDistributions.flatMap { d in p.bids.map { (catsCell(d, goods: p.goods, bids: $0), Cell.cats(d, $0)) } }
    }

    public static func items(_ p: Parameters) -> [WorkItem] {
        cells(p).flatMap { key, _ in (0..<p.samples).map { WorkItem(cell: key, sample: $0) } }
    }

    public static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
                                   options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] {
        let all = Dictionary(uniqueKeysWithValues: cells(p))
        // One study per pending units cell (OEL's program is solved once per cell).
        var studies: [String: UnitsRedistributionStudy] = [:]
        for key in Set(pending.map(\.cell)).sorted() {
            guard case .units(let d, let n, let m)? = all[key] else { continue }
            studies[key] = try UnitsRedistributionStudy(
                UnitsRedistributionCell(agents: n, units: m, distribution: d.values, mechanisms: unitsMechanisms))
        }
        let prepared = studies
        let goods = p.goods
        return { item in
            switch all[item.cell]! {
            case .units(let d, let n, _):
                return measureUnits(prepared[item.cell]!, values: unitsProfile(d, agents: n, seed: seed, stream: item.stream))
            case .cats(let d, let bids):
                return try measureCATS(distribution: d, goods: goods, bids: bids, seed: seed, stream: item.stream)
            }
        }
    }

    /// The values of one "units" sample: n i.i.d. draws from the item's own random stream.
    public static func unitsProfile(_ d: UnitsDistribution, agents n: Int, seed: UInt64, stream: UInt64) -> [Double] {
        var rng = SeededGenerator(seed: seed, stream: stream)
        return (0..<n).map { _ in
            switch d {
            case .uniform: return Double.random(in: 0...100, using: &rng)
            case .normal:
                var x: Double
                repeat { x = 50 + 12.5 * rng.nextGaussian() } while x < 0
                return x
            }
        }
    }

    /// Every units mechanism's metrics on one profile (``UnitsRedistributionStudy/evaluate(values:index:)``).
    public static func measureUnits(_ study: UnitsRedistributionStudy, values: [Double]) -> [String: Double] {
        let sample = study.evaluate(values: values)
        let scale = max(1, values.max() ?? 0)
        var metrics: [String: Double] = ["welfare": sample.welfare, "vcgRevenue": sample.vcgRevenue, "bidders": Double(values.count)]
        for outcome in sample.outcomes {
            let name = outcome.mechanism.rawValue
            if let r = outcome.shareRedistributed {
                metrics[name + ".redistributed"] = r
                metrics[name + ".deficit"] = r * sample.vcgRevenue > sample.vcgRevenue + 1e-9 * scale ? 1 : 0
            } else {
                metrics[name + ".deficit"] = 0
            }
            metrics[name + ".kept"] = outcome.shareKept
            metrics[name + ".spread"] = outcome.utilitySpread
            metrics[name + ".envy"] = outcome.maxEnvy
        }
        return metrics
    }

    /// VCG, RM and Bailey's rule on one generated CATS auction (drawn from the stream).
    public static func measureCATS(distribution d: CATSDistribution, goods: Int, bids: Int, seed: UInt64, stream: UInt64) throws -> [String: Double] {
        var rng = SeededGenerator(seed: seed, stream: stream)
        let file = try d.generate(goods: goods, bids: bids, seed: rng.next())
        let auction = BidAuction(cats: file, name: "cats", domain: .bids, upper: .infinity)
        let engine = CombinatorialRevenueGuarantees(auction)
        let (vcg, winning) = try engine.vickreyClarkeGroves()
        let n = auction.bidders.count
        // Bailey's R_{-i} first: they settle the revenue guarantees' cuts at a report of 0.
        let bailey = try engine.revenuesWithout().map { $0 / Double(n) }
        let rm = try engine.revenueGuarantees().map { $0.guarantee / Double(n) }
        let bundles = (0..<n).map { winning[$0] >= 0 ? auction.bids[$0][winning[$0]].goods : nil }
        // v_i(S): bidder i's XOR value of bundle S (its best bid contained in S).
        let valueOf = (0..<n).map { i in
            (0..<n).map { j -> Double in
                guard let s = bundles[j] else { return 0 }
                return auction.bids[i].filter { $0.goods.isSubset(of: s) }.map(\.value).max() ?? 0
            }
        }
        let z = [(RedistributionMechanismName.vcg, Array(repeating: 0.0, count: n)), (.rm, rm), (.bailey, bailey)]
        return outcomeMetrics(values: vcg.values, payments: vcg.payments, welfare: vcg.welfare, revenue: vcg.revenue,
                              crossValues: valueOf, rebates: z)
    }

    /// The metrics of given rebates on one outcome: `crossValues[i][j]` is agent i's value for
    /// agent j's part of the outcome (so `crossValues[i][i]` is i's own value).
    public static func outcomeMetrics(values: [Double], payments: [Double], welfare W: Double, revenue R: Double,
                                      crossValues: [[Double]], rebates: [(RedistributionMechanismName, [Double])]) -> [String: Double] {
        let n = values.count
        let scale = max(1, abs(W), R)
        let tol = 1e-9 * scale
        var metrics: [String: Double] = ["welfare": W, "vcgRevenue": R, "bidders": Double(n)]
        for (mechanism, z) in rebates {
            let name = mechanism.rawValue
            let t = (0..<n).map { z[$0] - payments[$0] }
            let u = (0..<n).map { values[$0] + t[$0] }
            let total = z.reduce(0, +)
            var envy = 0.0
            for i in 0..<n { for j in 0..<n where j != i { envy = max(envy, crossValues[i][j] + t[j] - u[i]) } }
            if R > tol { metrics[name + ".redistributed"] = total / R }
            metrics[name + ".kept"] = W > tol ? u.reduce(0, +) / W : 1
            metrics[name + ".spread"] = (u.max() ?? 0) - (u.min() ?? 0)
            metrics[name + ".envy"] = envy > tol ? envy : 0
            metrics[name + ".deficit"] = total > R + tol * Double(max(1, n)) ? 1 : 0
        }
        return metrics
    }

    /// The CSV's summarized columns: (CSV name, logged metric suffix, factor to the CSV's unit).
    static let columns: [(name: String, metric: String, scale: Double)] = [
        ("redistributedPct", "redistributed", 100), ("keptPct", "kept", 100), ("utilitySpread", "spread", 1), ("envy", "envy", 1),
    ]

    public static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] {
        let items = self.items(p)
        let aggregated = ExperimentRunner.aggregate(items: items, records: records).cells
        let byCell = Dictionary(uniqueKeysWithValues: aggregated.map { ($0.cell, $0.metrics) })
        // Worst cases found: the minimum over a cell's samples (in sample order).
        var worst: [String: [String: Double]] = [:]
        for item in items {
            guard let m = records[item.key]?.metrics else { continue }
            for (name, x) in m where name.hasSuffix(".redistributed") || name.hasSuffix(".kept") {
                worst[item.cell, default: [:]][name] = min(worst[item.cell]?[name] ?? .infinity, x)
            }
        }
        var table = CSVTable(header: ["setting", "distribution", "agents", "units", "goods", "bids", "mechanism", "samples",
                                      "biddersMean", "welfareMean", "vcgRevenueMean"]
                             + columns.flatMap { ExperimentCSV.summaryColumns($0.name) }
                             + ["worstRedistributedPct", "worstKeptPct", "worstCaseRedistributedPct", "envyFrequencyPct", "deficitPct"])
        var alpha: [String: Double] = [:]
        for (key, cell) in cells(p) {
            let m = byCell[key] ?? [:]
            let fields: [String], mechanisms: [RedistributionMechanismName]
            switch cell {
            case .units(let d, let n, let units):
                fields = ["units", d.rawValue, String(n), String(units), "", ""]
                mechanisms = unitsMechanisms
                alpha["rm"] = baileyCavalloRebate(agents: n, units: units).worstCaseShare
                alpha["bailey"] = alpha["rm"]
                alpha["wco"] = worstCaseOptimalShare(agents: n, units: units)
                alpha["vcg"] = 0
                alpha["oel"] = nil
            case .cats(let d, let bids):
                fields = ["cats", d.rawValue, "", "", String(p.goods), String(bids)]
                mechanisms = catsMechanisms
                alpha = [:]
            }
            for mechanism in mechanisms {
                let name = mechanism.rawValue
                let count = m["welfare"]?.count ?? 0
                let envyFrequency = fraction(records: records, items: items, cell: key) { ($0[name + ".envy"] ?? 0) > 0 }
                let deficit = m[name + ".deficit"]
                table.append(fields + [name, String(count)]
                             + ["bidders", "welfare", "vcgRevenue"].map { m[$0].map { formatNumber($0.mean) } ?? "nan" }
                             + columns.flatMap { ExperimentCSV.summaryFields(m[name + "." + $0.metric], scale: $0.scale) }
                             + [worst[key]?[name + ".redistributed"].map { formatNumber(100 * $0) } ?? "nan",
                                worst[key]?[name + ".kept"].map { formatNumber(100 * $0) } ?? "nan",
                                alpha[name].map { formatNumber(100 * $0) } ?? "nan",
                                envyFrequency.map { formatNumber(100 * $0) } ?? "nan",
                                deficit.map { formatNumber(100 * $0.mean) } ?? "nan"])
            }
        }
        var outputs = [ExperimentOutput(name: "redistribution.csv", contents: table.text)]
        outputs += unitsFigures(p, byCell: byCell, worst: worst)
        if !p.catsDistributions.isEmpty { outputs.append(catsFigure(p, byCell: byCell)) }
        return outputs
    }

    private static func fraction(records: [String: ResultRecord], items: [WorkItem], cell: String,
                                 _ predicate: ([String: Double]) -> Bool) -> Double? {
        let ms = items.filter { $0.cell == cell }.compactMap { records[$0.key]?.metrics }
        return ms.isEmpty ? nil : Double(ms.filter(predicate).count) / Double(ms.count)
    }

    /// Per units distribution: % of value kept against n, and the worst share of VCG revenue
    /// redistributed found against n (with each linear rebate's worst case over all profiles),
    /// at the smallest m of the grid.
    private static func unitsFigures(_ p: Parameters, byCell: [String: [String: Summary]], worst: [String: [String: Double]]) -> [ExperimentOutput] {
        guard !p.agents.isEmpty else { return [] }
        let m = p.units?.min() ?? 1
        let ns = p.agents.sorted().filter { m <= $0 - 2 }
        var outputs: [ExperimentOutput] = []
        for d in p.distributions {
            var kept: [ChartSeries] = [], worstSeries: [ChartSeries] = []
            for (k, mechanism) in unitsMechanisms.enumerated() {
                let name = mechanism.rawValue
                let points = ns.compactMap { n -> ChartPoint? in
                    guard let s = byCell[unitsCell(d, agents: n, units: m)]?[name + ".kept"] else { return nil }
                    return ChartPoint(x: Double(n), y: 100 * s.mean, lower: 100 * s.lower95, upper: 100 * s.upper95)
                }
                kept.append(ChartSeries(name: label(mechanism), points: points, dashed: mechanism == .vcg, colorIndex: k))
                guard mechanism != .vcg else { continue }
                let found = ns.compactMap { n -> ChartPoint? in
                    worst[unitsCell(d, agents: n, units: m)]?[name + ".redistributed"].map { ChartPoint(x: Double(n), y: 100 * $0) }
                }
                worstSeries.append(ChartSeries(name: label(mechanism) + " (found)", points: found, colorIndex: k))
            }
            let guarantees: [(String, (Int) -> Double, Int)] = [
                ("RM/Bailey guarantee", { baileyCavalloRebate(agents: $0, units: m).worstCaseShare }, 1),
                ("WCO guarantee α*", { worstCaseOptimalShare(agents: $0, units: m) }, 3),
            ]
            for (title, f, color) in guarantees {
                worstSeries.append(ChartSeries(name: title, points: ns.map { ChartPoint(x: Double($0), y: 100 * f($0)) }, dashed: true, colorIndex: color))
            }
            let dist = d.values.name
            outputs.append(ExperimentOutput(name: "kept-units-\(d.rawValue).svg", contents: LineChart(
                title: "Share of value kept, \(m) unit\(m == 1 ? "" : "s"), values \(dist)", xLabel: "number of agents n",
                yLabel: "% of efficient value kept", series: kept).svg()))
            outputs.append(ExperimentOutput(name: "worst-units-\(d.rawValue).svg", contents: LineChart(
                title: "Worst share of VCG revenue redistributed, \(m) unit\(m == 1 ? "" : "s"), values \(dist)",
                xLabel: "number of agents n", yLabel: "% of VCG revenue redistributed", series: worstSeries).svg()))
        }
        return outputs
    }

    private static func label(_ m: RedistributionMechanismName) -> String {
        switch m {
        case .vcg: return "VCG"
        case .rm: return "RM"
        case .bailey: return "Bailey"
        case .wco: return "WCO"
        case .oel: return "OEL"
        default: return m.rawValue
        }
    }

    /// % of value kept against the mean number of bidders, per CATS distribution and mechanism.
    private static func catsFigure(_ p: Parameters, byCell: [String: [String: Summary]]) -> ExperimentOutput {
        var series: [ChartSeries] = []
        for (k, d) in p.catsDistributions.enumerated() {
            for (j, mechanism) in catsMechanisms.enumerated() {
                let points = p.bids.compactMap { b -> ChartPoint? in
                    guard let m = byCell[catsCell(d, goods: p.goods, bids: b)], let x = m["bidders"],
                          let y = m[mechanism.rawValue + ".kept"] else { return nil }
                    return ChartPoint(x: x.mean, y: 100 * y.mean, lower: 100 * y.lower95, upper: 100 * y.upper95)
                }
                series.append(ChartSeries(name: "\(d.rawValue) \(label(mechanism))", points: points, dashed: j == 0,
                                          colorIndex: k * catsMechanisms.count + j))
            }
        }
        return ExperimentOutput(name: "kept-cats.svg", contents: LineChart(
            title: "Share of value kept on CATS auctions (\(p.goods) goods)", xLabel: "number of bidders (mean per cell)",
            yLabel: "% of welfare kept", series: series).svg())
    }
}
