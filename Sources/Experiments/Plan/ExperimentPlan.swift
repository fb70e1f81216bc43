import Foundation
import InstanceIO

/// What an experiment run is: its kind, its parameters, its seed and the shard a process
/// runs. Recorded in every output directory as `plan.json`:
///
/// ```json
/// {"kind": "static", "seed": "42", "shard": "2/4", "parameters": {"agents": [4, 8, 20], ...}}
/// ```
///
/// Two directories belong to the same experiment when kind, seed and parameters agree
/// (their ``definition``); only then may they be resumed into or merged.
///
/// ```swift
/// let parameters = StaticExperiment.Parameters(agents: [4], exclusivity: [0, 0.5, 1], samples: 20)
/// let plan = try ExperimentPlan(parameters, seed: 7)             // validates the parameters
/// let run = try runExperiment(plan, outputDirectory: "runs/static")
/// ```
public struct ExperimentPlan: Sendable, Equatable, CustomStringConvertible {
    /// The experiment kind, e.g. `"static"` (its ``ExperimentParameters/kind``).
    public let kind: String
    /// The run's seed (every work item's random stream derives from it).
    public let seed: UInt64
    /// The slice of the work items a process runs.
    public var shard: Shard
    /// The `parameters` object as canonical JSON text (sorted keys).
    public let parametersJSON: String
    /// Where the plan was read from (for error messages); `plan.json` for a new plan.
    public var source: String = "plan.json"

    /// The plan of an experiment with these parameters (validated: an invalid parameter is an
    /// ``ExperimentError/invalidParameter(parameter:message:)``).
    public init<P: ExperimentParameters>(_ parameters: P, seed: UInt64 = 1, shard: Shard = .whole) throws {
        try parameters.validate()
        self.init(kind: P.kind, seed: seed, shard: shard, parameters: parameters.planParameters)
    }

    init(kind: String, seed: UInt64, shard: Shard, parameters: [String: Any], source: String = "plan.json") {
        self.kind = kind
        self.seed = seed
        self.shard = shard
        parametersJSON = ExperimentPlan.canonical(parameters)
        self.source = source
    }

    /// The parameters read back as `P`, the parameters of this plan's kind (errors name
    /// ``source`` and the JSON path).
    public func parameters<P: ExperimentParameters>(as type: P.Type = P.self) throws -> P {
        guard P.kind == kind else {
            throw InstanceError(file: source, location: "$.kind", message: "a \(kind) experiment, not \(P.kind)")
        }
        let node = parametersNode
        let parameters = try P(planParameters: node)
        do { try parameters.validate() } catch ExperimentError.invalidParameter(let name, let message) {
            throw InstanceError(file: source, location: "$.parameters.\(name)", message: message)
        }
        return parameters
    }

    /// The parameters as a ``JSONValue`` at `$.parameters` of ``source``.
    public var parametersNode: JSONValue {
        let raw = (try? JSONSerialization.jsonObject(with: Data(parametersJSON.utf8))) ?? [String: Any]()
        return JSONValue(raw: raw, path: "$.parameters", file: source)
    }

    /// The plan file of an output directory.
    public static func path(in directory: String) -> String { directory + "/plan.json" }
    /// The result log of an output directory.
    public static func logPath(in directory: String) -> String { directory + "/results.jsonl" }

    /// Kind, seed and parameters as canonical JSON text (sorted keys): equal text, same
    /// experiment.
    public var definition: String {
        "{\"kind\":" + ExperimentPlan.canonical(kind) + ",\"parameters\":" + parametersJSON
            + ",\"seed\":\"\(seed)\"}"
    }

    /// Plans are equal when they describe the same experiment and shard.
    public static func == (a: ExperimentPlan, b: ExperimentPlan) -> Bool {
        a.definition == b.definition && a.shard == b.shard
    }

    /// The plan as pretty JSON text (sorted keys), ending with a newline: `plan.json`.
    public var text: String {
        let object: [String: Any] = ["kind": kind, "seed": String(seed), "parameters": parametersNode.raw,
                                     "shard": shard.description]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// `kind` (`shard`), seed.
    public var description: String { "\(kind) experiment, seed \(seed), shard \(shard)" }

    /// Reads `DIR/plan.json`; a missing or malformed file is an `InstanceError` naming it.
    public static func read(directory: String) throws -> ExperimentPlan {
        let file = path(in: directory)
        guard FileManager.default.fileExists(atPath: file) else {
            throw InstanceError(file: file, location: "$", message: "no plan.json: \(directory) is not an rmsolve experiment output directory")
        }
        let root = try JSONValue.parse(contentsOf: file)
        let seedNode = try root["seed"]
        guard let seed = UInt64(try seedNode.string()) else {
            throw seedNode.error("the seed must be a decimal unsigned 64-bit integer in a string")
        }
        let shardNode = try root["shard"]
        let shard: Shard
        do { shard = try Shard(parsing: try shardNode.string()) } catch let e as ShardError { throw shardNode.error(e.description) }
        return ExperimentPlan(kind: try root["kind"].string(), seed: seed, shard: shard,
                              parameters: try root["parameters"].object(), source: file)
    }

    /// Prepares `directory` for running this plan: creates it and its plan file, or, when it
    /// already holds a plan (an interrupted run being resumed), checks that it is the same
    /// experiment and shard.
    func prepare(directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let file = ExperimentPlan.path(in: directory)
        if FileManager.default.fileExists(atPath: file) {
            let existing = try ExperimentPlan.read(directory: directory)
            guard existing.definition == definition else {
                throw ExperimentError.differentExperiment(planFile: file, expected: "the plan of this run")
            }
            guard existing.shard == shard else {
                throw ExperimentError.differentShard(planFile: file, existing: existing.shard, requested: shard)
            }
            return
        }
        try writeAtomically(text, to: file)
    }

    static func canonical(_ value: Any) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: value, options: [.sortedKeys, .fragmentsAllowed, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}
