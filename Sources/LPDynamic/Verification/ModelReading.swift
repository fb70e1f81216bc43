import InstanceIO

/// Refuses every key of the object `node` not in `allowed` (an ``InstanceError`` at the
/// unknown key).
func refuseUnknownKeys(_ node: JSONValue, allowed: Set<String>) throws {
    for key in try node.keys() where !allowed.contains(key) {
        let message = "unknown key \"\(key)\" (allowed: \(allowed.sorted().joined(separator: ", ")))"
        throw try node.member(key)?.error(message) ?? InstanceError(file: node.file, location: "\(node.path).\(key)", message: message)
    }
}

/// Reads `kind` and checks it.
func expectKind(_ kind: String, in root: JSONValue) throws {
    let node = try root["kind"]
    let found = try node.string()
    guard found == kind else { throw node.error("expected kind \"\(kind)\", found \"\(found)\"") }
}

/// Names must be unique and non-empty; returns name → index.
func uniqueIndex(_ names: [String], at node: JSONValue, what: String) throws -> [String: Int] {
    guard !names.isEmpty else { throw node.error("at least one \(what) is needed") }
    var index: [String: Int] = [:]
    for (k, name) in names.enumerated() {
        guard index[name] == nil else { throw node.error("repeated \(what) name \"\(name)\"") }
        index[name] = k
    }
    return index
}

/// Reads a list of `{"state", "action", "next", "probability", "reward"?}` objects (the format
/// of kind "dynamic"): known names, probabilities in [0, 1] summing to 1 within 1e-9 per
/// (state, action), no repeated (state, action, next), no unknown key.
func readLocalTransitions(_ node: JSONValue, states: [String: Int], actions: [String: Int]) throws -> [MDPTransition] {
    for item in try node.array() {
        try refuseUnknownKeys(item, allowed: ["state", "action", "next", "probability", "reward"])
    }
    return try readTransitions(node, states, actions)
}

/// Runs `body`, turning model-level errors into an ``InstanceError`` at `node`.
func atNode<T>(_ node: JSONValue, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as MDPError {
        throw node.error(error.description)
    } catch let error as VerificationError {
        throw node.error(error.description)
    }
}

extension VerificationModel {
    /// Reads a kind "dynamic-accessibility" file: a kind "dynamic" model with a required
    /// `horizon` and, per agent, an optional `inaccessible` list of the local states in which
    /// the agent cannot report (thesis Def. 7.1). A kind "dynamic" file (with a horizon) is
    /// read too, every agent then always accessible. Every problem is an ``InstanceError``
    /// naming the file and the JSON path; unknown keys are refused.
    public static func read(file: String) throws -> VerificationModel {
        let root = try JSONValue.parse(contentsOf: file)
        let kindNode = try root["kind"]
        let kind = try kindNode.string()
        if kind == "dynamic" {
            let instance = try DynamicInstance.read(file: file)
            guard instance.horizon != nil else {
                throw InstanceError(file: file, location: "$", message: "verification needs a finite \"horizon\"")
            }
            return try atNode(root) { try VerificationModel(instance: instance) }
        }
        guard kind == "dynamic-accessibility" else {
            throw kindNode.error("expected kind \"dynamic-accessibility\" or \"dynamic\", found \"\(kind)\"")
        }
        try refuseUnknownKeys(root, allowed: ["kind", "name", "discount", "horizon", "actions", "agents"])
        let (horizon, discount, actions, actionIndex) = try readFiniteHorizonHeader(root)
        let agentsNode = try root["agents"]
        let agentNodes = try agentsNode.array()
        _ = try uniqueIndex(try agentNodes.map { try $0["name"].string() }, at: agentsNode, what: "agent")
        var agents: [DynamicAgent] = []
        var accessible: [[Bool]] = []
        for node in agentNodes {
            try refuseUnknownKeys(node, allowed: ["name", "states", "initial", "transitions", "inaccessible"])
            let statesNode = try node["states"]
            let states = try statesNode.strings()
            let stateIndex = try uniqueIndex(states, at: statesNode, what: "state")
            var initial = 0
            if let initialNode = try node.optional("initial") {
                let name = try initialNode.string()
                guard let s = stateIndex[name] else { throw initialNode.error("unknown state \"\(name)\"") }
                initial = s
            }
            var flags = [Bool](repeating: true, count: states.count)
            if let hidden = try node.optional("inaccessible") {
                for item in try hidden.array() {
                    let name = try item.string()
                    guard let s = stateIndex[name] else { throw item.error("unknown state \"\(name)\"") }
                    flags[s] = false
                }
            }
            let transitions = try readLocalTransitions(try node["transitions"], states: stateIndex, actions: actionIndex)
            let model = try atNode(node) {
                try MDP(stateNames: states, actionNames: actions, discount: discount, initialState: initial,
                        isFiniteHorizon: true, transitions: transitions)
            }
            agents.append(DynamicAgent(name: try node["name"].string(), model: model))
            accessible.append(flags)
        }
        return try atNode(root) {
            try VerificationModel(name: try root.optional("name")?.string() ?? file, discount: discount, horizon: horizon,
                                  actions: actions, agents: agents, accessible: accessible)
        }
    }
}

/// Reads a model (kind "dynamic" with a horizon, or "dynamic-accessibility") and verifies
/// `mechanism` on it: the library entry point behind `rmsolve verify FILE`.
public func verifyMechanism(file: String, mechanism: VerifiedMechanism, maxStates: Int = 200_000) throws -> VerificationResult {
    try verifyMechanism(try VerificationModel.read(file: file), mechanism, maxStates: maxStates)
}

/// The shared head of the finite-horizon kinds ("dynamic-accessibility", "interdependent"):
/// a positive `"horizon"`, a `"discount"` in [0, 1], and the unique `"actions"` with their index.
func readFiniteHorizonHeader(_ root: JSONValue) throws -> (horizon: Int, discount: Double, actions: [String], actionIndex: [String: Int]) {
    let horizonNode = try root["horizon"]
    let horizon = try horizonNode.integer()
    guard horizon >= 1 else { throw horizonNode.error("the horizon must be a positive number of decisions") }
    let discountNode = try root["discount"]
    let discount = try discountNode.number()
    guard discount >= 0, discount <= 1 else { throw discountNode.error("the discount must be in [0, 1], found \(discount)") }
    let actionsNode = try root["actions"]
    let actions = try actionsNode.strings()
    return (horizon, discount, actions, try uniqueIndex(actions, at: actionsNode, what: "action"))
}
