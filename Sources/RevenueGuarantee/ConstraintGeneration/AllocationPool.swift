import Combinatorial

/// A feasible allocation found by some winner determination, kept to make cuts from.
///
/// Cut reuse (our derivation, for the MIP of thesis Sec. 3.6.1): for agent i's revenue guarantee, any feasible
/// allocation `a` of the auction gives, for every agent j ≠ i, the valid epigraph cut
/// `w_j ≥ Σ_{k≠i,j} v_k(a) + x_{o_i(a)}`, where `o_i(a)` is agent i's option (the bid or
/// bundle it receives in `a`) and `x` is agent i's type: dropping j's bundle from `a` leaves
/// an allocation without j, and agent i's value for its bundle is its (variable) report. The
/// cut involves only the OTHERS' reported values, which are the same in every agent's
/// problem, so every allocation found anywhere (VCG, Bailey's rule, any agent's
/// separation or option-value solves) is a valid cut for every agent's master. This is the
/// reuse across agents; it is exact (cuts are valid) and only changes how many iterations
/// are needed.
public struct PooledAllocation: Sendable {
    /// The bidders who receive something.
    public var winners: [Int]
    /// Each winner's bundle.
    public var bundles: [GoodSet]
    /// Each winner's reported value for its bundle (XOR value: best bid inside it).
    public var values: [Double]
    /// Σ values.
    public var total: Double

    /// Creates an entry from winners and bundles, valuing each bundle by the reports.
    public init(_ auction: BidAuction, winners: [Int], bundles: [GoodSet]) {
        self.winners = winners
        self.bundles = bundles
        values = zip(winners, bundles).map { auction.value(bidder: $0.0, bundle: $0.1) }
        total = values.reduce(0, +)
    }
}

/// Pooled allocations' winners and values in flat arrays (allocation k's entries at
/// `offsets[k]..<offsets[k + 1]`): every agent reads every allocation of the pool, and a scan
/// of contiguous memory is many times faster than one through thousands of small arrays.
struct FlatPool: Sendable {
    var offsets: [Int] = [0]
    var winners: [Int32] = []
    var values: [Double] = []
    var totals: [Double] = []

    mutating func append(_ a: PooledAllocation) {
        winners += a.winners.map { Int32($0) }
        values += a.values
        totals.append(a.total)
        offsets.append(winners.count)
    }
}
