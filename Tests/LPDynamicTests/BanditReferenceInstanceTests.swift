import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Every `instances/bandit/NAME.json` against its `NAME.expected.json` (numbers from the thesis and independent computations),
/// for `rmsolve gittins` commands, following the expected-file convention (`rmsolve check` does the same through the CLI).
struct BanditReferenceInstanceTests {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("instances/bandit")

    @Test func expectedFilesHold() throws {
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.directory.path)
            .filter { $0.hasSuffix(".expected.json") }.sorted()
        #expect(files.count >= 4)
        for file in files {
            let expected = try JSONValue.parse(contentsOf: Self.directory.appendingPathComponent(file).path)
            let command = try expected["command"].strings()
            // `dynamic` expected files (bandit mechanisms) are checked through the CLI by
            // rmsolveTests' CheckTests; this test covers the index files.
            guard command.first == "gittins" else { continue }
            let method = command.firstIndex(of: "--method")
                .map { GittinsMethod(rawValue: command[$0 + 1])! } ?? .lri
            let tolerance = try expected["tolerance"].number()
            let instance = Self.directory.appendingPathComponent(
                String(file.dropLast(".expected.json".count)) + ".json").path
            let arms = try BanditInstance.read(from: instance).gittinsIndices(method: method)
            for armNode in try expected["expect"]["arms"].array() {
                let name = try armNode["name"].string()
                let arm = try #require(arms.first { $0.name == name }, "\(file): arm \(name)")
                let indices = try armNode["indices"]
                for state in try indices.keys() {
                    let k = try #require(arm.states.firstIndex(of: state), "\(file): state \(state)")
                    let oracle = try indices[state].number()
                    #expect(abs(arm.indices[k] - oracle) <= tolerance, "\(file): \(name) \(state)")
                }
            }
        }
    }
}
