/// The goods search of ``WinnerDeterminationStrategy/goodsSearch``: exact winner
/// determination for XOR bids by depth-first branch and bound over goods (CASS style:
/// Fujishima, Leyton-Brown, Shoham 1999; Sandholm 2002), in pure Swift — no solver call, no
/// model building, thread-safe.
///
/// Goods are put in an order (most contested first); a bid lives in the bin of its first
/// good in that order. At a node every good before position p is decided (sold or left
/// unsold), so the next decision is the first undecided free good: either one of its bin's
/// bids whose goods are all free and whose bidder has not won yet, or leaving it unsold.
/// Upper bound at a node: current welfare plus the smaller of (a) Σ over undecided free
/// goods of the good's best per-good price share `max_b value_b / |b|` and (b) Σ over
/// bidders who have not won of their best bid — both relaxations of the rest; first with
/// the shares and best bids of all bids (kept incrementally), then, if that does not cut,
/// recomputed over the bids still possible at the node (in a bin at or after p, all goods
/// free, bidder not yet winning). The incumbent starts from a greedy allocation. A branch is
/// cut when its bound does not exceed the incumbent by more than a relative 1e-12
/// (floating-point noise of the sums). The search gives up beyond its node limit, so the
/// time per call is bounded.
///
/// The same state serves the LP branch and bound (``WinnerDeterminationStrategy/lpBranchAndBound``).
struct BranchAndBoundSearch {
    let words: Int
    // Per kept bid (value > 0, no removed good): bidder, index in its list, value, goods.
    var bidder: [Int] = []
    var original: [Int] = []
    var value: [Double] = []
    var mask: [UInt64] = []          // words per bid, contiguous
    var goodsOf: [[Int]] = []        // goods of each bid
    var bins: [[Int]] = []           // per order position, bids whose first good is there
    var order: [Int] = []            // position → good
    var share: [Double] = []         // per good: best value / size among bids on it
    var bidderMax: [Double] = []
    // Search state.
    var used: [UInt64]
    var bidderUsed: [Bool]
    var choice: [Int] = []
    var bestChoice: [Int] = []
    var best = 0.0
    var nodes = 0
    var limit = 0
    var hasEmptyBid = false
    var shareScratch: [Double] = []
    /// Node LPs of the LP branch and bound, and its root LP bound.
    var lpNodes = 0
    var rootBound = Double.nan
    /// The root LP bound before the clique cuts, and the number of cut rows added.
    var rootBoundBeforeCuts = Double.nan
    var cutRows = 0
    /// Bids by decreasing value (for the local search; built on first use).
    var valueOrder: [Int] = []
    /// Whether the LP branch and bound strengthens its rows to maximal cliques.
    var extendCliques = true

    var bidderScratch: [Double] = []

    init(bidLists: [[BidAuction.Bid]], goodCount: Int, removed: GoodSet?) {
        words = max(1, (goodCount + 63) / 64)
        used = Array(repeating: 0, count: words)
        bidderUsed = Array(repeating: false, count: bidLists.count)
        bidderMax = Array(repeating: 0, count: bidLists.count)
        share = Array(repeating: 0, count: goodCount)
        var count = Array(repeating: 0, count: goodCount)
        let capacity = bidLists.reduce(0) { $0 + $1.count }
        bidder.reserveCapacity(capacity); original.reserveCapacity(capacity); value.reserveCapacity(capacity)
        goodsOf.reserveCapacity(capacity); mask.reserveCapacity(capacity * words)
        for (i, list) in bidLists.enumerated() {
            for (k, bid) in list.enumerated() where bid.value > 0 {
                if let removed, bid.goods.intersects(removed) { continue }
                let goods = bid.goods.elements
                if goods.isEmpty { hasEmptyBid = true; continue }
                bidder.append(i); original.append(k); value.append(bid.value); goodsOf.append(goods)
                let base = mask.count
                mask.append(contentsOf: repeatElement(0, count: words))
                for g in goods { mask[base + g >> 6] |= 1 << UInt64(g & 63); count[g] += 1 }
                bidderMax[i] = max(bidderMax[i], bid.value)
                let s = bid.value / Double(goods.count)
                for g in goods where s > share[g] { share[g] = s }
            }
        }
        // Most contested goods first (branching early where bids conflict most).
        order = (0..<goodCount).sorted { count[$0] != count[$1] ? count[$0] > count[$1] : $0 < $1 }
        var position = Array(repeating: 0, count: goodCount)
        for (p, g) in order.enumerated() { position[g] = p }
        bins = Array(repeating: [], count: goodCount)
        for b in value.indices where !goodsOf[b].isEmpty {
            bins[goodsOf[b].map { position[$0] }.min()!].append(b)
        }
        for p in bins.indices { bins[p].sort { value[$0] > value[$1] } }
    }

    /// Runs the search from the greedy incumbent (or `incumbent`, see ``seedIncumbent(_:)``);
    /// false when the node limit was hit (or a bid names no good, which
    /// the goods-based search does not cover; CATS bids always name goods).
    mutating func run(nodeLimit: Int, incumbent: [Int]? = nil) -> Bool {
        guard !hasEmptyBid else { return false }
        limit = nodeLimit
        shareScratch = Array(repeating: 0, count: share.count)
        bidderScratch = Array(repeating: 0, count: bidderMax.count)
        seedIncumbent(incumbent)
        var remaining = 0.0
        for g in order { remaining += share[g] }
        return search(0, 0, remaining, bidderMax.reduce(0, +))
    }

    @inline(__always) private func isUsed(_ g: Int) -> Bool { used[g >> 6] & (1 << UInt64(g & 63)) != 0 }

    @inline(__always) func fits(_ b: Int) -> Bool {
        let base = b * words
        for w in 0..<words where mask[base + w] & used[w] != 0 { return false }
        return true
    }

    @inline(__always) mutating func toggle(_ b: Int) {
        let base = b * words
        for w in 0..<words { used[w] ^= mask[base + w] }
    }

    /// The same two bounds restricted to the bids still possible at a node (in a bin at or
    /// after position p — their goods are all undecided —, on free goods, of a bidder who has
    /// not won): the smaller of Σ per-good best shares and Σ per-bidder best bids.
    private mutating func dynamicBound(from p: Int) -> Double {
        for g in order[p...] { shareScratch[g] = 0 }
        for k in bidderScratch.indices { bidderScratch[k] = 0 }
        for q in p..<bins.count {
            for b in bins[q] where !bidderUsed[bidder[b]] && fits(b) {
                let v = value[b], s = v / Double(goodsOf[b].count)
                for h in goodsOf[b] where s > shareScratch[h] { shareScratch[h] = s }
                if v > bidderScratch[bidder[b]] { bidderScratch[bidder[b]] = v }
            }
        }
        var byGoods = 0.0, byBidders = 0.0
        for g in order[p...] { byGoods += shareScratch[g] }
        for v in bidderScratch { byBidders += v }
        return min(byGoods, byBidders)
    }

    /// Whether bid b fits: its goods are free and its bidder has not won.
    @inline(__always) func fitsFree(_ b: Int) -> Bool { !bidderUsed[bidder[b]] && fits(b) }

    /// Takes bid b (or gives it back: the same call undoes it).
    @inline(__always) mutating func markUsed(_ b: Int) { toggle(b); bidderUsed[bidder[b]].toggle() }

    /// Sets the incumbent to the greedy allocation, or to `winning` (a bid index per bidder
    /// in the original lists, -1 for none) when that is a feasible allocation worth more.
    mutating func seedIncumbent(_ winning: [Int]? = nil) {
        greedy()
        guard let winning, winning.count == bidderUsed.count else { return }
        var kept: [Int: Int] = [:]   // bidder·stride + index in its list → kept bid
        let stride = (original.max() ?? 0) + 1
        for b in value.indices { kept[bidder[b] * stride + original[b]] = b }
        var picked: [Int] = []
        var total = 0.0
        var feasible = true
        for (k, o) in winning.enumerated() where o >= 0 {
            guard o < stride, let b = kept[k * stride + o], fitsFree(b) else { feasible = false; break }
            markUsed(b); picked.append(b); total += value[b]
        }
        for b in picked { markUsed(b) }
        if feasible && total > best { best = total; bestChoice = picked }
    }

    /// A first incumbent: bids by decreasing value per good, taken when compatible.
    private mutating func greedy() {
        let sorted = value.indices.filter { !goodsOf[$0].isEmpty }
            .sorted { value[$0] / Double(goodsOf[$0].count).squareRoot() > value[$1] / Double(goodsOf[$1].count).squareRoot() }
        var total = 0.0
        var picked: [Int] = []
        for b in sorted where !bidderUsed[bidder[b]] && fits(b) {
            toggle(b); bidderUsed[bidder[b]] = true; picked.append(b); total += value[b]
        }
        for b in picked { toggle(b); bidderUsed[bidder[b]] = false }
        best = total
        bestChoice = picked
    }

    private mutating func search(_ start: Int, _ current: Double, _ remaining: Double, _ bidderRemaining: Double) -> Bool {
        nodes += 1
        if nodes > limit { return false }
        var p = start
        while p < order.count && isUsed(order[p]) { p += 1 }
        if current > best {
            best = current
            bestChoice = choice
        }
        if p == order.count { return true }
        let bound = current + min(remaining, bidderRemaining)
        if bound <= best + 1e-12 * max(1, best) { return true }
        if current + dynamicBound(from: p) <= best + 1e-12 * max(1, best) { return true }
        let g = order[p]
        for b in bins[p] where !bidderUsed[bidder[b]] && fits(b) {
            var rest = remaining
            for h in goodsOf[b] { rest -= share[h] }
            toggle(b); bidderUsed[bidder[b]] = true; choice.append(b)
            let ok = search(p + 1, current + value[b], rest, bidderRemaining - bidderMax[bidder[b]])
            choice.removeLast(); bidderUsed[bidder[b]] = false; toggle(b)
            if !ok { return false }
            // The bound may have dropped below the incumbent after a better allocation.
            if current + min(remaining, bidderRemaining) <= best + 1e-12 * max(1, best) { return true }
        }
        // Leave good g unsold.
        return search(p + 1, current, remaining - share[g], bidderRemaining)
    }
}
