import LinearOptimization
import Testing

/// A feasible MIP stopped by a tiny time limit must never be called infeasible: CBC 2.10 says
/// "proven infeasible" when the limit interrupts its preprocessing.
struct TinyTimeLimitTests {
    @Test(arguments: [1e-6, 1e-4, 1e-3])
    func feasibleMIPUnderATinyLimitIsNotInfeasible(limit: Double) {
        // Wyndor Glass with integer variables: feasible (x = y = 0), optimum 36 at (2, 6).
        var model = Model()
        let x = model.addVariable(kind: .integer), y = model.addVariable(kind: .integer)
        model.addConstraint(LinearExpression(x), .lessOrEqual, 4)
        model.addConstraint(2 * y, .lessOrEqual, 12)
        model.addConstraint(3 * x + 2 * y, .lessOrEqual, 18)
        model.setObjective(3 * x + 5 * y, .maximize)
        let s = model.solve(SolveOptions(timeLimit: limit))
        switch s.status {
        case .optimal: #expect(abs(s.objectiveValue! - 36) < 1e-9)
        case .timeLimit: break
        default: Issue.record("status \(s.status) for a feasible MIP")
        }
    }
}
