import Dispatch
import Foundation
import LinearOptimization
import Parallel

extension GittinsIndex {
    /// All indices of `arm` by the thesis's Katehakis–Veinott restart-in-state MDP (thesis
    /// Figure 4.8), one LP per state solved by CLP.
    ///
    /// For state `k` the restart MDP has, in every state `x`, the actions "continue" (reward
    /// `r(x)`, next state ~ `P(x,·)`) and "restart in k" (reward `r(k)`, next ~ `P(k,·)`). Its
    /// exact LP (thesis §4.3, weights w ≡ 1):
    /// `min Σ_x W(x)  s.t.  W(x) − γ Σ_y P(x,y) W(y) ≥ r(x)  and  W(x) − γ Σ_y P(k,y) W(y) ≥ r(k)`.
    /// `W(k)` is the lump-sum value µ*(k); the index is `ν(k) = (1−γ)·W(k)` (the thesis calls
    /// W(k) the index; the factor (1−γ) turns the lump sum into a per-period rate).
    ///
    /// The LPs are independent, so they run concurrently (CLP solves of separate models are
    /// thread-safe; see `LinearOptimization`'s concurrency note). Each solution is checked: the
    /// LP must be optimal, its rows satisfied within tolerance, and `r(k) ≤ ν(k) ≤ max r`.
    ///
    /// - Parameter states: the states to index (default: all); other entries are `nil`.
    /// - Parameter jobs: the largest number of LPs solved at once (default: one per state).
    /// - Parameter timeLimit: wall-clock limit in seconds of each CLP solve (default: none).
    /// - Throws: ``LinearOptimization/SolverError`` when CLP does not prove optimality,
    ///   ``GittinsError`` when a check fails.
    public static func restartLP(
        _ arm: FiniteArm, discount: Double, states: [Int]? = nil, jobs: Int? = nil, timeLimit: Double? = nil
    ) throws -> [Double?] {
        let targets = states ?? Array(0..<arm.count)
        let results = try parallelMap(targets.count, jobs: jobs ?? targets.count) { k in
            try restartIndex(arm, discount: discount, state: targets[k], timeLimit: timeLimit)
        }
        var indices = [Double?](repeating: nil, count: arm.count)
        for (k, state) in targets.enumerated() { indices[state] = results[k] }
        return indices
    }

    /// The index of one state by its restart-in-state LP (see ``restartLP(_:discount:states:)``).
    public static func restartIndex(
        _ arm: FiniteArm, discount gamma: Double, state k: Int, timeLimit: Double? = nil
    ) throws -> Double {
        let n = arm.count
        var model = Model(name: "restart-in-\(arm.states[k])")
        let w = model.addVariables(n, lowerBound: -.infinity, upperBound: .infinity)
        var rows: [(columns: [Int32], values: [Double], rhs: Double)] = []
        rows.reserveCapacity(2 * n)
        for x in 0..<n {
            for source in [x, k] {   // continue from x; restart in k
                var coefficients = arm.transitions[source].map { -gamma * $0 }
                coefficients[x] += 1
                var columns: [Int32] = [], values: [Double] = []
                for (y, c) in coefficients.enumerated() where c != 0 {
                    columns.append(Int32(y)); values.append(c)
                }
                rows.append((columns, values, arm.rewards[source]))
                if source == k && x == k { break }   // identical rows at x = k
            }
        }
        for row in rows {
            model.addRow(columns: row.columns, values: row.values, lower: row.rhs, upper: .infinity)
        }
        model.setObjective(.sum(w.map { LinearExpression($0) }), .minimize)
        let solution = try model.solve(SolveOptions(backend: .clp, timeLimit: timeLimit)).requireOptimal()
        let values = solution.values
        let scale = max(1, arm.rewards.map(abs).max()! / (1 - gamma))
        for row in rows {
            var lhs = 0.0
            for (c, v) in zip(row.columns, row.values) { lhs += v * values[Int(c)] }
            guard lhs >= row.rhs - 1e-7 * scale else {
                throw GittinsError.invariantViolated(
                    "restart LP of state \(arm.states[k]): a row is violated by \(row.rhs - lhs)")
            }
        }
        let index = (1 - gamma) * values[k]
        try checkIndexBounds(index, arm: arm, state: k, tolerance: 1e-7 * scale)
        return index
    }

    /// `r(k) ≤ ν(k) ≤ max r` (thesis Def. 4.1, eq. 4.6), within `tolerance`.
    static func checkIndexBounds(_ index: Double, arm: FiniteArm, state k: Int, tolerance: Double) throws {
        let top = arm.rewards.max()!
        guard index.isFinite, index >= arm.rewards[k] - tolerance, index <= top + tolerance else {
            throw GittinsError.invariantViolated(
                "index \(index) of state \(arm.states[k]) is outside [r = \(arm.rewards[k]), max r = \(top)]")
        }
    }
}

/// A failed after-the-fact check of an index or value computation (never printed as a result).
public enum GittinsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A computed quantity violates a property it must have.
    case invariantViolated(String)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .invariantViolated(let what): return "invariant violated: \(what)"
        }
    }
}
