import Foundation

extension RedistributionResult {
    /// A readable table (what `rmsolve solve --mechanism NAME` prints): the mechanism, the
    /// chosen outcome, one row per agent (value, VCG payment, redistribution, utility), totals,
    /// what the center keeps (or the deficit) and the property checks.
    public func table() -> String {
        var lines = ["\(name): \(mechanism.rawValue) on a \"\(kind)\" instance"]
        if let allocation {
            lines.append("allocation: " + agents.map { "\($0.name) gets {\((allocation[$0.name] ?? []).joined(separator: ","))}" }.joined(separator: ", "))
        } else {
            lines.append("outcome: \(outcome)")
        }
        let header = ["agent", "value", "VCG payment", "redistribution", "utility"]
        var rows: [[String]] = agents.map { a in
            [a.name, number(a.value), number(a.vcgPayment), number(a.redistribution), number(a.utility)]
        }
        rows.append(["total", number(welfare), number(vcgRevenue), number(redistributed), number(agents.reduce(0) { $0 + $1.utility })])
        let widths = header.indices.map { c in ([header] + rows).map { $0[c].count }.max()! }
        func render(_ r: [String]) -> String {
            r.enumerated().map { c, s in c == 0 ? s.padding(toLength: widths[c], withPad: " ", startingAt: 0)
                : String(repeating: " ", count: widths[c] - s.count) + s }.joined(separator: "  ")
        }
        lines.append(render(header))
        lines += rows.map(render)
        var totals = "welfare \(number(welfare)); VCG revenue \(number(vcgRevenue)); redistributed \(number(redistributed)); "
        totals += deficit.map { "DEFICIT \(number($0))" } ?? "center keeps \(number(revenue))"
        lines.append(totals)
        lines.append(String(format: "agents keep %.2f%% of the value", 100 * shareKept))
        if let alpha = optimalWorstCaseShare {
            lines.append(String(format: "worst-case share redistributed (alpha*): %.6f", alpha))
        }
        for check in checks {
            lines.append("check \(check.property): \(check.holds ? "holds" : "FAILS")\(check.promised ? "" : " (not promised)") - \(check.detail)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CSV, one row per agent: `name,value,vcgPayment,redistribution,transfer,utility`.
    public func csv() -> String {
        func field(_ s: String) -> String {
            s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : s
        }
        var out = "name,value,vcgPayment,redistribution,transfer,utility\n"
        for a in agents {
            out += [field(a.name), "\(a.value)", "\(a.vcgPayment)", "\(a.redistribution)", "\(a.transfer)", "\(a.utility)"]
                .joined(separator: ",") + "\n"
        }
        return out
    }
}

/// An integer when the number is one, else four decimals.
private func number(_ x: Double) -> String {
    let c = cleanNumber(x)
    if c == c.rounded(), abs(c) < 1e12 { return String(Int(c)) }
    return String(format: "%.4f", c)
}
