import Combinatorial
import Dispatch
import Foundation
import LinearOptimization
import Parallel

/// Where the time of a constraint-generation run went.
public struct ConstraintGenerationStatistics: Sendable, Equatable {
    /// Winner determinations solved (memo hits excluded).
    public var wdpSolves = 0
    /// Of those, how many needed CBC (the LP relaxation was fractional).
    public var wdpMIPSolves = 0
    /// Seconds in winner determination.
    public var wdpSeconds = 0.0
    /// Winner determinations for VCG (W and every W_{-j}).
    public var vcgSolves = 0
    /// Winner determinations for the others' exact value given agent i's option, C_{-i}(o).
    public var optionValueSolves = 0
    /// Separation winner determinations (W_{-j} at a candidate report).
    public var separationSolves = 0
    /// Winner determinations for R_{-i}, the VCG revenue without agent i (W_{-i} and
    /// W_{-i,-j}): Bailey's rule, and every agent's revenue at a report of 0.
    public var baileySolves = 0
    /// Separations skipped because the known exact cuts already gave W_{-j}(x*).
    public var separationsSkipped = 0
    /// Separations not solved exactly because the goods search's allocations (lower bounds)
    /// already showed the candidate's revenue above one computed exactly before.
    public var separationsDeferred = 0
    /// Short dives on the warm-started models (a few node LPs) for separations the cheap
    /// cuts did not settle: their allocations and root bounds before any exact solve.
    public var separationDives = 0
    /// Master MIPs solved.
    public var masterSolves = 0
    /// Seconds in master MIPs (building and solving).
    public var masterSeconds = 0.0
    /// Epigraph cut rows in the last master of each agent, summed over agents.
    public var cuts = 0
    /// Allocations in the shared pool at the end.
    public var poolSize = 0
    /// Memo hits (a winner determination already solved).
    public var memoHits = 0
    /// Winner determinations solved by the pure-Swift branch and bound (no solver call).
    public var wdpSearchSolves = 0
    /// Winner determinations solved by the LP-based branch and bound (CLP node LPs, no CBC).
    public var wdpLPSearchSolves = 0
    /// Separations solved on a warm-started model of the whole auction (see
    /// ``CombinatorialRevenueGuarantees``), and how many of them did not end at an integral
    /// root LP (they branched, or the incumbent cut the root off).
    public var warmSeparations = 0, warmSeparationsBranched = 0
    /// Node LPs of those warm-started separations.
    public var warmNodes = 0
}

/// Revenue guarantees G_i of a combinatorial auction WITHOUT enumerating allocations, by
/// constraint generation (the thesis's MIP, eq. 3.25-3.26, solved lazily).
///
/// Agent i's VCG revenue as a function of its type x, the others' reports fixed:
/// `R(x) = W_{-i} + Σ_{j≠i} W_{-j}(x) − (n−1)·W(x)` (since `R = Σ_j W_{-j} − (n−1)·W`). Agent i's part of any
/// allocation is one *option* o (nothing, a bid's bundle in the "bids" domain, any bundle in
/// the "monotone" domain), worth `x_o` to it; so `W(x) = max_o (C(o) + x_o)` with
/// `C(o) = W_{-i}` on the goods outside o's bundle, and `W_{-j}(x) = max over allocations a
/// without j of (Σ_{k≠i,j} v_k(a) + x_{o_i(a)})`.
///
/// Master MIP, a relaxation of G_i's problem (solved as one CLP LP per option o with z_o = 1,
/// see `solveMaster`):
///
///     min  W_{-i} + Σ_{j≠i} w_j − (n−1)·W
///     s.t. w_j ≥ κ_{j,o} + x_o           for the cuts found so far (one per allocation, κ from
///                                        the pool, see ``PooledAllocation``)
///          W ≤ Ĉ(o) + x_o + M_o(1 − z_o)  ∀ o,   Σ_o z_o = 1,   z binary,   x ∈ Θ_i
///
/// "The chosen allocation is efficient" needs no constraint: the objective pushes W up, so
/// W = max_o (Ĉ(o) + x_o) at the optimum (the thesis's `W ≥ …` rows are implied). Ĉ(o) is an
/// upper bound on C(o): W_{-i} (fewer goods never raise the welfare) until C(o) has been
/// computed; that keeps the master a relaxation (W overestimated, w_j underestimated, so its
/// optimum L ≤ G_i). Smallest valid M_o = max_{o'} (Ĉ(o') + u_{o'}) − Ĉ(o) − l_o (the row
/// must be slack whenever z_o = 0), with l, u the bounds of x_o; an unbounded domain is
/// capped by ``SufficientCap``'s bound `dim·max(D, B) + 1`, where the constants of every max
/// term lie in [0, W_{-i}] so D ≤ W_{-i}.
///
/// First the report 0 (when Θ_i holds it): R(0) = R_{-i}, the VCG revenue without i
/// (``revenueWithout(agent:)``), is the first upper bound U on G_i. Loop: solve the master →
/// candidate x*, bound L; stop when U ≤ L + tol (G_i = U). Make W(x*) exact (compute C(o) by
/// one winner determination for the maximizing option until it is exact). For every j:
/// if j wins nothing in the efficient allocation at x*, `W_{-j}(x*) = W(x*)` (that allocation
/// is feasible without j), no solve; otherwise a separation: first a quick feasible
/// allocation without j (the goods search's best, or a greedy completion when bidders
/// outnumber goods). If these lower bounds already put R(x*) above U, x* is no minimizer:
/// the allocations join the pool and the master is solved again (first with those
/// allocations, then, when dives pay off, after a one-node dive per separation on the
/// warm-started model). Otherwise the separations are solved exactly, a few at a time (the
/// same test after each batch) — an optimal allocation whose rest is optimal for the
/// others, so its cut is the tightest for its (j, option) pair — which gives R(x*) exactly:
/// U = min(U, R(x*)), stop when U ≤ L + tol, else the new allocations join the pool and
/// the master is solved again. Every iteration that does not stop adds a cut that x* violates or an exact
/// C(o), and there are finitely many, so the loop ends.
///
/// Speed (only the time depends on these, never a result): a separation or option value is
/// tried by the goods search first, then on a warm-started CLP model of the whole auction
/// kept per thread (``WarmWinnerDetermination``: agent i's bids re-valued, j's bids and bids
/// on removed goods fixed at 0, re-solved from the last basis), then by the default winner
/// determination. A separation is skipped when the known cuts settle W_{-j}(x*); the cut of
/// (j, nothing) is exact when W_{-i,-j} is known, which any optimal allocation without j in
/// which i wins nothing (VCG's W_{-j}, another agent's separation) shows, and
/// C^j(o) ≤ C^j(nothing) bounds every option.
///
/// ```swift
/// let engine = try CombinatorialRevenueGuarantees(auction)
/// let vcg = try engine.vickreyClarkeGroves()
/// let g = try engine.revenueGuarantees()
/// ```
public final class CombinatorialRevenueGuarantees: Sendable {
    /// The auction.
    public let auction: BidAuction
    /// Whether cuts found for one agent are used by the others (see ``PooledAllocation``).
    public let reuseCuts: Bool
    /// Solver settings (time limit per solve).
    public let solveOptions: SolveOptions
    /// Threads: agents run concurrently on up to `jobs` threads in ``revenueGuarantees(progress:)``,
    /// and one agent's separation winner determinations of a round run on up to `jobs` threads.
    public let jobs: Int
    /// Node limit of the goods search tried first in every winner determination (cut to 1/40
    /// once it nearly always fails; 0: skip both searches, always CLP/CBC; see
    /// ``WinnerDeterminationProblem/solve(_:incumbent:)``).
    public let searchNodeLimit: Int
    /// Node-LP limit of the LP-based branch and bound tried next (0: go straight to CLP/CBC).
    public let lpNodeLimit: Int
    /// Where the time went.
    public var statistics: ConstraintGenerationStatistics { shared.withLock { $0.statistics } }
    /// All allocations found.
    public var pool: [PooledAllocation] { shared.withLock { $0.pool } }

    /// What the agents share (under a lock, so agents can run on several threads): the pool
    /// of allocations, the memo of winner determinations on the reports, VCG, statistics.
    private struct Shared: Sendable {
        var statistics = ConstraintGenerationStatistics()
        var pool: [PooledAllocation] = []
        /// The pool's winners and values in flat arrays, which agents scan far faster.
        var flat = FlatPool()
        mutating func addToPool(_ a: PooledAllocation) {
            pool.append(a)
            flat.append(a)
        }
        var memo: [MemoKey: WinnerDeterminationResult] = [:]
        /// Winner determinations on the reports solved on the warm-started models.
        var warmMemo: [MemoKey: ReportedAnswer] = [:]
        /// W_{-a,-b} on the reports, keyed by the pair (a < b), where known exactly (see
        /// ``learnPairs(excluded:winning:welfare:)``).
        var pairWelfare: [Pair: Double] = [:]
        var vcgResult: VCGOutcome?
        /// Winner determinations tried, and solved by the goods search (for ``searchLimit()``).
        var searchTries = 0, searchesSolved = 0
        /// Rounds with dives, and of those the ones the dives ended (for ``divesPayOff()``).
        var diveRounds = 0, diveRoundsDeferred = 0
    }
    private struct VCGOutcome: Sendable { var vcg: VCGResult; var winning: [Int] }
    private let shared = Locked(Shared())
    /// The warm-started separation models ("bids" domain; `nil` for "monotone", whose
    /// options are not bids of the auction).
    private let warm: WarmWinnerDeterminations?

    private struct MemoKey: Hashable, Sendable { var excluded: [Int]; var removed: GoodSet }
    private struct Pair: Hashable, Sendable {
        var a: Int, b: Int
        init(_ x: Int, _ y: Int) { a = min(x, y); b = max(x, y) }
    }

    /// Records the W_{-a,-b} that an optimal allocation on the reports without the bidders
    /// `excluded` (one or two, no goods removed) settles: an optimal allocation in which a
    /// bidder wins nothing is also optimal without that bidder, so without j it gives
    /// W_{-j,-a} = its welfare for every loser a, and without {a, b} it is W_{-a,-b} itself.
    private func learnPairs(excluded: [Int], winning: [Int], welfare: Double) {
        shared.withLock { state in
            if excluded.count == 2 { state.pairWelfare[Pair(excluded[0], excluded[1])] = welfare }
            guard excluded.count == 1, let j = excluded.first else { return }
            for a in winning.indices where a != j && winning[a] < 0 { state.pairWelfare[Pair(a, j)] = welfare }
        }
    }
    /// A winner determination's welfare and winning bid per bidder (-1: none).
    private struct ReportedAnswer: Sendable { var welfare: Double; var winning: [Int] }

    /// Creates the engine.
    public init(_ auction: BidAuction, reuseCuts: Bool = true, solveOptions: SolveOptions = SolveOptions(), jobs: Int = 1,
                searchNodeLimit: Int = 2_000, lpNodeLimit: Int = 20_000) {
        self.auction = auction
        self.searchNodeLimit = max(0, searchNodeLimit)
        self.lpNodeLimit = max(0, lpNodeLimit)
        self.jobs = max(1, jobs)
        self.reuseCuts = reuseCuts
        self.solveOptions = solveOptions
        // One model per thread that can run a separation at once (agents on `jobs` threads,
        // each running its separations on up to `jobs` threads).
        warm = auction.domain == .bids && lpNodeLimit > 0
            ? WarmWinnerDeterminations(auction, slots: self.jobs * (self.jobs + 1), options: solveOptions) : nil
    }

    private func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// The goods search's node limit for the next winner determinations: `searchNodeLimit`,
    /// cut to 1/40 of it once the search nearly always fails (at least 16 tried, under one in
    /// eight solved by it) — on auctions where it rarely finishes (e.g. CATS `decay`) its
    /// failed attempts cost more than the LP-based search they precede (measured: `decay`
    /// 64 × 200 in 16.6-18.4 s instead of 54.8 s; probing the full limit every 8th time: 23.5 s
    /// and did not help `arbitrary`). Only the time depends on it, never a result.
    private func searchLimit() -> Int {
        let (tries, solved) = shared.withLock { ($0.searchTries, $0.searchesSolved) }
        guard searchNodeLimit > 0, tries >= 16, 8 * solved < tries else { return searchNodeLimit }
        return max(1, searchNodeLimit / 40)
    }

    /// Whether the next round's unsettled separations get a dive (one node LP and its
    /// rounding each) before the exact solves: while probing (the first 16 rounds with
    /// dives), and then when the rounds the dives ended early, times the node LPs of an
    /// average exact separation (what a dive saves), outweigh the rounds dived (what dives
    /// cost, about one node LP per separation). Only the time depends on it, never a result.
    private func divesPayOff() -> Bool {
        shared.withLock { state in
            let s = state.statistics
            guard state.diveRounds >= 16, s.warmSeparations > 0 else { return true }
            return Double(state.diveRoundsDeferred) * Double(s.warmNodes) / Double(s.warmSeparations) >= Double(state.diveRounds)
        }
    }

    /// The winner-determination options of the next round.
    private func wdpOptions() -> WinnerDeterminationOptions {
        WinnerDeterminationOptions(searchNodeLimit: searchLimit(), lpNodeLimit: lpNodeLimit, solve: solveOptions)
    }

    private func record(_ r: WinnerDeterminationResult, _ kind: WritableKeyPath<ConstraintGenerationStatistics, Int>? = nil) {
        shared.withLock { state in
            state.searchTries += 1
            if r.branchAndBound { state.searchesSolved += 1 }
            state.statistics.wdpSolves += 1
            state.statistics.wdpSeconds += r.seconds
            if !r.lpIntegral { state.statistics.wdpMIPSolves += 1 }
            if r.branchAndBound { state.statistics.wdpSearchSolves += 1 }
            if r.lpBranchAndBound { state.statistics.wdpLPSearchSolves += 1 }
            if let kind { state.statistics[keyPath: kind] += 1 }
        }
    }

    private func addToPool(_ a: PooledAllocation) { shared.withLock { $0.addToPool(a) } }

    /// Winner determination on the reports without `excluded` and the goods `removed`
    /// (memoized); its allocation joins the pool. Returns (welfare, winning bid per bidder).
    /// `kind`: the statistics counter of a fresh solve.
    private func reportedWDP(excluding excluded: [Int], removed: GoodSet,
                             kind: WritableKeyPath<ConstraintGenerationStatistics, Int>) throws -> WinnerDeterminationResult {
        let key = MemoKey(excluded: excluded.sorted(), removed: removed)
        if let hit = shared.withLock({ state -> WinnerDeterminationResult? in
            guard let hit = state.memo[key] else { return nil }
            state.statistics.memoHits += 1
            return hit
        }) { return hit }
        let r = try auction.winnerDetermination(excluding: Set(excluded), removed: removed, options: wdpOptions())
        record(r, kind)
        let winners = r.winning.indices.filter { r.winning[$0] >= 0 }
        let allocation = PooledAllocation(auction, winners: winners, bundles: winners.map { auction.bids[$0][r.winning[$0]].goods })
        shared.withLock { state in
            state.memo[key] = r
            state.addToPool(allocation)
        }
        if removed.isEmpty { learnPairs(excluded: excluded, winning: r.winning, welfare: r.welfare) }
        return r
    }

    /// ``reportedWDP(excluding:removed:kind:)`` solved on a warm-started model when one is
    /// idle (memoized; the default winner determination when the model's branch and bound
    /// hits its node limit). `incumbent`: a bid per bidder to start the search from (bids
    /// left out by `excluded` or `removed` are dropped from it).
    private func reportedAnswer(excluding excluded: [Int], removed: GoodSet, incumbent: [Int]?,
                                kind: WritableKeyPath<ConstraintGenerationStatistics, Int>) throws -> ReportedAnswer {
        var incumbent = incumbent
        let key = MemoKey(excluded: excluded.sorted(), removed: removed)
        if let hit = shared.withLock({ state -> ReportedAnswer? in
            guard let hit = state.memo[key].map({ ReportedAnswer(welfare: $0.welfare, winning: $0.winning) }) ?? state.warmMemo[key] else { return nil }
            state.statistics.memoHits += 1
            return hit
        }) { return hit }
        let t0 = clock()
        // The goods search first (microseconds on easy problems), as in the default winner
        // determination.
        let searchNodes = searchLimit()
        if warm != nil && searchNodes > 0 {
            let problem = auction.winnerDeterminationProblem(excluding: Set(excluded), removed: removed)
            let attempt = try problem.goodsSearch(nodeLimit: searchNodes, incumbent: incumbent)
            if let r = attempt.solved {
                record(r, kind)
                let winners = r.winning.indices.filter { r.winning[$0] >= 0 }
                let allocation = PooledAllocation(auction, winners: winners, bundles: winners.map { auction.bids[$0][r.winning[$0]].goods })
                let answer = ReportedAnswer(welfare: r.welfare, winning: r.winning)
                shared.withLock { state in
                    state.warmMemo[key] = answer
                    state.addToPool(allocation)
                }
                if removed.isEmpty { learnPairs(excluded: excluded, winning: r.winning, welfare: r.welfare) }
                return answer
            }
            shared.withLock { $0.searchTries += 1 }
            // The warm model starts from the search's best allocation (at least the incumbent).
            if let best = attempt.best { incumbent = best }
        }
        guard let warm, let found = try warm.solve(agent: -1, values: [], excluded: excluded, removed: removed, incumbent: incumbent,
                                                  nodeLimit: lpNodeLimit), let r = found else {
            let r = try reportedWDP(excluding: excluded, removed: removed, kind: kind)
            return ReportedAnswer(welfare: r.welfare, winning: r.winning)
        }
        let seconds = clock() - t0
        let winners = r.winning.indices.filter { r.winning[$0] >= 0 }
        let allocation = PooledAllocation(auction, winners: winners, bundles: winners.map { auction.bids[$0][r.winning[$0]].goods })
        let answer = ReportedAnswer(welfare: r.welfare, winning: r.winning)
        shared.withLock { state in
            state.statistics.wdpSolves += 1
            state.statistics.wdpSeconds += seconds
            state.statistics[keyPath: kind] += 1
            state.warmMemo[key] = answer
            state.addToPool(allocation)
        }
        if removed.isEmpty { learnPairs(excluded: excluded, winning: r.winning, welfare: r.welfare) }
        return answer
    }

    /// VCG by winner determination: W, and W_{-j} for each winner j (a losing bidder's
    /// absence changes nothing: W_{-j} = W). Returns the result and each bidder's winning bid.
    public func vickreyClarkeGroves() throws -> (vcg: VCGResult, winning: [Int]) {
        if let v = shared.withLock({ $0.vcgResult }) { return (v.vcg, v.winning) }
        let none = GoodSet(count: auction.goodCount)
        let result = try auction.vickreyClarkeGroves { j in try reportedWDP(excluding: j.map { [$0] } ?? [], removed: none, kind: \.vcgSolves) }
        shared.withLock { $0.vcgResult = VCGOutcome(vcg: result.vcg, winning: result.winning) }
        return result
    }

    /// Bailey's rule's comparison quantity for agent i: the VCG revenue of the auction
    /// without i, `R_{-i} = Σ_{j≠i} W_{-i,-j} − (n−2)·W_{-i}` (thesis Sec. 3.5.2: the naive "drop
    /// the agent" redistribution pays each agent R_{-i}/n). It is also agent i's VCG revenue
    /// when it reports 0 for everything, so G_i ≤ R_{-i}.
    ///
    /// Only the terms of the bidders j that win without i need a winner determination, and
    /// most of those are known already: when i wins nothing in VCG's allocation, W_{-i} = W
    /// with that allocation, and W_{-i,-j} is known whenever some optimal allocation without j
    /// leaves i empty-handed (VCG's W_{-j}, a separation of constraint generation). The rest
    /// are solved on the warm-started models, started from the allocation without i with j's
    /// bid dropped. Every W_{-i,-j} found is shared with the other agents (and with
    /// ``revenueGuarantee(agent:progress:)``, whose cuts at a report of 0 are exactly these).
    public func revenueWithout(agent i: Int) throws -> Double {
        let n = auction.bidders.count
        let none = GoodSet(count: auction.goodCount)
        let (vcg, vcgWinning) = try vickreyClarkeGroves()
        let base = vcgWinning[i] < 0
            ? ReportedAnswer(welfare: vcg.welfare, winning: vcgWinning)
            : try reportedAnswer(excluding: [i], removed: none, incumbent: vcgWinning, kind: \.baileySolves)
        var total = -Double(n - 2) * base.welfare
        for j in 0..<n where j != i {
            guard base.winning[j] >= 0 else { total += base.welfare; continue }
            if let known = shared.withLock({ $0.pairWelfare[Pair(i, j)] }) { total += known; continue }
            total += try reportedAnswer(excluding: [i, j], removed: none, incumbent: base.winning, kind: \.baileySolves).welfare
        }
        return max(0, total)
    }

    /// ``revenueWithout(agent:)`` for every agent, in agent order, on up to ``jobs`` threads.
    public func revenuesWithout() throws -> [Double] {
        _ = try vickreyClarkeGroves()
        return try parallelMap(auction.bidders.count, jobs: jobs) { i in try revenueWithout(agent: i) }
    }

    /// Every agent's G_i, in agent order. Agents run concurrently on up to ``jobs`` threads
    /// (every solve is CLP or the pure-Swift searches; only a CBC fallback is serialized), and
    /// share the pool of allocations and the memo of winner determinations as they go. Each
    /// G_i is the optimum of its own problem, so it does not depend on the order or the
    /// number of threads (the pool only changes how many rounds are needed; the minimizing
    /// type may differ between optimal ones). `progress` is called (from worker threads) each
    /// time an agent starts a round or finishes.
    public func revenueGuarantees(progress: (@Sendable (AgentProgress) -> Void)? = nil) throws -> [AgentRevenueGuarantee] {
        _ = try vickreyClarkeGroves()
        return try parallelMap(auction.bidders.count, jobs: jobs) { i in try revenueGuarantee(agent: i, progress: progress) }
    }

    /// One agent's state in a run of ``revenueGuarantees(progress:)``.
    public struct AgentProgress: Sendable {
        /// The agent.
        public var agent: Int
        /// Master rounds so far.
        public var round: Int
        /// The master's lower bound L and the revenue R(x*) of its candidate (upper bound on
        /// G_i) of the last finished round; `nil` before the first.
        public var lowerBound: Double?, candidateRevenue: Double?
        /// Whether G_i is found.
        public var done: Bool
    }

    /// G_i for one agent (see the type's documentation), verified: the minimizing type lies
    /// in Θ_i and its VCG revenue, computed exactly by winner determination, is G_i.
    public func revenueGuarantee(agent i: Int, progress: (@Sendable (AgentProgress) -> Void)? = nil) throws -> AgentRevenueGuarantee {
        let n = auction.bidders.count
        let (vcg, vcgWinning) = try vickreyClarkeGroves()
        let options = try AgentOptions(auction, agent: i)
        let start = clock()
        var solverCalls = 0
        guard n >= 2 else {
            return AgentRevenueGuarantee(guarantee: 0, minimizingType: options.report, attainedRevenue: 0, method: .cg)
        }
        let none = GoodSet(count: auction.goodCount)
        let valueWithoutAgent = vcg.valueWithout[i]
        let m = options.count
        // Ĉ(o): exact when known, else the upper bound W_{-i}.
        var optionValue = Array(repeating: valueWithoutAgent, count: m)
        var exact = Array(repeating: false, count: m)
        // The allocation attaining C(o), with agent i receiving o's bundle.
        var optionAllocation = Array(repeating: PooledAllocation?.none, count: m)
        exact[0] = true
        let withoutAgent = try reportedAnswer(excluding: [i], removed: none, incumbent: vcgWinning, kind: \.optionValueSolves)
        solverCalls += 1
        var reported: [[Int]] = [withoutAgent.winning]   // winning bids, for `own` (without cut reuse)
        let winnersWithout = withoutAgent.winning.indices.filter { withoutAgent.winning[$0] >= 0 }
        optionAllocation[0] = PooledAllocation(auction, winners: winnersWithout,
                                               bundles: winnersWithout.map { auction.bids[$0][withoutAgent.winning[$0]].goods })
        var inPool = Array(repeating: false, count: m)   // optionAllocation[o] absorbed by this agent
        // exactPair[j][o]: κ[j][o] is known to equal C^j(o), the others' (without i and j)
        // best value on the goods outside o's bundle. True when C(o) is exact and j wins
        // nothing in its allocation (dropping a loser changes nothing), or when a separation
        // for j returned option o (the rest of an optimal allocation is optimal).
        var exactPair = Array(repeating: Array(repeating: false, count: m), count: n)
        func markExact(_ o: Int) {
            let winners = Set(optionAllocation[o]!.winners)
            for j in 0..<n where !winners.contains(j) { exactPair[j][o] = true }
        }
        markExact(0)
        // The allocations this agent reads: with cut reuse the shared pool, in its order;
        // without, only its own.
        var own: [PooledAllocation] = []
        func pooled(at index: Int) -> PooledAllocation {
            reuseCuts ? shared.withLock { $0.pool[index] } : own[index]
        }
        func takeReported() {
            for winning in reported {
                let winners = winning.indices.filter { winning[$0] >= 0 }
                own.append(PooledAllocation(auction, winners: winners, bundles: winners.map { auction.bids[$0][winning[$0]].goods }))
            }
            reported = []
        }
        takeReported()
        func publish(_ a: PooledAllocation) {
            addToPool(a)
            own.append(a)
        }
        publish(optionAllocation[0]!)
        inPool[0] = true
        // Cap for unbounded domains (SufficientCap's bound with D ≤ W_{-i}).
        var space = options.space
        let finiteBound = (space.lower + space.upper).filter(\.isFinite).map(abs).max() ?? 0
        let cap = Double(max(1, space.dimension)) * max(valueWithoutAgent, finiteBound) + 1
        space.upper = space.upper.map { min($0, cap) }
        // Cuts κ[j][o] from the pool.
        var kappa = Array(repeating: Array(repeating: -Double.infinity, count: m), count: n)
        // The allocation (its index among those read) each κ[j][o] comes from (a starting incumbent for separations).
        var kappaSource = Array(repeating: Array(repeating: -1, count: m), count: n)
        // κ[j][o] = max over the allocations a read with agent i on option o of a's value
        // without i and j: `base(a) − v_j(a)` where j wins in a, `base(a)` where it does not.
        // Kept in parts so that reading an allocation costs O(its winners), not O(n): the
        // best `base − v_j` per winner j; per option the allocation of the highest base
        // (`top`), which gives every bidder outside its winners their best `base`; and, for
        // the bidders inside (a few), the best base among the allocations without them —
        // updated as allocations arrive, recomputed by a scan when the top allocation changes.
        var processed = 0
        var kappaWin = Array(repeating: -Double.infinity, count: n * m)   // [j·m + o]
        var kappaWinSource = Array(repeating: -1, count: n * m)
        var top = Array(repeating: (base: -Double.infinity, source: -1), count: m)
        var topWinners = Array(repeating: [Int](), count: m)
        var withoutTopWinner = Array(repeating: [(base: Double, source: Int)](), count: m)   // parallel to topWinners
        var topChanged = Array(repeating: false, count: m)
        var optionAllocations = Array(repeating: [Int](), count: m)   // indices among those read, by option
        var bases: [Double] = []                                      // base(a), by index among those read
        var mark = Array(repeating: false, count: n)                  // scratch
        // Without cut reuse the agent's own allocations, flat (see ``FlatPool``); with it the
        // shared pool, read in place under the lock, a few thousand allocations at a time.
        var ownFlat = FlatPool()
        let agent = Int32(i)
        var touched = Array(repeating: false, count: m)
        // Reads the allocations `processed..<end` of `flat` (`pool` lists the same ones).
        func scan(_ flat: FlatPool, _ pool: [PooledAllocation], to end: Int) {
            flat.winners.withUnsafeBufferPointer { winners in
            flat.values.withUnsafeBufferPointer { values in
            kappaWin.withUnsafeMutableBufferPointer { kw in
            kappaWinSource.withUnsafeMutableBufferPointer { ks in
            for index in processed..<end {
                let lo = flat.offsets[index], hi = flat.offsets[index + 1]
                var o = 0
                var base = flat.totals[index]
                if let t = (lo..<hi).first(where: { winners[$0] == agent }) {
                    base -= values[t]
                    o = options.optionOf[pool[index].bundles[t - lo]] ?? 0
                }
                bases.append(base)
                optionAllocations[o].append(index)
                touched[o] = true
                for t in lo..<hi where winners[t] != agent {
                    let c = base - values[t], at = Int(winners[t]) * m + o
                    if c > kw[at] { kw[at] = c; ks[at] = index }
                }
                if base > top[o].base {
                    top[o] = (base, index)
                    topWinners[o] = (lo..<hi).map { Int(winners[$0]) }.filter { $0 != i }
                    topChanged[o] = true
                } else if !topChanged[o] {
                    for t in lo..<hi { mark[Int(winners[t])] = true }
                    for (t, j) in topWinners[o].enumerated() where !mark[j] && base > withoutTopWinner[o][t].base {
                        withoutTopWinner[o][t] = (base, index)
                    }
                    for t in lo..<hi { mark[Int(winners[t])] = false }
                }
            }
            }}}}
            processed = max(processed, end)
        }
        // A new top allocation: the best base without each of its winners, by one scan of
        // `flat` (all allocations read so far, at least).
        func rescanTops(_ flat: FlatPool) {
            for o in 0..<m where topChanged[o] {
                topChanged[o] = false
                withoutTopWinner[o] = Array(repeating: (-Double.infinity, -1), count: topWinners[o].count)
                for index in optionAllocations[o] {
                    let span = flat.offsets[index]..<flat.offsets[index + 1]
                    for t in span { mark[Int(flat.winners[t])] = true }
                    for (t, j) in topWinners[o].enumerated() where !mark[j] && bases[index] > withoutTopWinner[o][t].base {
                        withoutTopWinner[o][t] = (bases[index], index)
                    }
                    for t in span { mark[Int(flat.winners[t])] = false }
                }
            }
        }
        func absorbPool() {
            touched = Array(repeating: false, count: m)
            if reuseCuts {
                // In chunks, so that the other threads can publish in between.
                while shared.withLock({ state -> Bool in
                    let count = state.flat.totals.count
                    scan(state.flat, state.pool, to: min(count, processed + 4_096))
                    return processed < count
                }) {}
                if topChanged.contains(true) { shared.withLock { state in rescanTops(state.flat) } }
            } else {
                for a in own[ownFlat.totals.count...] { ownFlat.append(a) }
                scan(ownFlat, own, to: ownFlat.totals.count)
                rescanTops(ownFlat)
            }
            for o in 0..<m where touched[o] {
                for j in 0..<n where j != i {
                    var value = kappaWin[j * m + o], source = kappaWinSource[j * m + o]
                    if top[o].base > value {
                        if let t = topWinners[o].firstIndex(of: j) {
                            if withoutTopWinner[o][t].base > value { (value, source) = withoutTopWinner[o][t] }
                        } else {
                            (value, source) = top[o]
                        }
                    }
                    if value > kappa[j][o] { kappa[j][o] = value; kappaSource[j][o] = source }
                }
            }
        }
        let tolerance = 1e-7 * max(1, vcg.welfare)
        let biddersWithBids = auction.bids.count { $0.contains { $0.value > 0 } }, goodCount = auction.goodCount
        var iterations = 0, lastCutRows = 0
        // The least revenue computed exactly so far (an upper bound on G_i) and its report.
        // It starts at the report of 0 when Θ_i holds it: R(0) is R_{-i}, the VCG revenue
        // without i, whose W_{-i,-j} are known for most j (and become exact cuts of the
        // option "nothing" for every later round).
        var bestRevenue = Double.infinity, bestType: [Double] = []
        let zero = Array(repeating: 0.0, count: space.dimension)
        if space.lower.allSatisfy({ $0 <= 0 }) && space.upper.allSatisfy({ $0 >= 0 })
            && space.rows.allSatisfy({ $0.lower <= 0 && $0.upper >= 0 }) {
            bestRevenue = try revenueWithout(agent: i)
            bestType = zero
        }
        func finish(lowerBound: Double) throws -> AgentRevenueGuarantee {
            shared.withLock { state in
                state.statistics.cuts += lastCutRows
                state.statistics.poolSize = state.pool.count
            }
            progress?(AgentProgress(agent: i, round: iterations, lowerBound: lowerBound, candidateRevenue: bestRevenue, done: true))
            let found = AgentRevenueGuarantee(guarantee: bestRevenue, minimizingType: bestType, attainedRevenue: bestRevenue, method: .cg,
                                              solverCalls: solverCalls, solverSeconds: clock() - start, lowerBound: lowerBound)
            return try MechanismInvariants.checkedGuarantee(found, agent: auction.bidders[i], space: options.space, scale: vcg.welfare)
        }
        while true {
            iterations += 1
            guard iterations <= 10_000 else {
                throw RevenueGuaranteeError.invariantViolated("constraint generation for agent \"\(auction.bidders[i])\" did not converge")
            }
            absorbPool()
            let t = clock()
            let (lowerBound, candidate, cutRows) = try solveMaster(agent: i, options: options, space: space, optionValue: optionValue,
                                                                   exact: exact, kappa: kappa, valueWithoutAgent: valueWithoutAgent)
            let masterSeconds = clock() - t
            shared.withLock { state in
                state.statistics.masterSolves += 1
                state.statistics.masterSeconds += masterSeconds
            }
            solverCalls += 1
            lastCutRows = cutRows
            guard lowerBound <= bestRevenue + tolerance else {
                throw RevenueGuaranteeError.invariantViolated("agent \"\(auction.bidders[i])\": master bound \(lowerBound) exceeds the revenue \(bestRevenue) of a computed report")
            }
            if bestRevenue <= lowerBound + tolerance { return try finish(lowerBound: lowerBound) }
            let x = candidate
            // W(x*) exactly: make the maximizing option's C(o) exact.
            var best = 0
            while true {
                best = 0
                for o in 1..<m where optionValue[o] + options.value(o, x) > optionValue[best] + options.value(best, x) { best = o }
                if exact[best] { break }
                let r = try reportedAnswer(excluding: [i], removed: options.bundles[best], incumbent: withoutAgent.winning,
                                           kind: \.optionValueSolves)
                solverCalls += 1
                reported.append(r.winning)
                takeReported()
                optionValue[best] = r.welfare
                exact[best] = true
                let winners = r.winning.indices.filter { r.winning[$0] >= 0 }
                optionAllocation[best] = PooledAllocation(auction, winners: winners + [i],
                                                          bundles: winners.map { auction.bids[$0][r.winning[$0]].goods } + [options.bundles[best]])
                publish(optionAllocation[best]!)
                inPool[best] = true
                markExact(best)
            }
            // The efficient allocation at x* joins the pool (its cuts make the shortcut below exact).
            if !inPool[best] {
                inPool[best] = true
                publish(optionAllocation[best]!)
            }
            let welfare = optionValue[best] + options.value(best, x)
            // W_{-j}(x*) for every j.
            var revenue = valueWithoutAgent - Double(n - 1) * welfare
            let winnersAtCandidate = Set(optionAllocation[best]!.winners)
            var agentBids: [BidAuction.Bid] = []
            var agentBidOption: [Int] = []
            for o in 1..<m { agentBids.append(.init(goods: options.bundles[o], value: options.value(o, x))); agentBidOption.append(o) }
            absorbPool()
            var needed: [Int] = []
            for j in 0..<n where j != i {
                guard winnersAtCandidate.contains(j) else { revenue += welfare; continue }
                // W_{-i,-j} known exactly (from another winner determination): the cut of
                // the pair (j, nothing) is exact.
                if !exactPair[j][0], let known = shared.withLock({ $0.pairWelfare[Pair(i, j)] }) {
                    kappa[j][0] = max(kappa[j][0], known)
                    exactPair[j][0] = true
                }
                // No solve when the known cuts already give W_{-j}(x*): the best cut at x* is
                // at least every option's upper bound (exact κ, else Ĉ(o) ≥ C(o) ≥ C^j(o);
                // and C^j(o) ≤ C^j(nothing), fewer goods never raise the welfare).
                var lower = -Double.infinity, upper = -Double.infinity
                let nothing = exactPair[j][0] ? kappa[j][0] : optionValue[0]
                for o in 0..<m {
                    let v = options.value(o, x)
                    lower = max(lower, kappa[j][o] + v)
                    upper = max(upper, min(exactPair[j][o] ? kappa[j][o] : optionValue[o], nothing) + v)
                }
                if upper <= lower {
                    revenue += lower
                    shared.withLock { $0.statistics.separationsSkipped += 1 }
                    continue
                }
                needed.append(j)
            }
            // Starting incumbents: the best known allocation without j at x* (the pool
            // allocation behind the best cut, j's bundle dropped), as a bid per bidder of the
            // separation's lists (agent i's list holds its options 1..<m in order).
            var starts: [[Int]?] = needed.map { j in
                var bestOption = -1, bestValue = -Double.infinity
                for o in 0..<m where kappaSource[j][o] >= 0 && kappa[j][o] + options.value(o, x) > bestValue {
                    bestOption = o; bestValue = kappa[j][o] + options.value(o, x)
                }
                guard bestOption >= 0 else { return nil }
                let a = pooled(at: kappaSource[j][bestOption])
                var winning = Array(repeating: -1, count: n)
                for (k, w) in a.winners.enumerated() where w != i && w != j {
                    var chosen = -1
                    for (q, bid) in auction.bids[w].enumerated() where bid.goods.isSubset(of: a.bundles[k])
                        && (chosen < 0 || bid.value > auction.bids[w][chosen].value) { chosen = q }
                    winning[w] = chosen
                }
                winning[i] = bestOption > 0 && options.value(bestOption, x) > 0 ? bestOption - 1 : -1
                return winning
            }
            // The separations are independent: solved concurrently (their CLP stage runs in
            // parallel; CBC calls are serialized by the modeling layer), then used in j order.
            let base = auction.bids, bidsOfAgent = agentBids,
                separations = needed, wdp = wdpOptions(), warm = warm, nodeLimit = lpNodeLimit
            let values = agentBids.map(\.value)
            // An allocation of a separation (a bid per bidder of its lists) as a pooled allocation.
            func allocation(_ winning: [Int]) -> PooledAllocation {
                var winners: [Int] = [], bundles: [GoodSet] = []
                for k in 0..<n where winning[k] >= 0 {
                    winners.append(k)
                    bundles.append(k == i ? options.bundles[agentBidOption[winning[k]]] : auction.bids[k][winning[k]].goods)
                }
                return PooledAllocation(auction, winners: winners, bundles: bundles)
            }
            // An exact separation's answer: recorded, its (j, option) cut exact, its allocation
            // pooled (and, when agent i wins nothing in it, optimal without i and j).
            func take(_ r: SeparationOutcome, without j: Int) {
                if let cold = r.cold {
                    record(cold, \.separationSolves)
                } else if let found = r.warm {
                    shared.withLock { state in
                        if r.searchFailed { state.searchTries += 1 }
                        state.statistics.wdpSolves += 1
                        state.statistics.wdpSeconds += r.seconds
                        state.statistics.separationSolves += 1
                        state.statistics.warmSeparations += 1
                        state.statistics.warmNodes += found.nodes
                        if !found.rootIntegral { state.statistics.warmSeparationsBranched += 1 }
                    }
                }
                solverCalls += 1
                exactPair[j][r.winning[i] >= 0 ? agentBidOption[r.winning[i]] : 0] = true
                if r.winning[i] < 0 { learnPairs(excluded: [i, j], winning: r.winning, welfare: r.welfare) }
                publish(allocation(r.winning))
            }
            // The value of separation k's best known allocation (a lower bound on W_{-j}(x*)).
            func startValue(_ k: Int) -> Double? {
                guard let b = starts[k] else { return nil }
                var total = 0.0
                for w in 0..<n where b[w] >= 0 { total += w == i ? values[b[w]] : base[w][b[w]].value }
                return total
            }
            var outcomes = Array(repeating: SeparationOutcome?.none, count: needed.count)
            var searchFailed = Array(repeating: false, count: needed.count)
            // Cheap cuts: the allocations found so far are lower bounds on the unsettled
            // W_{-j}(x*). When with them R(x*) already exceeds the least revenue computed
            // exactly so far, x* is not a minimizer and needs no more exact separations: the
            // exact answers are taken, the other allocations join the pool (their cuts cut x*
            // off) and the master is solved again. Only the number of rounds depends on this,
            // never a result.
            func deferredRound() -> Bool {
                guard bestRevenue.isFinite else { return false }
                var estimate = revenue
                for k in needed.indices {
                    if let o = outcomes[k] { estimate += o.welfare; continue }
                    guard let v = startValue(k) else { return false }
                    estimate += v
                }
                guard estimate > bestRevenue + tolerance else { return false }
                for k in needed.indices {
                    if let o = outcomes[k] {
                        take(o, without: needed[k])
                    } else if let b = starts[k] {
                        let searched = searchFailed[k]
                        shared.withLock { state in
                            if searched { state.searchTries += 1 }
                            state.statistics.separationsDeferred += 1
                        }
                        publish(allocation(b))
                    }
                }
                progress?(AgentProgress(agent: i, round: iterations, lowerBound: lowerBound, candidateRevenue: nil, done: false))
                return true
            }
            // Upper bounds on the unsettled W_{-j}(x*) (root LPs of the dives below), to order
            // the exact separations.
            var rootBounds = Array(repeating: Double.infinity, count: needed.count)
            if warm != nil {
                // First a quick attempt on each: the goods search (microseconds on easy
                // problems; it proves some optimal and leaves its best allocation), or, when
                // bidders outnumber goods and its bounds are too weak to finish, a greedy
                // completion of the starting allocation.
                let initial = starts, search = wdp.searchNodeLimit > 0 && biddersWithBids <= goodCount
                let attempts = try parallelMap(needed.count, jobs: jobs) { k -> (SeparationOutcome?, [Int]?) in
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    var lists = base
                    lists[separations[k]] = []
                    lists[i] = bidsOfAgent
                    let problem = WinnerDeterminationProblem(bidLists: lists, goodCount: goodCount)
                    guard search else { return (nil, problem.greedyCompletion(of: initial[k]).winning) }
                    let attempt = try problem.goodsSearch(nodeLimit: wdp.searchNodeLimit, incumbent: initial[k])
                    let seconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
                    guard let r = attempt.solved else { return (nil, attempt.best) }
                    return (SeparationOutcome(welfare: r.welfare, winning: r.winning, cold: r, warm: nil, searchFailed: false,
                                              seconds: seconds), nil)
                }
                for (k, attempt) in attempts.enumerated() {
                    outcomes[k] = attempt.0
                    if let best = attempt.1 { starts[k] = best; searchFailed[k] = search }
                }
                if deferredRound() { continue }
                // Then a dive on the warm-started model (its root LP and the rounding of its
                // solution): a better allocation, an upper bound, or the optimum. (Deeper dives,
                // 8 or 30 node LPs, were slower on `regions`, `paths` and `arbitrary` 64 goods.)
                if bestRevenue.isFinite && divesPayOff() {
                    let unsettled = needed.indices.filter { outcomes[$0] == nil }, from = starts, limit = 1
                    let dives = try parallelMap(unsettled.count, jobs: jobs) { p -> (WarmWinnerDeterminationDive?, Double) in
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        let d = try warm!.dive(agent: i, values: values, excluded: [separations[unsettled[p]]],
                                               incumbent: from[unsettled[p]], nodeLimit: limit)
                        return (d, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                    }
                    for (p, k) in unsettled.enumerated() {
                        guard let d = dives[p].0 else { continue }
                        if d.proven {
                            let found = WarmWinnerDeterminationResult(welfare: d.welfare, winning: d.winning, rootIntegral: d.nodes <= 1, nodes: d.nodes)
                            outcomes[k] = SeparationOutcome(welfare: d.welfare, winning: d.winning, cold: nil, warm: found,
                                                            searchFailed: searchFailed[k], seconds: dives[p].1)
                            continue
                        }
                        if let b = d.rootBound { rootBounds[k] = b }
                        if d.welfare > startValue(k) ?? -.infinity { starts[k] = d.winning }
                    }
                    let count = unsettled.count, ended = deferredRound()
                    shared.withLock { state in
                        state.statistics.separationDives += count
                        state.diveRounds += 1
                        if ended { state.diveRoundsDeferred += 1 }
                    }
                    if ended { continue }
                }
            }
            // The rest exactly: on a warm-started model of the auction (agent i's bids re-valued
            // at x*, j's bids left out; see ``WarmWinnerDetermination``) from the best allocation
            // found; when its branch and bound hits the node limit (or every model is busy), by
            // the default winner determination. While a revenue is known, a few at a time, the
            // ones with the most room between the bounds first, and the round ends as soon as
            // the lower bounds show R(x*) above it.
            var pending = needed.indices.filter { outcomes[$0] == nil }
            if bestRevenue.isFinite {
                let room = pending.map { rootBounds[$0] - (startValue($0) ?? 0) }
                pending = pending.indices.sorted { room[$0] != room[$1] ? room[$0] > room[$1] : $0 < $1 }.map { pending[$0] }
            }
            let batch = bestRevenue.isFinite ? jobs : max(1, pending.count)
            var cursor = 0, deferred = false
            while cursor < pending.count {
                let chunk = Array(pending[cursor..<min(pending.count, cursor + batch)]), from = starts, failed = searchFailed
                let solved = try parallelMap(chunk.count, jobs: jobs) { p -> SeparationOutcome in
                    let k = chunk[p]
                    let t0 = DispatchTime.now().uptimeNanoseconds
                    var lists = base
                    lists[separations[k]] = []
                    lists[i] = bidsOfAgent
                    if let warm, let found = try warm.solve(agent: i, values: values, excluded: [separations[k]], incumbent: from[k],
                                                            nodeLimit: nodeLimit), let r = found {
                        return SeparationOutcome(welfare: r.welfare, winning: r.winning, cold: nil, warm: r, searchFailed: failed[k],
                                                 seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                    }
                    let r = try WinnerDeterminationProblem(bidLists: lists, goodCount: goodCount).solve(wdp, incumbent: from[k])
                    return SeparationOutcome(welfare: r.welfare, winning: r.winning, cold: r, warm: nil, searchFailed: failed[k],
                                             seconds: Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
                }
                for (p, k) in chunk.enumerated() { outcomes[k] = solved[p] }
                cursor += chunk.count
                if cursor < pending.count && deferredRound() { deferred = true; break }
            }
            if deferred { continue }
            for (k, j) in needed.enumerated() {
                take(outcomes[k]!, without: j)
                revenue += outcomes[k]!.welfare
            }
            progress?(AgentProgress(agent: i, round: iterations, lowerBound: lowerBound, candidateRevenue: revenue, done: false))
            guard lowerBound <= revenue + tolerance else {
                throw RevenueGuaranteeError.invariantViolated("agent \"\(auction.bidders[i])\": master bound \(lowerBound) exceeds the revenue \(revenue) of its candidate")
            }
            // R(x*) was computed exactly by winner determinations: an attained revenue.
            if revenue < bestRevenue { bestRevenue = revenue; bestType = x }
            if bestRevenue <= lowerBound + tolerance { return try finish(lowerBound: lowerBound) }
        }
    }

    /// One separation's answer: by the warm-started model or by the default winner
    /// determination.
    private struct SeparationOutcome: Sendable {
        var welfare: Double
        var winning: [Int]
        var cold: WinnerDeterminationResult?
        var warm: WarmWinnerDeterminationResult?
        /// Whether the goods search was tried first and hit its node limit.
        var searchFailed: Bool
        var seconds: Double
    }

    /// Builds and solves agent i's master MIP; returns a rigorous lower bound on its optimum
    /// (hence on G_i: the least `Solution.provenBound` of the option LPs and the pruning
    /// bounds), the candidate type, and the number of cut rows.
    private func solveMaster(agent i: Int, options: AgentOptions, space: TypeSpace, optionValue: [Double],
                             exact: [Bool], kappa: [[Double]], valueWithoutAgent: Double) throws -> (Double, [Double], Int) {
        let n = auction.bidders.count, m = options.count
        var model = Model(name: "cg-master-\(auction.bidders[i])")
        let x = (0..<space.dimension).map { model.addVariable(lowerBound: space.lower[$0], upperBound: space.upper[$0]) }
        for row in space.rows {
            model.addRow(columns: row.columns.map { Int32(x[$0].index) }, values: row.coefficients, lower: row.lower, upper: row.upper)
        }
        var objective = LinearExpression(constant: valueWithoutAgent)
        var cutRows = 0
        for j in 0..<n where j != i {
            // w_j ≥ W_{-j}(x) ≥ 0 (values are non-negative).
            let floor = max(0, kappa[j][0])
            // Upper bound by dominance (w_j = its largest cut at the optimum), for the proven bound.
            let top = (0..<m).filter { options.column[$0] >= 0 }.map { (kappa[j][$0] + space.upper[options.column[$0]]).nextUp }.max() ?? floor
            let w = model.addVariable(lowerBound: max(0, floor), upperBound: max(floor, top))
            objective.add(1, w)
            for o in 0..<m where options.column[o] >= 0 && kappa[j][o] > -.infinity {
                // Redundant when implied by w_j's lower bound and x_o's upper bound.
                if kappa[j][o] + space.upper[options.column[o]] <= floor { continue }
                model.addRow(columns: [Int32(w.index), Int32(x[options.column[o]].index)], values: [1, -1],
                             lower: kappa[j][o], upper: .infinity)
                cutRows += 1
            }
        }
        let welfare = model.addVariable(lowerBound: -.infinity, upperBound: .infinity)
        objective.add(-Double(n - 1), welfare)
        func upperOf(_ o: Int) -> Double { options.column[o] < 0 ? 0 : space.upper[options.column[o]] }
        func lowerOf(_ o: Int) -> Double { options.column[o] < 0 ? 0 : space.lower[options.column[o]] }
        var floorW = -Double.infinity
        for o in 0..<m where exact[o] { floorW = max(floorW, optionValue[o] + lowerOf(o)) }
        // The MIP's z_o picks the efficient option; with z_o fixed to 1 its big-M row is
        // W ≤ Ĉ(o) + x_o and every other big-M row is slack (M_{o'} was chosen so), so the
        // MIP's optimum is the least of one LP per option — solved by CLP instead of CBC
        // (thread-safe, no branch and bound: the options are few). Options are tried in the
        // order of a cheap lower bound (every w_j at its floor, x_o at its upper bound) and
        // the rest skipped once that bound reaches the best LP found.
        var floorSum = 0.0
        for j in 0..<n where j != i { floorSum += max(0, kappa[j][0]) }
        var candidates: [(o: Int, bound: Double)] = []
        for o in 0..<m {
            // An option that can never reach the welfare floor is never efficient.
            if optionValue[o] + upperOf(o) < floorW - welfareTolerance(floorW) { continue }
            candidates.append((o, valueWithoutAgent + floorSum - Double(n - 1) * (optionValue[o] + upperOf(o))))
        }
        candidates.sort { $0.bound != $1.bound ? $0.bound < $1.bound : $0.o < $1.o }
        model.setObjective(objective, .minimize)
        var opts = solveOptions
        opts.backend = .clp
        var best = Double.infinity, proven = Double.infinity
        var candidate: [Double] = []
        for (o, bound) in candidates {
            if bound >= best - welfareTolerance(best) { proven = min(proven, bound); break }
            var lp = model
            var cols: [Int32] = [Int32(welfare.index)], vals: [Double] = [1]
            if options.column[o] >= 0 { cols.append(Int32(x[options.column[o]].index)); vals.append(-1) }
            // W − x_o ≤ Ĉ(o)
            lp.addRow(columns: cols, values: vals, lower: -.infinity, upper: optionValue[o])
            // W = Ĉ(o) + x_o at the optimum (dominance): a finite box for the proven bound.
            lp.setBounds(of: welfare, lower: (optionValue[o] + lowerOf(o)).nextDown, upper: (optionValue[o] + upperOf(o)).nextUp)
            let s = try lp.solve(opts).requireOptimal()
            proven = min(proven, s.provenBound ?? -.infinity)
            if let value = s.objectiveValue, value < best {
                best = value
                candidate = (0..<space.dimension).map { min(space.upper[$0], max(space.lower[$0], s[x[$0]])) }
            }
        }
        guard best.isFinite else {
            throw RevenueGuaranteeError.invariantViolated("agent \"\(auction.bidders[i])\": no option's master LP was solved")
        }
        guard proven.isFinite else {
            throw SolverError.notOptimal(.solverError("agent \"\(auction.bidders[i])\": no rigorous lower bound could be proven from the master LP's duals"))
        }
        return (proven, candidate, cutRows)
    }
}
