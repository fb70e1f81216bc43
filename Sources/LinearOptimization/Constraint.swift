/// The relation of a linear constraint `expression (sense) rhs`.
public enum ConstraintSense: Sendable, Hashable {
    /// `expression ≤ rhs`
    case lessOrEqual
    /// `expression ≥ rhs`
    case greaterOrEqual
    /// `expression = rhs`
    case equal
}

/// A constraint (row) of a ``Model``: a handle naming one row.
public struct Constraint: Sendable, Hashable {
    /// The row index of the constraint in its model.
    public let index: Int

    /// Creates a handle for row `index`. Normally obtained from `Model.addConstraint`.
    public init(index: Int) { self.index = index }
}

/// Whether a linear optimization minimizes or maximizes its objective.
public enum ObjectiveSense: Sendable, Hashable {
    /// Minimize the objective.
    case minimize
    /// Maximize the objective.
    case maximize
}
