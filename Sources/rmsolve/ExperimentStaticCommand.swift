import ArgumentParser
import Combinatorial
import Experiments
import Foundation
import RevenueGuarantee

/// `rmsolve experiment static`: the thesis's Figures 3.4 and 3.5 (Sec. 3.6.2) reproduced —
/// resumable, on all cores, shardable. A shell around `StaticExperiment` of the Experiments library.
struct ExperimentStatic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "static",
        abstract: "Reproduce the thesis's Figures 3.4 and 3.5: RM vs VCG on random outcome tables.",
        discussion: """
            For every distribution, number of agents n and exclusivity e, --samples random \
            instances of the thesis's generator (n agents, n outcomes; see `rmsolve generate \
            outcomes`) are solved exactly under VCG and RM. Writes into --out, besides \
            plan.json, results.jsonl and runs.jsonl: static.csv (per cell: mean and 95% \
            interval of redistributedPct, the % of VCG revenue paid back; keptRMPct and \
            keptVCGPct, the % of the efficient outcome's value the agents keep), \
            figure-3.4.csv/.svg (the first --redistribution-samples samples of each cell) and \
            figure-3.5.svg. A sample without VCG revenue has no redistributedPct and is counted \
            in zeroRevenueSamples.
            """)

    @Option(help: "Numbers of agents n (= outcomes), comma-separated, each at least 2.") var agents: String = "4,8,20"
    @Option(help: ArgumentHelp("Exclusivity values in [0, 1]: an inclusive grid START:STOP:STEP or a comma-separated list.",
                               valueName: "grid-or-list"))
    var exclusivity: String = "0:1:0.05"
    @Option(help: "Samples per cell (Figure 3.5 and static.csv; the thesis: 200).") var samples: Int = 200
    @Option(name: .customLong("redistribution-samples"),
            help: "Samples per cell for Figure 3.4: the first ones of each cell, at most --samples (default: 100, the thesis's, or --samples when fewer).")
    var redistributionSamples: Int?
    @Option(help: "Value distributions, comma-separated: uniform, normal.") var distribution: String = "uniform,normal"
    @Option(help: "The type space: absolute (box) or relative (linear).") var domain: ThesisOutcomeGenerator.DomainReading = .absolute
    @Option(help: "How the revenue guarantees G_i are computed: auto (the fastest exact method), closed-form (absolute only), lp or mip.")
    var method: RevenueGuaranteeMethod = .auto
    @OptionGroup var random: RandomOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: ExperimentRunOptionGroup

    static let flags = ["agents": "--agents", "exclusivity": "--exclusivity", "distributions": "--distribution",
                        "samples": "--samples", "redistributionSamples": "--redistribution-samples", "method": "--method"]

    /// The experiment's plan (validated by the library).
    func plan() throws -> ExperimentPlan {
        let ns = try parseList(agents, flag: "--agents", expected: "comma-separated integers ≥ 2") { Int($0) }
        let ds = try parseList(distribution, flag: "--distribution", expected: "uniform and/or normal, comma-separated") {
            ThesisOutcomeGenerator.Distribution(rawValue: $0)
        }
        let parameters = StaticExperiment.Parameters(agents: ns, exclusivity: try parseExclusivity(exclusivity), distributions: ds,
                                                     samples: samples, redistributionSamples: redistributionSamples ?? min(100, samples),
                                                     domain: domain, method: method)
        return try experimentPlan(parameters, seed: random.seed, shard: output.parsedShard, flags: Self.flags)
    }

    func validate() throws { _ = try plan() }

    func run() throws {
        try runExperimentCommand(try plan(), options: output, jobs: parallel.jobs)
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
        values = try parseList(text, flag: "--exclusivity", expected: "numbers in [0, 1]") { Double($0) }
    }
    guard values.allSatisfy({ (0...1).contains($0) }) else { throw bad }
    return values
}
