import ArgumentParser
import Foundation
import InstanceIO
import Reporting

/// `rmsolve merge DIR... --out OUT`: combines the output directories of the shards of one
/// experiment (any kind registered in ``ExperimentKinds``) into the outputs of the whole run.
struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Combine the shard directories of one experiment into its CSV files and plots.",
        discussion: """
            Every DIR must hold plan.json and results.jsonl of the same experiment (kind, seed \
            and parameters; the shards may differ). The union of their results must cover \
            every sample. OUT (created; it may be one of the DIRs) then holds plan.json, the \
            merged results.jsonl and the same CSV files and plots, bit for bit, as an \
            unsharded run.
            """)

    @Argument(help: "Shard output directories.") var dirs: [String]
    @Option(help: "The directory for the merged outputs.") var out: String

    func validate() throws {
        guard !dirs.isEmpty else { throw ValidationError("give at least one shard directory") }
    }

    func run() throws {
        try reportingErrors {
            let plans = try dirs.map { try ExperimentPlan.read(dir: $0).plan }
            let first = plans[0]
            for plan in plans.dropFirst() where plan.definition != first.definition {
                throw InstanceError(file: plan.source, location: "$",
                                    message: "a different experiment from \(first.source) (kind, seed or parameters differ)")
            }
            let kind = try ExperimentKinds.named(first.kind, file: first.source)
            let items = try kind.items(first)
            for dir in dirs where !FileManager.default.fileExists(atPath: ExperimentPlan.logPath(in: dir)) {
                throw InstanceError(file: ExperimentPlan.logPath(in: dir), location: "line 1", message: "missing result log")
            }
            let records = try ExperimentRunner.mergeLogs(dirs.map(ExperimentPlan.logPath(in:)))
            let missing = items.filter { records[$0.key] == nil }
            guard missing.isEmpty else {
                throw InstanceError(file: dirs.joined(separator: ", "), location: "results.jsonl",
                                    message: "\(missing.count) of \(items.count) samples have no result (e.g. \(missing[0].key)); run or resume the missing shards first")
            }
            var whole = first
            whole.shard = .whole
            // The merged log, in item order: OUT is then a complete (resumable) run directory.
            var log = ""
            for item in items {
                let data = try JSONSerialization.data(withJSONObject: records[item.key]!, options: [.sortedKeys])
                log += String(decoding: data, as: UTF8.self) + "\n"
            }
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            if FileManager.default.fileExists(atPath: ExperimentPlan.path(in: out)) {
                let existing = try ExperimentPlan.read(dir: out).plan
                guard existing.definition == whole.definition else {
                    throw InstanceError(file: existing.source, location: "$", message: "--out holds a different experiment")
                }
            }
            try writeAtomically(whole.text, to: ExperimentPlan.path(in: out))
            try writeAtomically(log, to: ExperimentPlan.logPath(in: out))
            try kind.writeOutputs(whole, records, out)
            print("merged \(dirs.count) director\(dirs.count == 1 ? "y" : "ies"), \(items.count) samples, into \(out)")
        }
    }
}
