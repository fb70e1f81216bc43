import ArgumentParser
import Dispatch
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve bench gittins --states N --seed S`: all Gittins indices of a random dense N-state
/// arm by state elimination (timed on every state), against the restart-in-state LP (CLP) and
/// calibration timed on a sample of states and extrapolated; every sampled index is compared
/// with state elimination.
struct BenchGittinsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gittins",
        abstract: "Time the Gittins index methods on a random dense arm (target: 1000 states < 0.3 s).")

    @Option(help: "Number of states of the random arm.")
    var states: Int = 1000

    @OptionGroup var random: RandomOptions
    var seed: UInt64 { random.seed }

    @Option(help: "Discount factor γ.")
    var discount: Double = 0.9

    @Option(help: "States indexed by the restart LP (default: 8 when N ≤ 300, else 0; one dense 1000-state LP takes CLP about a minute).")
    var lpStates: Int?

    @Option(help: "States indexed by calibration (default: all up to 100 states, else 1).")
    var calibrationStates: Int?

    func validate() throws {
        guard states >= 1 else { throw ValidationError("--states must be at least 1") }
        guard discount > 0, discount < 1 else { throw ValidationError("--discount must lie in (0, 1)") }
        if let k = lpStates, k < 0 { throw ValidationError("--lp-states must be at least 0") }
        if let k = calibrationStates, k < 0 { throw ValidationError("--calibration-states must be at least 0") }
    }

    func run() throws {
        try reportingErrors {
            let arm = try randomDenseArm(states: states, seed: seed)
            let (ranking, lriSeconds) = timed { GittinsIndex.largestRemainingIndex(arm, discount: discount) }
            let lpSample = sample(count: lpStates ?? (states <= 300 ? min(states, 8) : 0))
            let (lp, lpSeconds) = try timed { try GittinsIndex.restartLP(arm, discount: discount, states: lpSample) }
            let calibrationSample = sample(count: calibrationStates ?? (states <= 100 ? states : 1))
            let (calibration, calibrationSeconds) = try timed {
                try GittinsIndex.calibration(arm, discount: discount, states: calibrationSample)
            }
            let lpDifference = maxDifference(lp, ranking.indices, lpSample)
            let calibrationDifference = maxDifference(calibration, ranking.indices, calibrationSample)
            guard lpDifference <= 1e-7, calibrationDifference <= 1e-7 else {
                throw GittinsError.invariantViolated(
                    "methods disagree: lp \(lpDifference), calibration \(calibrationDifference)")
            }
            let lpEstimate = lpSample.isEmpty ? nil : lpSeconds * Double(states) / Double(lpSample.count)
            let calibrationEstimate = calibrationSample.isEmpty
                ? nil : calibrationSeconds * Double(states) / Double(calibrationSample.count)
            var line: [String: Any] = [
                "bench": "gittins", "states": states, "seed": seed, "discount": discount,
                "cores": ProcessInfo.processInfo.activeProcessorCount,
                "lri": ["seconds": lriSeconds, "statesIndexed": states],
                "lp": ["seconds": lpSeconds, "statesIndexed": lpSample.count,
                       "allStatesSecondsEstimate": lpEstimate as Any, "maxAbsDifferenceToLri": lpDifference],
                "calibration": ["seconds": calibrationSeconds, "statesIndexed": calibrationSample.count,
                                "allStatesSecondsEstimate": calibrationEstimate as Any,
                                "maxAbsDifferenceToLri": calibrationDifference],
                "targetLriSeconds": 0.3, "targetMet": lriSeconds < 0.3,
            ]
            var ratios: [String: Double] = [:]
            if let lpEstimate { ratios["lpAllStatesOverLri"] = lpEstimate / lriSeconds }
            if let calibrationEstimate { ratios["calibrationAllStatesOverLri"] = calibrationEstimate / lriSeconds }
            line["ratios"] = ratios
            let data = try JSONSerialization.data(withJSONObject: line, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// `count` states spread evenly over the arm.
    func sample(count: Int) -> [Int] {
        let k = max(0, min(count, states))
        return (0..<k).map { $0 * states / k }
    }
}

/// A random dense arm: every transition probability positive (uniform weights, normalized),
/// rewards uniform in [0, 1), drawn from `SeededGenerator(seed:)`.
private func randomDenseArm(states n: Int, seed: UInt64) throws -> FiniteArm {
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

/// The wall time of `body` in seconds, with its result.
private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let result = try body()
    return (result, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// The largest |a[s] − b[s]| over `states`.
private func maxDifference(_ a: [Double?], _ b: [Double], _ states: [Int]) -> Double {
    states.map { abs((a[$0] ?? .nan) - b[$0]) }.max() ?? 0
}
