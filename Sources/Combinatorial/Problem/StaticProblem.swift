import InstanceIO

/// A static (one-shot) allocation problem in the one form every algorithm of rmsolve uses:
/// a finite outcome set, each agent's type space ``TypeSpace``, and each agent's reported
/// type. Agent i's value for outcome o is the coordinate ``valueColumn``[i][o] of its type
/// vector (or 0 when that entry is `-1`): a linear function of the type, as the thesis's
/// revenue-guarantee MIP (eq. 3.25-3.26) requires.
///
/// For combinatorial auctions the outcomes are the feasible allocations, enumerated (see
/// ``BidAuction``).
public struct StaticProblem: Sendable {
    /// The instance's name.
    public var name: String
    /// The agents' names.
    public var agents: [String]
    /// The outcomes' names (allocations are named like `1:{c,d} 2:{}`).
    public var outcomes: [String]
    /// Each agent's type space Θ_i.
    public var typeSpaces: [TypeSpace]
    /// `valueColumn[i][o]`: the coordinate of agent i's type that is v_i(o), or -1 for 0.
    public var valueColumn: [[Int32]]
    /// Each agent's reported type vector.
    public var reports: [[Double]]
    /// For combinatorial auctions: `allocations[o][i]` = the goods agent i receives in outcome o.
    public var allocations: [[[String]]]? = nil

    /// Creates a problem; ``validate()`` checks it (the readers and the mechanisms call it).
    public init(name: String, agents: [String], outcomes: [String], typeSpaces: [TypeSpace],
                valueColumn: [[Int32]], reports: [[Double]]) {
        self.name = name
        self.agents = agents
        self.outcomes = outcomes
        self.typeSpaces = typeSpaces
        self.valueColumn = valueColumn
        self.reports = reports
    }

    /// The number of agents n.
    public var agentCount: Int { agents.count }
    /// The number of outcomes |O|.
    public var outcomeCount: Int { outcomes.count }

    /// v_i(o) for the type vector `x` of agent i.
    @inline(__always)
    public func value(agent i: Int, outcome o: Int, type x: [Double]) -> Double {
        let c = valueColumn[i][o]
        return c < 0 ? 0 : x[Int(c)]
    }

    /// The reported valuation matrix `values[i][o]`.
    public var reportedValues: [[Double]] {
        (0..<agentCount).map { i in (0..<outcomeCount).map { value(agent: i, outcome: $0, type: reports[i]) } }
    }

    /// The same problem with agent i's report replaced (for misreport tests).
    public func replacingReport(of i: Int, with x: [Double]) -> StaticProblem {
        var copy = self
        copy.reports[i] = x
        return copy
    }

    /// Checks the shapes (one type space, value-column row and report per agent; one column
    /// entry per outcome, each a coordinate of the agent's type or -1; bounds, names and rows
    /// of each type space consistent with its dimension; allocations, if any, one per outcome
    /// with one bundle per agent) and that every report lies in its type space (relative
    /// tolerance 1e-9). Throws an ``InstanceError`` whose file is the problem's name.
    public func validate() throws {
        let file = "problem \"\(name)\""
        func fail(_ location: String, _ message: String) -> InstanceError {
            InstanceError(file: file, location: location, message: message)
        }
        let n = agents.count, m = outcomes.count
        guard n >= 1 else { throw fail("agents", "needs at least one agent") }
        guard m >= 1 else { throw fail("outcomes", "needs at least one outcome") }
        guard typeSpaces.count == n else { throw fail("typeSpaces", "expected \(n) type spaces (one per agent), found \(typeSpaces.count)") }
        guard valueColumn.count == n else { throw fail("valueColumn", "expected \(n) rows (one per agent), found \(valueColumn.count)") }
        guard reports.count == n else { throw fail("reports", "expected \(n) reports (one per agent), found \(reports.count)") }
        for i in 0..<n {
            let space = typeSpaces[i], d = space.dimension
            let agent = "agent \"\(agents[i])\""
            guard space.upper.count == d, space.coordinateNames.count == d else {
                throw fail("typeSpaces[\(i)]", "\(agent): \(d) lower bounds but \(space.upper.count) upper bounds and \(space.coordinateNames.count) names")
            }
            for (r, row) in space.rows.enumerated() {
                guard row.columns.count == row.coefficients.count, row.columns.allSatisfy({ (0..<d).contains($0) }) else {
                    throw fail("typeSpaces[\(i)].rows[\(r)]", "\(agent): a row needs one coefficient per column, each column in 0..<\(d)")
                }
            }
            guard valueColumn[i].count == m else {
                throw fail("valueColumn[\(i)]", "\(agent): expected \(m) entries (one per outcome), found \(valueColumn[i].count)")
            }
            if let bad = valueColumn[i].firstIndex(where: { $0 < -1 || Int($0) >= d }) {
                throw fail("valueColumn[\(i)][\(bad)]", "\(agent): entry \(valueColumn[i][bad]) is not a coordinate of its \(d)-dimensional type (or -1)")
            }
            guard reports[i].count == d else {
                throw fail("reports[\(i)]", "\(agent): expected \(d) numbers (the type's dimension), found \(reports[i].count)")
            }
            guard reports[i].allSatisfy(\.isFinite) else { throw fail("reports[\(i)]", "\(agent): the report has a value that is not a finite number") }
            if let violation = space.firstViolation(reports[i]) {
                throw fail("reports[\(i)]", "the report of \(agent) lies outside its type space: \(violation)")
            }
        }
        if let allocations {
            guard allocations.count == m, allocations.allSatisfy({ $0.count == n }) else {
                throw fail("allocations", "expected one allocation per outcome, each with one bundle per agent")
            }
        }
    }
}
