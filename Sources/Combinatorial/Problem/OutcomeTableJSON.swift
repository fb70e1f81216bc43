import Foundation

public extension StaticProblem {
    /// The problem as an instance of kind "outcomes" (a JSON object for
    /// `JSONSerialization`), for problems whose agents' types are their value rows (outcome
    /// tables, e.g. from ``ThesisOutcomeGenerator``). Returns `nil` for other problems.
    func outcomeTableJSONObject() -> [String: Any]? {
        let m = outcomeCount
        guard allocations == nil,
              valueColumn.allSatisfy({ $0 == (0..<m).map { Int32($0) } }) else { return nil }
        func json(_ x: Double) -> Any { x.isFinite ? x : NSNull() }
        var constraints: [[String: Any]] = []
        for (i, space) in typeSpaces.enumerated() {
            for row in space.rows {
                var terms: [String: Double] = [:]
                for (c, a) in zip(row.columns, row.coefficients) { terms[outcomes[c], default: 0] += a }
                if row.lower == row.upper {
                    constraints.append(["agent": agents[i], "terms": terms, "sense": "=", "rhs": row.upper])
                } else {
                    if row.upper.isFinite { constraints.append(["agent": agents[i], "terms": terms, "sense": "<=", "rhs": row.upper]) }
                    if row.lower.isFinite { constraints.append(["agent": agents[i], "terms": terms, "sense": ">=", "rhs": row.lower]) }
                }
            }
        }
        var domain: [String: Any] = [
            "lower": typeSpaces.map { $0.lower.map(json) },
            "upper": typeSpaces.map { $0.upper.map(json) },
        ]
        if !constraints.isEmpty { domain["constraints"] = constraints }
        return ["kind": "outcomes", "name": name, "agents": agents, "outcomes": outcomes,
                "values": reports, "domain": domain]
    }
}
