import Foundation
import InstanceIO
import Testing

/// The strict reader: what RFC 8259 refuses is refused, numbers are correctly rounded, and
/// keys no reader asked for are reported.
struct StrictJSONTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONValue.parse(data: Data(text.utf8), file: "t.json")
    }

    func syntaxError(_ text: String) -> InstanceError? {
        do { _ = try parse(text); return nil } catch let e as InstanceError { return e } catch { return nil }
    }

    @Test(arguments: [
        (#"{"a": [1, 2,]}"#, "trailing comma"),
        (#"{"a": 1,}"#, "trailing comma"),
        (#"{"a": 1, "a": 2}"#, "duplicate key \"a\""),
        (#"{"a": 0x1p3}"#, "expected ',' or '}'"),
        (#"{"a": 01}"#, "leading zeros"),
        (#"{"a": NaN}"#, "expected a value"),
        (#"{"a": 1.}"#, "after the decimal point"),
        (#"{"a": 1e}"#, "in the exponent"),
        ("{\"a\": \"x\u{0}y\"}", "NUL byte"),
        (#"{"a": "\u0000"}"#, "NUL character"),
        (#"{"a": 1} 2"#, "after the JSON value"),
        (#"{"a": 1 // note"#, "expected ',' or '}'"),
        (#"{'a': 1}"#, "double quotes"),
        (#"{"a": "\ud800"}"#, "surrogate"),
    ])
    func refusedWithAMessage(text: String, fragment: String) {
        let e = syntaxError(text)
        #expect(e?.location == "JSON syntax", "\(text)")
        #expect(e?.message.contains(fragment) == true, "\(text): \(String(describing: e))")
    }

    @Test func syntaxErrorsNameLineAndColumn() {
        let e = syntaxError("{\n  \"a\": [1,\n        2,, 3]}")
        #expect(e?.line == 3 && e?.column == 11, "\(String(describing: e))")
        #expect(e?.description.hasPrefix("t.json:3:11: JSON syntax: malformed JSON at line 3, column 11") == true)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let e = syntaxError(String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000))
        #expect(e?.message.contains("nested more than") == true)
    }

    /// Decimal texts whose correctly rounded doubles are known independently: Swift's own
    /// `Double(String)` (correctly rounded) and exact binary values.
    @Test func numbersAreCorrectlyRounded() throws {
        let texts = ["0.1", "0.30000000000000004", "2.2250738585072014e-308", "1.7976931348623157e308",
                     "9007199254740993", "123456789012345678901234567890", "1e-9", "1e12", "5e-324",
                     "0.333333333333333314829616256247390992939472198486328125",
                     "7.000001", "5.9999999999", "-0.0", "1234567.8901234567", "4.35679e-06"]
        for text in texts {
            let value = try parse("[\(text)]").numbers()[0]
            #expect(value.bitPattern == Double(text)!.bitPattern, "\(text)")
        }
        // 9007199254740993 = 2^53 + 1 is halfway: ties to even gives 2^53.
        #expect(try parse("[9007199254740993]").numbers()[0] == 9_007_199_254_740_992)
    }

    @Test func overflowingNumbersAreRefusedWhereRead() {
        #expect(throws: InstanceError(file: "t.json", location: "$.v[1]", message: "the number is too large for double precision")) {
            try parse(#"{"v": [1, 1e400]}"#)["v"].numbers()
        }
    }

    @Test func unknownKeysAreRefusedWithASuggestion() throws {
        let root = try parse("{\"kind\": \"outcomes\",\n \"domian\": {\"upper\": 3}, \"comment\": \"ok\"}")
        _ = try root["kind"].string()
        _ = try root.optional("domain")
        do {
            try root.requireKnownKeys()
            Issue.record("expected an error")
        } catch let e as InstanceError {
            #expect(e.location == "$")
            #expect(e.message == "unknown key \"domian\" (did you mean \"domain\"?)")
            #expect(e.line == 2 && e.column == 2)
        }
    }

    @Test func nestedUnknownKeysAndListedObjects() throws {
        let root = try parse(#"{"a": {"x": 1, "y": 2}, "b": [{"p": 1, "q": 2}], "m": {"s1": 1, "s2": 2}}"#)
        _ = try root["a"]["x"].number()
        _ = try root["m"].keys()
        for element in try root["b"].array() { _ = try element["p"].number() }
        #expect(throws: InstanceError(file: "t.json", location: "$.a", message: "unknown key \"y\" (known here: \"x\")")) {
            try root.requireKnownKeys()
        }
    }

    @Test func readRunsTheReaderThenChecksKeys() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("strict-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("x.json").path
        try Data(#"{"name": "x", "nmae": "y"}"#.utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: InstanceError(file: path, location: "$", message: "unknown key \"nmae\" (did you mean \"name\"?)")) {
            try JSONValue.read(contentsOf: path) { try $0["name"].string() }
        }
        #expect(throws: InstanceError(file: dir.path, location: "file", message: "is a directory, not a file")) {
            try JSONValue.parse(contentsOf: dir.path)
        }
    }

    @Test func foundationRoundTrip() throws {
        let root = try parse(#"{"a": [1, "x", true, null, {"b": 2.5}]}"#)
        let raw = root.raw as! [String: Any]
        let a = raw["a"] as! [Any]
        #expect((a[0] as! NSNumber).doubleValue == 1 && a[1] as! String == "x" && a[3] is NSNull)
        #expect(((a[4] as! [String: Any])["b"] as! NSNumber).doubleValue == 2.5)
        let wrapped = JSONValue(raw: ["k": [1, 2]], file: "mem")
        #expect(try wrapped["k"].numbers() == [1, 2])
    }
}
