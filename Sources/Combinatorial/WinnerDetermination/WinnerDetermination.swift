import Dispatch
import LinearOptimization

/// How a winner determination is solved. All three are exact; they differ in speed and in
/// whether they can run in parallel.
public enum WinnerDeterminationStrategy: String, Sendable, CaseIterable, Codable {
    /// The pure-Swift depth-first branch and bound over goods (``WinnerDeterminationProblem``
    /// documents the search): no solver call, thread-safe; gives up at its node limit.
    case goodsSearch = "goods-search"
    /// The LP-based branch and bound whose node LPs CLP re-solves from the parent's basis: no
    /// CBC call, so it runs in parallel; gives up at its node-LP limit.
    case lpBranchAndBound = "lp-branch-and-bound"
    /// The LP relaxation by CLP, then the MIP by CBC when the relaxation is fractional (CBC
    /// calls are serialized process-wide). Never gives up (only a time limit stops it).
    case mip
}

/// Limits of the default winner determination (``WinnerDeterminationProblem/solve(_:incumbent:)``):
/// the goods search first, then the LP branch and bound from its incumbent, then CLP/CBC.
public struct WinnerDeterminationOptions: Sendable, Equatable {
    /// Node limit of the goods search (0: skip it and the LP branch and bound).
    public var searchNodeLimit: Int
    /// Node-LP limit of the LP branch and bound (0: skip it).
    public var lpNodeLimit: Int
    /// Solver settings (time limit) of every CLP/CBC call.
    public var solve: SolveOptions

    /// Creates options.
    public init(searchNodeLimit: Int = 2_000, lpNodeLimit: Int = 20_000, solve: SolveOptions = SolveOptions()) {
        self.searchNodeLimit = max(0, searchNodeLimit)
        self.lpNodeLimit = max(0, lpNodeLimit)
        self.solve = solve
    }

    /// CLP/CBC only (no search).
    public static func mipOnly(_ solve: SolveOptions = SolveOptions()) -> WinnerDeterminationOptions {
        WinnerDeterminationOptions(searchNodeLimit: 0, lpNodeLimit: 0, solve: solve)
    }
}

/// The result of one winner determination.
public struct WinnerDeterminationResult: Sendable, Equatable {
    /// The maximum welfare, recomputed from the chosen bids (exact in the data).
    public var welfare: Double
    /// Per bidder, the index of its winning bid in its bid list, or -1.
    public var winning: [Int]
    /// The strategy that found it.
    public var strategy: WinnerDeterminationStrategy
    /// Whether the LP relaxation was integral (always true for the two searches; false when
    /// ``WinnerDeterminationStrategy/mip`` needed CBC).
    public var lpIntegral: Bool
    /// Seconds spent (model building and solving).
    public var seconds: Double

    /// Whether the goods search solved it.
    public var branchAndBound: Bool { strategy == .goodsSearch }
    /// Whether the LP branch and bound solved it.
    public var lpBranchAndBound: Bool { strategy == .lpBranchAndBound }
}

/// One winner determination: bid lists (one per bidder, XOR within a list; an empty list drops
/// the bidder) over `goodCount` goods, the goods in `removed` not for sale. Maximize Σ value·y,
/// each good sold at most once, at most one bid per bidder. Bids of value ≤ 0 and bids on
/// removed goods are left out (never needed for the maximum). Every strategy's answer is
/// checked (disjoint winning bids) and its welfare recomputed from the chosen bids.
///
/// ```swift
/// let problem = WinnerDeterminationProblem(bidLists: auction.bids, goodCount: auction.goodCount)
/// let best = try problem.solve()                            // the default cascade
/// let byCBC = try problem.solve(by: .mip)!                  // one strategy
/// ```
public struct WinnerDeterminationProblem: Sendable {
    /// The bid lists.
    public var bidLists: [[BidAuction.Bid]]
    /// The number of goods.
    public var goodCount: Int
    /// Goods not for sale.
    public var removed: GoodSet?

    /// Creates a problem.
    public init(bidLists: [[BidAuction.Bid]], goodCount: Int, removed: GoodSet? = nil) {
        self.bidLists = bidLists
        self.goodCount = goodCount
        self.removed = removed
    }

    /// Solves by one strategy; `nil` when a search hits `nodeLimit` (nodes of the goods
    /// search, node LPs of the LP branch and bound; ignored by `.mip`) or, for the goods
    /// search, when a bid names no good. `incumbent` (a bid index per bidder, -1 for none;
    /// e.g. a known allocation) seeds both searches when it is feasible and beats their greedy
    /// start — it changes only the time, never the answer.
    public func solve(by strategy: WinnerDeterminationStrategy, nodeLimit: Int = 200_000,
                      options: SolveOptions = SolveOptions(), incumbent: [Int]? = nil) throws -> WinnerDeterminationResult? {
        _ = AllocatorTuning.applied
        let start = DispatchTime.now().uptimeNanoseconds
        switch strategy {
        case .goodsSearch:
            return try goodsSearch(nodeLimit: nodeLimit, incumbent: incumbent).solved
        case .lpBranchAndBound:
            var search = BranchAndBoundSearch(bidLists: bidLists, goodCount: goodCount, removed: removed)
            guard !search.hasEmptyBid else { return nil }
            search.seedIncumbent(incumbent)
            guard try search.runLP(nodeLimit: nodeLimit, options: options) else { return nil }
            return try checked(search.incumbentAllocation(bidderCount: bidLists.count).winning, .lpBranchAndBound, lpIntegral: true, start)
        case .mip:
            return try solveByMIP(options, start)
        }
    }

    /// The goods search alone, with what it found even when it stops at `nodeLimit`: `solved`
    /// is the proven optimum (`nil` at the limit, or when a bid names no good), `best` the best
    /// allocation it found either way (a bid index per bidder, -1 for none; `nil` when no
    /// search ran) — a starting incumbent for another exact method.
    ///
    /// ```swift
    /// let attempt = try problem.goodsSearch(nodeLimit: 2_000)
    /// let result = try attempt.solved ?? problem.solve(incumbent: attempt.best)
    /// ```
    public func goodsSearch(nodeLimit: Int, incumbent: [Int]? = nil) throws -> (solved: WinnerDeterminationResult?, best: [Int]?) {
        _ = AllocatorTuning.applied
        let start = DispatchTime.now().uptimeNanoseconds
        var search = BranchAndBoundSearch(bidLists: bidLists, goodCount: goodCount, removed: removed)
        guard !search.hasEmptyBid else { return (nil, nil) }
        let finished = search.run(nodeLimit: nodeLimit, incumbent: incumbent)
        let best = search.incumbentAllocation(bidderCount: bidLists.count).winning
        guard finished else { return (nil, best) }
        return (try checked(best, .goodsSearch, lpIntegral: true, start), best)
    }

    /// The default winner determination: the goods search with at most
    /// `options.searchNodeLimit` nodes (skipped when more bidders than goods bid: its bounds
    /// are then too weak); when it hits its limit, the LP branch and bound
    /// continues from its incumbent with at most `options.lpNodeLimit` node LPs; CLP/CBC only
    /// when both hit their limits. See ``solve(by:nodeLimit:options:incumbent:)`` for
    /// `incumbent`.
    public func solve(_ options: WinnerDeterminationOptions = WinnerDeterminationOptions(),
                      incumbent: [Int]? = nil) throws -> WinnerDeterminationResult {
        _ = AllocatorTuning.applied
        let start = DispatchTime.now().uptimeNanoseconds
        if options.searchNodeLimit > 0 {
            var search = BranchAndBoundSearch(bidLists: bidLists, goodCount: goodCount, removed: removed)
            if !search.hasEmptyBid {
                var strategy = WinnerDeterminationStrategy.goodsSearch
                var solved = false
                // The goods search's bounds (Σ per-good best shares, Σ per-bidder best bids)
                // are weak when bidders outnumber goods (e.g. CATS decay and uniform: one bid
                // per bidder); it then rarely finishes within its limit and only costs time
                // (unless it is the only search allowed).
                if options.lpNodeLimit == 0 || search.bidderMax.count(where: { $0 > 0 }) <= goodCount {
                    solved = search.run(nodeLimit: options.searchNodeLimit, incumbent: incumbent)
                } else {
                    search.seedIncumbent(incumbent)
                }
                if !solved && options.lpNodeLimit > 0 {
                    solved = try search.runLP(nodeLimit: options.lpNodeLimit, options: options.solve)
                    strategy = .lpBranchAndBound
                }
                if solved {
                    return try checked(search.incumbentAllocation(bidderCount: bidLists.count).winning, strategy, lpIntegral: true, start)
                }
            }
        }
        return try solveByMIP(options.solve, start)
    }

    /// The LP relaxation by CLP (thread-safe); CBC (serialized) when it is fractional.
    private func solveByMIP(_ options: SolveOptions, _ start: UInt64) throws -> WinnerDeterminationResult {
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
        return try checked(winning, .mip, lpIntegral: lpIntegral, start)
    }

    /// Checks that the winning bids are disjoint and recomputes the welfare from them.
    private func checked(_ winning: [Int], _ strategy: WinnerDeterminationStrategy, lpIntegral: Bool,
                         _ start: UInt64) throws -> WinnerDeterminationResult {
        var used = GoodSet(count: goodCount)
        var welfare = 0.0
        for (i, k) in winning.enumerated() where k >= 0 {
            let bid = bidLists[i][k]
            guard !bid.goods.intersects(used) else { throw WinnerDeterminationError.infeasibleChoice("two winning bids share a good") }
            if let removed, bid.goods.intersects(removed) { throw WinnerDeterminationError.infeasibleChoice("a winning bid holds a removed good") }
            used.formUnion(bid.goods)
            welfare += bid.value
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return WinnerDeterminationResult(welfare: welfare, winning: winning, strategy: strategy, lpIntegral: lpIntegral, seconds: seconds)
    }
}

public extension BidAuction {
    /// The winner determination on the reported bids, without the bidders in `excluding` and
    /// without the goods in `removed`.
    func winnerDeterminationProblem(excluding: Set<Int> = [], removed: GoodSet? = nil) -> WinnerDeterminationProblem {
        WinnerDeterminationProblem(bidLists: bids.indices.map { excluding.contains($0) ? [] : bids[$0] },
                                   goodCount: goodCount, removed: removed)
    }

    /// Solves ``winnerDeterminationProblem(excluding:removed:)`` by the default cascade.
    func winnerDetermination(excluding: Set<Int> = [], removed: GoodSet? = nil,
                             options: WinnerDeterminationOptions = WinnerDeterminationOptions()) throws -> WinnerDeterminationResult {
        try winnerDeterminationProblem(excluding: excluding, removed: removed).solve(options)
    }
}

/// A winner determination that went wrong (never expected: a solver tolerance problem or a bug).
public enum WinnerDeterminationError: Error, Sendable, CustomStringConvertible {
    /// The rounded solution breaks a constraint.
    case infeasibleChoice(String)
    /// Two exact strategies found different welfares.
    case disagreement(String)
    /// One sentence for the user.
    public var description: String {
        switch self {
        case .infeasibleChoice(let s): return "winner determination returned an infeasible allocation: \(s)"
        case .disagreement(let s): return "winner determination strategies disagree: \(s)"
        }
    }
}
