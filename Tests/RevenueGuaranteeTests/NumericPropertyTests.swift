import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee
import Testing

// A property fuzzer for the numeric paths (docs/numerics.md): random instances across the
// accepted magnitudes 1e-9 … 1e12 (outcome tables with box and linear domains, tiny
// combinatorial auctions), every method compared with the others and with a brute force
// that shares no code with them (vertices of the arrangement, each evaluated by a full VCG
// run). A bounded number of cases runs in CI; the long run is
//
//     RMSOLVE_PROPERTY_CASES=100000 swift test --filter NumericPropertyTests
//
// (RMSOLVE_PROPERTY_SEED picks another stream).

/// G_i by brute force over the vertices of the arrangement that makes the VCG revenue linear,
/// in 38-digit decimal arithmetic (Foundation's `Decimal`), so that points with coordinates of
/// 1e12 beside values of 1e-9 are evaluated exactly enough.
///
/// R(x) (agent i reporting x, the others fixed) is a sum of maxima of affine functions of x;
/// it is linear on every cell cut out of Θ_i by the hyperplanes where two pieces of one
/// maximum are equal (`c_o + v_i(o) = c_{o'} + v_i(o')` for the welfare and for every
/// `W_{-j}` term). With finite lower bounds every cell is pointed and R ≥ 0, so the minimum
/// is attained at a vertex of a cell: the solution of `dim` linearly independent equations
/// taken from Θ_i's bounds, its rows and those hyperplanes. Every such point in Θ_i is
/// evaluated as `Σ_j W_{-j} − (n−1)·W` (thesis Def. 2.24), written out here in decimal.
func vertexBruteForceGuarantee(_ p: StaticProblem, agent i: Int) -> Double {
    func dec(_ x: Double) -> Decimal { Decimal(string: "\(x)")! }
    let space = p.typeSpaces[i], d = space.dimension
    let n = p.agentCount, m = p.outcomeCount
    let values: [[Decimal]] = p.reportedValues.map { $0.map(dec) }
    var planes: [[Decimal]] = []   // coefficients then right-hand side
    var seen = Set<[Decimal]>()
    func add(_ a: [Decimal], _ b: Double) {
        guard a.contains(where: { $0 != 0 }), b.isFinite else { return }
        add(a, dec(b))
    }
    func add(_ a: [Decimal], _ b: Decimal) {
        guard a.contains(where: { $0 != 0 }) else { return }
        let key = a + [b]
        if seen.insert(key).inserted { planes.append(key) }
    }
    for k in 0..<d {
        var e = Array(repeating: Decimal(0), count: d); e[k] = 1
        add(e, space.lower[k]); add(e, space.upper[k])
    }
    for row in space.rows {
        var a = Array(repeating: Decimal(0), count: d)
        for (c, v) in zip(row.columns, row.coefficients) { a[c] += dec(v) }
        add(a, row.lower); add(a, row.upper)
    }
    var others = Array(repeating: Decimal(0), count: m)
    for k in 0..<n where k != i { for o in 0..<m { others[o] += values[k][o] } }
    func breakpoints(_ c: [Decimal]) {
        for o in 0..<m { for o2 in (o + 1)..<max(o + 1, m) {
            let a = Int(p.valueColumn[i][o]), b = Int(p.valueColumn[i][o2])
            if a == b { continue }
            var coefficients = Array(repeating: Decimal(0), count: d)
            if a >= 0 { coefficients[a] += 1 }
            if b >= 0 { coefficients[b] -= 1 }
            add(coefficients, c[o2] - c[o])
        } }
    }
    breakpoints(others)
    for j in 0..<n where j != i { breakpoints((0..<m).map { others[$0] - values[j][$0] }) }

    func revenue(_ x: [Decimal]) -> Decimal {
        var v = values
        for o in 0..<m { let c = Int(p.valueColumn[i][o]); v[i][o] = c < 0 ? 0 : x[c] }
        let social = (0..<m).map { o in (0..<n).reduce(Decimal(0)) { $0 + v[$1][o] } }
        var total = -Decimal(n - 1) * social.max()!
        for j in 0..<n { total += (0..<m).map { social[$0] - v[j][$0] }.max()! }
        return total
    }
    let lower = space.lower.map { $0.isFinite ? dec($0) : nil }, upper = space.upper.map { $0.isFinite ? dec($0) : nil }
    let rows = space.rows.map { row in (row.columns, row.coefficients.map(dec), row.lower.isFinite ? dec(row.lower) : nil,
                                        row.upper.isFinite ? dec(row.upper) : nil) }
    func contains(_ x: [Decimal]) -> Bool {
        func slack(_ a: Decimal) -> Decimal { Decimal(string: "1e-24")! * max(1, abs(a)) }
        for k in 0..<d {
            if let l = lower[k], x[k] < l - slack(l) { return false }
            if let u = upper[k], x[k] > u + slack(u) { return false }
        }
        for (columns, coefficients, lo, hi) in rows {
            let a = zip(columns, coefficients).reduce(Decimal(0)) { $0 + $1.1 * x[$1.0] }
            if let lo, a < lo - slack(lo) { return false }
            if let hi, a > hi + slack(hi) { return false }
        }
        return true
    }
    var best = revenue(p.reports[i].map(dec))
    var choice = Array(repeating: 0, count: d)
    func solve() -> [Decimal]? {
        var a = choice.map { planes[$0] }
        for col in 0..<d {
            guard let pivot = (col..<d).first(where: { a[$0][col] != 0 }) else { return nil }
            a.swapAt(col, pivot)
            for r in 0..<d where r != col {
                let f = a[r][col] / a[col][col]
                if f != 0 { for c in col...d { a[r][c] -= f * a[col][c] } }
            }
        }
        return (0..<d).map { a[$0][d] / a[$0][$0] }
    }
    func recurse(_ start: Int, _ depth: Int) {
        if depth == d {
            guard let x = solve(), contains(x) else { return }
            best = min(best, revenue(x))
            return
        }
        guard start < planes.count else { return }
        for k in start..<planes.count {
            choice[depth] = k
            recurse(k + 1, depth + 1)
        }
    }
    if d > 0 { recurse(0, 0) }
    return NSDecimalNumber(decimal: best).doubleValue
}

/// Random numbers across the accepted magnitudes.
struct MagnitudeSampler {
    var rng: SeededGenerator
    /// The instance's top decimal exponent (−9 … 12) and whether its values spread down to 1e-9.
    var top = 0, spread = false

    mutating func newInstance() {
        top = Int.random(in: -9...12, using: &rng)
        spread = Int.random(in: 0..<3, using: &rng) == 0
    }

    /// A value: 0, or three significant digits times a power of ten in the instance's range.
    mutating func value() -> Double {
        if Int.random(in: 0..<5, using: &rng) == 0 { return 0 }
        let e = spread ? Int.random(in: -9...top, using: &rng) : top
        let mantissa = Double(Int.random(in: 100...999, using: &rng)) / 100
        return min(1e12, max(1e-9, (mantissa * pow(10, Double(e - 1))).rounded(toSignificantDigits: 3)))
    }

    mutating func unit() -> Double { Double.random(in: 0...1, using: &rng) }
    mutating func coin(_ oneIn: Int) -> Bool { Int.random(in: 0..<oneIn, using: &rng) == 0 }
}

extension Double {
    func rounded(toSignificantDigits k: Int) -> Double {
        guard self != 0, isFinite else { return self }
        return Double(String(format: "%.\(k - 1)e", self))!
    }
}

/// A random outcome table (2-3 agents, 2-3 outcomes) with box or linear domains.
func randomNumericTable(_ s: inout MagnitudeSampler, linear: Bool) -> StaticProblem {
    s.newInstance()
    let n = Int.random(in: 2...3, using: &s.rng), m = Int.random(in: 2...3, using: &s.rng)
    var spaces: [TypeSpace] = [], reports: [[Double]] = []
    for _ in 0..<n {
        let x = (0..<m).map { _ in s.value() }
        var lower: [Double] = [], upper: [Double] = []
        for v in x {
            lower.append(s.coin(2) ? 0 : min(v, (v * s.unit()).rounded(toSignificantDigits: 3)))
            switch Int.random(in: 0..<4, using: &s.rng) {
            case 0: upper.append(v)                                                   // fixed above
            case 1: upper.append(s.coin(2) ? .infinity : 1e12)                         // huge or none
            case 2: upper.append(max(v, pow(10, Double(Int.random(in: s.top...12, using: &s.rng)))))   // far above
            default: upper.append(max(v, (v * (1 + 3 * s.unit())).rounded(toSignificantDigits: 3)))
            }
        }
        var rows: [TypeSpaceRow] = []
        if linear {
            for _ in 0..<Int.random(in: 1...2, using: &s.rng) {
                let a = Int.random(in: 0..<m, using: &s.rng), b = (a + Int.random(in: 1..<m, using: &s.rng)) % m
                let coefficients = [[1.0, 1.0], [1, -1], [2, 1], [0.5, -1], [1, 3]][Int.random(in: 0..<5, using: &s.rng)]
                let row = TypeSpaceRow(columns: [a, b], coefficients: coefficients, lower: -.infinity, upper: .infinity)
                let activity = row.activity(x)
                let slack = s.coin(3) ? 0 : (s.unit() * max(abs(activity), x.max()!)).rounded(toSignificantDigits: 3)
                var r = row
                if s.coin(2) {
                    r.upper = activity + slack
                    if !r.upper.isFinite || TypeSpace(lower: lower, upper: upper, rows: [r]).firstViolation(x) != nil { r.upper = activity }
                } else {
                    r.lower = activity - slack
                    if TypeSpace(lower: lower, upper: upper, rows: [r]).firstViolation(x) != nil { r.lower = activity }
                }
                rows.append(r)
            }
        }
        spaces.append(TypeSpace(lower: lower, upper: upper, rows: rows))
        reports.append(x)
    }
    return StaticProblem(name: "random", agents: (0..<n).map { "a\($0)" }, outcomes: (0..<m).map { "o\($0)" },
                         typeSpaces: spaces, valueColumn: (0..<n).map { _ in (0..<m).map { Int32($0) } }, reports: reports)
}

/// A random auction with 2 goods and 2-3 bidders (XOR bids; "bids" or "monotone" domain).
func randomNumericAuction(_ s: inout MagnitudeSampler) -> BidAuction {
    s.newInstance()
    let n = Int.random(in: 2...3, using: &s.rng)
    let monotone = s.coin(2)
    var bids: [[BidAuction.Bid]] = []
    for _ in 0..<n {
        var list: [BidAuction.Bid] = []
        for mask in [UInt64(1), 2, 3] where s.coin(2) || mask == 3 {
            list.append(.init(goods: GoodSet(mask: mask, count: 2), value: s.value()))
        }
        if monotone {   // a monotone report: the pair is worth at least each good
            let single = list.filter { $0.goods.elements.count == 1 }.map(\.value).max() ?? 0
            list = list.map { $0.goods.elements.count == 2 ? .init(goods: $0.goods, value: max($0.value, single)) : $0 }
        }
        bids.append(list)
    }
    let top = bids.flatMap { $0.map(\.value) }.max() ?? 0
    let upper = s.coin(3) ? Double.infinity : min(1e12, max(top, (top * (1 + s.unit())).rounded(toSignificantDigits: 3)))
    return BidAuction(name: "random-auction", goods: ["a", "b"], bidders: (0..<n).map { "b\($0)" }, bids: bids,
                      domain: monotone ? .monotone : .bids, upper: upper)
}

/// The outcome of comparing one method with the brute force.
struct NumericFinding: CustomStringConvertible {
    var instance: String, method: String, found: Double?, expected: Double, error: String?
    var description: String {
        "\(method) on \(instance): " + (error.map { "threw \($0)" } ?? "G = \(found!) but brute force gives \(expected)")
    }
}

func describe(_ p: StaticProblem) -> String {
    "reports \(p.reports), lower \(p.typeSpaces.map(\.lower)), upper \(p.typeSpaces.map(\.upper)), rows \(p.typeSpaces.map { $0.rows.map { "\($0.coefficients)@\($0.columns) in [\($0.lower), \($0.upper)]" } })"
}

@Suite struct NumericPropertyTests {
    static var cases: Int { Int(ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_CASES"] ?? "") ?? 40 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_SEED"] ?? "") ?? 12 }

    /// Outcome tables, box and linear domains: every method = brute force within 1e-6 of the
    /// instance's scale; a method may refuse (exit 3, certification) but never be wrong.
    @Test func outcomeTablesAcrossMagnitudes() throws {
        var s = MagnitudeSampler(rng: SeededGenerator(seed: Self.seed))
        var wrong: [NumericFinding] = [], refused: [NumericFinding] = []
        var compared = 0
        for k in 0..<Self.cases {
            let linear = k % 2 == 1
            let p = randomNumericTable(&s, linear: linear)
            guard (try? p.validate()) != nil else { continue }
            let scale = ProblemScaling.scale(of: p.reportedValues)
            let tol = 1e-6 * max(scale, 1e-9)
            let methods: [RevenueGuaranteeMethod] = linear ? [.lp, .mip, .auto] : [.closedForm, .lp, .mip, .auto]
            for i in 0..<p.agentCount {
                let expected = vertexBruteForceGuarantee(p, agent: i)
                for method in methods {
                    compared += 1
                    do {
                        let g = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: method, jobs: 1)).guarantee
                        if !(abs(g - expected) <= tol) {
                            wrong.append(NumericFinding(instance: "case \(k) agent \(i) " + describe(p), method: method.rawValue, found: g, expected: expected, error: nil))
                        }
                    } catch {
                        refused.append(NumericFinding(instance: "case \(k) agent \(i) " + describe(p), method: method.rawValue, found: nil, expected: expected, error: "\(error)"))
                    }
                }
            }
        }
        print("NumericPropertyTests.outcomeTables: \(Self.cases) instances, \(compared) comparisons, \(wrong.count) wrong, \(refused.count) refused")
        for f in (wrong + refused).prefix(10) { print("  \(f)") }
        #expect(wrong.isEmpty, "\(wrong.count) wrong numbers; first: \(wrong.first.map(\.description) ?? "")")
        #expect(refused.isEmpty, "\(refused.count) refusals; first: \(refused.first.map(\.description) ?? "")")
    }

    /// Tiny auctions: cg, lp, mip and auto = brute force on the enumerated allocations.
    @Test func auctionsAcrossMagnitudes() throws {
        var s = MagnitudeSampler(rng: SeededGenerator(seed: Self.seed &+ 1))
        var wrong: [NumericFinding] = [], refused: [NumericFinding] = []
        var compared = 0
        for k in 0..<max(1, Self.cases / 4) {
            let auction = randomNumericAuction(&s)
            guard let problem = auction.compile(maxOutcomes: 1000), (try? problem.validate()) != nil else { continue }
            let scale = ProblemScaling.scale(of: problem.reportedValues)
            let tol = 1e-6 * max(scale, 1e-9)
            let expected = (0..<problem.agentCount).map { vertexBruteForceGuarantee(problem, agent: $0) }
            for method in [RevenueGuaranteeMethod.cg, .lp, .mip, .auto] {
                compared += 1
                let name = "auction case \(k) (\(auction.domain.rawValue), upper \(auction.upper)) bids \(auction.bids.map { $0.map { "\($0.goods.elements.count == 2 ? "ab" : ($0.goods.contains(0) ? "a" : "b"))=\($0.value)" } })"
                do {
                    let r = try runStaticMechanism(.auction(auction), mechanism: .rm, options: StaticSolveOptions(method: method, jobs: 1))
                    for (i, agent) in r.agents.enumerated() where !(abs((agent.revenueGuarantee ?? .nan) - expected[i]) <= tol) {
                        wrong.append(NumericFinding(instance: name + " bidder \(i)", method: method.rawValue, found: agent.revenueGuarantee, expected: expected[i], error: nil))
                    }
                } catch {
                    refused.append(NumericFinding(instance: name, method: method.rawValue, found: nil, expected: expected.first ?? 0, error: "\(error)"))
                }
            }
        }
        print("NumericPropertyTests.auctions: \(max(1, Self.cases / 4)) auctions, \(compared) comparisons, \(wrong.count) wrong, \(refused.count) refused")
        for f in (wrong + refused).prefix(10) { print("  \(f)") }
        #expect(wrong.isEmpty, "\(wrong.count) wrong numbers; first: \(wrong.first.map(\.description) ?? "")")
        #expect(refused.isEmpty, "\(refused.count) refusals; first: \(refused.first.map(\.description) ?? "")")
    }
}
