import LinearOptimization

/// The LP branch and bound of ``WinnerDeterminationStrategy/lpBranchAndBound``: exact winner
/// determination for XOR bids by an LP-based depth-first branch and bound (CABOB style:
/// Sandholm, Suri, Gilpin, Levine 2005) whose node LPs are re-solved by CLP's dual simplex
/// from the parent's basis — no CBC call, so independent winner determinations run in
/// parallel (Debian's CBC is serialized process-wide; CLP is not).
///
/// The relaxation: maximize Σ value_b·y_b, Σ_{b ∋ g} y_b ≤ 1 per good, Σ_{b of k} y_b ≤ 1
/// per bidder (each row extended to a maximal clique of the bid conflict graph), 0 ≤ y ≤ 1,
/// loaded straight into CLP's column arrays; the root LP is solved by the dual simplex from
/// the slack basis and tightened by rounds of violated clique cuts (``CliqueSeparator``).
/// Every new incumbent is improved by a local search (``localSearch()``). At a node: solve
/// the LP with the incumbent as cutoff; prune when infeasible or no better than the
/// incumbent (relative 1e-9); accept an integral optimum
/// as the new incumbent; otherwise round (bids with y > ½ are compatible — two of them
/// would break a row — then add bids greedily by decreasing y) for an incumbent, fix the
/// bids whose reduced cost exceeds the gap to the incumbent (reduced-cost fixing), and
/// branch on the fractional bid with the largest value·min(y, 1 − y): first y = 1, then
/// y = 0. Throws ``SolverError/notOptimal(_:)`` when CLP fails on a node.
extension BranchAndBoundSearch {
    /// The incumbent as (welfare, winning bid index per bidder or -1).
    func incumbentAllocation(bidderCount: Int) -> (welfare: Double, winning: [Int]) {
        var winning = Array(repeating: -1, count: bidderCount)
        var welfare = 0.0
        for b in bestChoice {
            winning[bidder[b]] = original[b]
            welfare += value[b]
        }
        return (welfare, winning)
    }

    /// The rows of the LP relaxation over the kept bids: per good and per bidder the bids on
    /// it (two or more), each extended to a maximal clique when ``extendCliques``.
    func relaxationRows(conflicts: (words: Int, bits: [UInt64])) -> [[Int32]] {
        var byGood = Array(repeating: [Int32](), count: share.count)
        var byBidder = Array(repeating: [Int32](), count: bidderMax.count)
        for b in value.indices {
            for g in goodsOf[b] { byGood[g].append(Int32(b)) }
            byBidder[bidder[b]].append(Int32(b))
        }
        return extendCliques ? ConflictCliques.maximal(byGood + byBidder, bidCount: value.count,
                                                                    conflicts: conflicts, value: value)
            : (byGood + byBidder).filter { $0.count > 1 }
    }

    /// The LP relaxation loaded straight into CLP: maximize Σ value·y over 0 ≤ y ≤ 1 with
    /// `rows` (Σ_{b ∈ row} y_b ≤ 1); one column per kept bid, in bid order.
    static func relaxationLP(value: [Double], rows: [[Int32]], options: SolveOptions) -> ReoptimizableLP {
        let n = value.count
        var starts = Array(repeating: 0, count: n + 1)
        for row in rows { for b in row { starts[Int(b) + 1] += 1 } }
        for j in 0..<n { starts[j + 1] += starts[j] }
        var next = starts
        var entries = Array(repeating: Int32(0), count: starts[n])
        for (r, row) in rows.enumerated() {
            for b in row { entries[next[Int(b)]] = Int32(r); next[Int(b)] += 1 }
        }
        return ReoptimizableLP(starts: starts, rows: entries, elements: Array(repeating: 1, count: entries.count),
                               columnLower: Array(repeating: 0, count: n), columnUpper: Array(repeating: 1, count: n),
                               objective: value, rowLower: Array(repeating: -Double.greatestFiniteMagnitude, count: rows.count),
                               rowUpper: Array(repeating: 1, count: rows.count), maximize: true, options: options)
    }

    /// The conflict graph of the kept bids as bit rows (`words` = ⌈bids/64⌉ words per bid):
    /// bits b and c are set when the two bids share a good or a bidder (so at most one of
    /// them wins).
    func conflictGraph() -> (words: Int, bits: [UInt64]) {
        let n = value.count, w = max(1, (n + 63) / 64)
        var bits = Array(repeating: UInt64(0), count: n * w)
        var byGood = Array(repeating: [Int](), count: share.count)
        var byBidder = Array(repeating: [Int](), count: bidderMax.count)
        for b in 0..<n {
            for g in goodsOf[b] { byGood[g].append(b) }
            byBidder[bidder[b]].append(b)
        }
        for row in byGood + byBidder where row.count > 1 {
            for b in row { for c in row { bits[b * w + (c >> 6)] |= 1 << UInt64(c & 63) } }
        }
        return (w, bits)
    }

    /// Runs the LP-based search from the current incumbent; false when the node limit was hit.
    mutating func runLP(nodeLimit: Int, options: SolveOptions) throws -> Bool {
        guard !value.isEmpty else { return true }
        let conflicts = conflictGraph()
        let rows = relaxationRows(conflicts: conflicts)
        let lp = BranchAndBoundSearch.relaxationLP(value: value, rows: rows, options: options)
        localSearch()
        lp.firstSolveByDual = true
        var cuts = CliqueSeparator(conflicts: conflicts, value: value, rows: rows)
        var nodes = 0
        let ok = try lpNode(lp, &nodes, nodeLimit, &cuts)
        lpNodes += nodes
        return ok
    }

    /// Root cut loop limits: rounds and cuts per round.
    static let cutRounds = 30, cutsPerRound = 100

    /// Root cut loop: clique inequalities of the conflict graph violated by the LP optimum
    /// (``CliqueSeparator``) are added as rows and the LP re-solved, for at most
    /// ``cutRounds`` rounds, until no violated clique is found, or until a round lowers the
    /// bound by less than a relative 1e-4; then the cuts not tight at the last optimum are
    /// deleted. The cuts are valid for every allocation, so they stay in every node LP.
    /// Returns the last outcome. (Measured on CATS `regions` 256 × 1000 seed 1: 1 569 node LPs
    /// and 35 CPU seconds instead of 11 775 node LPs without cuts; stopping the rounds once
    /// one closes less than 2 % (5 %) of the root gap: 4 025 (5 485) node LPs, 43 (57) s.
    /// Separating again at nodes of depth ≤ 3 doubled the time on `arbitrary` 64 × 500.)
    private mutating func rootCuts(_ lp: ReoptimizableLP, _ first: Double, _ cuts: inout CliqueSeparator) -> ReoptimizableLP.Outcome {
        var outcome = ReoptimizableLP.Outcome.optimal(first)
        var bound = first
        for _ in 0..<BranchAndBoundSearch.cutRounds {
            let y = lp.values
            guard y.contains(where: { $0 > 1e-7 && $0 < 1 - 1e-7 }) else { break }
            roundLP(y)
            let found = cuts.separate(y, limit: BranchAndBoundSearch.cutsPerRound)
            guard !found.isEmpty else { break }
            var starts = [0], columns: [Int32] = []
            for clique in found { columns += clique; starts.append(columns.count) }
            lp.addRows(starts: starts, columns: columns, elements: Array(repeating: 1, count: columns.count),
                       upper: Array(repeating: 1, count: found.count))
            cutRows += found.count
            outcome = lp.solve(cutoff: pruneLevel())
            guard case .optimal(let v) = outcome else { break }
            if bound - v <= 1e-4 * max(1, abs(bound)) { bound = v; break }
            bound = v
        }
        // Cuts not tight at the last root optimum only slow the node LPs down: drop them.
        if cutRows > 0, case .optimal = outcome {
            let activity = lp.rowActivities
            let slack = (cuts.baseRows..<activity.count).filter { activity[$0] < 1 - 1e-6 }
            if !slack.isEmpty {
                lp.deleteRows(slack)
                cutRows -= slack.count
                outcome = lp.solve(cutoff: pruneLevel())
            }
        }
        return outcome
    }

    /// Local search from the incumbent: a bid not in it replaces the incumbent's bids it
    /// conflicts with (same good or bidder) when it is worth more than they are together,
    /// then the freed goods are refilled greedily (most valuable fitting bid first); repeated
    /// until no swap gains. Replaces the incumbent when better.
    mutating func localSearch() {
        if valueOrder.isEmpty { valueOrder = value.indices.sorted { value[$0] > value[$1] } }
        var goodOwner = Array(repeating: -1, count: share.count)
        var bidderOwner = Array(repeating: -1, count: bidderMax.count)
        var total = 0.0
        for b in bestChoice {
            for g in goodsOf[b] { goodOwner[g] = b }
            bidderOwner[bidder[b]] = b
            total += value[b]
        }
        func take(_ b: Int) { for g in goodsOf[b] { goodOwner[g] = b }; bidderOwner[bidder[b]] = b; total += value[b] }
        func drop(_ b: Int) { for g in goodsOf[b] { goodOwner[g] = -1 }; bidderOwner[bidder[b]] = -1; total -= value[b] }
        func fitsNow(_ b: Int) -> Bool { bidderOwner[bidder[b]] < 0 && goodsOf[b].allSatisfy { goodOwner[$0] < 0 } }
        var improved = true
        var passes = 0
        while improved && passes < 50 {
            improved = false
            passes += 1
            for b in valueOrder where bidderOwner[bidder[b]] != b {
                var clash: [Int] = []
                if bidderOwner[bidder[b]] >= 0 { clash.append(bidderOwner[bidder[b]]) }
                for g in goodsOf[b] where goodOwner[g] >= 0 && !clash.contains(goodOwner[g]) { clash.append(goodOwner[g]) }
                let loss = clash.reduce(0.0) { $0 + value[$1] }
                guard value[b] > loss + 1e-9 * max(1, total) else { continue }
                let before = total
                for c in clash { drop(c) }
                take(b)
                for c in valueOrder where fitsNow(c) { take(c) }
                if total > before + 1e-9 * max(1, before) { improved = true }
            }
        }
        if total > best {
            var chosen: [Int] = []
            for b in value.indices where bidderOwner[bidder[b]] == b { chosen.append(b) }
            best = chosen.reduce(0.0) { $0 + value[$1] }
            bestChoice = chosen
        }
    }

    private func pruneLevel() -> Double { best + 1e-9 * max(1, abs(best)) }

    private mutating func lpNode(_ lp: ReoptimizableLP, _ nodes: inout Int, _ limit: Int,
                                 _ cuts: inout CliqueSeparator) throws -> Bool {
        nodes += 1
        if nodes > limit { return false }
        var outcome = lp.solve(cutoff: pruneLevel())
        if nodes == 1, case .optimal(let v) = outcome {
            rootBoundBeforeCuts = v
            outcome = rootCuts(lp, v, &cuts)
        }
        let objective: Double
        switch outcome {
        case .infeasible, .cutoff: return true
        case .failed(let message): throw SolverError.notOptimal(.solverError(message))
        case .optimal(let v): objective = v
        }
        if nodes == 1 { rootBound = objective }
        if objective <= pruneLevel() { return true }
        let y = lp.values
        guard y.contains(where: { $0 > 1e-7 && $0 < 1 - 1e-7 }) else {
            // Integral: the node's optimum is an allocation.
            let picked = y.indices.filter { y[$0] > 0.5 }
            let total = picked.reduce(0.0) { $0 + value[$1] }
            if total > best {
                best = total; bestChoice = picked
                localSearch()
            }
            return true
        }
        roundLP(y)
        if objective <= pruneLevel() { return true }
        // Reduced-cost fixing: a bid at a bound whose move to the other bound would cost
        // more than the gap to the incumbent keeps its value in this subtree.
        let fixed = lp.fixByReducedCost(y, gap: objective - pruneLevel())
        defer { lp.restoreBounds(fixed) }
        // Branch on the fractional bid of largest value·min(y, 1 − y). (Measured: reliability
        // branching — pseudo-costs, strong branching on 8 candidates until each bid was
        // observed once both ways — needed about twice the nodes and 5-20× the time on CATS
        // arbitrary, uniform and regions 64 × 500: the depth-first search profits more from
        // diving on valuable bids, and each strong-branching LP from a restored basis costs
        // about a node.)
        let branch = ReoptimizableLP.branchingColumn(y, weights: value)
        return try lp.branch(on: branch) { try lpNode(lp, &nodes, limit, &cuts) }
    }

    /// Rounding heuristic: the bids by decreasing y (ties: higher value), each taken when it
    /// fits — so every bid with y > ½ is taken — ; replaces the incumbent when better.
    private mutating func roundLP(_ y: [Double]) {
        let order = y.indices.filter { y[$0] > 1e-9 }.sorted { y[$0] != y[$1] ? y[$0] > y[$1] : value[$0] > value[$1] }
        var total = 0.0
        var picked: [Int] = []
        for b in order where fitsFree(b) {
            markUsed(b); picked.append(b); total += value[b]
        }
        for b in picked { markUsed(b) }
        if total > best {
            best = total; bestChoice = picked
            localSearch()
        }
    }
}

/// Separation of clique inequalities Σ_{b ∈ C} y_b ≤ 1 (C a clique of the bid conflict graph:
/// at most one of its bids wins in any allocation) violated by a fractional LP point: from
/// each fractional bid, a clique is grown greedily inside the support (the conflicting bid of
/// largest y first); when its y-sum exceeds 1 it is extended to a maximal clique (most
/// valuable bid first — bids at 0 make the row tighter for later nodes) and kept unless it is
/// already a row.
struct CliqueSeparator {
    let conflicts: (words: Int, bits: [UInt64])
    let value: [Double]
    var known: Set<[Int32]>
    /// Rows of the relaxation before any cut.
    let baseRows: Int

    init(conflicts: (words: Int, bits: [UInt64]), value: [Double], rows: [[Int32]]) {
        baseRows = rows.count
        self.conflicts = conflicts
        self.value = value
        known = Set(rows.map { $0.sorted() })
    }

    /// At most `limit` new violated cliques (by decreasing violation), each sorted.
    mutating func separate(_ y: [Double], limit: Int) -> [[Int32]] {
        let n = value.count, w = conflicts.words
        var support = Array(repeating: UInt64(0), count: w)
        for b in 0..<n where y[b] > 1e-9 { support[b >> 6] |= 1 << UInt64(b & 63) }
        let seeds = (0..<n).filter { y[$0] > 1e-7 && y[$0] < 1 - 1e-7 }.sorted { y[$0] > y[$1] }
        var found: [(Double, [Int32])] = []
        var candidates = Array(repeating: UInt64(0), count: w)
        for s in seeds {
            var clique = [s]
            var sum = y[s]
            for k in 0..<w { candidates[k] = support[k] & conflicts.bits[s * w + k] }
            candidates[s >> 6] &= ~(1 << UInt64(s & 63))
            while let pick = ConflictCliques.mostValuable(candidates, by: y) {
                clique.append(pick); sum += y[pick]
                for k in 0..<w { candidates[k] &= conflicts.bits[pick * w + k] }
                candidates[pick >> 6] &= ~(1 << UInt64(pick & 63))
            }
            guard sum > 1 + 1e-6 else { continue }
            // Extend to a maximal clique over all bids.
            for k in 0..<w { candidates[k] = ~0 }
            if n % 64 != 0 { candidates[w - 1] = (1 << UInt64(n % 64)) - 1 }
            for b in clique {
                for k in 0..<w { candidates[k] &= conflicts.bits[b * w + k] }
                candidates[b >> 6] &= ~(1 << UInt64(b & 63))
            }
            while let pick = ConflictCliques.mostValuable(candidates, by: value) {
                clique.append(pick)
                for k in 0..<w { candidates[k] &= conflicts.bits[pick * w + k] }
                candidates[pick >> 6] &= ~(1 << UInt64(pick & 63))
            }
            let row = clique.sorted().map(Int32.init)
            if known.insert(row).inserted { found.append((sum, row)) }
        }
        found.sort { $0.0 > $1.0 }
        return found.prefix(limit).map { $0.1 }
    }
}

