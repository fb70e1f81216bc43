import Foundation
import InstanceIO

/// A static instance: an outcome table, or a combinatorial auction (from an instance of kind
/// "combinatorial" or a CATS file).
///
/// ```swift
/// let car = try StaticInstance.read(path: "instances/static/car-table-3.1.json")
/// let cats = try StaticInstance.read(path: "auction.txt", options: .init(domain: .bids, upper: 100))
/// ```
public enum StaticInstance: Sendable {
    /// Kind "outcomes", already in the one problem form (also any ``StaticProblem`` built in
    /// code, e.g. by ``ThesisOutcomeGenerator`` or ``BidAuction/compile(maxOutcomes:)``).
    case outcomes(StaticProblem)
    /// Kind "combinatorial", or a CATS file.
    case auction(BidAuction)

    /// The instance's name.
    public var name: String {
        switch self {
        case .outcomes(let p): return p.name
        case .auction(let a): return a.name
        }
    }
}

/// How ``StaticInstance/read(path:options:)`` reads CATS files (JSON instances declare their
/// own domain).
public struct StaticReadOptions: Sendable, Equatable {
    /// The bidders' domain for a CATS file (`nil`: "bids").
    public var domain: BidAuction.Domain?
    /// The domain's upper bound on any value for a CATS file (`nil`: unbounded).
    public var upper: Double?

    /// Creates options.
    public init(domain: BidAuction.Domain? = nil, upper: Double? = nil) {
        self.domain = domain
        self.upper = upper
    }
}

public extension StaticInstance {
    /// Reads any static instance file: JSON of kind "outcomes" or "combinatorial", or a CATS
    /// auction (a file ending in `.txt`, or one that does not start with `{`; goods `g0`…,
    /// bidders `0`, `1`, … as in ``BidAuction/init(cats:name:domain:upper:)``, domain and
    /// upper bound from `options`). Everything is validated — shapes, names, bundles, and
    /// every report inside its type space — and any problem is one ``InstanceError`` naming
    /// the file and the place in it. A domain in `options` for a JSON instance is refused (the
    /// file declares its own).
    static func read(path: String, options: StaticReadOptions = StaticReadOptions()) throws -> StaticInstance {
        if isCATSFile(path) {
            return .auction(try BidAuction.read(catsPath: path, domain: options.domain ?? .bids, upper: options.upper ?? .infinity))
        }
        if options.domain != nil || options.upper != nil {
            throw InstanceError(file: path, location: "$.domain",
                                message: "a domain and an upper bound can be given for CATS .txt files only; a JSON instance sets its own \"domain\"")
        }
        return try read(json: try JSONValue.parse(contentsOf: path))
    }

    /// Reads a static instance from a parsed JSON document (kind "outcomes" or
    /// "combinatorial"); keys no reader asked for are refused
    /// (``JSONValue/requireKnownKeys()``; `"comment"` is allowed anywhere).
    static func read(json root: JSONValue) throws -> StaticInstance {
        let instance = try readKind(root)
        try root.requireKnownKeys()
        return instance
    }

    private static func readKind(_ root: JSONValue) throws -> StaticInstance {
        let kindNode = try root["kind"]
        switch try kindNode.string() {
        case "outcomes": return .outcomes(try readOutcomeTable(root))
        case "combinatorial": return .auction(try readAuction(root))
        case let other:
            throw kindNode.error("kind \"\(other)\" is not a static instance (expected \"outcomes\" or \"combinatorial\")")
        }
    }

    /// Whether a file is read as a CATS auction: it ends in `.txt`, or (not ending in `.json`)
    /// its first non-blank character is not `{`.
    public static func isCATSFile(_ path: String) -> Bool {
        if path.hasSuffix(".txt") { return true }
        if path.hasSuffix(".json") { return false }
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        let head = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
        return head.first(where: { !$0.isWhitespace }).map { $0 != "{" } ?? false
    }
}

/// Reads a static JSON instance; the same as ``StaticInstance/read(path:options:)`` without
/// options.
@available(*, deprecated, renamed: "StaticInstance.read(path:)")
public func readStaticInstance(path: String) throws -> StaticInstance {
    try StaticInstance.read(path: path)
}

/// Reads a static instance from a parsed JSON document.
@available(*, deprecated, renamed: "StaticInstance.read(json:)")
public func readStaticInstance(_ root: JSONValue) throws -> StaticInstance {
    try StaticInstance.read(json: root)
}
