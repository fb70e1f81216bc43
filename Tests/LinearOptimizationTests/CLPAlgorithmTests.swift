import LinearOptimization
import Testing

/// `Model.solveLP(algorithm:)`: every CLP algorithm reaches the textbook optimum.
struct CLPAlgorithmTests {
    /// Wyndor Glass (Hillier & Lieberman): max 3x + 5y, x ≤ 4, 2y ≤ 12, 3x + 2y ≤ 18 → Z = 36
    /// at (2, 6), shadow prices (0, 3/2, 1).
    @Test(arguments: CLPAlgorithm.allCases)
    func wyndorGlassWithEveryAlgorithm(algorithm: CLPAlgorithm) throws {
        let (model, x, y) = wyndorGlass()
        let s = try model.solveLP(algorithm: algorithm).requireOptimal()
        #expect(abs(s.objectiveValue! - 36) < 1e-7)
        #expect(abs(s[x] - 2) < 1e-7 && abs(s[y] - 6) < 1e-7)
        let duals = s.rowDuals!
        #expect(abs(duals[0]) < 1e-7 && abs(duals[1] - 1.5) < 1e-7 && abs(duals[2] - 1) < 1e-7)
    }
}
