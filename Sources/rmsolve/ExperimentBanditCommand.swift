import ArgumentParser
import Experiments
import Foundation
import LPDynamic

extension BetaTypePrior: ExpressibleByArgument {}

/// `rmsolve experiment bandit`: the thesis's Figure 6.1 (Sec. 6.2.1) — a shell around
/// `BanditExperiment` of the Experiments library.
struct ExperimentBandit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandit",
        abstract: "Reproduce the thesis's Figure 6.1: value kept under dynamic-VCG and dynamic-RM in bandits.",
        discussion: """
            For every number of agents n, --samples instances of n Beta-Bernoulli arms with \
            types from --prior are drawn; for each, the expected shares of the optimal value V \
            kept by the agents (Cor. 5.4; corrected eq. 6.20) are computed exactly from subset \
            values (Whittle's formula on arms truncated at --beta-depth). Writes into --out, \
            besides plan.json, results.jsonl and runs.jsonl: bandit.csv (per n: mean and 95% \
            interval of keptRMPct and keptVCGPct, the % of V kept under each mechanism) and \
            figure-6.1.svg.
            """)

    @Option(help: ArgumentHelp("Numbers of agents: A...B or a comma-separated list, each at least 2.", valueName: "range-or-list"))
    var agents: String = "2...10"
    @Option(help: "Samples per number of agents (the thesis: 100).") var samples: Int = 100
    @Option(help: "The discount factor γ, strictly between 0 and 1 (the thesis: 0.8).") var discount: Double = 0.8
    @Option(help: "The type prior: uniform (the thesis's) or normal (a guess; the thesis does not state it).")
    var prior: BetaTypePrior = .uniform
    @Option(name: .customLong("beta-depth"), help: "Truncation depth D of the Beta arms, 1...400 (value error at most γ^D/(1−γ) per arm).")
    var betaDepth: Int = 60
    @OptionGroup var random: RandomOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var output: ExperimentRunOptionGroup

    static let flags = ["agents": "--agents", "samples": "--samples", "discount": "--discount", "betaDepth": "--beta-depth"]

    /// The experiment's plan (validated by the library).
    func plan() throws -> ExperimentPlan {
        let ns: [Int]
        if let range = agents.range(of: "...") {
            guard let a = Int(agents[..<range.lowerBound]), let b = Int(agents[range.upperBound...]), a >= 2, b >= a else {
                throw ValidationError("--agents expects A...B with 2 ≤ A ≤ B, got \"\(agents)\"")
            }
            ns = Array(a...b)
        } else {
            ns = try parseList(agents, flag: "--agents", expected: "integers ≥ 2") { Int($0) }
        }
        let parameters = BanditExperiment.Parameters(agents: ns, samples: samples, discount: discount, prior: prior, betaDepth: betaDepth)
        return try experimentPlan(parameters, seed: random.seed, shard: output.parsedShard, flags: Self.flags)
    }

    func validate() throws { _ = try plan() }

    func run() throws {
        try runExperimentCommand(try plan(), options: output, jobs: parallel.jobs)
    }
}
