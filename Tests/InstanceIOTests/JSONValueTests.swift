import Foundation
import InstanceIO
import Testing

struct JSONValueTests {
    func parse(_ text: String) throws -> JSONValue {
        try JSONValue.parse(data: Data(text.utf8), file: "t.json")
    }

    @Test func pathsNameTheOffendingNode() throws {
        let root = try parse(#"{"agents": ["a", "b"], "values": [[1, 2], [3, "x"]]}"#)
        #expect(try root["agents"].strings() == ["a", "b"])
        let row = try root["values"].array()[1].array()
        #expect(throws: InstanceError(file: "t.json", location: "$.values[1][1]",
                                      message: "expected a number")) { try row[1].number() }
        #expect(throws: InstanceError(file: "t.json", location: "$",
                                      message: "missing key \"kind\"")) { try root["kind"] }
    }

    @Test func booleansAreNotNumbers() throws {
        let root = try parse(#"{"t": true, "one": 1}"#)
        #expect(throws: InstanceError.self) { try root["t"].number() }
        #expect(try root["t"].bool() == true)
        #expect(try root["one"].number() == 1)
        #expect(throws: InstanceError.self) { try root["one"].bool() }
    }

    @Test func syntaxErrorsGiveLineAndColumn() {
        do {
            _ = try parse("{\"a\": [1,\n 2,, 3]}")
            Issue.record("expected an error")
        } catch let error as InstanceError {
            #expect(error.location == "JSON syntax")
            #expect(error.message.contains("line 2"))
        } catch { Issue.record("wrong error \(error)") }
    }

    @Test func duplicateNamesAreRejected() throws {
        let root = try parse(#"{"agents": ["a", "b", "a"]}"#)
        let node = try root["agents"]
        #expect(throws: InstanceError(file: "t.json", location: "$.agents[2]",
                                      message: "duplicate agent name \"a\" (first at index 0)")) {
            try uniqueNames(try node.strings(), at: node, what: "agent")
        }
    }

    @Test func seededStreamsAreReproducibleAndDistinct() {
        var a = SeededGenerator(seed: 9, stream: 1), b = SeededGenerator(seed: 9, stream: 1)
        var c = SeededGenerator(seed: 9, stream: 2)
        let x = (0..<5).map { _ in a.next() }, y = (0..<5).map { _ in b.next() }
        #expect(x == y)
        #expect(x != (0..<5).map { _ in c.next() })
        var g = SeededGenerator(seed: 1)
        let draws = (0..<20000).map { _ in g.nextGaussian() }
        let mean = draws.reduce(0, +) / 20000
        let variance = draws.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / 20000
        #expect(abs(mean) < 0.03 && abs(variance - 1) < 0.05)
    }
}
