import Foundation
import LinearOptimization
import Testing

/// The rigorous dual bound (`Model.provenBound(rowDuals:)`, `Solution.provenBound`): values
/// worked out by hand, and a property test against the exact optimum of random small LPs
/// (every vertex, in exact integer arithmetic).
struct ProvenBoundTests {
    /// min x + 2y, x + y ≥ 3, 0 ≤ x, y ≤ 4. Optimum 3 at (3, 0); the dual of the row is 1
    /// (reduced costs 0 and 1), so the dual bound is 3·1 = 3.
    func smallMinimization() -> (Model, Constraint) {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 4)
        let y = model.addVariable(lowerBound: 0, upperBound: 4)
        let row = model.addConstraint(x + y, .greaterOrEqual, 3)
        model.setObjective(x + 2 * y, .minimize)
        return (model, row)
    }

    @Test func optimalDualGivesTheOptimum() throws {
        let (model, _) = smallMinimization()
        let bound = model.provenBound(rowDuals: [1])
        #expect(bound <= 3 && bound > 3 - 1e-13)
        let s = try model.solve().requireOptimal()
        #expect(s.provenBound! <= 3 && s.provenBound! > 3 - 1e-12)
    }

    /// Any multiplier gives a valid (lower) bound. y = 0.9: 2.7 + min 0.1x + min 1.1y = 2.7.
    /// y = 1.3: 3.9 + min_{x∈[0,4]} (−0.3x) + min 0.7y = 3.9 − 1.2 = 2.7. y = −1 pairs with the
    /// infinite upper side of a ≥ row and is set to 0: the bound is min x + 2y over the box, 0.
    @Test func perturbedDualsStillBoundFromBelow() {
        let (model, _) = smallMinimization()
        for (y, expected) in [(0.9, 2.7), (1.3, 2.7), (-1.0, 0.0), (3.0, 9 - 8 - 4.0)] {
            let bound = model.provenBound(rowDuals: [y])
            #expect(bound <= 3, "y = \(y)")
            #expect(bound <= expected && bound > expected - 1e-12, "y = \(y): \(bound), expected \(expected)")
        }
    }

    /// Hillier & Lieberman's Wyndor Glass LP (a maximization): optimum 36, shadow prices
    /// (0, 3/2, 1). The proven bound is an UPPER bound: 12·1.5 + 18·1 = 36, the reduced
    /// costs 3 − 3·1 and 5 − 2·1.5 − 2·1 being exactly 0 (recognised as exact although x and
    /// y are unbounded above).
    @Test func maximizationGivesAnUpperBound() throws {
        let (model, _, _) = wyndorGlass()
        let bound = model.provenBound(rowDuals: [0, 1.5, 1])
        #expect(bound >= 36 && bound < 36 + 1e-12)
        // Duals too small (0, 1, 0.5): 12 + 9 = 21 plus max over x ≥ 0 of (3 − 1.5)x = +∞.
        #expect(model.provenBound(rowDuals: [0, 1, 0.5]) == .infinity)
        // The same with x ≤ 4, y ≤ 6 (implied by the rows): reduced costs 3 − 0.5·3 = 1.5 and
        // 5 − 2·1 − 2·0.5 = 2, so 21 + 1.5·4 + 2·6 = 39.
        let boxed = model.provenBound(rowDuals: [0, 1, 0.5], columnLower: [0, 0], columnUpper: [4, 6])
        #expect(boxed >= 39 && boxed < 39 + 1e-12)
        let s = try model.solve().requireOptimal()
        #expect(s.provenBound! >= 36 && s.provenBound! < 36 + 1e-9)
    }

    /// min x, 10x ≥ 1, x ≥ 0 unbounded above: optimum 0.1 with dual 0.1. But 10·fl(0.1) is
    /// 1 + 2⁻⁵⁴ exactly, so with y = fl(0.1) the reduced cost of x is −2⁻⁵⁴ < 0 and x is
    /// unbounded above: nothing is proven (−∞), correctly. The solve repairs it by shifting
    /// the row's multiplier so that x's reduced cost is a few error bounds above 0.
    @Test func negativeReducedCostOnAnUnboundedColumnIsRepaired() throws {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: .infinity)
        model.addConstraint(10 * x, .greaterOrEqual, 1)
        model.setObjective(LinearExpression(x), .minimize)
        #expect(model.provenBound(rowDuals: [0.1]) == -.infinity)
        // A finite box costs its width times 2⁻⁵⁴: 1e6 · 5.6e-17.
        let boxed = model.provenBound(rowDuals: [0.1], columnLower: [0], columnUpper: [1e6])
        #expect(boxed <= 0.1 - 1e6 * 0x1p-54 && boxed > 0.1 - 1e-9)
        let s = try model.solve().requireOptimal()
        #expect(abs(s.objectiveValue! - 0.1) < 1e-15)
        #expect(s.provenBound! <= 0.1 && s.provenBound! > 0.1 - 1e-12)
    }

    /// The same LP with x free: its reduced cost would have to be exactly 0, and with the
    /// dual fl(0.1) it is −2⁻⁵⁴: the bound stays −∞ (honest) unless a box is supplied. With
    /// x ≥ 1 as the row instead, the dual 1 gives a reduced cost of exactly 0: bound 1.
    @Test func freeColumnNeedsAnExactZero() throws {
        var model = Model()
        let x = model.addVariable(lowerBound: -.infinity, upperBound: .infinity)
        model.addConstraint(10 * x, .greaterOrEqual, 1)
        model.setObjective(LinearExpression(x), .minimize)
        #expect(model.provenBound(rowDuals: [0.1]) == -.infinity)
        #expect(model.provenBound(rowDuals: [0.1], columnLower: [0.1], columnUpper: [10]) > 0.1 - 1e-12)
        var exact = Model()
        let z = exact.addVariable(lowerBound: -.infinity, upperBound: .infinity)
        exact.addConstraint(LinearExpression(z), .greaterOrEqual, 1)
        exact.setObjective(LinearExpression(z), .minimize)
        let bound = exact.provenBound(rowDuals: [1])
        #expect(bound <= 1 && bound > 1 - 1e-14)
    }

    /// Duals that are not representable: min x + y, 3x + y ≥ 1, x + 3y ≥ 1, x, y ≥ 0 has the
    /// optimum 1/2 at (1/4, 1/4) with duals (1/4, 1/4)… made inexact by a cost of 1/3:
    /// min x/3 + y/3 has duals (1/12, 1/12) and optimum 1/6; the bound lies within rounding.
    @Test func inexactDualsStayBelowTheOptimum() throws {
        var model = Model()
        let x = model.addVariable(), y = model.addVariable()
        model.addConstraint(3 * x + y, .greaterOrEqual, 1)
        model.addConstraint(x + 3 * y, .greaterOrEqual, 1)
        model.setObjective((1.0 / 3) * x + (1.0 / 3) * y, .minimize)
        let s = try model.solve().requireOptimal()
        // The objective's coefficients are the double nearest 1/3 (c < 1/3), so the exact
        // optimum of this LP is c/2 with c = fl(1/3).
        let exact = (1.0 / 3) / 2
        #expect(s.provenBound! <= exact)
        #expect(s.provenBound! > exact - 1e-12)
    }

    // MARK: - Random LPs against their exact optimum

    /// SplitMix64, so the test does not depend on another module's generator.
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func int(_ range: ClosedRange<Int>) -> Int {
            range.lowerBound + Int(next() % UInt64(range.count))
        }
    }

    /// A plane a·x = b of the LP: a bound or a row side, integer data.
    struct Plane { var a: [Int128]; var b: Int128 }

    /// The exact minimum of `c·x` over {x : lower ≤ x ≤ upper, rows} for integer data and a
    /// finite box, as a fraction num/den (den > 0): the least objective over every vertex
    /// (Cramer's rule on each choice of n linearly independent planes), or nil if infeasible.
    static func exactMinimum(c: [Int128], lower: [Int128], upper: [Int128],
                             rows: [(a: [Int128], lo: Int128?, hi: Int128?)]) -> (num: Int128, den: Int128)? {
        let n = c.count
        var planes: [Plane] = []
        for j in 0..<n {
            var e = Array(repeating: Int128(0), count: n); e[j] = 1
            planes.append(Plane(a: e, b: lower[j])); planes.append(Plane(a: e, b: upper[j]))
        }
        for r in rows {
            if let lo = r.lo { planes.append(Plane(a: r.a, b: lo)) }
            if let hi = r.hi { planes.append(Plane(a: r.a, b: hi)) }
        }
        func det(_ m: [[Int128]]) -> Int128 {
            if m.count == 1 { return m[0][0] }
            var total: Int128 = 0
            for col in 0..<m.count where m[0][col] != 0 {
                let minor = m.dropFirst().map { row in row.enumerated().filter { $0.offset != col }.map(\.element) }
                total += (col % 2 == 0 ? 1 : -1) * m[0][col] * det(minor)
            }
            return total
        }
        var best: (num: Int128, den: Int128)? = nil
        var choice: [Int] = []
        func visit(_ start: Int) {
            if choice.count == n {
                let a = choice.map { planes[$0].a }, b = choice.map { planes[$0].b }
                var d = det(a)
                guard d != 0 else { return }
                var x = (0..<n).map { k in det((0..<n).map { r in (0..<n).map { $0 == k ? b[r] : a[r][$0] } }) }
                if d < 0 { d = -d; x = x.map { -$0 } }
                for j in 0..<n where x[j] < lower[j] * d || x[j] > upper[j] * d { return }
                for r in rows {
                    let act = zip(r.a, x).reduce(Int128(0)) { $0 + $1.0 * $1.1 }
                    if let lo = r.lo, act < lo * d { return }
                    if let hi = r.hi, act > hi * d { return }
                }
                let value = zip(c, x).reduce(Int128(0)) { $0 + $1.0 * $1.1 }
                if best == nil || value * best!.den < best!.num * d { best = (value, d) }
                return
            }
            guard start < planes.count else { return }
            for k in start..<planes.count { choice.append(k); visit(k + 1); choice.removeLast() }
        }
        visit(0)
        return best
    }

    /// Whether the double `x` is ≤ num/den (den > 0), exactly.
    static func isAtMost(_ x: Double, _ num: Int128, _ den: Int128) -> Bool {
        guard x.isFinite else { return x < 0 }
        if x == 0 { return num >= 0 }
        // x = significand · 2^e with an integer significand of at most 53 bits.
        let e = Int(x.exponent) - 52
        let significand = Int128(x.significandBitPattern | (1 << 52)) * (x < 0 ? -1 : 1)
        if e >= 0 { return significand * den << e <= num }
        return significand * den <= num << (-e)
    }

    /// Random LPs (2-3 variables, 2-4 rows, integer data, finite boxes): the proven bound from
    /// CLP's duals never exceeds the exact optimum and lies within 1e-9 of it; the bound from
    /// randomly perturbed duals never exceeds it either. Maximizations are checked mirrored.
    @Test func randomLPsAgainstExactVertexEnumeration() throws {
        var rng = Random(state: 20_041)
        var checked = 0, perturbedChecked = 0
        for _ in 0..<500 {
            let n = rng.int(2...3), rowCount = rng.int(2...4)
            var model = Model()
            let lower = (0..<n).map { _ in Int128(rng.int(-6...2)) }
            let upper = lower.map { $0 + Int128(rng.int(1...9)) }
            let x = (0..<n).map { model.addVariable(lowerBound: Double(lower[$0]), upperBound: Double(upper[$0])) }
            var rows: [(a: [Int128], lo: Int128?, hi: Int128?)] = []
            for _ in 0..<rowCount {
                let a = (0..<n).map { _ in Int128(rng.int(-5...5)) }
                let b = Int128(rng.int(-10...10))
                let kind = rng.int(0...4)
                let lo: Int128? = kind == 1 ? nil : b
                let hi: Int128? = kind == 0 ? nil : (kind == 4 ? b : (kind == 1 ? b : b + Int128(rng.int(1...6))))
                rows.append((a, lo, hi))
                var e = LinearExpression()
                for j in 0..<n { e.add(Double(a[j]), x[j]) }
                model.addConstraint(lower: lo.map(Double.init) ?? -.infinity, e, upper: hi.map(Double.init) ?? .infinity)
            }
            let c = (0..<n).map { _ in Int128(rng.int(-7...7)) }
            // Divide the objective by 3 (inexact in binary) half of the time: the exact data
            // are then the doubles c/3, handled by scaling the check by 3 exactly.
            let third = rng.int(0...1) == 1
            let maximize = rng.int(0...1) == 1
            var objective = LinearExpression()
            for j in 0..<n { objective.add(third ? Double(c[j]) / 3 : Double(c[j]), x[j]) }
            model.setObjective(objective, maximize ? .maximize : .minimize)
            let s = model.solve()
            let minC = maximize ? c.map { -$0 } : c
            guard let exact = Self.exactMinimum(c: minC, lower: lower, upper: upper, rows: rows) else {
                #expect(s.status == .infeasible)
                continue
            }
            guard !third else {
                // Exact optimum of the doubles' LP is unknown here; check within rounding only.
                let value = Double(exact.num) / Double(exact.den) / 3
                let bound = try #require(s.provenBound) * (maximize ? -1 : 1)
                #expect(bound <= value + 1e-12 * max(1, abs(value)) && bound > value - 1e-9)
                continue
            }
            let bound = try #require(s.provenBound) * (maximize ? -1 : 1)
            #expect(Self.isAtMost(bound, exact.num, exact.den), "bound \(bound) above the exact \(exact)")
            #expect(bound > Double(exact.num) / Double(exact.den) - 1e-9)
            checked += 1
            // Perturbed duals: still a valid bound, exactly.
            let duals = try #require(s.rowDuals)
            for _ in 0..<3 {
                let noisy = duals.map { $0 * (1 + Double(rng.int(-100...100)) * 1e-3) + Double(rng.int(-3...3)) / 7 }
                let b = model.provenBound(rowDuals: noisy) * (maximize ? -1 : 1)
                #expect(Self.isAtMost(b, exact.num, exact.den), "perturbed bound \(b) above the exact \(exact)")
                perturbedChecked += 1
            }
        }
        #expect(checked > 50)
        #expect(perturbedChecked == 3 * checked)
    }
}
