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

/// A decimal number `digits · 10^exponent` read from a double's shortest representation.
func decimalParts(_ x: Double) -> (digits: Int128, exponent: Int)? {
    guard x.isFinite else { return nil }
    var text = "\(x)".lowercased()
    var exponent = 0
    if let e = text.firstIndex(of: "e") {
        guard let v = Int(text[text.index(after: e)...]) else { return nil }
        exponent = v
        text = String(text[..<e])
    }
    let negative = text.hasPrefix("-")
    if negative { text.removeFirst() }
    if let dot = text.firstIndex(of: ".") {
        exponent -= text.distance(from: dot, to: text.endIndex) - 1
        text.remove(at: dot)
    }
    guard let d = Int128(text) else { return nil }
    return (negative ? -d : d, exponent)
}

/// G_i by brute force over the vertices of the arrangement that makes the VCG revenue linear,
/// in exact integer arithmetic (Int128): every number of the instance is read as the decimal
/// its shortest representation denotes, all are written as integers in one common unit
/// 10^-K, vertices are found by Cramer's rule and the revenue is evaluated on the common
/// denominator. `nil` when the instance's numbers do not fit (spans beyond about 10^30 units)
/// or a vertex computation would overflow.
///
/// R(x) (agent i reporting x, the others fixed) is a sum of maxima of affine functions of x;
/// it is linear on every cell cut out of Θ_i by the hyperplanes where two pieces of one
/// maximum are equal (`c_o + v_i(o) = c_{o'} + v_i(o')` for the welfare and for every
/// `W_{-j}` term). With finite lower bounds every cell is pointed and R ≥ 0, so the minimum
/// is attained at a vertex of a cell: the solution of `dim` linearly independent equations
/// taken from Θ_i's bounds, its rows and those hyperplanes. Every such point in Θ_i is
/// evaluated as `Σ_j W_{-j} − (n−1)·W` (thesis Def. 2.24), written out here.
func vertexBruteForceGuarantee(_ p: StaticProblem, agent i: Int) -> Double? {
    let space = p.typeSpaces[i], d = space.dimension
    let n = p.agentCount, m = p.outcomeCount
    guard d <= 4 else { return nil }
    // Money-like numbers in one unit; coefficients in another (their own common unit).
    var money: [Double] = p.reportedValues.flatMap { $0 } + p.reports[i]
    money += space.lower.filter(\.isFinite) + space.upper.filter(\.isFinite)
    for row in space.rows { money += [row.lower, row.upper].filter(\.isFinite) }
    let coefficientList = space.rows.flatMap(\.coefficients)
    guard let moneyParts = money.map(decimalParts) as? [(digits: Int128, exponent: Int)],
          let coefficientParts = coefficientList.map(decimalParts) as? [(digits: Int128, exponent: Int)] else { return nil }
    let unit = moneyParts.filter { $0.digits != 0 }.map(\.exponent).min() ?? 0
    let coefficientUnit = coefficientParts.filter { $0.digits != 0 }.map(\.exponent).min() ?? 0
    func pow10(_ k: Int) -> Int128? {
        guard k >= 0, k <= 36 else { return nil }
        var r: Int128 = 1
        for _ in 0..<k { r *= 10 }
        return r
    }
    var overflow = false
    func integer(_ x: Double, unit u: Int) -> Int128 {
        guard let (digits, e) = decimalParts(x), let f = pow10(e - u) else { overflow = true; return 0 }
        let (r, o) = digits.multipliedReportingOverflow(by: f)
        if o || r.magnitude > Int128(1) << 100 { overflow = true }
        return r
    }
    func mul(_ a: Int128, _ b: Int128) -> Int128 {
        let (r, o) = a.multipliedReportingOverflow(by: b)
        if o { overflow = true }
        return r
    }
    func neg(_ a: Int128) -> Int128 {
        if a == .min { overflow = true; return 0 }
        return -a
    }
    func add(_ a: Int128, _ b: Int128) -> Int128 {
        let (r, o) = a.addingReportingOverflow(b)
        if o { overflow = true }
        return r
    }
    let values: [[Int128]] = p.reportedValues.map { $0.map { integer($0, unit: unit) } }
    // Planes a·x = b with a in coefficient units and b in money units · coefficient units.
    var planes: [[Int128]] = []
    var seen = Set<[Int128]>()
    func plane(_ a: [Int128], _ b: Int128) {
        guard a.contains(where: { $0 != 0 }) else { return }
        if seen.insert(a + [b]).inserted { planes.append(a + [b]) }
    }
    let one = pow10(-coefficientUnit) ?? 1   // the coefficient 1 in coefficient units
    for k in 0..<d {
        var e = Array(repeating: Int128(0), count: d); e[k] = one
        for b in [space.lower[k], space.upper[k]] where b.isFinite { plane(e, mul(one, integer(b, unit: unit))) }
    }
    let rowData = space.rows.map { row -> ([Int128], Int128?, Int128?) in
        var a = Array(repeating: Int128(0), count: d)
        for (c, v) in zip(row.columns, row.coefficients) { a[c] = add(a[c], integer(v, unit: coefficientUnit)) }
        return (a, row.lower.isFinite ? mul(one, integer(row.lower, unit: unit)) : nil,
                row.upper.isFinite ? mul(one, integer(row.upper, unit: unit)) : nil)
    }
    for (a, lo, hi) in rowData {
        if let lo { plane(a, lo) }
        if let hi { plane(a, hi) }
    }
    var others = Array(repeating: Int128(0), count: m)
    for k in 0..<n where k != i { for o in 0..<m { others[o] = add(others[o], values[k][o]) } }
    func breakpoints(_ c: [Int128]) {
        for o in 0..<m { for o2 in (o + 1)..<max(o + 1, m) {
            let a = Int(p.valueColumn[i][o]), b = Int(p.valueColumn[i][o2])
            if a == b { continue }
            var coefficients = Array(repeating: Int128(0), count: d)
            if a >= 0 { coefficients[a] += one }
            if b >= 0 { coefficients[b] -= one }
            plane(coefficients, mul(one, add(c[o2], neg(c[o]))))
        } }
    }
    breakpoints(others)
    for j in 0..<n where j != i { breakpoints((0..<m).map { add(others[$0], neg(values[j][$0])) }) }
    guard !overflow else { return nil }

    /// R at x = numerators / denominator (denominator > 0), times the denominator.
    func scaledRevenue(_ x: [Int128], _ den: Int128) -> Int128 {
        var v = values.map { $0.map { mul($0, den) } }
        for o in 0..<m { let c = Int(p.valueColumn[i][o]); v[i][o] = c < 0 ? 0 : x[c] }
        let social = (0..<m).map { o in (0..<n).reduce(Int128(0)) { add($0, v[$1][o]) } }
        var total = mul(-Int128(n - 1), social.max()!)
        for j in 0..<n { total = add(total, (0..<m).map { add(social[$0], neg(v[j][$0])) }.max()!) }
        return total
    }
    let lowerInt = space.lower.map { $0.isFinite ? integer($0, unit: unit) : nil }
    let upperInt = space.upper.map { $0.isFinite ? integer($0, unit: unit) : nil }
    /// Whether x = num/den (den > 0) lies in Θ_i, exactly.
    func inside(_ x: [Int128], _ den: Int128) -> Bool {
        for k in 0..<d {
            if let l = lowerInt[k], x[k] < mul(l, den) { return false }
            if let u = upperInt[k], x[k] > mul(u, den) { return false }
        }
        for (a, lo, hi) in rowData {
            var act: Int128 = 0
            for k in 0..<d { act = add(act, mul(a[k], x[k])) }
            if let lo, act < mul(lo, den) { return false }
            if let hi, act > mul(hi, den) { return false }
        }
        return true
    }
    func determinant(_ a: [[Int128]]) -> Int128 {
        switch a.count {
        case 1: return a[0][0]
        default:
            var total: Int128 = 0
            for c in 0..<a.count where a[0][c] != 0 {
                let minor = a.dropFirst().map { row in row.enumerated().filter { $0.offset != c }.map(\.element) }
                let term = mul(a[0][c], determinant(minor))
                total = add(total, c % 2 == 0 ? term : neg(term))
            }
            return total
        }
    }
    let reportValue = scaledRevenue(p.reports[i].map { integer($0, unit: unit) }, 1)
    guard !overflow else { return nil }
    var best = (num: reportValue, den: Int128(1))
    var choice = Array(repeating: 0, count: d)
    func recurse(_ start: Int, _ depth: Int) {
        if depth == d {
            let a = choice.map { Array(planes[$0][0..<d]) }, b = choice.map { planes[$0][d] }
            overflow = false
            var det = determinant(a)
            guard det != 0, !overflow else { return }
            var x = (0..<d).map { k in determinant((0..<d).map { r in (0..<d).map { $0 == k ? b[r] : a[r][$0] } }) }
            if det < 0 { det = neg(det); x = x.map { neg($0) } }
            guard !overflow else { return }
            // Every plane reads A·X = B·one (A in coefficient units, X and B in money units),
            // so Cramer's rule gives X = x / det in money units.
            let den = det
            guard !overflow, inside(x, den) else { return }
            let r = scaledRevenue(x, den)
            guard !overflow else { return }
            // r / den < best.num / best.den ?
            let lhs = mul(r, best.den), rhs = mul(best.num, den)
            if !overflow && lhs < rhs { best = (r, den) }
            return
        }
        guard start < planes.count else { return }
        for k in start..<planes.count {
            choice[depth] = k
            recurse(k + 1, depth + 1)
        }
    }
    if d > 0 { recurse(0, 0) }
    guard !overflow || best.den != 0 else { return nil }
    let scaleDown = pow(10.0, Double(unit))
    return (Double(best.num) / Double(best.den)) * scaleDown
}

/// Random numbers across the accepted magnitudes.
struct MagnitudeSampler {
    var rng: SeededGenerator
    /// The instance's top decimal exponent (−9 … 12) and whether its values spread down to 1e-9.
    var top = 0, spread = false
    /// Significant digits of the values, and whether they are of ordinary size (1 … 1e4).
    var digits = 3, ordinary = false

    mutating func newInstance() {
        top = ordinary ? Int.random(in: 1...4, using: &rng) : Int.random(in: -9...12, using: &rng)
        spread = !ordinary && Int.random(in: 0..<3, using: &rng) == 0
    }

    /// A value: 0, or `digits` significant digits times a power of ten in the instance's range.
    mutating func value() -> Double {
        if Int.random(in: 0..<5, using: &rng) == 0 { return 0 }
        let e = spread ? Int.random(in: -9...top, using: &rng) : top
        let unit = pow(10, Double(digits - 1))
        let mantissa = Double(Int.random(in: Int(unit)...Int(10 * unit) - 1, using: &rng)) / unit
        return min(1e12, max(1e-9, (mantissa * pow(10, Double(e - 1))).rounded(toSignificantDigits: digits)))
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
func randomNumericTable(_ s: inout MagnitudeSampler, linear: Bool, agents: ClosedRange<Int> = 2...3,
                        outcomes: ClosedRange<Int> = 2...3) -> StaticProblem {
    s.newInstance()
    let n = Int.random(in: agents, using: &s.rng), m = Int.random(in: outcomes, using: &s.rng)
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
                // Right-hand sides of three significant digits (exact decimals, like the
                // rest of the data), rounded away from the report so that it stays inside.
                func step(_ v: Double) -> Double { v == 0 ? 1e-9 : pow(10, (log10(abs(v))).rounded(.down) - 2) }
                var r = row
                if s.coin(2) {
                    var b = (activity + slack).rounded(toSignificantDigits: 3)
                    if b < activity { b = (b + step(b)).rounded(toSignificantDigits: 3) }
                    r.upper = abs(b) < 1e-9 ? 0 : b
                    if r.upper < activity { r.upper = 1e-9 }
                } else {
                    var b = (activity - slack).rounded(toSignificantDigits: 3)
                    if b > activity { b = (b - step(b)).rounded(toSignificantDigits: 3) }
                    r.lower = abs(b) < 1e-9 ? 0 : b
                    if r.lower > activity { r.lower = -1e-9 }
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

/// With RMSOLVE_PROPERTY_TRACE set, each case is written to standard error before it is
/// solved (to find the instance behind a crash of a solver library).
func trace(_ message: @autoclosure () -> String) {
    if ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_TRACE"] != nil {
        FileHandle.standardError.write(Data((message() + "\n").utf8))
    }
}

@Suite struct NumericPropertyTests {
    static var cases: Int { Int(ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_CASES"] ?? "") ?? 24 }
    static var seed: UInt64 { UInt64(ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_SEED"] ?? "") ?? 12 }

    /// Outcome tables, box and linear domains: every method = brute force within 1e-6 of the
    /// instance's scale; a method may refuse (exit 3, certification) but never be wrong.
    @Test func outcomeTablesAcrossMagnitudes() throws {
        try checkTables(MagnitudeSampler(rng: SeededGenerator(seed: Self.seed)), cases: Self.cases, label: "outcomeTables")
    }

    /// Ordinary-looking instances: 2 outcomes, 2-4 agents, values from 1 to 1e4 with 10
    /// significant digits (`RMSOLVE_PROPERTY_ORDINARY_CASES`, default 12).
    @Test func ordinaryTwoOutcomeTablesWithManyDigits() throws {
        let cases = Int(ProcessInfo.processInfo.environment["RMSOLVE_PROPERTY_ORDINARY_CASES"] ?? "") ?? 12
        var s = MagnitudeSampler(rng: SeededGenerator(seed: Self.seed &+ 2))
        s.digits = 10
        s.ordinary = true
        try checkTables(s, cases: cases, label: "ordinaryTables", agents: 2...4, outcomes: 2...2)
    }

    func checkTables(_ sampler: MagnitudeSampler, cases: Int, label: String, agents: ClosedRange<Int> = 2...3,
                     outcomes: ClosedRange<Int> = 2...3) throws {
        var s = sampler
        var wrong: [NumericFinding] = [], refused: [NumericFinding] = []
        var compared = 0, skipped = 0
        for k in 0..<cases {
            let linear = k % 2 == 1
            let p = randomNumericTable(&s, linear: linear, agents: agents, outcomes: outcomes)
            guard (try? p.validate()) != nil else { continue }
            let scale = ProblemScaling.scale(of: p.reportedValues)
            let tol = 1e-6 * max(scale, 1e-9)
            trace("table case \(k): " + describe(p))
            let methods: [RevenueGuaranteeMethod] = linear ? [.lp, .mip, .auto] : [.closedForm, .lp, .mip, .auto]
            for i in 0..<p.agentCount {
                guard let expected = vertexBruteForceGuarantee(p, agent: i) else { skipped += 1; continue }
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
        print("NumericPropertyTests.\(label): \(cases) instances, \(compared) comparisons, \(wrong.count) wrong, \(refused.count) refused, \(skipped) agents beyond the brute force's integers")
        for f in (wrong + refused).prefix(10) { print("  \(f)") }
        #expect(wrong.isEmpty, "\(wrong.count) wrong numbers; first: \(wrong.first.map(\.description) ?? "")")
        #expect(refused.isEmpty, "\(refused.count) refusals; first: \(refused.first.map(\.description) ?? "")")
    }

    /// Tiny auctions: cg, lp, mip and auto = brute force on the enumerated allocations.
    @Test func auctionsAcrossMagnitudes() throws {
        var s = MagnitudeSampler(rng: SeededGenerator(seed: Self.seed &+ 1))
        var wrong: [NumericFinding] = [], refused: [NumericFinding] = []
        var compared = 0
        for k in 0..<max(1, Self.cases / 6) {
            let auction = randomNumericAuction(&s)
            guard let problem = auction.compile(maxOutcomes: 1000), (try? problem.validate()) != nil else { continue }
            let scale = ProblemScaling.scale(of: problem.reportedValues)
            let tol = 1e-6 * max(scale, 1e-9)
            guard let expected = (0..<problem.agentCount).map({ vertexBruteForceGuarantee(problem, agent: $0) }) as? [Double] else { continue }
            for method in [RevenueGuaranteeMethod.cg, .lp, .mip, .auto] {
                trace("auction case \(k) \(method): \(auction.domain) upper \(auction.upper) bids \(auction.bids.map { $0.map { "\($0.goods.elements)=\($0.value)" } })")
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
        print("NumericPropertyTests.auctions: \(max(1, Self.cases / 6)) auctions, \(compared) comparisons, \(wrong.count) wrong, \(refused.count) refused")
        for f in (wrong + refused).prefix(10) { print("  \(f)") }
        #expect(wrong.isEmpty, "\(wrong.count) wrong numbers; first: \(wrong.first.map(\.description) ?? "")")
        #expect(refused.isEmpty, "\(refused.count) refusals; first: \(refused.first.map(\.description) ?? "")")
    }
}
