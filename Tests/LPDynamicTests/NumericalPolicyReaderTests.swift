import Foundation
import InstanceIO
import LPDynamic
import Testing

/// Rewards, values and costs beyond the numerical policy (|x| > 1e12, or 0 < |x| < 1e-9) are
/// refused at the door naming their place, and unknown keys are refused, in every dynamic kind.
struct NumericalPolicyReaderTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `file` with its first occurrence of `old` replaced by `new`, written to a temporary file.
    func edited(_ file: String, _ old: String, _ new: String) throws -> String {
        let text = try String(contentsOfFile: Self.root + "/" + file, encoding: .utf8)
        let range = try #require(text.range(of: old), "\(old) not in \(file)")
        let path = NSTemporaryDirectory() + "policy-\(UUID().uuidString).json"
        try text.replacingCharacters(in: range, with: new).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func error(_ read: () throws -> Void) -> InstanceError? {
        do { try read(); return nil } catch let e as InstanceError { return e } catch { return nil }
    }

    @Test func hugeRewardsValuesAndCostsAreRefused() throws {
        let cases: [(String, String, String, (String) throws -> Void)] = [
            ("instances/dynamic/car-gamma-0.9.json", "\"reward\": 25", "\"reward\": 1e308", { _ = try DynamicInstance.read(file: $0) }),
            ("instances/dynamic/figure-4.2.json", "\"reward\": 2", "\"reward\": 2e12", { _ = try MDPInstance.read(file: $0) }),
            ("instances/metadeliberation/example-2b.json", "\"cost\": 1", "\"cost\": 1e-12", { _ = try MetadeliberationInstance.read(from: $0) }),
        ]
        for (file, old, new, read) in cases {
            let path = try edited(file, old, new)
            defer { try? FileManager.default.removeItem(atPath: path) }
            let e = error { try read(path) }
            #expect(e?.message.contains("rmsolve accepts") == true, "\(file): \(String(describing: e))")
            #expect(e?.line != nil, "\(file): no line")
        }
    }

    @Test func unknownKeysAreRefused() throws {
        let cases: [(String, (String) throws -> Void)] = [
            ("instances/dynamic/car-gamma-0.9.json", { _ = try DynamicInstance.read(file: $0) }),
            ("instances/bandit/four-state.json", { _ = try BanditInstance.read(from: $0) }),
            ("instances/metadeliberation/example-2b.json", { _ = try MetadeliberationInstance.read(from: $0) }),
        ]
        for (file, read) in cases {
            let path = try edited(file, "\"discount\"", "\"dicsount\": 0.5, \"discount\"")
            defer { try? FileManager.default.removeItem(atPath: path) }
            let e = error { try read(path) }
            #expect(e?.message == "unknown key \"dicsount\" (did you mean \"discount\"?)", "\(file): \(String(describing: e))")
        }
    }
}
