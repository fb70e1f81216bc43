import Foundation
import Testing

/// `solve` on CATS files, `check` on the combinatorial reference instances, and a tiny
/// `experiment combinatorial` run (the built binary, as a user runs it).
@Suite struct CombinatorialCLITests {
    @Test func checkCombinatorialInstances() throws {
        guard let r = try runRMSolve(["check", packageRoot + "/instances/combinatorial"]) else { return }
        #expect(r.status == 0, "\(r.out)\(r.err)")
    }

    /// The thesis auction as a CATS file: G = (8, 9, 9) (thesis Sec. 3.5.2) by cg and by the
    /// enumeration default alike.
    @Test func solveCATSFile() throws {
        let path = packageRoot + "/instances/combinatorial/thesis-3.5.2-monotone-cg.txt"
        for method in ["cg", "lp"] {
            guard let r = try runRMSolve(["solve", path, "--domain", "monotone", "--method", method, "--format", "json"]) else { return }
            #expect(r.status == 0, "\(r.err)")
            let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
            let g = (object["agents"] as! [[String: Any]]).map { $0["revenueGuarantee"] as! Double }
            #expect(zip(g, [8.0, 9, 9]).allSatisfy { abs($0 - $1) < 1e-6 }, "\(method): \(g)")
        }
    }

    /// `bench wdp` on small auctions: the three winner-determination methods agree on every
    /// problem (the command fails otherwise) and each problem is counted once.
    @Test func benchWinnerDeterminationAgrees() throws {
        for distribution in ["regions", "arbitrary", "decay"] {
            guard let r = try runRMSolve(["bench", "wdp", "--distribution", distribution, "--goods", "12", "--bids", "30",
                                          "--samples", "2", "--search-nodes", "50"]) else { return }
            #expect(r.status == 0, "\(distribution): \(r.err)")
            let object = try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as! [String: Any]
            #expect((object["problems"] as! Int) >= 2)
            #expect(object["lpBranchAndBoundUnsolved"] as! Int == 0)
        }
    }

    @Test func badCATSInputExitsTwo() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).txt").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("goods 2\nbids 1\n0 5 0 7 #\n".utf8).write(to: URL(fileURLWithPath: path))
        guard let r = try runRMSolve(["solve", path]) else { return }
        #expect(r.status == 2)
        #expect(r.out.isEmpty && r.err.contains(path))
        // A price above --upper is outside the domain.
        guard let u = try runRMSolve(["solve", packageRoot + "/instances/combinatorial/thesis-3.5.2-bids-cg.txt", "--upper", "5"]) else { return }
        #expect(u.status == 2 && u.err.contains("--upper"))
    }

    /// A small experiment: complete outputs; a second run resumes (nothing recomputed, same
    /// CSV); RM keeps at least what VCG keeps, and Bailey's deficit flag is 0 or 1.
    @Test func experimentRunsAndResumes() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cats-exp-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["experiment", "combinatorial", "--distribution", "regions,decay", "--goods", "6", "--bids", "6,10",
                    "--samples", "2", "--seed", "3", "--out", dir, "--no-progress"]
        guard let r = try runRMSolve(args) else { return }
        #expect(r.status == 0, "\(r.err)")
        let csv = try String(contentsOfFile: dir + "/instances.csv", encoding: .utf8)
        let lines = csv.split(separator: "\n")
        #expect(lines.count == 1 + 8)
        let header = lines[0].split(separator: ",").map(String.init)
        let keptVCG = header.firstIndex(of: "keptVCGPct")!, keptRM = header.firstIndex(of: "keptRMPct")!
        let deficit = header.firstIndex(of: "baileyDeficit")!
        for line in lines.dropFirst() {
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map { Double($0) }
            #expect(f[keptRM]! >= f[keptVCG]! - 1e-9)
            #expect(f[deficit] == 0 || f[deficit] == 1)
        }
        #expect(FileManager.default.fileExists(atPath: dir + "/share-kept.svg"))
        guard let again = try runRMSolve(args) else { return }
        #expect(again.status == 0)
        #expect(try String(contentsOfFile: dir + "/instances.csv", encoding: .utf8) == csv)
        // Other parameters in the same directory are refused.
        guard let other = try runRMSolve(args.map { $0 == "3" ? "4" : $0 }) else { return }
        #expect(other.status == 2)
    }

    /// Two shards merged by `rmsolve merge` give the unsharded run's files byte for byte.
    @Test func shardsMergeToTheUnshardedRun() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cats-shards-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let args = ["experiment", "combinatorial", "--distribution", "regions,decay", "--goods", "6", "--bids", "6,10",
                    "--samples", "2", "--seed", "9", "--no-progress"]
        guard let whole = try runRMSolve(args + ["--out", dir + "/whole"]) else { return }
        #expect(whole.status == 0, "\(whole.err)")
        for k in 1...2 {
            guard let shard = try runRMSolve(args + ["--out", dir + "/s\(k)", "--shard", "\(k)/2"]) else { return }
            #expect(shard.status == 0, "\(shard.err)")
            #expect(!FileManager.default.fileExists(atPath: dir + "/s\(k)/instances.csv"))
        }
        guard let merged = try runRMSolve(["merge", dir + "/s1", dir + "/s2", "--out", dir + "/merged"]) else { return }
        #expect(merged.status == 0, "\(merged.err)")
        for file in ["instances.csv", "summary.csv", "share-kept.svg"] {
            let a = FileManager.default.contents(atPath: dir + "/whole/" + file)
            #expect(a != nil && a == FileManager.default.contents(atPath: dir + "/merged/" + file), "\(file) differs")
        }
    }
}
