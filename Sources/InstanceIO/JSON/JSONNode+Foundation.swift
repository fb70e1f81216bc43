import Foundation

extension JSONNode {
    /// A node from Foundation JSON objects (as `JSONSerialization` produces them).
    init(foundation value: Any) {
        switch value {
        case is NSNull: self = .null(offset: 0)
        case let s as String: self = .string(s, offset: 0)
        case let b as Bool where !(value is NSNumber) || isFoundationBoolean(value as! NSNumber): self = .bool(b, offset: 0)
        case let n as NSNumber: self = .number(n.doubleValue, offset: 0)
        case let a as [Any]: self = .array(JSONArrayNode(a.map { JSONNode(foundation: $0) }, offset: 0))
        case let d as [String: Any]:
            let keys = d.keys.sorted()
            self = .object(JSONObjectNode(keys: keys, values: keys.map { JSONNode(foundation: d[$0]!) },
                                          keyOffsets: keys.map { _ in 0 }, offset: 0,
                                          index: Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })))
        default: self = .string("\(value)", offset: 0)
        }
    }

    /// The node as Foundation objects.
    var foundationValue: Any {
        switch self {
        case .null: return NSNull()
        case .bool(let b, _): return NSNumber(value: b)
        case .number(let d, _): return NSNumber(value: d)
        case .string(let s, _): return s
        case .array(let a): return a.elements.map(\.foundationValue)
        case .numbers(let a): return a.values.map { NSNumber(value: $0) }
        case .numberRows(let r): return (0..<r.rowCount).map { r.row($0).foundationValue }
        case .object(let o):
            var d: [String: Any] = [:]
            for (k, v) in zip(o.keys, o.values) { d[k] = v.foundationValue }
            return d
        }
    }
}

/// Whether an `NSNumber` holds a boolean (Foundation boxes JSON `true`/`false` in a private
/// boolean subclass).
private func isFoundationBoolean(_ n: NSNumber) -> Bool {
    type(of: n) != NSNumber.self && String(cString: n.objCType) == "c"
}
