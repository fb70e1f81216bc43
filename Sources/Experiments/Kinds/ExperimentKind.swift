import Foundation
import InstanceIO

/// The parameters of one experiment kind: what `plan.json` records under `parameters`.
///
/// A conforming type validates itself (``validate()``, typed errors naming the parameter as
/// it appears in `plan.json`) and converts to and from the plan's JSON object. Numbers that
/// are not integers are written as their shortest round-trip decimal text in strings, so a
/// plan read back compares equal bit for bit.
public protocol ExperimentParameters: Sendable, Equatable {
    /// The experiment kind these parameters belong to (the `kind` of `plan.json`).
    static var kind: String { get }
    /// The parameters as the `parameters` object of `plan.json`.
    var planParameters: [String: Any] { get }
    /// Reads the `parameters` object of a plan (errors name the file and the JSON path).
    init(planParameters node: JSONValue) throws
    /// Checks every parameter's range; throws ``ExperimentError/invalidParameter(parameter:message:)``.
    func validate() throws
}

/// One output file of an experiment: its name in the output directory and its contents.
public struct ExperimentOutput: Sendable, Equatable, Codable {
    /// The file name, e.g. `static.csv`.
    public var name: String
    /// The file's text.
    public var contents: String

    /// Creates an output file.
    public init(name: String, contents: String) {
        self.name = name
        self.contents = contents
    }
}

/// An experiment kind: from its parameters, the work items of the whole run; for the pending
/// items of a process, the measurement of one item; and, from the records of all items, its
/// output files (CSV and SVG). The built-in kinds are ``StaticExperiment``,
/// ``CombinatorialExperiment`` and ``BanditExperiment``; a new kind conforms to this protocol
/// and is added to an ``ExperimentKindRegistry``, after which ``runExperiment(_:outputDirectory:options:)``
/// runs it and ``mergeExperiments(_:into:registry:)`` finishes its shards.
///
/// ```swift
/// enum CoinExperiment: ExperimentKind {
///     struct Parameters: ExperimentParameters { … }
///     static func items(_ p: Parameters) -> [WorkItem] { … }
///     static func measurement(_ p: Parameters, seed: UInt64, pending: [WorkItem],
///                             options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double] { … }
///     static func outputs(_ p: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput] { … }
/// }
/// let registry = ExperimentKindRegistry.standard.adding(CoinExperiment.self)
/// ```
public protocol ExperimentKind: Sendable {
    /// The kind's parameters.
    associatedtype Parameters: ExperimentParameters
    /// Every work item of the whole (unsharded) run, in its fixed order.
    static func items(_ parameters: Parameters) -> [WorkItem]
    /// The function measuring one work item (called from several threads at once). It may
    /// first prepare what the `pending` items share (tables, curves), on `options.jobs` threads.
    /// Each item's random draws must depend only on `seed` and the item (``WorkItem/stream``).
    static func measurement(_ parameters: Parameters, seed: UInt64, pending: [WorkItem],
                            options: ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double]
    /// The output files from the records of ALL items (keyed by ``WorkItem/key``). Must depend
    /// only on its arguments, so a merged run equals an unsharded one byte for byte.
    static func outputs(_ parameters: Parameters, records: [String: ResultRecord]) -> [ExperimentOutput]
}

/// An ``ExperimentKind`` as a value (its functions captured on plans), for the registry.
public struct ExperimentKindHandler: Sendable {
    /// The `kind` of `plan.json`.
    public let kind: String
    let items: @Sendable (ExperimentPlan) throws -> [WorkItem]
    let measurement: @Sendable (ExperimentPlan, [WorkItem], ExperimentRunOptions) throws -> @Sendable (WorkItem) throws -> [String: Double]
    let outputs: @Sendable (ExperimentPlan, [String: ResultRecord]) throws -> [ExperimentOutput]

    /// The handler of kind `K`.
    public init<K: ExperimentKind>(_ type: K.Type) {
        kind = K.Parameters.kind
        items = { K.items(try $0.parameters(as: K.Parameters.self)) }
        measurement = { plan, pending, options in
            try K.measurement(try plan.parameters(as: K.Parameters.self), seed: plan.seed, pending: pending, options: options)
        }
        outputs = { K.outputs(try $0.parameters(as: K.Parameters.self), records: $1) }
    }
}

/// The experiment kinds a run or merge knows, by the `kind` of `plan.json`.
public struct ExperimentKindRegistry: Sendable {
    /// The handlers, one per kind.
    public private(set) var handlers: [ExperimentKindHandler]

    /// A registry of the given kinds.
    public init(_ handlers: [ExperimentKindHandler]) { self.handlers = handlers }

    /// The built-in kinds: `static`, `bandit`, `combinatorial`, `redistribution`.
    public static let standard = ExperimentKindRegistry([
        ExperimentKindHandler(StaticExperiment.self), ExperimentKindHandler(BanditExperiment.self),
        ExperimentKindHandler(CombinatorialExperiment.self), ExperimentKindHandler(RedistributionExperiment.self),
    ])

    /// This registry with kind `K` added (replacing a kind of the same name).
    public func adding<K: ExperimentKind>(_ kind: K.Type) -> ExperimentKindRegistry {
        let handler = ExperimentKindHandler(kind)
        return ExperimentKindRegistry(handlers.filter { $0.kind != handler.kind } + [handler])
    }

    /// The names of the known kinds.
    public var kinds: [String] { handlers.map(\.kind) }

    /// The handler of a plan's kind; an unknown kind is an `InstanceError` at `$.kind` of
    /// the plan's file, listing the known kinds.
    func handler(for plan: ExperimentPlan) throws -> ExperimentKindHandler {
        for handler in handlers where handler.kind == plan.kind { return handler }
        throw InstanceError(file: plan.source, location: "$.kind", message: ExperimentError.unknownKind(plan.kind, known: kinds).description)
    }
}
