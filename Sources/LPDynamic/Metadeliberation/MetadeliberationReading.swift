import Foundation
import InstanceIO

extension MetadeliberationInstance {
    /// Reads a kind "metadeliberation" file (docs/formats.md); keys no reader asked for are
    /// refused. Every problem, including a violation of uncertainly improvable values, is one
    /// ``InstanceIO/InstanceError`` naming the file and the JSON path.
    ///
    /// ```json
    /// { "kind": "metadeliberation", "discount": 0.95, "agents": ["1"],
    ///   "processes": [ { "name": "1", "owner": "1", "states": ["S0", "A"], "initial": "S0",
    ///                    "values": {"S0": 0, "A": 3}, "cost": 1.1,
    ///                    "deliberation": {"S0": {"A": 1}} } ] }
    /// ```
    public static func read(from path: String) throws -> MetadeliberationInstance {
        try JSONValue.read(contentsOf: path) { try MetadeliberationInstance(json: $0) }
    }

    /// Builds an instance from a parsed document of kind "metadeliberation".
    ///
    /// Per process: `"name"` (unique), `"owner"` (an agent), optional `"about"` (an agent,
    /// default the owner: cross-agent deliberation of Def. 8.3 otherwise), `"states"`,
    /// `"initial"`, `"values"` (every state, ≥ 0), optional `"cost"` (every state's cost,
    /// default 0) and `"costs"` (per-state overrides), `"deliberation"` (state → {next →
    /// probability}; a state absent has no deliberation).
    public init(json root: JSONValue) throws {
        let kindNode = try root["kind"]
        guard try kindNode.string() == "metadeliberation" else {
            throw kindNode.error("expected kind \"metadeliberation\", found \"\(try kindNode.string())\"")
        }
        let name = try root.optional("name")?.string()
        let discountNode = try root["discount"]
        let discount = try discountNode.number()
        guard discount > 0, discount < 1 else { throw discountNode.error("the discount must lie strictly between 0 and 1") }
        let agentsNode = try root["agents"]
        let agents = try agentsNode.strings()
        guard !agents.isEmpty else { throw agentsNode.error("at least one agent is needed") }
        let agentIndex = try uniqueNames(agents, at: agentsNode, what: "agent")
        let processesNode = try root["processes"]
        let nodes = try processesNode.array()
        guard !nodes.isEmpty else { throw processesNode.error("at least one process is needed") }
        _ = try uniqueNames(try nodes.map { try $0["name"].string() }, at: processesNode, what: "process", nameKey: "name")
        let processes = try nodes.map { node -> DeliberationProcess in
            func agent(_ key: String) throws -> Int? {
                guard let n = try node.optional(key) else { return nil }
                guard let i = agentIndex[try n.string()] else { throw n.error("unknown agent \"\(try n.string())\"") }
                return i
            }
            let owner = try agent("owner") ?? { throw try node["owner"].error("missing") }()
            let about = try agent("about") ?? owner
            let statesNode = try node["states"]
            let states = try statesNode.strings()
            let index = try uniqueNames(states, at: statesNode, what: "state")
            let initialNode = try node["initial"]
            guard let initial = index[try initialNode.string()] else { throw initialNode.error("unknown state") }
            let valuesNode = try node["values"]
            var values = [Double?](repeating: nil, count: states.count)
            for key in try valuesNode.keys() {
                guard let s = index[key] else { throw try valuesNode[key].error("unknown state \"\(key)\"") }
                values[s] = try valuesNode[key].amount()
            }
            if let missing = values.firstIndex(where: { $0 == nil }) { throw valuesNode.error("no value for state \"\(states[missing])\"") }
            var costs = [Double](repeating: try node.optional("cost")?.amount() ?? 0, count: states.count)
            if let costsNode = try node.optional("costs") {
                for key in try costsNode.keys() {
                    guard let s = index[key] else { throw try costsNode[key].error("unknown state \"\(key)\"") }
                    costs[s] = try costsNode[key].amount()
                }
            }
            var rows = [[Double]](repeating: [], count: states.count)
            if let deliberationNode = try node.optional("deliberation") {
                for key in try deliberationNode.keys() {
                    let rowNode = try deliberationNode[key]
                    guard let s = index[key] else { throw rowNode.error("unknown state \"\(key)\"") }
                    var row = [Double](repeating: 0, count: states.count)
                    for next in try rowNode.keys() {
                        guard let t = index[next] else { throw try rowNode[next].error("unknown state \"\(next)\"") }
                        row[t] = try rowNode[next].number()
                    }
                    rows[s] = row
                }
            }
            do {
                return try DeliberationProcess(name: try node["name"].string(), owner: owner, about: about, states: states,
                                               values: values.map { $0! }, costs: costs, deliberation: rows, initial: initial)
            } catch let error as BanditModelError {
                throw node.error(error.message)
            }
        }
        do {
            try self.init(name: name, discount: discount, agents: agents, processes: processes)
        } catch let error as BanditModelError {
            throw root.error(error.message)
        }
    }
}
