import Testing
import LPDynamic

/// Optimal values of single MDPs against hand-derived closed forms, and the three methods
/// against each other.
@Suite struct MDPSolverTests {
    /// Thesis Figure 4.2, computed by hand: (γ, V*(s_b), V*(s_c), V*(s_d), π*(s_b) with the lowest-index tie-break).
    static let figure42Table: [(Double, Double, Double, Double, Int)] = [
        (0.5, 4.5, 4, 6, 0), (2.0 / 3.0, 7, 6, 9, 0), (0.75, 10, 8, 12, 1), (0.9, 28, 20, 30, 1), (0.95, 58, 40, 60, 1),
    ]

    @Test(arguments: SolutionMethod.allCases)
    func figure42Values(method: SolutionMethod) throws {
        for (gamma, vb, vc, vd, action) in Self.figure42Table {
            let solution = try figure42(discount: gamma).optimalValues(method: method)
            #expect(close(solution.values[0], vb, 1e-8) && close(solution.values[1], vc, 1e-8)
                    && close(solution.values[2], vd, 1e-8), "γ = \(gamma): \(solution.values)")
            #expect(solution.policy[0] == action, "γ = \(gamma)")
            #expect(solution.policy[1] == 0 && solution.policy[2] == 0, "identical actions tie → lowest index")
        }
    }

    @Test func figure42QValues() throws {
        // Thesis Figure 4.2 at γ = 0.9: Q(s_b, a1) = 24.5, Q(s_b, a2) = 28.
        let mdp = try figure42(discount: 0.9)
        let v = try mdp.optimalValues().values
        #expect(close(mdp.qValue(0, 0, values: v), 24.5, 1e-9))
        #expect(close(mdp.qValue(0, 1, values: v), 28, 1e-9))
    }

    @Test(arguments: SolutionMethod.allCases)
    func forestManagement(method: SolutionMethod) throws {
        // MDP toolbox forest example (S = 3, r1 = 4, r2 = 2, p = 0.1, γ = 0.9): published
        // V = (26.244, 29.484, 33.484), policy all "wait".
        let p = 0.1
        let mdp = try localMDP(states: ["0", "1", "2"], actions: ["wait", "cut"], initial: "0", discount: 0.9, [
            ("0", "wait", "1", 1 - p, 0), ("0", "wait", "0", p, 0), ("1", "wait", "2", 1 - p, 0), ("1", "wait", "0", p, 0),
            ("2", "wait", "2", 1 - p, 4), ("2", "wait", "0", p, 4),
            ("0", "cut", "0", 1, 0), ("1", "cut", "0", 1, 1), ("2", "cut", "0", 1, 2),
        ])
        let solution = try mdp.optimalValues(method: method)
        for (v, published) in zip(solution.values, [26.244, 29.484, 33.484]) { #expect(abs(v - published) < 5e-4) }
        #expect(solution.policy == [0, 0, 0])
    }

    @Test func randomMDPsAgreeAcrossMethods() throws {
        for seed in UInt64(1)...12 {
            let states = seed <= 10 ? Int(seed) * 7 : 600   // 600 states uses the iterative evaluation
            let mdp = try MDP.random(states: states, actions: 3, successors: min(4, states), discount: seed <= 10 ? 0.5 + 0.04 * Double(seed) : 0.85, seed: seed)
            let lp = try mdp.optimalValues(method: .lp)
            let vi = try mdp.optimalValues(method: .valueIteration)
            let pi = try mdp.optimalValues(method: .policyIteration)
            for s in 0..<states {
                #expect(close(lp.values[s], pi.values[s], 1e-8) && close(vi.values[s], pi.values[s], 1e-8), "seed \(seed)")
            }
            #expect(lp.policy == pi.policy, "seed \(seed)")
            // V* dominates every Q-value (Bellman optimality), checked independently of the solver.
            for s in 0..<states { for a in 0..<3 { #expect(mdp.qValue(s, a, values: lp.values) <= lp.values[s] + 1e-7) } }
        }
    }

    @Test func policyEvaluationMatchesHandComputedChain() throws {
        // Figure 4.2 at γ = 0.9 under "always a1": V(s_b) = 2 + 0.9·(20 + 30)/2 = 24.5.
        let mdp = try figure42(discount: 0.9)
        let v = mdp.policyEvaluation(policy: [0, 0, 0])
        #expect(close(v[0], 24.5, 1e-12) && close(v[1], 20, 1e-12) && close(v[2], 30, 1e-12))
    }

    @Test(arguments: SolutionMethod.allCases)
    func finiteHorizonByTimeIndexMatchesBackwardInduction(method: SolutionMethod) throws {
        // A time-indexed random MDP (γ = 1 allowed) against backward induction written here.
        for seed in UInt64(1)...5 {
            let base = try MDP.random(states: 5, actions: 2, successors: 3, discount: 0.9, seed: seed)
            let local = try MDP(stateNames: base.stateNames, actionNames: base.actionNames, discount: 1, initialState: 0,
                                isFiniteHorizon: true, transitionStart: base.transitionStart, successors: base.successors,
                                probabilities: base.probabilities, transitionRewards: base.transitionRewards)
            let horizon = 4
            var v = [Double](repeating: 0, count: 5)
            for _ in 0..<horizon {
                v = (0..<5).map { s in (0..<2).map { a in base.expectedReward(s, a) + base.expectation(s, a, of: v) }.max()! }
            }
            let joint = try JointMDP(locals: [local], names: ["m"], actionNames: local.actionNames, discount: 1, horizon: horizon)
            let solution = try joint.mdp.optimalValues(method: method)
            #expect(close(solution.values[joint.mdp.initialState], v[0], 1e-9), "seed \(seed)")
        }
    }

    @Test func infiniteHorizonRejectsDiscountOne() {
        #expect(throws: MDPError.self) {
            try localMDP(states: ["s"], actions: ["a"], initial: "s", discount: 1, [("s", "a", "s", 1, 1)])
        }
    }

    @Test func jointSizeLimitReportsTheCount() throws {
        let instance = try randomDynamic(seed: 3, agents: 3)
        #expect(throws: MDPError.self) { _ = try DynamicAnalysis(instance: instance, maxStates: 4) }
        do {
            _ = try DynamicAnalysis(instance: instance, maxStates: 4)
        } catch let MDPError.tooManyJointStates(reached, limit) {
            #expect(limit == 4 && reached == 5)
        }
    }
}
