/// One period of the bandit mechanisms at a reported joint state (thesis Ch. 6,
/// §2.2-2.3). Transfers are paid **by the center to the agent** (positive = the agent
/// receives; revenue = −Σ T), the sign convention of Chapters 5-6.
public struct BanditPeriodTransfers: Sendable, Equatable {
    /// The activated agent i* (largest index; ties to the lowest agent position, the same rule
    /// in every sub-world).
    public var winner: Int
    /// Dynamic-VCG (Def. 6.1): `T_{i*} = −(1−γ)·V_{I∖{i*}}`, 0 for everyone else.
    public var vcg: [Double]
    /// The redistribution Z_i ≥ 0 of dynamic-RM (Def. 6.2).
    public var redistribution: [Double]
    /// Dynamic-RM transfers, `vcg + redistribution`.
    public var dynamicRM: [Double]
    /// This period's dynamic-VCG revenue `w = (1−γ)·V_{I∖{i*}}`.
    public var vcgRevenue: Double
    /// This period's dynamic-RM revenue `w − Σ Z_i` (≥ 0: no deficit, Thm 6.3).
    public var rmRevenue: Double
}

/// Expected discounted utilities forward from a joint state, in equilibrium (truthful).
public struct BanditExpectedUtilities: Sendable, Equatable {
    /// `V_I`: the optimal social value.
    public var value: Double
    /// `V_{I∖{i}}` per agent (the others' bandit under their own optimal policy).
    public var valueWithout: [Double]
    /// `W_{−i} = Σ_{j≠i} V_{I∖{i,j}} − (n−2)·V_{I∖{i}}` (eq. 6.19): the expected discounted
    /// dynamic-VCG revenue of the world without i.
    public var revenueWithout: [Double]
    /// Dynamic-VCG: `U_i = V_I − V_{I∖{i}}` (Cor. 5.2).
    public var vcg: [Double]
    /// Dynamic-RM: `U_i = V_I − V_{I∖{i}} + W_{−i}/n` (eq. 6.17).
    public var dynamicRM: [Double]
    /// Expected dynamic-VCG revenue `Σ_i V_{I∖{i}} − (n−1)·V_I` (Cor. 5.5).
    public var vcgRevenue: Double
    /// Expected dynamic-RM revenue: VCG revenue minus `(1/n) Σ_i W_{−i}` (eq. 6.21).
    public var rmRevenue: Double
}

/// The pure math of bandit dynamic-VCG and dynamic-RM over subset values `V_S` (supplied by
/// ``BanditSubsetValues`` or any exact oracle); no simulation, no CLI.
public enum BanditMechanism {
    /// The activated agent: the largest index, ties to the lowest position.
    public static func winner(indices: [Double]) -> Int {
        var best = 0
        for i in indices.indices where indices[i] > indices[best] { best = i }
        return best
    }

    /// One period's transfers at the joint state whose subset values are `value(S)`, with
    /// `winner` = π*(θ) (thesis §6.1):
    /// - dynamic-VCG (Def. 6.1): `T_{i*} = −(1−γ)A`, `A = V_{I∖{i*}}`; 0 for j ≠ i*;
    /// - dynamic-RM (Def. 6.2): winner `Z_{i*} = (1/n)(1−γ)(Σ_{j≠i*} B_j − (n−2)A)`,
    ///   `B_j = V_{I∖{i*,j}}`; every j ≠ i* gets `Z_j = (1/n)(1−γ)B_j` (because the world
    ///   without j also activates i*).
    ///
    /// Checked before returning (thesis Ch. 6 no-deficit and IR theorems): every `Z_i ≥ 0`, `n·Z_i ≤ w`, and the
    /// revenue `w − Σ Z` is ≥ 0; a violation throws ``GittinsError``.
    public static func periodTransfers(
        agents n: Int, winner: Int, discount gamma: Double, value: ([Int]) -> Double
    ) throws -> BanditPeriodTransfers {
        precondition(n >= 1 && (0..<n).contains(winner))
        let others = (0..<n).filter { $0 != winner }
        let a = value(others)
        var vcg = [Double](repeating: 0, count: n)
        vcg[winner] = -(1 - gamma) * a
        var z = [Double](repeating: 0, count: n)
        var sumB = 0.0
        for j in others {
            let b = value(others.filter { $0 != j })
            sumB += b
            z[j] = (1 - gamma) * b / Double(n)
        }
        if n >= 2 { z[winner] = (1 - gamma) * (sumB - Double(n - 2) * a) / Double(n) }
        let w = (1 - gamma) * a
        let rmRevenue = w - z.reduce(0, +)
        let tolerance = 1e-9 * max(1, abs(w))
        for i in 0..<n where z[i] < -tolerance || Double(n) * z[i] > w + Double(n) * tolerance {
            throw GittinsError.invariantViolated(
                "redistribution \(z[i]) to agent \(i) is outside [0, w/n] with w = \(w)")
        }
        guard rmRevenue >= -tolerance else {
            throw GittinsError.invariantViolated("dynamic-RM runs a deficit of \(-rmRevenue)")
        }
        return BanditPeriodTransfers(
            winner: winner, vcg: vcg, redistribution: z, dynamicRM: zip(vcg, z).map(+),
            vcgRevenue: w, rmRevenue: rmRevenue)
    }

    /// Expected utilities and revenues forward from the joint state with subset values
    /// `value(S)` (Cor. 5.2-5.5, eq. 6.17, 6.19, corrected 6.20-6.21: the printed
    /// prints eq. 6.20 with a wrong sign). Checks IR: every utility ≥ 0 within tolerance.
    public static func expectedUtilities(agents n: Int, value: ([Int]) -> Double) throws -> BanditExpectedUtilities {
        let all = Array(0..<n)
        let total = value(all)
        let without = all.map { i in value(all.filter { $0 != i }) }
        let revenueWithout = all.map { i -> Double in
            let rest = all.filter { $0 != i }
            let pairs = rest.map { j in value(rest.filter { $0 != j }) }.reduce(0, +)
            return n >= 2 ? pairs - Double(n - 2) * without[i] : 0
        }
        let vcg = without.map { total - $0 }
        let rm = all.map { vcg[$0] + revenueWithout[$0] / Double(n) }
        let vcgRevenue = without.reduce(0, +) - Double(n - 1) * total
        let tolerance = 1e-9 * max(1, abs(total))
        for i in all where vcg[i] < -tolerance || rm[i] < -tolerance {
            throw GittinsError.invariantViolated("agent \(i)'s expected utility is negative (not IR)")
        }
        return BanditExpectedUtilities(
            value: total, valueWithout: without, revenueWithout: revenueWithout, vcg: vcg,
            dynamicRM: rm, vcgRevenue: vcgRevenue,
            rmRevenue: vcgRevenue - revenueWithout.reduce(0, +) / Double(n))
    }
}
