import ArgumentParser
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee

/// `rmsolve check DIR`: the regression suite of reference instances.
///
/// Every `NAME.expected.json` under DIR (recursively) names its instance `NAME.json` (or the
/// CATS auction `NAME.txt`) (same
/// directory) and holds `{"command": [...], "tolerance": 1e-6, "expect": {...}}`. The
/// command's arguments plus the instance path are parsed by ``RMSolve`` and the subcommand
/// (which must conform to ``ResultProducing``) computes its result JSON in-process. A file
/// may hold `"expectError": {"exit": 2, "contains": "…"}` instead of `"expect"`: the instance
/// must then be refused with that exit status and a message containing that text.
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-solve every reference instance under DIR and compare with its expected result.",
        discussion: """
            One line per instance (PASS or FAIL, with the first mismatch); exit status 1 when \
            any instance fails. Numbers are compared within the file's "tolerance" (relative to \
            max(1, |expected|)); objects by the expected keys; arrays of objects with "name" are \
            matched by name.
            """)

    @Argument(help: "A directory of instances (searched recursively).") var directory: String

    func run() throws {
        let files = try expectedFiles(in: directory)
        guard !files.isEmpty else {
            printError("error: no *.expected.json files under \(directory)")
            throw ExitCode(2)
        }
        var failures = 0
        for expectedPath in files {
            let verdict = checkInstance(expectedPath: expectedPath)
            let name = instancePath(forExpected: expectedPath)
            if let problem = verdict {
                failures += 1
                print("FAIL \(name): \(problem)")
            } else {
                print("PASS \(name)")
            }
        }
        print("\(files.count - failures) of \(files.count) instances pass")
        if failures > 0 { throw ExitCode(1) }
    }
}

/// Every `*.expected.json` under `directory`, sorted.
func expectedFiles(in directory: String) throws -> [String] {
    guard let enumerator = FileManager.default.enumerator(atPath: directory) else {
        throw InstanceError(file: directory, location: "directory", message: "cannot read the directory")
    }
    var out: [String] = []
    while let relative = enumerator.nextObject() as? String {
        if relative.hasSuffix(".expected.json") { out.append((directory as NSString).appendingPathComponent(relative)) }
    }
    return out.sorted()
}

/// Checks one instance; returns `nil` when it passes, else the first mismatch or error.
func checkInstance(expectedPath: String) -> String? {
    do {
        let expected = try JSONValue.parse(contentsOf: expectedPath)
        let command = try expected["command"].strings()
        let tolerance = try expected.optional("tolerance")?.number() ?? 1e-6
        let expect = try expected.optional("expect") ?? expected["expectError"]
        let instancePath = instancePath(forExpected: expectedPath)
        let parsed = try RMSolve.parseAsRoot(command + [instancePath])
        guard let producer = parsed as? ResultProducing else {
            return "command \(command.first ?? "") cannot be checked (it does not produce a result JSON)"
        }
        if let refusal = try expected.optional("expectError") {
            // A reference instance that must be refused: the error's exit status and a part
            // of its message are checked.
            let exit = try refusal["exit"].number()
            let fragment = try refusal.optional("contains")?.string()
            do {
                _ = try producer.resultJSON()
                return "expected exit \(Int(exit)), but the command succeeded"
            } catch {
                let (status, message) = exitStatus(for: error)
                if Double(status) != exit { return "expected exit \(Int(exit)), got exit \(status): \(message)" }
                if let fragment, !message.contains(fragment) { return "expected an error containing \"\(fragment)\", got: \(message)" }
                return nil
            }
        }
        let actual = try producer.resultJSON()
        return firstMismatch(expected: expect.raw, actual: actual, path: "$", tolerance: tolerance)
    } catch {
        if error is InstanceError || error is SolverError || error is RevenueGuaranteeError { return "error: \(error)" }
        return "error: \(RMSolve.message(for: error))"
    }
}

/// The exit status and message rmsolve gives an error (the mapping of `reportingErrors`).
func exitStatus(for error: Error) -> (Int, String) {
    switch error {
    case let e as InstanceError: return (2, "\(e)")
    case let e as OutputError: return (2, "\(e)")
    case let e as SolverError:
        if case .file = e { return (2, "\(e)") }
        return (3, "\(e)")
    default: return (1, "\(error)")
    }
}

/// The first difference between an expected JSON subset and an actual result, or `nil`.
func firstMismatch(expected: Any, actual: Any?, path: String, tolerance: Double) -> String? {
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
            if let m = firstMismatch(expected: e[key]!, actual: a[key], path: "\(path).\(key)", tolerance: tolerance) { return m }
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
                if let m = firstMismatch(expected: element, actual: match, path: "\(path)[name=\(name)]", tolerance: tolerance) { return m }
            }
            return nil
        }
        guard a.count == e.count else { return "\(path): expected \(e.count) elements, got \(a.count)" }
        for k in e.indices {
            if let m = firstMismatch(expected: e[k], actual: a[k], path: "\(path)[\(k)]", tolerance: tolerance) { return m }
        }
        return nil
    default:
        return "\(path): unsupported expected value \(expected)"
    }
}

/// The instance of `NAME.expected.json`: `NAME.json`, or the CATS auction `NAME.txt` when only
/// that exists.
func instancePath(forExpected expectedPath: String) -> String {
    let stem = String(expectedPath.dropLast(".expected.json".count))
    let fm = FileManager.default
    return !fm.fileExists(atPath: stem + ".json") && fm.fileExists(atPath: stem + ".txt") ? stem + ".txt" : stem + ".json"
}
