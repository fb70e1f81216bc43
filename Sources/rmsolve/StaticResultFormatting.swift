import Combinatorial
import Foundation
import RevenueGuarantee

/// Removes floating-point noise for display and JSON: a number within 1e-11 (relative) of a
/// multiple of 1e-9 is snapped to it (so 5.999999999999 prints as 6 and -0 as 0); any other
/// number is kept at full precision.
func clean(_ x: Double) -> Double {
    let r = (x * 1e9).rounded() / 1e9
    return abs(r - x) <= 1e-11 * max(1, abs(x)) ? (r == 0 ? 0 : r) : x
}

/// The result JSON of SPEC (static): keys are a contract. Added keys: "method" (per agent,
/// how G_i was computed), "shareKept", "valueWithout".
func resultObject(_ problem: StaticProblem, _ result: MechanismResult) -> [String: Any] {
    let vcg = result.vcg
    var object: [String: Any] = [
        "name": problem.name, "mechanism": result.mechanism.rawValue,
        "welfare": clean(vcg.welfare), "vcgRevenue": clean(vcg.revenue),
        "redistributed": clean(result.redistributed), "rmRevenue": clean(result.rmRevenue),
        "shareKept": clean(result.shareKept),
    ]
    if let allocations = problem.allocations {
        var allocation: [String: Any] = [:]
        for (i, goods) in allocations[vcg.outcome].enumerated() { allocation[problem.agents[i]] = goods }
        object["allocation"] = allocation
    } else {
        object["outcome"] = problem.outcomes[vcg.outcome]
    }
    object["agents"] = problem.agents.indices.map { i -> [String: Any] in
        var agent: [String: Any] = [
            "name": problem.agents[i], "value": clean(vcg.values[i]), "vcgPayment": clean(vcg.payments[i]),
            "redistribution": clean(result.redistribution[i]), "utility": clean(result.utilities[i]),
            "valueWithout": clean(vcg.valueWithout[i]),
        ]
        if let g = result.revenueGuarantees?[i] {
            agent["revenueGuarantee"] = clean(g.guarantee)
            agent["method"] = g.method.rawValue
        } else {
            agent["revenueGuarantee"] = NSNull()
        }
        return agent
    }
    return object
}

/// Serializes a JSON object with sorted keys.
func jsonText(_ object: Any) throws -> String {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    return String(decoding: data, as: UTF8.self)
}

private func number(_ x: Double) -> String {
    let c = clean(x)
    if c == c.rounded(), abs(c) < 1e12 { return String(Int(c)) }
    return String(format: "%.4f", c)
}

/// A readable table: one row per agent, then totals.
func formatTable(_ problem: StaticProblem, _ result: MechanismResult) -> String {
    let vcg = result.vcg
    var lines: [String] = []
    lines.append("\(problem.name): \(result.mechanism == .rm ? "redistribution mechanism RM" : "VCG")")
    if let allocations = problem.allocations {
        let parts = problem.agents.indices.map { "\(problem.agents[$0]) gets {\(allocations[vcg.outcome][$0].joined(separator: ","))}" }
        lines.append("allocation: " + parts.joined(separator: ", "))
    } else {
        lines.append("outcome: \(problem.outcomes[vcg.outcome])")
    }
    let header = ["agent", "value", "VCG payment", "guarantee G", "redistribution", "utility"]
    var rows: [[String]] = problem.agents.indices.map { i in
        [problem.agents[i], number(vcg.values[i]), number(vcg.payments[i]),
         result.revenueGuarantees.map { number($0[i].guarantee) } ?? "-",
         number(result.redistribution[i]), number(result.utilities[i])]
    }
    rows.append(["total", number(vcg.welfare), number(vcg.revenue), "",
                 number(result.redistributed), number(result.utilities.reduce(0, +))])
    let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
    func render(_ r: [String]) -> String {
        r.enumerated().map { c, s in c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
            : String(repeating: " ", count: widths[c] - s.count) + s }.joined(separator: "  ")
    }
    lines.append(render(header))
    lines += rows.dropLast().map(render)
    lines.append(render(rows.last!))
    lines.append("welfare \(number(vcg.welfare)); VCG revenue \(number(vcg.revenue)); redistributed \(number(result.redistributed)); center keeps \(number(result.rmRevenue))")
    lines.append(String(format: "agents keep %.2f%% of the value", 100 * result.shareKept))
    return lines.joined(separator: "\n") + "\n"
}

/// CSV: one row per agent.
func formatCSV(_ problem: StaticProblem, _ result: MechanismResult) -> String {
    func field(_ s: String) -> String {
        s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
    }
    var out = "name,value,vcgPayment,revenueGuarantee,redistribution,utility\n"
    for i in problem.agents.indices {
        let g = result.revenueGuarantees.map { "\(clean($0[i].guarantee))" } ?? ""
        out += [field(problem.agents[i]), "\(clean(result.vcg.values[i]))", "\(clean(result.vcg.payments[i]))", g,
                "\(clean(result.redistribution[i]))", "\(clean(result.utilities[i]))"].joined(separator: ",") + "\n"
    }
    return out
}
