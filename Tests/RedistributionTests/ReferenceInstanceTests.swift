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
        if let mismatch = firstJSONMismatch(expected: try expected["expect"].raw, actual: actual, path: "$", tolerance: tolerance) {
            Issue.record("\(name): \(mismatch)")
        }
        #expect(result.checks.allSatisfy { !$0.promised || $0.holds })
    }
}

