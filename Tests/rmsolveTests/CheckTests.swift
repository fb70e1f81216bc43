import Foundation
import InstanceIO
import Testing
@testable import rmsolve

/// The package root (three levels above this file).
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

@Suite struct CheckTests {
    /// `rmsolve check instances`: every reference instance matches its expected result.
    @Test func referenceInstancesPass() throws {
        let files = try ExpectedResult.files(in: packageRoot + "/instances")
        #expect(files.count >= 6)
        for file in files {
            #expect(checkInstance(expectedPath: file) == nil, "\(file): \(checkInstance(expectedPath: file) ?? "")")
        }
    }

    /// The comparison can fail: a wrong number, a missing agent, a wrong string.
    @Test func mismatchesAreReported() {
        let actual: [String: Any] = ["welfare": 13.0, "outcome": "a", "agents": [["name": "1", "utility": 4.0]]]
        #expect(firstJSONMismatch(expected: ["welfare": 13.0000001], actual: actual, path: "$", tolerance: 1e-6) == nil)
        #expect(firstJSONMismatch(expected: ["welfare": 13.1], actual: actual, path: "$", tolerance: 1e-6) == "$.welfare: expected 13.1, got 13.0")
        #expect(firstJSONMismatch(expected: ["outcome": "b"], actual: actual, path: "$", tolerance: 1e-6) != nil)
        #expect(firstJSONMismatch(expected: ["agents": [["name": "2", "utility": 4.0]]], actual: actual, path: "$", tolerance: 1e-6)
            == "$.agents: no element named \"2\"")
        #expect(firstJSONMismatch(expected: ["agents": [["name": "1", "utility": 3.0]]], actual: actual, path: "$", tolerance: 1e-6)
            == "$.agents[name=1].utility: expected 3.0, got 4.0")
    }

    /// A failing instance makes `check` fail: an expected file with a wrong number.
    @Test func wrongExpectationFails() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-check-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: packageRoot + "/instances/static/figure-1.3.json", toPath: dir + "/f.json")
        try Data(#"{"command": ["solve"], "expect": {"vcgRevenue": 9}}"#.utf8).write(to: URL(fileURLWithPath: dir + "/f.expected.json"))
        #expect(checkInstance(expectedPath: dir + "/f.expected.json") == "$.vcgRevenue: expected 9.0, got 8.0")
    }
}
