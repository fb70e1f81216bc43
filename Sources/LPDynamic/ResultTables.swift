import Foundation

// Readable tables of the dynamic results: what `rmsolve mdp`, `dynamic`, `gittins` and
// `verify` print without `--format json`.

/// `value` as text, padded with spaces to `width` characters.
func tableCell(_ value: Any, _ width: Int) -> String {
    "\(value)".padding(toLength: width, withPad: " ", startingAt: 0)
}

/// `a=1 b=2`: the entries, keys sorted (for simulation rows).
func keyValueList(_ entries: [String: Double]) -> String {
    entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
}

/// The policy part of a dynamic result table: a blank line, a header, and at most 50 joint
/// states (sorted) with their actions.
func policyLines(_ policy: [String: String]) -> [String] {
    var lines = ["", "policy (\(policy.count) joint state\(policy.count == 1 ? "" : "s")):"]
    for name in policy.keys.sorted().prefix(50) { lines.append("  \(name) -> \(policy[name]!)") }
    if policy.count > 50 { lines.append("  ... (\(policy.count - 50) more; use --format json)") }
    return lines
}

/// The simulation part of a dynamic result table (empty without a simulation): a blank line,
/// a header, and one row per period, `t=… state -> action` followed by `details`.
func simulationLines<Period>(
    _ simulation: [Period]?, seed: UInt64?, _ head: (Period) -> (period: Int, state: String, action: String),
    details: (Period) -> String
) -> [String] {
    guard let simulation else { return [] }
    return ["", "simulation (seed \(seed.map { "\($0)" } ?? "")):"] + simulation.map { p in
        let h = head(p)
        return "  t=\(h.period) \(h.state) -> \(h.action)" + details(p)
    }
}

/// A number for a table: 10 significant digits, noise below 1e-12 shown as 0.
func shortNumber(_ x: Double) -> String {
    if abs(x) < 1e-12 { return "0" }
    return String(format: "%.10g", x)
}

extension JointMDPMechanismResult {
    /// The readable table of the result.
    public func table() -> String {
        let r = self

        var lines = ["\(r.name)  mechanism \(r.mechanism.rawValue), method \(r.method.rawValue), "
                     + "discount \(r.discount), \(r.jointStates) joint states",
                     "social value V* at \(r.initial): \(r.value)",
                     "expected revenue: \(r.expectedRevenue)", "",
                     tableCell("agent", 12) + tableCell("valueWithout", 16) + tableCell("W_i", 14) + tableCell("E[transfers]", 16)
                     + tableCell("utility", 14) + "transfer now"]
        for a in r.agents {
            lines.append(tableCell(a.name, 12) + tableCell(a.valueWithout, 16) + tableCell(a.valueUnderPolicy, 14)
                         + tableCell(a.expectedTransfers, 16) + tableCell(a.expectedUtility, 14) + "\(a.transfer)")
        }
        lines += policyLines(r.policy)
        lines += simulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            "  rewards " + keyValueList(p.rewards) + "  transfers " + keyValueList(p.transfers)
        }
        return lines.joined(separator: "\n")
        }
}


extension BanditMechanismResult {
    /// The readable table of the result.
    public func table() -> String {
        let r = self

        var lines = ["\(r.name ?? "bandit")  mechanism \(r.mechanism.rawValue), discount \(r.discount)"
                     + (r.betaDepth.map { ", Beta arms truncated at depth \($0) (value error ≤ \(r.betaValueErrorBound ?? 0) per arm)" } ?? ""),
                     "social value V at \(r.initial): \(r.value)",
                     "activated now: \(r.winner)",
                     "expected revenue: \(r.expectedRevenue) (dynamic-VCG: \(r.vcgExpectedRevenue)); this period: \(r.periodRevenue)",
                     "",
                     tableCell("agent", 12) + tableCell("state", 10) + tableCell("index", 14) + tableCell("valueWithout", 16)
                     + tableCell("W_-i", 14) + tableCell("utility", 14) + tableCell("Z now", 14) + "transfer now"]
        for a in r.agents {
            lines.append(tableCell(a.name, 12) + tableCell(a.state, 10) + tableCell(a.index, 14) + tableCell(a.valueWithout, 16)
                         + tableCell(a.revenueWithout, 14) + tableCell(a.expectedUtility, 14) + tableCell(a.redistribution, 14)
                         + "\(a.transfer)")
        }
        lines += policyLines(r.policy)
        lines += simulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            "  rewards " + keyValueList(p.rewards) + "  transfers " + keyValueList(p.transfers) + "  revenue \(p.revenue)"
        }
        return lines.joined(separator: "\n")
        }
}


extension MetadeliberationAuctionResult {
    /// The readable table of the result.
    public func table() -> String {
        let r = self

        var lines = ["\(r.name ?? "metadeliberation")  metadeliberation auction (Defs. 8.2/8.3), discount \(r.discount)",
                     "social value V at \(r.initial): \(r.value)",
                     "now: \(r.action)",
                     "expected revenue: \(r.expectedRevenue)", "",
                     tableCell("process", 10) + tableCell("owner", 8) + tableCell("about", 8) + tableCell("state", 10) + tableCell("index", 20)
                     + tableCell("lump sum", 20) + "deliberation states"]
        for p in r.processes {
            lines.append(tableCell(p.name, 10) + tableCell(p.owner, 8) + tableCell(p.about, 8) + tableCell(p.state, 10)
                         + tableCell(p.index, 20) + tableCell(p.lumpSum, 20) + p.deliberationStates.joined(separator: ", "))
        }
        lines.append("")
        lines.append(tableCell("agent", 10) + tableCell("valueWithout", 18) + tableCell("utility", 18) + "payment now")
        for a in r.agents {
            lines.append(tableCell(a.name, 10) + tableCell(a.valueWithout, 18) + tableCell(a.expectedUtility, 18) + "\(a.payment)")
        }
        lines += policyLines(r.policy)
        lines += simulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            (p.cost.map { "  cost \($0) (borne by \(p.costBorneBy ?? ""))" } ?? "") + "  payments " + keyValueList(p.payments)
        }
        return lines.joined(separator: "\n")
        }
}


extension DynamicEACResult {
    /// The readable table of the result.
    public func table() -> String {
        let r = self

        var lines = ["\(r.instance)  mechanism dynamic-eac (basis \(r.variant.basis.rawValue), schedule \(r.variant.schedule.rawValue)), "
                     + "discount \(r.discount)" + (r.horizon.map { ", horizon \($0)" } ?? ""),
                     "social value V* at the start: \(shortNumber(r.value))",
                     "expected revenue: \(shortNumber(r.expectedRevenue)); worst period revenue: \(shortNumber(r.worstPeriodRevenue))",
                     "ex ante IR: \(r.exAnteIR ? "yes" : "NO"); no deficit in expectation: \(r.exAnteNoDeficit ? "yes" : "NO")", "",
                     tableCell("agent", 12) + tableCell("valueWithout", 16) + tableCell("charge basis", 16)
                     + tableCell("per period", 14) + tableCell("lump sum", 12) + tableCell("utility", 14) + "transfer now"]
        for a in r.agents {
            lines.append(tableCell(a.name, 12) + tableCell(shortNumber(a.valueWithout), 16) + tableCell(shortNumber(a.chargeBasis), 16)
                         + tableCell(shortNumber(a.chargePerPeriod), 14) + tableCell(shortNumber(a.lumpSum), 12) + tableCell(shortNumber(a.expectedUtility), 14) + shortNumber(a.transfer))
        }
        lines += policyLines(r.policy)
        return lines.joined(separator: "\n")
        }
}


extension PopulationMechanismResult {
    /// The readable table of the result.
    public func table(simulation: [PopulationSimulationRun]? = nil, seed: UInt64? = nil) -> String {
        let r = self

        var lines = ["\(r.instance)  mechanism \(r.mechanism.rawValue), discount \(r.discount), horizon \(r.horizon), "
                     + "\(r.units) unit\(r.units == 1 ? "" : "s"), population cap \(r.populationCap), \(r.states) center states",
                     "arrivals: \(r.arrivalModel)" + (r.conditionallyIndependentArrivals ? " (Assumption 7.3 holds)" : " (Assumption 7.3 does NOT hold)"),
                     "social value before the first arrivals: \(shortNumber(r.value))",
                     "expected revenue: \(shortNumber(r.expectedRevenue)); worst period revenue: \(shortNumber(r.worstPeriodRevenue))",
                     "arrival events checked: \(r.arrivalEventCount); largest deviation gain: \(shortNumber(r.maxDeviationGain)) (\(r.truthful ? "truthful" : "NOT truthful"))",
                     "", tableCell("type", 14) + tableCell("E[arrivals]", 14) + tableCell("mean utility", 16)
                     + tableCell("min utility", 14) + "largest gain"]
        for t in r.types {
            lines.append(tableCell(t.name, 14) + tableCell(shortNumber(t.expectedArrivals), 14) + tableCell(shortNumber(t.meanUtilityAtArrival), 16)
                         + tableCell(shortNumber(t.minUtilityAtArrival), 14) + shortNumber(t.maxDeviationGain))
        }
        if let simulation {
            lines += ["", "simulation (seed \(seed.map { "\($0)" } ?? "?"), \(simulation.count) run\(simulation.count == 1 ? "" : "s")):"]
            for (k, run) in simulation.enumerated() {
                lines.append("  run \(k): discounted value \(shortNumber(run.discountedValue)), revenue \(shortNumber(run.discountedRevenue)), "
                             + "no deficit every period: \(run.noDeficitEveryPeriod)")
                for p in run.periods {
                    let transfers = p.transfers.map { "\($0.agent)=\(shortNumber($0.transfer))" }.joined(separator: " ")
                    lines.append("    t=\(p.period) arrivals [\(p.arrivals.joined(separator: ", "))] present [\(p.population.joined(separator: ", "))] "
                                 + "-> \(p.action)  transfers \(transfers)  revenue \(shortNumber(p.revenue))")
                }
            }
        }
        return lines.joined(separator: "\n")
        }
}


extension MDPResult {
    /// The readable table of the result.
    public func table() -> String {
        let result = self

        var lines = ["\(result.name)  (method \(result.method.rawValue), discount \(result.discount))",
                     "value at \(result.initial): \(result.value)", "",
                     tableCell("state", 24) + tableCell("V*", 16) + "action"]
        for name in result.values.keys.sorted() {
            lines.append(tableCell(name, 24) + tableCell(result.values[name]!, 16) + (result.policy[name] ?? "(terminal)"))
        }
        return lines.joined(separator: "\n")
        }
}


extension GittinsResult {
    /// The readable table of the result.
    public func table() -> String {
        let result = self

    var rows = [["arm", "state", "index", "lump sum", "method"]]
    for arm in result.arms {
        for state in arm.states {
            let index = arm.indices[state] ?? .nan
            var how = arm.method.rawValue
            if let depth = arm.truncationDepth { how += " (depth \(depth))" }
            rows.append([arm.name, state, String(format: "%.9g", index),
                         String(format: "%.9g", index / (1 - result.discount)), how])
        }
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max() ?? 0 }
    var text = "bandit \(result.name.map { "\"\($0)\"" } ?? "(unnamed)"), discount \(result.discount)\n"
    for row in rows {
        text += zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
    }
    return text
    }
}


extension VerifyResult {
    /// The readable table of the result.
    public func table() -> String {
        let result = self

        func row(_ cells: [Any]) -> String { cells.map { tableCell(($0 as? Double).map(shortNumber) ?? "\($0)", 22) }.joined() }
        var lines: [String] = []
        switch result {
        case .grid(let r):
            lines.append("\(r.model)  verify \(r.mechanism.kind.rawValue), discount \(r.discount), horizon \(r.horizon), \(r.gridStates) joint states")
            lines.append("expected revenue \(shortNumber(r.expectedRevenue)); worst period revenue \(shortNumber(r.worstPeriodRevenue))")
            lines += agentLines(r.agents)
            lines.append("")
            for p in r.properties { lines.append("\(p.holds ? "holds" : "FAILS")  \(p.name)\(p.promised ? " (promised)" : "")") }
        case .belief(let r):
            lines.append("\(r.model)  verify \(r.mechanism.rawValue), discount \(r.discount), horizon \(r.horizon)")
            lines.append("value \(shortNumber(r.value)); expected revenue \(shortNumber(r.expectedRevenue)); truthful: \(r.truthful)")
            lines.append("")
            lines.append(row(["agent", "truthful utility", "largest gain"]))
            for a in r.agents { lines.append(row([a.name, a.truthfulUtility, a.maxGain])) }
        case .interdependent(let r):
            lines.append("\(r.model)  verify \(r.mechanism.rawValue), discount \(r.discount), horizon \(r.horizon), \(r.gridStates) joint states")
            lines.append("value \(shortNumber(r.value)); expected revenue \(shortNumber(r.expectedRevenue)); truthfulness promised: \(r.truthfulnessPromised); truthful: \(r.truthful)")
            lines += agentLines(r.agents)
        }
        lines.append("")
        lines.append(result.promisesHold ? "every promised property holds" : "a promised property FAILS")
        return lines.joined(separator: "\n")
        }
}


private func agentLines(_ agents: [AgentVerification]) -> [String] {
        var lines = ["", ["agent", "truthful utility", "best deviation", "gain", "deviation"].map { tableCell($0, 18) }.joined()]
        for a in agents {
            let steps = a.deviation.map { "t=\($0.period) \($0.state): \($0.report) (truth \($0.truthfulReport))" }.joined(separator: "; ")
            lines.append([a.name, shortNumber(a.truthfulUtility), shortNumber(a.bestDeviationUtility), shortNumber(a.gain)].map { tableCell($0, 18) }.joined()
                         + (steps.isEmpty ? "-" : steps))
        }
        return lines
    }
extension DynamicMechanismResult {
    /// The readable table of the result (what `rmsolve dynamic` prints).
    public func table(seed: UInt64? = nil) -> String {
        switch self {
        case .dynamic(let r): return r.table()
        case .bandit(let r): return r.table()
        case .metadeliberation(let r): return r.table()
        case .eac(let r): return r.table()
        case .population(let r, let simulation): return r.table(simulation: simulation, seed: seed)
        }
    }
}
