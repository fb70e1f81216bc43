import Foundation
import InstanceIO

/// The CATS paper's "scheduling" distribution (Leyton-Brown, Pearson & Shoham 2000, section
/// "Temporal scheduling"; defaults of the CATS 2.x generator): the goods are `m`
/// consecutive time slots of one machine; each bidder is a job that needs `l` consecutive
/// slots and is worth less the later it finishes.
///
/// Per bidder:
/// 1. a length `l` uniform in `1...min(maxLength, m)` and a first deadline `d₁` uniform in
///    `l−1 ... m−1` (0-based slots), a value factor `dev` uniform in
///    `[1 − deviation, 1 + deviation]`;
/// 2. for the deadline `d`, one bid per start slot whose interval `[s, s+l−1]` ends by `d` and
///    after every earlier deadline, priced `dev · l^(1+additivity) · (d₁+1)/(d+1)`;
/// 3. with probability `probabilityAdditionalDeadline` (0.7) a later deadline uniform in
///    `d+1 ... m−1` is added and step 2 repeats (until slot `m−1` is a deadline).
/// All of a bidder's bids form one XOR set (one dummy good when there are two or more).
///
/// Interpretations: slots are counted from 1 in the price ratio `(d₁+1)/(d+1)` — the CATS
/// code's 0-based `d₁/d` is 0/0 for a one-slot job with deadline 0; `l` is capped at `m`; as
/// everywhere here, the last bidder's bids are cut so the file has exactly the requested bids,
/// and dominated bids are not removed.
///
/// ```swift
/// var rng = SeededGenerator(seed: 2)
/// let file = try SchedulingGenerator().generate(goods: 20, bids: 50, using: &rng)
/// // every bid is an interval of consecutive goods
/// ```
public struct SchedulingGenerator: CATSGenerator {
    /// Longest job, in slots (CATS `max_length`, 10).
    public var maxLength = 10
    /// Half-width of the value factor (CATS `deviation`, 0.5).
    public var deviation = 0.5
    /// Probability of one more, later deadline (CATS `prob_add_deadline`, 0.7).
    public var probabilityAdditionalDeadline = 0.7
    /// Superadditivity exponent of `l^(1+additivity)` (CATS `additivity`, 0.2).
    public var additivity = 0.2

    /// The CATS defaults.
    public init() {}

    /// The parameters, one per line.
    public var parameterDescription: [String] {
        ["Scheduling distribution parameters: max length = \(maxLength), deviation = "
            + "\(deviation), additional deadline probability = \(probabilityAdditionalDeadline), "
            + "additivity = \(additivity)"]
    }

    /// Draws jobs until `bids` bids are reached (the last job's bids are cut to fit).
    public func generate(goods m: Int, bids: Int, using rng: inout SeededGenerator)
        throws(GeneratorError) -> CATSFile
    {
        guard maxLength >= 1 else { throw GeneratorError("scheduling needs maxLength ≥ 1") }
        var result: [CATSBid] = []
        var dummyCount = 0
        while result.count < bids {
            let job = drawJob(slots: m, using: &rng).prefix(bids - result.count)
            let dummy: [Int] = job.count > 1 ? [m + dummyCount] : []
            if job.count > 1 { dummyCount += 1 }
            for (interval, price) in job {
                result.append(CATSBid(price: roundPrice(price), goods: Array(interval) + dummy))
            }
        }
        return CATSFile(goodCount: m, dummyCount: dummyCount, bids: result)
    }

    /// One job's bids: intervals of slots and their prices, earliest deadline first.
    func drawJob(slots m: Int, using rng: inout SeededGenerator) -> [(ClosedRange<Int>, Double)] {
        let l = Int.random(in: 1...min(maxLength, m), using: &rng)
        let firstDeadline = Int.random(in: (l - 1)...(m - 1), using: &rng)
        let dev = 1 - deviation + 2 * deviation * rng.unit()
        let base = dev * pow(Double(l), 1 + additivity)
        var job: [(ClosedRange<Int>, Double)] = []
        var previous = -1
        var deadline = firstDeadline
        while true {
            let price = base * Double(firstDeadline + 1) / Double(deadline + 1)
            // Intervals ending after the previous deadline and by this one.
            for end in max(l - 1, previous + 1)...deadline {
                job.append(((end - l + 1)...end, price))
            }
            previous = deadline
            if deadline == m - 1 { break }
            deadline = Int.random(in: (previous + 1)...(m - 1), using: &rng)
            if rng.unit() > probabilityAdditionalDeadline { break }
        }
        return job
    }
}
