import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve dynamic FILE`: a dynamic mechanism on a multi-agent instance. Dispatches on the
/// file's kind (`DynamicCommand.handlers`): "dynamic" runs the joint-MDP mechanisms, "bandit"
/// the bandit dynamic-VCG and dynamic-RM, "metadeliberation" the auction of thesis Ch. 8.
struct DynamicCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "dynamic",
        abstract: "Dynamic mechanisms: dynamic-VCG, basic-Groves, dynamic-balanced (kind \"dynamic\"); dynamic-VCG, dynamic-RM (kind \"bandit\").",
        discussion: """
            Transfers are paid TO the agent (negative = the agent pays); revenue = −Σ transfers. \
            "transfer" is this period's transfer at the initial joint state. dynamic-balanced \
            transfers based on period-t reports are weighted γ^t (note ch5 §2.5). \
            Kind "bandit": --mechanism dynamic-vcg (Def. 6.1) or dynamic-rm (Def. 6.2), from \
            Gittins indices and exact subset values; --beta-depth truncates Beta arms. Kind \
            "metadeliberation": the metadeliberation auction of Defs. 8.2/8.3 (dynamic-vcg); \
            payments are reported as paid BY the agent ("payment") and as "transfer".
            """)

    @Argument(help: "A kind \"dynamic\" or \"bandit\" instance file.") var file: String
    @Option(help: "dynamic-vcg, basic-groves or dynamic-balanced.") var mechanism: String = "dynamic-vcg"
    @Option(help: "table or json.") var format: String = "table"
    @Option(help: "lp (exact LP on CLP), dual-lp, vi or pi: how every MDP is solved.") var method: String = "lp"
    @Option(help: "Simulate this many periods of one trajectory (truthful reports).") var simulate: Int?
    @Option(help: "Seed of the simulation.") var seed: UInt64 = 1
    @Option(help: "Largest number of reachable joint states built.") var maxStates: Int = 1_000_000
    @Option(help: "Kind \"bandit\": truncation depth of Beta arms (default: γ^D/(1−γ) ≤ 1e-6, at most 80).") var betaDepth: Int?

    /// A handler computes the result JSON of one instance kind from the parsed options.
    typealias Handler = @Sendable (String, DynamicCommand) throws -> [String: Any]
    /// The handlers by instance kind.
    static let handlers: [String: Handler] = [
        "dynamic": DynamicCommand.multiAgentMDP, "bandit": DynamicCommand.bandit,
        "metadeliberation": DynamicCommand.metadeliberation,
    ]

    func run() throws {
        try reportingErrors {
            let format = try DynamicOutputFormat.parse(format)
            let result: [String: Any]
            do {
                result = try compute()
            } catch let error as MDPError {
                // The joint-state limit is a configured limit: exit 3 like a solver limit.
                guard case .tooManyJointStates = error else { throw error }
                printError("limit: \(error)")
                throw ExitCode(3)
            }
            if format == .json {
                print(try mdpJSONText(result))
            } else if result["kind"] as? String == "metadeliberation" {
                print(DynamicCommand.metadeliberationTable(result))
            } else if result["kind"] as? String == "bandit" {
                print(DynamicCommand.banditTable(result))
            } else {
                print(DynamicCommand.table(result))
            }
        }
    }

    /// The result JSON of `rmsolve dynamic FILE ARGUMENTS...` (for `rmsolve check`:
    /// `arguments` are the options after the subcommand name, e.g. `["--mechanism", "dynamic-vcg"]`).
    static func resultJSON(file: String, arguments: [String]) throws -> [String: Any] {
        try DynamicCommand.parse([file] + arguments).compute()
    }

    /// The result JSON for the parsed arguments (``ResultProducing``, used by `rmsolve check`).
    func resultJSON() throws -> [String: Any] { try compute() }

    func compute() throws -> [String: Any] {
        let root = try JSONValue.parse(contentsOf: file)
        let kindNode = try root["kind"]
        let kind = try kindNode.string()
        guard let handler = DynamicCommand.handlers[kind] else {
            throw kindNode.error("rmsolve dynamic does not handle kind \"\(kind)\" (known: "
                + DynamicCommand.handlers.keys.sorted().joined(separator: ", ") + ")")
        }
        return try handler(file, self)
    }

    static func multiAgentMDP(file: String, options: DynamicCommand) throws -> [String: Any] {
        guard let mechanism = DynamicMechanism(rawValue: options.mechanism) else {
            throw ValidationError("unknown mechanism \"\(options.mechanism)\" for kind \"dynamic\" ("
                + DynamicMechanism.allCases.map(\.rawValue).joined(separator: ", ") + ")")
        }
        let method = try SolutionMethod.parse(options.method)
        guard options.maxStates >= 1 else { throw ValidationError("--max-states must be positive") }
        let instance = try DynamicInstance.read(file: file)
        let analysis = try DynamicAnalysis(instance: instance, method: method, maxStates: options.maxStates)
        let outcome = try analysis.evaluate(mechanism)
        let mdp = analysis.joint.mdp
        var policy: [String: Any] = [:]
        for s in 0..<mdp.stateCount where analysis.action(state: s) >= 0 {
            policy[mdp.stateNames[s]] = mdp.actionNames[analysis.action(state: s)]
        }
        var transfers: [String: Any] = [:]
        if mechanism != .dynamicBalanced {
            for s in analysis.statesReachedUnderPolicy() {
                var row: [String: Any] = [:]
                for i in 0..<analysis.agentCount {
                    let t = mechanism == .dynamicVCG ? analysis.vcgTransfer(agent: i, state: s)
                        : analysis.basicGrovesTransfer(agent: i, state: s)
                    row[instance.agents[i].name] = mdpOutputNumber(t)
                }
                transfers[mdp.stateNames[s]] = row
            }
        }
        var result: [String: Any] = [
            "name": instance.name, "mechanism": mechanism.rawValue, "method": method.rawValue,
            "discount": instance.discount, "initial": mdp.stateNames[mdp.initialState],
            "jointStates": mdp.stateCount,
            "value": mdpOutputNumber(outcome.value), "policy": policy,
            "expectedRevenue": mdpOutputNumber(outcome.expectedRevenue),
            "agents": outcome.agents.map { agent -> [String: Any] in
                ["name": agent.name, "valueWithout": mdpOutputNumber(agent.valueWithout),
                 "valueUnderPolicy": mdpOutputNumber(agent.valueUnderPolicy),
                 "expectedTransfers": mdpOutputNumber(agent.expectedTransfers),
                 "expectedUtility": mdpOutputNumber(agent.expectedUtility),
                 "transfer": mdpOutputNumber(agent.transfer)]
            },
        ]
        if !transfers.isEmpty { result["transfers"] = transfers }
        if let h = instance.horizon { result["horizon"] = h }
        if let periods = options.simulate {
            guard periods >= 0 else { throw ValidationError("--simulate needs a non-negative number of periods") }
            result["simulation"] = try outcome.simulate(periods: periods, seed: options.seed).map { p -> [String: Any] in
                ["period": p.period, "state": p.state, "action": p.action,
                 "rewards": Dictionary(uniqueKeysWithValues: zip(instance.agents.map(\.name), p.rewards.map(mdpOutputNumber))),
                 "transfers": Dictionary(uniqueKeysWithValues: zip(instance.agents.map(\.name), p.transfers.map(mdpOutputNumber)))]
            }
            result["seed"] = options.seed
        }
        return result
    }

    static func table(_ result: [String: Any]) -> String {
        func pad(_ x: Any?, _ n: Int) -> String { "\(x ?? "")".padding(toLength: n, withPad: " ", startingAt: 0) }
        var lines = ["\(result["name"] ?? "")  mechanism \(result["mechanism"] ?? ""), method \(result["method"] ?? ""), "
                     + "discount \(result["discount"] ?? ""), \(result["jointStates"] ?? "") joint states",
                     "social value V* at \(result["initial"] ?? ""): \(result["value"] ?? "")",
                     "expected revenue: \(result["expectedRevenue"] ?? "")", "",
                     pad("agent", 12) + pad("valueWithout", 16) + pad("W_i", 14) + pad("E[transfers]", 16)
                     + pad("utility", 14) + "transfer now"]
        for agent in result["agents"] as? [[String: Any]] ?? [] {
            lines.append(pad(agent["name"], 12) + pad(agent["valueWithout"], 16) + pad(agent["valueUnderPolicy"], 14)
                         + pad(agent["expectedTransfers"], 16) + pad(agent["expectedUtility"], 14) + "\(agent["transfer"] ?? "")")
        }
        lines += dynamicPolicyLines(result)
        lines += dynamicSimulationLines(result) { p in
            "  rewards " + keyValueList(p["rewards"]) + "  transfers " + keyValueList(p["transfers"])
        }
        return lines.joined(separator: "\n")
    }
}
