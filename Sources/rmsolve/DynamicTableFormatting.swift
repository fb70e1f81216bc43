/// The policy part of a dynamic result table: a blank line, a header, and at most 50 joint
/// states (sorted) with their actions.
func dynamicPolicyLines(_ result: [String: Any]) -> [String] {
    let policy = result["policy"] as? [String: Any] ?? [:]
    var lines = ["", "policy (\(policy.count) joint state\(policy.count == 1 ? "" : "s")):"]
    for name in policy.keys.sorted().prefix(50) { lines.append("  \(name) -> \(policy[name]!)") }
    if policy.count > 50 { lines.append("  ... (\(policy.count - 50) more; use --format json)") }
    return lines
}

/// `a=1 b=2`: a JSON object's members, keys sorted (for simulation rows).
func keyValueList(_ object: Any?) -> String {
    (object as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
        .joined(separator: " ")
}

/// The simulation part of a dynamic result table (empty without a simulation): a blank line,
/// a header, and one row per period, `t=… state -> action` followed by `details(period)`.
func dynamicSimulationLines(_ result: [String: Any], details: ([String: Any]) -> String) -> [String] {
    guard let simulation = result["simulation"] as? [[String: Any]] else { return [] }
    return ["", "simulation (seed \(result["seed"] ?? "")):"] + simulation.map { p in
        "  t=\(p["period"] ?? "") \(p["state"] ?? "") -> \(p["action"] ?? "")" + details(p)
    }
}
