import Foundation
import InstanceIO
import LPDynamic
import Testing

/// A random small finite-horizon model: `agents` local MDPs with `states` states, `actions`
/// shared actions, two successors per pair, rewards in [0, 1].
func randomModel(seed: UInt64, agents n: Int, states: Int, actions: Int, horizon: Int, discount: Double) throws
    -> VerificationModel
{
    let locals = try (0..<n).map { i in
        try MDP.random(states: states, actions: actions, successors: min(2, states), discount: 0.5,
                       seed: seed &* 31 &+ UInt64(i))
    }
    return try VerificationModel(
        name: "random-\(seed)", discount: discount, horizon: horizon, actions: locals[0].actionNames,
        agents: locals.enumerated().map { DynamicAgent(name: "\($0.offset + 1)", model: $0.element) })
}

struct VerifierTests {
    /// Dynamic-VCG, basic-Groves and every dynamic-EAC variant are truthful (within-period ex
    /// post, from every state: thesis Theorems 5.1, 5.4, 5.5) on random small models, and their
    /// truthful utilities agree with the closed forms computed by the LP-based
    /// ``DynamicAnalysis`` on the reachable joint MDP (a second, independent method):
    /// dynamic-VCG U_i = V* − V*_{-i} (Cor. 5.2), basic-Groves U_i = V*, dynamic-EAC
    /// U_i = V* − B_i. Revenue: dynamic-VCG Σ_i V*_{-i} − (n−1)V* (Cor. 5.5), basic-Groves −(n−1)V*.
    @Test func grovesMechanismsAreTruthfulOnRandomModels() throws {
        var checked = 0
        for seed in UInt64(1)...18 {
            let n = seed % 3 == 0 ? 3 : 2
            let model = try randomModel(seed: seed, agents: Int(n), states: 2 + Int(seed % 2), actions: 2 + Int(seed / 2 % 2),
                                        horizon: 2 + Int(seed % 2), discount: [1, 0.9, 0.6][Int(seed % 3)])
            let analysis = try DynamicAnalysis(instance: model.dynamicInstance)
            let s0 = analysis.joint.mdp.initialState
            let v = analysis.value(state: s0)
            let mechanisms: [VerifiedMechanism] = [
                VerifiedMechanism(.dynamicVCG), VerifiedMechanism(.basicGroves),
                VerifiedMechanism(.dynamicEAC, eacVariant: .init(basis: .othersOptimum, schedule: .perPeriod)),
                VerifiedMechanism(.dynamicEAC, eacVariant: .init(basis: .othersOptimum, schedule: .lumpSum)),
                VerifiedMechanism(.dynamicEAC, eacVariant: .init(basis: .commonKnowledge, schedule: .perPeriod)),
                VerifiedMechanism(.dynamicEAC, eacVariant: .init(basis: .othersOptimum, schedule: .literal)),
            ]
            for mechanism in mechanisms {
                let result = try verifyMechanism(model, mechanism)
                #expect(result.allPromisesHold, "seed \(seed) \(mechanism)")
                for (i, agent) in result.agents.enumerated() {
                    #expect(agent.maxGainAnyState <= 1e-7 * max(1, v), "seed \(seed) \(mechanism) agent \(i)")
                    #expect(agent.deviation.isEmpty)
                    let target: Double
                    switch mechanism.kind {
                    case .dynamicVCG: target = v - analysis.valueWithout(agent: i, state: s0)
                    case .basicGroves: target = v
                    default: target = try analysis.evaluateEAC(mechanism.eacVariant!).agents[i].expectedUtility
                    }
                    #expect(abs(agent.truthfulUtility - target) <= 1e-7 * max(1, v), "seed \(seed) \(mechanism) agent \(i)")
                }
                let revenue: Double
                switch mechanism.kind {
                case .dynamicVCG:
                    revenue = (0..<model.agents.count).reduce(0) { $0 + analysis.valueWithout(agent: $1, state: s0) }
                        - Double(model.agents.count - 1) * v
                case .basicGroves: revenue = -Double(model.agents.count - 1) * v
                default: revenue = try analysis.evaluateEAC(mechanism.eacVariant!).expectedRevenue
                }
                #expect(abs(result.expectedRevenue - revenue) <= 1e-7 * max(1, v), "seed \(seed) \(mechanism)")
                checked += 1
            }
        }
        #expect(checked == 18 * 6)
    }

    /// Thesis Example 1 (§7.1, naive policy plus dynamic-basic-Groves), γ = 1: agent 1 gets 8
    /// by reporting at the first decision, and (0.2)4 + (0.8)20 = 16.8 by hiding (hand values of
    /// the example); the verifier finds exactly that deviation.
    @Test func naivePolicyRewardsHiding() throws {
        let file = ReferenceInstanceTests.directory.appendingPathComponent("example-7.1-naive-basic-groves.json").path
        let result = try verifyMechanism(file: file, mechanism: VerifiedMechanism(.naiveBasicGroves))
        let agent1 = result.agents[0]
        #expect(abs(agent1.truthfulUtility - 8) < 1e-9)
        #expect(abs(agent1.bestDeviationUtility - 16.8) < 1e-9)
        #expect(agent1.deviation == [DeviationStep(period: 0, state: "(a0, b0)", truthfulReport: "a0", report: "(no report)")])
        #expect(result.properties.first { $0.name == "ic" }?.holds == false)
        // The mechanisms without a null report refuse a model with inaccessible states.
        #expect(throws: VerificationError.self) { try verifyMechanism(file: file, mechanism: VerifiedMechanism(.dynamicVCG)) }
    }

    /// The literal eq. 5.39 charge with a finite horizon runs an ex ante deficit on the car
    /// example (γ = 0.9, 2 decisions): charges 0.1·22.5 and 0.1·24.5 per period, so revenue
    /// 4.275 + 4.655 − 24.75 = −15.82; it stays truthful (the charge ignores reports).
    @Test func literalEACRunsADeficitButStaysTruthful() throws {
        let file = ReferenceInstanceTests.directory.appendingPathComponent("car-gamma-0.9-eac-literal.json").path
        let model = try VerificationModel.read(file: file)
        let result = try verifyMechanism(model, VerifiedMechanism(.dynamicEAC, eacVariant: .init(schedule: .literal)))
        #expect(abs(result.expectedRevenue + 15.82) < 1e-9)
        #expect(result.agents.allSatisfy { $0.maxGainAnyState < 1e-9 })
        let deficit = try #require(result.properties.first { $0.name == "no-deficit-expected" })
        #expect(!deficit.promised && !deficit.holds)
    }

    /// A charge recomputed from the others' current states (not a dynamic-Groves mechanism) is
    /// manipulable: on some random models the verifier finds a profitable misreport.
    @Test func currentStateChargeIsManipulable() throws {
        var found = 0
        for seed in UInt64(1)...20 {
            let model = try randomModel(seed: seed, agents: 2, states: 3, actions: 3, horizon: 3, discount: 0.9)
            let result = try verifyMechanism(model, VerifiedMechanism(.currentStateEAC))
            if result.agents.contains(where: { $0.maxGainAnyState > 1e-6 }) { found += 1 }
            #expect(result.allPromisesHold)
        }
        #expect(found > 0)
    }

    /// The grid size limit is a typed refusal naming the size needed.
    @Test func refusesLargeModels() throws {
        let model = try randomModel(seed: 3, agents: 3, states: 3, actions: 2, horizon: 3, discount: 0.9)
        #expect(throws: VerificationError.tooManyStates(needed: 27 * 4, limit: 50)) {
            try verifyMechanism(model, VerifiedMechanism(.dynamicVCG), maxStates: 50)
        }
    }
}

struct AccessibilityReadingTests {
    /// Unknown keys and unknown state names are refused with the JSON path.
    @Test func refusesBadFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("populations-reading-\(UUID())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let source = ReferenceInstanceTests.directory.appendingPathComponent("example-7.1-naive-basic-groves.json")
        var root = try JSONSerialization.jsonObject(with: Data(contentsOf: source)) as! [String: Any]
        var agents = root["agents"] as! [[String: Any]]
        agents[1]["inaccessible"] = ["nowhere"]
        root["agents"] = agents
        let bad = dir.appendingPathComponent("bad.json").path
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: bad))
        #expect(throws: InstanceError(file: bad, location: "$.agents[1].inaccessible[0]", message: "unknown state \"nowhere\"")) {
            try VerificationModel.read(file: bad)
        }
        agents[1]["inaccessible"] = ["b0"]
        agents[1]["colour"] = "red"
        root["agents"] = agents
        try JSONSerialization.data(withJSONObject: root).write(to: URL(fileURLWithPath: bad))
        #expect(throws: InstanceError.self) { try VerificationModel.read(file: bad) }
    }
}
