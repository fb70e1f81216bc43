import CCbc
import Foundation

/// The `CoinBigIndex` type of the installed COIN-OR build.
typealias CoinIndex = CoinBigIndex

/// One CBC model, owned by this object and freed with it. A CBC model is solved at most once
/// (CBC 2.10's C interface does not support re-solving a model).
final class CBCProblem {
    let pointer: UnsafeMutableRawPointer
    private var solved = false

    /// Loads `model` into a new CBC model, as a minimization (a maximization is negated:
    /// CBC 2.10 can report a maximization infeasible, see its public tracker).
    init(_ model: Model, names: Bool) {
        pointer = Cbc_newModel()!
        ColumnMajorMatrix.load(model, into: pointer, with: Cbc_loadProblem)
        Cbc_setObjSense(pointer, 1)
        for (j, kind) in model.columnKind.enumerated() where kind != .continuous {
            Cbc_setInteger(pointer, Int32(j))
        }
        if names {
            Cbc_setProblemName(pointer, model.name)
            for j in 0..<model.variableCount {
                Cbc_setColName(pointer, Int32(j), model.name(of: Variable(index: j)))
            }
            for r in 0..<model.constraintCount {
                Cbc_setRowName(pointer, Int32(r), model.name(of: Constraint(index: r)))
            }
        }
    }

    /// Creates an empty CBC model (to read a file into).
    init() {
        pointer = Cbc_newModel()!
        Cbc_setLogLevel(pointer, 0)
    }

    deinit { Cbc_deleteModel(pointer) }

    /// Solves and translates CBC's status into a ``Solution`` in the sense of `model`.
    func solve(_ model: Model, options: SolveOptions) -> Solution {
        precondition(!solved, "a CBC model is solved at most once")
        solved = true
        if !options.logging {
            Cbc_setLogLevel(pointer, 0)
            Cbc_setParameter(pointer, "log", "0")
            Cbc_setParameter(pointer, "slog", "0")
        }
        Cbc_setParameter(pointer, "ratioGap", String(options.relativeGap))
        Cbc_setAllowableGap(pointer, 0)
        if let limit = options.timeLimit {
            Cbc_setParameter(pointer, "timeMode", "elapsed")
            Cbc_setMaximumSeconds(pointer, max(limit, 0))
        }
        let clock = ContinuousClock()
        let start = clock.now
        _ = Cbc_solve(pointer)
        let seconds = (clock.now - start).seconds
        // CBC 2.10 can report "proven infeasible" when the time limit interrupts its
        // preprocessing: a solve that used up its time is a time-limit stop, whatever CBC says.
        let outOfTime = options.timeLimit.map { seconds >= $0 } ?? false
        return readSolution(model, seconds: seconds, outOfTime: outOfTime)
    }

    private func readSolution(_ model: Model, seconds: Double, outOfTime: Bool) -> Solution {
        let sign: Double = model.objectiveSense == .maximize ? -1 : 1
        let n = model.variableCount
        var values: [Double] = []
        // CBC keeps a best solution only if it found a feasible point.
        let hasPoint = Cbc_bestSolution(pointer) != nil || Cbc_isProvenOptimal(pointer) != 0
        if hasPoint, let x = Cbc_getColSolution(pointer), n > 0 {
            values = Array(UnsafeBufferPointer(start: x, count: n))
        }
        let objective = hasPoint ? sign * Cbc_getObjValue(pointer) + model.objectiveConstant : nil
        let rawBound = Cbc_getBestPossibleObjValue(pointer)
        let bound: Double? = rawBound.isFinite && abs(rawBound) < 1e50
            ? sign * rawBound + model.objectiveConstant : nil
        let status: SolveStatus
        if Cbc_isProvenOptimal(pointer) != 0 {
            status = .optimal
        } else if outOfTime || Cbc_isSecondsLimitReached(pointer) != 0 || Cbc_secondaryStatus(pointer) == 4 {
            status = .timeLimit(incumbent: objective, bound: bound)
        } else if Cbc_isContinuousUnbounded(pointer) != 0 || Cbc_secondaryStatus(pointer) == 7 {
            status = .unbounded
        } else if Cbc_isProvenInfeasible(pointer) != 0 {
            status = .infeasible
        } else if Cbc_isAbandoned(pointer) != 0 {
            status = .solverError("CBC abandoned the search (numerical difficulties)")
        } else {
            status = .solverError(
                "CBC ended with status \(Cbc_status(pointer)), secondary \(Cbc_secondaryStatus(pointer))")
        }
        return Solution(
            status: status, objectiveValue: objective,
            bestBound: status == .optimal ? objective : bound,
            values: values, rowDuals: nil, reducedCosts: nil, backend: .cbc,
            solveSeconds: seconds)
    }
}

extension Duration {
    /// The duration in seconds as a `Double`.
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) * 1e-18
    }
}
