import Combinatorial
import Foundation
import InstanceIO

/// A common prior over a finite set of types for each agent of an outcome table, independent
/// across agents (thesis Def. 2.3, Table 2.5): what the AGV mechanism's expected externalities
/// are taken over.
///
/// In a file of kind "outcomes" it is the optional key `"prior"`, an object with one member
/// per agent: `{"1": {"types": [[0,0,0],[10,0,0],[20,0,0]], "probabilities": [0, 0.2, 0.8]}, …}`;
/// each type is a value row (one number per outcome) inside the agent's domain.
public struct TypePrior: Sendable, Codable, Equatable {
    /// `types[i][k]`: agent i's k-th possible type (its values over the outcomes).
    public var types: [[[Double]]]
    /// `probabilities[i][k]`: its probability (each agent's sum is 1).
    public var probabilities: [[Double]]

    /// Creates a prior; shapes are checked by the reader.
    public init(types: [[[Double]]], probabilities: [[Double]]) {
        self.types = types
        self.probabilities = probabilities
    }

    /// Reads the `"prior"` member of an outcome table for `problem`.
    static func read(_ node: JSONValue, problem: StaticProblem) throws -> TypePrior {
        var types: [[[Double]]] = [], probabilities: [[Double]] = []
        for (i, agent) in problem.agents.enumerated() {
            guard let entry = try node.optional(agent) else { throw node.error("missing the prior of agent \"\(agent)\"") }
            let typesNode = try entry["types"]
            let list = try typesNode.array()
            guard !list.isEmpty else { throw typesNode.error("needs at least one type") }
            let rows = try list.map { row -> [Double] in
                let x = try row.numbers()
                guard x.count == problem.outcomeCount else {
                    throw row.error("expected \(problem.outcomeCount) numbers (one per outcome), found \(x.count)")
                }
                if let violation = problem.typeSpaces[i].firstViolation(x) {
                    throw row.error("type of agent \"\(agent)\" lies outside its domain: \(violation)")
                }
                return x
            }
            let probNode = try entry["probabilities"]
            let p = try probNode.numbers()
            guard p.count == rows.count else {
                throw probNode.error("expected \(rows.count) probabilities (one per type), found \(p.count)")
            }
            for (k, q) in p.enumerated() where q < 0 {
                throw InstanceError(file: probNode.file, location: "\(probNode.path)[\(k)]", message: "probability \(q) is negative")
            }
            let sum = p.reduce(0, +)
            guard abs(sum - 1) <= 1e-9 else { throw probNode.error("probabilities sum to \(sum), not 1") }
            types.append(rows)
            probabilities.append(p)
        }
        return TypePrior(types: types, probabilities: probabilities)
    }
}

/// An instance the redistribution mechanisms run on.
public enum RedistributionInstance: Sendable {
    /// Kind "units": identical units, unit demand (``UnitsInstance``).
    case units(UnitsInstance)
    /// Kind "outcomes": an outcome table, with an optional prior over types (for AGV).
    case outcomes(StaticProblem, prior: TypePrior?)
    /// Kind "combinatorial" or a CATS file: an auction. Bailey's rule runs on it by winner
    /// determination (``runAuctionBailey(_:solveOptions:)``); the other mechanisms enumerate
    /// its allocations (at most ``RedistributionOptions/maxOutcomes``).
    case auction(BidAuction)
    /// An auction already enumerated into its allocations (``BidAuction/compile(maxOutcomes:)``).
    case combinatorial(StaticProblem)

    /// The same instance as read by ``StaticInstance/read(path:options:)`` (an outcome table
    /// without a prior, or an auction, e.g. from a CATS file).
    public init(_ instance: StaticInstance) {
        switch instance {
        case .outcomes(let p): self = .outcomes(p, prior: nil)
        case .auction(let a): self = .auction(a)
        }
    }

    /// The instance's name.
    public var name: String {
        switch self {
        case .units(let u): return u.name
        case .outcomes(let p, _), .combinatorial(let p): return p.name
        case .auction(let a): return a.name
        }
    }

    /// `units`, `outcomes` or `combinatorial`.
    public var kind: String {
        switch self {
        case .units: return "units"
        case .outcomes: return "outcomes"
        case .auction, .combinatorial: return "combinatorial"
        }
    }

    /// Reads a JSON instance of kind "units", "outcomes" (with an optional `"prior"`) or
    /// "combinatorial". Every problem is one ``InstanceError`` naming the file and the JSON
    /// path; keys no reader asked for are refused. (CATS files: read them with
    /// ``StaticInstance/read(path:options:)`` and convert with ``init(_:)``.)
    ///
    /// ```swift
    /// let instance = try RedistributionInstance.read(path: "instances/units/moulin-four-wco.json")
    /// let result = try runRedistribution(instance, mechanism: .wco)
    /// ```
    public static func read(path: String) throws -> RedistributionInstance {
        try JSONValue.read(contentsOf: path) { try read($0) }
    }

    /// Reads a parsed document (see ``read(path:)``); keys no reader asked for are refused
    /// (``JSONValue/requireKnownKeys()``).
    public static func read(_ root: JSONValue) throws -> RedistributionInstance {
        let instance = try readMembers(root)
        try root.requireKnownKeys()
        return instance
    }

    static func readMembers(_ root: JSONValue) throws -> RedistributionInstance {
        let kindNode = try root["kind"]
        switch try kindNode.string() {
        case "units":
            return .units(try UnitsInstance.readMembers(root))
        case "outcomes":
            let problem = try readOutcomeTable(root)
            let prior = try root.optional("prior").map { try TypePrior.read($0, problem: problem) }
            return .outcomes(problem, prior: prior)
        case "combinatorial":
            return .auction(try readAuction(root))
        case let other:
            throw kindNode.error("kind \"\(other)\" has no redistribution mechanisms (expected \"units\", \"outcomes\" or \"combinatorial\")")
        }
    }
}
