import Foundation
import Parallel

/// A progress bar on standard error for long runs: `done/total`, rate and time left.
///
/// It draws only when standard error is a terminal (so logs and CI stay quiet), redraws
/// at most ten times a second, and is safe to advance from many threads.
///
/// ```swift
/// let progress = ProgressBar(total: cells.count, label: "static experiment")
/// try parallelForEach(cells.count, jobs: 4) { k in
///     run(cells[k]); progress.advance()
/// }
/// progress.finish()
/// ```
public final class ProgressBar: Sendable {
    /// The number of work items.
    public let total: Int
    /// Shown before the bar.
    public let label: String
    private let enabled: Bool
    private let start = Date()
    private let state = Locked(State())

    private struct State: Sendable {
        var done = 0
        var skipped = 0
        var lastDraw = Date.distantPast
    }

    /// Creates a progress bar; `enabled` defaults to whether standard error is a terminal.
    public init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled
    }

    /// Counts items already finished before this run (a resumed run), excluded from the rate.
    public func skip(_ count: Int) {
        state.withLock { state in
            state.done += count
            state.skipped += count
        }
    }

    /// Marks `count` more items done and redraws when due.
    public func advance(_ count: Int = 1) {
        state.withLock { state in
            state.done += count
            let now = Date()
            if enabled && (now.timeIntervalSince(state.lastDraw) >= 0.1 || state.done == total) {
                state.lastDraw = now
                draw(line(now, done: state.done, skipped: state.skipped))
            }
        }
    }

    /// The number of items done so far.
    public var completed: Int { state.withLock { $0.done } }

    /// Ends the bar's line.
    public func finish() {
        guard enabled else { return }
        state.withLock { state in
            draw(line(Date(), done: state.done, skipped: state.skipped))
            FileHandle.standardError.write(Data("\n".utf8))
        }
    }

    /// The text of the bar (without the carriage return), e.g.
    /// `label [#####.....] 50/100  12.5/s  4s left`.
    public func line(at now: Date) -> String {
        let (done, skipped) = state.withLock { ($0.done, $0.skipped) }
        return line(now, done: done, skipped: skipped)
    }

    private func line(_ now: Date, done: Int, skipped: Int) -> String {
        let width = 30
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - skipped) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : .infinity
        return "\(label) [\(bar)] \(done)/\(total)  "
            + String(format: "%.1f/s  ", rate) + (left.isFinite ? "\(formatDuration(left)) left" : "")
    }

    private func draw(_ text: String) {
        FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8))
    }
}

/// `1h02m`, `3m05s` or `12s`.
public func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded(.up))
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
}
