/// A linear or mixed-integer linear optimization model:
/// `min/max cᵀx + c₀  s.t.  rowLower ≤ A x ≤ rowUpper,  lower ≤ x ≤ upper,  x_j ∈ ℤ for j ∈ J`.
///
/// `Model` is a value type holding the formulation only; no solver state lives in it.
/// ``solve(_:)`` builds a fresh COIN-OR model each time (CBC when the model has integer
/// variables, CLP otherwise, or as chosen in ``SolveOptions``), so a `Model` can be solved,
/// modified and solved again, and copies can be solved concurrently.
///
/// ```swift
/// var model = Model()
/// let x = model.addVariable(lowerBound: 0, kind: .integer, name: "x")
/// let y = model.addVariable(lowerBound: 0, kind: .integer, name: "y")
/// model.addConstraint(6 * x + 4 * y, .lessOrEqual, 24)
/// model.addConstraint(x + 2 * y, .lessOrEqual, 6)
/// model.setObjective(5 * x + 4 * y, .maximize)
/// let solution = try model.solve().requireOptimal()
/// print(solution.objectiveValue!, solution[x], solution[y])   // 20.0 4.0 0.0
/// ```
public struct Model: Sendable {
    /// An optional model name, used in exported files.
    public var name: String

    // Columns.
    /// Lower bounds of the columns (`-.infinity` allowed).
    public internal(set) var columnLower: [Double] = []
    /// Upper bounds of the columns (`.infinity` allowed).
    public internal(set) var columnUpper: [Double] = []
    /// Integrality of the columns.
    public internal(set) var columnKind: [VariableKind] = []
    /// Column names; `nil` where none was given (a default `x<index>` is used on export).
    public internal(set) var columnNames: [String?] = []

    // Rows, compressed by row.
    /// Start of each row's entries in ``rowColumns``/``rowValues``, plus a final end marker.
    public internal(set) var rowStarts: [Int] = [0]
    /// Column index of each row entry.
    public internal(set) var rowColumns: [Int32] = []
    /// Coefficient of each row entry.
    public internal(set) var rowValues: [Double] = []
    /// Lower bounds of the rows (`-.infinity` for ≤ rows).
    public internal(set) var rowLower: [Double] = []
    /// Upper bounds of the rows (`.infinity` for ≥ rows).
    public internal(set) var rowUpper: [Double] = []
    /// Row names; `nil` where none was given (a default `r<index>` is used on export).
    public internal(set) var rowNames: [String?] = []

    // Objective.
    /// Dense objective coefficients, one per column.
    public internal(set) var objective: [Double] = []
    /// The objective's constant term.
    public internal(set) var objectiveConstant: Double = 0
    /// Whether the objective is minimized or maximized.
    public internal(set) var objectiveSense: ObjectiveSense = .minimize

    /// Creates an empty model.
    public init(name: String = "rmsolve") { self.name = name }

    /// The number of variables (columns).
    public var variableCount: Int { columnLower.count }
    /// The number of constraints (rows).
    public var constraintCount: Int { rowLower.count }
    /// The number of non-zero constraint coefficients.
    public var nonzeroCount: Int { rowColumns.count }
    /// Whether any variable is integer or binary.
    public var hasIntegerVariables: Bool { columnKind.contains { $0 != .continuous } }

    /// Adds a variable with bounds `lowerBound ≤ x ≤ upperBound` and returns its handle.
    /// Binary variables have their bounds intersected with `[0, 1]`.
    @discardableResult
    public mutating func addVariable(
        lowerBound: Double = 0, upperBound: Double = .infinity,
        kind: VariableKind = .continuous, name: String? = nil
    ) -> Variable {
        precondition(!lowerBound.isNaN && !upperBound.isNaN, "variable bounds must not be NaN")
        var lo = lowerBound, hi = upperBound
        if kind == .binary { lo = max(lo, 0); hi = min(hi, 1) }
        columnLower.append(lo)
        columnUpper.append(hi)
        columnKind.append(kind)
        columnNames.append(name)
        objective.append(0)
        return Variable(index: columnLower.count - 1)
    }

    /// Adds `count` variables with the same bounds and kind; names are `prefix[k]` when a
    /// prefix is given.
    public mutating func addVariables(
        _ count: Int, lowerBound: Double = 0, upperBound: Double = .infinity,
        kind: VariableKind = .continuous, namePrefix: String? = nil
    ) -> [Variable] {
        (0..<count).map { k in
            addVariable(lowerBound: lowerBound, upperBound: upperBound, kind: kind,
                        name: namePrefix.map { "\($0)[\(k)]" })
        }
    }

    /// Changes the bounds of a variable.
    public mutating func setBounds(of variable: Variable, lower: Double, upper: Double) {
        columnLower[variable.index] = lower
        columnUpper[variable.index] = upper
    }

    /// Adds the constraint `expression (sense) rhs`; the expression's constant moves to the
    /// right-hand side.
    @discardableResult
    public mutating func addConstraint(
        _ expression: LinearExpression, _ sense: ConstraintSense, _ rhs: Double,
        name: String? = nil
    ) -> Constraint {
        let bound = rhs - expression.constant
        switch sense {
        case .lessOrEqual: return appendRow(expression, -.infinity, bound, name)
        case .greaterOrEqual: return appendRow(expression, bound, .infinity, name)
        case .equal: return appendRow(expression, bound, bound, name)
        }
    }

    /// Adds the range constraint `lower ≤ expression ≤ upper` (either side may be infinite).
    @discardableResult
    public mutating func addConstraint(
        lower: Double, _ expression: LinearExpression, upper: Double, name: String? = nil
    ) -> Constraint {
        appendRow(expression, lower - expression.constant, upper - expression.constant, name)
    }

    /// Sets the objective to `sense expression` (any previous objective is replaced).
    public mutating func setObjective(_ expression: LinearExpression, _ sense: ObjectiveSense) {
        objective = Array(repeating: 0, count: variableCount)
        for (v, c) in zip(expression.variables, expression.coefficients) {
            objective[v.index] += c
        }
        objectiveConstant = expression.constant
        objectiveSense = sense
    }

    /// The coefficients of row `constraint` as (column, coefficient) pairs, duplicates merged.
    public func row(_ constraint: Constraint) -> [(Variable, Double)] {
        let r = constraint.index
        return (rowStarts[r]..<rowStarts[r + 1]).map {
            (Variable(index: Int(rowColumns[$0])), rowValues[$0])
        }
    }

    /// The variable's name, or the default `x<index>` used on export.
    public func name(of variable: Variable) -> String {
        columnNames[variable.index] ?? "x\(variable.index)"
    }

    /// The constraint's name, or the default `r<index>` used on export.
    public func name(of constraint: Constraint) -> String {
        rowNames[constraint.index] ?? "r\(constraint.index)"
    }

    /// Adds the row `lower ≤ Σ values[k]·x[columns[k]] ≤ upper` given in sparse form, without
    /// building a ``LinearExpression`` (for large generated models). Columns must be distinct.
    @discardableResult
    public mutating func addRow(
        columns: [Int32], values: [Double], lower: Double, upper: Double, name: String? = nil
    ) -> Constraint {
        precondition(columns.count == values.count, "columns and values differ in length")
        rowColumns += columns
        rowValues += values
        rowStarts.append(rowColumns.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        rowNames.append(name)
        return Constraint(index: rowLower.count - 1)
    }

    /// Sums repeated columns among the entries from `start` on and drops zero coefficients.
    private mutating func mergeDuplicates(from start: Int) {
        let end = rowColumns.count
        var order = Array(start..<end)
        order.sort { rowColumns[$0] < rowColumns[$1] }
        var cols: [Int32] = []
        var vals: [Double] = []
        cols.reserveCapacity(end - start)
        vals.reserveCapacity(end - start)
        for k in order {
            if let last = cols.last, last == rowColumns[k] {
                vals[vals.count - 1] += rowValues[k]
            } else {
                cols.append(rowColumns[k])
                vals.append(rowValues[k])
            }
        }
        rowColumns.removeSubrange(start..<end)
        rowValues.removeSubrange(start..<end)
        for (c, v) in zip(cols, vals) where v != 0 {
            rowColumns.append(c)
            rowValues.append(v)
        }
    }

    private mutating func appendRow(
        _ expression: LinearExpression, _ lower: Double, _ upper: Double, _ name: String?
    ) -> Constraint {
        precondition(!lower.isNaN && !upper.isNaN, "constraint bounds must not be NaN")
        // Merge repeated variables so the solver sees each column once per row.
        let start = rowColumns.count
        for (v, c) in zip(expression.variables, expression.coefficients) {
            precondition(v.index >= 0 && v.index < variableCount,
                         "variable \(v.index) is not in this model")
            rowColumns.append(Int32(v.index))
            rowValues.append(c)
        }
        if rowColumns.count - start > 1 { mergeDuplicates(from: start) }
        rowStarts.append(rowColumns.count)
        rowLower.append(lower)
        rowUpper.append(upper)
        rowNames.append(name)
        return Constraint(index: rowLower.count - 1)
    }
}
