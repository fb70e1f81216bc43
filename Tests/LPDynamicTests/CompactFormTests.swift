import Foundation
import InstanceIO
import LPDynamic
import Testing

/// The compact (index-based row arrays) and named forms of MDP and bandit files read to the
/// same model; hand-written compact files mean what the format says; bad compact files are
/// refused with the place named.
struct CompactFormTests {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func write(_ data: Data) throws -> String { try temporaryFile(String(decoding: data, as: UTF8.self)) }

    func expectSameModel(_ a: MDP, _ b: MDP) {
        #expect(a.stateNames == b.stateNames && a.actionNames == b.actionNames)
        #expect(a.discount == b.discount && a.initialState == b.initialState)
        #expect(a.transitionStart == b.transitionStart && a.successors == b.successors)
        #expect(a.probabilities == b.probabilities && a.transitionRewards == b.transitionRewards)
    }

    @Test(arguments: [UInt64(1), 2, 3])
    func randomMDPReadsTheSameInBothForms(seed: UInt64) throws {
        let mdp = try MDP.random(states: 200, actions: 3, successors: 4, discount: 0.95, seed: seed, rewardRange: -1...1)
        let instance = MDPInstance(name: "r", mdp: mdp)
        let named = try MDPInstance.read(file: write(instance.jsonData(form: .named)))
        let compact = try MDPInstance.read(file: write(instance.jsonData(form: .compact)))
        expectSameModel(named.mdp, mdp)
        expectSameModel(compact.mdp, mdp)
    }

    @Test func referenceMDPsRoundTripThroughTheCompactForm() throws {
        for file in ["figure-4.2", "forest"] {
            let original = try MDPInstance.read(file: Self.root.appendingPathComponent("instances/dynamic/\(file).json").path)
            let compact = try MDPInstance.read(file: write(original.jsonData(form: .compact)))
            expectSameModel(compact.mdp, original.mdp)
            #expect(compact.horizon == original.horizon && compact.name == original.name)
        }
    }

    @Test func referenceBanditsRoundTripThroughBothForms() throws {
        let directory = Self.root.appendingPathComponent("instances/bandit")
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".json") && !$0.hasSuffix(".expected.json") }
        #expect(files.count >= 5)
        for file in files {
            let original = try BanditInstance.read(from: directory.appendingPathComponent(file).path)
            for form in InstanceForm.allCases {
                #expect(try BanditInstance.read(from: write(original.jsonData(form: form))) == original, "\(file) \(form)")
            }
        }
    }

    @Test(arguments: [nil, 3] as [Int?])
    func randomBanditsReadTheSameInBothForms(successors: Int?) throws {
        let arms = try (0..<2).map { BanditArm(name: "a\($0)", model: .chain(try FiniteArm.random(states: 40, successors: successors, seed: UInt64($0)))) }
        let bandit = try BanditInstance(name: "b", discount: 0.8, arms: arms)
        let compactText = String(decoding: bandit.jsonData(form: .compact), as: UTF8.self)
        #expect(compactText.contains("\"next\"") == (successors != nil))
        for form in InstanceForm.allCases {
            #expect(try BanditInstance.read(from: write(bandit.jsonData(form: form))) == bandit)
        }
    }

    /// A hand-written compact MDP and its named twin (the format's meaning, not the writer's).
    @Test func handWrittenCompactMDPMeansTheNamedOne() throws {
        let compact = try MDPInstance.read(file: temporaryFile("""
            {"kind": "mdp", "discount": 0.5, "states": 2, "actions": ["go", "stay"], "initial": 1,
             "next": [[1, 0], [0], [], [1]],
             "probability": [[0.25, 0.75], [1], [], [1]],
             "reward": [[2, 0], [1], [], [-1]]}
            """))
        let named = try MDPInstance.read(file: temporaryFile("""
            {"kind": "mdp", "discount": 0.5, "states": ["s0", "s1"], "actions": ["go", "stay"], "initial": "s1",
             "transitions": [
               {"state": "s0", "action": "go", "next": "s0", "probability": 0.75},
               {"state": "s0", "action": "go", "next": "s1", "probability": 0.25, "reward": 2},
               {"state": "s0", "action": "stay", "next": "s0", "probability": 1, "reward": 1},
               {"state": "s1", "action": "stay", "next": "s1", "probability": 1, "reward": -1}]}
            """))
        expectSameModel(compact.mdp, named.mdp)
        let dense = try MDPInstance.read(file: temporaryFile("""
            {"kind": "mdp", "discount": 0.5, "states": 2, "actions": ["go", "stay"], "initial": "s1",
             "probability": [[0.75, 0.25], [1, 0], [], [0, 1]],
             "reward": [[0, 2], [1, 0], [], [0, -1]]}
            """))
        expectSameModel(dense.mdp, named.mdp)
    }

    @Test func handWrittenCompactArmMeansTheNamedOne() throws {
        let named = try BanditInstance.read(from: Self.root.appendingPathComponent("instances/bandit/four-state.json").path)
        let compact = try BanditInstance.read(from: temporaryFile("""
            { "kind": "bandit", "name": "four-state", "discount": 0.75,
              "arms": [ { "name": "arm", "states": ["1", "2", "3", "4"], "initial": 0,
                          "rewards": [16, 19, 30, 4],
                          "next": [[0, 2, 3], [0, 2, 3], [0, 1, 3], [1, 3]],
                          "transitions": [[0.1, 0.8, 0.1], [0.5, 0.1, 0.4], [0.2, 0.6, 0.2], [0.8, 0.2]] } ] }
            """))
        #expect(compact == named)
    }

    func readError(_ text: String) -> InstanceError? {
        do { _ = try MDPInstance.read(file: temporaryFile(text)); return nil } catch let e as InstanceError { return e } catch { return nil }
    }

    @Test func badCompactFilesNameThePlace() {
        let head = #"{"kind": "mdp", "discount": 0.5, "states": 2, "actions": ["a"], "#
        let cases: [(String, String, String)] = [
            (head + #""probability": [[1]]}"#, "$.probability", "expected 2 rows"),
            (head + #""next": [[1], [2]], "probability": [[1], [1]]}"#, "$.next[1][0]", "state index"),
            (head + #""next": [[1], [0, 1]], "probability": [[1], [0.5, 0.6]]}"#, "$.probability[1]", "sum to 1.1"),
            (head + #""next": [[1], [1]], "probability": [[1], [1.5]]}"#, "$.probability[1][0]", "not in [0, 1]"),
            (head + #""next": [[1, 1], [0]], "probability": [[0.5, 0.5], [1]]}"#, "$.next[0][1]", "repeated successor"),
            (head + #""probability": [[1, 0], [0, 1]], "rewards": [[1, 0], [0, 1]]}"#, "$", "unknown key \"rewards\""),
            (head + #""probability": [[1], [0, 1]]}"#, "$.probability[0]", "dense row needs 2"),
            (head + #""probability": [[0, 1], [0, 1]], "transitions": []}"#, "$.transitions", "not both"),
        ]
        for (text, location, fragment) in cases {
            let e = readError(text)
            #expect(e?.location == location, "\(text): \(String(describing: e))")
            #expect(e?.message.contains(fragment) == true, "\(text): \(String(describing: e))")
            #expect(e?.line != nil, "\(text)")
        }
    }
}
