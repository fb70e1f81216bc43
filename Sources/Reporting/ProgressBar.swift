import Foundation

/// A progress bar on standard error for long runs: `done/total`, rate and time left.
///
/// It draws only when standard error is a terminal (so logs and CI stay quiet), redraws
/// at most ten times a second, and is safe to advance from many threads.
///
/// ```swift
/// let progress = ProgressBar(total: cells.count, label: "static experiment")
/// DispatchQueue.concurrentPerform(iterations: cells.count) { k in
///     run(cells[k]); progress.advance()
/// }
/// progress.finish()
/// ```
public final class ProgressBar: @unchecked Sendable {
    /// The number of work items.
    public let total: Int
    /// Shown before the bar.
    public let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private var done = 0
    private var skipped = 0
    private let start = Date()
    private var lastDraw = Date.distantPast

    /// Creates a progress bar; `enabled` defaults to whether standard error is a terminal.
    public init(total: Int, label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.total = total
        self.label = label
        self.enabled = enabled
    }

    /// Counts items already finished before this run (a resumed run), excluded from the rate.
    public func skip(_ count: Int) {
        lock.lock(); defer { lock.unlock() }
        done += count
        skipped += count
    }

    /// Marks `count` more items done and redraws when due.
    public func advance(_ count: Int = 1) {
        lock.lock(); defer { lock.unlock() }
        done += count
        let now = Date()
        if enabled && (now.timeIntervalSince(lastDraw) >= 0.1 || done == total) {
            lastDraw = now
            draw(now)
        }
    }

    /// The number of items done so far.
    public var completed: Int {
        lock.lock(); defer { lock.unlock() }
        return done
    }

    /// Ends the bar's line.
    public func finish() {
        lock.lock(); defer { lock.unlock() }
        if enabled { draw(Date()); FileHandle.standardError.write(Data("\n".utf8)) }
    }

    /// The text of the bar (without the carriage return), e.g.
    /// `label [#####.....] 50/100  12.5/s  4s left`.
    public func line(at now: Date) -> String {
        let width = 30
        let fraction = total == 0 ? 1 : Double(done) / Double(total)
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let elapsed = now.timeIntervalSince(start)
        let rate = elapsed > 0 ? Double(done - skipped) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : .infinity
        return "\(label) [\(bar)] \(done)/\(total)  "
            + String(format: "%.1f/s  ", rate) + (left.isFinite ? "\(formatDuration(left)) left" : "")
    }

    private func draw(_ now: Date) {
        FileHandle.standardError.write(Data(("\r" + line(at: now) + "\u{1B}[K").utf8))
    }
}

/// `1h02m`, `3m05s` or `12s`.
public func formatDuration(_ seconds: Double) -> String {
    let s = Int(seconds.rounded(.up))
    if s >= 3600 { return String(format: "%dh%02dm", s / 3600, (s % 3600) / 60) }
    if s >= 60 { return String(format: "%dm%02ds", s / 60, s % 60) }
    return "\(s)s"
}
