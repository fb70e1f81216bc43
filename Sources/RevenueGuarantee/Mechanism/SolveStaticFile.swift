import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization

/// The result of ``solveStaticFile(path:mechanism:read:options:)``: RM or VCG with their
/// revenue guarantees, or a mechanism of the redistribution family.
public enum StaticFileResult: Sendable, Encodable {
    /// `rm` or `vcg` on an outcome table or a combinatorial auction.
    case mechanism(StaticMechanismResult)
    /// `bailey`, `wco`, `oel`, `basic-groves`, `agv`, or any mechanism on "units".
    case redistribution(RedistributionResult)

    public func encode(to encoder: any Encoder) throws {
        switch self {
        case .mechanism(let r): try r.encode(to: encoder)
        case .redistribution(let r): try r.encode(to: encoder)
        }
    }

    /// The result JSON (sorted keys, pretty-printed), as `rmsolve solve --format json` prints it.
    public func jsonText() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// The readable table `rmsolve solve` prints.
    public func table() -> String {
        switch self {
        case .mechanism(let r): return r.table()
        case .redistribution(let r): return r.table()
        }
    }

    /// One CSV row per agent.
    public func csv() -> String {
        switch self {
        case .mechanism(let r): return r.csv()
        case .redistribution(let r): return r.csv()
        }
    }
}

/// Runs any static mechanism on any static instance file: an outcome table, a combinatorial
/// auction (JSON or CATS) or a multi-unit "units" instance.
///
/// `rm` and `vcg` on outcome tables and auctions go through
/// ``runStaticMechanism(_:mechanism:options:)`` (every revenue-guarantee method, constraint
/// generation for large auctions); every other mechanism, and every mechanism on "units",
/// through ``runRedistribution(_:mechanism:options:)``. A mechanism that is not defined on
/// the file's kind throws ``RedistributionError/notDefined(mechanism:kind:reason:)``.
///
/// ```swift
/// let r = try solveStaticFile(path: "instances/units/moulin-four-wco.json", mechanism: .wco)
/// print(r.table())
/// ```
public func solveStaticFile(path: String, mechanism: RedistributionMechanismName = .rm,
                            read: StaticReadOptions = StaticReadOptions(),
                            options: StaticSolveOptions = StaticSolveOptions()) throws -> StaticFileResult {
    let redistributionOptions = RedistributionOptions(
        revenueGuarantee: RevenueGuaranteeOptions(method: options.method == .cg ? .auto : options.method, jobs: options.jobs, solve: options.solve),
        solve: SolveOptions(backend: .clp, timeLimit: options.solve.timeLimit), maxOutcomes: options.maxOutcomes)
    if StaticInstance.isCATSFile(path) {
        let instance = try StaticInstance.read(path: path, options: read)
        if let classic = StaticMechanismName(rawValue: mechanism.rawValue) {
            return .mechanism(try runStaticMechanism(instance, mechanism: classic, options: options))
        }
        return .redistribution(try runRedistribution(RedistributionInstance(instance), mechanism: mechanism, options: redistributionOptions))
    }
    let root = try JSONValue.parse(contentsOf: path)
    let kind = try root["kind"].string()
    if kind != "units", let classic = StaticMechanismName(rawValue: mechanism.rawValue) {
        if read.domain != nil || read.upper != nil {
            throw InstanceError(file: path, location: "$.domain",
                                message: "a domain and an upper bound can be given for CATS .txt files only; a JSON instance sets its own \"domain\"")
        }
        return .mechanism(try runStaticMechanism(try StaticInstance.read(json: root), mechanism: classic, options: options))
    }
    return .redistribution(try runRedistribution(try RedistributionInstance.read(root), mechanism: mechanism, options: redistributionOptions))
}
