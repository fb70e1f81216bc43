import Combinatorial
import InstanceIO

/// An auction of `units` identical units among agents with unit demand (instance kind
/// "units"): each agent wants one unit and reports one number, its value for it.
///
/// ```json
/// {"kind": "units", "name": "four-bidders", "units": 2,
///  "agents": ["a", "b", "c", "d"], "values": [10, 8, 6, 4],
///  "domain": {"upper": 100},
///  "prior": {"distribution": "uniform", "lower": 0, "upper": 100}}
/// ```
///
/// Values lie in the domain [0, upper] (`upper` absent: [0, ∞)). The efficient allocation
/// gives the units to the `units` highest values; VCG charges every winner the
/// (units+1)-th highest value. The optional prior (i.i.d. across agents) is what the
/// optimal-in-expectation mechanism `oel` optimizes for; the other mechanisms ignore it.
public struct UnitsInstance: Sendable, Equatable, Codable {
    /// The instance's name.
    public var name: String
    /// The number m ≥ 1 of identical units.
    public var units: Int
    /// The agents' names (at least m + 1 of them).
    public var agents: [String]
    /// Each agent's reported value for one unit.
    public var values: [Double]
    /// The upper end U of the value domain [0, U]; `nil` for [0, ∞).
    public var upper: Double?
    /// The common prior of the values, when stated.
    public var prior: UnitsPrior?

    /// Creates an instance; ``validate()`` checks it.
    public init(name: String, units: Int, agents: [String], values: [Double], upper: Double? = nil,
                prior: UnitsPrior? = nil) {
        self.name = name
        self.units = units
        self.agents = agents
        self.values = values
        self.upper = upper
        self.prior = prior
    }

    /// Creates an instance with agents named `1`, `2`, ….
    public init(name: String = "units", units: Int, values: [Double], upper: Double? = nil, prior: UnitsPrior? = nil) {
        self.init(name: name, units: units, agents: values.indices.map { "\($0 + 1)" }, values: values,
                  upper: upper, prior: prior)
    }

    /// The number of agents n.
    public var agentCount: Int { agents.count }

    /// Checks the rules of the reader on an instance built in code; the error's file is
    /// `"<memory>"`.
    public func validate() throws {
        let file = "<memory>"
        func fail(_ location: String, _ message: String) -> InstanceError {
            InstanceError(file: file, location: location, message: message)
        }
        guard units >= 1 else { throw fail("$.units", "needs at least one unit (found \(units))") }
        guard agents.count >= units + 1 else {
            throw fail("$.agents", "needs at least units + 1 = \(units + 1) agents for redistribution to be meaningful, found \(agents.count)")
        }
        guard values.count == agents.count else {
            throw fail("$.values", "expected \(agents.count) values (one per agent), found \(values.count)")
        }
        if let u = upper, !(u.isFinite && u > 0) { throw fail("$.domain.upper", "the upper end must be a positive number") }
        for (i, v) in values.enumerated() {
            guard v.isFinite, v >= 0 else { throw fail("$.values[\(i)]", "value \(v) is negative") }
            if let u = upper, v > u { throw fail("$.values[\(i)]", "value \(v) is above the domain's upper end \(u)") }
        }
        try prior?.validate(upper: upper, at: "$.prior", file: file)
    }

    /// Reads a "units" instance from a JSON file; every problem is one ``InstanceError``
    /// naming the file and the JSON path.
    public static func read(path: String) throws -> UnitsInstance {
        try JSONValue.read(contentsOf: path) { try read($0) }
    }

    /// Reads a "units" instance from a parsed document (see ``read(path:)``). Keys the reader
    /// does not know are refused (``JSONValue/requireKnownKeys()``; `"comment"` is allowed).
    public static func read(_ root: JSONValue) throws -> UnitsInstance {
        let instance = try readMembers(root)
        try root.requireKnownKeys()
        return instance
    }

    static func readMembers(_ root: JSONValue) throws -> UnitsInstance {
        let kindNode = try root["kind"]
        guard try kindNode.string() == "units" else {
            throw kindNode.error("expected kind \"units\", found \"\(try kindNode.string())\"")
        }
        let name = try root.optional("name")?.string() ?? "units"
        let unitsNode = try root["units"]
        let m = try unitsNode.integer()
        guard m >= 1 else { throw unitsNode.error("needs at least one unit (found \(m))") }
        let agentsNode = try root["agents"]
        let agents = try agentsNode.strings()
        _ = try uniqueNames(agents, at: agentsNode, what: "agent")
        guard agents.count >= m + 1 else {
            throw agentsNode.error("needs at least units + 1 = \(m + 1) agents for redistribution to be meaningful, found \(agents.count)")
        }
        var upper: Double? = nil
        if let domain = try root.optional("domain") {
            if let lowerNode = try domain.optional("lower") {
                guard try lowerNode.number() == 0 else { throw lowerNode.error("the lower end of a units domain is 0") }
            }
            if let node = try domain.optional("upper") {
                let u = try node.number()
                guard u > 0 else { throw node.error("the upper end must be positive, found \(u)") }
                upper = u
            }
        }
        let valuesNode = try root["values"]
        let entries = try valuesNode.array()
        guard entries.count == agents.count else {
            throw valuesNode.error("expected \(agents.count) values (one per agent), found \(entries.count)")
        }
        let values = try entries.map { node -> Double in
            let v = try node.number()
            guard v >= 0 else { throw node.error("value \(v) is negative (values lie in [0, \(upper.map { "\($0)" } ?? "∞")])") }
            if let u = upper, v > u { throw node.error("value \(v) is above the domain's upper end \(u)") }
            return v
        }
        let prior = try root.optional("prior").map { try UnitsPrior.read($0, upper: upper) }
        return UnitsInstance(name: name, units: m, agents: agents, values: values, upper: upper, prior: prior)
    }

    /// The same auction as an enumerated outcome table (one outcome per set of m winners,
    /// in lexicographic order, named like `{a,b}`), each agent's type being its one value
    /// in [0, U]. Exponential in n: meant for cross-checks on small instances (the generic
    /// revenue guarantees and VCG of ``StaticProblem`` against the closed forms).
    public func staticProblem() -> StaticProblem {
        let n = agentCount
        var outcomes: [String] = []
        var columns = Array(repeating: [Int32](), count: n)
        var chosen: [Int] = []
        func visit(_ start: Int) {
            if chosen.count == units {
                outcomes.append("{" + chosen.map { agents[$0] }.joined(separator: ",") + "}")
                let set = Set(chosen)
                for i in 0..<n { columns[i].append(set.contains(i) ? 0 : -1) }
                return
            }
            guard start < n else { return }
            for k in start..<n {
                chosen.append(k)
                visit(k + 1)
                chosen.removeLast()
            }
        }
        visit(0)
        let spaces = (0..<n).map { _ in
            TypeSpace(lower: [0], upper: [upper ?? .infinity], coordinateNames: ["value for a unit"])
        }
        return StaticProblem(name: name, agents: agents, outcomes: outcomes, typeSpaces: spaces,
                             valueColumn: columns, reports: values.map { [$0] })
    }
}

/// The common prior of a "units" instance: every agent's value is drawn independently from
/// the same distribution.
public enum UnitsPrior: Sendable, Equatable, Codable {
    /// Uniform on [lower, upper]; expectations of order statistics are exact.
    case uniform(lower: Double, upper: Double)
    /// Normal(mean, sd) truncated to the value domain [0, U] ([0, ∞) without U);
    /// expectations of order statistics by Simpson quadrature of their densities
    /// (``expectedOrderStatistics(_:count:upper:)``).
    case normal(mean: Double, sd: Double)

    /// `{"distribution": "uniform", "lower": 0, "upper": 100}` or
    /// `{"distribution": "normal", "mean": 50, "sd": 12.5}`.
    static func read(_ node: JSONValue, upper: Double?) throws -> UnitsPrior {
        let distNode = try node["distribution"]
        let prior: UnitsPrior
        switch try distNode.string() {
        case "uniform":
            let lower = try node.optional("lower")?.number() ?? 0
            guard let hi = try node.optional("upper")?.number() ?? upper else {
                throw node.error("a uniform prior needs \"upper\" (or a domain upper end)")
            }
            prior = .uniform(lower: lower, upper: hi)
        case "normal":
            prior = .normal(mean: try node["mean"].number(), sd: try node["sd"].number())
        case let other:
            throw distNode.error("unknown distribution \"\(other)\" (expected \"uniform\" or \"normal\")")
        }
        try prior.validate(upper: upper, at: node.path, file: node.file)
        return prior
    }

    /// Checks the prior against the value domain.
    func validate(upper: Double?, at path: String, file: String) throws {
        func fail(_ message: String) -> InstanceError { InstanceError(file: file, location: path, message: message) }
        switch self {
        case .uniform(let lo, let hi):
            guard lo >= 0, hi > lo else { throw fail("a uniform prior needs 0 ≤ lower < upper (found [\(lo), \(hi)])") }
            if let u = upper, hi > u { throw fail("the prior's upper end \(hi) is above the domain's upper end \(u)") }
        case .normal(let mean, let sd):
            guard sd > 0, mean.isFinite else { throw fail("a normal prior needs a finite mean and sd > 0") }
            if mean + 8 * sd < 0 || (upper.map { mean - 8 * sd > $0 } ?? false) {
                throw fail("the normal prior puts (almost) no mass on the value domain")
            }
        }
    }
}
