import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee
import Testing

/// Brute force, independent of the library's rebate code: the j-th highest value among the
/// others of agent i (1-based; 0 past the end).
func otherOrderStatistic(_ v: [Double], agent i: Int, _ j: Int) -> Double {
    var others = v
    others.remove(at: i)
    others.sort(by: >)
    return j - 1 < others.count ? others[j - 1] : 0
}

/// A random profile: integers (so ties happen) or continuous, uniform on [0, 100].
func randomProfile(_ rng: inout SeededGenerator, agents n: Int, ties: Bool) -> [Double] {
    (0..<n).map { _ in ties ? Double(Int.random(in: 0...6, using: &rng)) * 10 : Double.random(in: 0...100, using: &rng) }
}

@Suite struct UnitsPropertyTests {
    /// The closed form of Guo & Conitzer equals the worst-case program solved on CLP (a
    /// second method), coefficient by coefficient, and α* matches both.
    @Test func worstCaseOptimalClosedFormEqualsLP() throws {
        for n in 3...12 {
            for m in 1...(n - 2) {
                let closed = worstCaseOptimalRebate(agents: n, units: m)
                let (lp, share) = try LinearRedistributionLP.worstCaseOptimal(agents: n, units: m)
                let alpha = worstCaseOptimalShare(agents: n, units: m)
                #expect(abs(share - alpha) < 1e-7, "n \(n) m \(m): LP \(share) vs α* \(alpha)")
                #expect(abs(closed.worstCaseShare - alpha) < 1e-9, "n \(n) m \(m)")
                for (a, b) in zip(closed.coefficients, lp.coefficients) {
                    #expect(abs(a - b) < 1e-6, "n \(n) m \(m): \(closed.coefficients) vs \(lp.coefficients)")
                }
            }
        }
    }

    /// α* by hand: n = 3, m = 1: 1 − 2/3; n = 4, m = 1: 1 − 3/7 (Moulin's 4/7); n = 6, m = 2:
    /// 1 − 10/26; n = m + 1: 0 (nothing can be redistributed).
    @Test func worstCaseOptimalShareByHand() {
        #expect(abs(worstCaseOptimalShare(agents: 3, units: 1) - 1.0 / 3) < 1e-12)
        #expect(abs(worstCaseOptimalShare(agents: 4, units: 1) - 4.0 / 7) < 1e-12)
        #expect(abs(worstCaseOptimalShare(agents: 6, units: 2) - 8.0 / 13) < 1e-12)
        #expect(worstCaseOptimalShare(agents: 5, units: 4) == 0)
        // For n = m + 2 the worst-case optimal rebate is Bailey–Cavallo's m/n on the (m+1)-th other value.
        for m in 1...6 {
            let c = worstCaseOptimalRebate(agents: m + 2, units: m).coefficients
            #expect(abs(c[m] - Double(m) / Double(m + 2)) < 1e-12 && c.enumerated().allSatisfy { $0.offset == m || $0.element == 0 })
        }
    }

    /// Bailey–Cavallo's worst case by hand: Σ Z_i = (m/n)·((m+1)·v_{(m+2)} + (n−m−1)·v_{(m+1)})
    /// (the m+1 highest agents see v_{(m+2)} as their (m+1)-th other value, the rest see
    /// v_{(m+1)}), so at v_{(m+2)} = 0 the share is (n−m−1)/n, and never less.
    @Test func baileyCavalloWorstCase() throws {
        for n in 3...20 {
            for m in 1...(n - 2) {
                #expect(abs(baileyCavalloRebate(agents: n, units: m).worstCaseShare - Double(n - m - 1) / Double(n)) < 1e-12)
            }
        }
    }

    /// WCO's share Σ Z_i / R over random and adversarial profiles is never below α* and never
    /// above 1; the corner profile k = argmin S_k (k values equal, the rest 0) attains α*.
    @Test func worstCaseShareIsNeverBelowAlphaAndIsAttained() throws {
        var rng = SeededGenerator(seed: 14)
        for n in 3...14 {
            for m in 1...(n - 2) {
                let alpha = worstCaseOptimalShare(agents: n, units: m)
                var lowest = Double.infinity
                var profiles: [[Double]] = (0..<60).map { _ in randomProfile(&rng, agents: n, ties: Bool.random(using: &rng)) }
                // Adversarial: every corner profile (k values 100, the rest 0) and near-corners.
                for k in 1...n {
                    profiles.append((0..<n).map { $0 < k ? 100 : 0 })
                    profiles.append((0..<n).map { $0 < k ? 100 - Double($0) * 1e-3 : Double(n - $0) * 1e-3 })
                }
                for v in profiles {
                    let r = try runRedistribution(.units(UnitsInstance(units: m, values: v)), mechanism: .wco)
                    guard r.vcgRevenue > 1e-9 else { continue }
                    let share = r.redistributed / r.vcgRevenue
                    #expect(share >= alpha - 1e-9, "n \(n) m \(m) \(v): \(share) < α* \(alpha)")
                    #expect(share <= 1 + 1e-9)
                    lowest = min(lowest, share)
                }
                #expect(abs(lowest - alpha) < 1e-9, "n \(n) m \(m): worst case found \(lowest), α* \(alpha)")
            }
        }
    }

    /// Every units mechanism's rebates equal a brute-force evaluation of its formula: Bailey–
    /// Cavallo (m/n)·v^{-i}_{(m+1)}, WCO Σ c_j·v^{-i}_{(j)} with the closed-form coefficients,
    /// basic Groves W_{-i} = the m highest other values.
    @Test func rebatesMatchBruteForce() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<150 {
            let n = Int.random(in: 3...12, using: &rng)
            let m = Int.random(in: 1...(n - 2), using: &rng)
            let v = randomProfile(&rng, agents: n, ties: Bool.random(using: &rng))
            let instance = RedistributionInstance.units(UnitsInstance(units: m, values: v))
            let c = worstCaseOptimalRebate(agents: n, units: m).coefficients
            for mechanism in [RedistributionMechanismName.rm, .bailey, .wco, .basicGroves, .vcg] {
                let r = try runRedistribution(instance, mechanism: mechanism)
                for i in 0..<n {
                    let expected: Double
                    switch mechanism {
                    case .rm, .bailey: expected = Double(m) / Double(n) * otherOrderStatistic(v, agent: i, m + 1)
                    case .wco: expected = (1..<n).reduce(0) { $0 + c[$1 - 1] * otherOrderStatistic(v, agent: i, $1) }
                    case .basicGroves: expected = (1...m).reduce(0) { $0 + otherOrderStatistic(v, agent: i, $1) }
                    default: expected = 0
                    }
                    #expect(abs(r.agents[i].redistribution - expected) < 1e-9 * 100 * Double(n), "\(mechanism) \(v) m \(m) agent \(i)")
                    #expect(abs(r.agents[i].utility - (r.agents[i].value - r.agents[i].vcgPayment + expected)) < 1e-7)
                }
                #expect(r.checks.allSatisfy { !$0.promised || $0.holds })
            }
        }
    }

    /// RM = Bailey on units, and both equal the generic machinery on the enumerated outcome
    /// table: RM's G_i/n from the revenue-guarantee LPs (thesis Def. 3.5) and Bailey's rule
    /// from VCG without each agent; VCG itself agrees with the enumerated VCG.
    @Test func rmEqualsBaileyAndTheGenericComputation() throws {
        var rng = SeededGenerator(seed: 3)
        for trial in 0..<25 {
            let n = Int.random(in: 3...6, using: &rng)
            let m = Int.random(in: 1...(n - 2), using: &rng)
            let v = randomProfile(&rng, agents: n, ties: trial % 2 == 0)
            let units = UnitsInstance(units: m, values: v, upper: trial % 3 == 0 ? nil : 100)
            let rm = try runRedistribution(.units(units), mechanism: .rm)
            let bailey = try runRedistribution(.units(units), mechanism: .bailey)
            let table = units.staticProblem()
            let generic = try runMechanism(table, .rm, options: RevenueGuaranteeOptions(method: .lp, jobs: 1))
            let genericBailey = try runRedistribution(.outcomes(table, prior: nil), mechanism: .bailey)
            #expect(abs(rm.vcgRevenue - generic.vcg.revenue) < 1e-9 && abs(rm.welfare - generic.vcg.welfare) < 1e-9)
            #expect(rm.outcome == table.outcomes[generic.vcg.outcome], "tie-break: \(rm.outcome) vs \(table.outcomes[generic.vcg.outcome])")
            for i in 0..<n {
                #expect(abs(rm.agents[i].redistribution - bailey.agents[i].redistribution) < 1e-12)
                #expect(abs(rm.agents[i].redistribution - generic.redistribution[i]) < 1e-6, "\(v) m \(m) agent \(i)")
                #expect(abs(bailey.agents[i].redistribution - genericBailey.agents[i].redistribution) < 1e-9)
                #expect(abs(rm.agents[i].vcgPayment - generic.vcg.payments[i]) < 1e-9)
            }
        }
    }

    /// OEL's program against a brute force over its vertices (every square subsystem of the
    /// constraints, n ≤ 5), and against the feasible WCO and Bailey–Cavallo rebates: its
    /// expected redistribution is the largest and at most E[R].
    @Test func optimalInExpectationIsOptimal() throws {
        for n in 3...5 {
            for m in 1...(n - 2) {
                for prior in [UnitsPrior.uniform(lower: 0, upper: 100), .uniform(lower: 20, upper: 60),
                              .normal(mean: 50, sd: 25)] {
                    let mu = expectedOrderStatistics(prior, count: n - 1, upper: 100)
                    let (rebate, value) = try LinearRedistributionLP.optimalInExpectation(agents: n, units: m, expectedOthers: mu)
                    let brute = bruteForceOEL(agents: n, units: m, mu: mu)
                    #expect(abs(value - brute) < 1e-6 * max(1, brute), "n \(n) m \(m) \(prior): \(value) vs \(brute)")
                    let expectedOf = { (c: [Double]) in Double(n) * zip(c, mu).reduce(0) { $0 + $1.0 * $1.1 } }
                    #expect(abs(expectedOf(rebate.coefficients) - value) < 1e-6 * max(1, value))
                    #expect(value >= expectedOf(worstCaseOptimalRebate(agents: n, units: m).coefficients) - 1e-6)
                    #expect(value >= expectedOf(baileyCavalloRebate(agents: n, units: m).coefficients) - 1e-6)
                    let all = expectedOrderStatistics(prior, count: n, upper: 100)
                    #expect(value <= Double(m) * all[m] + 1e-6)
                }
            }
        }
    }

    /// Uniform order statistics: E[j-th highest of N uniforms on [a, b]] = a + (b−a)(N+1−j)/(N+1),
    /// against a sample average.
    @Test func uniformOrderStatistics() {
        let exact = expectedOrderStatistics(.uniform(lower: 10, upper: 30), count: 4, upper: nil)
        #expect(exact == [26, 22, 18, 14])
        var rng = SeededGenerator(seed: 9)
        var sums = [0.0, 0, 0, 0]
        let samples = 20000
        for _ in 0..<samples {
            let d = (0..<4).map { _ in Double.random(in: 10...30, using: &rng) }.sorted(by: >)
            for k in 0..<4 { sums[k] += d[k] }
        }
        for k in 0..<4 { #expect(abs(sums[k] / Double(samples) - exact[k]) < 0.2) }
    }

    /// The normal prior's quadrature against a sample average of sorted truncated-normal
    /// draws (rejection sampling), with and without an upper end; and a symmetric check: for
    /// N = 1 it is the truncated normal's mean, which is the mean itself when the truncation is
    /// symmetric (normal(50, 10) on [0, 100]).
    @Test func normalOrderStatisticsByQuadrature() {
        #expect(abs(expectedOrderStatistics(.normal(mean: 50, sd: 10), count: 1, upper: 100)[0] - 50) < 1e-9)
        var rng = SeededGenerator(seed: 11)
        for (mean, sd, upper) in [(50.0, 12.5, nil as Double?), (20.0, 30.0, nil), (50.0, 40.0, 100.0)] {
            let n = 6
            let quad = expectedOrderStatistics(.normal(mean: mean, sd: sd), count: n, upper: upper)
            var sums = Array(repeating: 0.0, count: n)
            let samples = 40000
            for _ in 0..<samples {
                let d = (0..<n).map { _ -> Double in
                    var x: Double
                    repeat { x = mean + sd * rng.nextGaussian() } while x < 0 || x > (upper ?? .infinity)
                    return x
                }.sorted(by: >)
                for k in 0..<n { sums[k] += d[k] }
            }
            for k in 0..<n {
                #expect(abs(sums[k] / Double(samples) - quad[k]) < 0.01 * sd + 0.05, "normal(\(mean), \(sd)) j = \(k + 1): \(quad[k]) vs \(sums[k] / Double(samples))")
            }
            #expect(zip(quad, quad.dropFirst()).allSatisfy { $0 > $1 })
        }
    }
}

/// max n·Σ c_j μ_j over the OEL constraints by enumerating the vertices of the feasible
/// polyhedron: every choice of n − 1 constraints solved as equalities (Gaussian elimination),
/// kept when feasible. Independent of the LP solver.
func bruteForceOEL(agents n: Int, units m: Int, mu: [Double]) -> Double {
    let d = n - 1
    var rows: [([Double], Double, Bool)] = []   // (a, b, isUpper): a·c ≤ b (upper) or a·c ≥ b
    for k in 1...n {
        var w = Array(repeating: 0.0, count: d)
        for j in 1...k {
            if j - 1 >= 1 { w[j - 2] += Double(j - 1) }
            if j <= d { w[j - 1] += Double(n - j) }
        }
        rows.append((w, k >= m + 1 ? Double(m) : 0, true))
    }
    for k in 1..<n { rows.append(((0..<d).map { $0 < k ? 1 : 0 }, 0, false)) }
    func feasible(_ c: [Double]) -> Bool {
        rows.allSatisfy { a, b, upper in
            let s = zip(a, c).reduce(0) { $0 + $1.0 * $1.1 }
            return upper ? s <= b + 1e-9 : s >= b - 1e-9
        }
    }
    var best = -Double.infinity
    func solve(_ chosen: [Int]) -> [Double]? {
        var a = chosen.map { rows[$0].0 + [rows[$0].1] }
        for col in 0..<d {
            guard let p = (col..<d).max(by: { abs(a[$0][col]) < abs(a[$1][col]) }), abs(a[p][col]) > 1e-12 else { return nil }
            a.swapAt(col, p)
            for r in 0..<d where r != col {
                let f = a[r][col] / a[col][col]
                for k in col...d { a[r][k] -= f * a[col][k] }
            }
        }
        return (0..<d).map { a[$0][d] / a[$0][$0] }
    }
    func choose(_ start: Int, _ chosen: [Int]) {
        if chosen.count == d {
            if let c = solve(chosen), feasible(c) {
                best = max(best, Double(n) * zip(c, mu).reduce(0) { $0 + $1.0 * $1.1 })
            }
            return
        }
        guard start < rows.count else { return }
        for k in start..<rows.count { choose(k + 1, chosen + [k]) }
    }
    choose(0, [])
    return best
}

@Suite struct LargeUnitsTests {
    /// Large auctions: the closed form stays finite (binomials in logarithms), every promised
    /// property holds, and the coefficients' worst case still equals α*.
    @Test func largeAuctions() throws {
        var rng = SeededGenerator(seed: 5)
        for n in [200, 1500] {
            for m in [1, n / 2, n - 2] {
                let v = (0..<n).map { _ in Double.random(in: 0...100, using: &rng) }
                for mechanism in n > 500 ? [RedistributionMechanismName.wco] : [.wco, .rm, .basicGroves] {
                    let r = try runRedistribution(.units(UnitsInstance(units: m, values: v, upper: 100)), mechanism: mechanism)
                    #expect(r.redistributed.isFinite && r.checks.allSatisfy { !$0.promised || $0.holds }, "n \(n) m \(m) \(mechanism)")
                }
                let alpha = worstCaseOptimalShare(agents: n, units: m)
                #expect(alpha >= 0 && alpha <= 1 && abs(worstCaseOptimalRebate(agents: n, units: m).worstCaseShare - alpha) < 1e-9 * Double(n))
            }
        }
    }
}
