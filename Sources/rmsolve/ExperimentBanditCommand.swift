import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic
import Parallel
import Reporting

/// `rmsolve experiment bandit`: the thesis's Figure 6.1 (§6.2.1) — share of value kept by the
/// agents under dynamic-VCG and dynamic-RM in Beta-Bernoulli bandits, per number of agents.
struct ExperimentBandit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandit",
        abstract: "Reproduce the thesis's Figure 6.1: value kept under dynamic-VCG and dynamic-RM in bandits.",
        discussion: """
            For every number of agents n, --samples instances of n Beta-Bernoulli arms with \
            types from --prior are drawn; for each, the expected shares of the optimal value V \
            kept by the agents (Cor. 5.4; corrected eq. 6.20) are computed exactly from subset \
            values (Whittle's formula on arms truncated at --beta-depth). Writes into --out: \
            plan.json, results.jsonl (one line per finished sample: rerun with the same flags \
            to resume), bandit.csv (per n: mean and 95% interval of the % kept under each \
            mechanism) and figure-6.1.svg. With --shard K/N only the K-th of N slices is run \
            (no CSV/plot); combine the shard directories with `rmsolve merge`.
            """)

    @Option(help: "Numbers of agents: A...B or a comma-separated list (each ≥ 2).") var agents: String = "2...10"
    @Option(help: "Samples per number of agents (thesis: 100).") var samples: Int = 100
    @Option(help: "Discount factor γ (thesis: 0.8).") var discount: Double = 0.8
    @Option(help: "Type prior: uniform (thesis) or normal (the note's guess; unstated in the thesis).") var prior: String = "uniform"
    @Option(help: "Truncation depth D of the Beta arms (value error ≤ γ^D/(1−γ) per arm).") var betaDepth: Int = 60
    @Option(help: "The random seed.") var seed: UInt64
    @Option(help: "The output directory (created; rerun with the same flags to resume).") var out: String
    @Option(help: "Run only slice K of N (K/N) of the samples.") var shard: String?
    @Option(help: "Worker threads.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(name: .customLong("no-progress"), help: "No progress bar (it is shown only on a terminal anyway).") var noProgress = false

    /// The validated parameters.
    func parameters() throws -> BanditExperiment.Parameters {
        let ns: [Int]
        if let range = agents.range(of: "...") {
            guard let a = Int(agents[..<range.lowerBound]), let b = Int(agents[range.upperBound...]), a >= 2, b >= a else {
                throw ValidationError("--agents expects A...B with 2 ≤ A ≤ B, got \"\(agents)\"")
            }
            ns = Array(a...b)
        } else {
            ns = try agents.split(separator: ",", omittingEmptySubsequences: false).map { t in
                guard let n = Int(t.trimmingCharacters(in: .whitespaces)), n >= 2 else {
                    throw ValidationError("--agents expects integers ≥ 2, got \"\(agents)\"")
                }
                return n
            }
            guard Set(ns).count == ns.count else { throw ValidationError("--agents lists a number twice") }
        }
        guard let p = BetaTypePrior(rawValue: prior) else { throw ValidationError("--prior expects uniform or normal, got \"\(prior)\"") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard discount > 0, discount < 1 else { throw ValidationError("--discount must lie strictly between 0 and 1") }
        guard (1...400).contains(betaDepth) else { throw ValidationError("--beta-depth must lie in 1...400") }
        return BanditExperiment.Parameters(agents: ns, samples: samples, discount: discount, prior: p, betaDepth: betaDepth)
    }

    func validate() throws {
        try validateExperimentRunOptions(jobs: jobs, shard: shard)
        _ = try parameters()
    }

    func run() throws {
        try reportingErrors {
            let p = try parameters()
            let shard = try shard.map(Shard.init(parsing:)) ?? .whole
            try BanditExperiment.run(p, seed: seed, shard: shard, dir: out, jobs: jobs, progress: noProgress ? false : nil)
            if shard == .whole {
                print("wrote \(out)/bandit.csv and \(out)/figure-6.1.svg")
            } else {
                print("shard \(shard) done in \(out); combine the shards with `rmsolve merge DIR... --out OUT`")
            }
        }
    }
}

/// The Figure 6.1 experiment as an ``ExperimentKind`` (so `rmsolve merge` finishes its shards):
/// its work items from the plan's parameters, and its outputs from the parameters and the
/// records of all items (``outputs(_:records:)`` / ``writeOutputs(_:records:to:)``).
///
/// `plan.json` holds `{"kind": "bandit", "seed": "S", "shard": "K/N", "parameters":
/// {"agents": [...], "samples": 100, "discount": "0.8", "prior": "uniform", "betaDepth": 60}}`.
enum BanditExperiment: ExperimentKind {
    /// The `kind` of `plan.json`.
    static let kind = "bandit"

    /// The experiment's parameters.
    struct Parameters: Equatable {
        /// Numbers of agents, one cell each.
        var agents: [Int]
        /// Samples per cell.
        var samples: Int
        /// γ.
        var discount: Double
        /// The type prior.
        var prior: BetaTypePrior
        /// Truncation depth of the Beta arms.
        var betaDepth: Int

        /// The parameters as the `parameters` object of `plan.json`.
        var json: [String: Any] {
            // γ as its shortest round-trip text (plans compare as canonical JSON text).
            ["agents": agents, "samples": samples, "discount": "\(discount)", "prior": prior.rawValue, "betaDepth": betaDepth]
        }

        /// Reads the `parameters` object of a plan (errors name the file and JSON path).
        init(json node: JSONValue) throws {
            agents = try node["agents"].array().map { n -> Int in
                let x = try n.number()
                guard x == x.rounded(), x >= 2 else { throw n.error("a number of agents must be an integer ≥ 2") }
                return Int(x)
            }
            let samplesNode = try node["samples"]
            samples = try samplesNode.integer()
            guard samples >= 1 else { throw samplesNode.error("samples must be at least 1") }
            let discountNode = try node["discount"]
            guard let gamma = discountNode.raw is String ? Double(try discountNode.string()) : try discountNode.number() else {
                throw discountNode.error("the discount must be a number")
            }
            discount = gamma
            guard discount > 0, discount < 1 else { throw discountNode.error("the discount must lie strictly between 0 and 1") }
            let priorNode = try node["prior"]
            guard let p = BetaTypePrior(rawValue: try priorNode.string()) else { throw priorNode.error("prior must be uniform or normal") }
            prior = p
            let depthNode = try node["betaDepth"]
            betaDepth = try depthNode.integer()
            guard (1...400).contains(betaDepth) else { throw depthNode.error("betaDepth must lie in 1...400") }
        }

        /// Creates parameters.
        init(agents: [Int], samples: Int, discount: Double, prior: BetaTypePrior, betaDepth: Int) {
            self.agents = agents
            self.samples = samples
            self.discount = discount
            self.prior = prior
            self.betaDepth = betaDepth
        }
    }

    /// Every work item of the plan (``ExperimentKind``).
    static func items(_ plan: ExperimentPlan) throws -> [WorkItem] {
        items(try Parameters(json: plan.parametersNode))
    }

    /// Writes the outputs of a complete run (``ExperimentKind``, used by `rmsolve merge`).
    static func writeOutputs(_ plan: ExperimentPlan, records: [String: [String: Any]], to dir: String) throws {
        try writeOutputs(try Parameters(json: plan.parametersNode), records: records, to: dir)
    }

    /// One cell per number of agents, `n=K`, samples 0..<samples each.
    static func items(_ p: Parameters) -> [WorkItem] {
        p.agents.flatMap { n in (0..<p.samples).map { WorkItem(cell: "n=\(n)", sample: $0) } }
    }

    /// The types of one item: n draws from the prior on the item's own seed stream.
    static func types(of item: WorkItem, _ p: Parameters, seed: UInt64) -> [BetaType] {
        let n = Int(item.cell.dropFirst(2))!
        var rng = SeededGenerator(seed: seed, stream: item.stream)
        return (0..<n).map { _ in let t = p.prior.draw(using: &rng); return BetaType(alpha: t.alpha, beta: t.beta) }
    }

    /// An integer Beta type.
    struct BetaType: Hashable, Sendable {
        var alpha: Int
        var beta: Int
    }

    /// Runs this shard's pending items in `dir` (resuming; ``ExperimentPlan/prepare(dir:)``
    /// refuses a directory of another experiment or shard), then writes the outputs when the
    /// run is whole (``runExperiment(_:plan:dir:jobs:label:progress:_:)``). Curves are built
    /// first, once per distinct type of the pending items (at most 190), concurrently.
    static func run(_ p: Parameters, seed: UInt64, shard: Shard, dir: String, jobs: Int, progress: Bool?) throws {
        let plan = ExperimentPlan(kind: kind, seed: seed, parameters: p.json, shard: shard)
        try plan.prepare(dir: dir)
        let done = try ResultLog(path: ExperimentPlan.logPath(in: dir)).completedKeys
        let mine = items(p).enumerated().filter { shard.contains($0.offset) }.map(\.element)
        let pending = mine.filter { !done.contains($0.key) }
        let needed = Array(Set(pending.flatMap { types(of: $0, p, seed: seed) })).sorted { ($0.alpha, $0.beta) < ($1.alpha, $1.beta) }
        let curves = try buildCurves(needed, p, jobs: jobs, progress: progress)
        try runExperiment(BanditExperiment.self, plan: plan, dir: dir, jobs: jobs, label: "bandit", progress: progress) { item in
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

    /// `bandit.csv` and `figure-6.1.svg` from the parameters and the records of ALL items
    /// (keyed by ``WorkItem/key``; values as logged by ``ExperimentRunner``). Depends only on
    /// its arguments, so a merged run gives the same bytes as an unsharded one.
    static func outputs(_ p: Parameters, records: [String: [String: Any]]) -> (csv: String, svg: String) {
        let (cells, _) = ExperimentRunner.aggregate(items: items(p), records: records)
        var table = CSVTable(header: ["n", "samples", "vcg_kept_percent", "vcg_lower95", "vcg_upper95",
                                      "rm_kept_percent", "rm_lower95", "rm_upper95"])
        var vcgPoints: [ChartPoint] = [], rmPoints: [ChartPoint] = []
        for (cell, metrics) in cells {
            guard let vcg = metrics["vcgShare"], let rm = metrics["rmShare"] else { continue }
            let n = Double(Int(cell.dropFirst(2))!)
            table.append([String(Int(n)), String(vcg.count)] + [vcg.mean, vcg.lower95, vcg.upper95, rm.mean, rm.lower95, rm.upper95]
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
        return (table.text, chart.svg())
    }

    /// Writes ``outputs(_:records:)`` into `dir` as `bandit.csv` and `figure-6.1.svg`.
    static func writeOutputs(_ p: Parameters, records: [String: [String: Any]], to dir: String) throws {
        let (csv, svg) = outputs(p, records: records)
        try writeAtomically(csv, to: dir + "/bandit.csv")
        try writeAtomically(svg, to: dir + "/figure-6.1.svg")
    }
}
