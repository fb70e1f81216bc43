import Combinatorial

/// Agent i's choices in its constraint-generation problem: what it can receive (an
/// "option": nothing, one of its bids' bundles in the "bids" domain, any bundle in the
/// "monotone" domain) and the coordinate of its type that is its value for it.
struct AgentOptions {
    /// Each option's bundle (option 0 is the empty bundle).
    var bundles: [GoodSet]
    /// Each option's type coordinate (-1 for the empty bundle, value 0).
    var column: [Int]
    /// Agent i's type space.
    var space: TypeSpace
    /// Agent i's reported type.
    var report: [Double]
    /// The option of a bundle (for pooled allocations).
    var optionOf: [GoodSet: Int]

    init(_ auction: BidAuction, agent i: Int) throws {
        let g = auction.goodCount
        let empty = GoodSet(count: g)
        space = auction.typeSpace(ofBidder: i)
        report = auction.report(ofBidder: i)
        switch auction.domain {
        case .bids:
            bundles = [empty] + auction.bids[i].map(\.goods)
            column = [-1] + auction.bids[i].indices.map { $0 }
        case .monotone:
            // Coordinate B − 1 is the value of the bundle with mask B (see BidAuction.typeSpace).
            guard g <= BidAuction.monotoneGoodLimit else {
                throw StaticMechanismError.methodDoesNotApply(method: .cg, reason: "the monotone domain allows at most \(BidAuction.monotoneGoodLimit) goods")
            }
            let full = (1 << g) - 1
            bundles = [empty] + (0..<full).map { GoodSet(mask: UInt64($0 + 1), count: g) }
            column = [-1] + Array(0..<full)
        }
        var map: [GoodSet: Int] = [:]
        for (o, b) in bundles.enumerated() where map[b] == nil { map[b] = o }
        optionOf = map
    }

    /// The number of options.
    var count: Int { bundles.count }

    /// Agent i's value for option o under type x.
    @inline(__always)
    func value(_ o: Int, _ x: [Double]) -> Double { column[o] < 0 ? 0 : x[column[o]] }
}
