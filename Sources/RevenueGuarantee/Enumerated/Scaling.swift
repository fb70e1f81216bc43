import Combinatorial

/// Scaling of a revenue-guarantee problem before it reaches a solver (docs/numerics.md).
///
/// G_i is positively homogeneous of degree one in the money-like numbers: multiplying every
/// reported value, every bound of Θ_i and every right-hand side of its rows by `s > 0`
/// multiplies the VCG revenue at every report by `s`, maps Θ_i onto `s·Θ_i`, and so multiplies
/// G_i by `s` (constraint coefficients are unit-free and stay as they are). rmsolve divides
/// by a POWER OF TWO near the largest reported |value|, which is exact in binary floating
/// point (no rounding at all, barring underflow below 1e-290), so the solver sees values of
/// order one and its absolute tolerances (CLP/CBC use about 1e-7 to 1e-9) become tolerances
/// relative to the instance's scale. Results are multiplied back by the same power of two,
/// again exactly.
public enum ProblemScaling {
    /// The instance's scale: the largest |reported value| of any agent for any outcome (0 when
    /// every value is 0). Tolerances of the revenue guarantees are relative to it.
    public static func scale(of values: [[Double]]) -> Double {
        var s = 0.0
        for row in values { for v in row { s = max(s, abs(v)) } }
        return s
    }

    /// The power of two nearest `x` (1 when `x` is 0 or not finite).
    public static func powerOfTwo(near x: Double) -> Double {
        guard x.isFinite, x > 0 else { return 1 }
        return Double(sign: .plus, exponent: Int((log2(x)).rounded()), significand: 1)
    }
}

public extension StaticProblem {
    /// The same problem with every report, bound and right-hand side divided by `s`
    /// (coefficients unchanged). With `s` a power of two this is exact; see ``ProblemScaling``.
    func scaled(by s: Double) -> StaticProblem {
        var copy = self
        copy.reports = reports.map { $0.map { $0 / s } }
        copy.typeSpaces = typeSpaces.map { space in
            var t = space
            t.lower = space.lower.map { $0 / s }
            t.upper = space.upper.map { $0 / s }
            t.rows = space.rows.map { row in
                TypeSpaceRow(columns: row.columns, coefficients: row.coefficients, lower: row.lower / s, upper: row.upper / s)
            }
            return t
        }
        return copy
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
