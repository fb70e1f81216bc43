import Combinatorial
import InstanceIO
import LinearOptimization
import RevenueGuarantee
import Testing

func near(_ a: Double, _ b: Double, _ tol: Double = 1e-6) -> Bool { abs(a - b) <= tol * max(1, abs(a), abs(b)) }

@Suite struct PropertyTests {
    /// Box domains: closed form = candidate LPs = thesis MIP = integer-grid brute force.
    @Test func allMethodsAgreeWithBruteForceOnBoxes() throws {
        var rng = SeededGenerator(seed: 11)
        for _ in 0..<25 {
            let p = randomBoxTable(&rng, agents: Int.random(in: 2...4, using: &rng), outcomes: Int.random(in: 1...3, using: &rng))
            for i in 0..<p.agentCount {
                let oracle = bruteForceGuarantee(p, agent: i)
                for method in [RevenueGuaranteeMethod.closedForm, .lp, .mip] {
                    let g = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: method)).guarantee
                    #expect(near(g, oracle), "\(method) gives \(g), brute force \(oracle), agent \(i) of \(p.reports) in \(p.typeSpaces)")
                }
            }
        }
    }

    /// Unbounded boxes (some upper bounds null): closed form = LPs = MIP with SufficientCap.
    @Test func unboundedBoxesAgree() throws {
        var rng = SeededGenerator(seed: 31)
        for _ in 0..<15 {
            var p = randomBoxTable(&rng, agents: Int.random(in: 2...4, using: &rng), outcomes: Int.random(in: 1...4, using: &rng))
            for i in 0..<p.agentCount {
                for o in 0..<p.outcomeCount where Bool.random(using: &rng) { p.typeSpaces[i].upper[o] = .infinity }
            }
            for i in 0..<p.agentCount {
                let closed = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: .closedForm)).guarantee
                let lp = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: .lp)).guarantee
                let mip = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: .mip)).guarantee
                #expect(near(closed, lp) && near(lp, mip), "closed \(closed) lp \(lp) mip \(mip): \(p.reports) \(p.typeSpaces)")
            }
        }
    }

    /// Linear (relative) domains from the thesis generator: LP = MIP.
    @Test func lpEqualsMIPOnLinearDomains() throws {
        for seed in 1...6 {
            let p = ThesisOutcomeGenerator.generate(agents: 4, outcomes: 4, exclusivity: 0.3 + 0.1 * Double(seed),
                                                    distribution: seed % 2 == 0 ? .normal : .uniform, domain: .relative, seed: UInt64(seed))
            let lp = try revenueGuarantees(p, RevenueGuaranteeOptions(method: .lp))
            let mip = try revenueGuarantees(p, RevenueGuaranteeOptions(method: .mip))
            for i in 0..<4 { #expect(near(lp[i].guarantee, mip[i].guarantee), "seed \(seed) agent \(i)") }
            #expect(lp.allSatisfy { $0.method == .lp })
        }
    }

    /// Auctions (both domains, finite upper): LP = MIP = integer-grid brute force.
    @Test func auctionsAgreeWithBruteForce() throws {
        var rng = SeededGenerator(seed: 5)
        for trial in 0..<6 {
            let n = Int.random(in: 2...3, using: &rng)
            let bids = (0..<n).map { _ in
                [UInt32(1), 2, 3].shuffled(using: &rng).prefix(Int.random(in: 1...3, using: &rng)).map {
                    BidAuction.Bid(goods: GoodSet(mask: UInt64($0), count: 2), value: Double(Int.random(in: 0...4, using: &rng)))
                }
            }
            let a = BidAuction(name: "r", goods: ["c", "d"], bidders: (0..<n).map { "b\($0)" }, bids: bids,
                                    domain: trial % 2 == 0 ? .bids : .monotone, upper: 4)
            let p = try #require(a.compile())
            for i in 0..<n {
                let oracle = bruteForceGuarantee(p, agent: i)
                let lp = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: .lp)).guarantee
                let mip = try revenueGuarantee(p, agent: i, RevenueGuaranteeOptions(method: .mip)).guarantee
                #expect(near(lp, oracle) && near(mip, oracle), "lp \(lp) mip \(mip) oracle \(oracle) for \(bids) \(a.domain)")
            }
        }
    }

    /// All-or-nothing domains (thesis Def. 3.3-3.4): G_i = VCG revenue with agent i absent.
    @Test func allOrNothingClosedForm() throws {
        for seed in 1...8 {
            let p = ThesisOutcomeGenerator.generate(agents: 5, outcomes: 5, exclusivity: 1, distribution: .uniform,
                                                    domain: .absolute, seed: UInt64(seed))
            let values = p.reportedValues
            let g = try revenueGuarantees(p, RevenueGuaranteeOptions(method: .auto))
            for i in 0..<5 {
                let without = values.enumerated().filter { $0.offset != i }.map { row in row.element.enumerated().filter { $0.offset != i }.map(\.element) }
                #expect(near(g[i].guarantee, vickreyClarkeGroves(values: without).revenue))
                #expect(g[i].method == .closedForm)
            }
        }
    }

    /// RM invariants and truthfulness on random instances: 0 ≤ G_i ≤ R, no deficit, RM never
    /// worse than VCG for any agent, and no random misreport raises an agent's RM utility.
    @Test func invariantsAndTruthfulness() throws {
        var rng = SeededGenerator(seed: 23)
        for _ in 0..<20 {
            let p = randomBoxTable(&rng, agents: Int.random(in: 2...4, using: &rng), outcomes: Int.random(in: 2...4, using: &rng))
            let rm = try runMechanism(p, .rm)
            let vcg = try runMechanism(p, .vcg)
            #expect(rm.rmRevenue >= -1e-9)
            for i in 0..<p.agentCount {
                let g = rm.revenueGuarantees![i].guarantee
                #expect(g >= 0 && g <= rm.vcg.revenue + 1e-9)
                #expect(rm.utilities[i] >= vcg.utilities[i] - 1e-9)
                for _ in 0..<5 {
                    let space = p.typeSpaces[i]
                    let lie = (0..<space.dimension).map { Double.random(in: space.lower[$0]...space.upper[$0], using: &rng) }
                    let other = try runMechanism(p.replacingReport(of: i, with: lie), .rm)
                    let trueValue = p.value(agent: i, outcome: other.vcg.outcome, type: p.reports[i])
                    let lied = trueValue - other.vcg.payments[i] + other.redistribution[i]
                    #expect(lied <= rm.utilities[i] + 1e-7, "agent \(i) gains by lying \(lie)")
                }
            }
        }
    }

    /// Truthfulness in the thesis auction (monotone domain): no random monotone misreport
    /// (drawn as random XOR bids) raises a bidder's RM utility.
    @Test func auctionMisreportsDoNotPay() throws {
        var rng = SeededGenerator(seed: 41)
        func bid(_ mask: UInt64, _ value: Double) -> BidAuction.Bid { .init(goods: GoodSet(mask: mask, count: 2), value: value) }
        let truth: [[BidAuction.Bid]] = [[bid(1, 4), bid(2, 5), bid(3, 12)],
                                         [bid(1, 7), bid(2, 6), bid(3, 10)],
                                         [bid(1, 7), bid(2, 5), bid(3, 11)]]
        let a = BidAuction(name: "3.5.2", goods: ["c", "d"], bidders: ["1", "2", "3"], bids: truth, domain: .monotone, upper: 30)
        let p = try #require(a.compile())
        let honest = try runMechanism(p, .rm)
        for _ in 0..<12 {
            let i = Int.random(in: 0..<3, using: &rng)
            var lying = a
            lying.bids[i] = (1...3).map { bid(UInt64($0), Double(Int.random(in: 0...30, using: &rng))) }
            let q = try #require(lying.compile())
            let r = try runMechanism(q, .rm)
            let trueValue = p.value(agent: i, outcome: r.vcg.outcome, type: p.reports[i])
            #expect(trueValue - r.vcg.payments[i] + r.redistribution[i] <= honest.utilities[i] + 1e-7)
            #expect(abs(r.redistribution[i] - honest.redistribution[i]) < 1e-7)   // Z_i ignores i's report
        }
    }
}
