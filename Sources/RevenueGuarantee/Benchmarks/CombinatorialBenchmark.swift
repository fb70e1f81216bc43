import CATS
import Combinatorial
import Dispatch

/// What ``benchmarkCombinatorialRevenueGuarantees(_:progress:)`` measured (the line `rmsolve
/// bench combinatorial` prints). Baseline fields are `nil` (left out of the JSON) when their
/// baseline did not run.
public struct CombinatorialBenchmark: Codable, Sendable {
    /// The number of feasible allocations of the enumeration baseline, or "more than N".
    public enum EnumerationSize: Codable, Sendable, Equatable {
        /// Enumerated: this many allocations.
        case count(Int)
        /// Skipped: more than this many.
        case moreThan(Int)
        /// A number, or the string "more than N".
        public func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .count(let k): try c.encode(k)
            case .moreThan(let k): try c.encode("more than \(k)")
            }
        }
        /// Reads either form.
        public init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let k = try? c.decode(Int.self) { self = .count(k); return }
            let text = try c.decode(String.self)
            self = .moreThan(Int(text.split(separator: " ").last ?? "") ?? 0)
        }
    }

    /// The auction: generated (distribution and seed), or read from `file` (distribution
    /// "file"; `seed` then only a label); goods and bids as in the auction.
    public var distribution: String, goods: Int, bids: Int, seed: UInt64, bidders: Int
    public var file: String?
    public var generateSeconds: Double, vcgSeconds: Double, allGuaranteesSeconds: Double
    public var vcgRevenue: Double, redistributed: Double, welfare: Double
    public var wdpSolves: Int, wdpMIPSolves: Int, wdpSeconds: Double
    public var vcgWDPs: Int, optionValueWDPs: Int, separationWDPs: Int
    public var masterSolves: Int, masterSeconds: Double, cuts: Int, poolSize: Int, memoHits: Int
    public var reuseCuts: Bool, jobs: Int, separationsSkipped: Int
    public var searchNodeLimit: Int, wdpSearchSolves: Int, lpNodeLimit: Int, wdpLPSearchSolves: Int
    public var baselineSearchNodeLimit: Int?, baselineLPNodeLimit: Int?, baselineVCGAndGuaranteesSeconds: Double?
    public var baselineWDPSeconds: Double?, baselineMasterSeconds: Double?, speedupVsBaseline: Double?, maxDifferenceBaseline: Double?
    public var noReuseAgents: Int?, noReuseSecondsPerAgent: Double?, noReuseAllAgentsExtrapolatedSeconds: Double?
    public var speedupVsNoReuse: Double?, noReuseWDPs: Int?, noReuseMasterSolves: Int?, maxDifferenceNoReuse: Double?
    public var enumerationOutcomes: EnumerationSize?, enumerationLPSeconds: Double?, speedupVsEnumeration: Double?
    public var maxDifferenceEnumeration: Double?
    /// Separations solved on the warm-started models, of those how many branched, and their
    /// node LPs (see ``ConstraintGenerationStatistics``).
    public var warmSeparationWDPs: Int?, warmSeparationsBranched: Int?, warmNodes: Int?
    /// Separations left unsolved because heuristic cuts sufficed, dives before exact
    /// separations, and the winner determinations for R_{-i} (W_{-i} and W_{-i,-j}; the
    /// revenue at a report of 0).
    public var separationsDeferred: Int?, separationDives: Int?, baileyWDPs: Int?
    /// Every agent's G_i (to compare runs).
    public var guarantees: [Double]?
}

/// The parameters of ``benchmarkCombinatorialRevenueGuarantees(_:progress:)``.
public struct CombinatorialBenchmarkOptions: Sendable {
    public var distribution: CATSDistribution = .regions
    public var goods = 20, bids = 100
    public var seed: UInt64 = 1
    /// The "bids" domain's upper bound (`.infinity`: unbounded).
    public var upper = Double.infinity
    /// Share cuts across agents in the main run.
    public var reuseCuts = true
    /// Agents solved again without cut reuse (0: none), extrapolated to all.
    public var baselineAgents = 5
    /// Threads for the separation winner determinations.
    public var jobs = 1
    /// The enumeration baseline runs only up to this many allocations.
    public var maxOutcomes = 20_000
    /// Winner-determination limits of the main run.
    public var searchNodeLimit = 2_000, lpNodeLimit = 20_000
    /// Also time all G_i with these limits (`baselineSearchNodeLimit` < 0: skip).
    public var baselineSearchNodeLimit = -1, baselineLPNodeLimit = 0
    /// Read the auction from this CATS file instead of generating it (`distribution`,
    /// `goods` and `bids` are then ignored, `seed` is only a label).
    public var file: String?
    /// Creates the defaults.
    public init() {}
}

/// Times all revenue guarantees of a generated CATS auction by constraint generation
/// ("bids" domain), with where the time goes and the baselines of
/// ``CombinatorialBenchmarkOptions`` measured in the same run; RM's invariants are checked by
/// ``MechanismInvariants``. `progress` is called after each agent with (agents done, agents).
public func benchmarkCombinatorialRevenueGuarantees(_ o: CombinatorialBenchmarkOptions,
                                                    progress: (@Sendable (CombinatorialRevenueGuarantees.AgentProgress) -> Void)? = nil) throws -> CombinatorialBenchmark {
    func clock() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
    var t = clock()
    let file = try o.file.map { try CATSFile.read(path: $0) } ?? o.distribution.generate(goods: o.goods, bids: o.bids, seed: o.seed)
    let auction = BidAuction(cats: file, name: "bench", domain: .bids, upper: o.upper)
    let generate = clock() - t
    let n = auction.bidders.count
    t = clock()
    let engine = CombinatorialRevenueGuarantees(auction, reuseCuts: o.reuseCuts, jobs: o.jobs, searchNodeLimit: o.searchNodeLimit,
                                                lpNodeLimit: o.lpNodeLimit)
    let (vcg, _) = try engine.vickreyClarkeGroves()
    let vcgTime = clock() - t
    t = clock()
    let guarantees = try engine.revenueGuarantees(progress: progress)
    let all = clock() - t
    let result = try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: guarantees, agents: auction.bidders,
                                                        typeSpaces: auction.bidders.indices.map { auction.typeSpace(ofBidder: $0) })
    let s = engine.statistics
    var line = CombinatorialBenchmark(
        distribution: o.file == nil ? o.distribution.rawValue : "file", goods: file.goodCount, bids: file.bids.count,
        seed: o.seed, bidders: n, file: o.file,
        generateSeconds: generate, vcgSeconds: vcgTime, allGuaranteesSeconds: all,
        vcgRevenue: vcg.revenue, redistributed: result.redistributed, welfare: vcg.welfare,
        wdpSolves: s.wdpSolves, wdpMIPSolves: s.wdpMIPSolves, wdpSeconds: s.wdpSeconds,
        vcgWDPs: s.vcgSolves, optionValueWDPs: s.optionValueSolves, separationWDPs: s.separationSolves,
        masterSolves: s.masterSolves, masterSeconds: s.masterSeconds, cuts: s.cuts, poolSize: s.poolSize,
        memoHits: s.memoHits, reuseCuts: o.reuseCuts, jobs: o.jobs, separationsSkipped: s.separationsSkipped,
        searchNodeLimit: o.searchNodeLimit, wdpSearchSolves: s.wdpSearchSolves,
        lpNodeLimit: o.lpNodeLimit, wdpLPSearchSolves: s.wdpLPSearchSolves)
    line.guarantees = guarantees.map(\.guarantee)
    line.warmSeparationWDPs = s.warmSeparations
    line.warmSeparationsBranched = s.warmSeparationsBranched
    line.warmNodes = s.warmNodes
    line.separationsDeferred = s.separationsDeferred
    line.separationDives = s.separationDives
    line.baileyWDPs = s.baileySolves
    if o.baselineSearchNodeLimit >= 0 {
        t = clock()
        let other = CombinatorialRevenueGuarantees(auction, jobs: o.jobs, searchNodeLimit: o.baselineSearchNodeLimit,
                                                   lpNodeLimit: o.baselineLPNodeLimit)
        _ = try other.vickreyClarkeGroves()
        let g = try other.revenueGuarantees()
        let seconds = clock() - t
        line.baselineSearchNodeLimit = o.baselineSearchNodeLimit
        line.baselineLPNodeLimit = o.baselineLPNodeLimit
        line.baselineVCGAndGuaranteesSeconds = seconds
        line.baselineWDPSeconds = other.statistics.wdpSeconds
        line.baselineMasterSeconds = other.statistics.masterSeconds
        line.speedupVsBaseline = seconds / max(vcgTime + all, 1e-9)
        line.maxDifferenceBaseline = zip(g, guarantees).map { abs($0.guarantee - $1.guarantee) }.max() ?? 0
    }
    let k = min(o.baselineAgents, n)
    if k > 0 {
        let plain = CombinatorialRevenueGuarantees(auction, reuseCuts: false, searchNodeLimit: o.searchNodeLimit, lpNodeLimit: o.lpNodeLimit)
        _ = try plain.vickreyClarkeGroves()
        var difference = 0.0
        t = clock()
        for i in 0..<k { difference = max(difference, abs(try plain.revenueGuarantee(agent: i).guarantee - guarantees[i].guarantee)) }
        let seconds = clock() - t
        line.noReuseAgents = k
        line.noReuseSecondsPerAgent = seconds / Double(k)
        line.noReuseAllAgentsExtrapolatedSeconds = seconds / Double(k) * Double(n)
        line.speedupVsNoReuse = seconds / Double(k) * Double(n) / max(all, 1e-9)
        line.noReuseWDPs = plain.statistics.wdpSolves - plain.statistics.vcgSolves
        line.noReuseMasterSolves = plain.statistics.masterSolves
        line.maxDifferenceNoReuse = difference
    }
    if let problem = auction.compile(maxOutcomes: o.maxOutcomes) {
        t = clock()
        let lp = try revenueGuarantees(problem, RevenueGuaranteeOptions(method: .lp))
        let seconds = clock() - t
        line.enumerationOutcomes = .count(problem.outcomeCount)
        line.enumerationLPSeconds = seconds
        line.speedupVsEnumeration = seconds / max(all, 1e-9)
        line.maxDifferenceEnumeration = zip(lp, guarantees).map { abs($0.guarantee - $1.guarantee) }.max() ?? 0
    } else {
        line.enumerationOutcomes = .moreThan(o.maxOutcomes)
    }
    return line
}
