import ArgumentParser
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve gittins FILE`: the Gittins index of every state of every arm of a bandit.
struct GittinsCommand: ResultProducing {
    static let configuration = CommandConfiguration(
        commandName: "gittins",
        abstract: "Gittins indices of every state of every arm of a bandit (kind \"bandit\").",
        discussion: """
            Indices are in reward-per-period units (thesis eq. 4.6): the constant reward per \
            period that makes the arm's best stopping rule break even; the lump-sum retirement \
            value is index/(1−γ). Finite arms: every state, by --method (lri: state \
            elimination, O(n³), the default; lp: the thesis's restart-in-state MDP, one CLP LP \
            per state; calibration: bisection on the retirement value), each checked against \
            state elimination. Beta arms: the current state, by calibration on the expansion \
            truncated at a depth that keeps the index error below 1e-9 (reported).
            """)

    @Argument(help: "The bandit instance (JSON, kind \"bandit\").")
    var file: String

    @Option(help: "Output format: table or json.")
    var format: GittinsOutputFormat = .table

    @Option(help: "Index method for finite arms: lri, lp or calibration.")
    var method: GittinsMethod = .lri

    func run() throws {
        try reportingErrors {
            let bandit = try BanditInstance.read(from: file)
            let arms = try bandit.gittinsIndices(method: method)
            switch format {
            case .json:
                let data = try JSONSerialization.data(
                    withJSONObject: gittinsResult(bandit: bandit, arms: arms),
                    options: [.prettyPrinted, .sortedKeys])
                print(String(decoding: data, as: UTF8.self))
            case .table: print(gittinsTable(bandit: bandit, arms: arms), terminator: "")
            }
        }
    }

    /// The result JSON, for `rmsolve check`.
    func resultJSON() throws -> [String: Any] {
        let bandit = try BanditInstance.read(from: file)
        return gittinsResult(bandit: bandit, arms: try bandit.gittinsIndices(method: method))
    }
}

/// `--format`.
enum GittinsOutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, json
}

extension GittinsMethod: ExpressibleByArgument {}

/// The SPEC result JSON: `"arms"` with `"name"` and `"indices"` (state → index), plus
/// `"truncationDepth"`/`"truncationErrorBound"` for Beta arms and `"method"` per arm.
private func gittinsResult(bandit: BanditInstance, arms: [ArmIndices]) -> [String: Any] {
    var root: [String: Any] = [
        "kind": "gittins", "discount": bandit.discount,
        "arms": arms.map { arm -> [String: Any] in
            var object: [String: Any] = [
                "name": arm.name, "method": arm.method.rawValue,
                "indices": Dictionary(uniqueKeysWithValues: zip(arm.states, arm.indices)),
            ]
            if let depth = arm.truncationDepth { object["truncationDepth"] = depth }
            if let bound = arm.truncationErrorBound { object["truncationErrorBound"] = bound }
            return object
        },
    ]
    if let name = bandit.name { root["name"] = name }
    return root
}

/// One line per (arm, state): index ν and lump-sum µ* = ν/(1−γ).
private func gittinsTable(bandit: BanditInstance, arms: [ArmIndices]) -> String {
    var rows = [["arm", "state", "index", "lump sum", "method"]]
    for arm in arms {
        for (state, index) in zip(arm.states, arm.indices) {
            var how = arm.method.rawValue
            if let depth = arm.truncationDepth { how += " (depth \(depth))" }
            rows.append([arm.name, state, String(format: "%.9g", index),
                         String(format: "%.9g", index / (1 - bandit.discount)), how])
        }
    }
    let widths = (0..<rows[0].count).map { c in rows.map { $0[c].count }.max()! }
    var text = "bandit \(bandit.name.map { "\"\($0)\"" } ?? "(unnamed)"), discount \(bandit.discount)\n"
    for row in rows {
        text += zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
            .joined(separator: "  ").trimmingCharacters(in: .whitespaces) + "\n"
    }
    return text
}
