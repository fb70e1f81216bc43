import CATS
import Combinatorial
import InstanceIO
import Parallel
import RevenueGuarantee
import Testing

/// Constraint generation against the thesis's worked example (Sec. 3.5.2) and against the
/// enumeration method (candidate LPs over all allocations) on small random auctions.
@Suite struct ConstraintGenerationTests {
    /// The thesis's §3.5.2 auction: G = (8, 9, 9), VCG revenue 11.
    func thesisAuction(domain: BidAuction.Domain, upper: Double) -> BidAuction {
        func bids(_ c: Double, _ d: Double, _ cd: Double) -> [BidAuction.Bid] {
            [.init(goods: GoodSet(mask: 1, count: 2), value: c), .init(goods: GoodSet(mask: 2, count: 2), value: d),
             .init(goods: GoodSet(mask: 3, count: 2), value: cd)]
        }
        return BidAuction(name: "thesis-3.5.2", goods: ["c", "d"], bidders: ["1", "2", "3"],
                          bids: [bids(4, 5, 12), bids(7, 6, 10), bids(7, 5, 11)], domain: domain, upper: upper)
    }

    @Test func thesisExampleMonotone() throws {
        for upper in [Double.infinity, 100] {
            let engine = CombinatorialRevenueGuarantees(thesisAuction(domain: .monotone, upper: upper))
            let vcg = try engine.vickreyClarkeGroves().vcg
            #expect(abs(vcg.revenue - 11) < 1e-9)
            #expect(vcg.payments.map { ($0 * 1e6).rounded() / 1e6 } == [0, 5, 6])
            let g = try engine.revenueGuarantees().map(\.guarantee)
            for (got, want) in zip(g, [8.0, 9, 9]) { #expect(abs(got - want) < 1e-6, "upper \(upper): \(g)") }
        }
    }

    /// Random auctions small enough to enumerate: CG equals the candidate LPs over all
    /// allocations (an independent method), per agent, in both domains.
    @Test(arguments: [BidAuction.Domain.bids, .monotone])
    func matchesEnumeration(domain: BidAuction.Domain) throws {
        var checked = 0, deferred = 0
        let monotone = domain == .monotone
        for seed in UInt64(1)...(monotone ? 1 : 2) {
            for distribution in monotone ? [CATSDistribution.regions, .decay] : [.regions, .arbitrary, .random, .decay] {
                guard let file = try? distribution.generate(goods: monotone ? 3 : 6, bids: monotone ? 5 : 9, seed: seed) else { continue }
                let largest = file.bids.map(\.price).max() ?? 0
                for upper in [Double.infinity, 2 * largest] {
                    let auction = BidAuction(cats: file, name: "r", domain: domain, upper: upper)
                    guard auction.bidders.count >= 2, let problem = auction.compile(maxOutcomes: 20_000) else { continue }
                    // The reference: candidate LPs over every allocation (skipped when that
                    // method's own verification fails on CLP round-off).
                    guard let expected = try? revenueGuarantees(problem, RevenueGuaranteeOptions(method: .lp, jobs: 1)).map(\.guarantee)
                    else { continue }
                    for reuse in monotone ? [true] : [true, false] {
                        let engine = CombinatorialRevenueGuarantees(auction, reuseCuts: reuse, jobs: reuse ? 2 : 1)
                        let vcg = try engine.vickreyClarkeGroves().vcg
                        #expect(abs(vcg.revenue - vickreyClarkeGroves(problem).revenue) <= 1e-6 * max(1, vcg.welfare))
                        let got = try engine.revenueGuarantees().map(\.guarantee)
                        for i in got.indices {
                            #expect(abs(got[i] - expected[i]) <= 1e-6 * max(1, vcg.welfare),
                                    "\(distribution) seed \(seed) upper \(upper) agent \(i): cg \(got[i]) vs lp \(expected[i])")
                        }
                        deferred += engine.statistics.separationsDeferred
                    }
                    checked += 1
                }
            }
        }
        #expect(checked >= (monotone ? 3 : 10))
        // The rounds settled by cheap cuts alone (bids domain) are among those checked.
        if !monotone { #expect(deferred > 0) }
    }

    /// Bailey's comparison quantity R_{-i} equals VCG by enumeration on the auction without i.
    @Test func revenueWithoutMatchesEnumeration() throws {
        let file = try CATSDistribution.regions.generate(goods: 6, bids: 10, seed: 3)
        let auction = BidAuction(cats: file, name: "r", domain: .bids, upper: .infinity)
        let engine = CombinatorialRevenueGuarantees(auction)
        for i in auction.bidders.indices {
            var without = auction
            without.bids[i] = []
            let expected = vickreyClarkeGroves(without.compile()!).revenue
            #expect(abs(try engine.revenueWithout(agent: i) - expected) < 1e-6)
        }
    }

    /// R_{-i} for every agent on auctions too large to enumerate (so the learned W_{-i,-j}
    /// and the warm-started models do the work, two threads) equals
    /// `Σ_{j≠i} W_{-i,-j} − (n−2)·W_{-i}` with every W solved from scratch by CBC.
    @Test(arguments: [CATSDistribution.decay, .arbitrary, .regions])
    func revenuesWithoutMatchDirectMIPs(distribution: CATSDistribution) throws {
        let file = try distribution.generate(goods: 16, bids: 60, seed: 2)
        let auction = BidAuction(cats: file, name: "r", domain: .bids, upper: .infinity)
        let engine = CombinatorialRevenueGuarantees(auction, jobs: 2)
        let fast = try engine.revenuesWithout()
        let n = auction.bidders.count
        func welfare(without excluded: [Int]) throws -> Double {
            var lists = auction.bids
            for k in excluded { lists[k] = [] }
            return try #require(try WinnerDeterminationProblem(bidLists: lists, goodCount: auction.goodCount).solve(by: .mip)).welfare
        }
        var checked = 0
        for i in 0..<n where i % max(1, n / 12) == 0 {
            let base = try welfare(without: [i])
            var expected = -Double(n - 2) * base
            for j in 0..<n where j != i { expected += try welfare(without: [i, j]) }
            #expect(abs(fast[i] - max(0, expected)) <= 1e-7 * max(1, base), "agent \(i): \(fast[i]) vs \(expected)")
            checked += 1
        }
        #expect(checked >= 5)
    }
}

/// Agents in parallel share the pool and the memo: every G_i equals the one-thread run's
/// (each is the optimum of its own problem), and progress reports each agent done once.
@Suite struct ParallelAgentsTests {
    @Test func parallelAgentsMatchSequential() throws {
        for distribution in [CATSDistribution.regions, .arbitrary, .decay] {
            let file = try distribution.generate(goods: 10, bids: 36, seed: 5)
            let auction = BidAuction(cats: file, name: "p", domain: .bids, upper: .infinity)
            let one = try CombinatorialRevenueGuarantees(auction, jobs: 1).revenueGuarantees().map(\.guarantee)
            let done = Locked([Int]())
            let two = try CombinatorialRevenueGuarantees(auction, jobs: 2).revenueGuarantees { p in
                if p.done { done.withLock { $0.append(p.agent) } }
            }.map(\.guarantee)
            #expect(one.count == auction.bidders.count)
            for i in one.indices { #expect(abs(one[i] - two[i]) <= 1e-9 * max(1, abs(one[i])), "\(distribution) agent \(i)") }
            #expect(done.value.sorted() == Array(auction.bidders.indices))
        }
    }
}
