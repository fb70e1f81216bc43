/// The constraint matrix of a ``Model`` in the compressed-column form that
/// `Cbc_loadProblem` and `Clp_loadProblem` take.
struct ColumnMajorMatrix {
    var starts: [CoinIndex]
    var rows: [Int32]
    var values: [Double]

    /// Transposes the model's row-compressed matrix (a counting sort, O(nonzeros)).
    init(_ model: Model) {
        let n = model.variableCount
        var counts = [Int](repeating: 0, count: n + 1)
        for c in model.rowColumns { counts[Int(c) + 1] += 1 }
        for j in 0..<n { counts[j + 1] += counts[j] }
        var next = counts
        rows = [Int32](repeating: 0, count: model.nonzeroCount)
        values = [Double](repeating: 0, count: model.nonzeroCount)
        for r in 0..<model.constraintCount {
            for k in model.rowStarts[r]..<model.rowStarts[r + 1] {
                let j = Int(model.rowColumns[k])
                rows[next[j]] = Int32(r)
                values[next[j]] = model.rowValues[k]
                next[j] += 1
            }
        }
        starts = counts.map { CoinIndex($0) }
    }
}

extension ColumnMajorMatrix {
    /// The signature shared by `Cbc_loadProblem` and `Clp_loadProblem`.
    typealias LoadFunction = (
        UnsafeMutableRawPointer?, Int32, Int32, UnsafePointer<CoinIndex>?, UnsafePointer<Int32>?,
        UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?,
        UnsafePointer<Double>?, UnsafePointer<Double>?, UnsafePointer<Double>?
    ) -> Void

    /// Loads `model` into a COIN-OR model as a minimization (a maximization's objective is
    /// negated; the caller reads results back with the same sign).
    static func load(_ model: Model, into pointer: UnsafeMutableRawPointer, with load: LoadFunction) {
        let matrix = ColumnMajorMatrix(model)
        let sign: Double = model.objectiveSense == .maximize ? -1 : 1
        let obj = model.objective.map { sign * $0 }
        matrix.starts.withUnsafeBufferPointer { starts in
            matrix.rows.withUnsafeBufferPointer { rows in
                matrix.values.withUnsafeBufferPointer { vals in
                    load(pointer, Int32(model.variableCount), Int32(model.constraintCount),
                         starts.baseAddress, rows.baseAddress, vals.baseAddress,
                         model.columnLower, model.columnUpper, obj, model.rowLower, model.rowUpper)
                }
            }
        }
    }
}
