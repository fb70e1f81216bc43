import Foundation
import InstanceIO

/// What ``benchmarkGittinsIndices(states:seed:discount:lpStates:calibrationStates:)`` measured
/// (the line `rmsolve bench gittins` prints).
public struct GittinsBenchmark: Codable, Sendable {
    /// One method's time and the states it indexed.
    public struct Method: Codable, Sendable {
        public var seconds: Double
        public var statesIndexed: Int
        /// The time extrapolated to all states (`nil`, encoded as `null`, when no state was indexed).
        public var allStatesSecondsEstimate: Double?
        /// The largest |index − largest-remaining-index's| over the indexed states.
        public var maxAbsDifferenceToLri: Double?

        enum CodingKeys: String, CodingKey { case seconds, statesIndexed, allStatesSecondsEstimate, maxAbsDifferenceToLri }

        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(seconds, forKey: .seconds)
            try c.encode(statesIndexed, forKey: .statesIndexed)
            // The estimate is always present in a sampled method's entry, `null` when nothing was sampled.
            if let maxAbsDifferenceToLri {
                try c.encode(allStatesSecondsEstimate, forKey: .allStatesSecondsEstimate)
                try c.encode(maxAbsDifferenceToLri, forKey: .maxAbsDifferenceToLri)
            }
        }
    }
    public var bench = "gittins"
    public var states: Int, seed: UInt64, discount: Double, cores: Int
    /// State elimination (largest remaining index) on every state.
    public var lri: Method
    /// The restart-in-state LP (CLP) on a sample of states.
    public var lp: Method
    /// Calibration on a sample of states.
    public var calibration: Method
    public var targetLriSeconds: Double, targetMet: Bool
    /// `lpAllStatesOverLri`, `calibrationAllStatesOverLri` (for the methods that ran).
    public var ratios: [String: Double]
}

/// Times all Gittins indices of a random dense `states`-state arm by state elimination, against
/// the restart-in-state LP on `lpStates` states (default: 8 when `states` ≤ 300, else 0) and
/// calibration on `calibrationStates` states (default: all up to 100 states, else 1), both
/// sampled evenly and extrapolated to all states. Throws ``GittinsError/invariantViolated(_:)``
/// when a sampled index differs from state elimination's by more than 1e-7.
public func benchmarkGittinsIndices(states: Int, seed: UInt64, discount: Double = 0.9,
                                    lpStates: Int? = nil, calibrationStates: Int? = nil) throws -> GittinsBenchmark {
    let arm = try randomDenseArm(states: states, seed: seed)
    let (ranking, lriSeconds) = benchmarkTimed { GittinsIndex.largestRemainingIndex(arm, discount: discount) }
    func sample(_ count: Int) -> [Int] {
        let k = max(0, min(count, states))
        return (0..<k).map { $0 * states / k }
    }
    func maxDifference(_ a: [Double?], _ sample: [Int]) -> Double {
        sample.map { abs((a[$0] ?? .nan) - ranking.indices[$0]) }.max() ?? 0
    }
    let lpSample = sample(lpStates ?? (states <= 300 ? min(states, 8) : 0))
    let (lp, lpSeconds) = try benchmarkTimed { try GittinsIndex.restartLP(arm, discount: discount, states: lpSample) }
    let calibrationSample = sample(calibrationStates ?? (states <= 100 ? states : 1))
    let (calibration, calibrationSeconds) = try benchmarkTimed {
        try GittinsIndex.calibration(arm, discount: discount, states: calibrationSample)
    }
    let lpDifference = maxDifference(lp, lpSample)
    let calibrationDifference = maxDifference(calibration, calibrationSample)
    guard lpDifference <= 1e-7, calibrationDifference <= 1e-7 else {
        throw GittinsError.invariantViolated("methods disagree: lp \(lpDifference), calibration \(calibrationDifference)")
    }
    func estimate(_ seconds: Double, _ sample: [Int]) -> Double? {
        sample.isEmpty ? nil : seconds * Double(states) / Double(sample.count)
    }
    let lpEstimate = estimate(lpSeconds, lpSample), calibrationEstimate = estimate(calibrationSeconds, calibrationSample)
    var ratios: [String: Double] = [:]
    if let lpEstimate { ratios["lpAllStatesOverLri"] = lpEstimate / lriSeconds }
    if let calibrationEstimate { ratios["calibrationAllStatesOverLri"] = calibrationEstimate / lriSeconds }
    return GittinsBenchmark(
        states: states, seed: seed, discount: discount, cores: ProcessInfo.processInfo.activeProcessorCount,
        lri: .init(seconds: lriSeconds, statesIndexed: states),
        lp: .init(seconds: lpSeconds, statesIndexed: lpSample.count, allStatesSecondsEstimate: lpEstimate,
                  maxAbsDifferenceToLri: lpDifference),
        calibration: .init(seconds: calibrationSeconds, statesIndexed: calibrationSample.count,
                           allStatesSecondsEstimate: calibrationEstimate, maxAbsDifferenceToLri: calibrationDifference),
        targetLriSeconds: 0.3, targetMet: lriSeconds < 0.3, ratios: ratios)
}

/// A random dense arm: every transition probability positive (uniform weights, normalized),
/// rewards uniform in [0, 1), drawn from `SeededGenerator(seed:)`.
func randomDenseArm(states n: Int, seed: UInt64) throws -> FiniteArm {
    var rng = SeededGenerator(seed: seed)
    let rows = (0..<n).map { _ -> [Double] in
        let weights = (0..<n).map { _ in Double.random(in: Double.ulpOfOne..<1, using: &rng) }
        let total = weights.reduce(0, +)
        return weights.map { $0 / total }
    }
    let rewards = (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) }
    // Rows are normalized positive weights, so the initializer's checks pass.
    return try FiniteArm(states: (0..<n).map { "s\($0)" }, rewards: rewards, transitions: rows, initial: 0)
}
