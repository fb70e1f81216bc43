import Combinatorial
import LinearOptimization

/// Bailey's rule on a combinatorial auction too large to enumerate, by winner determination
/// (no list of allocations): VCG from ``CombinatorialRevenueGuarantees/vickreyClarkeGroves()``
/// and, for every bidder i, the VCG revenue of the auction without i
/// (``CombinatorialRevenueGuarantees/revenueWithout(agent:)``), paid back as Z_i = R_{-i}/n.
/// Unlike RM it can run a deficit (the result's `deficit`); the checks are those of
/// ``runRedistribution(_:mechanism:options:)`` for `bailey`, except that the independence of
/// the rebate from the bidder's own bids holds by construction (R_{-i} never sees them) and
/// is not probed.
///
/// ```swift
/// let result = try runAuctionBailey(BidAuction(cats: file, name: "regions", domain: .bids, upper: 1000))
/// print(result.redistributed, result.deficit ?? 0)
/// ```
public func runAuctionBailey(_ auction: BidAuction, solveOptions: SolveOptions = SolveOptions()) throws -> RedistributionResult {
    let engine = CombinatorialRevenueGuarantees(auction, solveOptions: solveOptions)
    let (vcg, winning) = try engine.vickreyClarkeGroves()
    let n = auction.bidders.count
    let z = try engine.revenuesWithout().map { $0 / Double(n) }
    let utilities = (0..<n).map { vcg.values[$0] - vcg.payments[$0] + z[$0] }
    let tol = 1e-7 * max(1, abs(vcg.welfare), vcg.revenue) * Double(max(1, n))
    let total = z.reduce(0, +)
    let worst = utilities.indices.min { utilities[$0] < utilities[$1] } ?? 0
    let checks = [
        RedistributionCheck(property: "no-deficit", promised: false, holds: total <= vcg.revenue + tol,
                            detail: "redistributed \(total) vs VCG revenue \(vcg.revenue)"),
        RedistributionCheck(property: "individual-rationality", promised: true, holds: n == 0 || utilities[worst] >= -tol,
                            detail: n == 0 ? "no bidders" : "lowest utility \(utilities[worst]) (bidder \"\(auction.bidders[worst])\")"),
        RedistributionCheck(property: "rebate-independent-of-own-report", promised: true, holds: true,
                            detail: "by construction: R_{-i} is computed without bidder i's bids"),
    ]
    // Named like the enumerated outcomes (``BidAuction/compile(maxOutcomes:)``): `2:{d} 3:{c}`.
    let goodsOf = (0..<n).map { i in winning[i] >= 0 ? auction.bids[i][winning[i]].goods.elements.map { auction.goods[$0] } : [] }
    let allocation = (0..<n).filter { !goodsOf[$0].isEmpty }
        .map { "\(auction.bidders[$0]):{" + goodsOf[$0].joined(separator: ",") + "}" }.joined(separator: " ")
    let agents = (0..<n).map { i in
        RedistributionAgentResult(name: auction.bidders[i], value: vcg.values[i], vcgPayment: vcg.payments[i], redistribution: z[i],
                                  transfer: z[i] - vcg.payments[i], utility: utilities[i], wins: winning[i] >= 0)
    }
    var result = assemble(name: auction.name, kind: "combinatorial", mechanism: .bailey, outcome: allocation,
                          welfare: vcg.welfare, vcgRevenue: vcg.revenue, agents: agents, checks: checks)
    result.allocation = Dictionary(uniqueKeysWithValues: (0..<n).map { (auction.bidders[$0], goodsOf[$0]) })
    try enforce(result)
    return result
}
