import Combinatorial
import Dispatch
import LinearOptimization
import Synchronization

/// The LP relaxation of a whole auction's winner determination — one column per bid (y_b ∈
/// [0, 1], objective the reported value), rows Σ y ≤ 1 over the bids on each good and over
/// each bidder's bids, each extended greedily to a maximal clique of the conflict graph (bids
/// sharing a good or a bidder; most valuable bid first): still valid for every allocation,
/// and at least as tight — built once per auction and shared by the warm-started winner
/// determinations of ``WarmWinnerDetermination``.
struct AuctionRelaxation: Sendable {
    let model: Model
    /// Per column: its bidder, the bid's index in the bidder's list, its reported value, its
    /// goods (as `words` 64-bit words, contiguous).
    let bidder: [Int], index: [Int], reported: [Double], goodsCount: [Int]
    let masks: [UInt64]
    let words: Int
    /// Per bidder, the column of each of its bids.
    let columnsOf: [[Int]]
    /// The columns by decreasing reported value per √(goods): the order of the greedy first
    /// incumbent.
    let greedyOrder: [Int]
    /// The conflict graph as bit rows of `conflictWords` words per column: bits b and c are
    /// set when the bids share a good or a bidder (b's own bit is set too).
    let conflicts: [UInt64]
    let conflictWords: Int

    init(_ auction: BidAuction) {
        words = max(1, (auction.goodCount + 63) / 64)
        var bidder: [Int] = [], index: [Int] = [], reported: [Double] = [], goodsCount: [Int] = [], masks: [UInt64] = []
        var columnsOf: [[Int]] = []
        var byGood = Array(repeating: [Int32](), count: auction.goodCount)
        var byBidder: [[Int32]] = []
        for (i, list) in auction.bids.enumerated() {
            var own: [Int] = []
            for (k, bid) in list.enumerated() {
                let c = bidder.count
                bidder.append(i); index.append(k); reported.append(bid.value)
                let goods = bid.goods.elements
                goodsCount.append(goods.count)
                var w = Array(repeating: UInt64(0), count: words)
                for g in goods { w[g >> 6] |= 1 << UInt64(g & 63); byGood[g].append(Int32(c)) }
                masks.append(contentsOf: w)
                own.append(c)
            }
            columnsOf.append(own)
            byBidder.append(own.map { Int32($0) })
        }
        self.bidder = bidder; self.index = index; self.reported = reported; self.goodsCount = goodsCount
        self.masks = masks; self.columnsOf = columnsOf
        greedyOrder = bidder.indices.sorted {
            reported[$0] / Double(max(1, goodsCount[$0])).squareRoot() > reported[$1] / Double(max(1, goodsCount[$1])).squareRoot()
        }
        var model = Model(name: "winner-determination-relaxation")
        var objective = LinearExpression()
        for c in bidder.indices {
            let y = model.addVariable(lowerBound: 0, upperBound: 1)
            objective.add(reported[c], y)
        }
        let n = bidder.count, cw = max(1, (n + 63) / 64)
        var bits = Array(repeating: UInt64(0), count: n * cw)
        for row in byGood + byBidder where row.count > 1 {
            for b in row { for c in row { bits[Int(b) * cw + Int(c) >> 6] |= 1 << UInt64(Int(c) & 63) } }
        }
        conflicts = bits
        conflictWords = cw
        for columns in ConflictCliques.maximal(byGood + byBidder, bidCount: n, conflicts: (cw, bits), value: reported) {
            model.addRow(columns: columns, values: Array(repeating: 1, count: columns.count), lower: -.infinity, upper: 1)
        }
        model.setObjective(objective, .maximize)
        self.model = model
    }
}

/// What one warm-started winner determination found.
struct WarmWinnerDeterminationResult: Sendable {
    /// The maximum welfare, recomputed from the chosen bids.
    var welfare: Double
    /// Per bidder, the index of its winning bid in its list, or -1.
    var winning: [Int]
    /// Whether the root LP was integral (no branching).
    var rootIntegral: Bool
    /// Node LPs solved.
    var nodes: Int
}

/// What a bounded search of ``WarmWinnerDetermination`` found: the best allocation (a lower
/// bound on the winner determination's optimum, `proven` when the search finished) and the
/// root LP's optimum (an upper bound on it; `nil` when the incumbent cut the root off).
struct WarmWinnerDeterminationDive: Sendable {
    var welfare: Double
    var winning: [Int]
    var proven: Bool
    var rootBound: Double?
    var nodes: Int
}

/// Winner determinations of one auction that differ only in one agent's bid values, in the
/// bidders left out and in the goods not for sale — the separations and option values of
/// constraint generation — solved on ONE CLP model of the whole auction's relaxation
/// (``AuctionRelaxation``) that stays loaded: each solve changes the objective coefficients
/// of the agent's bids and the upper bounds of the left-out bidders' bids and of the bids on
/// removed goods (and of bids of value ≤ 0, which are left out as in
/// ``WinnerDeterminationProblem``), then re-solves from the last optimal basis
/// (``ReoptimizableLP``) instead of building the model and solving from scratch. When the LP
/// optimum is fractional, a depth-first LP branch and bound on the same model finds the
/// integer optimum (the algorithm of ``WinnerDeterminationStrategy/lpBranchAndBound``:
/// cutoff at the incumbent, rounding heuristic, reduced-cost fixing, branching on the
/// fractional bid of largest value·min(y, 1 − y), up then down); it gives up at its node
/// limit (the caller then falls back to the default winner determination). Exact: an
/// allocation is returned only when the search proved it optimal (relative 1e-9, as the
/// default winner determination).
final class WarmWinnerDetermination {
    let relaxation: AuctionRelaxation
    private let lp: ReoptimizableLP
    private var objective: [Double], upper: [Double]
    private var used: [UInt64]
    private var bidderUsed: [Bool]
    private var best = 0.0
    private var bestChoice: [Int] = []
    private var nodes = 0, limit = 0
    private var rootIntegral = false
    private var rootBound: Double?
    /// Clique cuts added to the model so far (valid for every winner determination of the
    /// auction, so they stay), and the scratch candidate set of their separation.
    private var cuts = Set<[Int32]>()
    private var candidates: [UInt64]
    /// At most this many clique cuts in all, at most `cutsPerRound` per round, at most
    /// `cutRounds` rounds at the root of one winner determination, only cliques of at most
    /// `maxCutLength` bids.
    private let cutLimit: Int, cutsPerRound = 64, cutRounds: Int, maxCutLength = 8

    /// `cutRounds`: rounds of clique cuts at the root of each winner determination (0: none).
    /// Measured on CATS 64 goods × 100 bids (all G_i, one thread): 4 rounds took uniform from
    /// 2.1 to 1.8-1.9 CPU s but arbitrary from 2.4 to 5.2-6.1 (the added rows slow every later
    /// solve), so constraint generation uses none.
    init(_ relaxation: AuctionRelaxation, options: SolveOptions, cutRounds: Int = 0) {
        self.cutRounds = max(0, cutRounds)
        self.relaxation = relaxation
        lp = ReoptimizableLP(relaxation.model, options: options, scaled: false)   // 0/1 rows
        objective = relaxation.reported
        upper = Array(repeating: 1, count: relaxation.reported.count)
        used = Array(repeating: 0, count: relaxation.words)
        bidderUsed = Array(repeating: false, count: relaxation.columnsOf.count)
        candidates = Array(repeating: 0, count: relaxation.conflictWords)
        cutLimit = 2 * (relaxation.model.constraintCount + 64)
    }

    /// Clique cuts violated by the LP solution `y`: for each fractional bid (largest y
    /// first), a clique of the conflict graph grown greedily by the bid of largest positive y
    /// in conflict with all bids so far; kept when Σ y over it exceeds 1. Every clique inequality Σ y ≤ 1 holds for every allocation —
    /// of the whole auction and of every winner determination on this model, whose bids left
    /// out are fixed at 0 — so cuts never change an optimum.
    private func violatedCliques(_ y: [Double]) -> [[Int32]] {
        let r = relaxation, w = r.conflictWords
        var out: [[Int32]] = []
        let fractional = y.indices.filter { y[$0] > 1e-6 && y[$0] < 1 - 1e-6 }.sorted { y[$0] > y[$1] }
        for b in fractional {
            for k in 0..<w { candidates[k] = r.conflicts[b * w + k] }
            candidates[b >> 6] &= ~(1 << UInt64(b & 63))
            var clique: [Int32] = [Int32(b)]
            var sum = y[b]
            while let pick = ConflictCliques.mostValuable(candidates, by: y), y[pick] > 1e-9 {
                clique.append(Int32(pick))
                sum += y[pick]
                for k in 0..<w { candidates[k] &= r.conflicts[pick * w + k] }
                candidates[pick >> 6] &= ~(1 << UInt64(pick & 63))
            }
            guard sum > 1 + 1e-6, clique.count <= maxCutLength else { continue }
            clique.sort()
            guard cuts.insert(clique).inserted else { continue }
            out.append(clique)
            if out.count >= cutsPerRound || cuts.count >= cutLimit { break }
        }
        return out
    }

    /// The winner determination with `agent`'s bids valued at `values` (one per bid of its
    /// list; `agent` -1: every bid at its report), the bids of the bidders in `excluded` and
    /// the bids on goods in `removed` left out; `incumbent` (a bid index per bidder, -1 for
    /// none) seeds the search when feasible. `nil` when the branch and bound hit `nodeLimit`.
    func solve(agent: Int, values: [Double], excluded: [Int], removed: GoodSet? = nil, incumbent: [Int]?,
               nodeLimit: Int) throws -> WarmWinnerDeterminationResult? {
        let found = try dive(agent: agent, values: values, excluded: excluded, removed: removed, incumbent: incumbent, nodeLimit: nodeLimit)
        guard found.proven else { return nil }
        return WarmWinnerDeterminationResult(welfare: found.welfare, winning: found.winning, rootIntegral: rootIntegral, nodes: found.nodes)
    }

    /// The same search, stopped after `nodeLimit` node LPs with its best allocation so far
    /// (at least the better of the greedy one and `incumbent`): a lower bound, and the root
    /// LP's optimum as an upper bound, for the cheap bounds of constraint generation.
    func dive(agent: Int, values: [Double], excluded: [Int], removed: GoodSet? = nil, incumbent: [Int]?,
              nodeLimit: Int) throws -> WarmWinnerDeterminationDive {
        let r = relaxation, w = r.words
        let removedWords = removed?.words ?? []
        for c in r.bidder.indices {
            let v = r.bidder[c] == agent ? values[r.index[c]] : r.reported[c]
            if v != objective[c] { objective[c] = v; lp.setObjective(column: c, coefficient: v) }
            var u: Double = excluded.contains(r.bidder[c]) || v <= 0 ? 0 : 1
            if u > 0 && !removedWords.isEmpty {
                for k in 0..<min(w, removedWords.count) where r.masks[c * w + k] & removedWords[k] != 0 { u = 0; break }
            }
            if u != upper[c] { upper[c] = u; lp.setBounds(column: c, lower: 0, upper: u) }
        }
        nodes = 0
        limit = nodeLimit
        rootIntegral = false
        rootBound = nil
        greedy()
        seed(incumbent)
        let proven = try node()
        var winning = Array(repeating: -1, count: r.columnsOf.count)
        var welfare = 0.0
        for k in used.indices { used[k] = 0 }
        for b in bestChoice {
            guard upper[b] > 0, winning[r.bidder[b]] < 0, fits(b) else {
                throw RevenueGuaranteeError.invariantViolated("warm winner determination chose an infeasible allocation")
            }
            toggle(b)
            winning[r.bidder[b]] = r.index[b]
            welfare += objective[b]
        }
        for k in used.indices { used[k] = 0 }
        return WarmWinnerDeterminationDive(welfare: welfare, winning: winning, proven: proven, rootBound: rootBound, nodes: min(nodes, limit))
    }

    @inline(__always) private func fits(_ b: Int) -> Bool {
        let w = relaxation.words, base = b * w
        for k in 0..<w where relaxation.masks[base + k] & used[k] != 0 { return false }
        return true
    }

    @inline(__always) private func toggle(_ b: Int) {
        let w = relaxation.words, base = b * w
        for k in 0..<w { used[k] ^= relaxation.masks[base + k] }
    }

    @inline(__always) private func fitsFree(_ b: Int) -> Bool { upper[b] > 0 && !bidderUsed[relaxation.bidder[b]] && fits(b) }

    @inline(__always) private func take(_ b: Int) { toggle(b); bidderUsed[relaxation.bidder[b]].toggle() }

    /// Takes the bids of `order` that fit, in order; the new incumbent when worth more.
    private func pack(_ order: [Int]) {
        var total = 0.0
        var picked: [Int] = []
        for b in order where fitsFree(b) { take(b); picked.append(b); total += objective[b] }
        for b in picked { take(b) }
        if total > best { best = total; bestChoice = picked }
    }

    /// First incumbent: bids by decreasing reported value per √(goods), taken when compatible
    /// (bids left out are skipped by ``fitsFree(_:)``).
    private func greedy() {
        best = 0
        bestChoice = []
        pack(relaxation.greedyOrder)
    }

    /// The given allocation (bid index per bidder) without the bids left out, as incumbent
    /// when feasible and better.
    private func seed(_ winning: [Int]?) {
        guard let winning, winning.count == relaxation.columnsOf.count else { return }
        var order: [Int] = []
        for (k, q) in winning.enumerated() where q >= 0 {
            guard q < relaxation.columnsOf[k].count else { return }
            let b = relaxation.columnsOf[k][q]
            if upper[b] > 0 { order.append(b) }   // dropping bids keeps an allocation feasible
        }
        var feasible = true, total = 0.0
        var picked: [Int] = []
        for b in order {
            guard fitsFree(b) else { feasible = false; break }
            take(b); picked.append(b); total += objective[b]
        }
        for b in picked { take(b) }
        if feasible && total > best { best = total; bestChoice = picked }
    }

    private func pruneLevel() -> Double { best + 1e-9 * max(1, abs(best)) }

    private func node() throws -> Bool {
        nodes += 1
        if nodes > limit { return false }
        var value = 0.0
        var y: [Double] = []
        var round = 0
        while true {
            switch lp.solve(cutoff: pruneLevel()) {
            case .infeasible, .cutoff: return true
            case .failed(let message): throw SolverError.notOptimal(.solverError(message))
            case .optimal(let v): value = v
            }
            if nodes == 1 { rootBound = value }
            if value <= pruneLevel() { return true }
            y = lp.values
            // At the root (no basis saved yet), tighten a fractional optimum by clique cuts.
            guard nodes == 1, round < cutRounds, cuts.count < cutLimit,
                  y.contains(where: { $0 > 1e-7 && $0 < 1 - 1e-7 }) else { break }
            let found = violatedCliques(y)
            guard !found.isEmpty else { break }
            lp.addRows(found, upper: 1)
            round += 1
        }
        guard y.contains(where: { $0 > 1e-7 && $0 < 1 - 1e-7 }) else {
            if nodes == 1 { rootIntegral = true }
            let picked = y.indices.filter { y[$0] > 0.5 }
            let total = picked.reduce(0.0) { $0 + objective[$1] }
            if total > best { best = total; bestChoice = picked }
            return true
        }
        pack(y.indices.filter { y[$0] > 1e-9 }.sorted { y[$0] != y[$1] ? y[$0] > y[$1] : objective[$0] > objective[$1] })
        if value <= pruneLevel() { return true }
        // Reduced-cost fixing, then branching on the most valuable fractional bid.
        let fixed = lp.fixByReducedCost(y, gap: value - pruneLevel())
        defer { lp.restoreBounds(fixed) }
        let branch = ReoptimizableLP.branchingColumn(y, weights: objective)
        return try lp.branch(on: branch) { try node() }
    }
}

/// A few ``WarmWinnerDetermination``s of one auction shared by the threads of a
/// constraint-generation run: a solve takes the first idle one (each behind its own mutex;
/// built on first use), so every thread re-solves a model that stays loaded.
final class WarmWinnerDeterminations: Sendable {
    private final class Slot: Sendable {
        let state = Mutex<WarmWinnerDetermination?>(nil)
    }
    private let slots: [Slot]
    private let relaxation: AuctionRelaxation
    private let options: SolveOptions

    init(_ auction: BidAuction, slots count: Int, options: SolveOptions) {
        relaxation = AuctionRelaxation(auction)
        slots = (0..<max(1, count)).map { _ in Slot() }
        self.options = options
    }

    /// ``WarmWinnerDetermination/solve(agent:values:excluded:removed:incumbent:nodeLimit:)``
    /// on an idle model; the outer `nil` when every model is busy.
    func solve(agent: Int, values: [Double], excluded: [Int], removed: GoodSet? = nil, incumbent: [Int]?,
               nodeLimit: Int) throws -> WarmWinnerDeterminationResult?? {
        let relaxation = relaxation, options = options
        for slot in slots {
            let outcome: Result<WarmWinnerDeterminationResult?, Error>? = slot.state.withLockIfAvailable { state in
                if state == nil { state = WarmWinnerDetermination(relaxation, options: options) }
                do {
                    return .success(try state!.solve(agent: agent, values: values, excluded: excluded, removed: removed,
                                                     incumbent: incumbent, nodeLimit: nodeLimit))
                } catch {
                    return .failure(error)
                }
            }
            if let outcome { return .some(try outcome.get()) }
        }
        return nil
    }

    /// ``WarmWinnerDetermination/dive(agent:values:excluded:removed:incumbent:nodeLimit:)``
    /// on an idle model; `nil` when every model is busy.
    func dive(agent: Int, values: [Double], excluded: [Int], incumbent: [Int]?, nodeLimit: Int) throws -> WarmWinnerDeterminationDive? {
        let relaxation = relaxation, options = options
        for slot in slots {
            let outcome: Result<WarmWinnerDeterminationDive, Error>? = slot.state.withLockIfAvailable { state in
                if state == nil { state = WarmWinnerDetermination(relaxation, options: options) }
                do {
                    return .success(try state!.dive(agent: agent, values: values, excluded: excluded, incumbent: incumbent, nodeLimit: nodeLimit))
                } catch {
                    return .failure(error)
                }
            }
            if let outcome { return try outcome.get() }
        }
        return nil
    }
}
