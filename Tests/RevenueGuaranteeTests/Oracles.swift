import Combinatorial
import InstanceIO

/// A random small outcome table with a box domain and integer data (for grid oracles).
func randomBoxTable(_ rng: inout SeededGenerator, agents n: Int, outcomes m: Int) -> StaticProblem {
    var spaces: [TypeSpace] = []
    var reports: [[Double]] = []
    for _ in 0..<n {
        var lower: [Double] = [], upper: [Double] = [], x: [Double] = []
        for _ in 0..<m {
            let v = Double(Int.random(in: 0...4, using: &rng))
            let fixed = Int.random(in: 0..<5, using: &rng) == 0
            lower.append(fixed ? v : Double(Int.random(in: 0...Int(v), using: &rng)))
            upper.append(fixed ? v : v + Double(Int.random(in: 0...2, using: &rng)))
            x.append(v)
        }
        spaces.append(TypeSpace(lower: lower, upper: upper))
        reports.append(x)
    }
    return StaticProblem(name: "random", agents: (0..<n).map { "a\($0)" }, outcomes: (0..<m).map { "o\($0)" },
                         typeSpaces: spaces, valueColumn: (0..<n).map { _ in (0..<m).map { Int32($0) } },
                         reports: reports)
}

/// Every integer point of agent i's type space (bounds must be finite integers), filtered by
/// its rows.
func integerPoints(_ space: TypeSpace) -> [[Double]] {
    var points: [[Double]] = [[]]
    for k in 0..<space.dimension {
        let values = stride(from: space.lower[k], through: space.upper[k], by: 1).map { $0 }
        points = points.flatMap { p in values.map { p + [$0] } }
    }
    return points.filter { space.contains($0) }
}

/// G_i by brute force: the least VCG revenue over all integer reports of agent i, each
/// evaluated by a full VCG run (no revenue-guarantee code involved). Exact for integer data
/// whose type-space rows are difference constraints: R is piecewise linear on cells cut by
/// hyperplanes x_o − x_o' = k and x_o = k (k integer), whose vertices are integral.
func bruteForceGuarantee(_ problem: StaticProblem, agent i: Int) -> Double {
    var best = Double.infinity
    for x in integerPoints(problem.typeSpaces[i]) {
        best = min(best, vickreyClarkeGroves(problem.replacingReport(of: i, with: x)).revenue)
    }
    return best
}
