import Combinatorial
import Foundation

/// The result of ``runStaticMechanism(_:mechanism:options:)``: what `rmsolve solve --format
/// json` prints. Its `JSONEncoder` encoding is exactly the documented result format
/// (docs/formats.md): keys `name`, `mechanism`, `welfare`, `outcome` (outcome tables) or
/// `allocation` (auctions: bidder name → goods), `vcgRevenue`, `redistributed`, `rmRevenue`,
/// `shareKept`, and `agents`, each with `name`, `value`, `vcgPayment`, `revenueGuarantee`
/// (`null` under VCG), `redistribution`, `utility`, `valueWithout` and, under RM, `method`.
///
/// Numbers are stored with floating-point noise removed (``cleanNumber(_:scale:)``): a value
/// within 1e-11 of the instance's scale of a multiple of 1e-9 is snapped to it, so
/// 5.999999999999 is 6.
///
/// ```swift
/// let result = try runStaticMechanism(try StaticInstance.read(path: "instances/static/car-table-3.1.json"))
/// let encoder = JSONEncoder()
/// encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
/// print(String(decoding: try encoder.encode(result), as: UTF8.self))
/// ```
public struct StaticMechanismResult: Codable, Sendable, Equatable {
    /// One agent's line.
    public struct Agent: Codable, Sendable, Equatable {
        /// The agent's name.
        public var name: String
        /// v_i(o*): its value for the chosen outcome.
        public var value: Double
        /// p_i: its VCG payment.
        public var vcgPayment: Double
        /// G_i (`nil` under VCG: encoded as `null`).
        public var revenueGuarantee: Double?
        /// Z_i = G_i / n (0 under VCG).
        public var redistribution: Double
        /// u_i = v_i(o*) − p_i + Z_i.
        public var utility: Double
        /// W_{-i}: the best welfare of the others without agent i.
        public var valueWithout: Double
        /// How G_i was computed (`nil` under VCG: the key is left out).
        public var method: RevenueGuaranteeMethod?

        /// Creates a line.
        public init(name: String, value: Double, vcgPayment: Double, revenueGuarantee: Double?, redistribution: Double,
                    utility: Double, valueWithout: Double, method: RevenueGuaranteeMethod?) {
            self.name = name
            self.value = value
            self.vcgPayment = vcgPayment
            self.revenueGuarantee = revenueGuarantee
            self.redistribution = redistribution
            self.utility = utility
            self.valueWithout = valueWithout
            self.method = method
        }

        enum CodingKeys: String, CodingKey { case name, value, vcgPayment, revenueGuarantee, redistribution, utility, valueWithout, method }

        /// Encodes every key; `revenueGuarantee` as `null` under VCG, `method` only under RM.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(name, forKey: .name)
            try c.encode(value, forKey: .value)
            try c.encode(vcgPayment, forKey: .vcgPayment)
            try c.encode(revenueGuarantee, forKey: .revenueGuarantee)
            try c.encode(redistribution, forKey: .redistribution)
            try c.encode(utility, forKey: .utility)
            try c.encode(valueWithout, forKey: .valueWithout)
            try c.encodeIfPresent(method, forKey: .method)
        }
    }

    /// The instance's name.
    public var name: String
    /// Which mechanism ran.
    public var mechanism: StaticMechanismName
    /// W: the welfare of the chosen outcome.
    public var welfare: Double
    /// The chosen outcome's name (outcome tables; `nil` for auctions).
    public var outcome: String?
    /// The chosen allocation, bidder name → goods (auctions; `nil` for outcome tables).
    public var allocation: [String: [String]]?
    /// R: the VCG revenue.
    public var vcgRevenue: Double
    /// Σ Z_i.
    public var redistributed: Double
    /// R − Σ Z_i: what the center keeps.
    public var rmRevenue: Double
    /// Σ u_i / W: the share of the value the agents keep (1 when W = 0).
    public var shareKept: Double
    /// One line per agent, in the instance's order.
    public var agents: [Agent]

    /// Creates a result.
    public init(name: String, mechanism: StaticMechanismName, welfare: Double, outcome: String?, allocation: [String: [String]]?,
                vcgRevenue: Double, redistributed: Double, rmRevenue: Double, shareKept: Double, agents: [Agent]) {
        self.name = name
        self.mechanism = mechanism
        self.welfare = welfare
        self.outcome = outcome
        self.allocation = allocation
        self.vcgRevenue = vcgRevenue
        self.redistributed = redistributed
        self.rmRevenue = rmRevenue
        self.shareKept = shareKept
        self.agents = agents
    }

    /// The documented result of a verified ``MechanismResult``: `outcome` names the chosen
    /// outcome, or `allocation` gives each agent's goods (one entry per agent, in `agents` order).
    public init(name: String, agents names: [String], outcome: String?, allocation: [[String]]?, result: MechanismResult) {
        let vcg = result.vcg
        var byName: [String: [String]]? = nil
        if let allocation {
            var map: [String: [String]] = [:]
            for (i, goods) in allocation.enumerated() { map[names[i]] = goods }
            byName = map
        }
        var scale = max(abs(vcg.welfare), abs(vcg.revenue))
        for k in vcg.valueWithout.indices { scale = max(scale, abs(vcg.valueWithout[k]), abs(vcg.values[k])) }
        let c = { (x: Double) in cleanNumber(x, scale: scale) }
        self.init(name: name, mechanism: result.mechanism, welfare: c(vcg.welfare), outcome: allocation == nil ? outcome : nil,
                  allocation: byName, vcgRevenue: c(vcg.revenue), redistributed: c(result.redistributed),
                  rmRevenue: c(result.rmRevenue), shareKept: c(result.shareKept),
                  agents: names.indices.map { i in
                      Agent(name: names[i], value: c(vcg.values[i]), vcgPayment: c(vcg.payments[i]),
                            revenueGuarantee: result.revenueGuarantees.map { c($0[i].guarantee) },
                            redistribution: c(result.redistribution[i]), utility: c(result.utilities[i]),
                            valueWithout: c(vcg.valueWithout[i]), method: result.revenueGuarantees?[i].method)
                  })
    }

    /// The result JSON as `rmsolve solve --format json` prints it: sorted keys, pretty-printed.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// A readable table (what `rmsolve solve` prints): the mechanism, the chosen outcome or
    /// allocation, one row per agent, totals, and the share of the value the agents keep.
    public func table() -> String {
        var lines: [String] = []
        lines.append("\(name): \(mechanism == .rm ? "redistribution mechanism RM" : "VCG")")
        if let allocation {
            lines.append("allocation: " + agents.map { "\($0.name) gets {\((allocation[$0.name] ?? []).joined(separator: ","))}" }.joined(separator: ", "))
        } else {
            lines.append("outcome: \(outcome ?? "")")
        }
        let header = ["agent", "value", "VCG payment", "guarantee G", "redistribution", "utility"]
        var rows: [[String]] = agents.map { a in
            [a.name, tableNumber(a.value), tableNumber(a.vcgPayment), a.revenueGuarantee.map(tableNumber) ?? "-",
             tableNumber(a.redistribution), tableNumber(a.utility)]
        }
        rows.append(["total", tableNumber(welfare), tableNumber(vcgRevenue), "",
                     tableNumber(redistributed), tableNumber(agents.reduce(0) { $0 + $1.utility })])
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        func render(_ r: [String]) -> String {
            r.enumerated().map { c, s in c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - s.count) + s }.joined(separator: "  ")
        }
        lines.append(render(header))
        lines += rows.map(render)
        lines.append("welfare \(tableNumber(welfare)); VCG revenue \(tableNumber(vcgRevenue)); redistributed \(tableNumber(redistributed)); center keeps \(tableNumber(rmRevenue))")
        lines.append(String(format: "agents keep %.2f%% of the value", 100 * shareKept))
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV, one row per agent: `name,value,vcgPayment,revenueGuarantee,redistribution,utility`
    /// (an empty guarantee under VCG).
    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "name,value,vcgPayment,revenueGuarantee,redistribution,utility\n"
        for a in agents {
            out += [field(a.name), "\(a.value)", "\(a.vcgPayment)", a.revenueGuarantee.map { "\($0)" } ?? "",
                    "\(a.redistribution)", "\(a.utility)"].joined(separator: ",") + "\n"
        }
        return out
    }
}

/// Removes floating-point noise: a number within `1e-11 · max(|x|, scale)` of a multiple of
/// 1e-9 is snapped to it (so 5.999999999999 becomes 6 and -0 becomes 0); any other number is
/// kept at full precision. `scale` is the instance's scale (its largest value, welfare or
/// revenue): the snapping is relative to it, so an instance whose values are of order 1e-9
/// keeps all its digits (with the old floor of 1, a guarantee of 9.01e-9 was printed as 9e-9).
public func cleanNumber(_ x: Double, scale: Double = 1) -> Double {
    let r = (x * 1e9).rounded() / 1e9
    return abs(r - x) <= 1e-11 * max(abs(x), abs(scale)) ? (r == 0 ? 0 : r) : x
}

/// An integer when the number is one, else four decimals.
private func tableNumber(_ x: Double) -> String {
    let c = cleanNumber(x)
    if c == c.rounded(), abs(c) < 1e12 { return String(Int(c)) }
    return String(format: "%.4f", c)
}
