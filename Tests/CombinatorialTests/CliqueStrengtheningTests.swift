import CATS
@testable import Combinatorial
import Testing

/// The clique strengthening of the LP branch and bound's rows, checked against the bids
/// directly (an independent conflict test: two bids conflict when they share a good or a
/// bidder).
@Suite struct CliqueStrengtheningTests {
    @Test func extendedRowsAreMaximalCliquesContainingTheRows() throws {
        var checked = 0
        for distribution in CATSDistribution.allCases {
            for seed in UInt64(1)...2 {
                guard let file = try? distribution.generate(goods: 12, bids: 40, seed: seed) else { continue }
                let auction = BidAuction(cats: file, name: "t", domain: .bids, upper: .infinity)
                let search = BranchAndBoundSearch(bidLists: auction.bids, goodCount: auction.goodCount, removed: nil)
                let n = search.value.count
                func conflict(_ b: Int, _ c: Int) -> Bool {
                    search.bidder[b] == search.bidder[c]
                        || !Set(search.goodsOf[b]).isDisjoint(with: search.goodsOf[c])
                }
                var rows: [[Int32]] = Array(repeating: [], count: auction.goodCount) + Array(repeating: [], count: auction.bidders.count)
                for b in 0..<n {
                    for g in search.goodsOf[b] { rows[g].append(Int32(b)) }
                    rows[auction.goodCount + search.bidder[b]].append(Int32(b))
                }
                let cliques = ConflictCliques.maximal(rows, bidCount: n, conflicts: search.conflictGraph(), value: search.value)
                #expect(Set(cliques.map { $0 }).count == cliques.count, "duplicates")
                for clique in cliques {
                    let members = clique.map(Int.init)
                    for b in members { for c in members where b != c { #expect(conflict(b, c), "\(distribution) \(seed): \(b), \(c)") } }
                    // Maximal: no other bid conflicts with every member.
                    for c in 0..<n where !members.contains(c) {
                        #expect(!members.allSatisfy { conflict($0, c) }, "\(distribution) \(seed): bid \(c) extends a clique")
                    }
                }
                // Every row of two or more bids lies inside some clique.
                for row in rows where row.count > 1 {
                    #expect(cliques.contains { Set($0).isSuperset(of: row) })
                }
                checked += 1
            }
        }
        #expect(checked >= 10)
    }
}
