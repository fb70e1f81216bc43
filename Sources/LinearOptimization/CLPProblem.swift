import CCbc
import Foundation

/// One CLP simplex model, owned by this object and freed with it.
final class CLPProblem {
    let pointer: UnsafeMutableRawPointer

    /// Loads the LP relaxation of `model` into a new CLP model, as a minimization.
    init(_ model: Model) {
        pointer = Clp_newModel()!
        ColumnMajorMatrix.load(model, into: pointer, with: Clp_loadProblem)
        Clp_setOptimizationDirection(pointer, 1)
    }

    deinit { Clp_deleteModel(pointer) }

    /// Solves (CLP's automatic choice of primal or dual simplex) and reads the result in
    /// the sense of `model`.
    func solve(_ model: Model, options: SolveOptions, algorithm: CLPAlgorithm = .automatic) -> Solution {
        Clp_setLogLevel(pointer, options.logging ? 1 : 0)
        if let limit = options.timeLimit { Clp_setMaximumSeconds(pointer, max(limit, 0)) }
        let clock = ContinuousClock()
        let start = clock.now
        algorithm.run(pointer)
        let seconds = (clock.now - start).seconds
        let sign: Double = model.objectiveSense == .maximize ? -1 : 1
        let n = model.variableCount, m = model.constraintCount
        func read(_ p: UnsafePointer<Double>?, _ count: Int, _ scale: Double) -> [Double] {
            guard let p, count > 0 else { return [] }
            return UnsafeBufferPointer(start: p, count: count).map { scale * $0 }
        }
        // Clp_status: 0 optimal, 1 primal infeasible, 2 dual infeasible (unbounded),
        // 3 stopped on iterations or time, 4 stopped due to errors.
        let code = Clp_status(pointer)
        var status: SolveStatus
        switch code {
        case 0: status = .optimal
        case 1: status = .infeasible
        case 2: status = .unbounded
        case 3:
            let feasible = Clp_primalFeasible(pointer) != 0
            let objective = sign * Clp_objectiveValue(pointer) + model.objectiveConstant
            status = .timeLimit(incumbent: feasible ? objective : nil, bound: nil)
        default: status = .solverError("CLP ended with status \(code)")
        }
        if status == .optimal && Clp_isAbandoned(pointer) != 0 {
            status = .solverError("CLP abandoned the solve (numerical difficulties)")
        }
        let optimal = status == .optimal
        let objective = optimal ? sign * Clp_objectiveValue(pointer) + model.objectiveConstant : nil
        return Solution(
            status: status, objectiveValue: objective, bestBound: objective,
            values: optimal ? read(Clp_getColSolution(pointer), n, 1) : [],
            rowDuals: optimal ? read(Clp_getRowPrice(pointer), m, sign) : nil,
            reducedCosts: optimal ? read(Clp_getReducedCost(pointer), n, sign) : nil,
            backend: .clp, solveSeconds: seconds)
    }
}
