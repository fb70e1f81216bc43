import Combinatorial
import Experiments
import Foundation
import Testing

/// The package's root directory (this file is Tests/ExperimentsTests/CommittedFigureTests.swift).
private let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The committed static-experiment outputs under docs/figures reproduce: a sample's instance
/// depends only on the run's seed and the sample's key, so a plan of a few of the committed
/// run's cells (same seed, domain, method and sample counts) must give those cells' rows of
/// `static.csv` and `figure-3.4.csv`: the same fields, numbers equal within 1e-9 relative
/// (the solvers' own resolution; the last digits move with the models' scaling). The whole run is `rmsolve experiment
/// static --seed 2008 [--domain relative] --out DIR`.
@Suite struct CommittedFigureTests {
    @Test(arguments: [
        ("static-absolute", [(ThesisOutcomeGenerator.Distribution.uniform, 4, 0.5), (.normal, 8, 1.0), (.uniform, 20, 0.05)]),
        ("static-relative", [(ThesisOutcomeGenerator.Distribution.uniform, 4, 0.5), (.normal, 4, 0.85)]),
    ])
    func cellsOfTheCommittedRunReproduce(directory: String, cells: [(ThesisOutcomeGenerator.Distribution, Int, Double)]) throws {
        let committed = packageRoot + "/docs/figures/" + directory
        let plan = try ExperimentPlan.read(directory: committed)
        let whole = try plan.parameters(as: StaticExperiment.Parameters.self)
        // The plan written for the same parameters and seed is the committed file, byte for byte.
        #expect(try ExperimentPlan(whole, seed: plan.seed).text == read(committed + "/plan.json"))
        let dir = try temporaryDirectory("committed")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (d, n, e) in cells {
            var p = whole
            p.distributions = [d]
            p.agents = [n]
            p.exclusivity = [e]
            let out = dir + "/\(d.rawValue)-\(n)-\(e)"
            try runExperiment(try ExperimentPlan(p, seed: plan.seed), outputDirectory: out, options: quiet())
            for file in ["static.csv", "figure-3.4.csv"] {
                let prefix = "\(d.rawValue),\(n),\(e),"
                let row = read(out + "/" + file).split(separator: "\n").first { $0.hasPrefix(prefix) }
                let expected = read(committed + "/" + file).split(separator: "\n").first { $0.hasPrefix(prefix) }
                #expect(row != nil && expected != nil && sameRow(String(row ?? ""), String(expected ?? "")),
                        "\(directory)/\(file): \(row ?? "missing") vs committed \(expected ?? "missing")")
            }
        }
    }
}

/// The committed redistribution run (docs/figures/redistribution) reproduces: a plan of a few
/// of its units cells (same seed and samples) gives those cells' rows of `redistribution.csv`
/// (numbers within 1e-9 relative, like the static rows).
@Suite struct CommittedRedistributionFigureTests {
    @Test func unitsCellsOfTheCommittedRunReproduce() throws {
        let committed = packageRoot + "/docs/figures/redistribution"
        let plan = try ExperimentPlan.read(directory: committed)
        let whole = try plan.parameters(as: RedistributionExperiment.Parameters.self)
        #expect(try ExperimentPlan(whole, seed: plan.seed).text == read(committed + "/plan.json"))
        let dir = try temporaryDirectory("committed-redistribution")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (d, n, m) in [(RedistributionExperiment.UnitsDistribution.uniform, 4, 1), (.normal, 10, 5), (.uniform, 30, 15)] {
            var p = whole
            p.agents = [n]
            p.units = [m]
            p.distributions = [d]
            p.catsDistributions = []
            let out = dir + "/\(d.rawValue)-\(n)-\(m)"
            try runExperiment(try ExperimentPlan(p, seed: plan.seed), outputDirectory: out, options: quiet())
            let prefix = "units,\(d.rawValue),\(n),\(m),"
            let rows = read(out + "/redistribution.csv").split(separator: "\n").filter { $0.hasPrefix(prefix) }
            let expected = read(committed + "/redistribution.csv").split(separator: "\n").filter { $0.hasPrefix(prefix) }
            #expect(rows.count == 5 && expected.count == 5, "\(prefix)")
            for (row, committedRow) in zip(rows, expected) {
                #expect(sameRow(String(row), String(committedRow)), "\(row) vs committed \(committedRow)")
            }
        }
    }
}

/// Whether two CSV rows have the same fields, numbers within 1e-9 relative (absolute below 1).
private func sameRow(_ a: String, _ b: String) -> Bool {
    let x = a.split(separator: ",", omittingEmptySubsequences: false), y = b.split(separator: ",", omittingEmptySubsequences: false)
    guard x.count == y.count else { return false }
    return zip(x, y).allSatisfy { p, q in
        if p == q { return true }
        guard let u = Double(p), let v = Double(q) else { return false }
        return abs(u - v) <= 1e-9 * max(1, abs(v))
    }
}
