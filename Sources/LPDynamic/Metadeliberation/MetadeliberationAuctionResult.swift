/// The metadeliberation auction (thesis Defs. 8.2 and 8.3, dynamic-VCG specialised) on a kind
/// "metadeliberation" instance (``runDynamicMechanism(_:options:)``). Payments are paid by the
/// agent (``Agent/payment``) and also reported as ``Agent/transfer`` = −payment. Numbers are
/// rounded to 13 significant digits (values span 1e10 beside 2^10 in thesis Example 8.1).
public struct MetadeliberationAuctionResult: Sendable, Equatable, Codable {
    /// One agent at the initial joint state.
    public struct Agent: Sendable, Equatable, Codable {
        /// The agent's name.
        public var name: String
        /// V̄_{−i}: the social value without the agent's processes.
        public var valueWithout: Double
        /// V − V̄_{−i}.
        public var expectedUtility: Double
        /// This period's payment by the agent.
        public var payment: Double
        /// −payment (paid to the agent).
        public var transfer: Double
    }

    /// One deliberation process.
    public struct Process: Sendable, Equatable, Codable {
        /// The process's name.
        public var name: String
        /// The agent who deliberates (and pays the cost).
        public var owner: String
        /// The agent whose value the process is about.
        public var about: String
        /// The process's initial state.
        public var state: String
        /// The index ν at the initial state (reward per period).
        public var index: Double
        /// The lump-sum retirement value ν/(1−γ) at the initial state.
        public var lumpSum: Double
        /// Every state's index.
        public var indices: [String: Double]
        /// Every state's local value.
        public var localValues: [String: Double]
        /// The states in which the process deliberates rather than allocates.
        public var deliberationStates: [String]
    }

    /// One simulated period.
    public struct Period: Sendable, Equatable, Codable {
        /// The period t, from 0.
        public var period: Int
        /// The joint state of the processes.
        public var state: String
        /// `deliberate P` or `allocate to A via P`.
        public var action: String
        /// Each agent's payment.
        public var payments: [String: Double]
        /// Σ payments.
        public var revenue: Double
        /// The deliberation cost, for a deliberation step.
        public var cost: Double?
        /// Who bears the cost, for a deliberation step.
        public var costBorneBy: String?
    }

    /// Always ``DynamicInstanceKind/metadeliberation``.
    public var kind: DynamicInstanceKind = .metadeliberation
    /// The instance's name, if it has one.
    public var name: String?
    /// Always ``DynamicMechanismName/dynamicVCG``.
    public var mechanism: DynamicMechanismName = .dynamicVCG
    /// The discount γ.
    public var discount: Double
    /// The initial joint state.
    public var initial: String
    /// The social value V at the initial joint state.
    public var value: Double
    /// The action by joint state: every reachable joint state when at most
    /// ``DynamicMechanismOptions/policyStateLimit`` are reachable, else the initial one.
    public var policy: [String: String]
    /// The action now.
    public var action: String
    /// Σ_i V̄_{−i} − (n−1)V.
    public var expectedRevenue: Double
    /// Per agent, in instance order.
    public var agents: [Agent]
    /// Per process, in instance order.
    public var processes: [Process]
    /// The simulated trajectory, when one was asked for.
    public var simulation: [Period]?
    /// The simulation's seed, when there is a simulation.
    public var seed: UInt64?

    init(instance: MetadeliberationInstance, options: DynamicMechanismOptions) throws {
        guard options.mechanism == .dynamicVCG else {
            throw DynamicMechanismError.mechanismNotAvailable(options.mechanism, kind: .metadeliberation)
        }
        func number(_ x: Double) -> Double { reportedNumber(x, significantDigits: 13) }
        let auction = try MetadeliberationAuction(instance: instance)
        let gamma = instance.discount
        let processes = instance.processes
        func jointName(_ states: [Int]) -> String {
            "(" + states.indices.map { processes[$0].states[states[$0]] }.joined(separator: ", ") + ")"
        }
        func actionName(_ a: MetadeliberationAction) -> String {
            switch a {
            case .deliberate(let p): return "deliberate \(processes[p].name)"
            case .allocate(let p): return "allocate to \(instance.agents[processes[p].about]) via \(processes[p].name)"
            }
        }
        let start = auction.initialStates
        let now = try auction.period(at: start)
        let value = auction.socialValue(at: start)
        let n = Double(instance.agents.count)
        var policy = [jointName(start): actionName(now.action)]
        if let reachable = try auction.reachablePolicy(limit: options.policyStateLimit) {
            for (states, action) in reachable { policy[jointName(states)] = actionName(action) }
        }
        let utilities = now.valueWithout.map { value - $0 }
        let scale = max(1, abs(value))
        if let i = utilities.firstIndex(where: { $0 < -1e-9 * scale }) {
            throw DynamicMechanismError.notIndividuallyRational(agent: instance.agents[i], utility: utilities[i])
        }
        name = instance.name
        discount = gamma
        initial = jointName(start)
        self.value = number(value)
        self.policy = policy
        action = actionName(now.action)
        expectedRevenue = number(now.valueWithout.reduce(0, +) - (n - 1) * value)
        agents = instance.agents.indices.map { i in
            Agent(name: instance.agents[i], valueWithout: number(now.valueWithout[i]),
                  expectedUtility: number(utilities[i]), payment: number(now.payments[i]),
                  transfer: number(-now.payments[i]))
        }
        self.processes = processes.indices.map { p in
            let r = auction.reduced[p]
            let process = processes[p]
            return Process(
                name: process.name, owner: instance.agents[process.owner], about: instance.agents[process.about],
                state: process.states[start[p]], index: number(now.indices[p]),
                lumpSum: number(now.indices[p] / (1 - gamma)),
                indices: Dictionary(uniqueKeysWithValues: zip(process.states, r.indices.map(number))),
                localValues: Dictionary(uniqueKeysWithValues: zip(process.states, r.localValues.map(number))),
                deliberationStates: process.states.indices.filter { r.deliberates[$0] }.map { process.states[$0] })
        }
        if let simulation = options.simulation {
            self.simulation = try auction.simulate(periods: simulation.periods, seed: simulation.seed).enumerated().map { t, step in
                var row = Period(
                    period: t, state: jointName(step.states), action: actionName(step.period.action),
                    payments: Dictionary(uniqueKeysWithValues: zip(instance.agents, step.period.payments.map(number))),
                    revenue: number(step.period.payments.reduce(0, +)))
                if case .deliberate = step.period.action {
                    row.cost = number(step.cost)
                    row.costBorneBy = instance.agents[processes[step.period.action.process].owner]
                }
                return row
            }
            seed = simulation.seed
        }
    }
}
