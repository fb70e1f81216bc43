import CCbc

/// An LP loaded into CLP once and re-solved after changes to its column bounds, objective
/// coefficients or rows, each re-solve warm-started from the last basis: by the primal
/// simplex when only objective coefficients changed since the last solve (the basis stays
/// primal feasible), by the dual simplex otherwise (bound and row changes keep it dual
/// feasible; when the objective changed too, CLP's dual simplex repairs the dual
/// infeasibilities itself). The node solver of an LP-based branch and bound, and the solver of
/// a sequence of closely related LPs — e.g. winner determinations that differ in a few
/// bidders' values and in which bidders take part.
///
/// CLP on separate models is safe to use from several threads at once (unlike CBC, see
/// ``Model/solve(_:)``), so independent `ReoptimizableLP`s may run in parallel; one instance
/// must not be used by two threads at the same time.
///
/// ```swift
/// let lp = ReoptimizableLP(model)            // the relaxation: integrality is ignored
/// var result = lp.solve()                     // .optimal(objective)
/// lp.setBounds(column: 3, lower: 1, upper: 1) // fix x_3 = 1
/// result = lp.solve(cutoff: 12)               // .cutoff when the optimum cannot exceed 12
/// lp.setObjective(column: 2, coefficient: 7.5) // a new value for column 2
/// result = lp.solve()                         // primal simplex from the last basis
/// ```
public final class ReoptimizableLP {
    /// How one re-solve ended.
    public enum Outcome: Sendable, Equatable {
        /// Optimal, with the objective in the model's sense (constant included).
        case optimal(Double)
        /// No feasible point.
        case infeasible
        /// The optimum is proven no better than the cutoff (≤ it when maximizing, ≥ when
        /// minimizing); the dual simplex stopped early.
        case cutoff
        /// Unbounded, stopped, or numerical failure (the message says which).
        case failed(String)
    }

    private let pointer: UnsafeMutableRawPointer
    private let sign: Double
    private let constant: Double
    /// Number of columns.
    public let variableCount: Int
    /// Number of rows (grows with ``addRows(starts:columns:elements:upper:)``).
    public private(set) var constraintCount: Int
    private var solvedOnce = false
    private var objectiveChanged = false, boundsChanged = false
    /// Whether the first ``solve(cutoff:)`` runs the dual simplex from the slack basis (every
    /// column at the bound its cost prefers, so the start is dual feasible when every column is
    /// bounded) instead of CLP's automatic choice with presolve. Cheaper for small packing LPs.
    public var firstSolveByDual = false

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

    /// Loads an LP given column by column (compressed sparse columns: the entries of column j
    /// are `rows[starts[j]..<starts[j+1]]` with `elements` alike), without building a
    /// ``Model``: `objective` is maximized when `maximize`, else minimized.
    public init(starts: [Int], rows: [Int32], elements: [Double], columnLower: [Double], columnUpper: [Double],
                objective: [Double], rowLower: [Double], rowUpper: [Double], maximize: Bool,
                options: SolveOptions = SolveOptions()) {
        precondition(starts.count == columnLower.count + 1 && columnLower.count == columnUpper.count
                     && objective.count == columnLower.count && rowLower.count == rowUpper.count,
                     "inconsistent LP arrays")
        pointer = Clp_newModel()!
        sign = maximize ? -1 : 1
        constant = 0
        variableCount = columnLower.count
        constraintCount = rowLower.count
        let big = starts.map { CoinIndex($0) }
        let cost = objective.map { sign * $0 }
        Clp_loadProblem(pointer, Int32(variableCount), Int32(constraintCount), big, rows, elements,
                        columnLower, columnUpper, cost, rowLower, rowUpper)
        Clp_setOptimizationDirection(pointer, 1)
        Clp_setLogLevel(pointer, options.logging ? 1 : 0)
        if let limit = options.timeLimit { Clp_setMaximumSeconds(pointer, max(limit, 0)) }
    }

    deinit { Clp_deleteModel(pointer) }

    /// Appends rows `-∞ ≤ Σ elements·x ≤ upper` (row r's entries are
    /// `columns[starts[r]..<starts[r+1]]`), e.g. cuts; the current basis is kept (the new
    /// rows' slacks are basic), so the next solve stays warm. Bases saved before the call no
    /// longer fit and are ignored by ``restoreBasis(_:)``.
    public func addRows(starts: [Int], columns: [Int32], elements: [Double], upper: [Double]) {
        guard !upper.isEmpty else { return }
        precondition(starts.count == upper.count + 1, "inconsistent row arrays")
        let lower = [Double](repeating: -Double.greatestFiniteMagnitude, count: upper.count)
        Clp_addRows(pointer, Int32(upper.count), lower, upper, starts.map { CoinIndex($0) }, columns, elements)
        constraintCount += upper.count
        boundsChanged = true
    }

    /// Appends rows `Σ_{j in row} x_j ≤ upper`, all coefficients 1 (e.g. clique cuts); see
    /// ``addRows(starts:columns:elements:upper:)``.
    public func addRows(_ rows: [[Int32]], upper: Double) {
        var starts = [0], columns: [Int32] = []
        for row in rows {
            precondition(row.allSatisfy { $0 >= 0 && Int($0) < variableCount }, "row names a column out of range")
            columns += row
            starts.append(columns.count)
        }
        addRows(starts: starts, columns: columns, elements: Array(repeating: 1, count: columns.count),
                upper: Array(repeating: upper, count: rows.count))
    }

    /// Changes the bounds of one column (takes effect at the next ``solve(cutoff:)``).
    public func setBounds(column j: Int, lower: Double, upper: Double) {
        precondition(j >= 0 && j < variableCount, "column \(j) out of range")
        let lo = Clp_columnLower(pointer)!, up = Clp_columnUpper(pointer)!
        guard lo[j] != lower || up[j] != upper else { return }
        lo[j] = lower
        up[j] = upper
        boundsChanged = true
    }

    /// Changes the objective coefficient of one column, in the model's sense (takes effect at
    /// the next ``solve(cutoff:)``).
    public func setObjective(column j: Int, coefficient: Double) {
        precondition(j >= 0 && j < variableCount, "column \(j) out of range")
        let c = Clp_objective(pointer)!
        guard c[j] != sign * coefficient else { return }
        c[j] = sign * coefficient
        objectiveChanged = true
    }

    /// The current objective coefficient of a column, in the model's sense.
    public func objective(column j: Int) -> Double { sign * Clp_objective(pointer)![j] }

    /// The current bounds of a column.
    public func bounds(column j: Int) -> (lower: Double, upper: Double) {
        (Clp_columnLower(pointer)![j], Clp_columnUpper(pointer)![j])
    }

    /// The basis (one status byte per column and row), to restore with ``restoreBasis(_:)``
    /// when a search backtracks.
    public func saveBasis() -> [UInt8] {
        guard Clp_statusExists(pointer) != 0, let status = Clp_statusArray(pointer) else { return [] }
        return Array(UnsafeBufferPointer(start: status, count: variableCount + constraintCount))
    }

    /// Restores a basis saved by ``saveBasis()`` (ignored when empty). A basis saved before
    /// rows were added gets those rows' slacks basic (so it is still a basis).
    public func restoreBasis(_ basis: [UInt8]) {
        let size = variableCount + constraintCount
        guard !basis.isEmpty && basis.count <= size else { return }
        var full = basis
        if full.count < size { full += [UInt8](repeating: 1, count: size - full.count) }   // 1: basic
        full.withUnsafeBufferPointer { Clp_copyinStatus(pointer, $0.baseAddress) }
    }

    /// The row activities (Σ a·x per row) of the last solve.
    public var rowActivities: [Double] {
        guard let p = Clp_getRowActivity(pointer) else { return [] }
        return Array(UnsafeBufferPointer(start: p, count: constraintCount))
    }

    /// Deletes rows (e.g. cuts that are no longer tight); the basis of the remaining rows and
    /// columns is kept. Bases saved before the call no longer fit.
    public func deleteRows(_ rows: [Int]) {
        guard !rows.isEmpty else { return }
        Clp_deleteRows(pointer, Int32(rows.count), rows.map { Int32($0) })
        constraintCount -= rows.count
        boundsChanged = true
    }

    /// Solves: the first call from scratch (CLP's automatic choice, or the dual simplex from
    /// the slack basis with ``firstSolveByDual``), later calls from the current basis (see the
    /// type's documentation for the algorithm). With a `cutoff` (in the model's sense) the
    /// dual simplex may stop as soon as the optimum provably cannot beat it; the cutoff is used
    /// only from a dual-feasible start (the dual simplex, the objective unchanged since the
    /// last solve).
    public func solve(cutoff: Double? = nil) -> Outcome {
        let byDual = solvedOnce ? !(objectiveChanged && !boundsChanged) : firstSolveByDual
        let useCutoff = cutoff != nil && byDual && !(solvedOnce && objectiveChanged)
        Clp_setDualObjectiveLimit(pointer, useCutoff ? sign * (cutoff! - constant) : Double.greatestFiniteMagnitude)
        if !solvedOnce && !byDual { _ = Clp_initialSolve(pointer) }
        else if byDual { _ = Clp_dual(pointer, 0) }
        else { _ = Clp_primal(pointer, 0) }
        solvedOnce = true
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

    /// The reduced costs of the last optimal solve in the model's sense (∂objective/∂x_j),
    /// one per column.
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
