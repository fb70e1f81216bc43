import Foundation
import InstanceIO
import RevenueGuarantee
import Testing

/// Every reference instance of instances/units solved through the library's entry point and
/// compared with its NAME.expected.json (numbers derived independently: the thesis's tables,
/// closed forms and brute force in exact rationals, see instances/units/derivations).
@Suite struct ReferenceInstanceTests {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("instances/units").path

    static var names: [String] {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }

    @Test func thereAreReferenceInstances() {
        #expect(Self.names.count >= 10)
    }

    @Test(arguments: names)
    func reproduces(name: String) throws {
        let expected = try JSONValue.parse(contentsOf: Self.directory + "/\(name).expected.json")
        let command = try expected["command"].strings()
        #expect(command.count == 3 && command[0] == "solve" && command[1] == "--mechanism")
        let mechanism = try #require(RedistributionMechanismName(rawValue: command[2]))
        let tolerance = try expected.optional("tolerance")?.number() ?? 1e-6
        let instance = try RedistributionInstance.read(path: Self.directory + "/\(name).json")
        let result = try runRedistribution(instance, mechanism: mechanism)
        let actual = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result))
        if let mismatch = firstMismatch(expected: try expected["expect"].raw, actual: actual, path: "$", tolerance: tolerance) {
            Issue.record("\(name): \(mismatch)")
        }
        #expect(result.checks.allSatisfy { !$0.promised || $0.holds })
    }
}

/// The subset comparison of `rmsolve check` (objects by the expected keys, arrays of named
/// objects by name, numbers within a relative tolerance).
func firstMismatch(expected: Any, actual: Any?, path: String, tolerance: Double) -> String? {
    guard let actual, !(actual is NSNull) || expected is NSNull else { return "\(path): missing (expected \(expected))" }
    switch expected {
    case let e as NSNumber:   // booleans compare as 0/1
        guard let a = actual as? NSNumber else { return "\(path): expected \(e), got \(actual)" }
        return abs(e.doubleValue - a.doubleValue) <= tolerance * max(1, abs(e.doubleValue)) ? nil : "\(path): expected \(e), got \(a)"
    case let e as String:
        return (actual as? String) == e ? nil : "\(path): expected \"\(e)\", got \(actual)"
    case let e as [String: Any]:
        guard let a = actual as? [String: Any] else { return "\(path): expected an object" }
        for key in e.keys.sorted() {
            if let m = firstMismatch(expected: e[key]!, actual: a[key], path: "\(path).\(key)", tolerance: tolerance) { return m }
        }
        return nil
    case let e as [Any]:
        guard let a = actual as? [Any] else { return "\(path): expected an array" }
        if e.allSatisfy({ ($0 as? [String: Any])?["name"] is String }) {
            for element in e {
                let name = (element as! [String: Any])["name"] as! String
                guard let match = a.first(where: { ($0 as? [String: Any])?["name"] as? String == name }) else { return "\(path): no \(name)" }
                if let m = firstMismatch(expected: element, actual: match, path: "\(path)[\(name)]", tolerance: tolerance) { return m }
            }
            return nil
        }
        guard a.count == e.count else { return "\(path): expected \(e.count) elements, got \(a.count)" }
        for k in e.indices {
            if let m = firstMismatch(expected: e[k], actual: a[k], path: "\(path)[\(k)]", tolerance: tolerance) { return m }
        }
        return nil
    default:
        return "\(path): unsupported \(expected)"
    }
}
