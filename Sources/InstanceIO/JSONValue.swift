import Foundation

/// A node of a parsed JSON document that knows its file and JSON path, so every accessor
/// can fail with an ``InstanceError`` naming exactly where the problem is (the JSON path, and
/// the line and column in the file).
///
/// Documents are read strictly (see ``parse(data:file:)``) and every key a reader looks up
/// is recorded, so that ``requireKnownKeys()`` can refuse keys no reader asked for — a
/// misspelled `"domian"` is an error, not a silently ignored option.
///
/// ```swift
/// let car = try JSONValue.read(contentsOf: "car.json") { root in
///     (try root["agents"].strings(), try root.optional("domain")?["upper"].number())
/// }
/// ```
public struct JSONValue: Sendable {
    let node: JSONNode
    let document: JSONDocument
    private let parentPath: String
    private let component: PathComponent

    private enum PathComponent: Sendable {
        case root, key(String), index(Int)
    }

    /// The JSON path of this node, e.g. `$.agents[2]`.
    public var path: String {
        switch component {
        case .root: return parentPath
        case .key(let key): return Self.isPlainKey(key) ? "\(parentPath).\(key)" : "\(parentPath)[\"\(key)\"]"
        case .index(let k): return "\(parentPath)[\(k)]"
        }
    }

    /// The file the document came from.
    public var file: String { document.file }

    private init(node: JSONNode, document: JSONDocument, parentPath: String, component: PathComponent) {
        self.node = node
        self.document = document
        self.parentPath = parentPath
        self.component = component
    }

    /// Wraps a Foundation JSON value (`NSNull`, `String`, `NSNumber`, `Bool`, arrays,
    /// dictionaries), for tests and in-memory documents.
    public init(raw: Any, path: String = "$", file: String) {
        self.init(node: JSONNode(foundation: raw), document: JSONDocument(file: file, data: Data()),
                  parentPath: path, component: .root)
    }

    /// The value as Foundation objects (`NSNull`, `String`, `NSNumber`, `[Any]`, `[String: Any]`).
    public var raw: Any { node.foundationValue }

    /// Reads and parses a JSON file (see ``parse(data:file:)``).
    public static func parse(contentsOf path: String) throws -> JSONValue {
        try parse(data: try readFile(path), file: path)
    }

    /// Reads a JSON file, runs `body` on its root and then refuses keys `body` never looked
    /// up (``requireKnownKeys()``). The usual way a reader reads its file.
    public static func read<T>(contentsOf path: String, _ body: (JSONValue) throws -> T) throws -> T {
        let root = try parse(contentsOf: path)
        let result = try body(root)
        try root.requireKnownKeys()
        return result
    }

    /// The bytes of a file, or an ``InstanceError`` saying why it cannot be read.
    public static func readFile(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InstanceError(file: path, location: "file", message: "no such file")
        }
        guard !isDirectory.boolValue else { throw InstanceError(file: path, location: "file", message: "is a directory, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InstanceError(file: path, location: "file", message: "cannot read the file")
        }
        return data
    }

    /// Parses JSON text strictly: RFC 8259 with no trailing commas, comments or duplicate
    /// keys; numbers correctly rounded. A syntax error names the line and column.
    public static func parse(data: Data, file: String) throws -> JSONValue {
        let parsed: Result<JSONNode, JSONSyntaxError> = data.withUnsafeBytes { raw in
            Result { () throws(JSONSyntaxError) -> JSONNode in try JSONParser.parse(raw.bindMemory(to: UInt8.self)) }
        }
        let document = JSONDocument(file: file, data: data)
        switch parsed {
        case .success(let node):
            return JSONValue(node: node, document: document, parentPath: "$", component: .root)
        case .failure(let syntax):
            let (line, column) = document.lineAndColumn(syntax.offset)
            throw InstanceError(file: file, location: "JSON syntax",
                                message: "malformed JSON at line \(line), column \(column): \(syntax.message)",
                                line: line, column: column)
        }
    }

    /// An error located at this node (its JSON path, line and column).
    public func error(_ message: String) -> InstanceError {
        let (line, column) = document.lineAndColumn(node.offset)
        return InstanceError(file: file, location: path, message: message, line: line, column: column)
    }

    /// Whether the value is JSON `null`.
    public var isNull: Bool { if case .null = node { return true } else { return false } }
    /// Whether the value is an array.
    public var isArray: Bool {
        switch node {
        case .array, .numbers, .numberRows: return true
        default: return false
        }
    }
    /// Whether the value is an object.
    public var isObject: Bool { if case .object = node { return true } else { return false } }
    /// Whether the value is a string.
    public var isString: Bool { if case .string = node { return true } else { return false } }

    private func objectNode() throws -> JSONObjectNode {
        guard case .object(let object) = node else { throw error("expected an object") }
        return object
    }

    private func child(_ node: JSONNode, key: String) -> JSONValue {
        JSONValue(node: node, document: document, parentPath: path, component: .key(key))
    }

    /// The member `key` of an object; an error if this is not an object or `key` is missing.
    public subscript(key: String) -> JSONValue {
        get throws {
            guard let value = try optional(key) else { throw error("missing key \"\(key)\"") }
            return value
        }
    }

    /// The member `key` of an object, or `nil` when absent (or JSON `null`).
    public func optional(_ key: String) throws -> JSONValue? {
        guard let value = try member(key), !value.isNull else { return nil }
        return value
    }

    /// The member `key` even when it is JSON `null` (`nil` only when absent).
    public func member(_ key: String) throws -> JSONValue? {
        let object = try objectNode()
        document.usage.asked(key, in: object)
        return object.position(of: key).map { child(object.values[$0], key: key) }
    }

    /// The object's members as Foundation values; an error if this is not an object. Every
    /// key counts as known.
    public func object() throws -> [String: Any] {
        guard let dictionary = raw as? [String: Any] else { throw error("expected an object") }
        document.usage.askedAll(try objectNode())
        return dictionary
    }

    /// The object's members in document order, each a node; every key counts as known.
    public func members() throws -> [(key: String, value: JSONValue)] {
        let object = try objectNode()
        document.usage.askedAll(object)
        return zip(object.keys, object.values).map { ($0, child($1, key: $0)) }
    }

    /// An array of arrays of finite numbers as one flat array and row starts: row k is
    /// `values[start[k]..<start[k + 1]]` (read without a node per row when the parser
    /// stored the rows flat). An error names the first element that is not a finite number.
    public func numberRows() throws -> (start: [Int], values: [Double]) {
        if case .numberRows(let rows) = node {
            if let k = rows.values.firstIndex(where: { !$0.isFinite }) {
                let row = rows.rowStart.lastIndex(where: { $0 <= k })!
                _ = try self.array()[row].numbers()
            }
            return (rows.rowStart, rows.values)
        }
        var start = [0], values: [Double] = []
        for row in try array() {
            values += try row.numbers()
            start.append(values.count)
        }
        return (start, values)
    }

    /// The members of an object whose values are all numbers, in document order, without a
    /// node per member; every key counts as known. An error names the first member that is
    /// not a finite number.
    public func numberMembers() throws -> (keys: [String], values: [Double]) {
        let object = try objectNode()
        document.usage.askedAll(object)
        var values: [Double] = []
        values.reserveCapacity(object.values.count)
        for (k, value) in object.values.enumerated() {
            guard case .number(let d, _) = value, d.isFinite else {
                _ = try child(value, key: object.keys[k]).number()
                continue   // not reached: number() throws for this member
            }
            values.append(d)
        }
        return (object.keys, values)
    }

    /// The object's keys, sorted; every key counts as known.
    public func keys() throws -> [String] {
        let object = try objectNode()
        document.usage.askedAll(object)
        return object.keys.sorted()
    }

    /// The elements of an array; an error if this is not an array.
    public func array() throws -> [JSONValue] {
        let prefix = path
        switch node {
        case .array(let array):
            return array.elements.enumerated().map {
                JSONValue(node: $0.element, document: document, parentPath: prefix, component: .index($0.offset))
            }
        case .numberRows(let rows):
            return (0..<rows.rowCount).map {
                JSONValue(node: rows.row($0), document: document, parentPath: prefix, component: .index($0))
            }
        case .numbers(let array):
            let offsets = document.elementOffsets(ofArrayAt: array.offset, count: array.values.count)
            return array.values.indices.map {
                JSONValue(node: .number(array.values[$0], offset: offsets[$0]), document: document,
                          parentPath: prefix, component: .index($0))
            }
        default: throw error("expected an array")
        }
    }

    /// The number of elements of an array; an error if this is not an array.
    public func count() throws -> Int {
        switch node {
        case .array(let array): return array.elements.count
        case .numbers(let array): return array.values.count
        case .numberRows(let rows): return rows.rowCount
        default: throw error("expected an array")
        }
    }

    /// A string; an error otherwise.
    public func string() throws -> String {
        guard case .string(let s, _) = node else { throw error("expected a string") }
        return s
    }

    /// A finite number; an error otherwise (booleans are not numbers).
    public func number() throws -> Double {
        guard case .number(let d, _) = node else { throw error("expected a number") }
        guard d.isFinite else { throw error("the number is too large for double precision") }
        return d
    }

    /// A whole number of magnitude below 2^53; an error otherwise.
    public func integer() throws -> Int {
        let d = try number()
        guard d == d.rounded(), abs(d) < 9_007_199_254_740_992 else { throw error("expected a whole number") }
        return Int(d)
    }

    /// A boolean; an error otherwise.
    public func bool() throws -> Bool {
        guard case .bool(let b, _) = node else { throw error("expected true or false") }
        return b
    }

    /// An array of strings.
    public func strings() throws -> [String] { try array().map { try $0.string() } }

    /// An array of finite numbers (read without building a node per element).
    public func numbers() throws -> [Double] {
        if case .numbers(let array) = node {
            if let k = array.values.firstIndex(where: { !$0.isFinite }) { _ = try self.array()[k].number() }
            return array.values
        }
        guard case .array(let array) = node else { throw error("expected an array") }
        var out: [Double] = []
        out.reserveCapacity(array.elements.count)
        for (k, element) in array.elements.enumerated() {
            guard case .number(let d, _) = element, d.isFinite else {
                _ = try JSONValue(node: element, document: document, parentPath: path, component: .index(k)).number()
                continue   // not reached: number() throws for this element
            }
            out.append(d)
        }
        return out
    }

    /// Counts every key under this node as known: for free-form parts of a document (an
    /// expected result, a plan's parameters) that are compared or stored rather than read.
    public func acceptAnyKeys() {
        document.usage.acceptAll(under: node)
    }

    /// Refuses any object key in the document that no reader looked up, naming the first one
    /// (in document order) and suggesting the closest key the reader asked for there. The
    /// key `"comment"` is allowed everywhere, for annotations.
    public func requireKnownKeys() throws {
        try document.usage.requireKnown(node, path: path, document: document)
    }

    private static func isPlainKey(_ key: String) -> Bool {
        !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
        }
    }
}

/// What every node of one document shares: the file, its bytes (for the line and column of
/// an error, found only when one is reported), and the keys looked up.
final class JSONDocument: Sendable {
    let file: String
    let data: Data
    let usage = KeyUsage()

    init(file: String, data: Data) {
        self.file = file
        self.data = data
    }

    /// 1-based line and column (in bytes) of a byte offset.
    func lineAndColumn(_ offset: Int) -> (line: Int, column: Int) {
        data.withUnsafeBytes { raw in
            let end = min(max(offset, 0), raw.count)
            var line = 1, lineStart = 0
            for k in 0..<end where raw[k] == 0x0A {
                line += 1
                lineStart = k + 1
            }
            return (line, end - lineStart + 1)
        }
    }

    /// The byte offsets of the elements of the array of numbers that opens at `offset` (the
    /// parser checked its grammar, so numbers, commas and whitespace alternate).
    func elementOffsets(ofArrayAt offset: Int, count: Int) -> [Int] {
        data.withUnsafeBytes { raw in
            guard offset < raw.count else { return [Int](repeating: offset, count: count) }
            var offsets: [Int] = []
            offsets.reserveCapacity(count)
            var k = offset + 1
            while offsets.count < count, k < raw.count {
                switch raw[k] {
                case 0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","): k += 1
                default:
                    offsets.append(k)
                    while k < raw.count, ![0x20, 0x0A, 0x0D, 0x09, UInt8(ascii: ","), UInt8(ascii: "]")].contains(raw[k]) { k += 1 }
                }
            }
            while offsets.count < count { offsets.append(offset) }
            return offsets
        }
    }
}
