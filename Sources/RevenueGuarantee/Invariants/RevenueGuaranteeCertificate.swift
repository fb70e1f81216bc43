import Combinatorial
import LinearOptimization

/// Certification of one revenue guarantee G_i (docs/numerics.md): an answer is printed only
/// when a legal report attains it and a proven lower bound lies within tolerance below it.
public enum RevenueGuaranteeCertificate {
    /// The tolerance of every revenue guarantee: `1e-6 ·` the instance's scale (its largest
    /// |reported value|), at least `1e-15` (all values 0).
    public static func tolerance(scale: Double) -> Double { 1e-6 * max(abs(scale), 1e-9) }

    /// A solver's feasibility allowance for a minimizing report, in the instance's units:
    /// the solvers work on the problem scaled to order one with feasibility tolerances of
    /// about 1e-7 to 1e-9, i.e. `1e-7 ·` the scale in the instance's units.
    public static func membershipAllowance(scale: Double) -> Double { 1e-7 * max(abs(scale), 1e-9) }

    /// The certified guarantee.
    public struct Certified: Sendable {
        /// G_i: the least VCG revenue attained by a candidate report, evaluated directly.
        public var revenue: Double
        /// The report attaining it (in Θ_i).
        public var type: [Double]
        /// The method whose report it is (the route that was trusted).
        public var method: RevenueGuaranteeMethod
        /// The proven lower bound (at least 0: VCG revenue is never negative).
        public var lowerBound: Double
    }

    /// Certifies the candidates of a method for agent `view.agent` (in the instance's units):
    /// each candidate is clamped into its box (exact: a clamped point is legal), checked
    /// against Θ_i's rows (``membershipAllowance(scale:)``), and its VCG revenue evaluated by
    /// ``AgentView/revenue(type:)``; the truthful report (in Θ_i by validation) is a candidate
    /// too. The least revenue attained is kept; the method recorded is the first candidate's
    /// unless another attains less by more than the tolerance (then that route's). Throws
    /// ``SolverError/notOptimal(_:)`` naming the agent when no candidate is legal or when the
    /// least attained revenue exceeds `lowerBound` by more than ``tolerance(scale:)``.
    /// `lowerBound` must be rigorous: for the LP route, the least ``Solution/provenBound`` of
    /// the candidate LPs (directed-rounding-safe dual bounds), never a solver's own optimum;
    /// −∞ (nothing proven) leaves only the bound 0, and the message says so.
    public static func certify(_ view: AgentView, candidates: [(type: [Double], method: RevenueGuaranteeMethod)],
                               lowerBound: Double, scale: Double) throws -> Certified {
        let p = view.problem, i = view.agent, space = p.typeSpaces[i]
        let tol = tolerance(scale: scale), allowance = membershipAllowance(scale: scale)
        let agent = p.agents[i]
        var evaluated: [(revenue: Double, type: [Double], method: RevenueGuaranteeMethod)] = []
        var rejected: [String] = []
        for (x, method) in candidates {
            guard x.count == space.dimension, x.allSatisfy(\.isFinite) else {
                rejected.append("\(method.rawValue): no finite report"); continue
            }
            let clamped = (0..<x.count).map { min(space.upper[$0], max(space.lower[$0], x[$0])) }
            if let violation = space.firstViolation(clamped, tolerance: 1e-9, absolute: allowance) {
                rejected.append("\(method.rawValue): \(violation)"); continue
            }
            // The revenue is evaluated in double precision: its rounding error grows with the
            // largest number involved. A report whose coordinates are so large that the error
            // could exceed a tenth of the tolerance proves nothing and is not a candidate.
            let largest = max(clamped.map(abs).max() ?? 0, scale)
            let evaluationError = 16 * Double(p.agentCount + 1) * Double.ulpOfOne * largest * Double(p.agentCount)
            guard evaluationError <= tol / 10 else {
                rejected.append("\(method.rawValue): its coordinates (up to \(largest)) are too large for the revenue to be evaluated within the tolerance"); continue
            }
            evaluated.append((view.revenue(type: clamped), clamped, method))
        }
        let primary = candidates.first?.method ?? .lp
        let report = p.reports[i]
        evaluated.append((view.revenue(type: report), report, primary))
        var chosen = evaluated.min { $0.revenue < $1.revenue }!
        if let first = evaluated.first, first.revenue <= chosen.revenue + tol { chosen.method = first.method }
        let bound = max(0, lowerBound.isNaN ? -.infinity : lowerBound)
        let gap = chosen.revenue - bound
        guard gap <= tol else {
            var why = rejected.isEmpty ? "" : "; rejected reports: " + rejected.joined(separator: "; ")
            if !(lowerBound > -.infinity) {
                why += "; no finite lower bound could be proven from the solver's duals (a coordinate without a finite bound has a reduced cost of uncertain sign), so only 0 is proven"
            }
            throw SolverError.notOptimal(.solverError("agent \"\(agent)\": the revenue guarantee could not be certified: least attained VCG revenue \(chosen.revenue), proven lower bound \(bound) (gap \(gap), tolerance \(tol))\(why)"))
        }
        return Certified(revenue: chosen.revenue, type: chosen.type, method: chosen.method, lowerBound: bound)
    }
}
