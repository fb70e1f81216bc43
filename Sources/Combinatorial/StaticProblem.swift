/// A static (one-shot) allocation problem in the one form every algorithm of rmsolve uses:
/// a finite outcome set, each agent's type space ``TypeSpace``, and each agent's reported
/// type. Agent i's value for outcome o is the coordinate ``valueColumn``[i][o] of its type
/// vector (or 0 when that entry is `-1`): a linear function of the type, as the thesis's
/// revenue-guarantee MIP (eq. 3.25-3.26) requires.
///
/// For combinatorial auctions the outcomes are the feasible allocations, enumerated (see
/// ``AuctionInstance``).
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

    /// Creates a problem; shapes are checked by the readers, not here.
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
}
