import Foundation

/// How rmsolve keeps concurrent solves safe.
///
/// **Finding** (tested with Debian's CBC 2.10.8 / CLP 1.17.6, see
/// `FileAndConcurrencyTests` and `LinearOptimizationTests.SolverConcurrencyProbe`):
/// `Cbc_solve` is *not* safe to call concurrently, even on separate models: it runs CBC's
/// command-line driver (`CbcMain1`), whose parameter parsing keeps static state, so
/// concurrent solves mangle each other's parameters, lose solutions and crash. CLP's simplex
/// (`Clp_initialSolve`) on separate models keeps no shared state and runs concurrently.
///
/// So every CBC call that reaches the driver or its file readers and writers is serialized by
/// one process-wide lock, while model building, CLP solves and all surrounding Swift work run
/// in parallel. Callers that need many independent MIPs fast should prefer formulations that
/// decompose into LPs (solved concurrently by CLP), or run separate processes.
public enum SolverConcurrency {
    /// Whether concurrent CBC solves run in parallel (`false`: they are serialized).
    public static let cbcSolvesRunInParallel = false
    /// Whether concurrent CLP solves on separate models run in parallel.
    public static let clpSolvesRunInParallel = true

    /// The lock that serializes CBC's driver. It guards the C library's own static state,
    /// which is why it is process-wide.
    private static let cbcLock = NSLock()

    /// Runs `body` while holding the CBC lock.
    static func withCBC<T>(_ body: () throws -> T) rethrows -> T {
        cbcLock.lock()
        defer { cbcLock.unlock() }
        return try body()
    }
}
