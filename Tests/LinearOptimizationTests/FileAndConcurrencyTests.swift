import Foundation
import LinearOptimization
import Testing

struct FileAndConcurrencyTests {
    /// The integer program max 5x + 4y + 7, 6x + 4y ≤ 24, x + 2y ≤ 6 (optimum 27), exported and
    /// read back by CBC in both formats, solves to the same optimum (as a minimization of
    /// the negated objective) with the same names.
    @Test(arguments: ModelFileFormat.allCases)
    func exportAndReimport(format: ModelFileFormat) throws {
        var model = Model(name: "textbook")
        let x = model.addVariable(kind: .integer, name: "x")
        let y = model.addVariable(kind: .integer, name: "y")
        model.addConstraint(6 * x + 4 * y, .lessOrEqual, 24, name: "wood")
        model.addConstraint(x + 2 * y, .lessOrEqual, 6, name: "labour")
        model.setObjective(5 * x + 4 * y + 7, .maximize)
        let dir = FileManager.default.temporaryDirectory
            .appendingPathComponent("rmsolve-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("model.\(format.rawValue)").path
        try model.write(to: path, format: format)
        let back = try Model.read(from: path)
        // The objective constant 7 travels as a column fixed at 1.
        #expect(back.variableCount == 3 && back.constraintCount == 2)
        #expect(back.name(of: Variable(index: 0)) == "x")
        #expect(back.name(of: Constraint(index: 1)) == "labour")
        let s = try back.solve().requireOptimal()
        #expect(abs(s.objectiveValue! + 27) < 1e-9)
    }

    @Test func readingAMissingFileFails() {
        #expect(throws: SolverError.self) { try Model.read(from: "/nonexistent/model.lp") }
    }

    /// Many different MIPs and LPs solved at once on all cores give exactly the answers of
    /// solving them one by one (each knapsack also checked by enumeration).
    @Test func concurrentSolvesAgreeWithSequential() throws {
        var rng = SplitMix64(seed: 42)
        let instances: [(w: [Double], v: [Double], cap: Double)] = (0..<48).map { _ in
            let w = (0..<12).map { _ in Double(1 + rng.next() % 30) }
            let v = (0..<12).map { _ in Double(1 + rng.next() % 50) }
            return (w, v, (w.reduce(0, +) / 3).rounded())
        }
        @Sendable func knapsack(_ k: Int, relax: Bool) -> Model {
            var m = Model()
            let x = m.addVariables(12, lowerBound: 0, upperBound: 1,
                                   kind: relax ? .continuous : .binary)
            m.addConstraint(.sum(zip(instances[k].w, x).map { $0 * $1 }), .lessOrEqual,
                            instances[k].cap)
            m.setObjective(.sum(zip(instances[k].v, x).map { $0 * $1 }), .maximize)
            return m
        }
        let brute = instances.map { inst in
            (0..<(1 << 12)).lazy.compactMap { mask -> Double? in
                let set = (0..<12).filter { mask >> $0 & 1 == 1 }
                return set.map { inst.w[$0] }.reduce(0, +) <= inst.cap
                    ? set.map { inst.v[$0] }.reduce(0, +) : nil
            }.max()!
        }
        let sequential = (0..<96).map { k in
            knapsack(k / 2, relax: k % 2 == 1).solve().objectiveValue
        }
        for round in 0..<3 {
            let results = Locked([Double?](repeating: nil, count: 96))
            DispatchQueue.concurrentPerform(iterations: 96) { k in
                let value = knapsack(k / 2, relax: k % 2 == 1).solve().objectiveValue
                results.withLock { $0[k] = value }
            }
            let parallel = results.withLock { $0 }
            #expect(parallel == sequential, "round \(round)")
        }
        for k in 0..<48 { #expect(abs(sequential[2 * k]! - brute[k]) < 1e-9) }
    }
}

/// A value guarded by a lock (test helper).
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()
    init(_ value: Value) { self.value = value }
    func withLock<T>(_ body: (inout Value) -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body(&value)
    }
}
