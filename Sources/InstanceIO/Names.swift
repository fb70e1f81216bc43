/// Checks that a list of names read from `node` (an array of strings, or of objects whose
/// `name` is at `node[k].name`) is non-empty when required and has no duplicates, and
/// returns the index of each name.
///
/// ```swift
/// let agentIndex = try uniqueNames(names, at: try root["agents"], what: "agent")
/// ```
public func uniqueNames(
    _ names: [String], at node: JSONValue, what: String, allowEmpty: Bool = false,
    nameKey: String? = nil
) throws -> [String: Int] {
    if names.isEmpty && !allowEmpty { throw node.error("needs at least one \(what)") }
    var index: [String: Int] = [:]
    for (k, name) in names.enumerated() {
        let location = nameKey.map { "\(node.path)[\(k)].\($0)" } ?? "\(node.path)[\(k)]"
        if name.isEmpty {
            throw InstanceError(file: node.file, location: location, message: "empty \(what) name")
        }
        if let first = index[name] {
            throw InstanceError(
                file: node.file, location: location,
                message: "duplicate \(what) name \"\(name)\" (first at index \(first))")
        }
        index[name] = k
    }
    return index
}
