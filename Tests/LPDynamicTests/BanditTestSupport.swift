import InstanceIO
import LPDynamic
import LinearOptimization

// Independent oracles for the bandit tests: dense linear solves, brute force over stopping
// sets and the exact joint-bandit LP over the product state space.

/// Solves `A x = b` by Gaussian elimination with partial pivoting (small systems only).
func banditSolveLinear(_ a: [[Double]], _ b: [Double]) -> [Double] {
    var a = a, b = b
    let n = b.count
    for col in 0..<n {
        let pivot = (col..<n).max { abs(a[$0][col]) < abs(a[$1][col]) }!
        a.swapAt(col, pivot); b.swapAt(col, pivot)
        for row in (col + 1)..<n {
            let f = a[row][col] / a[col][col]
            if f == 0 { continue }
            for c in col..<n { a[row][c] -= f * a[col][c] }
            b[row] -= f * b[col]
        }
    }
    var x = [Double](repeating: 0, count: n)
    for row in stride(from: n - 1, through: 0, by: -1) {
        var s = b[row]
        for c in (row + 1)..<n { s -= a[row][c] * x[c] }
        x[row] = s / a[row][row]
    }
    return x
}

/// The arm's value when played forever, `(I − γP)^{-1} r`.
func banditValueOfPlayingForever(_ arm: FiniteArm, discount gamma: Double) -> [Double] {
    let n = arm.count
    let a = (0..<n).map { x in (0..<n).map { y in (x == y ? 1 : 0) - gamma * arm.transitions[x][y] } }
    return banditSolveLinear(a, arm.rewards)
}

/// ν(s) = max over continuation sets C ∋ s of A_C(s)/B_C(s), the first exit from C being an
/// optimal stopping time. Exponential: n ≤ 8.
func bruteForceGittinsIndices(_ arm: FiniteArm, discount gamma: Double) -> [Double] {
    let n = arm.count
    var best = [Double](repeating: -.infinity, count: n)
    for mask in 1..<(1 << n) {
        let members = (0..<n).filter { mask & (1 << $0) != 0 }
        let a = members.map { x in members.map { y in (x == y ? 1 : 0) - gamma * arm.transitions[x][y] } }
        let reward = banditSolveLinear(a, members.map { arm.rewards[$0] })
        let time = banditSolveLinear(a, members.map { _ in 1 })
        for (k, x) in members.enumerated() { best[x] = max(best[x], reward[k] / time[k]) }
    }
    return best
}

/// A random finite arm: dense-ish random transitions, rewards in [lo, hi].
func randomBanditArm(states n: Int, rewards range: ClosedRange<Double>, rng: inout SeededGenerator) -> FiniteArm {
    var rows: [[Double]] = []
    for _ in 0..<n {
        var row = (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) }
        if n > 1 { row[Int.random(in: 0..<n, using: &rng)] = 0 }   // some structural zeros
        let total = row.reduce(0, +)
        rows.append(total > 0 ? row.map { $0 / total } : (0..<n).map { $0 == 0 ? 1 : 0 })
    }
    let rewards = (0..<n).map { _ in Double.random(in: range, using: &rng) }
    return try! FiniteArm(states: (0..<n).map { "s\($0)" }, rewards: rewards, transitions: rows,
                          initial: Int.random(in: 0..<n, using: &rng))
}

/// The optimal value of the bandit made of `arms` (each at its initial state): the exact LP of
/// the joint MDP over the product state space (``FiniteArm/jointBandit(_:discount:maxStates:)``
/// solved by ``MDP/optimalValues(method:tolerance:)`` on CLP). Tiny instances only.
func banditJointValueByLP(_ arms: [FiniteArm], discount gamma: Double) throws -> Double {
    let joint = try FiniteArm.jointBandit(arms, discount: gamma)
    return try joint.mdp.optimalValues(method: .lp).values[joint.mdp.initialState]
}

/// The Figure 4.7 chain (thesis Figure 4.7): s0 pays 1, then w.p. ½ "bad" (0 forever) or "good"
/// (1 forever).
func figure47BanditArm() -> FiniteArm {
    try! FiniteArm(states: ["s0", "bad", "good"], rewards: [1, 0, 1],
                   transitions: [[0, 0.5, 0.5], [0, 1, 0], [0, 0, 1]], initial: 0)
}

/// A constant arm paying `c` every period.
func constantBanditArm(_ c: Double) -> FiniteArm {
    try! FiniteArm(states: ["c"], rewards: [c], transitions: [[1]], initial: 0)
}

/// The 4-state chain of the issue (index oracle [21.25, 20.37196, 30, 13.23642] at γ = 0.75).
func fourStateBanditArm() -> FiniteArm {
    try! FiniteArm(
        states: ["1", "2", "3", "4"], rewards: [16, 19, 30, 4],
        transitions: [[0.1, 0, 0.8, 0.1], [0.5, 0, 0.1, 0.4], [0.2, 0.6, 0, 0.2], [0, 0.8, 0, 0.2]],
        initial: 0)
}
