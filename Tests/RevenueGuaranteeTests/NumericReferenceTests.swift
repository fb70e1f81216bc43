import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee
import Testing

private let numericsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path + "/instances/numerics"

/// The reference instances of instances/numerics (one per numeric failure class), solved by
/// EVERY method that applies, against the numbers of their .expected.json files (an exact
/// rational computation, instances/numerics/derivations/exact_guarantees.py).
@Suite struct NumericReferenceTests {
    static func references() throws -> [(name: String, expected: [String: Any])] {
        let files = try FileManager.default.contentsOfDirectory(atPath: numericsDirectory).filter { $0.hasSuffix(".expected.json") }.sorted()
        return try files.map { file in
            let data = try Data(contentsOf: URL(fileURLWithPath: numericsDirectory + "/" + file))
            return (String(file.dropLast(".expected.json".count)), try JSONSerialization.jsonObject(with: data) as! [String: Any])
        }
    }

    @Test func everyMethodMatchesTheExactNumbers() throws {
        let references = try Self.references()
        #expect(references.count >= 9)
        for (name, expected) in references {
            let path = numericsDirectory + "/" + name + ".json"
            guard let expect = expected["expect"] as? [String: Any] else {
                // A refusal: reading must fail with an InstanceError (exit 2).
                #expect(throws: InstanceError.self, "\(name) must be refused") { _ = try StaticInstance.read(path: path) }
                continue
            }
            let tolerance = expected["tolerance"] as? Double ?? 1e-6
            let instance = try StaticInstance.read(path: path)
            var methods: [RevenueGuaranteeMethod] = [.lp, .mip, .auto]
            switch instance {
            case .auction: methods.append(.cg)
            case .outcomes(let p):
                if p.agents.indices.allSatisfy({ BoxClosedForm.applies(to: p, agent: $0) }) { methods.append(.closedForm) }
            }
            for method in methods {
                let result = try runStaticMechanism(instance, mechanism: .rm, options: StaticSolveOptions(method: method, jobs: 1))
                let json = try JSONSerialization.jsonObject(with: JSONEncoder().encode(result)) as! [String: Any]
                func close(_ e: Any?, _ a: Any?) -> Bool {
                    guard let e = (e as? NSNumber)?.doubleValue, let a = (a as? NSNumber)?.doubleValue else { return false }
                    return abs(e - a) <= tolerance * max(1, abs(e))
                }
                if let outcome = expect["outcome"] as? String { #expect(json["outcome"] as? String == outcome, "\(name) \(method)") }
                #expect(close(expect["welfare"], json["welfare"]), "\(name) \(method): welfare \(json["welfare"] ?? "nil")")
                if expect["vcgRevenue"] != nil {
                    #expect(close(expect["vcgRevenue"], json["vcgRevenue"]), "\(name) \(method): VCG revenue \(json["vcgRevenue"] ?? "nil")")
                }
                let agents = json["agents"] as! [[String: Any]]
                for e in expect["agents"] as! [[String: Any]] {
                    let a = agents.first { $0["name"] as? String == e["name"] as? String }!
                    for key in ["value", "vcgPayment", "revenueGuarantee", "utility"] where e[key] != nil {
                        #expect(close(e[key], a[key]), "\(name) \(method): agent \(e["name"]!) \(key) = \(a[key] ?? "nil"), expected \(e[key]!)")
                    }
                    // Individual rationality holds on every route.
                    #expect(((a["utility"] as? NSNumber)?.doubleValue ?? -1) >= 0, "\(name) \(method): negative utility")
                }
            }
        }
    }

    /// Ties are decided within the sums' rounding, never by a relative 1e-9: the outcome worth
    /// 1e10 + 5 beats the one worth 1e10, and the printed welfare is the chosen outcome's.
    @Test func tiesChooseTheHigherWelfare() {
        let vcg = vickreyClarkeGroves(values: [[1e10, 0], [0, 1e10 + 5]])
        #expect(vcg.outcome == 1)
        #expect(vcg.welfare == 1e10 + 5)
        #expect(vcg.payments == [0, 1e10])
        // Exact ties still go to the lowest index.
        #expect(efficientOutcome([[0.1, 0.3], [0.2, 0]]).outcome == 0)   // 0.1 + 0.2 vs 0.3: one ulp apart
    }

    /// A report that meets its constraint exactly in decimal, with terms that round to the
    /// same double, is inside its type space.
    @Test func membershipScalesWithTheTerms() {
        let space = TypeSpace(lower: [0, 0], upper: [1e12, 1e12],
                              rows: [TypeSpaceRow(columns: [0, 1], coefficients: [1, -1], lower: 0.00001, upper: .infinity)])
        #expect(space.contains([987654321098.76546, 987654321098.76545]))
        // but a real violation at the same scale is still one
        #expect(!space.contains([987654321098.0, 987654321198.0]))
        // and small values are held to their own scale (no floor of 1)
        let small = TypeSpace(lower: [0], upper: [1e-9])
        #expect(!small.contains([2e-9]))
    }

    /// The scale of a problem is a power of two: dividing by it is exact.
    @Test func scalingIsExact() {
        for x in [1e-9, 3.7e-4, 1.0, 12345.678, 9.99e11] {
            let s = ProblemScaling.powerOfTwo(near: x)
            #expect((x / s) * s == x)
            #expect(x / s >= 0.5 && x / s <= 2)
        }
    }
}

/// The certificate: an answer is kept only when a legal report attains it and the proven lower
/// bound lies within tolerance below it (Table 3.1's car: G_ann = 6, hand computation).
@Suite struct CertificateTests {
    static func car() throws -> StaticProblem {
        guard case .outcomes(let p) = try StaticInstance.read(path: numericsDirectory + "/../static/car-table-3.1.json") else { throw CancellationError() }
        return p
    }

    @Test func aMinimizerAndItsBoundAreCertified() throws {
        let p = try Self.car()
        let view = AgentView(problem: p, agent: 0)
        // ann reports 0 for driving: the others' best is bob (8), VCG revenue 6 (thesis Table 3.1).
        let c = try RevenueGuaranteeCertificate.certify(view, candidates: [([0, 0, 0, 0], .lp)], lowerBound: 6, scale: 10)
        #expect(c.revenue == 6)
        #expect(c.method == .lp)
    }

    @Test func aTooHighGuaranteeIsRefusedWithTheGap() throws {
        let p = try Self.car()
        let view = AgentView(problem: p, agent: 0)
        // A solver that stopped at the truthful report (revenue 8) while proving only 6: exit 3.
        #expect(throws: SolverError.self) {
            _ = try RevenueGuaranteeCertificate.certify(view, candidates: [([10, 0, 0, 0], .mip)], lowerBound: 6, scale: 10)
        }
    }

    @Test func aGuaranteeAboveItsProvenBoundFailsTheInvariant() throws {
        let g = AgentRevenueGuarantee(guarantee: 8, minimizingType: [10, 0, 0, 0], attainedRevenue: 8, method: .mip, lowerBound: 6)
        #expect(throws: SolverError.self) {
            _ = try MechanismInvariants.checkedGuarantee(g, agent: "ann", space: try Self.car().typeSpaces[0], scale: 10)
        }
    }
}
