import Foundation
import InstanceIO
import LPDynamic
import Parallel
import Reporting

/// The thesis's Figure 6.1 (Sec. 6.2.1): the share of the optimal value V kept by the agents
/// under dynamic-VCG and dynamic-RM in Beta-Bernoulli bandits, per number of agents. For every
/// number of agents n, `samples` instances of n arms with types drawn from the prior; for each,
/// the expected shares kept (Cor. 5.4 with the corrected eq. 6.20) are computed exactly from
/// subset values (Whittle's formula on arms truncated at depth `betaDepth`).
///
/// The result log holds per sample `vcgShare` and `rmShare` (fractions of V); `bandit.csv`
/// gives, per number of agents, `agents, samples, keptRMPctMean, keptRMPctLower95,
/// keptRMPctUpper95, keptVCGPctMean, keptVCGPctLower95, keptVCGPctUpper95` in percent of V
/// (``ExperimentCSV``), and `figure-6.1.svg` plots them.
public enum BanditExperiment: ExperimentKind {
    /// The experiment's parameters (`plan.json` → `parameters`: `{"agents": [...], "samples": 100,
    /// "discount": "0.8", "prior": "uniform", "betaDepth": 60}`).
    public struct Parameters: ExperimentParameters {
        public static let kind = "bandit"
        /// Numbers of agents, one cell each (each at least 2).
        public var agents: [Int]
        /// Samples per cell (the thesis: 100).
        public var samples: Int
        /// The discount factor γ, in (0, 1) (the thesis: 0.8).
        public var discount: Double
        /// The type prior.
        public var prior: BetaTypePrior
        /// Truncation depth D of the Beta arms (value error at most γ^D/(1−γ) per arm), 1...400.
        public var betaDepth: Int

        /// Creates parameters (checked by ``validate()`` when a plan is made of them).
        public init(agents: [Int], samples: Int = 100, discount: Double = 0.8, prior: BetaTypePrior = .uniform, betaDepth: Int = 60) {
            self.agents = agents
            self.samples = samples
            self.discount = discount
            self.prior = prior
            self.betaDepth = betaDepth
        }

        /// The parameters as the `parameters` object of `plan.json` (γ as its shortest
        /// round-trip text: plans compare as canonical JSON text).
        public var planParameters: [String: Any] {
            ["agents": agents, "samples": samples, "discount": "\(discount)", "prior": prior.rawValue, "betaDepth": betaDepth]
        }

        /// Reads the `parameters` object of a plan (errors name the file and JSON path).
        public init(planParameters node: JSONValue) throws {
            agents = try node["agents"].array().map { n -> Int in
                let x = try n.number()
                guard x == x.rounded(), abs(x) < 1e9 else { throw n.error("a number of agents must be an integer") }
                return Int(x)
            }
            samples = try node["samples"].integer()
            let discountNode = try node["discount"]
            guard let gamma = discountNode.raw is String ? Double(try discountNode.string()) : try discountNode.number() else {
                throw discountNode.error("the discount must be a number")
            }
            discount = gamma
            let priorNode = try node["prior"]
            guard let p = BetaTypePrior(rawValue: try priorNode.string()) else { throw priorNode.error("prior must be uniform or normal") }
            prior = p
            betaDepth = try node["betaDepth"].integer()
        }

        public func validate() throws {
            func bad(_ parameter: String, _ message: String) -> ExperimentError {
                .invalidParameter(parameter: parameter, message: message)
            }
            guard !agents.isEmpty else { throw bad("agents", "give at least one number of agents") }
            if let n = agents.first(where: { $0 < 2 }) { throw bad("agents", "every number of agents must be at least 2, got \(n)") }
            guard Set(agents).count == agents.count else { throw bad("agents", "a number of agents is listed twice") }
            guard samples >= 1 else { throw bad("samples", "at least 1 sample per number of agents is needed") }
            guard discount > 0, discount < 1 else { throw bad("discount", "the discount must lie strictly between 0 and 1") }
            guard (1...400).contains(betaDepth) else { throw bad("betaDepth", "the truncation depth must lie in 1...400") }
        }
    }

    /// One cell per number of agents, `n=K`, samples 0..<samples each.
    public static func items(_ p: Parameters) -> [WorkItem] {
        p.agents.flatMap { n in (0..<p.samples).map { WorkItem(cell: "n=\(n)", sample: $0) } }
    }

    /// An integer Beta type.
    public struct BetaType: Hashable, Sendable {
        public var alpha: Int
        public var beta: Int
    }

    /// The types of one item: n draws from the prior on the item's own stream of `seed`.
    public static func types(of item: WorkItem, _ p: Parameters, seed: UInt64) -> [BetaType] {
        let n = Int(item.cell.dropFirst(2))!
        var rng = SeededGenerator(seed: seed, stream: item.stream)
        return (0..<n).map { _ in let t = p.prior.draw(using: &rng); return BetaType(alpha: t.alpha, beta: t.beta) }
    }

    /// Builds the retirement curves of the distinct types of the pending items first (at most
    /// 190, on `options.jobs` threads), then measures each item from them.
    public static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
                                   options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] {
        let needed = Array(Set(pending.flatMap { types(of: $0, p, seed: seed) })).sorted { ($0.alpha, $0.beta) < ($1.alpha, $1.beta) }
        let curves = try buildCurves(needed, p, jobs: options.jobs, progress: options.progress)
        return { item in
            let arms = types(of: item, p, seed: seed).map { curves[$0]! }
            let share = try shareOfValueKept(curves: arms, discount: p.discount)
            return ["vcgShare": share.vcg, "rmShare": share.rm]
        }
    }

    /// The retirement curves of `types`, built on `jobs` threads with a progress bar.
    static func buildCurves(_ types: [BetaType], _ p: Parameters, jobs: Int, progress: Bool?) throws -> [BetaType: RetirementCurve] {
        let bar = progress.map { ProgressBar(total: types.count, label: "curves", enabled: $0) }
            ?? ProgressBar(total: types.count, label: "curves")
        let curves = try parallelMap(types.count, jobs: jobs) { k in
            let t = types[k]
            let curve = RetirementCurve(beta: try BetaArm(alpha: Double(t.alpha), beta: Double(t.beta)),
                                        discount: p.discount, depth: p.betaDepth)
            bar.advance()
            return curve
        }
        bar.finish()
        return Dictionary(uniqueKeysWithValues: zip(types, curves))
    }

    /// `bandit.csv` and `figure-6.1.svg` from the parameters and the records of ALL items.
    /// Depends only on its arguments, so a merged run gives the same bytes as an unsharded one.
    public static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] {
        let (cells, _) = ExperimentRunner.aggregate(items: items(p), records: records)
        var table = CSVTable(header: ["agents", "samples", "keptRMPctMean", "keptRMPctLower95", "keptRMPctUpper95",
                                      "keptVCGPctMean", "keptVCGPctLower95", "keptVCGPctUpper95"])
        var vcgPoints: [ChartPoint] = [], rmPoints: [ChartPoint] = []
        for (cell, metrics) in cells {
            guard let vcg = metrics["vcgShare"], let rm = metrics["rmShare"] else { continue }
            let n = Double(Int(cell.dropFirst(2))!)
            table.append([String(Int(n)), String(vcg.count)] + [rm.mean, rm.lower95, rm.upper95, vcg.mean, vcg.lower95, vcg.upper95]
                .map { formatNumber(100 * $0) })
            vcgPoints.append(ChartPoint(x: n, y: 100 * vcg.mean, lower: 100 * vcg.lower95, upper: 100 * vcg.upper95))
            rmPoints.append(ChartPoint(x: n, y: 100 * rm.mean, lower: 100 * rm.lower95, upper: 100 * rm.upper95))
        }
        let priorText = p.prior == .uniform ? "uniform prior" : "normal prior (guessed)"
        let chart = LineChart(
            title: "Figure 6.1 (γ = \(formatNumber(p.discount)), \(priorText), \(p.samples) samples)",
            xLabel: "number of agents", yLabel: "% of optimal value kept by the agents",
            series: [ChartSeries(name: "dynamic-RM", points: rmPoints, colorIndex: 0),
                     ChartSeries(name: "dynamic-VCG", points: vcgPoints, dashed: true, colorIndex: 1)],
            yRange: 0...100, legendCorner: .bottomLeft)
        return [ExperimentOutput(name: "bandit.csv", contents: table.text), ExperimentOutput(name: "figure-6.1.svg", contents: chart.svg())]
    }
}
