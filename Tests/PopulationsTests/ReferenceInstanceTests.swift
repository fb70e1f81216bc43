import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Every `instances/populations/NAME.json` against its `NAME.expected.json`. The expected
/// numbers are hand computations from the thesis's examples (see each test file's comments
/// and docs/dynamic-populations.md), not outputs of this code. The command of each expected
/// file is interpreted here through the library entry points (the CLI runs the same calls).
struct ReferenceInstanceTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("instances/populations")

    @Test func expectedFilesHold() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".expected.json") }.sorted()
        #expect(files.count >= 12)
        for file in files {
            let expected = try JSONValue.parse(contentsOf: Self.directory.appendingPathComponent(file).path)
            let command = try expected["command"].strings()
            let tolerance = try expected["tolerance"].number()
            let instance = Self.directory.appendingPathComponent(String(file.dropLast(".expected.json".count)) + ".json").path
            let actual = try resultJSON(command: command, file: instance)
            let mismatch = firstJSONMismatch(expected: try expected["expect"].raw, actual: actual, path: "$", tolerance: tolerance)
            #expect(mismatch == nil, "\(file): \(mismatch ?? "")")
        }
    }
}

/// The value following `flag` in `command`.
func option(_ flag: String, in command: [String]) -> String? {
    command.firstIndex(of: flag).flatMap { $0 + 1 < command.count ? command[$0 + 1] : nil }
}

/// Runs an expected file's command through the library and returns its JSON.
func resultJSON(command: [String], file: String) throws -> Any {
    let data: Data
    switch command.first {
    case "dynamic":
        let mechanism = option("--mechanism", in: command)
        if mechanism == "dynamic-eac" {
            let variant = DynamicEACVariant(
                basis: EACChargeBasis(rawValue: option("--eac-basis", in: command) ?? "others-optimum")!,
                schedule: EACChargeSchedule(rawValue: option("--eac-schedule", in: command) ?? "per-period")!)
            data = try JSONEncoder().encode(try runDynamicEAC(file: file, variant: variant))
        } else if let population = PopulationMechanism(rawValue: mechanism ?? "") {
            data = try JSONEncoder().encode(try runPopulationMechanism(file: file, mechanism: population))
        } else {
            // The existing dynamic mechanisms, through the LP-based analysis.
            let kind = try #require(DynamicMechanism(rawValue: mechanism ?? ""))
            let result = try DynamicAnalysis(instance: try DynamicInstance.read(file: file)).evaluate(kind)
            return [
                "value": result.value, "expectedRevenue": result.expectedRevenue,
                "agents": result.agents.map {
                    ["name": $0.name, "valueWithout": $0.valueWithout, "expectedUtility": $0.expectedUtility, "transfer": $0.transfer]
                },
            ] as [String: Any]
        }
    case "verify":
        let name = try #require(VerifyMechanismName(rawValue: option("--mechanism", in: command) ?? "dynamic-vcg"))
        let result = try runVerification(file: file, mechanism: name)
        data = try JSONEncoder().encode(result)
        // Every promise of the thesis holds on every reference instance (exit status 0).
        #expect(result.promisesHold, "\(file)")
    default:
        throw InstanceError(file: file, location: "command", message: "unknown command \(command)")
    }
    return try JSONSerialization.jsonObject(with: data)
}

