import CCbc

/// Which CLP algorithm solves an LP (``Model/solveLP(algorithm:options:)``).
public enum CLPAlgorithm: String, Sendable, Hashable, CaseIterable {
    /// CLP's own choice (`Clp_initialSolve`, what ``Model/solve(_:)`` uses).
    case automatic
    /// Primal simplex from scratch (`Clp_initialPrimalSolve`).
    case primal
    /// Dual simplex from scratch (`Clp_initialDualSolve`).
    case dual
    /// Interior point with crossover to a basic optimal solution (`Clp_initialBarrierSolve`).
    case barrier

    /// Runs the algorithm on a loaded CLP model.
    func run(_ pointer: UnsafeMutableRawPointer) {
        switch self {
        case .automatic: _ = Clp_initialSolve(pointer)
        case .primal: _ = Clp_initialPrimalSolve(pointer)
        case .dual: _ = Clp_initialDualSolve(pointer)
        case .barrier: _ = Clp_initialBarrierSolve(pointer)
        }
    }
}

extension Model {
    /// Solves the LP relaxation with CLP using a chosen algorithm (integrality is ignored).
    /// Status, values and duals are read exactly as by ``solve(_:)`` with the CLP backend.
    ///
    /// ```swift
    /// let solution = model.solveLP(algorithm: .primal)
    /// ```
    public func solveLP(algorithm: CLPAlgorithm, options: SolveOptions = SolveOptions()) -> Solution {
        CLPProblem(self).solve(self, options: options, algorithm: algorithm)
    }
}
