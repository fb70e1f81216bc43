import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

extension DynamicCommand {
    /// Kind "bandit": dynamic-VCG (Def. 6.1) or dynamic-RM (Def. 6.2) on a multi-armed bandit,
    /// each agent one arm. Result keys of SPEC (`value`, `policy`, `expectedRevenue`,
    /// `agents` with `name`, `valueWithout`, `expectedUtility`, `transfer`) plus `index`,
    /// `state`, `redistribution` (Z_i now), `revenueWithout` (W_{−i}, eq. 6.19) per agent,
    /// `periodRevenue`, `vcgExpectedRevenue`, `winner`, and for Beta arms `betaDepth` and
    /// `betaValueErrorBound`. `policy` maps every reachable joint state to the activated arm
    /// when all arms are finite and at most 1000 joint states are reachable, else only the
    /// initial joint state.
    static func bandit(file: String, options: DynamicCommand) throws -> [String: Any] {
        guard let mechanism = BanditMechanismKind(rawValue: options.mechanism) else {
            throw ValidationError("unknown mechanism \"\(options.mechanism)\" for kind \"bandit\" ("
                + BanditMechanismKind.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        if let depth = options.betaDepth, depth < 1 { throw ValidationError("--beta-depth must be positive") }
        let instance = try BanditInstance.read(from: file)
        // Note ch6 §2.7 item 2: IR (Z_i ≥ 0) and the values without an idle action need rewards ≥ 0.
        for (k, arm) in instance.arms.enumerated() {
            if case .chain(let chain) = arm.model, let s = chain.rewards.firstIndex(where: { $0 < 0 }) {
                throw InstanceError(file: file, location: "$.arms[\(k)].rewards.\(chain.states[s])",
                                    message: "the bandit mechanisms need rewards ≥ 0 (note ch6 §2.7), found \(chain.rewards[s])")
            }
        }
        var dynamics = try BanditDynamics(instance: instance, betaDepth: options.betaDepth)
        let start = dynamics.initialStates
        let names = instance.arms.map(\.name)
        func jointName(_ states: [BanditLocalState]) -> String {
            "(" + states.indices.map { dynamics.stateName(arm: $0, states[$0]) }.joined(separator: ", ") + ")"
        }
        let period = try dynamics.period(at: start)
        let expected = try dynamics.expectedUtilities(at: start)
        let rm = mechanism == .dynamicRM
        var policy: [String: Any] = [jointName(start): names[period.transfers.winner]]
        if let reachable = dynamics.reachablePolicy(limit: 1000) {
            for (states, winner) in reachable { policy[jointName(states)] = names[winner] }
        }
        let transfers = rm ? period.transfers.dynamicRM : period.transfers.vcg
        var result: [String: Any] = [
            "kind": "bandit", "mechanism": mechanism.rawValue, "discount": instance.discount,
            "initial": jointName(start), "value": mdpOutputNumber(expected.value), "policy": policy,
            "winner": names[period.transfers.winner],
            "expectedRevenue": mdpOutputNumber(rm ? expected.rmRevenue : expected.vcgRevenue),
            "vcgExpectedRevenue": mdpOutputNumber(expected.vcgRevenue),
            "periodRevenue": mdpOutputNumber(rm ? period.transfers.rmRevenue : period.transfers.vcgRevenue),
            "agents": names.indices.map { i -> [String: Any] in
                ["name": names[i], "state": dynamics.stateName(arm: i, start[i]),
                 "index": mdpOutputNumber(period.indices[i]),
                 "valueWithout": mdpOutputNumber(expected.valueWithout[i]),
                 "revenueWithout": mdpOutputNumber(expected.revenueWithout[i]),
                 "expectedUtility": mdpOutputNumber(rm ? expected.dynamicRM[i] : expected.vcg[i]),
                 "redistribution": mdpOutputNumber(rm ? period.transfers.redistribution[i] : 0),
                 "transfer": mdpOutputNumber(transfers[i])]
            },
        ]
        if let name = instance.name { result["name"] = name }
        if dynamics.hasBetaArms {
            result["betaDepth"] = dynamics.betaDepth
            result["betaValueErrorBound"] = dynamics.betaValueErrorBound
        }
        if let periods = options.simulate {
            guard periods >= 0 else { throw ValidationError("--simulate needs a non-negative number of periods") }
            result["simulation"] = try dynamics.simulate(mechanism: mechanism, periods: periods, seed: options.seed).map { p -> [String: Any] in
                ["period": p.period, "state": "(" + p.states.joined(separator: ", ") + ")", "action": names[p.winner],
                 "rewards": Dictionary(uniqueKeysWithValues: zip(names, p.rewards.map(mdpOutputNumber))),
                 "transfers": Dictionary(uniqueKeysWithValues: zip(names, p.transfers.map(mdpOutputNumber))),
                 "revenue": mdpOutputNumber(p.revenue)]
            }
            result["seed"] = options.seed
        }
        return result
    }

    /// The table output of a kind "bandit" result.
    static func banditTable(_ result: [String: Any]) -> String {
        func pad(_ x: Any?, _ n: Int) -> String { "\(x ?? "")".padding(toLength: n, withPad: " ", startingAt: 0) }
        var lines = ["\(result["name"] ?? "bandit")  mechanism \(result["mechanism"] ?? ""), discount \(result["discount"] ?? "")"
                     + (result["betaDepth"].map { ", Beta arms truncated at depth \($0) (value error ≤ \(result["betaValueErrorBound"]!) per arm)" } ?? ""),
                     "social value V at \(result["initial"] ?? ""): \(result["value"] ?? "")",
                     "activated now: \(result["winner"] ?? "")",
                     "expected revenue: \(result["expectedRevenue"] ?? "") (dynamic-VCG: \(result["vcgExpectedRevenue"] ?? "")); this period: \(result["periodRevenue"] ?? "")",
                     "",
                     pad("agent", 12) + pad("state", 10) + pad("index", 14) + pad("valueWithout", 16) + pad("W_-i", 14)
                     + pad("utility", 14) + pad("Z now", 14) + "transfer now"]
        for a in result["agents"] as? [[String: Any]] ?? [] {
            lines.append(pad(a["name"], 12) + pad(a["state"], 10) + pad(a["index"], 14) + pad(a["valueWithout"], 16)
                         + pad(a["revenueWithout"], 14) + pad(a["expectedUtility"], 14) + pad(a["redistribution"], 14)
                         + "\(a["transfer"] ?? "")")
        }
        lines += dynamicPolicyLines(result)
        lines += dynamicSimulationLines(result) { p in
            "  rewards " + keyValueList(p["rewards"]) + "  transfers " + keyValueList(p["transfers"])
                + "  revenue \(p["revenue"] ?? "")"
        }
        return lines.joined(separator: "\n")
    }
}
