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
        var solution = Solution(
            status: status, objectiveValue: objective, bestBound: objective,
            values: optimal ? read(Clp_getColSolution(pointer), n, 1) : [],
            rowDuals: optimal ? read(Clp_getRowPrice(pointer), m, sign) : nil,
            reducedCosts: optimal ? read(Clp_getReducedCost(pointer), n, sign) : nil,
            backend: .clp, solveSeconds: seconds)
        if optimal, let duals = solution.rowDuals {
            solution.provenBound = sign * provenBound(model, duals: duals.count == m ? duals : Array(repeating: 0, count: m))
        }
        return solution
    }

    /// The rigorous dual bound (minimization sense) of an optimally solved `model`, repaired
    /// where the duals leave a one-sided infinite column with a reduced cost of uncertain
    /// sign (``Solution/provenBound``). Runs after the solution has been read: it changes the
    /// loaded objective.
    private func provenBound(_ model: Model, duals: [Double]) -> Double {
        var result = model.shiftedDualBound(rowDuals: duals)
        let sign: Double = model.objectiveSense == .maximize ? -1 : 1
        let m = model.constraintCount
        var cost = model.objective.map { sign * $0 }
        var rounds = 0
        while result.bound == -.infinity, !result.unbounded.isEmpty, rounds < 3 {
            rounds += 1
            for c in result.unbounded {
                let j = c.column
                let lowerFinite = model.columnLower[j].isFinite
                // A free column needs a reduced cost of exactly 0: no perturbation proves that.
                guard lowerFinite != model.columnUpper[j].isFinite else { return -.infinity }
                // Lower finite, upper infinite: d_j ≥ 0 is needed, so the re-solved LP pays
                // τ less for x_j, and the original's reduced cost is the new one plus τ.
                let tau = 4 * (abs(c.reducedCost) + c.error) + 0x1p-40 * c.magnitude
                cost[j] += lowerFinite ? -tau : tau
            }
            Clp_chgObjCoefficients(pointer, cost)
            _ = Clp_primal(pointer, 0)
            guard Clp_status(pointer) == 0, Clp_isAbandoned(pointer) == 0,
                  let price = Clp_getRowPrice(pointer) else { return -.infinity }
            let duals = UnsafeBufferPointer(start: price, count: m).map { sign * $0 }
            result = model.shiftedDualBound(rowDuals: duals)
        }
        return result.bound
    }
}
