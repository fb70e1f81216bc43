import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

extension InstanceForm: ExpressibleByArgument {}

/// Writes generated instance text to `--out` (atomically) or standard output.
private func emit(_ data: Data, out: String?) throws {
    if let out {
        try OutputFile.write(data, to: out)
    } else {
        FileHandle.standardOutput.write(data)
    }
}

/// `rmsolve generate mdp`: a random sparse kind "mdp" instance (``MDPInstance/random(states:actions:successors:discount:seed:)``).
struct GenerateMDP: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mdp",
        abstract: "Generate a random sparse MDP (kind \"mdp\"), in the compact or named form.",
        discussion: """
            Every action is available in every state and leads to --successors distinct \
            uniformly drawn states with normalised uniform weights; rewards r(s,a,s') are \
            uniform in [0, 1]. The compact form (the default) writes index-based row arrays \
            (docs/formats-compact.md); the named form one object per transition. The same seed \
            gives the same model in either form.
            """)

    @Option(help: "Number of states.") var states: Int = 1000
    @Option(help: "Actions per state.") var actions: Int = 4
    @Option(help: "Successors per state-action pair.") var successors: Int = 5
    @Option(help: "Discount γ in [0, 1).") var discount: Double = 0.9
    @Option(help: "compact (row arrays) or named (one object per transition).") var form: InstanceForm = .compact
    @OptionGroup var random: RandomOptions
    @Option(help: "Write the file here (atomically) instead of standard output.") var out: String?

    func validate() throws {
        guard states >= 1, actions >= 1 else { throw ValidationError("--states and --actions must be at least 1") }
        guard (1...states).contains(successors) else { throw ValidationError("--successors must be in 1...--states") }
        guard discount >= 0, discount < 1 else { throw ValidationError("--discount must lie in [0, 1)") }
    }

    func run() throws {
        try reportingErrors {
            let instance = try MDPInstance.random(states: states, actions: actions, successors: successors,
                                                  discount: discount, seed: random.seed)
            try emit(instance.jsonData(form: form), out: out)
        }
    }
}

/// `rmsolve generate bandit`: a kind "bandit" instance of random finite arms (``BanditInstance/random(arms:states:successors:discount:seed:)``).
struct GenerateBandit: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bandit",
        abstract: "Generate a bandit of random finite arms (kind \"bandit\"), in the compact or named form.",
        discussion: """
            Each arm has --states states; from each state --successors distinct uniformly drawn \
            states (default: all, a dense arm) with normalised positive uniform weights; rewards \
            uniform in [0, 1). Arm k is drawn from seed --seed + k. The compact form (the \
            default) writes dense rows, or sparse rows with "next" when fewer than half the \
            entries are positive (docs/formats-compact.md).
            """)

    @Option(help: "Number of arms.") var arms: Int = 1
    @Option(help: "States per arm.") var states: Int = 1000
    @Option(help: "Successors per state (default: every state).") var successors: Int?
    @Option(help: "Discount γ in (0, 1).") var discount: Double = 0.9
    @Option(help: "compact (row arrays) or named (state names as keys).") var form: InstanceForm = .compact
    @OptionGroup var random: RandomOptions
    @Option(help: "Write the file here (atomically) instead of standard output.") var out: String?

    func validate() throws {
        guard arms >= 1, states >= 1 else { throw ValidationError("--arms and --states must be at least 1") }
        if let successors, !(1...states).contains(successors) { throw ValidationError("--successors must be in 1...--states") }
        guard discount > 0, discount < 1 else { throw ValidationError("--discount must lie in (0, 1)") }
    }

    func run() throws {
        try reportingErrors {
            let bandit = try BanditInstance.random(arms: arms, states: states, successors: successors,
                                                   discount: discount, seed: random.seed)
            try emit(bandit.jsonData(form: form), out: out)
        }
    }
}
