import Combinatorial
import Foundation
import InstanceIO
import Reporting
import RevenueGuarantee

/// The thesis's static experiment (Sec. 3.6.2, Figures 3.4 and 3.5; note ch3 §6): for every
/// cell (distribution, n, e), `samples` random outcome tables of ``ThesisOutcomeGenerator``
/// with n agents and n outcomes, each solved exactly under VCG and RM.
///
/// Per sample (definitions, all in percent):
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
enum StaticExperiment: ExperimentKind {
    static let kind = "static"

    /// The experiment's parameters (`plan.json` → `parameters`).
    struct Parameters: Equatable {
        /// Numbers of agents n (= numbers of outcomes).
        var agents: [Int]
        /// Exclusivity values e.
        var exclusivity: [Double]
        /// Value distributions.
        var distributions: [ThesisOutcomeGenerator.Distribution]
        /// Samples per cell (Figure 3.5, `static.csv`).
        var samples: Int
        /// Samples per cell used for Figure 3.4 (the first ones of each cell).
        var redistributionSamples: Int
        /// The type space the mechanism assumes.
        var domain: ThesisOutcomeGenerator.DomainReading
        /// How the revenue guarantees are computed.
        var method: RevenueGuaranteeMethod

        /// As a JSON object for `plan.json` (e values as shortest round-trip strings, so a
        /// plan read back compares equal bit for bit).
        var json: [String: Any] {
            ["agents": agents, "exclusivity": exclusivity.map { "\($0)" },
             "distributions": distributions.map(\.rawValue), "samples": samples,
             "redistributionSamples": redistributionSamples, "domain": domain.rawValue,
             "method": method.rawValue]
        }

        /// Reads the parameters back from a plan (errors name the plan file and JSON path).
        init(_ node: JSONValue) throws {
            agents = try node["agents"].array().map { a in
                let n = try a.integer()
                guard n >= 2 else { throw a.error("the number of agents must be at least 2") }
                return n
            }
            exclusivity = try node["exclusivity"].array().map { x in
                guard let e = Double(try x.string()), (0...1).contains(e) else { throw x.error("an exclusivity must be a number in [0, 1] written as a string") }
                return e
            }
            distributions = try node["distributions"].array().map { d in
                guard let v = ThesisOutcomeGenerator.Distribution(rawValue: try d.string()) else { throw d.error("unknown distribution") }
                return v
            }
            let s = try node["samples"]
            samples = try s.integer()
            guard samples >= 1 else { throw s.error("samples must be at least 1") }
            let r = try node["redistributionSamples"]
            redistributionSamples = try r.integer()
            guard (1...samples).contains(redistributionSamples) else { throw r.error("redistributionSamples must lie in [1, samples]") }
            let dn = try node["domain"]
            guard let d = ThesisOutcomeGenerator.DomainReading(rawValue: try dn.string()) else { throw dn.error("unknown domain") }
            domain = d
            let mn = try node["method"]
            guard let m = RevenueGuaranteeMethod(rawValue: try mn.string()) else { throw mn.error("unknown method") }
            method = m
            for (name, count) in [("agents", agents.count), ("exclusivity", exclusivity.count), ("distributions", distributions.count)] where count == 0 {
                throw node.error("\(name) is empty")
            }
        }

        /// Creates parameters (validated by the command).
        init(agents: [Int], exclusivity: [Double], distributions: [ThesisOutcomeGenerator.Distribution], samples: Int,
             redistributionSamples: Int, domain: ThesisOutcomeGenerator.DomainReading, method: RevenueGuaranteeMethod) {
            self.agents = agents
            self.exclusivity = exclusivity
            self.distributions = distributions
            self.samples = samples
            self.redistributionSamples = redistributionSamples
            self.domain = domain
            self.method = method
        }
    }

    /// One cell: a parameter setting.
    struct Cell: Hashable {
        /// Value distribution.
        var distribution: ThesisOutcomeGenerator.Distribution
        /// Number of agents (and outcomes).
        var agents: Int
        /// Exclusivity e.
        var exclusivity: Double
        /// The cell's key in the result log, e.g. `uniform,n=4,e=0.05`.
        var key: String { "\(distribution.rawValue),n=\(agents),e=\(exclusivity)" }
    }

    /// Cells in output order: distribution, then n, then e.
    static func cells(_ p: Parameters) -> [Cell] {
        p.distributions.flatMap { d in p.agents.flatMap { n in p.exclusivity.map { Cell(distribution: d, agents: n, exclusivity: $0) } } }
    }

    static func items(_ plan: ExperimentPlan) throws -> [WorkItem] {
        items(try Parameters(plan.parametersNode))
    }

    /// Every work item: each cell's samples 0..<samples.
    static func items(_ p: Parameters) -> [WorkItem] {
        cells(p).flatMap { c in (0..<p.samples).map { WorkItem(cell: c.key, sample: $0) } }
    }

    /// The generator seed of a work item: the first draw of its own stream of the run's seed
    /// (so it depends only on the seed and the item, not on cores, order or shards).
    static func instanceSeed(runSeed: UInt64, item: WorkItem) -> UInt64 {
        var rng = SeededGenerator(seed: runSeed, stream: item.stream)
        return rng.next()
    }

    /// The random instance of a work item.
    static func instance(_ cell: Cell, item: WorkItem, runSeed: UInt64, domain: ThesisOutcomeGenerator.DomainReading) -> StaticProblem {
        ThesisOutcomeGenerator.generate(agents: cell.agents, outcomes: cell.agents, exclusivity: cell.exclusivity,
                                        distribution: cell.distribution, domain: domain,
                                        seed: instanceSeed(runSeed: runSeed, item: item))
    }

    /// Solves one sample (RM with its invariant checks, one thread) and returns its metrics.
    static func measure(_ cell: Cell, item: WorkItem, runSeed: UInt64, parameters p: Parameters) throws -> [String: Double] {
        let problem = instance(cell, item: item, runSeed: runSeed, domain: p.domain)
        let result = try runMechanism(problem, .rm, options: RevenueGuaranteeOptions(method: p.method, jobs: 1))
        return metrics(welfare: result.vcg.welfare, vcgRevenue: result.vcg.revenue, redistributed: result.redistributed)
    }

    /// The per-sample metrics (see the type's documentation for the definitions).
    static func metrics(welfare W: Double, vcgRevenue R: Double, redistributed Z: Double) -> [String: Double] {
        var m: [String: Double] = ["welfare": W, "vcgRevenue": R, "redistributed": Z]
        if R > 1e-9 * max(1, abs(W)) { m["redistributedPct"] = 100 * Z / R }
        if W > 0 {
            m["keptRMPct"] = 100 * (W - R + Z) / W
            m["keptVCGPct"] = 100 * (W - R) / W
        }
        return m
    }

    // MARK: Outputs

    static func writeOutputs(_ plan: ExperimentPlan, records: [String: [String: Any]], to dir: String) throws {
        let p = try Parameters(plan.parametersNode)
        let outputs = render(p, records: records)
        for (name, text) in outputs { try writeAtomically(text, to: dir + "/" + name) }
    }

    /// The output files (name, contents): `static.csv`, `figure-3.4.csv`, `figure-3.4.svg`,
    /// `figure-3.5.svg`. Pure: depends only on the parameters and the records.
    static func render(_ p: Parameters, records: [String: [String: Any]]) -> [(String, String)] {
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
        return [("static.csv", table.text), ("figure-3.4.csv", fig34.text),
                ("figure-3.4.svg", SVGFigure(panels: panels34, columns: 1, panelWidth: 720, panelHeight: 460).svg()),
                ("figure-3.5.svg", SVGFigure(panels: panels35, columns: p.distributions.count, panelWidth: 520, panelHeight: 360).svg())]
    }
}
