import Combinatorial
import Foundation
import InstanceIO
import RevenueGuarantee
import Testing

/// Table 2.5 of the thesis as an outcome table: o_k gives the item to agent k.
func table25(reports: [Double] = [10, 10, 20]) -> (StaticProblem, TypePrior) {
    let n = 3
    func row(_ i: Int, _ v: Double) -> [Double] { (0..<n).map { $0 == i ? v : 0 } }
    let problem = StaticProblem(
        name: "table-2.5", agents: ["1", "2", "3"], outcomes: ["o1", "o2", "o3"],
        typeSpaces: (0..<n).map { i in TypeSpace(lower: [0, 0, 0], upper: row(i, 20)) },
        valueColumn: (0..<n).map { _ in [0, 1, 2] }, reports: (0..<n).map { row($0, reports[$0]) })
    let prior = TypePrior(types: (0..<n).map { i in [0.0, 10, 20].map { row(i, $0) } },
                          probabilities: [[0, 0.2, 0.8], [0, 0.8, 0.2], [0.8, 0.1, 0.1]])
    return (problem, prior)
}

@Suite struct TableMechanismTests {
    /// Thesis eqs. 2.37–2.39 and Table 2.6, and the full ESW table recomputed by hand from the
    /// prior (ESW_{-1}(0) = 12.8, ESW_{-2}(20) = 16, ESW_{-3}(0) = 18.4, …).
    @Test func agvReproducesTable26() throws {
        let (problem, prior) = table25()
        let agv = try ExpectedExternality(problem: problem, prior: prior)
        let expected: [[Double]] = [[12.8, 5.6, 0], [18.2, 18.2, 16], [18.4, 18.4, 16.8]]
        for i in 0..<3 {
            for (k, want) in expected[i].enumerated() {
                #expect(abs(agv.expectedWelfareOfOthers(agent: i, type: prior.types[i][k]) - want) < 1e-9, "agent \(i) type \(k)")
            }
        }
        let result = try runRedistribution(.outcomes(problem, prior: prior), mechanism: .agv)
        let t = result.agents.map(\.transfer)
        for (got, want) in zip(t, [-11.9, 7, 4.9]) { #expect(abs(got - want) < 1e-9, "\(t)") }
        for (got, want) in zip(result.agents.map(\.utility), [-11.9, 7, 24.9]) { #expect(abs(got - want) < 1e-9) }
        #expect(abs(result.revenue) < 1e-9 && result.deficit == nil)
        // Not ex post IR (agent 1), reported but not promised.
        let ir = try #require(result.checks.first { $0.property == "individual-rationality" })
        #expect(!ir.promised && !ir.holds)
        #expect(result.checks.contains { $0.property == "bayes-nash-incentive-compatibility" && $0.holds })
    }

    /// Not strategyproof (thesis, after Table 2.6): if agent 1 reports 0 while the others
    /// report (10, 20), its transfer rises from −11.9 to 12.8 − 17.5 = −4.7.
    @Test func agvIsNotStrategyproof() throws {
        let (problem, prior) = table25(reports: [0, 10, 20])
        let result = try runRedistribution(.outcomes(problem, prior: prior), mechanism: .agv)
        #expect(abs(result.agents[0].transfer - -4.7) < 1e-9)
    }

    /// Budget balance at every one of the 27 report profiles.
    @Test func agvIsBudgetBalancedEverywhere() throws {
        for a in [0.0, 10, 20] { for b in [0.0, 10, 20] { for c in [0.0, 10, 20] {
            let (problem, prior) = table25(reports: [a, b, c])
            let r = try runRedistribution(.outcomes(problem, prior: prior), mechanism: .agv)
            #expect(abs(r.agents.map(\.transfer).reduce(0, +)) < 1e-9)
        } } }
    }

    /// Bailey's rule on outcome tables against an independent computation (VCG revenue of
    /// the table with the agent's row dropped, by brute force over outcomes), on random
    /// tables; RM never exceeds the VCG revenue; Bailey's deficit is reported as such.
    @Test func baileyOnTablesMatchesBruteForceAndReportsDeficits() throws {
        var rng = SeededGenerator(seed: 21)
        var deficits = 0
        for _ in 0..<60 {
            let n = Int.random(in: 2...5, using: &rng), m = Int.random(in: 2...5, using: &rng)
            let values = (0..<n).map { _ in (0..<m).map { _ in Double(Int.random(in: 0...9, using: &rng)) } }
            let problem = StaticProblem(name: "t", agents: (0..<n).map { "a\($0)" }, outcomes: (0..<m).map { "o\($0)" },
                                        typeSpaces: (0..<n).map { _ in TypeSpace(lower: Array(repeating: 0, count: m), upper: Array(repeating: 9, count: m)) },
                                        valueColumn: (0..<n).map { _ in (0..<m).map { Int32($0) } }, reports: values)
            let r = try runRedistribution(.outcomes(problem, prior: nil), mechanism: .bailey)
            for i in 0..<n {
                var others = values
                others.remove(at: i)
                // Brute-force VCG revenue without i: Σ_j max_o Σ_{k≠j} v_k(o) − (n−2)·max_o Σ_k v_k(o).
                func best(_ rows: [[Double]]) -> Double { (0..<m).map { o in rows.reduce(0) { $0 + $1[o] } }.max() ?? 0 }
                var revenue = 0.0
                if others.count >= 2 {
                    for j in others.indices { var rest = others; rest.remove(at: j); revenue += best(rest) }
                    revenue -= Double(others.count - 1) * best(others)
                }
                #expect(abs(r.agents[i].redistribution - revenue / Double(n)) < 1e-9)
            }
            if let d = r.deficit { deficits += 1; #expect(abs(d - (r.redistributed - r.vcgRevenue)) < 1e-9) }
            let rm = try runRedistribution(.outcomes(problem, prior: nil), mechanism: .rm)
            #expect(rm.deficit == nil && rm.redistributed <= rm.vcgRevenue + 1e-7)
        }
        _ = deficits
    }

    /// Basic Groves on Table 2.4: T = (0, 10, 10, 10), every utility 10, the center pays 30 =
    /// (n − 1)·W (thesis, basic-Groves example).
    @Test func basicGrovesTable24() throws {
        let values: [[Double]] = [[10, 0, 0, 0], [0, 8, 0, 0], [0, 0, 6, 0], [0, 0, 0, 4]]
        let problem = StaticProblem(name: "2.4", agents: ["1", "2", "3", "4"], outcomes: ["o1", "o2", "o3", "o4"],
                                    typeSpaces: (0..<4).map { _ in TypeSpace(lower: [0, 0, 0, 0], upper: [100, 100, 100, 100]) },
                                    valueColumn: (0..<4).map { _ in [0, 1, 2, 3] }, reports: values)
        let r = try runRedistribution(.outcomes(problem, prior: nil), mechanism: .basicGroves)
        #expect(r.agents.map(\.transfer) == [0, 10, 10, 10])
        #expect(r.agents.map(\.utility) == [10, 10, 10, 10])
        #expect(r.deficit == 30 && r.revenue == -30)
    }

    /// Mechanisms are refused where they are not defined.
    @Test func notDefinedWhereTheyDoNotApply() throws {
        let (problem, prior) = table25()
        for mechanism in [RedistributionMechanismName.wco, .oel] {
            #expect(throws: RedistributionError.self) { try runRedistribution(.outcomes(problem, prior: prior), mechanism: mechanism) }
        }
        #expect(throws: RedistributionError.self) { try runRedistribution(.outcomes(problem, prior: nil), mechanism: .agv) }
        let units = UnitsInstance(units: 1, values: [3, 2, 1])
        #expect(throws: RedistributionError.self) { try runRedistribution(.units(units), mechanism: .agv) }
        #expect(throws: RedistributionError.self) { try runRedistribution(.units(units), mechanism: .oel) }
        let auction = BidAuction(name: "a", goods: ["c"], bidders: ["1", "2"],
                                 bids: [[.init(goods: GoodSet([0], count: 1), value: 2)], [.init(goods: GoodSet([0], count: 1), value: 1)]],
                                 domain: .bids, upper: 10)
        for mechanism in [RedistributionMechanismName.wco, .oel, .agv] {
            #expect(throws: RedistributionError.self) { try runRedistribution(.auction(auction), mechanism: mechanism) }
        }
        #expect(throws: RedistributionError.self) {
            try runRedistribution(.auction(auction), mechanism: .rm, options: RedistributionOptions(maxOutcomes: 1))
        }
    }
}

@Suite struct UnitsReaderTests {
    func read(_ json: String) throws -> UnitsInstance {
        try UnitsInstance.read(try JSONValue.parse(data: Data(json.utf8), file: "u.json"))
    }

    func error(_ json: String) -> InstanceError? {
        do { _ = try read(json); return nil } catch let e as InstanceError { return e } catch { return nil }
    }

    @Test func readsAValidInstance() throws {
        let u = try read(#"{"kind": "units", "name": "x", "units": 2, "agents": ["a","b","c","d"], "values": [10, 8, 6, 4], "domain": {"upper": 20}, "prior": {"distribution": "uniform", "lower": 0, "upper": 20}}"#)
        #expect(u.units == 2 && u.values == [10, 8, 6, 4] && u.upper == 20 && u.prior == .uniform(lower: 0, upper: 20))
        let generic = try RedistributionInstance.read(try JSONValue.parse(data: Data(#"{"kind": "units", "comment": "annotations are allowed", "units": 1, "agents": ["a","b"], "values": [1, 0]}"#.utf8), file: "u.json"))
        #expect(generic.kind == "units")
    }

    @Test func refusesBadInput() {
        let cases: [(String, String)] = [
            (#"{"kind": "units", "units": 0, "agents": ["a","b"], "values": [1, 2]}"#, "$.units"),
            (#"{"kind": "units", "units": 2, "agents": ["a","b"], "values": [1, 2]}"#, "$.agents"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, -2]}"#, "$.values[1]"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, 30], "domain": {"upper": 20}}"#, "$.values[1]"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1]}"#, "$.values"),
            (#"{"kind": "units", "units": 1, "agents": ["a","a"], "values": [1, 2]}"#, "$.agents[1]"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, 2], "colour": 3}"#, "$"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, 2], "domain": {"upper": 20, "x": 1}}"#, "$.domain"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, 2], "prior": {"distribution": "beta"}}"#, "$.prior.distribution"),
            (#"{"kind": "units", "units": 1, "agents": ["a","b"], "values": [1, 2], "domain": {"upper": 10}, "prior": {"distribution": "uniform", "upper": 50}}"#, "$.prior"),
            (#"{"kind": "units", "units": 1.5, "agents": ["a","b"], "values": [1, 2]}"#, "$.units"),
        ]
        for (json, location) in cases {
            let e = error(json)
            #expect(e?.file == "u.json" && e?.location == location, "\(json): \(String(describing: e))")
        }
    }

    @Test func outcomeTablePriorIsValidated() {
        let base = #"{"kind": "outcomes", "agents": ["1","2"], "outcomes": ["o1","o2"], "values": [[1,0],[0,2]], "domain": {"lower": 0, "upper": 5}, "prior": PRIOR}"#
        let cases: [(String, String)] = [
            (#"{"1": {"types": [[1,0]], "probabilities": [1]}}"#, "$.prior"),                                        // agent 2 missing
            (#"{"1": {"types": [[1,0]], "probabilities": [0.5]}, "2": {"types": [[0,1]], "probabilities": [1]}}"#, "$.prior.1.probabilities"),
            (#"{"1": {"types": [[9,0]], "probabilities": [1]}, "2": {"types": [[0,1]], "probabilities": [1]}}"#, "$.prior.1.types[0]"),
            (#"{"1": {"types": [[1]], "probabilities": [1]}, "2": {"types": [[0,1]], "probabilities": [1]}}"#, "$.prior.1.types[0]"),
            (#"{"1": {"types": [[1,0]], "probabilities": [1]}, "2": {"types": [[0,1]], "probabilities": [1]}, "3": {}}"#, "$.prior"),
            (#"{"1": {"types": [[1,0]], "probabilities": [1], "weights": [1]}, "2": {"types": [[0,1]], "probabilities": [1]}}"#, "$.prior.1"),
        ]
        for (prior, location) in cases {
            do {
                _ = try RedistributionInstance.read(try JSONValue.parse(data: Data(base.replacingOccurrences(of: "PRIOR", with: prior).utf8), file: "t.json"))
                Issue.record("accepted \(prior)")
            } catch let e as InstanceError {
                #expect(e.location == location, "\(prior): \(e)")
            } catch { Issue.record("\(error)") }
        }
    }
}

@Suite struct RandomTableTests {
    /// AGV and basic Groves on random outcome tables with random independent priors, against
    /// an independent enumeration written here: ESW_{-i} over every type profile of the others
    /// (first outcome among ties), the AGV transfers, and Bayes–Nash incentive compatibility
    /// (truth maximizes the interim expected utility over every report in the support).
    @Test func agvAndBasicGrovesMatchEnumeration() throws {
        var rng = SeededGenerator(seed: 33)
        for _ in 0..<40 {
            let n = Int.random(in: 2...3, using: &rng), m = Int.random(in: 2...3, using: &rng)
            var types: [[[Double]]] = [], probabilities: [[Double]] = []
            for _ in 0..<n {
                let count = Int.random(in: 1...3, using: &rng)
                types.append((0..<count).map { _ in (0..<m).map { _ in Double(Int.random(in: 0...5, using: &rng)) } })
                let w = (0..<count).map { _ in Double(Int.random(in: 1...4, using: &rng)) }
                probabilities.append(w.map { $0 / w.reduce(0, +) })
            }
            let reports = (0..<n).map { types[$0][Int.random(in: 0..<types[$0].count, using: &rng)] }
            let problem = StaticProblem(name: "r", agents: (0..<n).map { "a\($0)" }, outcomes: (0..<m).map { "o\($0)" },
                                        typeSpaces: (0..<n).map { _ in TypeSpace(lower: Array(repeating: 0, count: m), upper: Array(repeating: 5, count: m)) },
                                        valueColumn: (0..<n).map { _ in (0..<m).map { Int32($0) } }, reports: reports)
            let prior = TypePrior(types: types, probabilities: probabilities)

            func chosen(_ rows: [[Double]]) -> Int {
                let social = (0..<m).map { o in rows.reduce(0) { $0 + $1[o] } }
                return social.firstIndex(of: social.max()!)!
            }
            func profiles(without i: Int) -> [([Int], Double)] {
                var out: [([Int], Double)] = [([], 1)]
                for j in 0..<n {
                    if j == i { out = out.map { ($0.0 + [-1], $0.1) }; continue }
                    out = out.flatMap { p in types[j].indices.map { (p.0 + [$0], p.1 * probabilities[j][$0]) } }
                }
                return out
            }
            func esw(_ i: Int, _ own: [Double]) -> Double {
                profiles(without: i).reduce(0) { acc, p in
                    let rows = (0..<n).map { $0 == i ? own : types[$0][p.0[$0]] }
                    let o = chosen(rows)
                    return acc + p.1 * (0..<n).filter { $0 != i }.reduce(0) { $0 + rows[$1][o] }
                }
            }
            let e = (0..<n).map { esw($0, reports[$0]) }
            let t = (0..<n).map { e[$0] - (e.reduce(0, +) - e[$0]) / Double(n - 1) }
            let agv = try runRedistribution(.outcomes(problem, prior: prior), mechanism: .agv)
            for i in 0..<n { #expect(abs(agv.agents[i].transfer - t[i]) < 1e-9, "\(reports) \(types)") }
            for i in 0..<n {
                func interim(_ report: [Double]) -> Double {
                    profiles(without: i).reduce(0) { acc, p in
                        let rows = (0..<n).map { $0 == i ? report : types[$0][p.0[$0]] }
                        return acc + p.1 * reports[i][chosen(rows)]
                    } + esw(i, report)
                }
                let truth = interim(reports[i])
                for lie in types[i] { #expect(interim(lie) <= truth + 1e-9) }
            }
            let groves = try runRedistribution(.outcomes(problem, prior: nil), mechanism: .basicGroves)
            let o = chosen(reports)
            for i in 0..<n {
                let othersAtChoice = (0..<n).filter { $0 != i }.reduce(0) { $0 + reports[$1][o] }
                #expect(abs(groves.agents[i].transfer - othersAtChoice) < 1e-9)
            }
        }
    }

    /// For one unit Guo & Conitzer's α* is Moulin's (2009) optimal ratio
    /// 1 − (n−1)/(2^{n−1} − 1).
    @Test func oneUnitIsMoulin() {
        for n in 3...30 {
            let moulin = 1 - Double(n - 1) / (pow(2, Double(n - 1)) - 1)
            #expect(abs(worstCaseOptimalShare(agents: n, units: 1) - moulin) < 1e-12)
        }
    }
}
