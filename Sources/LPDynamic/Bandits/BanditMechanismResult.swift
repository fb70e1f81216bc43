/// Dynamic-VCG (thesis Def. 6.1) or dynamic-RM (Def. 6.2) on a kind "bandit" instance, each
/// agent owning one arm (``runDynamicMechanism(_:options:)``). Numbers are rounded to 10
/// significant digits.
public struct BanditMechanismResult: Sendable, Equatable, Codable {
    /// One agent (arm) at the initial joint state.
    public struct Agent: Sendable, Equatable, Codable {
        /// The arm's name.
        public var name: String
        /// The arm's state.
        public var state: String
        /// The arm's Gittins index ν (reward per period).
        public var index: Double
        /// V_{I∖i}: the social value without the arm.
        public var valueWithout: Double
        /// W_{−i}: the revenue of dynamic-VCG without the arm (thesis eq. 6.19).
        public var revenueWithout: Double
        /// The expected utility under the mechanism.
        public var expectedUtility: Double
        /// Z_i this period (dynamic-RM's redistribution; 0 for dynamic-VCG).
        public var redistribution: Double
        /// This period's transfer (paid to the agent).
        public var transfer: Double
    }

    /// One simulated period.
    public struct Period: Sendable, Equatable, Codable {
        /// The period t, from 0.
        public var period: Int
        /// The joint state at the start of the period, `(s_1, ..., s_n)`.
        public var state: String
        /// The activated arm's name.
        public var action: String
        /// Each arm's realised reward (only the activated arm's can be non-zero).
        public var rewards: [String: Double]
        /// Each agent's transfer.
        public var transfers: [String: Double]
        /// The period's revenue −Σ transfers (never negative).
        public var revenue: Double
    }

    /// Always ``DynamicInstanceKind/bandit``.
    public var kind: DynamicInstanceKind = .bandit
    /// The instance's name, if it has one.
    public var name: String?
    /// The mechanism.
    public var mechanism: DynamicMechanismName
    /// The discount γ.
    public var discount: Double
    /// The initial joint state, `(s_1, ..., s_n)`.
    public var initial: String
    /// The social value V at the initial joint state.
    public var value: Double
    /// The activated arm by joint state: every reachable joint state when all arms are finite
    /// and at most ``DynamicMechanismOptions/policyStateLimit`` are reachable, else the initial one.
    public var policy: [String: String]
    /// The arm activated now (largest index, ties to the lowest position).
    public var winner: String
    /// The mechanism's expected discounted revenue.
    public var expectedRevenue: Double
    /// Dynamic-VCG's expected discounted revenue (for comparison).
    public var vcgExpectedRevenue: Double
    /// This period's revenue under the mechanism.
    public var periodRevenue: Double
    /// Per agent, in instance order.
    public var agents: [Agent]
    /// With Beta arms: their truncation depth.
    public var betaDepth: Int?
    /// With Beta arms: the bound γ^D/(1−γ) on each Beta arm's truncation error.
    public var betaValueErrorBound: Double?
    /// The simulated trajectory, when one was asked for.
    public var simulation: [Period]?
    /// The simulation's seed, when there is a simulation.
    public var seed: UInt64?

    init(instance: BanditInstance, options: DynamicMechanismOptions) throws {
        let mechanism: BanditMechanismKind
        switch options.mechanism {
        case .dynamicVCG: mechanism = .dynamicVCG
        case .dynamicRM: mechanism = .dynamicRM
        case .basicGroves, .dynamicBalanced, .dynamicEAC, .onlineDynamicVCG, .onlineVCGGamma:
            throw DynamicMechanismError.mechanismNotAvailable(options.mechanism, kind: .bandit)
        }
        try checkBanditRewards(instance)
        var dynamics = try BanditDynamics(instance: instance, betaDepth: options.betaDepth)
        let start = dynamics.initialStates
        let names = instance.arms.map(\.name)
        func jointName(_ states: [BanditLocalState]) -> String {
            "(" + states.indices.map { dynamics.stateName(arm: $0, states[$0]) }.joined(separator: ", ") + ")"
        }
        let period = try dynamics.period(at: start)
        let expected = try dynamics.expectedUtilities(at: start)
        let rm = mechanism == .dynamicRM
        var policy = [jointName(start): names[period.transfers.winner]]
        if let reachable = try dynamics.reachablePolicy(limit: options.policyStateLimit) {
            for (states, winner) in reachable { policy[jointName(states)] = names[winner] }
        }
        let transfers = rm ? period.transfers.dynamicRM : period.transfers.vcg
        name = instance.name
        self.mechanism = options.mechanism
        discount = instance.discount
        initial = jointName(start)
        value = reportedNumber(expected.value)
        self.policy = policy
        winner = names[period.transfers.winner]
        expectedRevenue = reportedNumber(rm ? expected.rmRevenue : expected.vcgRevenue)
        vcgExpectedRevenue = reportedNumber(expected.vcgRevenue)
        periodRevenue = reportedNumber(rm ? period.transfers.rmRevenue : period.transfers.vcgRevenue)
        agents = names.indices.map { i in
            Agent(name: names[i], state: dynamics.stateName(arm: i, start[i]), index: reportedNumber(period.indices[i]),
                  valueWithout: reportedNumber(expected.valueWithout[i]),
                  revenueWithout: reportedNumber(expected.revenueWithout[i]),
                  expectedUtility: reportedNumber(rm ? expected.dynamicRM[i] : expected.vcg[i]),
                  redistribution: reportedNumber(rm ? period.transfers.redistribution[i] : 0),
                  transfer: reportedNumber(transfers[i]))
        }
        if dynamics.hasBetaArms {
            betaDepth = dynamics.betaDepth
            betaValueErrorBound = dynamics.betaValueErrorBound
        }
        if let simulation = options.simulation {
            self.simulation = try dynamics.simulate(mechanism: mechanism, periods: simulation.periods, seed: simulation.seed).map { p in
                Period(period: p.period, state: "(" + p.states.joined(separator: ", ") + ")", action: names[p.winner],
                       rewards: Dictionary(uniqueKeysWithValues: zip(names, p.rewards.map { reportedNumber($0) })),
                       transfers: Dictionary(uniqueKeysWithValues: zip(names, p.transfers.map { reportedNumber($0) })),
                       revenue: reportedNumber(p.revenue))
            }
            seed = simulation.seed
        }
    }
}
