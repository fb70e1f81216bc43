import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve mdp FILE`: optimal values and an optimal policy of a kind "mdp" instance.
struct MDPCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "mdp",
        abstract: "Optimal values and policy of an MDP (exact LP on CLP, or value/policy iteration).",
        discussion: """
            The exact LP is: minimise Σ_s V(s) s.t. V(s) ≥ r(s,a) + γ Σ τ(s,a,s')V(s') for every \
            available (s,a). The policy takes, in each state, the lowest-index action whose \
            Q-value is within 1e-9·max(1,|Q|) of the best. With "horizon" H, states are \
            time-indexed ("s@t") and states at t = H are terminal.
            """)

    @Argument(help: "A kind \"mdp\" instance file.") var file: String
    @Option(help: "lp (exact LP on CLP), dual-lp (occupancy LP on CLP), vi (value iteration) or pi (policy iteration).")
    var method: String = "lp"
    @Option(help: "table or json.") var format: String = "table"

    func run() throws {
        try reportingErrors {
            let format = try DynamicOutputFormat.parse(format)
            let result = try MDPCommand.compute(file: file, method: try SolutionMethod.parse(method))
            if format == .json { print(try mdpJSONText(result)) } else { print(MDPCommand.table(result)) }
        }
    }

    /// The result JSON of `rmsolve mdp FILE ARGUMENTS...` (for `rmsolve check`: `arguments` are
    /// the options after the subcommand name, e.g. `["--method", "pi"]`).
    static func resultJSON(file: String, arguments: [String]) throws -> [String: Any] {
        try MDPCommand.parse([file] + arguments).resultJSON()
    }

    /// The result JSON for the parsed arguments (``ResultProducing``, used by `rmsolve check`).
    func resultJSON() throws -> [String: Any] {
        try MDPCommand.compute(file: file, method: try SolutionMethod.parse(method))
    }

    static func compute(file: String, method: SolutionMethod) throws -> [String: Any] {
        let instance = try MDPInstance.read(file: file)
        let mdp: MDP
        if let horizon = instance.horizon {
            mdp = try JointMDP(locals: [instance.mdp], names: ["mdp"], actionNames: instance.mdp.actionNames,
                               discount: instance.mdp.discount, horizon: horizon).mdp
        } else {
            mdp = instance.mdp
        }
        let solution = try mdp.optimalValues(method: method)
        var values: [String: Any] = [:], policy: [String: Any] = [:]
        for s in 0..<mdp.stateCount {
            values[mdp.stateNames[s]] = mdpOutputNumber(solution.values[s])
            if solution.policy[s] >= 0 { policy[mdp.stateNames[s]] = mdp.actionNames[solution.policy[s]] }
        }
        var result: [String: Any] = [
            "name": instance.name, "method": method.rawValue, "discount": mdp.discount,
            "initial": mdp.stateNames[mdp.initialState],
            "value": mdpOutputNumber(solution.values[mdp.initialState]),
            "values": values, "policy": policy, "iterations": solution.iterations,
        ]
        if let h = instance.horizon { result["horizon"] = h }
        return result
    }

    static func table(_ result: [String: Any]) -> String {
        let values = result["values"] as? [String: Any] ?? [:]
        let policy = result["policy"] as? [String: Any] ?? [:]
        var lines = ["\(result["name"] ?? "")  (method \(result["method"] ?? ""), discount \(result["discount"] ?? ""))",
                     "value at \(result["initial"] ?? ""): \(result["value"] ?? "")", "",
                     "state".padding(toLength: 24, withPad: " ", startingAt: 0) + "V*".padding(toLength: 16, withPad: " ", startingAt: 0) + "action"]
        for name in values.keys.sorted() {
            lines.append(name.padding(toLength: 24, withPad: " ", startingAt: 0)
                + "\(values[name]!)".padding(toLength: 16, withPad: " ", startingAt: 0)
                + "\(policy[name] ?? "(terminal)")")
        }
        return lines.joined(separator: "\n")
    }
}

extension SolutionMethod {
    /// Parses a `--method` value.
    static func parse(_ text: String) throws -> SolutionMethod {
        guard let m = SolutionMethod(rawValue: text) else {
            throw ValidationError("unknown method \"\(text)\" (lp, vi, pi)")
        }
        return m
    }
}

extension DynamicOutputFormat {
    /// Parses a `--format` value.
    static func parse(_ text: String) throws -> DynamicOutputFormat {
        guard let f = DynamicOutputFormat(rawValue: text) else {
            throw ValidationError("unknown format \"\(text)\" (table, json)")
        }
        return f
    }
}
