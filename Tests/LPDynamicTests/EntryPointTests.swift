import Foundation
import InstanceIO
import LPDynamic
import Testing

/// The library entry points (`solveMDP`, `runDynamicMechanism`, `computeGittinsIndices`):
/// their JSON encodings carry the documented result keys, they reproduce the thesis numbers
/// recorded in the reference instances' expected files, and they refuse bad requests with
/// typed errors.
@Suite struct EntryPointTests {
    // MARK: documented keys

    @Test func mdpResultKeys() throws {
        let result = try solveMDP(MDPInstance.read(file: packageRootPath() + "/instances/dynamic/figure-4.2.json"))
        let object = try jsonObject(result)
        #expect(Set(object.keys) == ["name", "method", "discount", "initial", "value", "values", "policy", "iterations"])
        #expect(object["method"] as? String == "lp")
    }

    @Test func dynamicResultKeys() throws {
        let instance = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/dynamic/car-gamma-0.9.json")
        let result = try runDynamicMechanism(instance, options: DynamicMechanismOptions(
            simulation: DynamicSimulationOptions(periods: 3, seed: 2)))
        let object = try jsonObject(result)
        #expect(Set(object.keys) == ["name", "mechanism", "method", "discount", "initial", "jointStates", "value",
                                     "policy", "expectedRevenue", "agents", "transfers", "horizon", "simulation", "seed"])
        let agent = try #require((object["agents"] as? [[String: Any]])?.first)
        #expect(Set(agent.keys) == ["name", "valueWithout", "valueUnderPolicy", "expectedTransfers", "expectedUtility", "transfer"])
        let period = try #require((object["simulation"] as? [[String: Any]])?.first)
        #expect(Set(period.keys) == ["period", "state", "action", "rewards", "transfers"])
        #expect(object["mechanism"] as? String == "dynamic-vcg")
        // Dynamic-balanced has no per-state transfer table.
        let balanced = try jsonObject(runDynamicMechanism(instance, options: DynamicMechanismOptions(mechanism: .dynamicBalanced)))
        #expect(balanced["transfers"] == nil && balanced["simulation"] == nil && balanced["seed"] == nil)
    }

    @Test func banditResultKeys() throws {
        let instance = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/bandit/beta-arms.json")
        let result = try runDynamicMechanism(instance, options: DynamicMechanismOptions(
            mechanism: .dynamicRM, betaDepth: 20, simulation: DynamicSimulationOptions(periods: 2)))
        let object = try jsonObject(result)
        #expect(Set(object.keys).isSuperset(of: [
            "kind", "mechanism", "discount", "initial", "value", "policy", "winner", "expectedRevenue",
            "vcgExpectedRevenue", "periodRevenue", "agents", "betaDepth", "betaValueErrorBound", "simulation", "seed"]))
        #expect(object["kind"] as? String == "bandit" && object["mechanism"] as? String == "dynamic-rm")
        let agent = try #require((object["agents"] as? [[String: Any]])?.first)
        #expect(Set(agent.keys) == ["name", "state", "index", "valueWithout", "revenueWithout", "expectedUtility",
                                    "redistribution", "transfer"])
        let period = try #require((object["simulation"] as? [[String: Any]])?.first)
        #expect(Set(period.keys) == ["period", "state", "action", "rewards", "transfers", "revenue"])
    }

    @Test func metadeliberationResultKeys() throws {
        let instance = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/metadeliberation/two-agents-0.95.json")
        let object = try jsonObject(runDynamicMechanism(instance, options: DynamicMechanismOptions(
            simulation: DynamicSimulationOptions(periods: 10, seed: 1))))
        #expect(Set(object.keys).isSuperset(of: ["kind", "mechanism", "discount", "initial", "value", "policy", "action",
                                                 "expectedRevenue", "agents", "processes", "simulation", "seed"]))
        let agent = try #require((object["agents"] as? [[String: Any]])?.first)
        #expect(Set(agent.keys) == ["name", "valueWithout", "expectedUtility", "payment", "transfer"])
        let process = try #require((object["processes"] as? [[String: Any]])?.first)
        #expect(Set(process.keys) == ["name", "owner", "about", "state", "index", "lumpSum", "indices", "localValues",
                                      "deliberationStates"])
        let periods = try #require(object["simulation"] as? [[String: Any]])
        #expect(periods.allSatisfy { Set($0.keys).isSuperset(of: ["period", "state", "action", "payments", "revenue"]) })
        #expect(periods.contains { $0["cost"] != nil && $0["costBorneBy"] != nil })
    }

    @Test func gittinsResultKeys() throws {
        let bandit = try BanditInstance.read(from: packageRootPath() + "/instances/bandit/beta-arms.json")
        let object = try jsonObject(computeGittinsIndices(bandit))
        #expect(Set(object.keys).isSuperset(of: ["kind", "discount", "arms"]) && object["kind"] as? String == "gittins")
        for arm in try #require(object["arms"] as? [[String: Any]]) {
            #expect(Set(arm.keys).isSuperset(of: ["name", "method", "indices"]))
            #expect(Set(arm.keys).isSubset(of: ["name", "method", "indices", "truncationDepth", "truncationErrorBound"]))
        }
    }

    /// Decoding an encoded result gives the same result (the reader dispatches on "kind").
    @Test func resultsRoundTrip() throws {
        for path in ["dynamic/two-by-two.json", "bandit/figure-4.7.json", "metadeliberation/example-1.json"] {
            let result = try runDynamicMechanism(DynamicInstanceFile.read(path: packageRootPath() + "/instances/" + path))
            let decoded = try JSONDecoder().decode(DynamicMechanismResult.self, from: JSONEncoder().encode(result))
            #expect(decoded == result, "\(path)")
        }
    }

    /// The documentation's examples, as written (paths from the package root): Figure 4.7's
    /// chain has index 1 at s0 (thesis Figure 4.7, (1−γ)·4 at γ = 0.75), and the car example
    /// at γ = 0.9 has social value 24.75 and dynamic-VCG revenue 22.25 (thesis Figure 5.2).
    @Test func documentationExamples() throws {
        let root = packageRootPath() + "/"
        let instance = try MDPInstance.read(file: root + "instances/dynamic/forest.json")
        let mdp = try solveMDP(instance, options: MDPSolveOptions(method: .policyIteration))
        #expect(mdp.policy[mdp.initial] != nil)
        let bandit = try BanditInstance.read(from: root + "instances/bandit/figure-4.7.json")
        let gittins = try computeGittinsIndices(bandit, options: GittinsOptions(method: .lp))
        #expect(abs((gittins.arms[0].indices["s0"] ?? 0) - 1) < 1e-9)
        let car = try DynamicInstanceFile.read(path: root + "instances/dynamic/car-gamma-0.9.json")
        let result = try runDynamicMechanism(car, options: DynamicMechanismOptions(
            mechanism: .dynamicVCG, simulation: DynamicSimulationOptions(periods: 5, seed: 1)))
        #expect(abs(result.value - 24.75) < 1e-9 && abs(result.expectedRevenue - 22.25) < 1e-9)
        guard case .dynamic(let r) = result else { Issue.record("not a kind dynamic result"); return }
        #expect(r.simulation?.count == 2)   // horizon 2: the trajectory stops at the terminal state
    }

    // MARK: thesis numbers of the reference instances

    /// Every reference instance of kinds mdp, dynamic, bandit and metadeliberation: the entry
    /// point, called with the options of the expected file's command, matches the expected
    /// numbers (thesis values, recorded with their sources in the expected files).
    @Test(arguments: ["dynamic", "bandit", "metadeliberation"])
    func referenceInstances(directory: String) throws {
        let root = packageRootPath() + "/instances/" + directory
        let files = try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasSuffix(".expected.json") }.sorted()
        #expect(!files.isEmpty)
        for name in files {
            let expected = try #require(JSONSerialization.jsonObject(
                with: Data(contentsOf: URL(fileURLWithPath: root + "/" + name))) as? [String: Any])
            let command = try #require(expected["command"] as? [String])
            let tolerance = expected["tolerance"] as? Double ?? 1e-6
            let instance = root + "/" + name.dropLast(".expected.json".count) + ".json"
            func option(_ flag: String) -> String? {
                command.firstIndex(of: flag).map { command[$0 + 1] }
            }
            let actual: [String: Any]
            switch command[0] {
            case "mdp":
                let method = try #require(SolutionMethod(rawValue: option("--method") ?? "lp"))
                actual = try jsonObject(solveMDP(MDPInstance.read(file: instance), options: MDPSolveOptions(method: method)))
            case "gittins":
                let method = try #require(GittinsMethod(rawValue: option("--method") ?? "lri"))
                actual = try jsonObject(computeGittinsIndices(BanditInstance.read(from: instance), options: GittinsOptions(method: method)))
            case "dynamic":
                let mechanism = try #require(DynamicMechanismName(rawValue: option("--mechanism") ?? "dynamic-vcg"))
                let options = DynamicMechanismOptions(mechanism: mechanism, betaDepth: option("--beta-depth").flatMap { Int($0) })
                actual = try jsonObject(runDynamicMechanism(DynamicInstanceFile.read(path: instance), options: options))
            default:
                Issue.record("\(name): unexpected command \(command)")
                continue
            }
            let mismatch = firstDifference(expected: try #require(expected["expect"]), actual: actual, path: "$", tolerance: tolerance)
            #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
        }
    }

    // MARK: typed errors

    @Test func mechanismOutsideItsKindIsRefused() throws {
        let bandit = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/bandit/figure-4.7.json")
        #expect(throws: DynamicMechanismError.mechanismNotAvailable(.basicGroves, kind: .bandit)) {
            try runDynamicMechanism(bandit, options: DynamicMechanismOptions(mechanism: .basicGroves))
        }
        let car = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/dynamic/car-gamma-0.5.json")
        #expect(throws: DynamicMechanismError.mechanismNotAvailable(.dynamicRM, kind: .dynamic)) {
            try runDynamicMechanism(car, options: DynamicMechanismOptions(mechanism: .dynamicRM))
        }
        #expect(DynamicMechanismName.available(for: .metadeliberation) == [.dynamicVCG])
    }

    @Test func optionsOutOfRangeAndLimitsNameNoFlag() throws {
        let car = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/dynamic/car-gamma-0.5.json")
        for options in [DynamicMechanismOptions(maxStates: 0), DynamicMechanismOptions(betaDepth: 0),
                        DynamicMechanismOptions(simulation: DynamicSimulationOptions(periods: -1))] {
            do {
                _ = try runDynamicMechanism(car, options: options)
                Issue.record("accepted \(options)")
            } catch let error as DynamicOptionError {
                #expect(!error.message.contains("--"), "\(error)")
            }
        }
        do {
            _ = try runDynamicMechanism(car, options: DynamicMechanismOptions(maxStates: 2))
            Issue.record("a joint MDP beyond the limit was built")
        } catch let error as MDPError {
            guard case .tooManyJointStates(let reached, let limit) = error else { throw error }
            #expect(limit == 2 && reached > 2)
            #expect(!error.description.contains("--"))
        }
    }

    /// A bandit with a negative reward: a typed error from the entry point, an `InstanceError`
    /// with the JSON path from the reader.
    @Test func negativeRewardsAreRefused() throws {
        let arm = try FiniteArm(states: ["x", "y"], rewards: [1, -1], transitions: [[0, 1], [1, 0]], initial: 0)
        let bandit = try BanditInstance(name: "neg", discount: 0.5, arms: [BanditArm(name: "a", model: .chain(arm))])
        #expect(throws: DynamicMechanismError.negativeReward(arm: 0, armName: "a", state: "y", reward: -1)) {
            try runDynamicMechanism(.bandit(bandit), options: DynamicMechanismOptions(mechanism: .dynamicRM))
        }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("neg-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try """
            { "kind": "bandit", "discount": 0.5, "arms": [ { "name": "a", "states": ["x"], "initial": "x",
              "rewards": {"x": -1}, "transitions": {"x": {"x": 1}} } ] }
            """.write(toFile: path, atomically: true, encoding: .utf8)
        do {
            _ = try DynamicInstanceFile.read(path: path)
            Issue.record("a negative reward was accepted")
        } catch let error as InstanceError {
            #expect(error.location == "$.arms[0].rewards.x" && error.file == path)
        }
        // Gittins indices do not need rewards ≥ 0.
        #expect(try computeGittinsIndices(bandit).arms[0].indices["y"] != nil)
    }

    @Test func unknownKindIsAnInstanceError() throws {
        do {
            _ = try DynamicInstanceFile.read(path: packageRootPath() + "/instances/dynamic/forest.json")
            Issue.record("kind mdp was read as a dynamic instance")
        } catch let error as InstanceError {
            #expect(error.location == "$.kind")
        }
    }
}

/// A typed result's JSON encoding decoded by `JSONSerialization`.
private func jsonObject(_ value: some Encodable) throws -> [String: Any] {
    try #require(JSONSerialization.jsonObject(with: JSONEncoder().encode(value)) as? [String: Any])
}

/// The first difference between an expected JSON subset and an actual object: numbers within
/// `tolerance·max(1, |expected|)`, objects by the expected keys, arrays of named objects by name.
private func firstDifference(expected: Any, actual: Any?, path: String, tolerance: Double) -> String? {
    guard let actual else { return "\(path): missing" }
    switch expected {
    case let e as NSNumber:
        guard let a = actual as? NSNumber else { return "\(path): expected \(e), got \(actual)" }
        return abs(e.doubleValue - a.doubleValue) <= tolerance * max(1, abs(e.doubleValue)) ? nil : "\(path): expected \(e), got \(a)"
    case let e as String:
        return actual as? String == e ? nil : "\(path): expected \(e), got \(actual)"
    case let e as [String: Any]:
        guard let a = actual as? [String: Any] else { return "\(path): not an object" }
        for key in e.keys.sorted() {
            if let m = firstDifference(expected: e[key]!, actual: a[key], path: "\(path).\(key)", tolerance: tolerance) { return m }
        }
        return nil
    case let e as [Any]:
        guard let a = actual as? [Any] else { return "\(path): not an array" }
        if e.allSatisfy({ ($0 as? [String: Any])?["name"] is String }) {
            for case let element as [String: Any] in e {
                let name = element["name"] as? String
                let match = a.first { ($0 as? [String: Any])?["name"] as? String == name }
                if let m = firstDifference(expected: element, actual: match, path: "\(path)[\(name ?? "")]", tolerance: tolerance) { return m }
            }
            return nil
        }
        guard a.count == e.count else { return "\(path): \(a.count) elements, expected \(e.count)" }
        for k in e.indices {
            if let m = firstDifference(expected: e[k], actual: a[k], path: "\(path)[\(k)]", tolerance: tolerance) { return m }
        }
        return nil
    default:
        return "\(path): unsupported expected value"
    }
}
