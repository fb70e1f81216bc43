import ArgumentParser
import Foundation
import LPDynamic

extension SolutionMethod: ExpressibleByArgument {}
extension GittinsMethod: ExpressibleByArgument {}
extension DynamicMechanismName: ExpressibleByArgument {}

/// A typed result as its documented JSON text: sorted keys, pretty-printed; slashes are
/// escaped only when `escapingSlashes` (the `gittins` result's historical form).
func encodedResultText(_ result: some Encodable, escapingSlashes: Bool = false) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = escapingSlashes ? [.prettyPrinted, .sortedKeys] : [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return String(decoding: try encoder.encode(result), as: UTF8.self)
}

/// ``encodedResultText(_:escapingSlashes:)`` as UTF-8 bytes.
func encodedResultData(_ result: some Encodable) throws -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
    return try encoder.encode(result)
}

/// A typed result as a Foundation JSON object (for ``ResultProducing``): its JSON encoding
/// decoded by `JSONSerialization`.
func encodedResultObject(_ result: some Encodable) throws -> [String: Any] {
    let data = try JSONEncoder().encode(result)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw ValidationError("a result did not encode as a JSON object")
    }
    return object
}

/// Runs a dynamic command's body with the library's typed errors mapped to the documented
/// exit statuses and messages: a mechanism that does not run on the kind or an option out of
/// range is a usage error (2); too many joint states is a configured limit (3, with the flag
/// that raises it); a negative reward is bad input (2); the rest as ``reportingErrors(_:)``.
func reportingDynamicErrors(_ body: () throws -> Void) throws {
    try reportingErrors {
        do {
            try body()
        } catch let error as DynamicMechanismError {
            switch error {
            case .mechanismNotAvailable: throw ValidationError("\(error); choose another --mechanism")
            case .negativeReward:
                printError("error: \(error)")
                throw ExitCode(2)
            case .notIndividuallyRational: throw error
            }
        } catch let error as DynamicOptionError {
            throw ValidationError(error.message)
        } catch MDPError.tooManyJointStates(let reached, let limit) {
            printError("limit: \(MDPError.tooManyJointStates(reached: reached, limit: limit)); "
                + "raise --max-states or shrink the instance")
            throw ExitCode(3)
        } catch let error as MDPError {
            guard case .iterationLimit = error else { throw error }
            printError("limit: \(error)")
            throw ExitCode(3)
        } catch let error as PopulationError {
            guard case .tooManyStates = error else { throw error }
            printError("limit: \(error); raise --max-states or shrink the model")
            throw ExitCode(3)
        }
    }
}
