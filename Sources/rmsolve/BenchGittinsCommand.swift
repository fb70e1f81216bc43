import ArgumentParser
import LPDynamic

/// `rmsolve bench gittins`: ``benchmarkGittinsIndices(states:seed:discount:lpStates:calibrationStates:)``.
struct BenchGittinsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gittins",
        abstract: "Time the Gittins index methods on a random dense arm (target: 1000 states < 0.3 s).",
        discussion: """
            All indices by state elimination, against the restart-in-state LP (CLP) and calibration \
            on samples of states, extrapolated; every sampled index is compared with state elimination.
            """)

    @Option(help: "Number of states of the random arm.") var states: Int = 1000
    @OptionGroup var random: RandomOptions
    @Option(help: "Discount factor γ.") var discount: Double = 0.9
    @Option(help: "States indexed by the restart LP (default: 8 when N ≤ 300, else 0; one dense 1000-state LP takes CLP about a minute).")
    var lpStates: Int?
    @Option(help: "States indexed by calibration (default: all up to 100 states, else 1).") var calibrationStates: Int?

    func validate() throws {
        guard states >= 1 else { throw ValidationError("--states must be at least 1") }
        guard discount > 0, discount < 1 else { throw ValidationError("--discount must lie in (0, 1)") }
        guard (lpStates ?? 0) >= 0, (calibrationStates ?? 0) >= 0 else {
            throw ValidationError("--lp-states and --calibration-states must be at least 0")
        }
    }

    func run() throws {
        try reportingErrors {
            try printJSONLine(try benchmarkGittinsIndices(states: states, seed: random.seed, discount: discount,
                                                          lpStates: lpStates, calibrationStates: calibrationStates))
        }
    }
}
