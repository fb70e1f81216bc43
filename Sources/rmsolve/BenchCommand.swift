import ArgumentParser
import Combinatorial
import Foundation
import RevenueGuarantee

/// `rmsolve bench`: speed measurements (run them on a release build).
struct Bench: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Speed measurements; build with -c release.",
        subcommands: [BenchStatic.self, BenchCombinatorial.self, BenchWinnerDetermination.self, BenchMDPCommand.self, BenchGittinsCommand.self, BenchIOCommand.self])
}

/// Prints a benchmark's result as one JSON line (sorted keys).
func printJSONLine<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    print(String(decoding: try encoder.encode(value), as: UTF8.self))
}

/// `rmsolve bench static`: all revenue guarantees of a thesis-generator instance, by
/// ``benchmarkStaticRevenueGuarantees(agents:outcomes:exclusivity:seed:distribution:domain:method:jobs:baselineAgents:plainMIPAgents:)``.
struct BenchStatic: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "static",
        abstract: "Time all n revenue guarantees of a generated outcome-table instance (thesis §3.6.2).",
        discussion: """
            Prints one JSON line: seconds per phase (generate, VCG, all G_i by --method), and a \
            baseline measured in the same run: the thesis's big-M MIP (CBC) and the candidate LPs \
            (CLP) on the first --baseline-agents agents, extrapolated to all n, with the ratios \
            and the largest difference between the methods on the sampled agents.
            """)

    @Option(help: "Agents n (at least 2).") var agents: Int = 100
    @Option(help: "Outcomes.") var outcomes: Int = 100
    @Option(help: "Exclusivity e in [0, 1].") var exclusivity: Double = 0.5
    @OptionGroup var random: RandomOptions
    @Option(help: "The value distribution.") var distribution: ThesisOutcomeGenerator.Distribution = .uniform
    @Option(help: "The reading of the domain: absolute (a box) or relative (linear).") var domain: ThesisOutcomeGenerator.DomainReading = .absolute
    @Option(help: "How the revenue guarantees are computed (cg applies to auctions: see bench combinatorial).") var method: RevenueGuaranteeMethod = .auto
    @OptionGroup var parallel: ParallelOptions
    @Option(name: .customLong("baseline-agents"), help: "Agents solved by the MIP and LP baselines (0: none).")
    var baselineAgents: Int = 2
    @Option(name: .customLong("plain-mip-agents"), help: "Agents solved by the plain thesis MIP (no preprocessing; slow).")
    var plainMIPAgents: Int = 0

    func validate() throws {
        guard agents >= 2, outcomes >= 1 else { throw ValidationError("need at least 2 agents and 1 outcome") }
        guard (0...1).contains(exclusivity) else { throw ValidationError("--exclusivity must be in [0, 1]") }
        guard method != .cg else { throw ValidationError("--method cg applies to combinatorial auctions (see bench combinatorial)") }
    }

    func run() throws {
        try reportingErrors {
            try printJSONLine(try benchmarkStaticRevenueGuarantees(
                agents: agents, outcomes: outcomes, exclusivity: exclusivity, seed: random.seed, distribution: distribution,
                domain: domain, method: method, jobs: parallel.jobs, baselineAgents: baselineAgents, plainMIPAgents: plainMIPAgents))
        }
    }
}
