import CATS
@testable import Combinatorial
import InstanceIO
import Testing

/// The clique cuts and the local search of the LP branch and bound, checked against the bids
/// directly (two bids conflict when they share a good or a bidder) and against hand-computed
/// optima.
@Suite struct CliqueCutTests {
    /// Three single-minded bidders on goods {0,1}, {1,2}, {0,2}: every good's row holds two
    /// bids, so y = ½ each is feasible for the rows (LP value 1.5), but the three bids pairwise
    /// share a good, so at most one wins (optimum 1). From the plain rows the separator finds
    /// the triangle; the clique strengthening already holds it; either way the LP branch and
    /// bound needs only its root LP.
    @Test func triangleCutClosesTheRoot() throws {
        let pairs = [[0, 1], [1, 2], [0, 2]]
        let lists = pairs.map { [BidAuction.Bid(goods: GoodSet($0, count: 3), value: 1)] }
        var search = BranchAndBoundSearch(bidLists: lists, goodCount: 3, removed: nil)
        search.extendCliques = false
        let rows = search.relaxationRows(conflicts: search.conflictGraph())
        #expect(Set(rows) == [[0, 1], [1, 2], [0, 2]])
        var separator = CliqueSeparator(conflicts: search.conflictGraph(), value: search.value, rows: rows)
        #expect(separator.separate([0.5, 0.5, 0.5], limit: 10) == [[0, 1, 2]])
        #expect(separator.separate([0.5, 0.5, 0.5], limit: 10).isEmpty)   // known now
        search.extendCliques = true
        #expect(search.relaxationRows(conflicts: search.conflictGraph()) == [[0, 1, 2]])
        let r = try #require(try WinnerDeterminationProblem(bidLists: lists, goodCount: 3).solve(by: .lpBranchAndBound, nodeLimit: 1))
        #expect(r.welfare == 1)
    }

    /// On generated auctions and random fractional points: every cut is a clique of the
    /// conflict graph, violated by the point (Σ y > 1), and new (not a row, not repeated).
    @Test func cutsAreViolatedCliques() throws {
        var rng = SeededGenerator(seed: 7, stream: 1)
        var checked = 0
        for distribution in CATSDistribution.allCases {
            guard let file = try? distribution.generate(goods: 16, bids: 60, seed: 2) else { continue }
            let auction = BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity)
            let search = BranchAndBoundSearch(bidLists: auction.bids, goodCount: auction.goodCount, removed: nil)
            let n = search.value.count
            func conflict(_ b: Int, _ c: Int) -> Bool {
                search.bidder[b] == search.bidder[c] || !Set(search.goodsOf[b]).isDisjoint(with: search.goodsOf[c])
            }
            let rows = search.relaxationRows(conflicts: search.conflictGraph())
            var separator = CliqueSeparator(conflicts: search.conflictGraph(), value: search.value, rows: rows)
            var seen = Set(rows.map { $0.sorted() })
            for _ in 0..<5 {
                let y = (0..<n).map { _ in Double.random(in: 0...1, using: &rng) < 0.5 ? 0 : Double.random(in: 0.2...0.8, using: &rng) }
                for cut in separator.separate(y, limit: 50) {
                    let members = cut.map(Int.init)
                    for b in members { for c in members where b != c { #expect(conflict(b, c), "\(distribution): \(b), \(c)") } }
                    #expect(members.reduce(0.0) { $0 + y[$1] } > 1)
                    #expect(seen.insert(cut).inserted, "\(distribution): repeated cut \(cut)")
                    checked += 1
                }
            }
        }
        #expect(checked > 0)
    }

    /// Goods 0-8. Greedy (value / √size) takes {0,1} (3 / √2 ≈ 2.12) and {2} (2.05) for 5.05;
    /// the bid on all nine goods (6 / 3 = 2) alone is worth 6, the optimum (any other
    /// allocation holds at most {0,1} and {2}). One swap of the local search finds it.
    @Test func localSearchSwapsInABetterBid() {
        let lists = [
            [BidAuction.Bid(goods: GoodSet([0, 1], count: 9), value: 3)],
            [BidAuction.Bid(goods: GoodSet([2], count: 9), value: 2.05)],
            [BidAuction.Bid(goods: GoodSet(Array(0..<9), count: 9), value: 6)],
        ]
        var search = BranchAndBoundSearch(bidLists: lists, goodCount: 9, removed: nil)
        search.seedIncumbent()
        #expect(abs(search.best - 5.05) < 1e-12)
        search.localSearch()
        #expect(search.best == 6)
        #expect(search.incumbentAllocation(bidderCount: 3).winning == [-1, -1, 0])
    }
}
