/// Precomputed Δ_j(x, p) of the dynamic-balanced mechanism (thesis eq. 5.60) for every agent
/// j, previous joint state p and reported local state x of j, so that each transfer
/// T_i(s; p) = Δ_i − (1/(n−1)) Σ_{j≠i} Δ_j (eq. 5.59) costs O(n).
///
/// ```swift
/// let table = try analysis.balancedTransfers()
/// let t = table.transfer(agent: 0, previous: p, next: s)
/// ```
public struct BalancedTransfers: Sendable {
    /// deltas[j][p][x] = Δ_j(x, p); NaN where x is not a possible report after p.
    public let deltas: [[[Double]]]
    private let localStates: [[Int]]

    init(analysis: DynamicAnalysis) throws {
        let joint = analysis.joint
        var deltas: [[[Double]]] = []
        for j in 0..<analysis.agentCount {
            let k = joint.locals[j].stateCount
            var table: [[Double]] = []
            for p in 0..<joint.mdp.stateCount {
                var row = [Double](repeating: .nan, count: k)
                if analysis.action(state: p) >= 0 {
                    let reachable = Set(joint.mdp.transitions(p, analysis.action(state: p)).map {
                        joint.localStates[Int(joint.mdp.successors[$0])][j]
                    })
                    for x in reachable { row[x] = try analysis.balancedDelta(agent: j, previous: p, localState: x) }
                }
                table.append(row)
            }
            deltas.append(table)
        }
        self.deltas = deltas
        localStates = joint.localStates
    }

    /// T_i(s; p) (thesis eq. 5.59) for reported next joint state `s` after `p`.
    public func transfer(agent i: Int, previous p: Int, next s: Int) -> Double {
        let n = deltas.count
        if n < 2 { return 0 }
        var others = 0.0
        for j in 0..<n where j != i { others += deltas[j][p][localStates[s][j]] }
        return deltas[i][p][localStates[s][i]] - others / Double(n - 1)
    }
}

extension DynamicAnalysis {
    /// The Δ table of the dynamic-balanced mechanism (computed once per call).
    public func balancedTransfers() throws -> BalancedTransfers { try BalancedTransfers(analysis: self) }
}
