import Combinatorial
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee

/// The thesis's static experiment (Sec. 3.6.2, Figures 3.4 and 3.5): for every cell
/// (distribution, n, e), `samples` random outcome tables of ``ThesisOutcomeGenerator`` with
/// n agents and n outcomes, each solved exactly under VCG and RM.
///
/// Per sample (all shares in percent, like every experiment CSV):
/// - `redistributedPct = 100 · Σ_i Z_i / R`, the share of VCG revenue R paid back by RM.
///   UNDEFINED when R = 0 (no revenue to share; R ≤ 1e-9·max(1, W) counts as 0): such a
///   sample is logged without it, counted in the CSV's `zeroRevenueSamples`, and left out
///   of that mean (never silently: the CSV gives the count the mean is over).
/// - `keptRMPct = 100 · Σ_i u_i / W` with `u_i = v_i(o*) − p_i + Z_i` (RM utilities) and
///   `W = Σ_i v_i(o*)` the value of the efficient outcome: the share of the value the agents
///   keep (the rest, R − Σ Z_i, stays with the center). `= 100 · (W − R + Σ Z_i) / W`.
/// - `keptVCGPct = 100 · (W − R) / W`, the same under VCG.
///   Both undefined when W = 0 (then counted in `zeroWelfareSamples`).
/// Every sample also logs `welfare` W, `vcgRevenue` R and `redistributed` Σ Z_i.
///
/// Outputs: `static.csv` (per cell), `figure-3.4.csv`/`.svg` (the first
/// `redistributionSamples` samples of each cell) and `figure-3.5.svg`.
public enum StaticExperiment: ExperimentKind {
    /// The experiment's parameters (`plan.json` → `parameters`).
    public struct Parameters: ExperimentParameters {
        public static let kind = "static"
        /// Numbers of agents n (= numbers of outcomes), each at least 2.
        public var agents: [Int]
        /// Exclusivity values e, each in [0, 1].
        public var exclusivity: [Double]
        /// Value distributions.
        public var distributions: [ThesisOutcomeGenerator.Distribution]
        /// Samples per cell (Figure 3.5, `static.csv`; the thesis: 200).
        public var samples: Int
        /// Samples per cell used for Figure 3.4 (the first ones of each cell; the thesis: 100).
        public var redistributionSamples: Int
        /// The type space the mechanism assumes.
        public var domain: ThesisOutcomeGenerator.DomainReading
        /// How the revenue guarantees are computed.
        public var method: RevenueGuaranteeMethod

        /// Creates parameters (checked by ``validate()`` when a plan is made of them).
        /// `redistributionSamples` defaults to `samples`.
        public init(agents: [Int] = [4, 8, 20], exclusivity: [Double], distributions: [ThesisOutcomeGenerator.Distribution] = [.uniform, .normal],
                    samples: Int = 200, redistributionSamples: Int? = nil, domain: ThesisOutcomeGenerator.DomainReading = .absolute,
                    method: RevenueGuaranteeMethod = .auto) {
            self.agents = agents
            self.exclusivity = exclusivity
            self.distributions = distributions
            self.samples = samples
            self.redistributionSamples = redistributionSamples ?? samples
            self.domain = domain
            self.method = method
        }

        /// As the `parameters` object of `plan.json` (e values as shortest round-trip
        /// strings, so a plan read back compares equal bit for bit).
        public var planParameters: [String: Any] {
            ["agents": agents, "exclusivity": exclusivity.map { "\($0)" },
             "distributions": distributions.map(\.rawValue), "samples": samples,
             "redistributionSamples": redistributionSamples, "domain": domain.rawValue,
             "method": method.rawValue]
        }

        /// Reads the parameters back from a plan (errors name the plan file and JSON path).
        public init(planParameters node: JSONValue) throws {
            agents = try node["agents"].array().map { try $0.integer() }
            exclusivity = try node["exclusivity"].array().map { x in
                guard let e = Double(try x.string()) else { throw x.error("an exclusivity must be a number written as a string") }
                return e
            }
            distributions = try node["distributions"].array().map { d in
                guard let v = ThesisOutcomeGenerator.Distribution(rawValue: try d.string()) else { throw d.error("unknown distribution") }
                return v
            }
            samples = try node["samples"].integer()
            redistributionSamples = try node["redistributionSamples"].integer()
            let dn = try node["domain"]
            guard let d = ThesisOutcomeGenerator.DomainReading(rawValue: try dn.string()) else { throw dn.error("unknown domain") }
            domain = d
            let mn = try node["method"]
            guard let m = RevenueGuaranteeMethod(rawValue: try mn.string()) else { throw mn.error("unknown method") }
            method = m
        }

        public func validate() throws {
            func bad(_ parameter: String, _ message: String) -> ExperimentError {
                .invalidParameter(parameter: parameter, message: message)
            }
            guard !agents.isEmpty else { throw bad("agents", "give at least one number of agents") }
            if let n = agents.first(where: { $0 < 2 }) { throw bad("agents", "every number of agents must be at least 2, got \(n)") }
            guard Set(agents).count == agents.count else { throw bad("agents", "a number of agents is listed twice") }
            guard !exclusivity.isEmpty else { throw bad("exclusivity", "give at least one exclusivity") }
            if let e = exclusivity.first(where: { !(0...1).contains($0) }) {
                throw bad("exclusivity", "every exclusivity must lie in [0, 1], got \(e)")
            }
            guard Set(exclusivity).count == exclusivity.count else { throw bad("exclusivity", "an exclusivity is listed twice") }
            guard !distributions.isEmpty else { throw bad("distributions", "give at least one distribution") }
            guard Set(distributions).count == distributions.count else { throw bad("distributions", "a distribution is listed twice") }
            guard samples >= 1 else { throw bad("samples", "at least 1 sample per cell is needed") }
            guard (1...samples).contains(redistributionSamples) else {
                throw bad("redistributionSamples", "the samples for Figure 3.4 must lie between 1 and the samples per cell (\(samples))")
            }
            guard method != .cg else { throw bad("method", "constraint generation applies to combinatorial auctions, not outcome tables") }
            if method == .closedForm && domain == .relative {
                throw bad("method", "the closed-form method applies only to the absolute domain (box type spaces)")
            }
        }
    }

    /// One cell: a parameter setting.
    public struct Cell: Hashable, Sendable {
        /// Value distribution.
        public var distribution: ThesisOutcomeGenerator.Distribution
        /// Number of agents (and outcomes).
        public var agents: Int
        /// Exclusivity e.
        public var exclusivity: Double
        /// The cell's key in the result log, e.g. `uniform,n=4,e=0.05`.
        public var key: String { "\(distribution.rawValue),n=\(agents),e=\(exclusivity)" }
    }

    /// Cells in output order: distribution, then n, then e.
    public static func cells(_ p: Parameters) -> [Cell] {
        p.distributions.flatMap { d in p.agents.flatMap { n in p.exclusivity.map { Cell(distribution: d, agents: n, exclusivity: $0) } } }
    }

    /// Every work item: each cell's samples 0..<samples.
    public static func items(_ p: Parameters) -> [WorkItem] {
        cells(p).flatMap { c in (0..<p.samples).map { WorkItem(cell: c.key, sample: $0) } }
    }

    /// The generator seed of a work item: the first draw of its own stream of the run's seed
    /// (so it depends only on the seed and the item, not on cores, order or shards).
    public static func instanceSeed(runSeed: UInt64, item: WorkItem) -> UInt64 {
        var rng = SeededGenerator(seed: runSeed, stream: item.stream)
        return rng.next()
    }

    /// The random instance of a work item.
    public static func instance(_ cell: Cell, item: WorkItem, runSeed: UInt64, domain: ThesisOutcomeGenerator.DomainReading) -> StaticProblem {
        ThesisOutcomeGenerator.generate(agents: cell.agents, outcomes: cell.agents, exclusivity: cell.exclusivity,
                                        distribution: cell.distribution, domain: domain,
                                        seed: instanceSeed(runSeed: runSeed, item: item))
    }

    /// Solves one sample (RM with its invariant checks, one thread) and returns its metrics.
    public static func measure(_ cell: Cell, item: WorkItem, runSeed: UInt64, parameters p: Parameters) throws -> [String: Double] {
        let problem = instance(cell, item: item, runSeed: runSeed, domain: p.domain)
        let result = try runMechanism(problem, .rm, options: RevenueGuaranteeOptions(method: p.method, jobs: 1))
        return metrics(welfare: result.vcg.welfare, vcgRevenue: result.vcg.revenue, redistributed: result.redistributed)
    }

    /// The per-sample metrics (see the type's documentation for the definitions).
    public static func metrics(welfare W: Double, vcgRevenue R: Double, redistributed Z: Double) -> [String: Double] {
        var m: [String: Double] = ["welfare": W, "vcgRevenue": R, "redistributed": Z]
        if R > 1e-9 * max(1, abs(W)) { m["redistributedPct"] = 100 * Z / R }
        if W > 0 {
            m["keptRMPct"] = 100 * (W - R + Z) / W
            m["keptVCGPct"] = 100 * (W - R) / W
        }
        return m
    }

    // MARK: Outputs

    public static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
                                   options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] {
        let byKey = Dictionary(uniqueKeysWithValues: cells(p).map { ($0.key, $0) })
        return { item in try measure(byKey[item.cell]!, item: item, runSeed: seed, parameters: p) }
    }

    /// The output files: `static.csv`, `figure-3.4.csv`, `figure-3.4.svg`, `figure-3.5.svg`.
    /// Pure: depends only on the parameters and the records. Shares in percent (see
    /// ``ExperimentCSV``).
    public static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] {
        let all = ExperimentRunner.aggregate(items: items(p), records: records).cells
        let firsts = ExperimentRunner.aggregate(items: items(p).filter { $0.sample < p.redistributionSamples }, records: records).cells
        let byKey = Dictionary(uniqueKeysWithValues: cells(p).map { ($0.key, $0) })
        let summary = Dictionary(uniqueKeysWithValues: all.map { ($0.cell, $0.metrics) })
        let firstSummary = Dictionary(uniqueKeysWithValues: firsts.map { ($0.cell, $0.metrics) })

        var table = CSVTable(header: ["distribution", "agents", "exclusivity", "samples", "zeroRevenueSamples", "zeroWelfareSamples"]
            + ["redistributedPct", "keptRMPct", "keptVCGPct"].flatMap { [$0 + "Mean", $0 + "Lower95", $0 + "Upper95"] }
            + ["welfareMean", "vcgRevenueMean", "redistributedMean"])
        var fig34 = CSVTable(header: ["distribution", "agents", "exclusivity", "samples", "zeroRevenueSamples",
                                      "redistributedPctMean", "redistributedPctLower95", "redistributedPctUpper95"])
        func interval(_ s: Summary?) -> [String] {
            guard let s else { return ["nan", "nan", "nan"] }
            return [formatNumber(s.mean), formatNumber(s.lower95), formatNumber(s.upper95)]
        }
        for (key, m) in all {
            let c = byKey[key]!
            let n = m["welfare"]?.count ?? 0
            table.append([c.distribution.rawValue, String(c.agents), "\(c.exclusivity)", String(n),
                          String(n - (m["redistributedPct"]?.count ?? 0)), String(n - (m["keptRMPct"]?.count ?? 0))]
                         + interval(m["redistributedPct"]) + interval(m["keptRMPct"]) + interval(m["keptVCGPct"])
                         + [m["welfare"], m["vcgRevenue"], m["redistributed"]].map { formatNumber($0?.mean ?? .nan) })
        }
        for (key, m) in firsts {
            let c = byKey[key]!
            let n = m["welfare"]?.count ?? 0
            fig34.append([c.distribution.rawValue, String(c.agents), "\(c.exclusivity)", String(n),
                          String(n - (m["redistributedPct"]?.count ?? 0))] + interval(m["redistributedPct"]))
        }

        func points(_ d: ThesisOutcomeGenerator.Distribution, _ n: Int, _ metric: String,
                    _ source: [String: [String: Summary]]) -> [ChartPoint] {
            p.exclusivity.compactMap { e in
                guard let s = source[Cell(distribution: d, agents: n, exclusivity: e).key]?[metric], s.count > 0 else { return nil }
                return ChartPoint(x: e, y: s.mean, lower: s.lower95, upper: s.upper95)
            }
        }
        let xRange = (p.exclusivity.min()!)...(max(p.exclusivity.max()!, p.exclusivity.min()! + 1e-9))
        let domainText = p.domain == .absolute ? "absolute domain" : "relative domain"
        let panels34 = p.distributions.map { d in
            LineChart(title: "RM: % of VCG revenue redistributed — \(d.rawValue) values, \(domainText)",
                      xLabel: "exclusivity e", yLabel: "% redistributed (mean of \(p.redistributionSamples), 95% band)",
                      series: p.agents.enumerated().map { k, n in
                          ChartSeries(name: "\(n) agents", points: points(d, n, "redistributedPct", firstSummary), colorIndex: k)
                      }, xRange: xRange, yRange: 0...100)
        }
        var panels35: [LineChart] = []
        for n in p.agents {
            for d in p.distributions {
                panels35.append(LineChart(
                    title: "\(n) agents — \(d.rawValue) values, \(domainText)",
                    xLabel: "exclusivity e", yLabel: "% of value kept (mean of \(p.samples))",
                    series: [ChartSeries(name: "RM", points: points(d, n, "keptRMPct", summary), colorIndex: 0),
                             ChartSeries(name: "VCG", points: points(d, n, "keptVCGPct", summary), dashed: true, colorIndex: 1)],
                    xRange: xRange, yRange: 0...100, legendCorner: .bottomLeft))
            }
        }
        return [ExperimentOutput(name: "static.csv", contents: table.text),
                ExperimentOutput(name: "figure-3.4.csv", contents: fig34.text),
                ExperimentOutput(name: "figure-3.4.svg", contents: SVGFigure(panels: panels34, columns: 1, panelWidth: 720, panelHeight: 460).svg()),
                ExperimentOutput(name: "figure-3.5.svg", contents: SVGFigure(panels: panels35, columns: p.distributions.count, panelWidth: 520, panelHeight: 360).svg())]
    }
}
