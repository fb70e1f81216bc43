import LPDynamic

/// `value` as text, padded with spaces to `width` characters.
func dynamicCell(_ value: Any, _ width: Int) -> String {
    "\(value)".padding(toLength: width, withPad: " ", startingAt: 0)
}

/// `a=1 b=2`: the entries, keys sorted (for simulation rows).
func keyValueList(_ entries: [String: Double]) -> String {
    entries.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
}

/// The policy part of a dynamic result table: a blank line, a header, and at most 50 joint
/// states (sorted) with their actions.
func dynamicPolicyLines(_ policy: [String: String]) -> [String] {
    var lines = ["", "policy (\(policy.count) joint state\(policy.count == 1 ? "" : "s")):"]
    for name in policy.keys.sorted().prefix(50) { lines.append("  \(name) -> \(policy[name]!)") }
    if policy.count > 50 { lines.append("  ... (\(policy.count - 50) more; use --format json)") }
    return lines
}

/// The simulation part of a dynamic result table (empty without a simulation): a blank line,
/// a header, and one row per period, `t=… state -> action` followed by `details`.
func dynamicSimulationLines<Period>(
    _ simulation: [Period]?, seed: UInt64?, _ head: (Period) -> (period: Int, state: String, action: String),
    details: (Period) -> String
) -> [String] {
    guard let simulation else { return [] }
    return ["", "simulation (seed \(seed.map { "\($0)" } ?? "")):"] + simulation.map { p in
        let h = head(p)
        return "  t=\(h.period) \(h.state) -> \(h.action)" + details(p)
    }
}

extension DynamicCommand {
    /// The table output of a kind "dynamic" result.
    static func table(_ r: JointMDPMechanismResult) -> String {
        var lines = ["\(r.name)  mechanism \(r.mechanism.rawValue), method \(r.method.rawValue), "
                     + "discount \(r.discount), \(r.jointStates) joint states",
                     "social value V* at \(r.initial): \(r.value)",
                     "expected revenue: \(r.expectedRevenue)", "",
                     dynamicCell("agent", 12) + dynamicCell("valueWithout", 16) + dynamicCell("W_i", 14) + dynamicCell("E[transfers]", 16)
                     + dynamicCell("utility", 14) + "transfer now"]
        for a in r.agents {
            lines.append(dynamicCell(a.name, 12) + dynamicCell(a.valueWithout, 16) + dynamicCell(a.valueUnderPolicy, 14)
                         + dynamicCell(a.expectedTransfers, 16) + dynamicCell(a.expectedUtility, 14) + "\(a.transfer)")
        }
        lines += dynamicPolicyLines(r.policy)
        lines += dynamicSimulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            "  rewards " + keyValueList(p.rewards) + "  transfers " + keyValueList(p.transfers)
        }
        return lines.joined(separator: "\n")
    }

    /// The table output of a kind "bandit" result.
    static func banditTable(_ r: BanditMechanismResult) -> String {
        var lines = ["\(r.name ?? "bandit")  mechanism \(r.mechanism.rawValue), discount \(r.discount)"
                     + (r.betaDepth.map { ", Beta arms truncated at depth \($0) (value error ≤ \(r.betaValueErrorBound ?? 0) per arm)" } ?? ""),
                     "social value V at \(r.initial): \(r.value)",
                     "activated now: \(r.winner)",
                     "expected revenue: \(r.expectedRevenue) (dynamic-VCG: \(r.vcgExpectedRevenue)); this period: \(r.periodRevenue)",
                     "",
                     dynamicCell("agent", 12) + dynamicCell("state", 10) + dynamicCell("index", 14) + dynamicCell("valueWithout", 16)
                     + dynamicCell("W_-i", 14) + dynamicCell("utility", 14) + dynamicCell("Z now", 14) + "transfer now"]
        for a in r.agents {
            lines.append(dynamicCell(a.name, 12) + dynamicCell(a.state, 10) + dynamicCell(a.index, 14) + dynamicCell(a.valueWithout, 16)
                         + dynamicCell(a.revenueWithout, 14) + dynamicCell(a.expectedUtility, 14) + dynamicCell(a.redistribution, 14)
                         + "\(a.transfer)")
        }
        lines += dynamicPolicyLines(r.policy)
        lines += dynamicSimulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            "  rewards " + keyValueList(p.rewards) + "  transfers " + keyValueList(p.transfers) + "  revenue \(p.revenue)"
        }
        return lines.joined(separator: "\n")
    }

    /// The table output of a kind "metadeliberation" result.
    static func metadeliberationTable(_ r: MetadeliberationAuctionResult) -> String {
        var lines = ["\(r.name ?? "metadeliberation")  metadeliberation auction (Defs. 8.2/8.3), discount \(r.discount)",
                     "social value V at \(r.initial): \(r.value)",
                     "now: \(r.action)",
                     "expected revenue: \(r.expectedRevenue)", "",
                     dynamicCell("process", 10) + dynamicCell("owner", 8) + dynamicCell("about", 8) + dynamicCell("state", 10) + dynamicCell("index", 20)
                     + dynamicCell("lump sum", 20) + "deliberation states"]
        for p in r.processes {
            lines.append(dynamicCell(p.name, 10) + dynamicCell(p.owner, 8) + dynamicCell(p.about, 8) + dynamicCell(p.state, 10)
                         + dynamicCell(p.index, 20) + dynamicCell(p.lumpSum, 20) + p.deliberationStates.joined(separator: ", "))
        }
        lines.append("")
        lines.append(dynamicCell("agent", 10) + dynamicCell("valueWithout", 18) + dynamicCell("utility", 18) + "payment now")
        for a in r.agents {
            lines.append(dynamicCell(a.name, 10) + dynamicCell(a.valueWithout, 18) + dynamicCell(a.expectedUtility, 18) + "\(a.payment)")
        }
        lines += dynamicPolicyLines(r.policy)
        lines += dynamicSimulationLines(r.simulation, seed: r.seed, { ($0.period, $0.state, $0.action) }) { p in
            (p.cost.map { "  cost \($0) (borne by \(p.costBorneBy ?? ""))" } ?? "") + "  payments " + keyValueList(p.payments)
        }
        return lines.joined(separator: "\n")
    }
}

extension DynamicCommand {
    /// The table output of a dynamic-EAC result.
    static func eacTable(_ r: DynamicEACResult) -> String {
        var lines = ["\(r.instance)  mechanism dynamic-eac (basis \(r.variant.basis.rawValue), schedule \(r.variant.schedule.rawValue)), "
                     + "discount \(r.discount)" + (r.horizon.map { ", horizon \($0)" } ?? ""),
                     "social value V* at the start: \(shortNumber(r.value))",
                     "expected revenue: \(shortNumber(r.expectedRevenue)); worst period revenue: \(shortNumber(r.worstPeriodRevenue))",
                     "ex ante IR: \(r.exAnteIR ? "yes" : "NO"); no deficit in expectation: \(r.exAnteNoDeficit ? "yes" : "NO")", "",
                     dynamicCell("agent", 12) + dynamicCell("valueWithout", 16) + dynamicCell("charge basis", 16)
                     + dynamicCell("per period", 14) + dynamicCell("lump sum", 12) + dynamicCell("utility", 14) + "transfer now"]
        for a in r.agents {
            lines.append(dynamicCell(a.name, 12) + dynamicCell(shortNumber(a.valueWithout), 16) + dynamicCell(shortNumber(a.chargeBasis), 16)
                         + dynamicCell(shortNumber(a.chargePerPeriod), 14) + dynamicCell(shortNumber(a.lumpSum), 12) + dynamicCell(shortNumber(a.expectedUtility), 14) + shortNumber(a.transfer))
        }
        lines += dynamicPolicyLines(r.policy)
        return lines.joined(separator: "\n")
    }

    /// The table output of a kind "population" result, with its simulated runs.
    static func populationTable(_ r: PopulationMechanismResult, simulation: [PopulationSimulationRun]?, seed: UInt64) -> String {
        var lines = ["\(r.instance)  mechanism \(r.mechanism.rawValue), discount \(r.discount), horizon \(r.horizon), "
                     + "\(r.units) unit\(r.units == 1 ? "" : "s"), population cap \(r.populationCap), \(r.states) center states",
                     "arrivals: \(r.arrivalModel)" + (r.conditionallyIndependentArrivals ? " (Assumption 7.3 holds)" : " (Assumption 7.3 does NOT hold)"),
                     "social value before the first arrivals: \(shortNumber(r.value))",
                     "expected revenue: \(shortNumber(r.expectedRevenue)); worst period revenue: \(shortNumber(r.worstPeriodRevenue))",
                     "arrival events checked: \(r.arrivalEventCount); largest deviation gain: \(shortNumber(r.maxDeviationGain)) (\(r.truthful ? "truthful" : "NOT truthful"))",
                     "", dynamicCell("type", 14) + dynamicCell("E[arrivals]", 14) + dynamicCell("mean utility", 16)
                     + dynamicCell("min utility", 14) + "largest gain"]
        for t in r.types {
            lines.append(dynamicCell(t.name, 14) + dynamicCell(shortNumber(t.expectedArrivals), 14) + dynamicCell(shortNumber(t.meanUtilityAtArrival), 16)
                         + dynamicCell(shortNumber(t.minUtilityAtArrival), 14) + shortNumber(t.maxDeviationGain))
        }
        if let simulation {
            lines += ["", "simulation (seed \(seed), \(simulation.count) run\(simulation.count == 1 ? "" : "s")):"]
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

/// A number for a table: 10 significant digits, noise below 1e-12 shown as 0.
func shortNumber(_ x: Double) -> String {
    if abs(x) < 1e-12 { return "0" }
    return String(format: "%.10g", x)
}
