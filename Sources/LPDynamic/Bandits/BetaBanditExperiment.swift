import Foundation
import InstanceIO

/// The prior over Beta-Bernoulli types in the Figure 6.1 experiment (thesis §6.2.1, lines
/// §6.2.1): the number of prior observations `x = α+β` and then `α`.
public enum BetaTypePrior: String, Sendable, CaseIterable {
    /// `x ~ U{2..20}`, `α ~ U{1..x−1}` (integers, inclusive
    /// bounds, α conditional on x).
    case uniform
    /// NOT specified by the thesis — a choice following Chapter 3's
    /// convention: `x = round(N(11, 2.25))` clipped to [2, 20], `α = round(N(x/2, (x−2)/8))`
    /// (sd at least 0.1) clipped to [1, x−1].
    case normal

    /// Draws one type `(α, β)` with integer parameters.
    ///
    /// ```swift
    /// var rng = SeededGenerator(seed: 1)
    /// let (a, b) = BetaTypePrior.uniform.draw(using: &rng)
    /// ```
    public func draw(using rng: inout SeededGenerator) -> (alpha: Int, beta: Int) {
        switch self {
        case .uniform:
            let x = Int.random(in: 2...20, using: &rng)
            let a = Int.random(in: 1...(x - 1), using: &rng)
            return (a, x - a)
        case .normal:
            let x = min(20, max(2, Int((11 + 2.25 * rng.nextGaussian()).rounded())))
            let sd = max(Double(x - 2) / 8, 0.1)
            let a = min(x - 1, max(1, Int((Double(x) / 2 + sd * rng.nextGaussian()).rounded())))
            return (a, x - a)
        }
    }
}

/// The share of the optimal value `V_I` the agents keep in expectation (the metric of Figure
/// 6.1, thesis §6.2.1): dynamic-VCG `(n·V_I − Σ_i V_{I∖i})/V_I`
/// (Cor. 5.4) and dynamic-RM `(n·V_I − Σ_i V_{I∖i} + (1/n)Σ_i W_{−i})/V_I` (the corrected
/// eq. 6.20), from arms given by their retirement curves with rewards in [0, 1].
///
/// Checked: IR (every expected utility ≥ 0, via ``BanditMechanism/expectedUtilities(agents:value:)``)
/// and `vcg ≤ rm ≤ 1` (no deficit in expectation) within 1e-9; a violation throws ``GittinsError``.
///
/// ```swift
/// let curves = try [(2, 1), (1, 1)].map { RetirementCurve(beta: try BetaArm(alpha: Double($0.0), beta: Double($0.1)), discount: 0.8, depth: 60) }
/// let (vcg, rm) = try shareOfValueKept(curves: curves, discount: 0.8)
/// ```
public func shareOfValueKept(curves: [RetirementCurve], discount gamma: Double) throws -> (vcg: Double, rm: Double) {
    let values = BanditSubsetValues(curves: curves, discount: gamma, lowestReward: 0, highestReward: 1)
    let u = try BanditMechanism.expectedUtilities(agents: curves.count) { values.value(of: $0) }
    let vcg = u.vcg.reduce(0, +) / u.value
    let rm = u.dynamicRM.reduce(0, +) / u.value
    guard vcg <= rm + 1e-9, rm <= 1 + 1e-9 else {
        throw GittinsError.invariantViolated("shares kept out of order: dynamic-VCG \(vcg), dynamic-RM \(rm)")
    }
    return (vcg, rm)
}
