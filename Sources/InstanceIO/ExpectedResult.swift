import Foundation

/// A reference instance's expected result: `NAME.expected.json` beside the instance
/// `NAME.json` (or the CATS auction `NAME.txt`), holding
/// `{"command": [...], "tolerance": 1e-6, "expect": {...}, "source": "..."}`. The command's
/// result must contain `expect` (see ``firstMismatch(in:)``).
///
/// ```swift
/// for path in try ExpectedResult.files(in: "instances") {
///     let expected = try ExpectedResult.read(path: path)
///     let actual: Any = ...   // the result JSON of `expected.command` on `expected.instancePath`
///     if let problem = expected.firstMismatch(in: actual) { print("FAIL", problem) }
/// }
/// ```
public struct ExpectedResult {
    /// The expected-result file.
    public var path: String
    /// The instance it belongs to.
    public var instancePath: String
    /// The command (subcommand and options) whose result is expected, without the instance path.
    public var command: [String]
    /// Relative tolerance of numbers: |actual − expected| ≤ tolerance · max(1, |expected|).
    public var tolerance: Double
    /// The expected part of the result, as Foundation JSON objects.
    public var expect: Any
    /// For an instance that must be refused (`"expectError": {"exit": 2, "contains": "…"}`
    /// instead of `"expect"`): the exit status and a part of the message.
    public var expectError: (exit: Int, contains: String?)? = nil

    /// Reads an expected-result file.
    public static func read(path: String) throws -> ExpectedResult {
        try JSONValue.read(contentsOf: path) { root in
            _ = try root.optional("source")?.string()
            var result = ExpectedResult(path: path, instancePath: instancePath(forExpected: path),
                                        command: try root["command"].strings(),
                                        tolerance: try root.optional("tolerance")?.number() ?? 1e-6,
                                        expect: try root.member("expect").map { value in value.acceptAnyKeys(); return value.raw } ?? NSNull())
            if let refusal = try root.optional("expectError") {
                result.expectError = (Int(try refusal["exit"].number()), try refusal.optional("contains")?.string())
            }
            return result
        }
    }

    /// Every `*.expected.json` under `directory` (recursively), sorted.
    public static func files(in directory: String) throws -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
            throw InstanceError(file: directory, location: "directory", message: "cannot read the directory")
        }
        var out: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".expected.json") { out.append((directory as NSString).appendingPathComponent(relative)) }
        }
        return out.sorted()
    }

    /// The instance of `NAME.expected.json`: `NAME.json`, or the CATS auction `NAME.txt` when
    /// only that exists.
    public static func instancePath(forExpected expectedPath: String) -> String {
        let stem = String(expectedPath.dropLast(".expected.json".count))
        let fm = FileManager.default
        return !fm.fileExists(atPath: stem + ".json") && fm.fileExists(atPath: stem + ".txt") ? stem + ".txt" : stem + ".json"
    }

    /// The first difference between ``expect`` and an actual result, or `nil` when the result
    /// contains it: numbers within ``tolerance``, objects by the expected keys only, arrays of
    /// objects with a `"name"` matched by name, other arrays element by element.
    public func firstMismatch(in actual: Any) -> String? {
        firstJSONMismatch(expected: expect, actual: actual, path: "$", tolerance: tolerance)
    }
}

/// The first difference between an expected JSON subset and an actual JSON value (Foundation
/// objects), or `nil` (see ``ExpectedResult/firstMismatch(in:)``).
public func firstJSONMismatch(expected: Any, actual: Any?, path: String, tolerance: Double) -> String? {
    guard let actual, !(actual is NSNull) || expected is NSNull else {
        return "\(path): missing (expected \(expected))"
    }
    switch expected {
    case is NSNull:
        return actual is NSNull ? nil : "\(path): expected null, got \(actual)"
    case let e as NSNumber:
        guard let a = actual as? NSNumber else { return "\(path): expected \(e), got \(actual)" }
        let (x, y) = (e.doubleValue, a.doubleValue)
        return abs(x - y) <= tolerance * max(1, abs(x)) ? nil : "\(path): expected \(x), got \(y)"
    case let e as String:
        return (actual as? String) == e ? nil : "\(path): expected \"\(e)\", got \(actual)"
    case let e as [String: Any]:
        guard let a = actual as? [String: Any] else { return "\(path): expected an object, got \(actual)" }
        for key in e.keys.sorted() {
            if let m = firstJSONMismatch(expected: e[key]!, actual: a[key], path: "\(path).\(key)", tolerance: tolerance) { return m }
        }
        return nil
    case let e as [Any]:
        guard let a = actual as? [Any] else { return "\(path): expected an array, got \(actual)" }
        let named = e.allSatisfy { ($0 as? [String: Any])?["name"] is String }
        if named {
            for element in e {
                let name = (element as! [String: Any])["name"] as! String
                guard let match = a.first(where: { ($0 as? [String: Any])?["name"] as? String == name }) else {
                    return "\(path): no element named \"\(name)\""
                }
                if let m = firstJSONMismatch(expected: element, actual: match, path: "\(path)[name=\(name)]", tolerance: tolerance) { return m }
            }
            return nil
        }
        guard a.count == e.count else { return "\(path): expected \(e.count) elements, got \(a.count)" }
        for k in e.indices {
            if let m = firstJSONMismatch(expected: e[k], actual: a[k], path: "\(path)[\(k)]", tolerance: tolerance) { return m }
        }
        return nil
    default:
        return "\(path): unsupported expected value \(expected)"
    }
}
