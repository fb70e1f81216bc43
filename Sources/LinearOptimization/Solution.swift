/// How a solve ended.
public enum SolveStatus: Sendable, Equatable {
    /// Proven optimal (to the solver's tolerances).
    case optimal
    /// Proven infeasible.
    case infeasible
    /// Proven unbounded (or, for a MIP, its relaxation is unbounded).
    case unbounded
    /// Stopped by the time limit. `incumbent` is the best feasible objective found, if any;
    /// `bound` the best proven bound, if known. Neither is claimed optimal.
    case timeLimit(incumbent: Double?, bound: Double?)
    /// The solver gave up or failed (numerical trouble, an unexpected status).
    case solverError(String)
}

/// The result of ``Model/solve(_:)``.
///
/// Values are in the model's own sense: a maximization reports its maximum even though the
/// solver is run on the negated minimization.
public struct Solution: Sendable {
    /// How the solve ended.
    public var status: SolveStatus
    /// The objective value of ``values`` (including the constant), when a point is known.
    public var objectiveValue: Double?
    /// The solver's own bound on the objective: CBC's best bound for MIPs, the optimum for
    /// LPs. It is as accurate as the solver's tolerances; ``provenBound`` is rigorous.
    public var bestBound: Double?
    /// One value per column: the optimal (or best known) point; empty when none is known.
    public var values: [Double]
    /// Row duals (shadow prices `∂objective/∂rhs` in the model's sense), for LPs solved by CLP.
    public var rowDuals: [Double]?
    /// Reduced costs (`∂objective/∂x_j` at bound, in the model's sense), for LPs solved by CLP.
    public var reducedCosts: [Double]?
    /// A rigorous bound on the LP optimum (CLP solves that end optimal; `nil` otherwise): a
    /// lower bound for a minimization, an upper bound for a maximization, proven from the
    /// row duals in floating point with error bounds (``Model/provenBound(rowDuals:columnLower:columnUpper:)``,
    /// Neumaier & Shcherbina 2004), so that it holds whatever the solver's tolerances.
    ///
    /// When the duals leave a column with an infinite bound whose reduced cost might have the
    /// wrong sign (a basic column, reduced cost ≈ 0, unbounded above, say), the bound would be
    /// −∞. It is repaired in two steps, each re-checked rigorously: first the multiplier of one
    /// row containing the column is shifted so that its reduced cost becomes a few error
    /// bounds of the safe sign (the same is done for columns whose uncertain sign costs a wide
    /// box); if that fails, the LP is re-solved from its optimal basis with the column's cost
    /// moved by a tiny amount in the safe direction (at most three rounds), and the new duals
    /// are evaluated on the original LP. It stays −∞ (+∞ for a maximization) only when both
    /// fail or a free column's reduced cost is not exactly 0. Integrality is ignored: for a
    /// MIP solved by CLP it bounds the relaxation.
    public var provenBound: Double? = nil
    /// Which solver produced it.
    public var backend: SolverBackend
    /// Wall-clock seconds spent in the solver call (model building excluded).
    public var solveSeconds: Double

    /// The value of a variable in ``values``.
    public subscript(_ variable: Variable) -> Double { values[variable.index] }

    /// The value of an expression at ``values``.
    public func value(of expression: LinearExpression) -> Double {
        expression.evaluate(values)
    }

    /// The dual of a constraint (LPs solved by CLP).
    public func dual(of constraint: Constraint) -> Double? { rowDuals?[constraint.index] }

    /// Whether the status is ``SolveStatus/optimal``.
    public var isOptimal: Bool { status == .optimal }

    /// Returns `self` when optimal; otherwise throws ``SolverError/notOptimal(_:)``.
    public func requireOptimal() throws -> Solution {
        guard status == .optimal else { throw SolverError.notOptimal(status) }
        return self
    }
}

/// Errors of the modeling layer.
public enum SolverError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A solve did not end optimal; carries what is known.
    case notOptimal(SolveStatus)
    /// A model file could not be written or read.
    case file(path: String, reason: String)

    public var description: String {
        switch self {
        case .notOptimal(let status):
            switch status {
            case .optimal: return "solved to optimality"
            case .infeasible: return "the solver proved the model infeasible"
            case .unbounded: return "the solver proved the model unbounded"
            case .timeLimit(let incumbent, let bound):
                var s = "the solver stopped at the time limit"
                s += incumbent.map { "; best feasible objective \($0)" } ?? "; no feasible point found"
                if let b = bound { s += "; best bound \(b)" }
                if let i = incumbent, let b = bound {
                    s += "; gap \(abs(i - b) / max(1e-10, abs(i)))"
                }
                return s + " (not optimal)"
            case .solverError(let why): return "the solver failed: \(why)"
            }
        case .file(let path, let reason): return "\(path): \(reason)"
        }
    }
}
