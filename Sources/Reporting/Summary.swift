import Foundation

/// The mean of a sample with a 95% confidence interval for it (Student's t).
///
/// ```swift
/// let s = Summary([0.91, 0.95, 0.97, 0.93])
/// print(s.mean, s.lower95, s.upper95)
/// ```
public struct Summary: Sendable, Equatable, Codable {
    /// Sample size.
    public var count: Int
    /// Sample mean (NaN for an empty sample).
    public var mean: Double
    /// Sample standard deviation (n − 1 denominator; 0 for fewer than two values).
    public var standardDeviation: Double
    /// Lower end of the 95% confidence interval for the mean.
    public var lower95: Double
    /// Upper end of the 95% confidence interval for the mean.
    public var upper95: Double

    /// Summarizes a sample.
    public init<S: Sequence>(_ values: S) where S.Element == Double {
        let xs = Array(values)
        count = xs.count
        guard !xs.isEmpty else {
            mean = .nan; standardDeviation = .nan; lower95 = .nan; upper95 = .nan
            return
        }
        // Two-pass mean and variance: order-independent up to rounding, which is what
        // makes sharded and unsharded runs agree (values are summed in the given order).
        let m = xs.reduce(0, +) / Double(xs.count)
        mean = m
        if xs.count < 2 {
            standardDeviation = 0; lower95 = m; upper95 = m
            return
        }
        let variance = xs.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(xs.count - 1)
        standardDeviation = variance.squareRoot()
        let half = studentT975(degreesOfFreedom: xs.count - 1) * standardDeviation
            / Double(xs.count).squareRoot()
        lower95 = m - half
        upper95 = m + half
    }
}

/// The 97.5% quantile of Student's t distribution (two-sided 95%), exact table values for
/// small degrees of freedom and the Cornish–Fisher expansion (Abramowitz & Stegun 26.7.5,
/// error below 1e-4 for ν ≥ 10) beyond.
public func studentT975(degreesOfFreedom nu: Int) -> Double {
    let table: [Double] = [
        .infinity, 12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624,
        2.306004, 2.262157,
    ]
    if nu < table.count { return nu <= 0 ? .infinity : table[nu] }
    let z = 1.959963984540054, v = Double(nu)
    let z3 = z * z * z, z5 = z3 * z * z, z7 = z5 * z * z, z9 = z7 * z * z
    return z + (z3 + z) / (4 * v) + (5 * z5 + 16 * z3 + 3 * z) / (96 * v * v)
        + (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * v * v * v)
        + (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * v * v * v * v)
}
