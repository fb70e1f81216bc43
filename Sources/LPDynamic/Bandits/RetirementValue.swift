/// The slope `m ↦ ∂Φ(x, m)/∂m` of one arm's retirement value (thesis eq. 4.7) at a fixed state
/// `x`, as an exact step function: the ingredient of Whittle's retirement formula for the value
/// of a bandit restricted to a subset of arms (Whittle 1980; thesis Ch. 6 and Ch. 8).
///
/// `∂Φ(x, m)/∂m = E[γ^τ(m)]`, τ(m) the first time the arm, played from `x`, is in a state whose
/// lump-sum index µ* is ≤ m (τ = 0 when µ*(x) ≤ m). It is piecewise constant with breakpoints at
/// the arm's µ* values: on `[b_{k+1}, b_k)`, `b_k` the k-th largest µ*, the continuation set is
/// the k top-ranked states. All slopes come out of the same O(n³) state elimination as
/// ``GittinsIndex/largestRemainingIndex(_:discount:)``.
///
/// ```swift
/// let curve = RetirementCurve(arm: arm, discount: 0.75)
/// curve.slope(at: 2.0)   // E[γ^τ] for retirement value 2
/// ```
public struct RetirementCurve: Sendable, Equatable {
    /// The lump-sum indices µ* = ν/(1−γ) in decreasing order (`b_1 ≥ b_2 ≥ …`).
    public let breakpoints: [Double]
    /// `slopes[k]` is the slope on `[b_{k+1}, b_k)` (`b_0 = +∞`, `b_{n+1} = −∞`): 1 above every
    /// index, 0 below every index.
    public let slopes: [Double]
    /// The arm's indices (a by-product; reward-rate form).
    public let ranking: GittinsRanking

    /// The curve of `arm` at `state` (default: the arm's initial state).
    public init(arm: FiniteArm, discount gamma: Double, state: Int? = nil) {
        var elimination = StateElimination(arm: arm, discount: gamma, tracked: [state ?? arm.initial])
        let output = elimination.run()
        ranking = output.ranking
        breakpoints = output.ranking.order.map { output.ranking.indices[$0] / (1 - gamma) }
        slopes = output.slopes[0]
    }

    /// A curve from its parts (used by the specialized constructors).
    init(breakpoints: [Double], slopes: [Double], ranking: GittinsRanking) {
        self.breakpoints = breakpoints
        self.slopes = slopes
        self.ranking = ranking
    }

    /// The slope at retirement value `m`.
    public func slope(at m: Double) -> Double {
        // The number of breakpoints strictly above m is the size of the continuation set.
        var k = 0
        while k < breakpoints.count && breakpoints[k] > m { k += 1 }
        return slopes[k]
    }
}

/// Optimal values `V_S` of the bandit restricted to any subset `S` of its arms, each arm in its
/// current state, by Whittle's (1980) retirement formula (Whittle 1980; thesis Ch. 6 and Ch. 8):
///
/// `V_S = B − ∫_L^B Π_{j∈S} ∂Φ_j(x_j, m)/∂m dm`,   `V_∅ = 0`,
///
/// with `B = max_j max r_j/(1−γ)` (retiring at once is optimal for m ≥ B, so `Φ_S(x, B) = B`)
/// and `L = min_j min r_j/(1−γ)` (below every µ*, retiring is never optimal, so
/// `Φ_S(x, L) = V_S`). This generalizes the usual `L = 0`, which assumes rewards ≥ 0; the
/// bandit must activate some arm every period (no idle action). The integrand is a product of
/// the arms' ``RetirementCurve`` step functions, so the integral is an exact finite sum.
///
/// ```swift
/// let values = BanditSubsetValues(arms: [armA, armB, armC], discount: 0.8)
/// values.value(of: [0, 2])   // V_{A,C}
/// ```
public struct BanditSubsetValues: Sendable {
    /// One curve per arm, at the arm's initial state.
    public let curves: [RetirementCurve]
    /// The upper limit B of the integral.
    public let upper: Double
    /// The lower limit L of the integral.
    public let lower: Double

    /// Prepares the curves of every arm (O(n³) per n-state arm), each arm at `states[j]`
    /// (default: each arm's initial state).
    public init(arms: [FiniteArm], discount gamma: Double, states: [Int]? = nil) {
        curves = arms.enumerated().map { j, arm in
            RetirementCurve(arm: arm, discount: gamma, state: states?[j])
        }
        upper = arms.map { $0.rewards.max()! }.max().map { $0 / (1 - gamma) } ?? 0
        lower = arms.map { $0.rewards.min()! }.min().map { $0 / (1 - gamma) } ?? 0
    }

    /// Subset values from prepared curves and the integral's limits.
    init(curves: [RetirementCurve], upper: Double, lower: Double) {
        self.curves = curves
        self.upper = upper
        self.lower = lower
    }

    /// `V_S` for the arms at positions `subset` (duplicates ignored; the empty set has value 0).
    public func value(of subset: some Sequence<Int>) -> Double {
        let members = Array(Set(subset)).sorted()
        guard !members.isEmpty else { return 0 }
        // The integrand is exactly 1 above every member's largest breakpoint and 0 below
        // every member's smallest one, so the limits can shrink to the members' own range:
        // the same value, without the cancellation of integrating over other arms' (possibly
        // huge) ranges (e.g. thesis Example 1, values 10^10 beside 2^10).
        let upper = min(self.upper, members.compactMap { curves[$0].breakpoints.first }.max() ?? self.upper)
        let lower = max(self.lower, min(upper, members.compactMap { curves[$0].breakpoints.last }.min() ?? self.lower))
        var events: [(m: Double, arm: Int)] = []
        for (position, j) in members.enumerated() {
            for b in curves[j].breakpoints { events.append((min(max(b, lower), upper), position)) }
        }
        events.sort { $0.m > $1.m }
        var level = [Int](repeating: 0, count: members.count)
        var integral = 0.0
        var previous = upper
        var product = 1.0
        for event in events {
            integral += product * (previous - event.m)
            previous = event.m
            level[event.arm] += 1
            product = 1
            for (position, j) in members.enumerated() { product *= curves[j].slopes[level[position]] }
        }
        integral += product * (previous - lower)
        return upper - integral
    }
}
