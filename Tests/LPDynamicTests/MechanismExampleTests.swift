import Testing
import LPDynamic

/// The worked examples of thesis Ch. 5 (numbers computed by hand with exact fractions).
@Suite struct MechanismExampleTests {
    func state(_ analysis: DynamicAnalysis, _ name: String) -> Int {
        analysis.joint.mdp.stateNames.firstIndex(of: name)!
    }

    @Test(arguments: SolutionMethod.allCases)
    func carDynamicVCGAtGamma09(method: SolutionMethod) throws {
        let analysis = try DynamicAnalysis(instance: try carInstance(discount: 0.9), method: method)
        let result = try analysis.evaluate(.dynamicVCG)
        #expect(close(result.value, 24.75))
        #expect(close(result.expectedRevenue, 22.25))
        #expect(close(result.agents[0].valueWithout, 22.5) && close(result.agents[1].valueWithout, 24.5))
        #expect(close(result.agents[0].expectedUtility, 2.25) && close(result.agents[1].expectedUtility, 0.25))
        #expect(close(result.agents[0].valueUnderPolicy, 11.25) && close(result.agents[1].valueUnderPolicy, 13.5))
        // Thesis Figure 5.2: t = 0 (0, −2); (s1d,s2b): (−20, 0); (s1d,s2c): (0, −25).
        let s0 = analysis.joint.mdp.initialState, b = state(analysis, "(s1d, s2b)@1"), c = state(analysis, "(s1d, s2c)@1")
        #expect(analysis.action(state: s0) == 1 && analysis.action(state: b) == 0 && analysis.action(state: c) == 1)
        for (s, expected) in [(s0, (0.0, -2.0)), (b, (-20, 0)), (c, (0, -25))] {
            #expect(close(analysis.vcgTransfer(agent: 0, state: s), expected.0))
            #expect(close(analysis.vcgTransfer(agent: 1, state: s), expected.1))
        }
        // Reachable joint states: Friday, the four Saturday pairs, terminal images (the horizon adds a time index).
        #expect(analysis.statesReachedUnderPolicy().count == 3)
    }

    @Test func carAtOtherDiscounts() throws {
        // γ = 0.5: π*(Friday) = a1, T = (−12.5, 0), utilities (10, 0), revenue 12.5.
        let low = try DynamicAnalysis(instance: try carInstance(discount: 0.5)).evaluate(.dynamicVCG)
        #expect(low.analysis.action(state: 0) == 0)
        #expect(close(low.agents[0].transfer, -12.5) && close(low.agents[1].transfer, 0))
        #expect(close(low.agents[0].expectedUtility, 10) && close(low.agents[1].expectedUtility, 0))
        #expect(close(low.expectedRevenue, 12.5))
        // γ = 1 with the horizon pinning terminal values: V* = 27.5, utilities 2.5 each, revenue 22.5.
        for method in SolutionMethod.allCases {
            let one = try DynamicAnalysis(instance: try carInstance(discount: 1), method: method).evaluate(.dynamicVCG)
            #expect(close(one.value, 27.5) && close(one.expectedRevenue, 22.5))
            #expect(close(one.agents[0].expectedUtility, 2.5) && close(one.agents[1].expectedUtility, 2.5))
            #expect(close(one.agents[0].transfer, 0) && close(one.agents[1].transfer, 0))
        }
    }

    @Test func carBasicGrovesAndBalanced() throws {
        let analysis = try DynamicAnalysis(instance: try carInstance(discount: 0.9))
        let groves = try analysis.evaluate(.basicGroves)
        // Each utility is V* = 24.75; payments 13.5 to agent 1, 11.25 to agent 2; deficit 24.75.
        #expect(close(groves.agents[0].expectedUtility, 24.75) && close(groves.agents[1].expectedUtility, 24.75))
        #expect(close(groves.agents[0].expectedTransfers, 13.5) && close(groves.agents[1].expectedTransfers, 11.25))
        #expect(close(groves.expectedRevenue, -24.75))
        let b = state(analysis, "(s1d, s2b)@1"), c = state(analysis, "(s1d, s2c)@1")
        #expect(close(analysis.basicGrovesTransfer(agent: 1, state: b), 25) && close(analysis.basicGrovesTransfer(agent: 0, state: c), 30))
        // dynamic-balanced: Δ_2(s2b) = +12.5 → T = (−12.5, +12.5); s2c → (+12.5, −12.5).
        let s0 = analysis.joint.mdp.initialState
        #expect(close(try analysis.balancedTransfer(agent: 0, previous: s0, next: b), -12.5))
        #expect(close(try analysis.balancedTransfer(agent: 1, previous: s0, next: b), 12.5))
        #expect(close(try analysis.balancedTransfer(agent: 0, previous: s0, next: c), 12.5))
        #expect(close(try analysis.balancedTransfer(agent: 1, previous: s0, next: c), -12.5))
        let balanced = try analysis.evaluate(.dynamicBalanced)
        #expect(close(balanced.agents[0].expectedUtility, 11.25) && close(balanced.agents[1].expectedUtility, 13.5))
        #expect(close(balanced.expectedRevenue, 0))
    }

    @Test(arguments: SolutionMethod.allCases)
    func twoByTwoExactFractions(method: SolutionMethod) throws {
        let analysis = try DynamicAnalysis(instance: try twoByTwo(), method: method)
        let names = ["(x0, y0)", "(x0, y1)", "(x1, y0)", "(x1, y1)"]
        let s = names.map { state(analysis, $0) }
        let v: [Double] = [554.0 / 95, 538.0 / 95, 564.0 / 95, 368.0 / 95]
        let w1: [Double] = [136.0 / 95, 272.0 / 95, 146.0 / 95, 102.0 / 95]
        let w2: [Double] = [22.0 / 5, 14.0 / 5, 22.0 / 5, 14.0 / 5]
        let vcg: [(Double, Double)] = [(0, -5.0 / 3), (0, 0), (0, 0), (0, -1.0 / 3)]
        let groves: [(Double, Double)] = [(3, 0), (1, 2), (3, 1), (1, 0)]
        let without1: [Double] = [22.0 / 5, 14.0 / 5, 22.0 / 5, 14.0 / 5]   // V*_{-1}(y)
        let without2: [Double] = [10.0 / 3, 10.0 / 3, 2, 2]                  // V*_{-2}(x)
        for k in 0..<4 {
            #expect(close(analysis.value(state: s[k]), v[k], 1e-9))
            #expect(analysis.action(state: s[k]) == [1, 0, 1, 0][k])
            #expect(close(analysis.agentValues[0][s[k]], w1[k], 1e-9) && close(analysis.agentValues[1][s[k]], w2[k], 1e-9))
            #expect(close(analysis.valueWithout(agent: 0, state: s[k]), without1[k], 1e-9))
            #expect(close(analysis.valueWithout(agent: 1, state: s[k]), without2[k], 1e-9))
            #expect(close(analysis.vcgTransfer(agent: 0, state: s[k]), vcg[k].0, 1e-9))
            #expect(close(analysis.vcgTransfer(agent: 1, state: s[k]), vcg[k].1, 1e-9))
            #expect(close(analysis.basicGrovesTransfer(agent: 0, state: s[k]), groves[k].0, 1e-9))
            #expect(close(analysis.basicGrovesTransfer(agent: 1, state: s[k]), groves[k].1, 1e-9))
        }
        let result = try analysis.evaluate(.dynamicVCG)
        #expect(close(result.expectedRevenue, 542.0 / 285, 1e-9))
        let revenueByState: [Double] = [542.0 / 285, 134.0 / 285, 44.0 / 95, 88.0 / 95]
        let utility2: [Double] = [712.0 / 285, 664.0 / 285, 374.0 / 95, 178.0 / 95]
        for k in 0..<4 {
            let revenue = -(result.expectedTransfersByState[0][s[k]] + result.expectedTransfersByState[1][s[k]])
            #expect(close(revenue, revenueByState[k], 1e-9))
            #expect(close(analysis.agentValues[1][s[k]] + result.expectedTransfersByState[1][s[k]], utility2[k], 1e-9))
        }
        // dynamic-balanced Δ_2 after (x0,y1) and (x1,y1) with action a (computed by hand).
        #expect(close(try analysis.balancedTransfer(agent: 0, previous: s[1], next: s[0]), 23.0 / 95, 1e-9))
        #expect(close(try analysis.balancedTransfer(agent: 1, previous: s[1], next: s[0]), -23.0 / 95, 1e-9))
        #expect(close(try analysis.balancedTransfer(agent: 1, previous: s[1], next: s[1]), 23.0 / 95, 1e-9))
        #expect(close(try analysis.balancedDelta(agent: 1, previous: s[3], next: s[0]), -68.0 / 95, 1e-9))
        #expect(close(try analysis.balancedDelta(agent: 1, previous: s[3], next: s[1]), 68.0 / 95, 1e-9))
        #expect(close(try analysis.balancedDelta(agent: 0, previous: s[1], next: s[0]), 0, 1e-9))
    }

    @Test func figure53AtGamma09() throws {
        let one = try localMDP(states: ["B", "C", "D", "E", "F", "G", "done"], actions: ["a1", "a2"], initial: "B",
                               discount: 0.9, finite: true, [
            ("B", "a1", "C", 1, 0), ("B", "a2", "D", 1, 0), ("C", "a1", "E", 0.5, 10), ("C", "a1", "F", 0.5, 0),
            ("C", "a2", "done", 1, 0), ("D", "a1", "G", 1, 0), ("D", "a2", "done", 1, 0),
        ] + ["E", "F", "G", "done"].flatMap { [($0, "a1", "done", 1, 0), ($0, "a2", "done", 1, 0)] })
        let two = try localMDP(states: ["H", "J", "K", "L", "M", "done"], actions: ["a1", "a2"], initial: "H",
                               discount: 0.9, finite: true, [
            ("H", "a1", "J", 1, 0), ("H", "a2", "K", 1, 0), ("J", "a1", "L", 1, 0), ("J", "a2", "done", 1, 0),
            ("K", "a1", "M", 1, 4), ("K", "a2", "done", 1, 0),
        ] + ["L", "M", "done"].flatMap { [($0, "a1", "done", 1, 0), ($0, "a2", "done", 1, 0)] })
        let instance = DynamicInstance(name: "fig5.3", discount: 0.9, actions: ["a1", "a2"],
                                       agents: [DynamicAgent(name: "1", model: one), DynamicAgent(name: "2", model: two)], horizon: 2)
        let analysis = try DynamicAnalysis(instance: instance)
        let vcg = try analysis.evaluate(.dynamicVCG)
        // T_1(B,H) = −4γ = −3.6, T_2 = 0, utility of agent 1 γ = 0.9, revenue 3.6.
        #expect(analysis.action(state: 0) == 0)
        #expect(close(vcg.agents[0].transfer, -3.6) && close(vcg.agents[1].transfer, 0))
        #expect(close(vcg.agents[0].expectedUtility, 0.9) && close(vcg.agents[1].expectedUtility, 0))
        #expect(close(vcg.expectedRevenue, 3.6))
        // basic-Groves at t = 1 in (C,J): T_2 = r_1(C, a1) = 5.
        let cj = state(analysis, "(C, J)@1")
        #expect(close(analysis.basicGrovesTransfer(agent: 1, state: cj), 5) && close(analysis.basicGrovesTransfer(agent: 0, state: cj), 0))
        // dynamic-balanced: deterministic transitions before the last action → all transfers 0.
        #expect(close(try analysis.balancedTransfer(agent: 0, previous: 0, next: cj), 0))
    }

    @Test func tieBrokenToLowestAction() throws {
        // Thesis Figure 4.4: one state each, a1 pays agent 1, a2 pays agent 2; tie → a1,
        // T_1 = −1 per period, T_2 = 0, both utilities 0.
        for gamma in [0.5, 0.9] {
            let one = try localMDP(states: ["s1"], actions: ["a1", "a2"], initial: "s1", discount: gamma,
                                   [("s1", "a1", "s1", 1, 1), ("s1", "a2", "s1", 1, 0)])
            let two = try localMDP(states: ["s2"], actions: ["a1", "a2"], initial: "s2", discount: gamma,
                                   [("s2", "a1", "s2", 1, 0), ("s2", "a2", "s2", 1, 1)])
            let instance = DynamicInstance(name: "E3", discount: gamma, actions: ["a1", "a2"],
                                           agents: [DynamicAgent(name: "1", model: one), DynamicAgent(name: "2", model: two)], horizon: nil)
            let result = try DynamicAnalysis(instance: instance).evaluate(.dynamicVCG)
            #expect(result.analysis.action(state: 0) == 0)
            #expect(close(result.value, 1 / (1 - gamma)))
            #expect(close(result.agents[0].transfer, -1) && close(result.agents[1].transfer, 0))
            #expect(close(result.agents[0].expectedUtility, 0) && close(result.agents[1].expectedUtility, 0))
        }
    }

    @Test func simulationFollowsPolicyAndIsReproducible() throws {
        let result = try DynamicAnalysis(instance: try carInstance(discount: 0.9)).evaluate(.dynamicVCG)
        let run = try result.simulate(periods: 10, seed: 42)
        #expect(run.count == 2)   // two decisions, then terminal
        #expect(run[0].state == "(s1a, s2a)@0" && run[0].action == "a2")
        #expect(close(run[0].transfers[1], -2) && run[0].rewards == [0, 0])
        // Saturday: either (s1d,s2b) → a1, agent 1 gets 25 and pays 20; or (s1d,s2c) → a2, agent 2 gets 30, pays 25.
        let saturday = run[1]
        #expect((saturday.state == "(s1d, s2b)@1" && saturday.rewards == [25, 0] && close(saturday.transfers[0], -20))
                || (saturday.state == "(s1d, s2c)@1" && saturday.rewards == [0, 30] && close(saturday.transfers[1], -25)))
        let again = try result.simulate(periods: 10, seed: 42)
        #expect(again.map(\.state) == run.map(\.state))
    }
}
