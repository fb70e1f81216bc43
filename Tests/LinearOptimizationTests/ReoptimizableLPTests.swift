import LinearOptimization
import Testing

/// `ReoptimizableLP`: bound changes re-solved from the last basis reach the optima of the
/// changed models solved from scratch (textbook and hand-derived answers).
struct ReoptimizableLPTests {
    @Test func boundChangesAreReoptimized() throws {
        let (model, x, y) = wyndorGlass()
        let lp = ReoptimizableLP(model)
        #expect(lp.variableCount == 2 && lp.constraintCount == 3)
        guard case .optimal(let z) = lp.solve() else { Issue.record("not optimal"); return }
        #expect(abs(z - 36) < 1e-9)
        #expect(abs(lp.values[x.index] - 2) < 1e-9 && abs(lp.values[y.index] - 6) < 1e-9)
        // y ≤ 5: then 3x ≤ 8, so x = 8/3 and Z = 8 + 25 = 33.
        let basis = lp.saveBasis()
        #expect(basis.count == 5)
        lp.setBounds(column: y.index, lower: 0, upper: 5)
        guard case .optimal(let z2) = lp.solve() else { Issue.record("not optimal"); return }
        #expect(abs(z2 - 33) < 1e-9)
        #expect(abs(lp.values[x.index] - 8.0 / 3) < 1e-9)
        // x ≥ 5 contradicts x ≤ 4.
        lp.setBounds(column: x.index, lower: 5, upper: .infinity)
        #expect(lp.solve() == .infeasible)
        // Back to the original bounds and basis: 36 again.
        lp.setBounds(column: x.index, lower: 0, upper: .infinity)
        lp.setBounds(column: y.index, lower: 0, upper: .infinity)
        lp.restoreBasis(basis)
        #expect(lp.bounds(column: y.index) == (lower: 0, upper: .infinity))
        guard case .optimal(let z3) = lp.solve() else { Issue.record("not optimal"); return }
        #expect(abs(z3 - 36) < 1e-9)
    }

    /// A cutoff above the optimum stops the dual simplex (the optimum cannot beat it); one
    /// below it does not change the answer.
    @Test func cutoff() throws {
        let (model, _, _) = wyndorGlass()
        let lp = ReoptimizableLP(model)
        guard case .optimal(let v) = lp.solve(cutoff: 30) else { Issue.record("not optimal"); return }
        #expect(abs(v - 36) < 1e-9)
        let (model2, _, _) = wyndorGlass()
        let fresh = ReoptimizableLP(model2)
        _ = fresh.solve()
        let outcome = fresh.solve(cutoff: 40)
        // Either stopped early or solved to 36 ≤ 40: never a value above the cutoff.
        switch outcome {
        case .cutoff: break
        case .optimal(let v): #expect(v <= 40)
        default: Issue.record("unexpected \(outcome)")
        }
    }

    /// max x + 2y, x + y ≤ 1.5, 0 ≤ x, y ≤ 1: y = 1 at its bound, x = ½ basic, row dual 1,
    /// so y's reduced cost is 2 − 1 = 1 and x's is 0 (a non-degenerate optimum).
    @Test func reducedCostsInTheModelsSense() throws {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 1)
        let y = model.addVariable(lowerBound: 0, upperBound: 1)
        model.addConstraint(x + y, .lessOrEqual, 1.5)
        model.setObjective(x + 2 * y, .maximize)
        let lp = ReoptimizableLP(model)
        guard case .optimal(let z) = lp.solve() else { Issue.record("not optimal"); return }
        #expect(abs(z - 2.5) < 1e-9)
        #expect(abs(lp.reducedCosts[y.index] - 1) < 1e-9)
        #expect(abs(lp.reducedCosts[x.index]) < 1e-9)
    }
}
