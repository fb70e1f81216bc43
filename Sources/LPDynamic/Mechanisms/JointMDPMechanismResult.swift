/// A dynamic mechanism on a kind "dynamic" instance (``runDynamicMechanism(_:options:)``).
/// Numbers are rounded to 10 significant digits.
public struct JointMDPMechanismResult: Sendable, Equatable, Codable {
    /// One agent's outcome from the initial joint state.
    public struct Agent: Sendable, Equatable, Codable {
        /// The agent's name.
        public var name: String
        /// V*_{-i}: the others' optimal value without the agent.
        public var valueWithout: Double
        /// W_i: the agent's expected discounted reward under π*.
        public var valueUnderPolicy: Double
        /// The expected discounted sum of the agent's transfers.
        public var expectedTransfers: Double
        /// W_i + expected transfers.
        public var expectedUtility: Double
        /// This period's transfer at the initial joint state.
        public var transfer: Double
    }

    /// One simulated period.
    public struct Period: Sendable, Equatable, Codable {
        /// The period t, from 0.
        public var period: Int
        /// The joint state's name.
        public var state: String
        /// The action π*(s).
        public var action: String
        /// Each agent's realised reward, by agent name.
        public var rewards: [String: Double]
        /// Each agent's transfer in the period, by agent name (dynamic-balanced: γ·T_i of the
        /// next reports, booked in this period).
        public var transfers: [String: Double]
    }

    /// The instance's name.
    public var name: String
    /// The mechanism.
    public var mechanism: DynamicMechanismName
    /// How the MDPs were solved.
    public var method: SolutionMethod
    /// The discount γ.
    public var discount: Double
    /// The initial joint state's name.
    public var initial: String
    /// The number of reachable joint states.
    public var jointStates: Int
    /// V* at the initial joint state (the social value).
    public var value: Double
    /// π*: every non-terminal joint state's action.
    public var policy: [String: String]
    /// Expected discounted revenue −Σ_i E[Σ γ^t T_i].
    public var expectedRevenue: Double
    /// Per agent, in instance order.
    public var agents: [Agent]
    /// Dynamic-VCG and basic-Groves: per joint state reached under π*, each agent's transfer
    /// (absent for dynamic-balanced, whose transfers depend on two consecutive reports).
    public var transfers: [String: [String: Double]]?
    /// The horizon H, absent for an infinite horizon.
    public var horizon: Int?
    /// The simulated trajectory, when one was asked for.
    public var simulation: [Period]?
    /// The simulation's seed, when there is a simulation.
    public var seed: UInt64?

    init(instance: DynamicInstance, options: DynamicMechanismOptions) throws {
        let mechanism: DynamicMechanism
        switch options.mechanism {
        case .dynamicVCG: mechanism = .dynamicVCG
        case .basicGroves: mechanism = .basicGroves
        case .dynamicBalanced: mechanism = .dynamicBalanced
        case .dynamicRM, .dynamicEAC, .onlineDynamicVCG, .onlineVCGGamma:
            throw DynamicMechanismError.mechanismNotAvailable(options.mechanism, kind: .dynamic)
        }
        let analysis = try DynamicAnalysis(instance: instance, method: options.method, maxStates: options.maxStates,
                                           timeLimit: options.timeLimit)
        let outcome = try analysis.evaluate(mechanism)
        let mdp = analysis.joint.mdp
        var policy: [String: String] = [:]
        for s in 0..<mdp.stateCount where analysis.action(state: s) >= 0 {
            policy[mdp.stateNames[s]] = mdp.actionNames[analysis.action(state: s)]
        }
        var transfers: [String: [String: Double]] = [:]
        if mechanism != .dynamicBalanced {
            for s in analysis.statesReachedUnderPolicy() {
                var row: [String: Double] = [:]
                for i in 0..<analysis.agentCount {
                    let t = mechanism == .dynamicVCG ? analysis.vcgTransfer(agent: i, state: s)
                        : analysis.basicGrovesTransfer(agent: i, state: s)
                    row[instance.agents[i].name] = reportedNumber(t)
                }
                transfers[mdp.stateNames[s]] = row
            }
        }
        name = instance.name
        self.mechanism = options.mechanism
        method = options.method
        discount = instance.discount
        initial = mdp.stateNames[mdp.initialState]
        jointStates = mdp.stateCount
        value = reportedNumber(outcome.value)
        self.policy = policy
        expectedRevenue = reportedNumber(outcome.expectedRevenue)
        agents = outcome.agents.map {
            Agent(name: $0.name, valueWithout: reportedNumber($0.valueWithout),
                  valueUnderPolicy: reportedNumber($0.valueUnderPolicy),
                  expectedTransfers: reportedNumber($0.expectedTransfers),
                  expectedUtility: reportedNumber($0.expectedUtility), transfer: reportedNumber($0.transfer))
        }
        self.transfers = transfers.isEmpty ? nil : transfers
        horizon = instance.horizon
        if let simulation = options.simulation {
            let names = instance.agents.map(\.name)
            self.simulation = try outcome.simulate(periods: simulation.periods, seed: simulation.seed).map { p in
                Period(period: p.period, state: p.state, action: p.action,
                       rewards: Dictionary(uniqueKeysWithValues: zip(names, p.rewards.map { reportedNumber($0) })),
                       transfers: Dictionary(uniqueKeysWithValues: zip(names, p.transfers.map { reportedNumber($0) })))
            }
            seed = simulation.seed
        }
    }
}
