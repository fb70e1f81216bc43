/// The magnitudes rmsolve accepts for money-like numbers (values, prices, bounds, rewards,
/// costs), enforced when an instance is read.
///
/// Every method computes in double precision, through LP and MIP solvers whose feasibility and
/// optimality tolerances are about 1e-9 of the model's scale. rmsolve scales each model by the
/// instance's magnitude before a solver sees it, so what matters is the *spread* of the
/// numbers: from ``smallestMagnitude`` to ``largestMagnitude`` (21 orders of magnitude, e.g. a
/// budget of billions counted in cents beside values of a billionth) every method answers
/// exactly to the stated tolerance. Beyond that range a number is refused, naming its place,
/// rather than answered wrongly:
/// - `|x| > 1e12`: sums of many such values would lose the small ones entirely;
/// - `0 < |x| < 1e-9`: below the solvers' resolution next to values of order one.
///
/// ```swift
/// NumericalPolicy.problem(with: 2e13)   // "… exceeds 1e12, the largest magnitude rmsolve accepts"
/// NumericalPolicy.problem(with: 0.5)    // nil
/// ```
public enum NumericalPolicy {
    /// The largest magnitude accepted for a value, price, bound, reward or cost.
    public static let largestMagnitude = 1e12
    /// The smallest non-zero magnitude accepted.
    public static let smallestMagnitude = 1e-9

    /// Why `x` cannot be accepted, or `nil` when it can.
    public static func problem(with x: Double) -> String? {
        guard x.isFinite else { return "\(x) is not a finite number" }
        let m = abs(x)
        if m > largestMagnitude { return "\(x) exceeds 1e12, the largest magnitude rmsolve accepts (docs/numerics.md)" }
        if m != 0 && m < smallestMagnitude { return "\(x) is below 1e-9, the smallest non-zero magnitude rmsolve accepts (docs/numerics.md)" }
        return nil
    }
}

extension JSONValue {
    /// A number within the ``NumericalPolicy`` range (a value, price, bound, reward or cost);
    /// an error naming this place otherwise.
    public func amount() throws -> Double {
        let x = try number()
        if let problem = NumericalPolicy.problem(with: x) { throw error(problem) }
        return x
    }

    /// An array of numbers each within the ``NumericalPolicy`` range.
    public func amounts() throws -> [Double] {
        let xs = try numbers()
        if let k = xs.firstIndex(where: { NumericalPolicy.problem(with: $0) != nil }) {
            _ = try array()[k].amount()
        }
        return xs
    }
}
