import Foundation
import LinearOptimization
import Testing

/// Models with answers known from textbooks or derived by hand (never from this code).
struct KnownAnswerTests {
    /// Hillier & Lieberman's Wyndor Glass LP: max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18.
    /// Optimum x = 2, y = 6, Z = 36; shadow prices (0, 3/2, 1); both reduced costs 0.
    @Test func wyndorGlassLPWithDuals() throws {
        var model = Model()
        let x = model.addVariable(name: "x")
        let y = model.addVariable(name: "y")
        let plant1 = model.addConstraint(LinearExpression(x), .lessOrEqual, 4)
        let plant2 = model.addConstraint(2 * y, .lessOrEqual, 12)
        let plant3 = model.addConstraint(3 * x + 2 * y, .lessOrEqual, 18)
        model.setObjective(3 * x + 5 * y, .maximize)
        let s = try model.solve().requireOptimal()
        #expect(s.backend == .clp)
        #expect(abs(s.objectiveValue! - 36) < 1e-9)
        #expect(abs(s[x] - 2) < 1e-9 && abs(s[y] - 6) < 1e-9)
        #expect(abs(s.dual(of: plant1)! - 0) < 1e-9)
        #expect(abs(s.dual(of: plant2)! - 1.5) < 1e-9)
        #expect(abs(s.dual(of: plant3)! - 1) < 1e-9)
        #expect(s.reducedCosts!.allSatisfy { abs($0) < 1e-9 })
    }

    /// A minimization whose duals are derived by hand: min 2a + 3b + 10c, a + b + c ≥ 4,
    /// a + 3b ≥ 6, all ≥ 0. With c = 0 the vertices are (6,0) → 12, (3,1) → 9, (0,4) → 12,
    /// so the optimum is a = 3, b = 1, cost 9. Both rows bind: y₁ + y₂ = 2, y₁ + 3y₂ = 3
    /// gives duals (3/2, 1/2) (dual objective 4·1.5 + 6·0.5 = 9), and c's reduced cost is
    /// 10 − y₁ = 8.5.
    @Test func minimizationDualsAndReducedCosts() throws {
        var model = Model()
        let a = model.addVariable(name: "a"), b = model.addVariable(name: "b")
        let c = model.addVariable(name: "c")
        let r1 = model.addConstraint(a + b + c, .greaterOrEqual, 4)
        let r2 = model.addConstraint(a + 3 * b, .greaterOrEqual, 6)
        model.setObjective(2 * a + 3 * b + 10 * c, .minimize)
        let s = try model.solve().requireOptimal()
        #expect(abs(s.objectiveValue! - 9) < 1e-9)
        #expect(abs(s[a] - 3) < 1e-9 && abs(s[b] - 1) < 1e-9 && abs(s[c]) < 1e-9)
        #expect(abs(s.dual(of: r1)! - 1.5) < 1e-9)
        #expect(abs(s.dual(of: r2)! - 0.5) < 1e-9)
        #expect(abs(s.reducedCosts![c.index] - 8.5) < 1e-9)
        #expect(abs(s.reducedCosts![a.index]) < 1e-9)
    }

    /// 0-1 knapsack: weights (5, 4, 6, 3), values (10, 40, 30, 50), capacity 10.
    /// Best: items 2 and 4 (weight 7, value 90) — checked by enumerating all 16 subsets too.
    @Test func binaryKnapsack() throws {
        let weights = [5.0, 4, 6, 3], values = [10.0, 40, 30, 50]
        var model = Model()
        let take = model.addVariables(4, kind: .binary, namePrefix: "take")
        model.addConstraint(
            .sum(zip(weights, take).map { $0 * $1 }), .lessOrEqual, 10)
        model.setObjective(.sum(zip(values, take).map { $0 * $1 }), .maximize)
        let s = try model.solve().requireOptimal()
        #expect(s.backend == .cbc)
        #expect(abs(s.objectiveValue! - 90) < 1e-9)
        #expect(take.map { s[$0].rounded() } == [0, 1, 0, 1])
        var brute = 0.0
        for mask in 0..<16 {
            let set = (0..<4).filter { mask >> $0 & 1 == 1 }
            let weight: Double = set.map { weights[$0] }.reduce(0, +)
            let value: Double = set.map { values[$0] }.reduce(0, +)
            if weight <= 10 { brute = max(brute, value) }
        }
        #expect(brute == 90)
    }

    /// Integer (not binary) knapsack, the textbook example: max 5x + 4y, 6x + 4y ≤ 24,
    /// x + 2y ≤ 6, x, y ∈ ℤ₊. The LP optimum is (3, 1.5) → 21; the integer optimum is 20 at
    /// (4, 0) (also (2, 2)·… gives 18, (3, 1) gives 19).
    @Test func generalIntegerProgram() throws {
        var model = Model()
        let x = model.addVariable(kind: .integer, name: "x")
        let y = model.addVariable(kind: .integer, name: "y")
        model.addConstraint(6 * x + 4 * y, .lessOrEqual, 24)
        model.addConstraint(x + 2 * y, .lessOrEqual, 6)
        model.setObjective(5 * x + 4 * y, .maximize)
        let s = try model.solve().requireOptimal()
        #expect(abs(s.objectiveValue! - 20) < 1e-9)
        #expect(abs(s[x] - 4) < 1e-9 && abs(s[y]) < 1e-9)
        let relaxed = try model.solve(SolveOptions(backend: .clp)).requireOptimal()
        #expect(abs(relaxed.objectiveValue! - 21) < 1e-9)
    }

    /// The classic 4×4 assignment example (rows: workers, columns: jobs); the Hungarian
    /// method gives cost 13 (2 + 6 + 1 + 4), and so does enumerating the 24 permutations.
    @Test func assignmentProblem() throws {
        let cost: [[Double]] = [[9, 2, 7, 8], [6, 4, 3, 7], [5, 8, 1, 8], [7, 6, 9, 4]]
        var model = Model()
        let x = (0..<4).map { i in model.addVariables(4, kind: .binary, namePrefix: "x\(i)") }
        for i in 0..<4 { model.addConstraint(.sum(x[i]), .equal, 1) }
        for j in 0..<4 { model.addConstraint(.sum((0..<4).map { x[$0][j] }), .equal, 1) }
        var objective = LinearExpression()
        for i in 0..<4 { for j in 0..<4 { objective.add(cost[i][j], x[i][j]) } }
        model.setObjective(objective, .minimize)
        let s = try model.solve().requireOptimal()
        #expect(abs(s.objectiveValue! - 13) < 1e-9)
        func permutations(_ a: [Int]) -> [[Int]] {
            a.count <= 1 ? [a] : a.indices.flatMap { k -> [[Int]] in
                var rest = a
                let head = rest.remove(at: k)
                return permutations(rest).map { [head] + $0 }
            }
        }
        let best = permutations([0, 1, 2, 3]).map { p in
            p.enumerated().map { cost[$0.offset][$0.element] }.reduce(0, +)
        }.min()!
        #expect(best == 13)
    }

    /// Range constraints and a constant in the objective: max x + 10 with 2 ≤ x + y ≤ 5,
    /// y ≥ 1 gives x = 4, objective 14.
    @Test func rangeRowAndObjectiveConstant() throws {
        var model = Model()
        let x = model.addVariable(), y = model.addVariable(lowerBound: 1)
        model.addConstraint(lower: 2, x + y, upper: 5)
        model.setObjective(x + 10, .maximize)
        for backend in [SolverBackend.clp, .cbc] {
            let s = try model.solve(SolveOptions(backend: backend)).requireOptimal()
            #expect(abs(s.objectiveValue! - 14) < 1e-9)
            #expect(abs(s[x] - 4) < 1e-9)
        }
    }

    /// Free variables and repeated terms: min x subject to x ≥ −3 written as x + x − x ≥ −3.
    @Test func freeVariableAndRepeatedTerms() throws {
        var model = Model()
        let x = model.addVariable(lowerBound: -.infinity, upperBound: .infinity)
        model.addConstraint(x + x - x, .greaterOrEqual, -3)
        model.setObjective(LinearExpression(x), .minimize)
        let s = try model.solve().requireOptimal()
        #expect(abs(s[x] + 3) < 1e-9)
        #expect(model.nonzeroCount == 1)
    }
}
