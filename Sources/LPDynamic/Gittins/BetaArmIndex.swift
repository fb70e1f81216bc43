import Foundation

/// The Gittins index of a Beta-Bernoulli arm and how it was computed.
public struct BetaArmIndex: Sendable, Equatable {
    /// The index ν of the arm's state (reward-rate form, see ``GittinsRanking``).
    public var index: Double
    /// The truncation depth D: the arm's expansion is exact for D activations; beyond, the
    /// success probability is frozen ("p known", reward p per period).
    public var truncationDepth: Int
    /// The proven bound on |ν(truncated) − ν(true)| from truncation, `γ^D/(1−γ)`.
    public var truncationErrorBound: Double
    /// The width of the final bisection bracket, in index units.
    public var bisectionTolerance: Double
}

extension BetaArm {
    /// The smallest depth D ≥ 1 with `γ^D/(1−γ) ≤ bound`.
    ///
    /// Derivation (thesis eqs. 4.7-4.8): rewards lie in [0, 1], so the
    /// retirement values Φ(y, µ) of the true and the truncated arm at any depth-D node both lie
    /// in `[max(µ, 0), max(µ, 1/(1−γ))]` and differ by at most `1/(1−γ)`; discounting over the D
    /// steps to the root bounds the difference of the root's continuation value by
    /// `γ^D/(1−γ)`. The indifference function `g(µ) = continuation(µ) − µ` has slope
    /// `≤ −(1−γ)`, so µ* moves by at most `γ^D/(1−γ)²` and ν = (1−γ)µ* by at most `γ^D/(1−γ)`.
    public static func truncationDepth(discount gamma: Double, errorBound bound: Double) -> Int {
        precondition(gamma > 0 && gamma < 1 && bound > 0)
        let depth = Int((log(bound * (1 - gamma)) / log(gamma)).rounded(.up))
        var d = max(1, depth)
        while pow(gamma, Double(d)) / (1 - gamma) > bound { d += 1 }   // guard rounding
        while d > 1 && pow(gamma, Double(d - 1)) / (1 - gamma) <= bound { d -= 1 }
        return d
    }

    /// The arm's Gittins index by calibration (thesis eqs. 4.7-4.8,
    /// `bernoulliGittins`): bisection on µ with the retirement equation (4.7) expanded over the
    /// tree of the next D outcomes, D = ``truncationDepth(discount:errorBound:)`` for half of
    /// `errorBound`, the bisection run to `errorBound/1000`, so the total index error is below
    /// `errorBound` (default 1e-9). Cost O(D²) per bisection step.
    ///
    /// ```swift
    /// try BetaArm(alpha: 1, beta: 1).gittinsIndex(discount: 0.9).index   // 0.702889…
    /// ```
    public func gittinsIndex(discount gamma: Double, errorBound: Double = 1e-9) -> BetaArmIndex {
        let depth = BetaArm.truncationDepth(discount: gamma, errorBound: errorBound / 2)
        return gittinsIndex(discount: gamma, depth: depth, bisectionTolerance: errorBound / 1000)
    }

    /// The index by calibration on the expansion truncated at an explicit `depth`.
    public func gittinsIndex(discount gamma: Double, depth: Int, bisectionTolerance: Double) -> BetaArmIndex {
        var lo = 0.0, hi = 1 / (1 - gamma)
        var values = [Double](repeating: 0, count: depth + 1)
        while (hi - lo) * (1 - gamma) > bisectionTolerance {
            let mu = (lo + hi) / 2
            if rootContinuation(discount: gamma, depth: depth, retirement: mu, values: &values) > mu {
                lo = mu
            } else {
                hi = mu
            }
        }
        return BetaArmIndex(
            index: (1 - gamma) * (lo + hi) / 2, truncationDepth: depth,
            truncationErrorBound: pow(gamma, Double(depth)) / (1 - gamma),
            bisectionTolerance: bisectionTolerance)
    }

    /// The value of continuing at the root with retirement value µ (thesis eqs. 4.7-4.8,
    /// `continuationValue`). Node (d, k): k successes in d further pulls, state (α+k, β+d−k).
    func rootContinuation(discount gamma: Double, depth: Int, retirement mu: Double, values: inout [Double]) -> Double {
        let total = alpha + beta
        for k in 0...depth {
            values[k] = max(mu, (alpha + Double(k)) / (total + Double(depth)) / (1 - gamma))
        }
        var continuation = 0.0
        for d in stride(from: depth - 1, through: 0, by: -1) {
            let denominator = total + Double(d)
            for k in 0...d {
                let p = (alpha + Double(k)) / denominator
                continuation = p * (1 + gamma * values[k + 1]) + (1 - p) * gamma * values[k]
                values[k] = max(mu, continuation)
            }
        }
        return continuation
    }

    /// The arm's first `depth` levels as a finite chain (states `(α+k, β+d−k)`, d = 0...depth),
    /// with each depth-`depth` state absorbing at reward p ("p known"): the chain the
    /// calibration above works on, for cross-checks with the finite-chain methods and for
    /// subset values. Its initial state is the root.
    /// Throws ``BanditModelError`` when `depth` is negative.
    public func truncatedChain(depth: Int) throws -> FiniteArm {
        guard depth >= 0 else { throw BanditModelError("the truncation depth must be at least 0, found \(depth)") }
        var names: [String] = [], rewards: [Double] = []
        func id(_ d: Int, _ k: Int) -> Int { d * (d + 1) / 2 + k }
        for d in 0...depth {
            for k in 0...d {
                let a = alpha + Double(k), b = beta + Double(d - k)
                names.append("(\(betaParameterText(a)),\(betaParameterText(b)))")
                rewards.append(a / (a + b))
            }
        }
        let n = names.count
        var transitions = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for d in 0...depth {
            for k in 0...d {
                let s = id(d, k)
                if d == depth { transitions[s][s] = 1; continue }
                transitions[s][id(d + 1, k + 1)] = rewards[s]
                transitions[s][id(d + 1, k)] = 1 - rewards[s]
            }
        }
        // Rows are exact two-point distributions, so the initializer's checks pass.
        return try FiniteArm(states: names, rewards: rewards, transitions: transitions, initial: 0)
    }
}
