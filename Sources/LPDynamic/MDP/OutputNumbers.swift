import Foundation

/// Rounds away floating-point noise in a reported number: `significantDigits` significant
/// digits, and magnitudes below 1e-12 reported as 0. Only results are rounded, never the
/// computation. MDP and mechanism results use 10 digits; metadeliberation results use 13
/// because their values span 1e10 beside 2^10 (thesis Example 8.1).
func reportedNumber(_ x: Double, significantDigits: Int = 10) -> Double {
    if abs(x) < 1e-12 { return 0 }
    let rounded = Double(String(format: "%.\(significantDigits)g", x)) ?? x
    return rounded == 0 ? 0 : rounded
}
