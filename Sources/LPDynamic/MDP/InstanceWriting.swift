import Foundation
import InstanceIO

/// How a large model is written: the named form (one object per transition, state names as
/// keys) or the compact form (index-based row arrays; see docs/formats-compact.md).
public enum InstanceForm: String, Sendable, Codable, CaseIterable {
    /// Named states and one JSON object per transition (readable, larger, slower to read).
    case named
    /// Row arrays indexed by state (and action): no per-transition objects.
    case compact
}

/// A byte buffer for writing JSON text quickly.
struct JSONText {
    var bytes: [UInt8] = []

    mutating func raw(_ s: String) { bytes.append(contentsOf: s.utf8) }
    /// A double as its shortest round-trip decimal (valid JSON for a finite value).
    mutating func number(_ d: Double) {
        if d == d.rounded(), abs(d) < 1e15, d.sign == .plus || d != 0 { raw(String(Int64(d))) } else { raw(d.description) }
    }
    mutating func int(_ k: Int) { raw(String(k)) }
    mutating func string(_ s: String) {
        bytes.append(0x22)
        for b in s.utf8 {
            switch b {
            case 0x22: raw("\\\"")
            case 0x5C: raw("\\\\")
            case 0..<0x20: raw(String(format: "\\u%04x", b))
            default: bytes.append(b)
            }
        }
        bytes.append(0x22)
    }
    /// `[a, b, …]` of numbers.
    mutating func numbers<C: Collection>(_ values: C) where C.Element == Double {
        bytes.append(UInt8(ascii: "["))
        var first = true
        for v in values {
            if !first { bytes.append(UInt8(ascii: ",")) }
            first = false
            number(v)
        }
        bytes.append(UInt8(ascii: "]"))
    }
    mutating func strings(_ values: [String]) {
        raw("[")
        for (k, v) in values.enumerated() {
            if k > 0 { raw(", ") }
            string(v)
        }
        raw("]")
    }
    var data: Data { Data(bytes) }
}

/// Whether states are named "s0" … "s(n-1)", so the compact form can give just their count.
func hasGeneratedNames(_ names: [String]) -> Bool {
    names.enumerated().allSatisfy { $0.element == "s\($0.offset)" }
}

extension MDPInstance {
    /// The instance as the text of a kind "mdp" file, in the named or compact form. Both
    /// read back (``read(file:)``) to this model, numbers exactly (shortest round-trip
    /// decimals).
    ///
    /// ```swift
    /// let data = try MDPInstance(name: "r", mdp: MDP.random(states: 100, actions: 2, successors: 3,
    ///                                                          discount: 0.9, seed: 1)).jsonData(form: .compact)
    /// ```
    public func jsonData(form: InstanceForm) -> Data {
        var out = JSONText()
        let n = mdp.stateCount, m = mdp.actionCount
        out.raw("{\"kind\": \"mdp\", \"name\": ")
        out.string(name)
        out.raw(", \"discount\": ")
        out.number(mdp.discount)
        if let horizon { out.raw(", \"horizon\": "); out.int(horizon) }
        out.raw(",\n \"actions\": ")
        out.strings(mdp.actionNames)
        switch form {
        case .named:
            out.raw(",\n \"states\": ")
            out.strings(mdp.stateNames)
            out.raw(",\n \"initial\": ")
            out.string(mdp.stateNames[mdp.initialState])
            out.raw(",\n \"transitions\": [")
            var first = true
            for k in 0..<(n * m) {
                for t in mdp.transitionStart[k]..<mdp.transitionStart[k + 1] {
                    out.raw(first ? "\n  " : ",\n  ")
                    first = false
                    out.raw("{\"state\": "); out.string(mdp.stateNames[k / m])
                    out.raw(", \"action\": "); out.string(mdp.actionNames[k % m])
                    out.raw(", \"next\": "); out.string(mdp.stateNames[Int(mdp.successors[t])])
                    out.raw(", \"probability\": "); out.number(mdp.probabilities[t])
                    if mdp.transitionRewards[t] != 0 { out.raw(", \"reward\": "); out.number(mdp.transitionRewards[t]) }
                    out.raw("}")
                }
            }
            out.raw("\n]}\n")
        case .compact:
            let generated = hasGeneratedNames(mdp.stateNames)
            out.raw(",\n \"states\": ")
            if generated { out.int(n) } else { out.strings(mdp.stateNames) }
            out.raw(",\n \"initial\": ")
            if generated { out.int(mdp.initialState) } else { out.string(mdp.stateNames[mdp.initialState]) }
            func rows(_ key: String, _ value: (Int) -> Double) {
                out.raw(",\n \"\(key)\": [")
                for k in 0..<(n * m) {
                    if k > 0 { out.raw(",\n  ") }
                    out.numbers((mdp.transitionStart[k]..<mdp.transitionStart[k + 1]).lazy.map(value))
                }
                out.raw("]")
            }
            rows("next") { Double(self.mdp.successors[$0]) }
            rows("probability") { self.mdp.probabilities[$0] }
            if mdp.transitionRewards.contains(where: { $0 != 0 }) { rows("reward") { self.mdp.transitionRewards[$0] } }
            out.raw("}\n")
        }
        return out.data
    }
}

extension FiniteArm {
    /// A random arm for benchmarks: from each state, `successors` distinct uniformly drawn
    /// states (all states when `successors` is nil: a dense arm) with normalised positive
    /// uniform weights; rewards uniform in [0, 1); initial state 0; states "s0" … "s(n-1)".
    /// Reproducible from `seed`.
    public static func random(states n: Int, successors: Int? = nil, seed: UInt64) throws -> FiniteArm {
        guard n >= 1 else { throw BanditModelError("an arm needs at least one state") }
        let k = successors ?? n
        guard k >= 1, k <= n else { throw BanditModelError("the successors per state must be in 1...\(n)") }
        var rng = SeededGenerator(seed: seed)
        var rows: [[Double]] = []
        rows.reserveCapacity(n)
        var chosen: [Int] = []
        for _ in 0..<n {
            if k == n {
                chosen = Array(0..<n)
            } else {
                chosen.removeAll(keepingCapacity: true)
                var taken = Set<Int>()
                while chosen.count < k {
                    let t = Int.random(in: 0..<n, using: &rng)
                    if taken.insert(t).inserted { chosen.append(t) }
                }
            }
            let weights = chosen.map { _ in Double.random(in: Double.ulpOfOne..<1, using: &rng) }
            let total = weights.reduce(0, +)
            var row = [Double](repeating: 0, count: n)
            for (j, t) in chosen.enumerated() { row[t] = weights[j] / total }
            rows.append(row)
        }
        let rewards = (0..<n).map { _ in Double.random(in: 0..<1, using: &rng) }
        return try FiniteArm(states: (0..<n).map { "s\($0)" }, rewards: rewards, transitions: rows, initial: 0)
    }
}

extension BanditInstance {
    /// The instance as the text of a kind "bandit" file, in the named or compact form (a
    /// compact arm's rows are dense when at least half their entries are positive, else
    /// sparse with `"next"`). Both read back (``read(from:)``) to this instance exactly.
    public func jsonData(form: InstanceForm) -> Data {
        var out = JSONText()
        out.raw("{\"kind\": \"bandit\"")
        if let name { out.raw(", \"name\": "); out.string(name) }
        out.raw(", \"discount\": ")
        out.number(discount)
        out.raw(",\n \"arms\": [")
        for (a, arm) in arms.enumerated() {
            out.raw(a == 0 ? "\n  {\"name\": " : ",\n  {\"name\": ")
            out.string(arm.name)
            switch arm.model {
            case .beta(let beta):
                out.raw(", \"beta\": [")
                out.number(beta.alpha); out.raw(", "); out.number(beta.beta)
                out.raw("]}")
            case .chain(let chain):
                writeArm(chain, form: form, into: &out)
                out.raw("}")
            }
        }
        out.raw("\n]}\n")
        return out.data
    }
}

private func writeArm(_ arm: FiniteArm, form: InstanceForm, into out: inout JSONText) {
    let n = arm.count
    switch form {
    case .named:
        out.raw(", \"states\": "); out.strings(arm.states)
        out.raw(", \"initial\": "); out.string(arm.states[arm.initial])
        out.raw(",\n   \"rewards\": {")
        for s in 0..<n {
            if s > 0 { out.raw(", ") }
            out.string(arm.states[s]); out.raw(": "); out.number(arm.rewards[s])
        }
        out.raw("},\n   \"transitions\": {")
        for s in 0..<n {
            out.raw(s == 0 ? "\n    " : ",\n    ")
            out.string(arm.states[s]); out.raw(": {")
            var first = true
            for t in 0..<n where arm.transitions[s][t] != 0 {
                if !first { out.raw(", ") }
                first = false
                out.string(arm.states[t]); out.raw(": "); out.number(arm.transitions[s][t])
            }
            out.raw("}")
        }
        out.raw("}")
    case .compact:
        let generated = hasGeneratedNames(arm.states)
        out.raw(", \"states\": ")
        if generated { out.int(n) } else { out.strings(arm.states) }
        out.raw(", \"initial\": ")
        if generated { out.int(arm.initial) } else { out.string(arm.states[arm.initial]) }
        out.raw(",\n   \"rewards\": "); out.numbers(arm.rewards)
        let positive = arm.transitions.reduce(0) { $0 + $1.lazy.filter { $0 != 0 }.count }
        let sparse = 2 * positive < n * n
        if sparse {
            out.raw(",\n   \"next\": [")
            for s in 0..<n {
                if s > 0 { out.raw(",\n    ") }
                out.numbers((0..<n).lazy.filter { arm.transitions[s][$0] != 0 }.map(Double.init))
            }
            out.raw("]")
        }
        out.raw(",\n   \"transitions\": [")
        for s in 0..<n {
            if s > 0 { out.raw(",\n    ") }
            if sparse { out.numbers(arm.transitions[s].lazy.filter { $0 != 0 }) } else { out.numbers(arm.transitions[s]) }
        }
        out.raw("]")
    }
}
