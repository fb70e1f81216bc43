import Foundation
import InstanceIO
import LPDynamic
import Testing

/// The complete examples of docs/dynamic-populations.md are valid files of their kinds and give
/// the hand values stated there.
struct DocumentationExampleTests {
    @Test func examplesRead() throws {
        let docs = ReferenceInstanceTests.directory.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("docs/dynamic-populations.md")
        let text = try String(contentsOf: docs, encoding: .utf8)
        let blocks = text.components(separatedBy: "```json\n").dropFirst().map { $0.components(separatedBy: "```")[0] }
        #expect(blocks.count == 3)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("populations-docs-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for (k, block) in blocks.enumerated() {
            let path = dir.appendingPathComponent("example-\(k).json").path
            try Data(block.utf8).write(to: URL(fileURLWithPath: path))
            switch try JSONValue.parse(contentsOf: path)["kind"].string() {
            case "dynamic-accessibility":
                let result = try verifyMechanism(file: path, mechanism: VerifiedMechanism(.naiveBasicGroves))
                #expect(abs(result.agents[0].bestDeviationUtility - 16.8) < 1e-9)
            case "population":
                let result = try runPopulationMechanism(file: path, mechanism: .onlineDynamicVCG)
                #expect(abs(result.maxDeviationGain - 2) < 1e-9)
            case "interdependent":
                let result = try verifyInterdependentMechanism(try InterdependentModel.read(file: path), .realizedDynamicVCG)
                #expect(abs(result.agents[0].gain - 6) < 1e-9)
            default:
                Issue.record("unexpected kind in block \(k)")
            }
        }
    }
}
