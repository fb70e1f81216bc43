import ArgumentParser
import Foundation
import LPDynamic

extension VerifyMechanismName: ExpressibleByArgument {}
extension EACChargeBasis: ExpressibleByArgument {}
extension EACChargeSchedule: ExpressibleByArgument {}

/// `rmsolve verify FILE --mechanism NAME`: each agent's best response against truthful others,
/// IR and the budget, by ``runVerification(file:mechanism:eacVariant:maxStates:)``.
struct VerifyCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a dynamic mechanism's promises on a small model: best deviations, IR and budget.",
        discussion: """
            For every agent, a finite-horizon dynamic program over the joint states finds the best \
            response to truthful others (any history-dependent report; hiding, misreported \
            accessibility and arrival where the model has them), and reports the truthful utility, \
            the best deviation's utility and the deviation itself, ex post and ex ante IR, and the \
            budget in expectation and per period. Exit status 0 when every property the \
            mechanism promises holds, 1 when one fails (a profitable deviation of a mechanism \
            that promises truthfulness, say).
            --mechanism: dynamic-vcg, basic-groves, dynamic-eac (thesis Ch. 5), naive-basic-groves \
            and current-state-eac (negative controls), belief-dynamic-vcg, \
            belief-dynamic-vcg-every-period, dynamic-vcg-sharp (§7.1, kind \
            "dynamic-accessibility"), realized-basic-groves, realized-dynamic-vcg, \
            expected-basic-groves (§7.3, kind "interdependent").
            """)

    @Argument(help: "A kind \"dynamic\" (with a horizon), \"dynamic-accessibility\" or \"interdependent\" file.")
    var file: String
    @Option(help: "The mechanism to verify (see above).")
    var mechanism: VerifyMechanismName
    @Option(help: "dynamic-eac: the charge basis, others-optimum or common-knowledge.")
    var eacBasis: EACChargeBasis = .othersOptimum
    @Option(help: "dynamic-eac: per-period, lump-sum or literal.")
    var eacSchedule: EACChargeSchedule = .perPeriod
    @Option(help: "The largest number of states the dynamic program builds.")
    var maxStates: Int = 200_000
    @OptionGroup var output: OutputFormatOptions

    func validate() throws {
        try output.require([.table, .json])
        guard maxStates >= 1 else { throw ValidationError("--max-states must be positive") }
    }

    func compute() throws -> VerifyResult {
        try runVerification(file: file, mechanism: mechanism,
                            eacVariant: DynamicEACVariant(basis: eacBasis, schedule: eacSchedule), maxStates: maxStates)
    }

    func resultJSON() throws -> [String: Any] { try encodedResultObject(compute()) }

    func run() throws {
        try reportingErrors {
            let result = try compute()
            print(output.format == .json ? try encodedResultText(result) : result.table())
            if !result.promisesHold { throw ExitCode(1) }
        }
    }
}
