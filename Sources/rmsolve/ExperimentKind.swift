import Foundation
import InstanceIO
import Reporting

/// An experiment `rmsolve merge` (and `rmsolve experiment …`) knows how to finish: from a
/// plan's parameters it rebuilds the whole run's work items, and from their logged
/// records it writes the CSV files and plots. THE MERGE HOOK: a new experiment (bandits,
/// combinatorial auctions, …) conforms to this protocol and adds itself to
/// ``ExperimentKinds/all``; `merge` then dispatches on the `kind` in `plan.json`.
///
/// ```swift
/// enum BanditExperiment: ExperimentKind {
///     static let kind = "bandit"
///     static func items(_ plan: ExperimentPlan) throws -> [WorkItem] { … }
///     static func writeOutputs(_ plan: ExperimentPlan, records: [String: [String: Any]], to dir: String) throws { … }
/// }
/// ```
protocol ExperimentKind {
    /// The `kind` written in `plan.json`.
    static var kind: String { get }
    /// Every work item of the whole (unsharded) run, in its fixed order, from the plan's
    /// parameters (a malformed parameter is an InstanceError naming `plan.json`).
    static func items(_ plan: ExperimentPlan) throws -> [WorkItem]
    /// Writes the experiment's outputs (CSV, SVG) into `dir` from the records of ALL its
    /// items (keyed by ``WorkItem/key``); called only when none is missing. Must depend only
    /// on the plan and the records, so a merged run equals an unsharded one bit for bit.
    static func writeOutputs(_ plan: ExperimentPlan, records: [String: [String: Any]], to dir: String) throws
}

/// An ``ExperimentKind`` as a value (its functions captured), for the registry.
struct ExperimentKindHandler: Sendable {
    /// The `kind` of `plan.json`.
    var kind: String
    /// See ``ExperimentKind/items(_:)``.
    var items: @Sendable (ExperimentPlan) throws -> [WorkItem]
    /// See ``ExperimentKind/writeOutputs(_:records:to:)``.
    var writeOutputs: @Sendable (ExperimentPlan, [String: [String: Any]], String) throws -> Void

    /// The handler of kind `K`.
    init<K: ExperimentKind>(_ type: K.Type) {
        kind = K.kind
        items = { try K.items($0) }
        writeOutputs = { try K.writeOutputs($0, records: $1, to: $2) }
    }
}

/// The registry of experiment kinds `rmsolve merge` dispatches on.
enum ExperimentKinds {
    /// Every known kind. Add new experiments here.
    static let all: [ExperimentKindHandler] = [
        ExperimentKindHandler(StaticExperiment.self), ExperimentKindHandler(BanditExperiment.self),
        ExperimentKindHandler(CombinatorialExperiment.self),
    ]

    /// The kind named in a plan, or an error listing the known kinds.
    static func named(_ name: String, file: String) throws -> ExperimentKindHandler {
        for handler in all where handler.kind == name { return handler }
        throw InstanceError(file: file, location: "$.kind",
                            message: "unknown experiment kind \"\(name)\" (known: \(all.map(\.kind).joined(separator: ", ")))")
    }
}

/// Runs the pending items of `plan`'s shard in `dir` (resuming a previous run there),
/// then, when the run is whole and complete, writes its outputs. Returns the number of
/// items of this shard.
@discardableResult
func runExperiment<K: ExperimentKind>(_ kind: K.Type, plan: ExperimentPlan, dir: String, jobs: Int, label: String,
                   progress: Bool? = nil, _ body: @escaping @Sendable (WorkItem) throws -> [String: Double]) throws -> Int {
    let items = try kind.items(plan)
    try plan.prepare(dir: dir)
    let runner = ExperimentRunner(items: items, logPath: ExperimentPlan.logPath(in: dir), shard: plan.shard, jobs: jobs,
                                  syncInterval: 1)
    let records = try runner.run(label: label, progress: progress, body)
    if plan.shard == .whole {
        let missing = items.filter { records[$0.key] == nil }
        guard missing.isEmpty else {
            throw ExperimentError.incomplete(missing: missing.count, example: missing[0].key)
        }
        try kind.writeOutputs(plan, records: records, to: dir)
    }
    return runner.shardItems.count
}

/// Errors of experiment runs and merges.
enum ExperimentError: Error, CustomStringConvertible {
    /// Work items without a logged result.
    case incomplete(missing: Int, example: String)

    var description: String {
        switch self {
        case .incomplete(let missing, let example):
            return "\(missing) work item(s) have no result (e.g. \(example)); run the missing shards or resume them first"
        }
    }
}
