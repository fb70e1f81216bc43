/// Which COIN-OR solver runs a model.
public enum SolverBackend: Sendable, Hashable {
    /// CBC when the model has integer variables, CLP otherwise.
    case automatic
    /// COIN-OR CBC (branch and cut). Solves LPs too, without duals.
    case cbc
    /// COIN-OR CLP (simplex). Integrality is ignored: the LP relaxation is solved.
    case clp
}

/// Settings for one ``Model/solve(_:)`` call.
public struct SolveOptions: Sendable, Hashable {
    /// The solver to use.
    public var backend: SolverBackend
    /// A wall-clock limit in seconds; `nil` means none. A solve that reaches it reports
    /// ``SolveStatus/timeLimit(incumbent:bound:)``, never a fake optimum.
    public var timeLimit: Double?
    /// Whether the solver may print its log to standard output (off by default).
    public var logging: Bool
    /// Relative MIP gap at which CBC may stop and call the incumbent optimal (CBC's `ratioGap`).
    /// The default `1e-9` makes "optimal" mean optimal to the solver's tolerances.
    public var relativeGap: Double

    /// Creates solve settings.
    public init(
        backend: SolverBackend = .automatic, timeLimit: Double? = nil, logging: Bool = false,
        relativeGap: Double = 1e-9
    ) {
        self.backend = backend
        self.timeLimit = timeLimit
        self.logging = logging
        self.relativeGap = relativeGap
    }
}
