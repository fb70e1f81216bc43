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

/// Runs a dynamic command's body: a mechanism that does not run on the file's kind or an
/// option out of range is a usage error (exit 2, with the usage line); everything else as
/// ``reportingErrors(_:)``.
func reportingDynamicErrors(_ body: () throws -> Void) throws {
    try reportingErrors {
        do {
            try body()
        } catch let error as DynamicMechanismError {
            guard case .mechanismNotAvailable = error else { throw error }
            throw ValidationError("\(error); choose another --mechanism")
        } catch let error as DynamicOptionError {
            throw ValidationError(error.message)
        }
    }
}
