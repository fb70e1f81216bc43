import Foundation
import Testing
import LPDynamic
@testable import rmsolve

@Suite struct DynamicBanditCLITests {
    /// `rmsolve dynamic` on a bandit with --simulate: documented keys present, every period's revenue
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

@Suite struct DynamicCLIShellTests {
    /// `--format json` prints the library's typed result: the printed JSON decodes to the
    /// result `runDynamicMechanism` returns for the same options, for every kind.
    @Test func jsonOutputIsTheLibraryResult() throws {
        let cases: [(String, [String], DynamicMechanismOptions)] = [
            ("dynamic/car-gamma-0.9.json", ["--mechanism", "basic-groves"], DynamicMechanismOptions(mechanism: .basicGroves)),
            ("bandit/figure-4.7.json", ["--mechanism", "dynamic-rm", "--simulate", "3", "--seed", "5"],
             DynamicMechanismOptions(mechanism: .dynamicRM, simulation: DynamicSimulationOptions(periods: 3, seed: 5))),
            ("metadeliberation/example-1.json", [], DynamicMechanismOptions()),
        ]
        for (path, arguments, options) in cases {
            let file = packageRoot + "/instances/" + path
            guard let r = try runRMSolve(["dynamic", file, "--format", "json"] + arguments) else { return }
            #expect(r.status == 0, "\(path): \(r.err)")
            let printed = try JSONDecoder().decode(DynamicMechanismResult.self, from: Data(r.out.utf8))
            #expect(printed == (try runDynamicMechanism(DynamicInstanceFile.read(path: file), options: options)), "\(path)")
        }
    }

    /// Usage errors exit 2; the joint-state limit exits 3 and names the flag that raises it.
    @Test func exitStatuses() throws {
        let car = packageRoot + "/instances/dynamic/car-gamma-0.5.json"
        guard let wrong = try runRMSolve(["dynamic", car, "--mechanism", "dynamic-rm"]) else { return }
        #expect(wrong.status == 2 && wrong.err.contains("dynamic-rm"))
        guard let csv = try runRMSolve(["dynamic", car, "--format", "csv"]) else { return }
        #expect(csv.status == 2)
        guard let limit = try runRMSolve(["dynamic", car, "--max-states", "2"]) else { return }
        #expect(limit.status == 3 && limit.err.contains("--max-states"))
        guard let unknown = try runRMSolve(["dynamic", car, "--mechanism", "nonsense"]) else { return }
        #expect(unknown.status == 2)
        guard let gittins = try runRMSolve(["gittins", packageRoot + "/instances/bandit/figure-4.7.json", "--method", "nonsense"]) else { return }
        #expect(gittins.status == 2)
    }
}
