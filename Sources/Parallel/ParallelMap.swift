import Dispatch
import Synchronization

/// Computes `body(0) … body(count − 1)` on up to `jobs` threads and returns the results in
/// index order.
///
/// Work is handed out one index at a time, so slow items do not hold up a fixed share of the
/// others. Results do not depend on `jobs` or on scheduling: each index is computed exactly
/// once and stored in its own slot. When a body throws, no new indices are started, the
/// running ones finish, and the error of the lowest failing index is rethrown.
///
/// ```swift
/// let squares = try parallelMap(4, jobs: 2) { k in k * k }   // [0, 1, 4, 9]
/// ```
///
/// - Parameters:
///   - count: the number of items (0 returns `[]`).
///   - jobs: the most threads used at once (values below 1 mean 1).
///   - body: computes item `k`; called from several threads at once.
public func parallelMap<T: Sendable>(
    _ count: Int, jobs: Int, _ body: @Sendable (Int) throws -> T
) throws -> [T] {
    guard count > 0 else { return [] }
    let state = Mutex(ParallelState<T>(count: count))
    let workers = max(1, min(jobs, count))
    DispatchQueue.concurrentPerform(iterations: workers) { _ in
        while let k = state.withLock({ $0.take() }) {
            let result = Result { try body(k) }
            state.withLock { $0.store(k, result) }
        }
    }
    return try state.withLock { try $0.results() }
}

/// Runs `body(0) … body(count − 1)` on up to `jobs` threads (see ``parallelMap(_:jobs:_:)``).
public func parallelForEach(_ count: Int, jobs: Int, _ body: @Sendable (Int) throws -> Void) throws {
    _ = try parallelMap(count, jobs: jobs, body)
}

/// The shared bookkeeping of one ``parallelMap(_:jobs:_:)`` call.
private struct ParallelState<T: Sendable>: ~Copyable {
    var next = 0
    var failed = false
    var slots: [Result<T, any Error>?]

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    mutating func take() -> Int? {
        guard !failed, next < slots.count else { return nil }
        next += 1
        return next - 1
    }

    mutating func store(_ k: Int, _ result: Result<T, any Error>) {
        if case .failure = result { failed = true }
        slots[k] = result
    }

    /// The results in index order. Indices are handed out in order and every started one
    /// finishes, so after a failure all lower indices are filled and the first failure in
    /// index order is thrown before an empty slot is reached.
    func results() throws -> [T] {
        try slots.map { try $0!.get() }
    }
}

/// A value shared between threads, guarded by a mutex (a `Sendable` reference around
/// `Synchronization.Mutex` for state that outlives one call, such as a progress counter).
///
/// ```swift
/// let seen = Locked(0)
/// try parallelForEach(8, jobs: 2) { _ in seen.withLock { $0 += 1 } }
/// ```
public final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>

    public init(_ value: sending Value) { mutex = Mutex(value) }

    /// Runs `body` with exclusive access to the value.
    public func withLock<R>(_ body: (inout sending Value) throws -> sending R) rethrows -> sending R {
        try mutex.withLock(body)
    }

    /// A copy of the current value.
    public var value: Value { mutex.withLock { $0 } }
}
