import Combinatorial
import Foundation
import Parallel
import RevenueGuarantee
import Testing

/// The directory holding the built products, found the way swift-argument-parser's test
/// helpers find it: on Linux the test runner is itself a product (`Bundle.main`), on macOS the
/// products sit beside the `.xctest` bundle.
var productsDirectory: URL {
    #if os(macOS)
    for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
        return bundle.bundleURL.deletingLastPathComponent()
    }
    return Bundle.main.bundleURL
    #else
    return Bundle.main.bundleURL
    #endif
}

/// Runs the built `rmsolve` binary (built with the tests: the test target depends on it).
func runRMSolve(_ arguments: [String], standardInput: Data? = nil) throws -> (status: Int32, out: String, err: String)? {
    let binary = productsDirectory.appendingPathComponent("rmsolve").path
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        Issue.record("\(binary) is missing: build it first (scripts/test does)")
        return nil
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    // Read both pipes concurrently: a full stderr pipe must not block the child while we
    // wait for stdout.
    let errorData = Locked(Data())
    let reader = Thread { errorData.withLock { $0 = err.fileHandleForReading.readDataToEndOfFile() } }
    reader.start()
    let o = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    while reader.isExecuting || !reader.isFinished { usleep(1000) }
    return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: errorData.value, as: UTF8.self))
}

@Suite struct CLITests {
    @Test func badInputExitsTwoNamingFileAndPath() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data(#"{"kind": "outcomes", "agents": ["a"], "outcomes": ["x"], "values": [[1, 2]]}"#.utf8)
            .write(to: URL(fileURLWithPath: path))
        guard let r = try runRMSolve(["solve", path, "--format", "json"]) else { return }
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains(path) && r.err.contains("$.values[0]"))
    }

    @Test func jsonAndCSVOutput() throws {
        guard let r = try runRMSolve(["solve", packageRoot + "/instances/static/thesis-3.5.2.json", "--format", "json"]) else { return }
        #expect(r.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
        #expect(object["vcgRevenue"] as? Double == 11)
        #expect((object["allocation"] as? [String: [String]])?["3"] == ["c"])
        guard let c = try runRMSolve(["solve", packageRoot + "/instances/static/figure-1.3.json", "--format", "csv"]) else { return }
        let lines = c.out.split(separator: "\n")
        #expect(lines.count == 4)
        #expect(lines[1] == "1,10.0,8.0,6.0,2.0,4.0")
    }

    /// Auctions too large to enumerate: VCG by CBC alone (thesis §3.5.2 payments 0, 5, 6);
    /// RM by --method lp refuses with exit 2; RM by auto switches to constraint generation
    /// (G = 8, 9, 9 for this "bids" domain, see instances/static/thesis-3.5.2-bids.expected.json).
    @Test func vcgByMIPWhenEnumerationIsTooLarge() throws {
        let file = packageRoot + "/instances/static/thesis-3.5.2-bids.json"
        guard let r = try runRMSolve(["solve", file, "--mechanism", "vcg", "--max-outcomes", "5", "--format", "csv"]) else { return }
        #expect(r.status == 0)
        #expect(r.out.split(separator: "\n").map { $0.split(separator: ",").prefix(3).joined(separator: ",") }
            == ["name,value,vcgPayment", "1,0.0,0.0", "2,6.0,5.0", "3,7.0,6.0"])
        guard let rm = try runRMSolve(["solve", file, "--max-outcomes", "5", "--method", "lp"]) else { return }
        #expect(rm.status == 2 && rm.out.isEmpty)
        guard let cg = try runRMSolve(["solve", file, "--max-outcomes", "5", "--format", "csv"]) else { return }
        #expect(cg.status == 0)
        #expect(cg.out.split(separator: "\n").dropFirst().map { $0.split(separator: ",")[3] } == ["8.0", "9.0", "9.0"])
    }

    /// Constraint generation on an outcome table is a usage error (exit 2) saying it applies
    /// to auctions; the help lists every method and mechanism.
    @Test func constraintGenerationOnOutcomesExitsTwo() throws {
        guard let r = try runRMSolve(["solve", packageRoot + "/instances/static/car-table-3.1.json", "--method", "cg"]) else { return }
        #expect(r.status == 2)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("combinatorial auctions"))
        guard let help = try runRMSolve(["solve", "--help"]) else { return }
        for value in ["mip", "lp", "closed-form", "cg", "auto", "rm", "vcg", "monotone", "bids", "--time-limit", "--jobs", "--format"] {
            #expect(help.out.contains(value), "solve --help does not mention \(value)")
        }
    }

    /// `--format json` prints the JSON encoding of the library's typed result.
    @Test func jsonIsTheTypedResult() throws {
        guard let r = try runRMSolve(["solve", packageRoot + "/instances/static/figure-1.3.json", "--format", "json"]) else { return }
        let decoded = try JSONDecoder().decode(StaticMechanismResult.self, from: Data(r.out.utf8))
        let direct = try runStaticMechanism(try StaticInstance.read(path: packageRoot + "/instances/static/figure-1.3.json"))
        #expect(decoded == direct)
        #expect(r.out == (try direct.jsonText()) + "\n")
    }

    /// A solver stopped by its time limit: exit 3, nothing on standard output.
    @Test func timeLimitExitsThree() throws {
        guard let r = try runRMSolve(["solve", packageRoot + "/instances/static/car-table-3.1.json", "--method", "mip",
                                      "--time-limit", "0.000001"]) else { return }
        #expect(r.status == 3)
        #expect(r.out.isEmpty)
        #expect(r.err.contains("time limit"))
    }

    /// The `check` command itself: every reference instance passes, exit 0.
    @Test func checkCommandPasses() throws {
        guard let r = try runRMSolve(["check", packageRoot + "/instances"]) else { return }
        #expect(r.status == 0, "\(r.out)")
        #expect(!r.out.contains("FAIL"))
        #expect(r.out.contains("PASS"))
    }
}
