import ArgumentParser
import Foundation
import InstanceIO
import Reporting

/// What an experiment output directory records about its run, in `DIR/plan.json`: the
/// experiment's kind (which ``ExperimentKind`` rebuilds its outputs), its seed, its
/// parameters (a JSON object owned by the kind) and the shard this directory ran.
///
/// Two directories belong to the same experiment when kind, seed and parameters agree
/// (their ``definition``); only then may they be resumed into or merged.
///
/// ```json
/// {"kind": "static", "seed": "42", "shard": "2/4", "parameters": {"agents": [4, 8, 20], ...}}
/// ```
struct ExperimentPlan {
    /// The experiment kind, e.g. `"static"`.
    var kind: String
    /// The run's seed (every work item's random stream derives from it).
    var seed: UInt64
    /// The kind's parameters as a JSON object (numbers, strings, arrays).
    var parameters: [String: Any]
    /// The slice of the work items this directory ran.
    var shard: Shard
    /// Where the plan was read from (for error messages); `plan.json` for a new plan.
    var source: String = "plan.json"

    /// The parameters as a ``JSONValue`` at `$.parameters` of ``source``, for kinds to read
    /// with errors that name the file and the JSON path.
    var parametersNode: JSONValue { JSONValue(raw: parameters, path: "$.parameters", file: source) }

    /// The plan file of an output directory.
    static func path(in dir: String) -> String { dir + "/plan.json" }
    /// The result log of an output directory.
    static func logPath(in dir: String) -> String { dir + "/results.jsonl" }

    /// Kind, seed and parameters as canonical JSON text (sorted keys): equal text, same
    /// experiment.
    var definition: String {
        let object: [String: Any] = ["kind": kind, "seed": String(seed), "parameters": parameters]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// The plan as pretty JSON text (sorted keys), ending with a newline.
    var text: String {
        let object: [String: Any] = ["kind": kind, "seed": String(seed), "parameters": parameters,
                                     "shard": shard.description]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// Reads `DIR/plan.json`; a missing or malformed file is an ``InstanceError`` naming it.
    static func read(dir: String) throws -> (plan: ExperimentPlan, root: JSONValue) {
        let file = path(in: dir)
        guard FileManager.default.fileExists(atPath: file) else {
            throw InstanceError(file: file, location: "$", message: "no plan.json: \(dir) is not an rmsolve experiment output directory")
        }
        let root = try JSONValue.parse(contentsOf: file)
        let seedNode = try root["seed"]
        guard let seed = UInt64(try seedNode.string()) else {
            throw seedNode.error("the seed must be a decimal unsigned 64-bit integer in a string")
        }
        let shardNode = try root["shard"]
        let shard: Shard
        do { shard = try Shard(parsing: try shardNode.string()) } catch let e as ShardError { throw shardNode.error(e.description) }
        let plan = ExperimentPlan(kind: try root["kind"].string(), seed: seed,
                                  parameters: try root["parameters"].object(), shard: shard, source: file)
        return (plan, root)
    }

    /// Prepares `dir` for running this plan: creates it and its plan file, or, when it already
    /// holds a plan (an interrupted run being resumed), checks that it is the same experiment
    /// and shard. A mismatch is an ``InstanceError`` naming the plan file.
    func prepare(dir: String) throws {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let file = ExperimentPlan.path(in: dir)
        if FileManager.default.fileExists(atPath: file) {
            let existing = try ExperimentPlan.read(dir: dir).plan
            guard existing.definition == definition else {
                throw InstanceError(file: file, location: "$",
                                    message: "this directory holds a different experiment (kind, seed or parameters differ); resume with the same flags or choose another --out")
            }
            guard existing.shard == shard else {
                throw InstanceError(file: file, location: "$.shard",
                                    message: "this directory ran shard \(existing.shard), not \(shard); give each shard its own --out")
            }
            return
        }
        try writeAtomically(text, to: file)
    }
}

/// Checks the run options every `experiment` subcommand shares: `--jobs` at least 1 and a
/// well-formed `--shard K/N`.
func validateExperimentRunOptions(jobs: Int, shard: String?) throws {
    guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    if let shard {
        do { _ = try Shard(parsing: shard) } catch let e as ShardError { throw ValidationError(e.description) }
    }
}
