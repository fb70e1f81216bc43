import ArgumentParser
import Combinatorial
import Foundation
import Reporting
import RevenueGuarantee

/// `rmsolve experiment static`: the thesis's Figures 3.4 and 3.5 (Sec. 3.6.2) reproduced —
/// resumable, on all cores, shardable.
struct ExperimentStatic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "static",
        abstract: "Reproduce the thesis's Figures 3.4 and 3.5: RM vs VCG on random outcome tables.",
        discussion: """
            For every distribution, number of agents n and exclusivity e, --samples random \
            instances of the thesis's generator (n agents, n outcomes; see `rmsolve generate \
            outcomes`) are solved exactly (RM with the fastest exact method). Writes into \
            --out: plan.json, results.jsonl (one line per finished sample: an interrupted run \
            resumes when rerun with the same flags), static.csv (per cell: mean and 95% \
            interval of the % of VCG revenue redistributed, % of value kept under RM and \
            under VCG), figure-3.4.csv/.svg (the first --redistribution-samples samples of \
            each cell) and figure-3.5.svg. With --shard K/N only the K-th of N slices is run \
            (no CSV/plots); combine the shard directories with `rmsolve merge`.
            """)

    @Option(help: "Numbers of agents, comma-separated.") var agents: String = "4,8,20"
    @Option(help: "Exclusivity values: START:STOP:STEP or a comma-separated list, in [0, 1].") var exclusivity: String = "0:1:0.05"
    @Option(help: "Samples per cell (Figure 3.5 and static.csv; thesis: 200).") var samples: Int = 200
    @Option(name: .customLong("redistribution-samples"), help: "Samples per cell for Figure 3.4 (the first ones; thesis: 100).")
    var redistributionSamples: Int = 100
    @Option(help: "Distributions, comma-separated: uniform, normal.") var distribution: String = "uniform,normal"
    @Option(help: "absolute (box) or relative (linear) type space.") var domain: ThesisOutcomeGenerator.DomainReading = .absolute
    @Option(help: "How G_i is computed: auto, closed-form (absolute only), lp, mip.") var method: RevenueGuaranteeMethod = .auto
    @Option(help: "The random seed.") var seed: UInt64
    @Option(help: "The output directory (created; rerun with the same flags to resume).") var out: String
    @Option(help: "Run only slice K of N (K/N) of the samples.") var shard: String?
    @Option(help: "Worker threads.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Flag(name: .customLong("no-progress"), help: "No progress bar (it is shown only on a terminal anyway).") var noProgress = false

    /// The validated parameters.
    func parameters() throws -> StaticExperiment.Parameters {
        let ns = try agents.split(separator: ",", omittingEmptySubsequences: false).map { t -> Int in
            guard let n = Int(t.trimmingCharacters(in: .whitespaces)), n >= 2 else {
                throw ValidationError("--agents expects comma-separated integers ≥ 2, got \"\(agents)\"")
            }
            return n
        }
        guard Set(ns).count == ns.count else { throw ValidationError("--agents lists a number twice") }
        let es = try parseExclusivity(exclusivity)
        let ds = try distribution.split(separator: ",", omittingEmptySubsequences: false).map { t -> ThesisOutcomeGenerator.Distribution in
            guard let d = ThesisOutcomeGenerator.Distribution(rawValue: t.trimmingCharacters(in: .whitespaces)) else {
                throw ValidationError("--distribution expects uniform and/or normal, comma-separated, got \"\(distribution)\"")
            }
            return d
        }
        guard Set(ds).count == ds.count else { throw ValidationError("--distribution lists a distribution twice") }
        guard samples >= 1 else { throw ValidationError("--samples must be at least 1") }
        guard (1...samples).contains(redistributionSamples) else {
            throw ValidationError("--redistribution-samples must lie between 1 and --samples (\(samples))")
        }
        if method == .closedForm && domain == .relative {
            throw ValidationError("--method closed-form applies only to --domain absolute (box type spaces)")
        }
        return StaticExperiment.Parameters(agents: ns, exclusivity: es, distributions: ds, samples: samples,
                                           redistributionSamples: redistributionSamples, domain: domain, method: method)
    }

    func validate() throws {
        try validateExperimentRunOptions(jobs: jobs, shard: shard)
        _ = try parameters()
    }

    func run() throws {
        try reportingErrors {
            let p = try parameters()
            let plan = ExperimentPlan(kind: StaticExperiment.kind, seed: seed, parameters: p.json,
                                      shard: try shard.map(Shard.init(parsing:)) ?? .whole)
            let cells = Dictionary(uniqueKeysWithValues: StaticExperiment.cells(p).map { ($0.key, $0) })
            let runSeed = seed
            let start = Date()
            let count = try runExperiment(StaticExperiment.self, plan: plan, dir: out, jobs: jobs, label: "static",
                                          progress: noProgress ? false : nil) { item in
                try StaticExperiment.measure(cells[item.cell]!, item: item, runSeed: runSeed, parameters: p)
            }
            let seconds = String(format: "%.1f", Date().timeIntervalSince(start))
            if plan.shard == .whole {
                print("\(count) samples in \(seconds) s; wrote \(out)/static.csv, figure-3.4.csv, figure-3.4.svg, figure-3.5.svg")
            } else {
                print("shard \(plan.shard): \(count) samples in \(seconds) s logged in \(ExperimentPlan.logPath(in: out)); combine all shards with `rmsolve merge DIR... --out DIR`")
            }
        }
    }
}

/// Parses `START:STOP:STEP` (inclusive grid; each value rounded to 12 decimals so that
/// 0:1:0.05 gives 0.15, not 0.15000000000000002) or a comma-separated list.
func parseExclusivity(_ text: String) throws -> [Double] {
    let bad = ValidationError("--exclusivity expects START:STOP:STEP or a comma-separated list of numbers in [0, 1], got \"\(text)\"")
    var values: [Double]
    if text.contains(":") {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { Double($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 3, let a = parts[0], let b = parts[1], let step = parts[2], step > 0, b >= a else { throw bad }
        let k = ((b - a) / step).rounded()
        guard abs(a + k * step - b) <= 1e-9 * max(1, abs(b)), k <= 100_000 else {
            throw ValidationError("--exclusivity \(text): STOP − START must be a whole number of STEPs")
        }
        values = (0...Int(k)).map { ((a + Double($0) * step) * 1e12).rounded() / 1e12 }
    } else {
        values = try text.split(separator: ",", omittingEmptySubsequences: false).map {
            guard let x = Double($0.trimmingCharacters(in: .whitespaces)) else { throw bad }
            return x
        }
    }
    guard values.allSatisfy({ (0...1).contains($0) }) else { throw bad }
    guard Set(values).count == values.count else { throw ValidationError("--exclusivity lists a value twice") }
    return values
}
