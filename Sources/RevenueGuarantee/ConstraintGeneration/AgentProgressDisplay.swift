import Foundation
import Parallel

/// The state of every agent of a ``CombinatorialRevenueGuarantees/revenueGuarantees(progress:)``
/// run, redrawn on standard error (at most ten times a second, only when it is a terminal):
/// agents done, then each running agent's round and gap between its candidate's revenue and
/// the master's bound.
public final class AgentProgressDisplay: Sendable {
    private struct State: Sendable {
        var running: [Int: CombinatorialRevenueGuarantees.AgentProgress] = [:]
        var done = 0
        var lastDraw = 0.0
        var drawn = false
    }
    private let label: String
    private let enabled: Bool
    private let state = Locked(State())

    /// A display for `label`; it draws only when `enabled` (by default: standard error is a terminal).
    public init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// Records one agent's progress and redraws (at most ten times a second).
    public func update(_ p: CombinatorialRevenueGuarantees.AgentProgress) {
        guard enabled else { return }
        let now = Date().timeIntervalSince1970
        let text: String? = state.withLock { s in
            if p.done { s.running[p.agent] = nil; s.done += 1 } else { s.running[p.agent] = p }
            guard now - s.lastDraw >= 0.1 else { return nil }
            s.lastDraw = now
            s.drawn = true
            let agents = s.running.keys.sorted().prefix(6).map { k -> String in
                let a = s.running[k]!
                let gap = (a.candidateRevenue ?? .nan) - (a.lowerBound ?? .nan)
                return "agent \(k): round \(a.round), gap " + String(format: "%.3g", gap)
            }
            return "\(label): \(s.done) done" + (agents.isEmpty ? "" : " · " + agents.joined(separator: " · "))
        }
        if let text { FileHandle.standardError.write(Data(("\r" + text + "\u{1B}[K").utf8)) }
    }

    /// Ends the display with a final line (only if something was drawn).
    public func finish() {
        let (drawn, done) = state.withLock { ($0.drawn, $0.done) }
        if enabled && drawn { FileHandle.standardError.write(Data("\r\(label): \(done) done\u{1B}[K\n".utf8)) }
    }
}
