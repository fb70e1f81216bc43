import Parallel
import Testing

@Suite struct ParallelMapTests {
    @Test func resultsInIndexOrderForAnyJobCount() throws {
        for jobs in [1, 2, 3, 16] {
            let squares = try parallelMap(50, jobs: jobs) { $0 * $0 }
            #expect(squares == (0..<50).map { $0 * $0 })
        }
        #expect(try parallelMap(0, jobs: 4) { $0 }.isEmpty)
    }

    struct Failure: Error, Equatable { let index: Int }

    @Test func theLowestFailingIndexIsThrownAndNoNewWorkStarts() {
        let started = Locked(0)
        #expect(throws: Failure(index: 3)) {
            _ = try parallelMap(1000, jobs: 1) { k -> Int in
                started.withLock { $0 += 1 }
                if k >= 3 { throw Failure(index: k) }
                return k
            }
        }
        #expect(started.value == 4)   // one thread: items 0...3, then it stops
    }

    @Test func lockedCountsEveryIncrement() throws {
        let count = Locked(0)
        try parallelForEach(10_000, jobs: 4) { _ in count.withLock { $0 += 1 } }
        #expect(count.value == 10_000)
    }
}
