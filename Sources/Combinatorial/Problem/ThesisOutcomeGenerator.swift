import InstanceIO

/// The random outcome-table instances of the thesis's simulations (thesis Sec. 3.6.2).
///
/// Outcome k "belongs" to agent k mod n (with as many outcomes as agents, outcome i is agent
/// i's). For each agent: `maxval_i ~ U[0, 100]`; its own outcomes `v_i(o_i) ~ U[0, maxval_i]`;
/// every other outcome `v_i(o_j) ~ U[0, (1−e)·maxval_i]`. The normal variant draws
/// `N(50, 12.5)` for own outcomes and `N((1−e)·50, (1−e)·12.5)` for the others, clamped to
/// the domain's bounds (the thesis does not state a truncation; clamping is our choice).
///
/// The thesis does not say which type space the mechanism assumes for 0 < e < 1; results
/// must say which reading was used:
/// - ``DomainReading/absolute``: the box `v_i(o_i) ∈ [0, 100]`, `v_i(o_j) ∈ [0, (1−e)·100]`.
/// - ``DomainReading/relative``: `v_i(o_i) ∈ [0, 100]`, `0 ≤ v_i(o_j) ≤ (1−e)·v_i(o_i)` for
///   the agent's first own outcome o_i (a linear domain); the values of other outcomes are
///   then drawn as `U[0, (1−e)·v_i(o_i)]` (normal: the same normal as above clamped to
///   `[0, (1−e)·v_i(o_i)]`) so that the reports lie in the domain.
///
/// ```swift
/// let problem = ThesisOutcomeGenerator.generate(agents: 8, outcomes: 8, exclusivity: 0.7,
///                                               distribution: .uniform, domain: .absolute, seed: 1)
/// ```
public enum ThesisOutcomeGenerator {
    /// Value distribution.
    public enum Distribution: String, Sendable, CaseIterable {
        /// Uniform (thesis Figure 3.4, 3.5 left).
        case uniform
        /// Normal (thesis Figure 3.5 right).
        case normal
    }

    /// Which type space the generated instance declares.
    public enum DomainReading: String, Sendable, CaseIterable {
        /// Box bounds, see the type's documentation.
        case absolute
        /// Bounds relative to the agent's own outcome, see the type's documentation.
        case relative
    }

    /// The largest value an agent can have (thesis: values in [0, 100]).
    public static let maximumValue = 100.0

    /// The agent that outcome `k` belongs to.
    public static func owner(ofOutcome k: Int, agents: Int) -> Int { k % agents }

    /// Generates one instance, reproducibly from `seed`. Agents are named "1"..."n" and
    /// outcomes "o1"..."om".
    public static func generate(agents n: Int, outcomes m: Int, exclusivity e: Double,
                                distribution: Distribution, domain: DomainReading,
                                seed: UInt64) -> StaticProblem {
        precondition(n >= 1 && m >= 1 && (0...1).contains(e), "need n, m ≥ 1 and e ∈ [0, 1]")
        var rng = SeededGenerator(seed: seed)
        let top = maximumValue, otherTop = (1 - e) * maximumValue
        var spaces: [TypeSpace] = []
        var reports: [[Double]] = []
        let outcomeNames = (1...m).map { "o\($0)" }
        for i in 0..<n {
            let maxval = Double.random(in: 0...top, using: &rng)
            let ownOutcomes = (0..<m).filter { owner(ofOutcome: $0, agents: n) == i }
            var x = Array(repeating: 0.0, count: m)
            var upper = Array(repeating: otherTop, count: m)
            for o in ownOutcomes {
                upper[o] = top
                x[o] = draw(distribution, mean: 50, sd: 12.5, uniformTop: maxval, clampTop: top, &rng)
            }
            var rows: [TypeSpaceRow] = []
            let anchor = ownOutcomes.first
            for o in 0..<m where !ownOutcomes.contains(o) {
                switch domain {
                case .absolute:
                    x[o] = draw(distribution, mean: (1 - e) * 50, sd: (1 - e) * 12.5,
                                uniformTop: (1 - e) * maxval, clampTop: otherTop, &rng)
                case .relative:
                    let cap = anchor.map { (1 - e) * x[$0] } ?? otherTop
                    x[o] = draw(distribution, mean: (1 - e) * 50, sd: (1 - e) * 12.5,
                                uniformTop: anchor == nil ? (1 - e) * maxval : cap, clampTop: cap, &rng)
                    if let a = anchor {
                        rows.append(TypeSpaceRow(columns: [o, a], coefficients: [1, -(1 - e)], lower: -.infinity, upper: 0))
                    }
                }
            }
            spaces.append(TypeSpace(lower: Array(repeating: 0, count: m), upper: upper, rows: rows,
                                    coordinateNames: outcomeNames.map { "value of \"\($0)\"" }))
            reports.append(x)
        }
        return StaticProblem(name: "thesis-\(distribution.rawValue)-\(domain.rawValue)-n\(n)-m\(m)-e\(e)-seed\(seed)",
                             agents: (1...n).map(String.init), outcomes: outcomeNames, typeSpaces: spaces,
                             valueColumn: (0..<n).map { _ in (0..<m).map { Int32($0) } }, reports: reports)
    }

    private static func draw(_ distribution: Distribution, mean: Double, sd: Double, uniformTop: Double,
                             clampTop: Double, _ rng: inout SeededGenerator) -> Double {
        switch distribution {
        case .uniform:
            return uniformTop > 0 ? min(clampTop, Double.random(in: 0...uniformTop, using: &rng)) : 0
        case .normal:
            return min(clampTop, max(0, mean + sd * rng.nextGaussian()))
        }
    }
}
