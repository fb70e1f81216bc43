import Foundation

/// Why a dynamic-population model cannot be solved as asked.
public enum PopulationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The exact solution needs more center states than the limit (`reached` states were
    /// built before stopping).
    case tooManyStates(reached: Int, limit: Int)
    /// The population would exceed the model's cap.
    case populationCapExceeded(population: Int, cap: Int, period: Int)
    /// The mechanism needs a property the model lacks (e.g. online-VCG-γ needs deterministic types).
    case unsupported(String)

    public var description: String {
        switch self {
        case .tooManyStates(let reached, let limit):
            return "the arrival MDP has more than \(limit) center states (\(reached) built before stopping)"
        case .populationCapExceeded(let population, let cap, let period):
            return "\(population) agents would be present in period \(period), more than the population cap \(cap)"
        case .unsupported(let m): return m
        }
    }
}

/// An arrival type of a dynamic population (thesis §7.2): a local MDP with two local actions,
/// *served* (the agent receives a unit in its current state s, obtains `values[s]` and departs)
/// and *not served* (its state moves along `transitions`, value 0). `departure` is the absorbing,
/// inaccessible departure state: an agent reaching it leaves the population for good.
public struct ArrivalType: Sendable, Equatable {
    /// The type's name.
    public let name: String
    /// Local state names (the departure state included).
    public let states: [String]
    /// The state in which agents of this type arrive.
    public let arrivalState: Int
    /// The departure state.
    public let departure: Int
    /// Per state, the value of receiving a unit there (0 in the departure state).
    public let values: [Double]
    /// Per state, the successors (state, probability) when not served (empty for the departure
    /// state, which is absorbing).
    public let transitions: [[(next: Int, probability: Double)]]

    /// Creates and validates a type: probabilities in [0, 1] summing to 1 (within 1e-9) from
    /// every state but the departure state, which has no successors and value 0.
    public init(name: String, states: [String], arrivalState: Int, departure: Int, values: [Double],
                transitions: [[(next: Int, probability: Double)]]) throws {
        let n = states.count
        guard n >= 2, states.indices.contains(arrivalState), states.indices.contains(departure), arrivalState != departure,
              values.count == n, transitions.count == n
        else { throw PopulationError.unsupported("type \(name): inconsistent states, values or transitions") }
        guard values[departure] == 0, transitions[departure].isEmpty else {
            throw PopulationError.unsupported("type \(name): the departure state must have value 0 and no transitions")
        }
        for s in 0..<n where s != departure {
            let total = transitions[s].reduce(0) { $0 + $1.probability }
            guard abs(total - 1) <= 1e-9,
                  transitions[s].allSatisfy({ $0.probability >= 0 && $0.probability <= 1 && (0..<n).contains($0.next) })
            else { throw PopulationError.unsupported("type \(name): the probabilities from \(states[s]) sum to \(total), not 1") }
        }
        self.name = name
        self.states = states
        self.arrivalState = arrivalState
        self.departure = departure
        self.values = values
        self.transitions = transitions
    }

    /// Whether every state has a single successor (thesis Assumption 7.4, deterministic types).
    public var isDeterministic: Bool {
        transitions.indices.allSatisfy { $0 == departure || transitions[$0].filter { $0.probability > 0 }.count == 1 }
    }

    public static func == (lhs: ArrivalType, rhs: ArrivalType) -> Bool {
        lhs.name == rhs.name && lhs.states == rhs.states && lhs.arrivalState == rhs.arrivalState
            && lhs.departure == rhs.departure && lhs.values == rhs.values
            && lhs.transitions.map { $0.map(\.next) } == rhs.transitions.map { $0.map(\.next) }
            && lhs.transitions.map { $0.map(\.probability) } == rhs.transitions.map { $0.map(\.probability) }
    }
}

/// One possible set of arrivals in a period: `types` (indices into the model's types, with
/// repetitions for several agents of one type) arrive together with `probability`.
public struct ArrivalOutcome: Sendable, Equatable {
    /// The probability of this outcome.
    public let probability: Double
    /// The arriving types (sorted).
    public let types: [Int]

    /// Creates an outcome (types are sorted).
    public init(probability: Double, types: [Int]) {
        self.probability = probability
        self.types = types.sorted()
    }
}

/// How agents arrive.
public enum ArrivalModel: Sendable, Equatable {
    /// Per period t, a distribution over arrival sets, drawn independently of everything that
    /// happened before: the thesis's Assumption 7.3 (conditionally independent arrivals) holds
    /// by construction. A period without an entry has no arrivals.
    case perPeriod([[ArrivalOutcome]])
    /// A distribution over complete arrival sequences (scenario k: `arrivals[k][t]` arrive in
    /// period t, with probability `probabilities[k]`). The center conditions on the arrivals it
    /// has seen, so later arrivals may depend on earlier ones: Assumption 7.3 is **not**
    /// guaranteed and the online mechanisms need not be truthful (the thesis's Example 3 of §7.2).
    case scenarios(probabilities: [Double], arrivals: [[[Int]]])

    /// Whether Assumption 7.3 holds by construction.
    public var conditionallyIndependent: Bool {
        if case .perPeriod = self { return true }
        return false
    }
}

/// A dynamic population (thesis §7.2): identical units are allocated, at most one per period,
/// to agents who arrive over time (arrival model), each with a dynamic type (an
/// ``ArrivalType``), over a horizon of H decisions with discount γ. At most `populationCap`
/// agents may be present at once.
///
/// Period t runs: the period's arrivals join (an agent makes its first report); the center
/// serves one present agent or waits; the served agent obtains its value and departs; every
/// other agent's state moves along its type's transitions, and agents reaching their departure
/// state leave.
public struct PopulationModel: Sendable, Equatable {
    /// The model's name.
    public let name: String
    /// γ ∈ [0, 1].
    public let discount: Double
    /// The number of decisions H ≥ 1.
    public let horizon: Int
    /// The number of identical units available over the whole horizon.
    public let units: Int
    /// The largest number of agents present at once.
    public let populationCap: Int
    /// The arrival types.
    public let types: [ArrivalType]
    /// The arrival model.
    public let arrivals: ArrivalModel

    /// Creates and validates a model: outcome probabilities sum to 1 per period (or over the
    /// scenarios), types are in range, at most 62 scenarios, and arrival periods < H.
    public init(name: String, discount: Double, horizon: Int, units: Int, populationCap: Int, types: [ArrivalType],
                arrivals: ArrivalModel) throws {
        guard horizon >= 1, discount >= 0, discount <= 1, units >= 0, populationCap >= 1, !types.isEmpty else {
            throw PopulationError.unsupported("need a horizon ≥ 1, a discount in [0, 1], units ≥ 0, a cap ≥ 1 and a type")
        }
        switch arrivals {
        case .perPeriod(let periods):
            guard periods.count <= horizon else {
                throw PopulationError.unsupported("arrivals are given for \(periods.count) periods, more than the horizon \(horizon)")
            }
            for (t, outcomes) in periods.enumerated() {
                let total = outcomes.reduce(0) { $0 + $1.probability }
                guard abs(total - 1) <= 1e-9, outcomes.allSatisfy({ $0.probability >= 0 && $0.types.allSatisfy(types.indices.contains) })
                else { throw PopulationError.unsupported("the arrival probabilities of period \(t) sum to \(total), not 1") }
            }
        case .scenarios(let probabilities, let sequences):
            let total = probabilities.reduce(0, +)
            guard probabilities.count == sequences.count, (1...62).contains(sequences.count), abs(total - 1) <= 1e-9,
                  probabilities.allSatisfy({ $0 > 0 }),
                  sequences.allSatisfy({ $0.count <= horizon && $0.allSatisfy { $0.allSatisfy(types.indices.contains) } })
            else { throw PopulationError.unsupported("1 to 62 scenarios with positive probabilities summing to 1 (found \(total)), each at most \(horizon) periods long, are needed") }
        }
        self.name = name
        self.discount = discount
        self.horizon = horizon
        self.units = units
        self.populationCap = populationCap
        self.types = types
        switch arrivals {
        case .perPeriod(let periods):
            self.arrivals = .perPeriod(periods.map { $0.filter { $0.probability > 0 } })
        case .scenarios(let p, let sequences):
            self.arrivals = .scenarios(probabilities: p, arrivals: sequences.map { $0.map { $0.sorted() } })
        }
    }

    /// Whether every type is deterministic (thesis Assumption 7.4).
    public var deterministicTypes: Bool { types.allSatisfy(\.isDeterministic) }

    /// The largest number of local states of a type (the stride of the agent codes).
    var stride: Int { types.map(\.states.count).max()! }

    /// "type:state" of an agent code.
    func agentName(_ code: Int) -> String { "\(types[code / stride].name):\(types[code / stride].states[code % stride])" }
}
