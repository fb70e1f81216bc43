extension MDPInstance {
    /// The instance `rmsolve generate mdp` writes: ``MDP/random(states:actions:successors:discount:seed:rewardRange:)``
    /// named `random-mdp-SxAxK-seed-SEED`.
    public static func random(states: Int, actions: Int, successors: Int, discount: Double, seed: UInt64) throws -> MDPInstance {
        let mdp = try MDP.random(states: states, actions: actions, successors: successors, discount: discount, seed: seed)
        return MDPInstance(name: "random-mdp-\(states)x\(actions)x\(successors)-seed-\(seed)", mdp: mdp)
    }
}

extension BanditInstance {
    /// The instance `rmsolve generate bandit` writes: `arms` arms of ``FiniteArm/random(states:successors:seed:)``,
    /// arm k drawn from seed `seed + k`, named `random-bandit-AxS-seed-SEED`.
    public static func random(arms: Int, states: Int, successors: Int?, discount: Double, seed: UInt64) throws -> BanditInstance {
        let list = try (0..<arms).map { k in
            BanditArm(name: "arm\(k)", model: .chain(try FiniteArm.random(states: states, successors: successors,
                                                                             seed: seed &+ UInt64(k))))
        }
        return try BanditInstance(name: "random-bandit-\(arms)x\(states)-seed-\(seed)", discount: discount, arms: list)
    }
}
