import Foundation
import Testing
@testable import rmsolve

@Suite struct DynamicBanditCLITests {
    /// `rmsolve dynamic` on a bandit with --simulate: SPEC keys present, every period's revenue
    /// ≥ 0 and equal to −Σ transfers; dynamic-VCG's winner pays (1−γ)·V_{I∖i*} (Figure 4.7
    /// chain vs constant 0.9 at γ = 0.75: 0.25·3.6 = 0.9 while the chain is played, 0 after).
    @Test func banditSimulation() throws {
        let file = packageRoot + "/instances/bandit/figure-4.7.json"
        let result = try DynamicCommand.resultJSON(file: file, arguments: ["--mechanism", "dynamic-vcg", "--simulate", "6", "--seed", "3"])
        for key in ["value", "policy", "expectedRevenue", "agents"] { #expect(result[key] != nil, "\(key)") }
        let periods = try #require(result["simulation"] as? [[String: Any]])
        #expect(periods.count == 6)
        for p in periods {
            let transfers = try #require(p["transfers"] as? [String: Double])
            let revenue = try #require(p["revenue"] as? Double)
            #expect(revenue >= 0 && abs(revenue + transfers.values.reduce(0, +)) < 1e-9)
            // The chain's winner pays 0.25·V(constant alone) = 0.9; the constant arm, winning
            // only when the chain is "bad" (value 0 forever), pays 0.25·0 = 0.
            #expect(abs(revenue - (p["action"] as? String == "chain" ? 0.9 : 0)) < 1e-9, "\(p)")
        }
    }

    /// Metadeliberation: the simulation stops at allocation, payments are never negative in
    /// total, and a negative reward in a bandit file is refused with the JSON path.
    @Test func metadeliberationSimulationAndBadInput() throws {
        let file = packageRoot + "/instances/metadeliberation/two-agents-0.95.json"
        let result = try DynamicCommand.resultJSON(file: file, arguments: ["--simulate", "10", "--seed", "1"])
        let periods = try #require(result["simulation"] as? [[String: Any]])
        #expect((periods.last?["action"] as? String)?.hasPrefix("allocate") == true)
        for p in periods { #expect((p["revenue"] as? Double ?? -1) >= 0) }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rmsolve-neg-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let bad = dir + "/neg.json"
        try """
            { "kind": "bandit", "discount": 0.5, "arms": [ { "name": "a", "states": ["x"], "initial": "x",
              "rewards": {"x": -1}, "transitions": {"x": {"x": 1}} } ] }
            """.write(toFile: bad, atomically: true, encoding: .utf8)
        do {
            _ = try DynamicCommand.resultJSON(file: bad, arguments: ["--mechanism", "dynamic-rm"])
            Issue.record("a negative reward was accepted")
        } catch {
            #expect("\(error)".contains("$.arms[0].rewards.x"))
        }
    }
}
