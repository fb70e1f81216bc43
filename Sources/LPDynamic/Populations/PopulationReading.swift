import InstanceIO

extension PopulationModel {
    /// Reads and validates a kind "population" file (format in docs/dynamic-populations.md).
    /// Every problem is an ``InstanceError`` naming the file and the JSON path; unknown keys
    /// are refused; exactly one of `arrivals` (per-period, Assumption 7.3 by construction) and
    /// `arrivalScenarios` (correlated, Assumption 7.3 not guaranteed) must be present.
    public static func read(file: String) throws -> PopulationModel {
        let root = try JSONValue.parse(contentsOf: file)
        try expectKind("population", in: root)
        try refuseUnknownKeys(root, allowed: ["kind", "name", "discount", "horizon", "units", "populationCap", "types",
                                              "arrivals", "arrivalScenarios"])
        let horizonNode = try root["horizon"]
        let horizon = try horizonNode.integer()
        guard horizon >= 1 else { throw horizonNode.error("the horizon must be a positive number of decisions") }
        let discountNode = try root["discount"]
        let discount = try discountNode.number()
        guard discount >= 0, discount <= 1 else { throw discountNode.error("the discount must be in [0, 1], found \(discount)") }
        var units = 1
        if let node = try root.optional("units") {
            units = try node.integer()
            guard units >= 0 else { throw node.error("units must be ≥ 0") }
        }
        let capNode = try root["populationCap"]
        let cap = try capNode.integer()
        guard cap >= 1 else { throw capNode.error("the population cap must be ≥ 1") }
        let typesNode = try root["types"]
        let typeNodes = try typesNode.array()
        let typeIndex = try uniqueIndex(try typeNodes.map { try $0["name"].string() }, at: typesNode, what: "type")
        let types = try typeNodes.map(readType)
        func typeList(_ node: JSONValue) throws -> [Int] {
            try node.array().map { item in
                let name = try item.string()
                guard let k = typeIndex[name] else { throw item.error("unknown type \"\(name)\"") }
                return k
            }
        }
        let perPeriod = try root.optional("arrivals")
        let scenarios = try root.optional("arrivalScenarios")
        let arrivals: ArrivalModel
        switch (perPeriod, scenarios) {
        case (let node?, nil):
            let periods = try node.array()
            guard periods.count <= horizon else { throw node.error("\(periods.count) periods of arrivals, more than the horizon \(horizon)") }
            arrivals = .perPeriod(try periods.map { period in
                let outcomes = try period.array().map { item -> ArrivalOutcome in
                    try refuseUnknownKeys(item, allowed: ["probability", "types"])
                    let pNode = try item["probability"]
                    let p = try pNode.number()
                    guard p >= 0, p <= 1 else { throw pNode.error("probability \(p) is not in [0, 1]") }
                    return ArrivalOutcome(probability: p, types: try typeList(try item["types"]))
                }
                let total = outcomes.reduce(0) { $0 + $1.probability }
                guard abs(total - 1) <= 1e-9 else { throw period.error("the arrival probabilities sum to \(total), not 1") }
                return outcomes
            })
        case (nil, let node?):
            let items = try node.array()
            guard (1...62).contains(items.count) else { throw node.error("between 1 and 62 scenarios are needed") }
            var probabilities: [Double] = []
            var sequences: [[[Int]]] = []
            for item in items {
                try refuseUnknownKeys(item, allowed: ["probability", "arrivals"])
                let pNode = try item["probability"]
                let p = try pNode.number()
                guard p > 0, p <= 1 else { throw pNode.error("probability \(p) is not in (0, 1]") }
                let sequenceNode = try item["arrivals"]
                let sequence = try sequenceNode.array().map(typeList)
                guard sequence.count <= horizon else { throw sequenceNode.error("more periods than the horizon \(horizon)") }
                probabilities.append(p)
                sequences.append(sequence)
            }
            let total = probabilities.reduce(0, +)
            guard abs(total - 1) <= 1e-9 else { throw node.error("the scenario probabilities sum to \(total), not 1") }
            arrivals = .scenarios(probabilities: probabilities, arrivals: sequences)
        case (nil, nil):
            throw root.error("missing key \"arrivals\" (or \"arrivalScenarios\")")
        default:
            throw root.error("give either \"arrivals\" or \"arrivalScenarios\", not both")
        }
        return try atPopulationNode(root) {
            try PopulationModel(name: try root.optional("name")?.string() ?? file, discount: discount, horizon: horizon,
                                units: units, populationCap: cap, types: types, arrivals: arrivals)
        }
    }
}

private func readType(_ node: JSONValue) throws -> ArrivalType {
    try refuseUnknownKeys(node, allowed: ["name", "states", "arrival", "departure", "values", "transitions"])
    let name = try node["name"].string()
    let statesNode = try node["states"]
    let states = try statesNode.strings()
    let index = try uniqueIndex(states, at: statesNode, what: "state")
    func state(_ key: String) throws -> Int {
        let n = try node[key]
        let s = try n.string()
        guard let k = index[s] else { throw n.error("unknown state \"\(s)\"") }
        return k
    }
    let arrival = try state("arrival")
    let departure = try state("departure")
    guard arrival != departure else { throw try node["arrival"].error("the arrival state cannot be the departure state") }
    var values = [Double](repeating: 0, count: states.count)
    if let valuesNode = try node.optional("values") {
        for key in try valuesNode.keys() {
            guard let s = index[key] else { throw try valuesNode[key].error("unknown state \"\(key)\"") }
            let vNode = try valuesNode[key]
            guard s != departure else { throw vNode.error("the departure state has no value") }
            values[s] = try vNode.amount()
        }
    }
    var transitions = [[(next: Int, probability: Double)]](repeating: [], count: states.count)
    let transitionsNode = try node["transitions"]
    for item in try transitionsNode.array() {
        try refuseUnknownKeys(item, allowed: ["state", "next", "probability"])
        let fromNode = try item["state"], nextNode = try item["next"]
        guard let from = index[try fromNode.string()] else { throw fromNode.error("unknown state \"\(try fromNode.string())\"") }
        guard let next = index[try nextNode.string()] else { throw nextNode.error("unknown state \"\(try nextNode.string())\"") }
        guard from != departure else { throw fromNode.error("the departure state is absorbing and has no transitions") }
        let pNode = try item["probability"]
        let p = try pNode.number()
        guard p >= 0, p <= 1 else { throw pNode.error("probability \(p) is not in [0, 1]") }
        guard !transitions[from].contains(where: { $0.next == next }) else { throw item.error("repeated transition (state, next)") }
        transitions[from].append((next, p))
    }
    for s in states.indices where s != departure {
        let total = transitions[s].reduce(0) { $0 + $1.probability }
        guard abs(total - 1) <= 1e-9 else {
            throw transitionsNode.error("the probabilities from state \"\(states[s])\" sum to \(total), not 1")
        }
    }
    return try atPopulationNode(node) {
        try ArrivalType(name: name, states: states, arrivalState: arrival, departure: departure, values: values,
                        transitions: transitions)
    }
}

private func atPopulationNode<T>(_ node: JSONValue, _ body: () throws -> T) throws -> T {
    do { return try body() } catch let error as PopulationError { throw node.error(error.description) }
}

/// Reads a kind "population" file and evaluates `mechanism` on it: the library entry point
/// behind `rmsolve dynamic --mechanism online-dynamic-vcg|online-vcg-gamma FILE`.
public func runPopulationMechanism(file: String, mechanism: PopulationMechanism, maxStates: Int = 200_000) throws
    -> PopulationMechanismResult
{
    try evaluatePopulationMechanism(try PopulationModel.read(file: file), mechanism, maxStates: maxStates)
}
