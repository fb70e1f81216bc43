import LinearOptimization

public extension AuctionInstance {
    /// Winner determination by CBC: maximize Σ value·y over binaries y (one per bid), each
    /// good sold at most once, at most one bid per bidder (XOR). `excluding` drops one
    /// bidder's bids (for W_{-j}; with free disposal this equals the same-outcome-set maximum
    /// of ch2 note §1).
    ///
    /// Returns the welfare and each bidder's winning bid index (or -1).
    func winnerDetermination(excluding: Int? = nil, options: SolveOptions = SolveOptions())
        throws -> (welfare: Double, winningBid: [Int])
    {
        var model = Model(name: "winner-determination")
        var y: [[Variable]] = []
        var objective = LinearExpression()
        for i in bidders.indices {
            var row: [Variable] = []
            for (k, bid) in bids[i].enumerated() {
                let v = model.addVariable(lowerBound: 0, upperBound: i == excluding ? 0 : 1, kind: .binary,
                                          name: "y_\(i)_\(k)")
                objective.add(bid.value, v)
                row.append(v)
            }
            if row.count > 1 { model.addConstraint(.sum(row), .lessOrEqual, 1) }
            y.append(row)
        }
        for g in goods.indices {
            var terms: [Variable] = []
            for i in bidders.indices { for (k, bid) in bids[i].enumerated() where bid.bundle & (1 << UInt32(g)) != 0 { terms.append(y[i][k]) } }
            if terms.count > 1 { model.addConstraint(.sum(terms), .lessOrEqual, 1) }
        }
        if model.variableCount == 0 { return (0, Array(repeating: -1, count: bidders.count)) }
        model.setObjective(objective, .maximize)
        let solution = try model.solve(options).requireOptimal()
        let winning = y.map { row in row.firstIndex { solution[$0] > 0.5 } ?? -1 }
        // Recompute the welfare from the rounded choice (exact in the data).
        let welfare = winning.enumerated().reduce(0.0) { $0 + ($1.element >= 0 ? bids[$1.offset][$1.element].value : 0) }
        return (welfare, winning)
    }
}
