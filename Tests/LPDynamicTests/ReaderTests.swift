import Foundation
import Testing
import InstanceIO
import LPDynamic

/// Reading kind "mdp" and "dynamic" files: the reference instances load, and every kind of
/// bad input is one InstanceError naming the file and the JSON path.
@Suite struct ReaderTests {
    static let goodMDP = """
    { "kind": "mdp", "discount": 0.9, "states": ["s_b","s_c","s_d"], "actions": ["a1","a2"], "initial": "s_b",
      "transitions": [
        {"state": "s_b", "action": "a1", "next": "s_c", "probability": 0.5, "reward": 2},
        {"state": "s_b", "action": "a1", "next": "s_d", "probability": 0.5, "reward": 2},
        {"state": "s_b", "action": "a2", "next": "s_d", "probability": 1, "reward": 1},
        {"state": "s_c", "action": "a1", "next": "s_c", "probability": 1, "reward": 2},
        {"state": "s_d", "action": "a1", "next": "s_d", "probability": 1, "reward": 3} ] }
    """

    @Test func readsAnMDPFile() throws {
        let instance = try MDPInstance.read(file: try temporaryFile(Self.goodMDP))
        #expect(instance.mdp.stateCount == 3 && instance.mdp.actionCount == 2)
        #expect(!instance.mdp.isAvailable(1, 1))   // a2 missing in s_c: unavailable
        let v = try instance.mdp.optimalValues().values
        #expect(close(v[0], 28) && close(v[1], 20) && close(v[2], 30))
    }

    /// (replacement in the good file, expected JSON path in the message)
    static let badMDPs: [(String, String, String)] = [
        ("\"next\": \"s_d\", \"probability\": 0.5", "\"next\": \"s_d\", \"probability\": 0.4", "$.transitions[0]"),
        ("\"next\": \"s_c\"", "\"next\": \"nowhere\"", "$.transitions[0].next"),
        ("\"action\": \"a2\"", "\"action\": \"fly\"", "$.transitions[2].action"),
        ("\"discount\": 0.9", "\"discount\": 1", "$.discount"),
        ("\"discount\": 0.9", "\"discount\": 0.9, \"horizon\": 0", "$.horizon"),
        ("\"probability\": 1, \"reward\": 1", "\"probability\": -1, \"reward\": 1", "$.transitions[2].probability"),
        ("\"kind\": \"mdp\"", "\"kind\": \"dynamic\"", "$.kind"),
        ("[\"s_b\",\"s_c\",\"s_d\"]", "[\"s_b\",\"s_c\",\"s_b\"]", "$.states[2]"),
        ("\"initial\": \"s_b\"", "\"initial\": \"s_x\"", "$.initial"),
        ("\"reward\": 3}", "\"reward\": \"three\"}", "$.transitions[4].reward"),
    ]

    @Test(arguments: badMDPs.indices)
    func rejectsBadMDP(index: Int) throws {
        let (old, new, location) = Self.badMDPs[index]
        #expect(Self.goodMDP.contains(old))
        let path = try temporaryFile(Self.goodMDP.replacingOccurrences(of: old, with: new))
        do {
            _ = try MDPInstance.read(file: path)
            Issue.record("accepted bad input \(index)")
        } catch let error as InstanceError {
            #expect(error.file == path)
            #expect(error.location == location, "\(error)")
        }
    }

    @Test func rejectsRepeatedTransitionAndMalformedJSON() throws {
        let repeated = Self.goodMDP.replacingOccurrences(
            of: "\"next\": \"s_d\", \"probability\": 1, \"reward\": 3}",
            with: "\"next\": \"s_d\", \"probability\": 1, \"reward\": 3}, {\"state\": \"s_d\", \"action\": \"a1\", \"next\": \"s_d\", \"probability\": 0, \"reward\": 3}")
        #expect(throws: InstanceError.self) { try MDPInstance.read(file: try temporaryFile(repeated)) }
        #expect(throws: InstanceError.self) { try MDPInstance.read(file: try temporaryFile("{ \"kind\": ")) }
    }

    static let goodDynamic = """
    { "kind": "dynamic", "discount": 0.9, "actions": ["a1", "a2"],
      "agents": [ { "name": "1", "states": ["x"], "initial": "x",
                    "transitions": [ {"state": "x", "action": "a1", "next": "x", "probability": 1, "reward": 1},
                                     {"state": "x", "action": "a2", "next": "x", "probability": 1, "reward": 0} ] },
                  { "name": "2", "states": ["y"], "initial": "y",
                    "transitions": [ {"state": "y", "action": "a1", "next": "y", "probability": 1, "reward": 0},
                                     {"state": "y", "action": "a2", "next": "y", "probability": 1, "reward": 1} ] } ] }
    """

    @Test func readsADynamicFileAndRejectsBadOnes() throws {
        let instance = try DynamicInstance.read(file: try temporaryFile(Self.goodDynamic))
        #expect(instance.agents.map(\.name) == ["1", "2"] && instance.horizon == nil)
        let cases: [(String, String, String)] = [
            ("\"name\": \"2\"", "\"name\": \"1\"", "$.agents[1].name"),
            ("\"next\": \"y\", \"probability\": 1, \"reward\": 1", "\"next\": \"y\", \"probability\": 0.5, \"reward\": 1", "$.agents[1].transitions[1]"),
            ("\"initial\": \"y\"", "\"initial\": \"x\"", "$.agents[1].initial"),
            ("\"discount\": 0.9", "\"discount\": 1.5, \"horizon\": 2", "$.discount"),
        ]
        for (old, new, location) in cases {
            #expect(Self.goodDynamic.contains(old))
            let path = try temporaryFile(Self.goodDynamic.replacingOccurrences(of: old, with: new))
            do {
                _ = try DynamicInstance.read(file: path)
                Issue.record("accepted \(new)")
            } catch let error as InstanceError {
                #expect(error.location == location, "\(error)")
            }
        }
    }

    @Test func referenceInstancesLoad() throws {
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("../../instances/dynamic").standardized
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }
        #expect(files.count >= 6)
        for file in files {
            let path = directory.appendingPathComponent(file).path
            switch try instanceKind(file: path) {
            case "mdp": _ = try MDPInstance.read(file: path)
            default: _ = try DynamicInstance.read(file: path)
            }
        }
    }
}
