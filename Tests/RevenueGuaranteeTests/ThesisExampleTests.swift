import Combinatorial
import Foundation
import InstanceIO
import RevenueGuarantee
import Testing

@Suite struct ThesisExampleTests {
    /// Table 3.1 (values 10, 8, 6, 4; the thesis's 5 is a typo): G = (6, 6, 8, 8), utilities (3.5, 1.5, 2, 2),
    /// VCG revenue 8, RM revenue 1 — by every method.
    @Test func carTable31() throws {
        let d: [[Double]] = [[10, 0, 0, 0], [0, 8, 0, 0], [0, 0, 6, 0], [0, 0, 0, 4]]
        let p = StaticProblem(name: "car", agents: ["1", "2", "3", "4"], outcomes: ["1", "2", "3", "4"],
                              typeSpaces: (0..<4).map { i in TypeSpace(lower: [0, 0, 0, 0], upper: (0..<4).map { $0 == i ? 100 : 0 }) },
                              valueColumn: (0..<4).map { _ in [0, 1, 2, 3] }, reports: d)
        // (cg works on combinatorial auctions only, see ConstraintGenerationTests.)
        for method in RevenueGuaranteeMethod.allCases where method != .cg {
            let r = try runMechanism(p, .rm, options: RevenueGuaranteeOptions(method: method))
            #expect(r.revenueGuarantees!.map(\.guarantee) == [6, 6, 8, 8], "\(method)")
            #expect(r.utilities == [3.5, 1.5, 2, 2])
            #expect(r.vcg.revenue == 8 && abs(r.rmRevenue - 1) < 1e-12)
        }
    }

    /// Section 3.5.2 of the thesis: G = (8, 9, 9), utilities (8/3, 4, 4), by LP and MIP (a
    /// finite upper bound 100; the answer is the same for any bound ≥ the values).
    @Test func thesisAuction() throws {
        guard case .auction(let a) = try StaticInstance.read(json: try JSONValue.parse(data: Data(thesisAuctionText.utf8), file: "t.json")) else { return }
        let p = try #require(a.compile())
        for method in [RevenueGuaranteeMethod.lp, .mip, .auto] {
            let r = try runMechanism(p, .rm, options: RevenueGuaranteeOptions(method: method))
            let g = r.revenueGuarantees!.map(\.guarantee)
            #expect(zip(g, [8.0, 9, 9]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(method): \(g)")
            #expect(zip(r.utilities, [8.0 / 3, 4, 4]).allSatisfy { abs($0 - $1) < 1e-6 })
            #expect(abs(r.redistributed - 26.0 / 3) < 1e-6)
        }
        // The documented form of the instance, `upper: null`: the MIP uses SufficientCap's finite bound.
        let mip = try runMechanism(unbounded(p), .rm, options: RevenueGuaranteeOptions(method: .mip))
        #expect(zip(mip.revenueGuarantees!.map(\.guarantee), [8.0, 9, 9]).allSatisfy { abs($0 - $1) < 1e-6 })
        // A row that is not a difference constraint: no cap is proven, the MIP is refused.
        var general = unbounded(p)
        general.typeSpaces[0].rows.append(TypeSpaceRow(columns: [0, 1], coefficients: [1, -0.5], lower: -.infinity, upper: 0))
        #expect(SufficientCap.cap(AgentView(problem: general, agent: 0)) == nil)
        #expect(throws: RevenueGuaranteeError.self) { try BigMMIP.model(AgentView(problem: general, agent: 0)) }
    }

    /// The lower bounds the certificate trusts are proven dual bounds: never above the exact
    /// G = (8, 9, 9) of Sec. 3.5.2, and within rounding of it — for the LP route and for
    /// constraint generation's master LPs, on the bounded and the unbounded (`upper: null`)
    /// domain.
    @Test func provenLowerBoundsOfTheThesisAuction() throws {
        guard case .auction(let a) = try StaticInstance.read(json: try JSONValue.parse(data: Data(thesisAuctionText.utf8), file: "t.json")) else { return }
        let p = try #require(a.compile())
        var open = a
        open.upper = .infinity
        for problem in [p, unbounded(p)] {
            let g = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: .lp, jobs: 1))
            for (k, exact) in [8.0, 9, 9].enumerated() {
                let bound = try #require(g[k].lowerBound)
                #expect(bound <= exact && bound > exact - 1e-9, "lp, agent \(k): \(bound)")
            }
        }
        for auction in [a, open] {
            let g = try CombinatorialRevenueGuarantees(auction).revenueGuarantees()
            for (k, exact) in [8.0, 9, 9].enumerated() {
                let bound = try #require(g[k].lowerBound)
                #expect(bound <= exact && bound > exact - 1e-9, "cg, agent \(k): \(bound)")
            }
        }
    }

    func unbounded(_ p: StaticProblem) -> StaticProblem {
        var q = p
        for i in q.typeSpaces.indices { q.typeSpaces[i].upper = q.typeSpaces[i].upper.map { _ in .infinity } }
        return q
    }
}

let thesisAuctionText = """
{ "kind": "combinatorial", "name": "thesis-3.5.2", "goods": ["c", "d"],
  "bidders": [
    { "name": "1", "bids": [ {"bundle": ["c"], "value": 4}, {"bundle": ["d"], "value": 5}, {"bundle": ["c","d"], "value": 12} ] },
    { "name": "2", "bids": [ {"bundle": ["c"], "value": 7}, {"bundle": ["d"], "value": 6}, {"bundle": ["c","d"], "value": 10} ] },
    { "name": "3", "bids": [ {"bundle": ["c"], "value": 7}, {"bundle": ["d"], "value": 5}, {"bundle": ["c","d"], "value": 11} ] } ],
  "domain": { "type": "monotone", "upper": 100 } }
"""
