import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

extension DynamicCommand {
    /// Kind "metadeliberation": the metadeliberation auction (thesis Defs. 8.2 and 8.3, the
    /// specialisation of dynamic-VCG, so `--mechanism dynamic-vcg`, the default). SPEC dynamic
    /// keys (`value`, `policy`, `expectedRevenue`, `agents` with `name`, `valueWithout` =
    /// V̄_{−i}, `expectedUtility` = V − V̄_{−i}, `transfer` = minus this period's payment) plus
    /// `payment` per agent, `action` (now) and `processes` (owner, about, state, index ν and
    /// lump-sum M* now, every state's index and local value, deliberation states).
    static func metadeliberation(file: String, options: DynamicCommand) throws -> [String: Any] {
        guard options.mechanism == "dynamic-vcg" else {
            throw ValidationError("kind \"metadeliberation\" runs the metadeliberation auction (Defs. 8.2/8.3, "
                + "dynamic-VCG specialised): use --mechanism dynamic-vcg")
        }
        let instance = try MetadeliberationInstance.read(from: file)
        let auction = try MetadeliberationAuction(instance: instance)
        let gamma = instance.discount
        let processes = instance.processes
        func jointName(_ states: [Int]) -> String {
            "(" + states.indices.map { processes[$0].states[states[$0]] }.joined(separator: ", ") + ")"
        }
        func actionName(_ a: MetadeliberationAction) -> String {
            switch a {
            case .deliberate(let p): return "deliberate \(processes[p].name)"
            case .allocate(let p): return "allocate to \(instance.agents[processes[p].about]) via \(processes[p].name)"
            }
        }
        let start = auction.initialStates
        let now = try auction.period(at: start)
        let value = auction.socialValue(at: start)
        let n = Double(instance.agents.count)
        var policy: [String: Any] = [jointName(start): actionName(now.action)]
        if let reachable = try auction.reachablePolicy(limit: 1000) {
            for (states, action) in reachable { policy[jointName(states)] = actionName(action) }
        }
        let utilities = now.valueWithout.map { value - $0 }
        let scale = max(1, abs(value))
        guard utilities.allSatisfy({ $0 >= -1e-9 * scale }) else {
            throw GittinsError.invariantViolated("an expected utility V − V̄_{−i} is negative (not IR)")
        }
        var result: [String: Any] = [
            "kind": "metadeliberation", "mechanism": "dynamic-vcg", "discount": gamma,
            "initial": jointName(start), "value": fullNumber(value), "policy": policy,
            "action": actionName(now.action),
            "expectedRevenue": fullNumber(now.valueWithout.reduce(0, +) - (n - 1) * value),
            "agents": instance.agents.indices.map { i -> [String: Any] in
                ["name": instance.agents[i], "valueWithout": fullNumber(now.valueWithout[i]),
                 "expectedUtility": fullNumber(utilities[i]),
                 "payment": fullNumber(now.payments[i]), "transfer": fullNumber(-now.payments[i])]
            },
            "processes": processes.indices.map { p -> [String: Any] in
                let r = auction.reduced[p]
                let process = processes[p]
                return ["name": process.name, "owner": instance.agents[process.owner], "about": instance.agents[process.about],
                        "state": process.states[start[p]], "index": fullNumber(now.indices[p]),
                        "lumpSum": fullNumber(now.indices[p] / (1 - gamma)),
                        "indices": Dictionary(uniqueKeysWithValues: zip(process.states, r.indices.map(fullNumber))),
                        "localValues": Dictionary(uniqueKeysWithValues: zip(process.states, r.localValues.map(fullNumber))),
                        "deliberationStates": process.states.indices.filter { r.deliberates[$0] }.map { process.states[$0] }]
            },
        ]
        if let name = instance.name { result["name"] = name }
        if let periods = options.simulate {
            guard periods >= 0 else { throw ValidationError("--simulate needs a non-negative number of periods") }
            result["simulation"] = try auction.simulate(periods: periods, seed: options.seed).enumerated().map { t, step -> [String: Any] in
                let owner = processes[step.period.action.process].owner
                var row: [String: Any] = [
                    "period": t, "state": jointName(step.states), "action": actionName(step.period.action),
                    "payments": Dictionary(uniqueKeysWithValues: zip(instance.agents, step.period.payments.map(fullNumber))),
                    "revenue": fullNumber(step.period.payments.reduce(0, +))]
                if case .deliberate = step.period.action {
                    row["cost"] = fullNumber(step.cost)
                    row["costBorneBy"] = instance.agents[owner]
                }
                return row
            }
            result["seed"] = options.seed
        }
        return result
    }

    /// The table output of a kind "metadeliberation" result.
    static func metadeliberationTable(_ result: [String: Any]) -> String {
        func pad(_ x: Any?, _ n: Int) -> String { "\(x ?? "")".padding(toLength: n, withPad: " ", startingAt: 0) }
        var lines = ["\(result["name"] ?? "metadeliberation")  metadeliberation auction (Defs. 8.2/8.3), discount \(result["discount"] ?? "")",
                     "social value V at \(result["initial"] ?? ""): \(result["value"] ?? "")",
                     "now: \(result["action"] ?? "")",
                     "expected revenue: \(result["expectedRevenue"] ?? "")", "",
                     pad("process", 10) + pad("owner", 8) + pad("about", 8) + pad("state", 10) + pad("index", 20)
                     + pad("lump sum", 20) + "deliberation states"]
        for p in result["processes"] as? [[String: Any]] ?? [] {
            lines.append(pad(p["name"], 10) + pad(p["owner"], 8) + pad(p["about"], 8) + pad(p["state"], 10) + pad(p["index"], 20)
                         + pad(p["lumpSum"], 20) + ((p["deliberationStates"] as? [String]) ?? []).joined(separator: ", "))
        }
        lines.append("")
        lines.append(pad("agent", 10) + pad("valueWithout", 18) + pad("utility", 18) + "payment now")
        for a in result["agents"] as? [[String: Any]] ?? [] {
            lines.append(pad(a["name"], 10) + pad(a["valueWithout"], 18) + pad(a["expectedUtility"], 18) + "\(a["payment"] ?? "")")
        }
        lines += dynamicPolicyLines(result)
        lines += dynamicSimulationLines(result) { p in
            (p["cost"].map { "  cost \($0) (borne by \(p["costBorneBy"] ?? ""))" } ?? "")
                + "  payments " + keyValueList(p["payments"])
        }
        return lines.joined(separator: "\n")
    }
}

/// Rounds away floating-point noise at 13 significant digits (metadeliberation values span
/// 1e10 beside 2^10 in thesis Example 1, beyond ``mdpOutputNumber(_:)``'s 10 digits).
func fullNumber(_ x: Double) -> Double {
    if abs(x) < 1e-12 { return 0 }
    return Double(String(format: "%.13g", x)) ?? x
}
