import Foundation

/// A node of a parsed JSON document that knows its file and JSON path, so every accessor
/// can fail with an ``InstanceError`` naming exactly where the problem is.
///
/// ```swift
/// let root = try JSONValue.parse(contentsOf: "car.json")
/// let agents = try root["agents"].array().map { try $0.string() }
/// let upper = try root.optional("domain")?["upper"]
/// ```
public struct JSONValue: @unchecked Sendable {
    /// The underlying Foundation value (`NSNull`, `String`, `NSNumber`, arrays, dictionaries).
    public let raw: Any
    /// The JSON path of this node, e.g. `$.agents[2]`.
    public let path: String
    /// The file the document came from.
    public let file: String

    /// Wraps a Foundation JSON value (for tests and in-memory documents).
    public init(raw: Any, path: String = "$", file: String) {
        self.raw = raw
        self.path = path
        self.file = file
    }

    /// Reads and parses a JSON file.
    public static func parse(contentsOf path: String) throws -> JSONValue {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InstanceError(file: path, location: "file", message: "cannot read the file")
        }
        return try parse(data: data, file: path)
    }

    /// Parses JSON text; a syntax error names the line and column when Foundation reports it.
    public static func parse(data: Data, file: String) throws -> JSONValue {
        do {
            let raw = try JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed])
            return JSONValue(raw: raw, file: file)
        } catch {
            let detail = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
            throw InstanceError(
                file: file, location: "JSON syntax",
                message: "malformed JSON" + (detail.map { ": " + lineAndColumn(of: $0, in: data) } ?? ""))
        }
    }

    /// An error located at this node.
    public func error(_ message: String) -> InstanceError {
        InstanceError(file: file, location: path, message: message)
    }

    /// Whether the value is JSON `null`.
    public var isNull: Bool { raw is NSNull }

    /// The member `key` of an object; an error if this is not an object or `key` is missing.
    public subscript(key: String) -> JSONValue {
        get throws {
            guard let value = try optional(key) else { throw error("missing key \"\(key)\"") }
            return value
        }
    }

    /// The member `key` of an object, or `nil` when absent (or JSON `null`).
    public func optional(_ key: String) throws -> JSONValue? {
        let object = try self.object()
        guard let value = object[key], !(value is NSNull) else { return nil }
        return JSONValue(raw: value, path: "\(path).\(key)", file: file)
    }

    /// The member `key` even when it is JSON `null` (`nil` only when absent).
    public func member(_ key: String) throws -> JSONValue? {
        let object = try self.object()
        return object[key].map { JSONValue(raw: $0, path: "\(path).\(key)", file: file) }
    }

    /// The object's members; an error if this is not an object.
    public func object() throws -> [String: Any] {
        guard let object = raw as? [String: Any] else { throw error("expected an object") }
        return object
    }

    /// The object's keys.
    public func keys() throws -> [String] { try object().keys.sorted() }

    /// The elements of an array; an error if this is not an array.
    public func array() throws -> [JSONValue] {
        guard let array = raw as? [Any] else { throw error("expected an array") }
        return array.enumerated().map {
            JSONValue(raw: $0.element, path: "\(path)[\($0.offset)]", file: file)
        }
    }

    /// A string; an error otherwise.
    public func string() throws -> String {
        guard let s = raw as? String else { throw error("expected a string") }
        return s
    }

    /// A finite number; an error otherwise (booleans are not numbers).
    public func number() throws -> Double {
        guard let n = raw as? NSNumber, !isJSONBoolean(n) else { throw error("expected a number") }
        let d = n.doubleValue
        guard d.isFinite else { throw error("expected a finite number") }
        return d
    }

    /// A whole number; an error otherwise.
    public func integer() throws -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 1e15 else { throw error("expected a whole number") }
        return Int(d)
    }

    /// A boolean; an error otherwise.
    public func bool() throws -> Bool {
        guard let n = raw as? NSNumber, isJSONBoolean(n) else {
            throw error("expected true or false")
        }
        return n.boolValue
    }

    /// An array of strings.
    public func strings() throws -> [String] { try array().map { try $0.string() } }

    /// An array of numbers.
    public func numbers() throws -> [Double] { try array().map { try $0.number() } }
}

/// Whether an `NSNumber` came from a JSON `true`/`false` (Foundation boxes those in a
/// private boolean subclass).
private func isJSONBoolean(_ n: NSNumber) -> Bool {
    type(of: n) != NSNumber.self && String(cString: n.objCType) == "c"
}

/// Turns Foundation's "around character N" into "line L, column C" for the user.
func lineAndColumn(of detail: String, in data: Data) -> String {
    guard let range = detail.range(of: #"character (\d+)"#, options: .regularExpression),
          let offset = Int(detail[range].dropFirst("character ".count))
    else { return detail }
    var line = 1, column = 1
    for byte in data.prefix(offset) {
        if byte == UInt8(ascii: "\n") { line += 1; column = 1 } else { column += 1 }
    }
    return "\(detail.replacingOccurrences(of: "around character \(offset)", with: "at line \(line), column \(column)"))"
}
