import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import Testing

let thesisAuction = """
{ "kind": "combinatorial", "name": "thesis-3.5.2", "goods": ["c", "d"],
  "bidders": [
    { "name": "1", "bids": [ {"bundle": ["c"], "value": 4}, {"bundle": ["d"], "value": 5}, {"bundle": ["c","d"], "value": 12} ] },
    { "name": "2", "bids": [ {"bundle": ["c"], "value": 7}, {"bundle": ["d"], "value": 6}, {"bundle": ["c","d"], "value": 10} ] },
    { "name": "3", "bids": [ {"bundle": ["c"], "value": 7}, {"bundle": ["d"], "value": 5}, {"bundle": ["c","d"], "value": 11} ] } ],
  "domain": { "type": "monotone", "upper": 100 } }
"""

@Suite struct VCGTests {
    /// Table 2.4 under VCG (thesis Sec. 2.4, recomputed by hand): charges (8, 10, 10, 10), payments (8, 0, 0, 0).
    @Test func table24() {
        let v = vickreyClarkeGroves(values: [[10, 0, 0, 0], [0, 8, 0, 0], [0, 0, 6, 0], [0, 0, 0, 4]])
        #expect(v.outcome == 0)
        #expect(v.valueWithout == [8, 10, 10, 10])
        #expect(v.payments == [8, 0, 0, 0])
        #expect(v.revenue == 8)
    }

    /// Ties: the lowest outcome index wins.
    @Test func tieBreakLowestIndex() {
        #expect(efficientOutcome([[0, 5, 5], [1, 0, 0]]).outcome == 1)
    }

    /// Section 3.5.2 of the thesis: c→3, d→2, welfare 13, payments (0, 5, 6), revenue 11;
    /// enumeration and CBC's winner determination agree on W and every W_{-j}.
    @Test func thesisAuctionBothDomains() throws {
        for domain in ["monotone", "bids"] {
            guard case .auction(var a) = try read(thesisAuction) else { Issue.record("not an auction"); return }
            a.domain = BidAuction.Domain(rawValue: domain)!
            let p = try #require(a.compile())
            #expect(p.outcomeCount == (domain == "monotone" ? 16 : 16))
            let v = vickreyClarkeGroves(p)
            #expect(v.welfare == 13)
            #expect(v.payments == [0, 5, 6])
            #expect(p.allocations?[v.outcome] == [[], ["d"], ["c"]])
            #expect(try a.winnerDetermination(options: .mipOnly()).welfare == 13)
            for j in 0..<3 { #expect(try a.winnerDetermination(excluding: [j], options: .mipOnly()).welfare == v.valueWithout[j]) }
        }
    }

    /// Random small auctions: enumeration and CBC agree on the welfare.
    @Test func enumerationMatchesCBC() throws {
        var rng = SeededGenerator(seed: 7)
        for _ in 0..<15 {
            let a = tinyRandomAuction(maxGoods: 3, maxBidders: 3, domain: .monotone, using: &rng)
            let n = a.bidders.count
            let p = try #require(a.compile())
            let enumerated = vickreyClarkeGroves(p)
            #expect(enumerated.welfare == (try a.winnerDetermination(options: .mipOnly()).welfare))
            // VCG by MIPs alone: revenue and utilities do not depend on tie-breaking.
            let byMIP = try a.vickreyClarkeGroves(options: .mipOnly()).vcg
            #expect(abs(byMIP.revenue - enumerated.revenue) < 1e-9)
            for i in 0..<n {
                #expect(abs((byMIP.values[i] - byMIP.payments[i]) - (enumerated.values[i] - enumerated.payments[i])) < 1e-9)
            }
        }
    }

    @Test func generatorIsReproducibleAndInItsDomain() {
        for domain in ThesisOutcomeGenerator.DomainReading.allCases {
            for distribution in ThesisOutcomeGenerator.Distribution.allCases {
                let a = ThesisOutcomeGenerator.generate(agents: 5, outcomes: 5, exclusivity: 0.6,
                                                        distribution: distribution, domain: domain, seed: 3)
                let b = ThesisOutcomeGenerator.generate(agents: 5, outcomes: 5, exclusivity: 0.6,
                                                        distribution: distribution, domain: domain, seed: 3)
                #expect(a.reports == b.reports)
                for i in 0..<5 {
                    #expect(a.typeSpaces[i].contains(a.reports[i]))
                    #expect(a.typeSpaces[i].upper[i] == 100)
                    #expect(abs(a.typeSpaces[i].upper[(i + 1) % 5] - 40) < 1e-12)
                }
            }
        }
        // e = 1 is all-or-nothing: nobody values another agent's outcome.
        let aon = ThesisOutcomeGenerator.generate(agents: 4, outcomes: 4, exclusivity: 1, distribution: .uniform,
                                                  domain: .absolute, seed: 9)
        for i in 0..<4 { for o in 0..<4 where o != i { #expect(aon.reports[i][o] == 0) } }
    }
}
