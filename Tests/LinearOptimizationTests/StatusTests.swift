import Foundation
import LinearOptimization
import Testing

/// Infeasible, unbounded and time-limited solves must say so, never print a fake optimum.
struct StatusTests {
    /// x ≥ 1 and x ≤ 0: infeasible, for CLP and CBC, for an LP and a MIP.
    @Test(arguments: [SolverBackend.clp, .cbc], [VariableKind.continuous, .integer])
    func infeasible(backend: SolverBackend, kind: VariableKind) {
        var model = Model()
        let x = model.addVariable(lowerBound: 0, upperBound: 10, kind: kind)
        model.addConstraint(LinearExpression(x), .greaterOrEqual, 1)
        model.addConstraint(LinearExpression(x), .lessOrEqual, 0)
        model.setObjective(LinearExpression(x), .maximize)
        let s = model.solve(SolveOptions(backend: backend))
        #expect(s.status == .infeasible)
        #expect(s.objectiveValue == nil)
        #expect(throws: SolverError.notOptimal(.infeasible)) { try s.requireOptimal() }
    }

    /// max x + y with x − y ≤ 1, x, y ≥ 0: unbounded along (1, 1).
    @Test(arguments: [SolverBackend.clp, .cbc], [VariableKind.continuous, .integer])
    func unbounded(backend: SolverBackend, kind: VariableKind) {
        var model = Model()
        let x = model.addVariable(kind: kind), y = model.addVariable(kind: kind)
        model.addConstraint(x - y, .lessOrEqual, 1)
        model.setObjective(x + y, .maximize)
        let s = model.solve(SolveOptions(backend: backend))
        #expect(s.status == .unbounded)
        #expect(s.objectiveValue == nil || backend == .cbc && kind == .continuous)
    }

    /// A market-split instance (Cornuéjols & Dawande 1999): m = 5 equality knapsacks over
    /// 40 binaries, notoriously hard for branch and bound. With a 0.3 s limit CBC must stop
    /// and report the time limit, with no claim of optimality.
    @Test func timeLimitIsReported() throws {
        var rng = SplitMix64(seed: 7)
        let m = 5, n = 40
        var model = Model()
        let x = model.addVariables(n, kind: .binary)
        var slack: [Variable] = []
        for _ in 0..<m {
            let a = (0..<n).map { _ in Double(rng.next() % 100) }
            let rhs = (a.reduce(0, +) / 2).rounded(.down)
            let plus = model.addVariable(), minus = model.addVariable()
            slack += [plus, minus]
            model.addConstraint(.sum(zip(a, x).map { $0 * $1 }) + plus - minus, .equal, rhs)
        }
        model.setObjective(.sum(slack), .minimize)
        let clock = ContinuousClock()
        let start = clock.now
        let s = model.solve(SolveOptions(timeLimit: 0.3))
        let elapsed = clock.now - start
        guard case .timeLimit(let incumbent, let bound) = s.status else {
            Issue.record("expected the time limit, got \(s.status)")
            return
        }
        #expect(elapsed < .seconds(5))
        if let incumbent, let bound { #expect(bound <= incumbent + 1e-6) }
        #expect(throws: SolverError.self) { try s.requireOptimal() }
    }
}

/// A small deterministic generator for test data (SplitMix64).
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
