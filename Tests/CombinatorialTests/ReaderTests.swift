import Combinatorial
import Foundation
import InstanceIO
import Testing

/// Parses an in-memory instance.
func read(_ text: String) throws -> StaticInstance {
    try StaticInstance.read(json: try JSONValue.parse(data: Data(text.utf8), file: "test.json"))
}

/// The InstanceError thrown by reading `text` (nil when it reads fine).
func readError(_ text: String) -> InstanceError? {
    do { _ = try read(text); return nil } catch let e as InstanceError { return e } catch { return nil }
}

let car = """
{ "kind": "outcomes", "agents": ["ann","bob"], "outcomes": ["a","b"],
  "values": [[10,0],[0,8]], "domain": { "lower": 0, "upper": [[100,0],[0,100]] } }
"""

@Suite struct ReaderTests {
    @Test func readsAnOutcomeTable() throws {
        guard case .outcomes(let p) = try read(car) else { Issue.record("not an outcome table"); return }
        #expect(p.agents == ["ann", "bob"])
        #expect(p.reportedValues == [[10, 0], [0, 8]])
        #expect(p.typeSpaces[0].upper == [100, 0])
        #expect(p.typeSpaces[1].contains([0, 100]))
        #expect(!p.typeSpaces[1].contains([1, 5]))
    }

    @Test func badInputNamesTheFileAndPath() {
        let cases: [(String, String, String)] = [
            ("{ \"kind\": \"outcomes\", ", "JSON syntax", "malformed"),
            (car.replacingOccurrences(of: "\"bob\"]", with: "\"ann\"]"), "$.agents[1]", "duplicate"),
            (car.replacingOccurrences(of: "[0,8]]", with: "[0,8,1]]"), "$.values[1]", "expected 2 numbers"),
            (car.replacingOccurrences(of: "[[10,0],[0,8]]", with: "[[10,0]]"), "$.values", "expected 2 rows"),
            (car.replacingOccurrences(of: "[[10,0],[0,8]]", with: "[[10,0],[0,800]]"), "$.values[1]", "outside its domain"),
            (car.replacingOccurrences(of: "[\"ann\",\"bob\"]", with: "[]"), "$.agents", "at least one"),
            (car.replacingOccurrences(of: "\"lower\": 0", with: "\"lower\": [[0,1],[0,0]]"), "$.domain", "empty domain"),
        ]
        for (text, path, words) in cases {
            let e = readError(text)
            #expect(e != nil, "expected an error for \(words)")
            #expect(e?.file == "test.json")
            #expect(e?.location == path, "\(words): \(String(describing: e))")
            #expect(e?.message.contains(words) == true, "\(String(describing: e))")
        }
    }

    @Test func emptyPolytopeFromConstraintsIsRejected() {
        let text = car.replacingOccurrences(of: "\"upper\": [[100,0],[0,100]] }", with: """
            "upper": [[100,0],[0,100]], "constraints": [
              {"agent": "ann", "terms": {"a": 1}, "sense": ">=", "rhs": 50},
              {"agent": "ann", "terms": {"a": 1}, "sense": "<=", "rhs": 40} ] }
            """)
        let e = readError(text)
        #expect(e?.location == "$.domain")
        #expect(e?.message.contains("empty domain") == true)
        let unknownOutcome = readError(text.replacingOccurrences(of: "{\"a\": 1}, \"sense\": \">=\"", with: "{\"zz\": 1}, \"sense\": \">=\""))
        #expect(unknownOutcome?.location == "$.domain.constraints[0].terms")
        let unknownAgent = readError(text.replacingOccurrences(of: "\"agent\": \"ann\", \"terms\": {\"a\": 1}, \"sense\": \"<=\"", with: "\"agent\": \"zed\", \"terms\": {\"a\": 1}, \"sense\": \"<=\""))
        #expect(unknownAgent?.location == "$.domain.constraints[1].agent")
    }

    @Test func auctionErrors() {
        let auction = """
        { "kind": "combinatorial", "goods": ["c","d"],
          "bidders": [ {"name": "1", "bids": [ {"bundle": ["c"], "value": 4} ]},
                       {"name": "2", "bids": [ {"bundle": ["d"], "value": 3} ]} ],
          "domain": { "type": "bids", "upper": 10 } }
        """
        #expect(readError(auction) == nil)
        let unknown = readError(auction.replacingOccurrences(of: "[\"d\"]", with: "[\"e\"]"))
        #expect(unknown?.location == "$.bidders[1].bids[0].bundle[0]")
        #expect(unknown?.message.contains("unknown good") == true)
        let outside = readError(auction.replacingOccurrences(of: "\"value\": 4", with: "\"value\": 40"))
        #expect(outside?.location == "$.bidders[0].bids[0].value")
        let duplicate = readError(auction.replacingOccurrences(of: "\"name\": \"2\"", with: "\"name\": \"1\""))
        #expect(duplicate?.location == "$.bidders[1].name")
        let kind = readError(auction.replacingOccurrences(of: "\"bids\", \"upper\"", with: "\"cubes\", \"upper\""))
        #expect(kind?.location == "$.domain.type")
    }

    /// A key no reader asks for is refused (a typo would otherwise be silently ignored); a
    /// "comment" is allowed anywhere.
    @Test func unknownKeysAreRefused() {
        let typo = readError(car.replacingOccurrences(of: "\"upper\":", with: "\"uper\":"))
        #expect(typo?.location == "$.domain")
        #expect(typo?.message.contains("uper") == true)
        #expect(readError(car.replacingOccurrences(of: "\"kind\"", with: "\"comment\": \"Table 3.1\", \"kind\"")) == nil)
    }
}
