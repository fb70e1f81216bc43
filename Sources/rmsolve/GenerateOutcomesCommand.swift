import ArgumentParser
import Combinatorial
import Foundation

extension ThesisOutcomeGenerator.Distribution: ExpressibleByArgument {}
extension ThesisOutcomeGenerator.DomainReading: ExpressibleByArgument {}

/// `rmsolve generate outcomes`: one random outcome table of the thesis's simulations
/// (Sec. 3.6.2) as an instance file of kind "outcomes", domain included.
struct GenerateOutcomes: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "outcomes",
        abstract: "Generate an outcome table of the thesis's simulations (Sec. 3.6.2).",
        discussion: """
            n agents, n outcomes (outcome o_i belongs to agent i). maxval_i ~ U[0, 100]; \
            v_i(o_i) ~ U[0, maxval_i]; v_i(o_j) ~ U[0, (1-e)·maxval_i] for j ≠ i. Normal: \
            N(50, 12.5) and N((1-e)·50, (1-e)·12.5), clamped to the domain. --domain absolute \
            declares the box v_i(o_i) ∈ [0, 100], v_i(o_j) ∈ [0, (1-e)·100]; relative declares \
            v_i(o_j) ≤ (1-e)·v_i(o_i). The same seed gives the same file.
            """)

    @Option(help: "The number of agents n (and of outcomes), at least 2.") var agents: Int
    @Option(help: "The exclusivity e in [0, 1] (1: all-or-nothing).") var exclusivity: Double
    @Option(help: "The value distribution: uniform or normal.") var distribution: ThesisOutcomeGenerator.Distribution = .uniform
    @Option(help: "The type space declared in the file: absolute (box) or relative (linear).")
    var domain: ThesisOutcomeGenerator.DomainReading = .absolute
    @OptionGroup var random: RandomOptions
    @Option(help: "Write the file here (atomically) instead of standard output.") var out: String?

    func validate() throws {
        guard agents >= 2 else { throw ValidationError("--agents must be at least 2") }
        guard (0...1).contains(exclusivity) else { throw ValidationError("--exclusivity must lie in [0, 1]") }
    }

    func run() throws {
        try reportingErrors {
            let problem = ThesisOutcomeGenerator.generate(agents: agents, outcomes: agents, exclusivity: exclusivity,
                                                          distribution: distribution, domain: domain, seed: random.seed)
            guard let object = problem.outcomeTableJSONObject() else {
                throw ValidationError("internal: the generated problem is not an outcome table")
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
            let text = String(decoding: data, as: UTF8.self) + "\n"
            if let out {
                do { try writeAtomically(text, to: out) } catch {
                    printError("error: cannot write \(out): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}
