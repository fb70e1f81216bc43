import Foundation
import InstanceIO
import Parallel
import Reporting

/// How the values of a simulated "units" auction are drawn (i.i.d. across agents).
public enum UnitsValueDistribution: Sendable, Codable, Hashable {
    /// Uniform on [0, upper].
    case uniform(upper: Double)
    /// Normal(mean, sd) truncated to [0, ∞) (rejection sampling).
    case normal(mean: Double, sd: Double)

    /// A short name for tables: `uniform(0,100)`, `normal(50,12.5)`.
    public var name: String {
        switch self {
        case .uniform(let u): return "uniform(0,\(compact(u)))"
        case .normal(let m, let s): return "normal(\(compact(m)),\(compact(s)))"
        }
    }

    /// The same distribution as the prior the optimal-in-expectation mechanism is built for.
    public var prior: UnitsPrior {
        switch self {
        case .uniform(let u): return .uniform(lower: 0, upper: u)
        case .normal(let m, let s): return .normal(mean: m, sd: s)
        }
    }

    /// The value domain's upper end (`nil`: unbounded).
    public var upper: Double? {
        if case .uniform(let u) = self { return u }
        return nil
    }

    func draw(_ rng: inout SeededGenerator) -> Double {
        switch self {
        case .uniform(let u): return Double.random(in: 0...u, using: &rng)
        case .normal(let m, let s):
            var x: Double
            repeat { x = m + s * rng.nextGaussian() } while x < 0
            return x
        }
    }
}

private func compact(_ x: Double) -> String { x == x.rounded() ? String(Int(x)) : String(x) }

/// One cell of the redistribution experiment on "units": n agents, m units, a value
/// distribution, the mechanisms compared.
public struct UnitsRedistributionCell: Sendable, Codable, Hashable {
    /// n (at least m + 1).
    public var agents: Int
    /// m ≥ 1.
    public var units: Int
    /// How values are drawn.
    public var distribution: UnitsValueDistribution
    /// The mechanisms (units mechanisms: vcg, rm, bailey, wco, oel, basic-groves).
    public var mechanisms: [RedistributionMechanismName]

    /// Creates a cell; by default VCG, RM (= Bailey–Cavallo), WCO and OEL.
    public init(agents: Int, units: Int, distribution: UnitsValueDistribution,
                mechanisms: [RedistributionMechanismName] = [.vcg, .rm, .wco, .oel]) {
        self.agents = agents
        self.units = units
        self.distribution = distribution
        self.mechanisms = mechanisms
    }

    /// Every cell of a grid: for each distribution and each n in `agents` (n ≥ 3), every
    /// m from 1 to n − 2 (n − 1 ≥ m + 1 others, so that some redistribution is possible).
    ///
    /// ```swift
    /// let cells = UnitsRedistributionCell.grid(agents: Array(3...30),
    ///                                          distributions: [.uniform(upper: 100), .normal(mean: 50, sd: 12.5)])
    /// ```
    public static func grid(agents: [Int], distributions: [UnitsValueDistribution],
                            mechanisms: [RedistributionMechanismName] = [.vcg, .rm, .wco, .oel]) -> [UnitsRedistributionCell] {
        distributions.flatMap { d in
            agents.filter { $0 >= 3 }.flatMap { n in
                (1...(n - 2)).map { m in UnitsRedistributionCell(agents: n, units: m, distribution: d, mechanisms: mechanisms) }
            }
        }
    }
}

/// One mechanism's figures on one sampled profile.
public struct UnitsMechanismOutcome: Sendable, Codable, Equatable {
    /// The mechanism.
    public var mechanism: RedistributionMechanismName
    /// Σ Z_i / R (`nil` when the VCG revenue is 0).
    public var shareRedistributed: Double?
    /// Σ u_i / W, the share of the efficient value the agents keep (1 when W = 0).
    public var shareKept: Double
    /// max_i u_i − min_i u_i.
    public var utilitySpread: Double
    /// The largest envy max(0, u_i(j's unit and transfer) − u_i): agent i's value for j's
    /// allocation plus j's transfer, minus i's own utility, over ordered pairs.
    public var maxEnvy: Double
    /// How many ordered pairs (i, j) have envy above 1e-9·(largest value).
    public var envyPairs: Int
}

/// One sampled profile of a cell and every mechanism's figures on it.
public struct UnitsRedistributionSample: Sendable, Codable, Equatable {
    /// The sample's index (its random stream is `(seed, index)`, so samples can be computed
    /// in any order, on any shard).
    public var index: Int
    /// The efficient welfare W.
    public var welfare: Double
    /// The VCG revenue R.
    public var vcgRevenue: Double
    /// One entry per mechanism of the cell, in the cell's order.
    public var outcomes: [UnitsMechanismOutcome]
}

/// A cell prepared for sampling: each mechanism's rebate computed once (OEL's program is
/// solved once per cell, for the cell's distribution as prior).
public struct UnitsRedistributionStudy: Sendable {
    /// The cell.
    public let cell: UnitsRedistributionCell
    /// The linear rebate of each mechanism (`nil` for basic Groves, whose rebate is W_{-i}).
    public let rebates: [LinearRebate?]

    /// Prepares the cell; throws for an invalid cell (``InstanceError`` with file `"<experiment>"`)
    /// or a mechanism not defined on units.
    public init(_ cell: UnitsRedistributionCell, options: RedistributionOptions = RedistributionOptions()) throws {
        guard cell.units >= 1, cell.agents >= cell.units + 1 else {
            throw InstanceError(file: "<experiment>", location: "cell", message: "needs m ≥ 1 units and n ≥ m + 1 agents (n = \(cell.agents), m = \(cell.units))")
        }
        self.cell = cell
        let template = UnitsInstance(units: cell.units, values: Array(repeating: 0, count: cell.agents),
                                     upper: cell.distribution.upper, prior: cell.distribution.prior)
        rebates = try cell.mechanisms.map { try unitsRebate(template, mechanism: $0, options: options).0.linear }
    }

    /// The sample with index `k` under `seed`.
    public func sample(_ k: Int, seed: UInt64) -> UnitsRedistributionSample {
        var rng = SeededGenerator(seed: seed, stream: UInt64(k))
        let v = (0..<cell.agents).map { _ in cell.distribution.draw(&rng) }
        return evaluate(values: v, index: k)
    }

    /// Every mechanism's figures on a given profile.
    public func evaluate(values v: [Double], index: Int = 0) -> UnitsRedistributionSample {
        let n = v.count, m = cell.units
        let vcg = UnitsVCG(values: v, units: m)
        let scale = max(1, v.max() ?? 0)
        var outcomes: [UnitsMechanismOutcome] = []
        for (mechanism, rebate) in zip(cell.mechanisms, rebates) {
            let z: [Double]
            z = rebate?.rebates(v) ?? basicGrovesUnitsRebates(v, units: m)
            let transfers = (0..<n).map { z[$0] - vcg.payments[$0] }
            let utilities = (0..<n).map { vcg.values[$0] + transfers[$0] }
            let total = z.reduce(0, +)
            var maxEnvy = 0.0, pairs = 0
            for i in 0..<n {
                for j in 0..<n where j != i {
                    let envy = (vcg.wins[j] ? v[i] : 0) + transfers[j] - utilities[i]
                    if envy > 1e-9 * scale { pairs += 1; maxEnvy = max(maxEnvy, envy) }
                }
            }
            outcomes.append(UnitsMechanismOutcome(
                mechanism: mechanism, shareRedistributed: vcg.revenue > 1e-12 * scale ? total / vcg.revenue : nil,
                shareKept: vcg.welfare > 1e-12 * scale ? utilities.reduce(0, +) / vcg.welfare : 1,
                utilitySpread: (utilities.max() ?? 0) - (utilities.min() ?? 0), maxEnvy: maxEnvy, envyPairs: pairs))
        }
        return UnitsRedistributionSample(index: index, welfare: vcg.welfare, vcgRevenue: vcg.revenue, outcomes: outcomes)
    }
}

/// One mechanism's figures over the samples of a cell.
public struct UnitsMechanismSummary: Sendable, Codable, Equatable {
    /// The mechanism.
    public var mechanism: RedistributionMechanismName
    /// Share of VCG revenue redistributed: mean with 95% interval (samples with R > 0).
    public var shareRedistributed: Summary
    /// The smallest share redistributed among the samples (the worst case found; `nil`
    /// without samples of positive revenue).
    public var worstShareRedistributed: Double?
    /// For linear rebates: the worst case over all profiles (``LinearRebate/worstCaseShare``).
    public var worstCaseShare: Double?
    /// Share of the value kept by the agents: mean with 95% interval.
    public var shareKept: Summary
    /// The smallest share kept among the samples (`nil` without samples).
    public var worstShareKept: Double?
    /// Utility spread max u − min u: mean with 95% interval.
    public var utilitySpread: Summary
    /// Largest envy: mean with 95% interval.
    public var maxEnvy: Summary
    /// The fraction of samples with some envy.
    public var envyFrequency: Double
}

/// The result of ``runUnitsRedistributionExperiment(_:samples:seed:jobs:options:)``.
public struct UnitsRedistributionExperimentResult: Sendable, Codable {
    /// The cell.
    public var cell: UnitsRedistributionCell
    /// The seed.
    public var seed: UInt64
    /// Per mechanism, in the cell's order.
    public var summaries: [UnitsMechanismSummary]
    /// Every sample (for CSV output and for merging shards).
    public var samples: [UnitsRedistributionSample]
}

/// Summarizes samples of one cell (from one run or merged shards; order does not matter
/// beyond rounding: samples are sorted by index first).
public func summarizeUnitsRedistribution(_ samples: [UnitsRedistributionSample], study: UnitsRedistributionStudy) -> [UnitsMechanismSummary] {
    let sorted = samples.sorted { $0.index < $1.index }
    return study.cell.mechanisms.enumerated().map { k, mechanism in
        let outcomes = sorted.map { $0.outcomes[k] }
        let shares = outcomes.compactMap(\.shareRedistributed)
        let kept = outcomes.map(\.shareKept)
        return UnitsMechanismSummary(
            mechanism: mechanism, shareRedistributed: Summary(shares), worstShareRedistributed: shares.min(),
            worstCaseShare: study.rebates[k]?.worstCaseShare, shareKept: Summary(kept), worstShareKept: kept.min(),
            utilitySpread: Summary(outcomes.map(\.utilitySpread)), maxEnvy: Summary(outcomes.map(\.maxEnvy)),
            envyFrequency: outcomes.isEmpty ? 0 : Double(outcomes.filter { $0.envyPairs > 0 }.count) / Double(outcomes.count))
    }
}

/// Runs `samples` profiles of a cell on `jobs` threads and summarizes them: per mechanism the
/// share of VCG revenue redistributed and of value kept (mean, 95% interval, worst found),
/// the utility spread and envy. Results do not depend on `jobs` (one random stream per sample).
///
/// ```swift
/// let cell = UnitsRedistributionCell(agents: 10, units: 3, distribution: .uniform(upper: 100))
/// let result = try runUnitsRedistributionExperiment(cell, samples: 1000, seed: 1)
/// for s in result.summaries { print(s.mechanism, s.shareRedistributed.mean, s.worstShareRedistributed) }
/// ```
public func runUnitsRedistributionExperiment(_ cell: UnitsRedistributionCell, samples: Int, seed: UInt64 = 1,
                                             jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
                                             options: RedistributionOptions = RedistributionOptions()) throws -> UnitsRedistributionExperimentResult {
    let study = try UnitsRedistributionStudy(cell, options: options)
    let drawn = try parallelMap(samples, jobs: jobs) { k in study.sample(k, seed: seed) }
    return UnitsRedistributionExperimentResult(cell: cell, seed: seed, summaries: summarizeUnitsRedistribution(drawn, study: study), samples: drawn)
}
