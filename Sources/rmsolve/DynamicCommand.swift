import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve dynamic FILE`: a dynamic mechanism on an instance of kind "dynamic", "bandit" or
/// "metadeliberation" (``runDynamicMechanism(_:options:)``; the library dispatches on the
/// file's kind).
struct DynamicCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "dynamic",
        abstract: "Dynamic mechanisms: dynamic-vcg, basic-groves, dynamic-balanced, dynamic-eac (kind \"dynamic\"); "
            + "dynamic-vcg, dynamic-rm (kind \"bandit\"); the metadeliberation auction (kind \"metadeliberation\"); "
            + "online-dynamic-vcg, online-vcg-gamma (kind \"population\").",
        discussion: """
            --mechanism by kind: "dynamic" (agents' local MDPs): dynamic-vcg (Def. 5.13, the \
            default), basic-groves (Def. 5.10), dynamic-balanced (Def. 5.14), dynamic-eac (Def. \
            5.12, eq. 5.39; --eac-basis, --eac-schedule); "population" (arrivals and departures, \
            thesis §7.2): online-dynamic-vcg (Def. 7.4) or online-vcg-gamma (Def. 7.5), exact by \
            backward induction over at most --max-states center states, --simulate N draws N \
            runs over the horizon; "bandit" (one arm \
            per agent): dynamic-vcg (Def. 6.1) or dynamic-rm (Def. 6.2), from Gittins indices \
            and exact subset values, rewards must be ≥ 0, --beta-depth truncates Beta arms; \
            "metadeliberation": the metadeliberation auction of Defs. 8.2/8.3 (dynamic-vcg only), \
            payments reported as paid BY the agent ("payment") and as "transfer".
            Transfers are paid TO the agent (negative = the agent pays); revenue = −Σ transfers. \
            "transfer" is this period's transfer at the initial joint state. dynamic-balanced \
            transfers based on period-t reports are weighted γ^t (thesis eqs. 5.59-5.60). \
            --method, --max-states and --time-limit apply to kind "dynamic"; --simulate N draws \
            one trajectory of N periods under truthful reports from --seed. A joint MDP beyond \
            --max-states exits with status 3.
            """)

    @Argument(help: "A kind \"dynamic\", \"bandit\", \"metadeliberation\" or \"population\" instance file.") var file: String
    @Option(help: "dynamic-vcg, basic-groves, dynamic-balanced or dynamic-eac (kind \"dynamic\"); dynamic-vcg or dynamic-rm (kind \"bandit\"); dynamic-vcg (kind \"metadeliberation\"); online-dynamic-vcg or online-vcg-gamma (kind \"population\"); default: the kind's first.")
    var mechanism: DynamicMechanismName?
    @Option(help: "Kind \"dynamic\": how every MDP is solved: lp (exact LP on CLP), dual-lp (occupancy LP on CLP), vi or pi.")
    var method: SolutionMethod = .lp
    @Option(help: "Simulate this many periods of one trajectory (truthful reports).") var simulate: Int?
    @OptionGroup var random: RandomOptions
    @Option(help: "Kind \"dynamic\": largest number of reachable joint states built.") var maxStates: Int = 1_000_000
    @Option(help: "Kind \"bandit\": truncation depth of Beta arms (default: γ^D/(1−γ) ≤ 1e-6, at most 80).") var betaDepth: Int?
    @Option(help: "dynamic-eac: the charge basis, others-optimum (V*_{-i}) or common-knowledge (the common-knowledge θ^0 form).")
    var eacBasis: EACChargeBasis = .othersOptimum
    @Option(help: "dynamic-eac: when the charge is levied: per-period, lump-sum (all at t = 0) or literal (eq. 5.39 as printed).")
    var eacSchedule: EACChargeSchedule = .perPeriod
    @OptionGroup var solver: SolverOptions
    @OptionGroup var output: OutputFormatOptions

    func validate() throws {
        try output.require([.table, .json])
        guard maxStates >= 1 else { throw ValidationError("--max-states must be positive") }
        if let depth = betaDepth, !(1...DynamicMechanismOptions.maximumBetaDepth).contains(depth) {
            throw ValidationError("--beta-depth must lie in 1...\(DynamicMechanismOptions.maximumBetaDepth)")
        }
        if let periods = simulate, periods < 0 {
            throw ValidationError("--simulate needs a non-negative number of periods")
        }
    }

    func run() throws {
        try reportingDynamicErrors {
            let result = try compute()
            if output.format == .json {
                print(try encodedResultText(result))
            } else {
                print(result.table(seed: random.seed))
            }
        }
    }

    /// The result JSON of `rmsolve dynamic FILE ARGUMENTS...` (`arguments` are the options
    /// after the subcommand name, e.g. `["--mechanism", "dynamic-vcg"]`).
    static func resultJSON(file: String, arguments: [String]) throws -> [String: Any] {
        try DynamicCommand.parse([file] + arguments).resultJSON()
    }

    /// The result JSON for the parsed arguments (``ResultProducing``, used by `rmsolve check`).
    func resultJSON() throws -> [String: Any] {
        do {
            return try encodedResultObject(compute())
        } catch let error as DynamicMechanismError {
            guard case .mechanismNotAvailable = error else { throw error }
            throw ValidationError("\(error); choose another --mechanism")
        }
    }

    /// The library options for the parsed arguments.
    func options(for kind: DynamicInstanceKind) -> DynamicMechanismOptions {
        var options = DynamicMechanismOptions(
            mechanism: mechanism ?? DynamicMechanismName.available(for: kind)[0], method: method, maxStates: maxStates, timeLimit: solver.timeLimit,
            betaDepth: betaDepth, simulation: simulate.map { DynamicSimulationOptions(periods: $0, seed: random.seed) })
        options.eacVariant = DynamicEACVariant(basis: eacBasis, schedule: eacSchedule)
        options.populationStateLimit = maxStates
        return options
    }

    /// The library call for the parsed arguments.
    func compute() throws -> DynamicMechanismResult {
        let instance = try DynamicInstanceFile.read(path: file)
        return try runDynamicMechanism(instance, options: options(for: instance.kind))
}
}
