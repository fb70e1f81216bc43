/// The integrality of a decision variable.
public enum VariableKind: Sendable, Hashable {
    /// A real-valued variable.
    case continuous
    /// An integer-valued variable.
    case integer
    /// An integer variable restricted to `{0, 1}` (its bounds are intersected with `[0, 1]`).
    case binary
}

/// A decision variable of a ``Model``: a handle naming one column.
///
/// Variables are created by ``Model/addVariable(lowerBound:upperBound:kind:name:)`` and are
/// only meaningful for the model that created them (or a copy of it).
///
/// ```swift
/// var model = Model()
/// let x = model.addVariable(lowerBound: 0, upperBound: 4, kind: .integer, name: "x")
/// ```
public struct Variable: Sendable, Hashable, Comparable {
    /// The column index of the variable in its model.
    public let index: Int

    /// Creates a handle for column `index`. Normally obtained from `Model.addVariable`.
    public init(index: Int) { self.index = index }

    public static func < (lhs: Variable, rhs: Variable) -> Bool { lhs.index < rhs.index }
}
