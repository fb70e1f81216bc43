import InstanceIO

/// Reads an instance of kind "outcomes" (an explicit outcome table, docs/formats.md) into a
/// ``StaticProblem``: agent i's type vector is its value row, `x_o = v_i(o)`.
///
/// Every value, bound, coefficient and right-hand side must lie in the
/// ``InstanceIO/NumericalPolicy`` range (an ``InstanceIO/InstanceError`` naming its place
/// otherwise; docs/numerics.md).
///
/// Absent `domain` means every value free in [0, ∞) (an unrestricted space, where every
/// G_i = 0, thesis Thm 3.1).
public func readOutcomeTable(_ root: JSONValue) throws -> StaticProblem {
    let name = try root.optional("name")?.string() ?? "outcomes"
    let agentsNode = try root["agents"]
    let agents = try agentsNode.strings()
    let agentIndex = try uniqueNames(agents, at: agentsNode, what: "agent")
    let outcomesNode = try root["outcomes"]
    let outcomes = try outcomesNode.strings()
    let outcomeIndex = try uniqueNames(outcomes, at: outcomesNode, what: "outcome")
    let n = agents.count, m = outcomes.count

    let valuesNode = try root["values"]
    let rows = try valuesNode.array()
    guard rows.count == n else {
        throw valuesNode.error("expected \(n) rows (one per agent), found \(rows.count)")
    }
    let values: [[Double]] = try rows.map { row in
        let numbers = try row.amounts()
        guard numbers.count == m else {
            throw row.error("expected \(m) numbers (one per outcome), found \(numbers.count)")
        }
        return numbers
    }

    var lower = Array(repeating: Array(repeating: 0.0, count: m), count: n)
    var upper = Array(repeating: Array(repeating: Double.infinity, count: m), count: n)
    var constraintRows = Array(repeating: [TypeSpaceRow](), count: n)
    if let domain = try root.optional("domain") {
        if let node = try domain.member("lower") {
            lower = try boundMatrix(node, n: n, m: m, nullMeans: -.infinity)
        }
        if let node = try domain.member("upper") {
            upper = try boundMatrix(node, n: n, m: m, nullMeans: .infinity)
        }
        for i in 0..<n {
            for o in 0..<m where lower[i][o] > upper[i][o] {
                throw domain.error("empty domain: agent \"\(agents[i])\", outcome \"\(outcomes[o])\" has lower bound \(lower[i][o]) above upper bound \(upper[i][o])")
            }
        }
        if let list = try domain.optional("constraints") {
            for c in try list.array() {
                let agentNode = try c["agent"]
                guard let i = agentIndex[try agentNode.string()] else {
                    throw agentNode.error("unknown agent \"\(try agentNode.string())\"")
                }
                let termsNode = try c["terms"]
                var columns: [Int] = [], coefficients: [Double] = []
                for key in try termsNode.keys() {
                    guard let o = outcomeIndex[key] else {
                        throw termsNode.error("unknown outcome \"\(key)\"")
                    }
                    columns.append(o)
                    coefficients.append(try termsNode[key].amount())
                }
                let senseNode = try c["sense"]
                let rhs = try c["rhs"].amount()
                let row: TypeSpaceRow
                switch try senseNode.string() {
                case "<=": row = TypeSpaceRow(columns: columns, coefficients: coefficients, lower: -.infinity, upper: rhs)
                case ">=": row = TypeSpaceRow(columns: columns, coefficients: coefficients, lower: rhs, upper: .infinity)
                case "=", "==": row = TypeSpaceRow(columns: columns, coefficients: coefficients, lower: rhs, upper: rhs)
                default: throw senseNode.error("sense must be \"<=\", \">=\" or \"=\"")
                }
                constraintRows[i].append(row)
            }
        }
    }
    var spaces: [TypeSpace] = []
    for i in 0..<n {
        let space = TypeSpace(lower: lower[i], upper: upper[i], rows: constraintRows[i],
                              coordinateNames: outcomes.map { "value of \"\($0)\"" })
        if space.isEmpty() {
            throw try root["domain"].error("empty domain: no valuation of agent \"\(agents[i])\" satisfies its bounds and constraints")
        }
        if let violation = space.firstViolation(values[i]) {
            throw rows[i].error("reported values of agent \"\(agents[i])\" lie outside its domain: \(violation)")
        }
        spaces.append(space)
    }
    let columns = (0..<n).map { _ in (0..<m).map { Int32($0) } }
    return StaticProblem(name: name, agents: agents, outcomes: outcomes, typeSpaces: spaces,
                         valueColumn: columns, reports: values)
}

/// A bound given as one number (or `null`) for all entries, or an agents × outcomes matrix
/// whose entries may be `null`.
private func boundMatrix(_ node: JSONValue, n: Int, m: Int, nullMeans: Double) throws -> [[Double]] {
    if node.isNull { return Array(repeating: Array(repeating: nullMeans, count: m), count: n) }
    if node.raw is [Any] {
        let rows = try node.array()
        guard rows.count == n else { throw node.error("expected \(n) rows (one per agent), found \(rows.count)") }
        return try rows.map { row in
            let entries = try row.array()
            guard entries.count == m else { throw row.error("expected \(m) entries (one per outcome), found \(entries.count)") }
            return try entries.map { $0.isNull ? nullMeans : try $0.amount() }
        }
    }
    let v = try node.amount()
    return Array(repeating: Array(repeating: v, count: m), count: n)
}
