import Foundation
import Testing

/// The paths distribution through the CLI: `generate` writes the same file with `--out` as to
/// standard output, `bench wdp` reads it, `experiment combinatorial` accepts the name.
@Suite struct PathsCLITests {
    @Test func generateSolveAndExperiment() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("paths-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let file = dir + "/paths.txt"
        guard let g = try runRMSolve(["generate", "combinatorial", "--distribution", "paths", "--goods", "20", "--bids", "40",
                                      "--seed", "5", "--out", file]) else { return }
        #expect(g.status == 0, "\(g.err)")
        guard let again = try runRMSolve(["generate", "combinatorial", "--distribution", "paths", "--goods", "20",
                                          "--bids", "40", "--seed", "5"]) else { return }
        let text = try String(contentsOfFile: file, encoding: .utf8)
        #expect(again.status == 0 && again.out == text)
        #expect(text.contains("\ngoods 20\nbids 40\n"))
        // Bids sharing a dummy good (an index ≥ 20) are one bidder.
        let dummies = Set(text.split(separator: "\n").filter { $0.hasSuffix("#") }.compactMap { line -> Int? in
            line.split(separator: "\t").dropFirst(2).dropLast().compactMap { Int($0) }.first { $0 >= 20 }
        })
        let bidLines = text.split(separator: "\n").filter { $0.hasSuffix("#") }
        #expect(bidLines.count == 40)

        guard let w = try runRMSolve(["bench", "wdp", "--files", file]) else { return }
        #expect(w.status == 0, "\(w.err)")
        let object = try JSONSerialization.jsonObject(with: Data(w.out.utf8)) as! [String: Any]
        #expect(object["goods"] as? Int == 20 && object["bids"] as? Int == 40)
        let singles = bidLines.filter { line in !line.split(separator: "\t").dropFirst(2).dropLast().contains { Int($0)! >= 20 } }.count
        #expect(object["bidders"] as? Int == dummies.count + singles)

        guard let e = try runRMSolve(["experiment", "combinatorial", "--distribution", "paths", "--goods", "6", "--bids", "6",
                                      "--samples", "2", "--seed", "3", "--out", dir + "/exp", "--no-progress"]) else { return }
        #expect(e.status == 0, "\(e.err)")
        let csv = try String(contentsOfFile: dir + "/exp/instances.csv", encoding: .utf8)
        #expect(csv.split(separator: "\n").count == 1 + 2)
        #expect(csv.contains("paths"))
    }
}
