import CCbc

/// An LP loaded into CLP once whose column bounds AND objective coefficients change between
/// solves, every solve warm-started from the last basis: by the primal simplex when only
/// objective coefficients changed since the last solve (the basis stays primal feasible), by
/// the dual simplex otherwise (bound changes keep it dual feasible; when both changed, CLP's
/// dual simplex repairs the dual infeasibilities itself). The solver of a sequence of closely
/// related LPs — e.g. winner determinations that differ in a few bidders' values and in
/// which bidders take part.
///
/// Like ``ReoptimizableLP``, independent instances may run on different threads at once
/// (CLP on separate models is thread-safe); one instance must not be used by two threads at
/// the same time.
///
/// ```swift
/// let lp = WarmStartLP(model)                      // maximize or minimize, as in the model
/// _ = lp.solve()                                    // from scratch
/// lp.setObjective(column: 2, coefficient: 7.5)      // a new value for column 2
/// _ = lp.solve()                                    // primal simplex from the last basis
/// lp.setBounds(column: 4, lower: 0, upper: 0)
/// _ = lp.solve(cutoff: 10)                          // dual simplex, may stop at the cutoff
/// ```
public final class WarmStartLP {
    private let pointer: UnsafeMutableRawPointer
    private let sign: Double
    private let constant: Double
    /// Number of columns.
    public let variableCount: Int
    /// Number of rows (grows with ``addRows(_:lower:upper:)``).
    public private(set) var constraintCount: Int
    private var solvedOnce = false
    private var objectiveChanged = false, boundsChanged = false
    /// Solves by each algorithm so far (from scratch, primal, dual).
    public private(set) var scratchSolves = 0, primalSolves = 0, dualSolves = 0

    /// Loads the LP relaxation of `model` (integrality ignored). `scaled: false` switches off
    /// CLP's matrix scaling (which it otherwise redoes at every solve) — for matrices whose
    /// entries are all of one magnitude, such as 0/1 packing rows.
    public init(_ model: Model, options: SolveOptions = SolveOptions(), scaled: Bool = true) {
        pointer = Clp_newModel()!
        ColumnMajorMatrix.load(model, into: pointer, with: Clp_loadProblem)
        Clp_setOptimizationDirection(pointer, 1)
        if !scaled { Clp_scaling(pointer, 0) }
        Clp_setLogLevel(pointer, options.logging ? 1 : 0)
        if let limit = options.timeLimit { Clp_setMaximumSeconds(pointer, max(limit, 0)) }
        sign = model.objectiveSense == .maximize ? -1 : 1
        constant = model.objectiveConstant
        variableCount = model.variableCount
        constraintCount = model.constraintCount
    }

    deinit { Clp_deleteModel(pointer) }

    /// Changes the bounds of one column (takes effect at the next ``solve(cutoff:)``).
    public func setBounds(column j: Int, lower: Double, upper: Double) {
        precondition(j >= 0 && j < variableCount, "column \(j) out of range")
        let lo = Clp_columnLower(pointer)!, up = Clp_columnUpper(pointer)!
        guard lo[j] != lower || up[j] != upper else { return }
        lo[j] = lower
        up[j] = upper
        boundsChanged = true
    }

    /// The current bounds of a column.
    public func bounds(column j: Int) -> (lower: Double, upper: Double) {
        (Clp_columnLower(pointer)![j], Clp_columnUpper(pointer)![j])
    }

    /// Changes the objective coefficient of one column (in the model's sense).
    public func setObjective(column j: Int, coefficient: Double) {
        precondition(j >= 0 && j < variableCount, "column \(j) out of range")
        let c = Clp_objective(pointer)!
        guard c[j] != sign * coefficient else { return }
        c[j] = sign * coefficient
        objectiveChanged = true
    }

    /// The current objective coefficient of a column (in the model's sense).
    public func objective(column j: Int) -> Double { sign * Clp_objective(pointer)![j] }

    /// Appends rows `lower ≤ Σ_{j in row} x_j ≤ upper` (all coefficients 1), e.g. cutting
    /// planes. The basis is kept (the new rows' slacks are basic), so the next solve is still
    /// warm (dual simplex); bases saved before no longer fit and are ignored by
    /// ``restoreBasis(_:)``.
    public func addRows(_ rows: [[Int32]], lower: Double, upper: Double) {
        guard !rows.isEmpty else { return }
        var starts: [CoinIndex] = [0], columns: [Int32] = []
        for row in rows {
            precondition(row.allSatisfy { $0 >= 0 && Int($0) < variableCount }, "row names a column out of range")
            columns += row
            starts.append(CoinIndex(columns.count))
        }
        let elements = Array(repeating: 1.0, count: columns.count)
        let lo = Array(repeating: lower, count: rows.count), up = Array(repeating: upper, count: rows.count)
        Clp_addRows(pointer, Int32(rows.count), lo, up, starts, columns, elements)
        constraintCount += rows.count
        boundsChanged = true
    }

    /// The basis (one status byte per column and row), to restore with ``restoreBasis(_:)``.
    public func saveBasis() -> [UInt8] {
        guard Clp_statusExists(pointer) != 0, let status = Clp_statusArray(pointer) else { return [] }
        return Array(UnsafeBufferPointer(start: status, count: variableCount + constraintCount))
    }

    /// Restores a basis saved by ``saveBasis()`` (ignored when empty).
    public func restoreBasis(_ basis: [UInt8]) {
        guard basis.count == variableCount + constraintCount else { return }
        basis.withUnsafeBufferPointer { Clp_copyinStatus(pointer, $0.baseAddress) }
    }

    /// Solves (see the type's documentation for the algorithm). A `cutoff` (in the model's
    /// sense) lets the dual simplex stop once the optimum provably cannot beat it; it is used
    /// only when the objective did not change since the last solve (the dual bound is valid
    /// only from a dual-feasible start).
    public func solve(cutoff: Double? = nil) -> ReoptimizableLP.Outcome {
        let useCutoff = cutoff != nil && solvedOnce && !objectiveChanged
        Clp_setDualObjectiveLimit(pointer, useCutoff ? sign * (cutoff! - constant) : Double.greatestFiniteMagnitude)
        if !solvedOnce {
            _ = Clp_initialSolve(pointer); solvedOnce = true; scratchSolves += 1
        } else if objectiveChanged && !boundsChanged {
            _ = Clp_primal(pointer, 0); primalSolves += 1
        } else {
            _ = Clp_dual(pointer, 0); dualSolves += 1
        }
        objectiveChanged = false
        boundsChanged = false
        if useCutoff && Clp_isDualObjectiveLimitReached(pointer) != 0 { return .cutoff }
        switch Clp_status(pointer) {
        case 0:
            if Clp_isAbandoned(pointer) != 0 { return .failed("CLP abandoned the solve (numerical difficulties)") }
            return .optimal(sign * Clp_objectiveValue(pointer) + constant)
        case 1: return .infeasible
        case 2: return .failed("the LP is unbounded")
        case 3: return .failed("CLP stopped on its iteration or time limit")
        default: return .failed("CLP ended with status \(Clp_status(pointer))")
        }
    }

    /// The reduced costs of the last optimal solve in the model's sense, one per column.
    public var reducedCosts: [Double] {
        guard let p = Clp_getReducedCost(pointer) else { return [] }
        return UnsafeBufferPointer(start: p, count: variableCount).map { sign * $0 }
    }

    /// The primal values of the last optimal solve, one per column.
    public var values: [Double] {
        guard let p = Clp_getColSolution(pointer) else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: variableCount))
    }
}
