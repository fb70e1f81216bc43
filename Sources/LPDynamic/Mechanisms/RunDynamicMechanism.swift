/// A simulated trajectory: how many periods, from which seed.
public struct DynamicSimulationOptions: Sendable, Codable, Equatable {
    /// The number of periods (at least 0; a trajectory may stop earlier at a terminal state or
    /// after an allocation).
    public var periods: Int
    /// The random seed; the same seed gives the same trajectory.
    public var seed: UInt64

    /// Creates simulation options.
    public init(periods: Int, seed: UInt64 = 1) {
        self.periods = periods
        self.seed = seed
    }
}

/// Options of ``runDynamicMechanism(_:options:)``.
public struct DynamicMechanismOptions: Sendable, Codable, Equatable {
    /// The mechanism (``DynamicMechanismName/available(for:)`` lists which run on each kind).
    public var mechanism: DynamicMechanismName
    /// Kind "dynamic": how every MDP is solved.
    public var method: SolutionMethod
    /// Kind "dynamic": the largest number of reachable joint states built.
    public var maxStates: Int
    /// Kind "dynamic": wall-clock limit in seconds of each CLP solve; `nil`: none.
    public var timeLimit: Double?
    /// Kind "bandit": truncation depth of Beta arms; `nil`: the depth keeping γ^D/(1−γ) ≤ 1e-6,
    /// at most 80.
    public var betaDepth: Int?
    /// Simulate one trajectory under truthful reports; `nil`: no simulation.
    public var simulation: DynamicSimulationOptions?
    /// Kinds "bandit" and "metadeliberation": the policy lists every reachable joint state
    /// when there are at most this many (and every arm is finite), else only the initial one.
    public var policyStateLimit: Int
    /// Dynamic-EAC: the charge basis and schedule (thesis Def. 5.12, eq. 5.39).
    public var eacVariant: DynamicEACVariant = DynamicEACVariant()
    /// Kind "population": the largest number of center states of the arrival MDP.
    public var populationStateLimit: Int = 200_000

    /// Creates options (defaults: dynamic-VCG, exact LP, 10^6 joint states, no simulation).
    public init(mechanism: DynamicMechanismName = .dynamicVCG, method: SolutionMethod = .lp,
                maxStates: Int = 1_000_000, timeLimit: Double? = nil, betaDepth: Int? = nil,
                simulation: DynamicSimulationOptions? = nil, policyStateLimit: Int = 1000) {
        self.mechanism = mechanism
        self.method = method
        self.maxStates = maxStates
        self.timeLimit = timeLimit
        self.betaDepth = betaDepth
        self.simulation = simulation
        self.policyStateLimit = policyStateLimit
    }

    /// The deepest Beta-arm truncation accepted (the bandit experiment's bound too).
    public static let maximumBetaDepth = 400

    /// Throws ``DynamicOptionError`` for an option out of range.
    public func validate() throws {
        guard maxStates >= 1 else { throw DynamicOptionError("the joint-state limit must be at least 1, found \(maxStates)") }
        if let t = timeLimit, !(t > 0 && t.isFinite) {
            throw DynamicOptionError("the time limit must be a positive number of seconds, found \(t)")
        }
        if let d = betaDepth, !(1...Self.maximumBetaDepth).contains(d) {
            throw DynamicOptionError("the Beta truncation depth must lie in 1...\(Self.maximumBetaDepth) (a Beta arm truncated "
                + "at depth D has D(D+1)/2 states and its retirement curve takes O(D^4) time), found \(d)")
        }
        if let s = simulation, s.periods < 0 {
            throw DynamicOptionError("the number of simulated periods must be at least 0, found \(s.periods)")
        }
        guard policyStateLimit >= 1 else {
            throw DynamicOptionError("the policy state limit must be at least 1, found \(policyStateLimit)")
        }
    }
}

/// The result of a dynamic mechanism, one case per instance kind. Its JSON encoding is the
/// case's result object itself (the result JSON of `rmsolve dynamic --format json`); decoding
/// dispatches on `"kind"` (`"bandit"`, `"metadeliberation"`; absent for kind "dynamic").
public enum DynamicMechanismResult: Sendable, Equatable, Codable {
    /// Kind "dynamic".
    case dynamic(JointMDPMechanismResult)
    /// Kind "bandit".
    case bandit(BanditMechanismResult)
    /// Kind "metadeliberation".
    case metadeliberation(MetadeliberationAuctionResult)
    /// Kind "dynamic" under dynamic-EAC.
    case eac(DynamicEACResult)
    /// Kind "population" (online-dynamic-VCG or online-VCG-γ), with simulated runs when asked.
    case population(PopulationMechanismResult, simulation: [PopulationSimulationRun]?)

    /// The instance kind the result belongs to.
    public var kind: DynamicInstanceKind {
        switch self {
        case .dynamic, .eac: return .dynamic
        case .bandit: return .bandit
        case .metadeliberation: return .metadeliberation
        case .population: return .population
        }
    }

    /// The social value at the initial joint state (kind "population": before the first arrivals).
    public var value: Double {
        switch self {
        case .dynamic(let r): return r.value
        case .bandit(let r): return r.value
        case .metadeliberation(let r): return r.value
        case .eac(let r): return r.value
        case .population(let r, _): return r.value
        }
    }

    /// The mechanism's expected discounted revenue from the initial joint state.
    public var expectedRevenue: Double {
        switch self {
        case .dynamic(let r): return r.expectedRevenue
        case .bandit(let r): return r.expectedRevenue
        case .metadeliberation(let r): return r.expectedRevenue
        case .eac(let r): return r.expectedRevenue
        case .population(let r, _): return r.expectedRevenue
        }
    }

    /// The action (kind "bandit": the activated arm) by joint state's name (empty for kind
    /// "population", whose policy is over arrival histories).
    public var policy: [String: String] {
        switch self {
        case .dynamic(let r): return r.policy
        case .bandit(let r): return r.policy
        case .metadeliberation(let r): return r.policy
        case .eac(let r): return r.policy
        case .population: return [:]
        }
    }

    private enum KindKey: String, CodingKey { case kind, mechanism, simulation }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: KindKey.self)
        let kind = try container.decodeIfPresent(DynamicInstanceKind.self, forKey: .kind)
        switch kind ?? .dynamic {
        case .dynamic:
            if try container.decodeIfPresent(String.self, forKey: .mechanism) == DynamicMechanismName.dynamicEAC.rawValue {
                self = .eac(try DynamicEACResult(from: decoder))
            } else {
                self = .dynamic(try JointMDPMechanismResult(from: decoder))
            }
        case .bandit: self = .bandit(try BanditMechanismResult(from: decoder))
        case .metadeliberation: self = .metadeliberation(try MetadeliberationAuctionResult(from: decoder))
        case .population:
            self = .population(try PopulationMechanismResult(from: decoder),
                               simulation: try container.decodeIfPresent([PopulationSimulationRun].self, forKey: .simulation))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .dynamic(let r): try r.encode(to: encoder)
        case .bandit(let r): try r.encode(to: encoder)
        case .metadeliberation(let r): try r.encode(to: encoder)
        case .eac(let r): try r.encode(to: encoder)
        case .population(let r, let simulation):
            try r.encode(to: encoder)
            var container = encoder.container(keyedBy: KindKey.self)
            try container.encode(DynamicInstanceKind.population, forKey: .kind)
            try container.encodeIfPresent(simulation, forKey: .simulation)
        }
    }
}

/// Runs a dynamic mechanism on an instance of any dynamic kind:
/// - kind "dynamic": dynamic-VCG, dynamic-basic-Groves or dynamic-balanced on the joint MDP
///   (thesis Ch. 5), each verified against its defining identities;
/// - kind "bandit": dynamic-VCG (Def. 6.1) or dynamic-RM (Def. 6.2) from Gittins indices and
///   exact subset values;
/// - kind "metadeliberation": the metadeliberation auction (Defs. 8.2-8.3, dynamic-VCG).
///
/// Transfers are paid to the agent (negative: the agent pays); revenue is −Σ transfers.
/// With `options.simulation`, one trajectory under truthful reports is part of the result.
///
/// ```swift
/// let instance = try DynamicInstanceFile.read(path: "instances/dynamic/car-gamma-0.9.json")
/// let result = try runDynamicMechanism(instance, options: DynamicMechanismOptions(
///     mechanism: .dynamicVCG, simulation: DynamicSimulationOptions(periods: 5, seed: 1)))
/// print(result.value, result.expectedRevenue)
/// if case .dynamic(let r) = result { print(r.agents.map(\.expectedUtility)) }
/// ```
///
/// - Throws: ``DynamicOptionError`` (options out of range), ``DynamicMechanismError`` (a
///   mechanism that does not run on the kind, a negative bandit reward, an IR failure),
///   ``MDPError`` (too many joint states, failed verification), ``GittinsError``,
///   `SolverError.notOptimal` (CLP stopped early).
public func runDynamicMechanism(
    _ instance: DynamicInstanceFile, options: DynamicMechanismOptions = .init()
) throws -> DynamicMechanismResult {
    try options.validate()
    guard DynamicMechanismName.available(for: instance.kind).contains(options.mechanism) else {
        throw DynamicMechanismError.mechanismNotAvailable(options.mechanism, kind: instance.kind)
    }
    switch instance {
    case .dynamic(let i) where options.mechanism == .dynamicEAC:
        let analysis = try DynamicAnalysis(instance: i, method: options.method, maxStates: options.maxStates)
        return .eac(try analysis.evaluateEAC(options.eacVariant))
    case .dynamic(let i): return .dynamic(try JointMDPMechanismResult(instance: i, options: options))
    case .bandit(let i): return .bandit(try BanditMechanismResult(instance: i, options: options))
    case .metadeliberation(let i): return .metadeliberation(try MetadeliberationAuctionResult(instance: i, options: options))
    case .population(let model):
        let mechanism: PopulationMechanism = options.mechanism == .onlineVCGGamma ? .onlineVCGGamma : .onlineDynamicVCG
        let result = try evaluatePopulationMechanism(model, mechanism, maxStates: options.populationStateLimit)
        // Kind "population": the simulation is `periods` independent runs over the whole horizon.
        let runs = try options.simulation.map {
            try simulatePopulationMechanism(model, mechanism, runs: $0.periods, seed: $0.seed, maxStates: options.populationStateLimit)
        }
        return .population(result, simulation: runs)
    }
}
