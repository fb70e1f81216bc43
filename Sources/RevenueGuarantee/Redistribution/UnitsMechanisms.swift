import Foundation
import InstanceIO
import LinearOptimization

/// VCG on a "units" auction: the m highest values win (ties: the lower agent index first,
/// the same choice as the lowest outcome index of ``UnitsInstance/staticProblem()``), every
/// winner pays the (m+1)-th highest value, revenue m·v_{(m+1)}.
public struct UnitsVCG: Sendable, Equatable {
    /// Whether each agent wins a unit.
    public var wins: [Bool]
    /// v_i(o*): the value of a winner, 0 for a loser.
    public var values: [Double]
    /// p_i: v_{(m+1)} for a winner, 0 for a loser.
    public var payments: [Double]
    /// W = the sum of the m highest values.
    public var welfare: Double
    /// R = m·v_{(m+1)}.
    public var revenue: Double

    /// Runs VCG on `values` with `units` units (needs `values.count ≥ units + 1`).
    public init(values v: [Double], units m: Int) {
        let n = v.count
        let order = v.indices.sorted { v[$0] != v[$1] ? v[$0] > v[$1] : $0 < $1 }
        var wins = Array(repeating: false, count: n)
        for k in 0..<min(m, n) { wins[order[k]] = true }
        let price = m < n ? v[order[m]] : 0
        self.wins = wins
        self.values = (0..<n).map { wins[$0] ? v[$0] : 0 }
        self.payments = (0..<n).map { wins[$0] ? price : 0 }
        self.welfare = order.prefix(m).reduce(0) { $0 + v[$1] }
        self.revenue = Double(min(m, n)) * price
    }
}

/// Bailey–Cavallo's rebate on "units": Z_i = (m/n)·v^{-i}_{(m+1)}, which is both RM's G_i/n
/// (G_i = m·v^{-i}_{(m+1)}: agent i's least revenue-producing report is any value at most
/// v^{-i}_{(m+1)}, e.g. 0) and Bailey's rule (the VCG revenue of the economy without i is
/// m·v^{-i}_{(m+1)}). Its worst-case share follows from the coefficients
/// (``LinearRebate/worstCase(units:)``).
public func baileyCavalloRebate(agents n: Int, units m: Int) -> LinearRebate {
    var c = Array(repeating: 0.0, count: max(0, n - 1))
    if m + 1 <= n - 1 { c[m] = Double(m) / Double(n) }
    return LinearRebate(coefficients: c, units: m)
}

/// Guo & Conitzer's worst-case optimal share for m units and n agents (GEB 2009, Thm. on the
/// optimal linear mechanism; Moulin 2009 for m = 1):
/// α* = 1 − C(n−1, m) / Σ_{j=m}^{n−1} C(n−1, j). It is 0 when n = m + 1 (then no
/// redistribution is possible). Computed with logarithms of the binomials, so any n works.
public func worstCaseOptimalShare(agents n: Int, units m: Int) -> Double {
    precondition(n >= m + 1 && m >= 1)
    let b = LogBinomials(n - 1)
    return 1 - exp(b.log(m) - b.logTail(from: m))
}

/// Guo & Conitzer's worst-case optimal linear rebate (GEB 2009): Z_i = Σ_{j=m+1}^{n−1}
/// c*_j·v^{-i}_{(j)} with c*_j = 0 for j ≤ m and, for j = m+1 … n−1,
///
///     c*_j = (−1)^{j+m−1} · (n−m) · C(n−1, m−1) / ( j · C(n−1, j) · Σ_{k=m}^{n−1} C(n−1, k) )
///            · Σ_{k=j}^{n−1} C(n−1, k).
///
/// For m = 1 it is Moulin's (2009) optimal mechanism. ``LinearRebate/worstCaseShare`` of the
/// result equals ``worstCaseOptimalShare(agents:units:)`` (checked on every solve).
public func worstCaseOptimalRebate(agents n: Int, units m: Int) -> LinearRebate {
    precondition(n >= m + 1 && m >= 1)
    var c = Array(repeating: 0.0, count: n - 1)
    let b = LogBinomials(n - 1)
    let logTotal = b.logTail(from: m)
    if m + 1 <= n - 1 {
        for j in (m + 1)...(n - 1) {
            let sign: Double = (j + m - 1) % 2 == 0 ? 1 : -1
            let logMagnitude = Foundation.log(Double(n - m)) + b.log(m - 1) - Foundation.log(Double(j)) - b.log(j) - logTotal + b.logTail(from: j)
            c[j - 1] = sign * exp(logMagnitude)
        }
    }
    return LinearRebate(coefficients: c, units: m)
}

/// log C(N, k) for k = 0 … N and log Σ_{k≥j} C(N, k), without overflow.
struct LogBinomials {
    let logC: [Double]
    let logTails: [Double]   // logTails[j] = log Σ_{k=j}^{N} C(N, k); logTails[N+1] = −∞

    init(_ N: Int) {
        var lf = [0.0]
        if N >= 1 { for k in 1...N { lf.append(lf[k - 1] + Foundation.log(Double(k))) } }
        logC = (0...N).map { lf[N] - lf[$0] - lf[N - $0] }
        var tails = Array(repeating: -Double.infinity, count: N + 2)
        for k in stride(from: N, through: 0, by: -1) {
            let (a, b) = (tails[k + 1], logC[k])
            let hi = max(a, b)
            tails[k] = hi + Foundation.log(exp(a - hi) + exp(b - hi))
        }
        logTails = tails
    }

    func log(_ k: Int) -> Double { k >= 0 && k < logC.count ? logC[k] : -.infinity }
    func logTail(from j: Int) -> Double { logTails[max(0, min(j, logTails.count - 1))] }
}

/// The linear redistribution programs of Guo & Conitzer on "units", solved on CLP.
///
/// Variables c_1 … c_{n−1} (the rebate Z_i = Σ_j c_j·v^{-i}_{(j)}). Constraints, each exact
/// because the sorted profiles form a cone spanned by the k-profiles (k ones, n − k zeros)
/// and the others' sorted profiles by the same with n − 1 entries:
/// - no deficit: S_k ≤ m·[k ≥ m+1] for k = 1 … n (``LinearRebate/totalAtCorners``);
/// - individual rationality (Z_i ≥ 0, which keeps the losers' utility non-negative):
///   c_1 + … + c_k ≥ 0 for k = 1 … n−1.
/// A constant term c_0 is not needed: at the all-zero profile no deficit forces n·c_0 ≤ 0
/// and IR forces c_0 ≥ 0. The value domain's upper end does not enter (every constraint is
/// homogeneous).
public enum LinearRedistributionLP {
    /// max α subject to the constraints above and α·m ≤ S_k for k = m+1 … n: the worst-case
    /// optimal linear rebate, found numerically (a second method next to the closed form
    /// ``worstCaseOptimalRebate(agents:units:)``).
    public static func worstCaseOptimal(agents n: Int, units m: Int,
                                        options: SolveOptions = SolveOptions(backend: .clp)) throws -> (rebate: LinearRebate, share: Double) {
        var model = Model(name: "wco-\(n)-\(m)")
        let c = (0..<(n - 1)).map { model.addVariable(lowerBound: -.infinity, upperBound: .infinity, name: "c\($0 + 1)") }
        let alpha = model.addVariable(lowerBound: -.infinity, upperBound: 1, name: "alpha")
        addFeasibility(&model, c, n: n, m: m)
        for k in (m + 1)...n {
            model.addConstraint(cornerTotal(c, n: n, k: k) - Double(m) * alpha, .greaterOrEqual, 0, name: "share\(k)")
        }
        model.setObjective(LinearExpression(alpha), .maximize)
        var solveOptions = options
        solveOptions.backend = .clp
        let solution = try model.solve(solveOptions).requireOptimal()
        let rebate = LinearRebate(coefficients: c.map { solution[$0] }, units: m)
        return (rebate, solution[alpha])
    }

    /// max E[Σ_i Z_i] = n·Σ_j c_j·μ_j subject to the constraints above, where μ_j is the
    /// expected j-th highest of n − 1 values drawn from the prior
    /// (``expectedOrderStatistics(_:count:upper:)``): the optimal-in-expectation linear rebate.
    /// Returns the rebate and the optimal expected total redistribution.
    public static func optimalInExpectation(agents n: Int, units m: Int, expectedOthers mu: [Double],
                                            options: SolveOptions = SolveOptions(backend: .clp)) throws -> (rebate: LinearRebate, expected: Double) {
        precondition(mu.count == n - 1)
        var model = Model(name: "oel-\(n)-\(m)")
        let c = (0..<(n - 1)).map { model.addVariable(lowerBound: -.infinity, upperBound: .infinity, name: "c\($0 + 1)") }
        addFeasibility(&model, c, n: n, m: m)
        var objective = LinearExpression()
        for j in 0..<(n - 1) { objective.add(Double(n) * mu[j], c[j]) }
        model.setObjective(objective, .maximize)
        var solveOptions = options
        solveOptions.backend = .clp
        let solution = try model.solve(solveOptions).requireOptimal()
        let rebate = LinearRebate(coefficients: c.map { solution[$0] }, units: m)
        return (rebate, solution.objectiveValue ?? 0)
    }

    /// S_k as a linear expression of c (see ``LinearRebate/totalAtCorners``).
    static func cornerTotal(_ c: [Variable], n: Int, k: Int) -> LinearExpression {
        var e = LinearExpression()
        var weight = Array(repeating: 0.0, count: n - 1)   // coefficient of c_j in S_k
        for j in 1...k {
            if j - 1 >= 1 { weight[j - 2] += Double(j - 1) }
            if j <= n - 1 { weight[j - 1] += Double(n - j) }
        }
        for j in 0..<(n - 1) where weight[j] != 0 { e.add(weight[j], c[j]) }
        return e
    }

    static func addFeasibility(_ model: inout Model, _ c: [Variable], n: Int, m: Int) {
        for k in 1...n {
            model.addConstraint(cornerTotal(c, n: n, k: k), .lessOrEqual, k >= m + 1 ? Double(m) : 0, name: "deficit\(k)")
        }
        for k in 1..<n {
            model.addConstraint(LinearExpression.sum(c.prefix(k)), .greaterOrEqual, 0, name: "ir\(k)")
        }
    }
}

/// μ_j = E[j-th highest of `count` i.i.d. draws from the prior], j = 1 … count.
/// - uniform on [a, b]: exactly a + (b − a)·(count + 1 − j)/(count + 1);
/// - normal(μ, σ) truncated to [0, upper] (upper `nil`: [0, ∞), integrated up to μ + 12σ):
///   composite Simpson quadrature (4096 panels) of x·f_{(j)}(x), the density of the j-th
///   highest of N = count draws being N!/((j−1)!(N−j)!)·F^{N−j}·(1 − F)^{j−1}·f, with F and f
///   the truncated normal's distribution and density.
public func expectedOrderStatistics(_ prior: UnitsPrior, count: Int, upper: Double?) -> [Double] {
    guard count >= 1 else { return [] }
    switch prior {
    case .uniform(let a, let b):
        return (1...count).map { j in a + (b - a) * Double(count + 1 - j) / Double(count + 1) }
    case .normal(let mean, let sd):
        let lo = max(0, mean - 12 * sd)
        let hi = min(upper ?? .infinity, mean + 12 * sd)
        func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }
        let f0 = phi((0 - mean) / sd)
        let mass = phi(((upper ?? .infinity) - mean) / sd) - f0
        let panels = 4096
        let h = (hi - lo) / Double(panels)
        let N = count
        var out = Array(repeating: 0.0, count: N)
        let logFactorialN = logFactorial(N)
        for j in 1...N {
            let logC = logFactorialN - logFactorial(j - 1) - logFactorial(N - j)
            var total = 0.0
            for k in 0...panels {
                let x = lo + Double(k) * h
                let F = min(1, max(0, (phi((x - mean) / sd) - f0) / mass))
                let density = exp(-0.5 * ((x - mean) / sd) * ((x - mean) / sd)) / (sd * (2 * Double.pi).squareRoot() * mass)
                var g = 0.0
                if density > 0 {
                    let logTerm = logC + Double(N - j) * log(max(F, 1e-300)) + Double(j - 1) * log(max(1 - F, 1e-300))
                    g = x * density * exp(logTerm)
                }
                let w: Double = (k == 0 || k == panels) ? 1 : (k % 2 == 1 ? 4 : 2)
                total += w * g
            }
            out[j - 1] = total * h / 3
        }
        return out
    }
}

/// log(k!) by summation (k is small: a number of agents).
func logFactorial(_ k: Int) -> Double {
    var s = 0.0
    if k >= 2 { for j in 2...k { s += log(Double(j)) } }
    return s
}
