/// A sparse affine function `Σ coefficient·variable + constant` of a model's variables.
///
/// Expressions are built with the usual operators:
/// ```swift
/// let profit = 5 * x + 4 * y - 2
/// let total = LinearExpression.sum(items.map { $0 * 1.0 })
/// ```
/// Terms are kept in insertion order; repeated variables are allowed and are summed when the
/// expression is put into a model.
public struct LinearExpression: Sendable, Equatable, ExpressibleByFloatLiteral,
    ExpressibleByIntegerLiteral
{
    /// The variables of the terms, parallel to ``coefficients``.
    public var variables: [Variable]
    /// The coefficients of the terms, parallel to ``variables``.
    public var coefficients: [Double]
    /// The constant term.
    public var constant: Double

    /// Creates `Σ terms + constant`.
    public init(terms: [(Variable, Double)] = [], constant: Double = 0) {
        variables = terms.map(\.0)
        coefficients = terms.map(\.1)
        self.constant = constant
    }

    /// Creates the expression `1·variable`.
    public init(_ variable: Variable) {
        variables = [variable]
        coefficients = [1]
        constant = 0
    }

    /// Creates a constant expression.
    public init(floatLiteral value: Double) { self.init(constant: value) }

    /// Creates a constant expression.
    public init(integerLiteral value: Int) { self.init(constant: Double(value)) }

    /// Adds `coefficient·variable` in place (the fast way to build long expressions).
    public mutating func add(_ coefficient: Double, _ variable: Variable) {
        variables.append(variable)
        coefficients.append(coefficient)
    }

    /// The number of (not necessarily distinct) terms.
    public var termCount: Int { variables.count }

    /// The value of the expression at the given column values.
    public func evaluate(_ values: [Double]) -> Double {
        var total = constant
        for (v, c) in zip(variables, coefficients) { total += c * values[v.index] }
        return total
    }

    /// The sum of the given expressions.
    public static func sum<S: Sequence>(_ expressions: S) -> LinearExpression
    where S.Element == LinearExpression {
        var result = LinearExpression()
        for e in expressions { result += e }
        return result
    }

    /// The sum of the given variables with coefficient 1.
    public static func sum<S: Sequence>(_ variables: S) -> LinearExpression
    where S.Element == Variable {
        var result = LinearExpression()
        for v in variables { result.add(1, v) }
        return result
    }

    public static func += (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs.variables += rhs.variables
        lhs.coefficients += rhs.coefficients
        lhs.constant += rhs.constant
    }

    public static func -= (lhs: inout LinearExpression, rhs: LinearExpression) {
        lhs += -rhs
    }

    public static func + (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        var r = lhs
        r += rhs
        return r
    }

    public static func - (lhs: LinearExpression, rhs: LinearExpression) -> LinearExpression {
        lhs + (-rhs)
    }

    public static prefix func - (e: LinearExpression) -> LinearExpression {
        e * -1
    }

    public static func * (lhs: LinearExpression, rhs: Double) -> LinearExpression {
        var r = lhs
        for k in r.coefficients.indices { r.coefficients[k] *= rhs }
        r.constant *= rhs
        return r
    }

    public static func * (lhs: Double, rhs: LinearExpression) -> LinearExpression { rhs * lhs }
}

extension Variable {
    public static func * (lhs: Double, rhs: Variable) -> LinearExpression {
        LinearExpression(terms: [(rhs, lhs)])
    }

    public static func * (lhs: Variable, rhs: Double) -> LinearExpression { rhs * lhs }

    public static func + (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(lhs) + LinearExpression(rhs)
    }

    public static func - (lhs: Variable, rhs: Variable) -> LinearExpression {
        LinearExpression(lhs) - LinearExpression(rhs)
    }

    public static func + (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        lhs + LinearExpression(rhs)
    }

    public static func - (lhs: LinearExpression, rhs: Variable) -> LinearExpression {
        lhs - LinearExpression(rhs)
    }

    public static func + (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        LinearExpression(lhs) + rhs
    }

    public static func - (lhs: Variable, rhs: LinearExpression) -> LinearExpression {
        LinearExpression(lhs) - rhs
    }

    public static prefix func - (v: Variable) -> LinearExpression { -1.0 * v }
}
