import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Reading kind "bandit": the format's example, and one clear error per defect.
struct BanditReadingTests {
    func read(_ text: String) throws -> BanditInstance {
        try BanditInstance(json: JSONValue.parse(data: Data(text.utf8), file: "b.json"))
    }

    /// The example of kind "bandit".
    @Test func specExample() throws {
        let bandit = try read("""
            { "kind": "bandit", "discount": 0.8,
              "arms": [ { "name": "1", "states": ["x","y"], "initial": "x",
                          "rewards": {"x": 1, "y": 0}, "transitions": {"x": {"x": 0.5, "y": 0.5}, "y": {"y": 1}} },
                        { "name": "2", "beta": [2, 3] } ] }
            """)
        #expect(bandit.discount == 0.8 && bandit.arms.map(\.name) == ["1", "2"])
        guard case .chain(let arm) = bandit.arms[0].model else { Issue.record("not a chain"); return }
        #expect(arm.states == ["x", "y"] && arm.rewards == [1, 0] && arm.initial == 0)
        #expect(arm.transitions == [[0.5, 0.5], [0, 1]])
        #expect(bandit.arms[1].model == .beta(try BetaArm(alpha: 2, beta: 3)))
    }

    func expectError(_ text: String, at location: String, containing fragment: String) {
        do {
            _ = try read(text)
            Issue.record("accepted: \(text)")
        } catch let error as InstanceError {
            #expect(error.file == "b.json")
            #expect(error.location == location, "\(error)")
            #expect(error.message.contains(fragment), "\(error)")
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    func arm(_ body: String) -> String {
        #"{"kind": "bandit", "discount": 0.9, "arms": [ {"name": "a", "# + body + "} ] }"
    }

    @Test func defectsAreLocated() {
        let states = #""states": ["x","y"], "initial": "x", "rewards": {"x": 1, "y": 0}, "#
        expectError(arm(states + #""transitions": {"x": {"x": 0.5, "y": 0.4}, "y": {"y": 1}}"#),
                    at: "$.arms[0].transitions.x", containing: "sums to 0.9")
        expectError(arm(states + #""transitions": {"x": {"z": 1}, "y": {"y": 1}}"#),
                    at: "$.arms[0].transitions.x.z", containing: "unknown state")
        expectError(arm(states + #""transitions": {"x": {"x": 1}}"#),
                    at: "$.arms[0].transitions", containing: "no transitions for state \"y\"")
        expectError(arm(states + #""transitions": {"x": {"x": 1.5, "y": -0.5}, "y": {"y": 1}}"#),
                    at: "$.arms[0].transitions.x.x", containing: "outside [0, 1]")
        expectError(arm(#""states": ["x"], "initial": "q", "rewards": {"x": 1}, "transitions": {"x": {"x": 1}}"#),
                    at: "$.arms[0].initial", containing: "unknown state")
        expectError(arm(#""states": ["x", "x"], "initial": "x", "rewards": {"x": 1}, "transitions": {"x": {"x": 1}}"#),
                    at: "$.arms[0].states[1]", containing: "duplicate state")
        expectError(arm(#""states": ["x","y"], "initial": "x", "rewards": {"x": 1}, "transitions": {"x": {"x": 1}, "y": {"y": 1}}"#),
                    at: "$.arms[0].rewards", containing: "no reward for state \"y\"")
        expectError(arm(#""beta": [0, 1]"#), at: "$.arms[0].beta[0]", containing: "positive")
        expectError(arm(#""beta": [1]"#), at: "$.arms[0].beta", containing: "[α, β]")
        expectError(#"{"kind": "bandit", "discount": 1, "arms": [{"name": "a", "beta": [1, 1]}]}"#,
                    at: "$.discount", containing: "strictly between 0 and 1")
        expectError(#"{"kind": "bandit", "discount": 0.5, "arms": [{"name": "a", "beta": [1, 1]}, {"name": "a", "beta": [1, 1]}]}"#,
                    at: "$.arms[1].name", containing: "duplicate arm")
        expectError(#"{"kind": "mdp", "discount": 0.5, "arms": []}"#, at: "$.kind", containing: "bandit")
        expectError(#"{"kind": "bandit", "discount": 0.5, "arms": []}"#, at: "$.arms", containing: "at least one arm")
    }
}
