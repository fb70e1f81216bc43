import Foundation
import InstanceIO

/// Every mechanism `rmsolve verify` can check, by name.
public enum VerifyMechanismName: String, Codable, Sendable, CaseIterable {
    /// ``VerifiedMechanismKind/dynamicVCG``.
    case dynamicVCG = "dynamic-vcg"
    /// ``VerifiedMechanismKind/basicGroves``.
    case basicGroves = "basic-groves"
    /// ``VerifiedMechanismKind/dynamicEAC``.
    case dynamicEAC = "dynamic-eac"
    /// ``VerifiedMechanismKind/naiveBasicGroves``.
    case naiveBasicGroves = "naive-basic-groves"
    /// ``VerifiedMechanismKind/currentStateEAC``.
    case currentStateEAC = "current-state-eac"
    /// ``BeliefMechanism/beliefVCG``.
    case beliefDynamicVCG = "belief-dynamic-vcg"
    /// ``BeliefMechanism/everyPeriod``.
    case beliefDynamicVCGEveryPeriod = "belief-dynamic-vcg-every-period"
    /// ``BeliefMechanism/dynamicVCGSharp``.
    case dynamicVCGSharp = "dynamic-vcg-sharp"
    /// ``InterdependentMechanism/realizedBasicGroves``.
    case realizedBasicGroves = "realized-basic-groves"
    /// ``InterdependentMechanism/realizedDynamicVCG``.
    case realizedDynamicVCG = "realized-dynamic-vcg"
    /// ``InterdependentMechanism/expectedBasicGroves``.
    case expectedBasicGroves = "expected-basic-groves"
}

/// The result of ``runVerification(file:mechanism:eacVariant:maxStates:)``: one case per
/// family; encodes as the inner result's JSON.
public enum VerifyResult: Codable, Sendable, Equatable {
    /// Chapter 5 mechanisms and the naive policy (kinds "dynamic", "dynamic-accessibility").
    case grid(VerificationResult)
    /// Belief-type mechanisms (kind "dynamic-accessibility").
    case belief(BeliefVerificationResult)
    /// Interdependent values (kind "interdependent").
    case interdependent(InterdependentVerificationResult)

    /// Whether every property the mechanism promises holds on the model (exit status 0 of
    /// `rmsolve verify`; 1 otherwise). Dynamic-VCG for belief types (Def. 7.2) promises nothing.
    public var promisesHold: Bool {
        switch self {
        case .grid(let r): return r.allPromisesHold
        case .belief(let r): return r.mechanism == .beliefVCG || r.truthful
        case .interdependent(let r): return !r.truthfulnessPromised || r.truthful
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .grid(let r): try container.encode(r)
        case .belief(let r): try container.encode(r)
        case .interdependent(let r): try container.encode(r)
        }
    }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let r = try? container.decode(VerificationResult.self) {
            self = .grid(r)
        } else if let r = try? container.decode(BeliefVerificationResult.self) {
            self = .belief(r)
        } else {
            self = .interdependent(try container.decode(InterdependentVerificationResult.self))
        }
    }
}

/// Reads the model in `file` (kind "dynamic" with a horizon, "dynamic-accessibility" or
/// "interdependent", as the mechanism needs) and verifies `mechanism` on it: the library entry
/// point behind `rmsolve verify --mechanism NAME FILE`. A file of the wrong kind for the
/// mechanism is an ``InstanceError`` at `$.kind`.
///
/// ```swift
/// let result = try runVerification(file: "instances/populations/example-7.1-naive-basic-groves.json",
///                                  mechanism: .naiveBasicGroves)
/// result.promisesHold   // true: the naive mechanism promises nothing (and agent 1 gains 8.8 by hiding)
/// ```
public func runVerification(file: String, mechanism: VerifyMechanismName, eacVariant: DynamicEACVariant? = nil,
                            maxStates: Int = 200_000) throws -> VerifyResult
{
    let kindNode = try JSONValue.parse(contentsOf: file)["kind"]
    let kind = try kindNode.string()
    switch mechanism {
    case .realizedBasicGroves, .realizedDynamicVCG, .expectedBasicGroves:
        guard kind == "interdependent" else { throw kindNode.error("\(mechanism.rawValue) needs kind \"interdependent\", found \"\(kind)\"") }
        return .interdependent(try verifyInterdependentMechanism(
            try InterdependentModel.read(file: file), InterdependentMechanism(rawValue: mechanism.rawValue)!, maxStates: maxStates))
    case .beliefDynamicVCG, .beliefDynamicVCGEveryPeriod, .dynamicVCGSharp:
        guard kind == "dynamic-accessibility" || kind == "dynamic" else {
            throw kindNode.error("\(mechanism.rawValue) needs kind \"dynamic-accessibility\", found \"\(kind)\"")
        }
        return .belief(try verifyBeliefMechanism(
            try VerificationModel.read(file: file), BeliefMechanism(rawValue: mechanism.rawValue)!, maxStates: maxStates))
    case .dynamicVCG, .basicGroves, .dynamicEAC, .naiveBasicGroves, .currentStateEAC:
        guard kind == "dynamic-accessibility" || kind == "dynamic" else {
            throw kindNode.error("\(mechanism.rawValue) needs kind \"dynamic\" or \"dynamic-accessibility\", found \"\(kind)\"")
        }
        let verified = VerifiedMechanism(VerifiedMechanismKind(rawValue: mechanism.rawValue)!, eacVariant: eacVariant)
        return .grid(try verifyMechanism(file: file, mechanism: verified, maxStates: maxStates))
    }
}
