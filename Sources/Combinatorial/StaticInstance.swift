import InstanceIO

/// A static instance as read from a file: an outcome table, or a combinatorial auction.
public enum StaticInstance: Sendable {
    /// SPEC kind "outcomes", already in the one problem form.
    case outcomes(StaticProblem)
    /// SPEC kind "combinatorial".
    case auction(AuctionInstance)

    /// The instance's name.
    public var name: String {
        switch self {
        case .outcomes(let p): return p.name
        case .auction(let a): return a.name
        }
    }
}

/// Reads a static instance (kind "outcomes" or "combinatorial") from a JSON file; any
/// problem is one ``InstanceError`` naming the file and the JSON path.
///
/// ```swift
/// let instance = try readStaticInstance(path: "instances/static/car-table-3.1.json")
/// ```
public func readStaticInstance(path: String) throws -> StaticInstance {
    try readStaticInstance(try JSONValue.parse(contentsOf: path))
}

/// Reads a static instance from a parsed JSON document.
public func readStaticInstance(_ root: JSONValue) throws -> StaticInstance {
    let kindNode = try root["kind"]
    switch try kindNode.string() {
    case "outcomes": return .outcomes(try readOutcomeTable(root))
    case "combinatorial": return .auction(try readAuction(root))
    case let other:
        throw kindNode.error("kind \"\(other)\" is not a static instance (expected \"outcomes\" or \"combinatorial\")")
    }
}
