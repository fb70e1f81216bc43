import Dispatch
import LinearOptimization

/// The result of one winner determination (see ``BidAuction/winnerDetermination(bidLists:goodCount:removed:options:searchNodeLimit:lpNodeLimit:incumbent:)``).
public struct WinnerDeterminationResult: Sendable {
    /// The maximum welfare, recomputed from the chosen bids (exact in the data).
    public var welfare: Double
    /// Per bidder, the index of its winning bid in its bid list, or -1.
    public var winning: [Int]
    /// Whether the LP relaxation (CLP) was already integral, so CBC was not needed.
    public var lpIntegral: Bool
    /// Seconds spent (model building and solving).
    public var seconds: Double
    /// Whether the pure-Swift branch and bound solved it (no solver call).
    public var branchAndBound: Bool = false
    /// Whether the LP-based branch and bound (CLP node LPs, no CBC) solved it.
    public var lpBranchAndBound: Bool = false
}

public extension BidAuction {
    /// Winner determination over arbitrary bid lists (one list per bidder, XOR within a list;
    /// an empty list drops the bidder): maximize Σ value·y, each good sold at most once, at
    /// most one bid per bidder; goods in `removed` are not for sale.
    ///
    /// Exact: the LP relaxation is solved first by CLP (thread-safe, runs in parallel); when
    /// its optimum is integral (within 1e-9) it is the MIP optimum, otherwise CBC solves the
    /// MIP (serialized process-wide). Bids of value ≤ 0 and bids on removed goods are left
    /// out (never needed for the maximum). The chosen bids are checked to be disjoint and the
    /// welfare is recomputed from them.
    ///
    /// First tries ``branchAndBoundWinnerDetermination(bidLists:goodCount:removed:nodeLimit:)``
    /// with at most `searchNodeLimit` nodes (0: skip both searches), which is exact and needs
    /// no solver; when it hits its limit, ``lpBranchAndBoundWinnerDetermination(bidLists:goodCount:removed:options:nodeLimit:incumbent:)``
    /// continues from its incumbent with at most `lpNodeLimit` node LPs (CLP only, so it runs
    /// in parallel; 0: skip it); the LP/MIP route with CBC runs only when both hit their limits.
    /// `incumbent` (a bid index per bidder, -1 for none; e.g. a known allocation) seeds both
    /// searches when it is feasible and beats their greedy start — it changes only the time,
    /// never the answer.
    static func winnerDetermination(bidLists: [[Bid]], goodCount: Int, removed: GoodSet? = nil,
                                    options: SolveOptions = SolveOptions(),
                                    searchNodeLimit: Int = 2_000, lpNodeLimit: Int = 20_000,
                                    incumbent: [Int]? = nil) throws -> WinnerDeterminationResult {
        let start = DispatchTime.now().uptimeNanoseconds
        if searchNodeLimit > 0 {
            var search = BranchAndBoundSearch(bidLists: bidLists, goodCount: goodCount, removed: removed)
            if !search.hasEmptyBid {
                var solvedByLP = false
                var solved = search.run(nodeLimit: searchNodeLimit, incumbent: incumbent)
                if !solved && lpNodeLimit > 0 {
                    solved = try search.runLP(nodeLimit: lpNodeLimit, options: options)
                    solvedByLP = solved
                }
                if solved {
                    let r = search.incumbentAllocation(bidderCount: bidLists.count)
                    var result = try checkedResult(bidLists: bidLists, goodCount: goodCount, winning: r.winning, lpIntegral: true, start: start)
                    result.branchAndBound = !solvedByLP
                    result.lpBranchAndBound = solvedByLP
                    return result
                }
            }
        }
        var model = Model(name: "winner-determination")
        var y: [[(bid: Int, variable: Variable)]] = []
        var byGood = Array(repeating: [Int32](), count: goodCount)
        var objective = LinearExpression()
        for list in bidLists {
            var row: [(Int, Variable)] = []
            for (k, bid) in list.enumerated() where bid.value > 0 {
                if let removed, bid.goods.intersects(removed) { continue }
                let v = model.addVariable(lowerBound: 0, upperBound: 1, kind: .binary)
                objective.add(bid.value, v)
                row.append((k, v))
                for g in bid.goods.elements { byGood[g].append(Int32(v.index)) }
            }
            if row.count > 1 {
                model.addRow(columns: row.map { Int32($0.1.index) }, values: Array(repeating: 1, count: row.count),
                             lower: -.infinity, upper: 1)
            }
            y.append(row)
        }
        for columns in byGood where columns.count > 1 {
            model.addRow(columns: columns, values: Array(repeating: 1, count: columns.count), lower: -.infinity, upper: 1)
        }
        var winning = Array(repeating: -1, count: bidLists.count)
        var lpIntegral = true
        if model.variableCount > 0 {
            model.setObjective(objective, .maximize)
            var lp = options
            lp.backend = .clp
            var solution = try model.solve(lp).requireOptimal()
            if solution.values.contains(where: { $0 > 1e-9 && $0 < 1 - 1e-9 }) {
                lpIntegral = false
                var mip = options
                mip.backend = .cbc
                solution = try model.solve(mip).requireOptimal()
            }
            for (i, row) in y.enumerated() {
                let chosen = row.filter { solution[$0.variable] > 0.5 }
                guard chosen.count <= 1 else { throw WinnerDeterminationError.infeasibleChoice("bidder \(i) wins \(chosen.count) bids") }
                winning[i] = chosen.first?.bid ?? -1
            }
        }
        return try checkedResult(bidLists: bidLists, goodCount: goodCount, winning: winning, lpIntegral: lpIntegral, start: start)
    }

    /// Checks that the winning bids are disjoint and recomputes the welfare from them.
    private static func checkedResult(bidLists: [[Bid]], goodCount: Int, winning: [Int], lpIntegral: Bool,
                                      start: UInt64) throws -> WinnerDeterminationResult {
        var used = GoodSet(count: goodCount)
        var welfare = 0.0
        for (i, k) in winning.enumerated() where k >= 0 {
            let bid = bidLists[i][k]
            guard !bid.goods.intersects(used) else { throw WinnerDeterminationError.infeasibleChoice("two winning bids share a good") }
            used = used.union(bid.goods)
            welfare += bid.value
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return WinnerDeterminationResult(welfare: welfare, winning: winning, lpIntegral: lpIntegral, seconds: seconds)
    }

    /// Winner determination on the reported bids, without the bidders in `excluding` and
    /// without the goods in `removed`.
    func winnerDetermination(excluding: Set<Int> = [], removed: GoodSet? = nil,
                             options: SolveOptions = SolveOptions(), searchNodeLimit: Int = 2_000,
                             lpNodeLimit: Int = 20_000) throws -> WinnerDeterminationResult {
        let lists = bids.indices.map { excluding.contains($0) ? [] : bids[$0] }
        return try BidAuction.winnerDetermination(bidLists: lists, goodCount: goodCount, removed: removed, options: options,
                                                  searchNodeLimit: searchNodeLimit, lpNodeLimit: lpNodeLimit)
    }
}

/// A winner determination whose rounded solution is not a feasible allocation (a solver
/// tolerance problem; never expected).
public enum WinnerDeterminationError: Error, Sendable, CustomStringConvertible {
    /// The rounded solution breaks a constraint.
    case infeasibleChoice(String)
    /// One sentence for the user.
    public var description: String {
        switch self { case .infeasibleChoice(let s): return "winner determination returned an infeasible allocation: \(s)" }
    }
}
