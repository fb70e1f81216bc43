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
        switch auction.domain {
        case .bids:
            bundles = [empty] + auction.bids[i].map(\.goods)
            column = [-1] + auction.bids[i].indices.map { $0 }
            let d = auction.bids[i].count
            space = TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: auction.upper, count: d),
                              coordinateNames: auction.bids[i].map { "value of bid {\($0.goods.elements.map { auction.goods[$0] }.joined(separator: ","))}" })
            report = auction.bids[i].map(\.value)
        case .monotone:
            // Thesis §3.5.2: x_B = v_i(B) for every non-empty bundle B (mask B, column B−1),
            // 0 ≤ x_B ≤ upper, free disposal x_B ≤ x_{B∪{g}}.
            guard g <= 12 else { throw RevenueGuaranteeError.methodDoesNotApply(method: "cg with the monotone domain (at most 12 goods)", agent: auction.bidders[i]) }
            let full = (1 << g) - 1
            bundles = [empty]
            column = [-1]
            var rows: [TypeSpaceRow] = []
            for b in 1...max(1, full) where full > 0 {
                bundles.append(GoodSet((0..<g).filter { b & (1 << $0) != 0 }, count: g))
                column.append(b - 1)
                for good in 0..<g where b & (1 << good) == 0 {
                    rows.append(TypeSpaceRow(columns: [b - 1, (b | (1 << good)) - 1], coefficients: [1, -1], lower: -.infinity, upper: 0))
                }
            }
            let d = max(0, full)
            space = TypeSpace(lower: Array(repeating: 0, count: d), upper: Array(repeating: auction.upper, count: d), rows: rows,
                              coordinateNames: bundles.dropFirst().map { "value of {\($0.elements.map { auction.goods[$0] }.joined(separator: ","))}" })
            report = bundles.dropFirst().map { auction.value(bidder: i, bundle: $0) }
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
