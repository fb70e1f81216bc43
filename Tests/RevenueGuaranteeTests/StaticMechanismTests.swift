import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee
import Testing

/// The repository root (three levels above this file).
private let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().path

/// The library entry point ``runStaticMechanism(_:mechanism:options:)`` as a user calls it.
@Suite struct StaticMechanismTests {
    /// Every reference instance of instances/static and instances/combinatorial, read and
    /// solved by the library alone: its JSON encoding matches the expected result file (the
    /// thesis's numbers, or an independent grid search, as each file's "source" says). The
    /// expected file's "command" gives the mechanism, method, and a CATS file's domain and
    /// upper bound.
    @Test func referenceInstancesMatchTheirExpectedResults() throws {
        var checked = 0
        for directory in ["instances/static", "instances/combinatorial"] {
            let files = try FileManager.default.contentsOfDirectory(atPath: root + "/" + directory)
                .filter { $0.hasSuffix(".expected.json") }.sorted()
            for name in files {
                let expectedPath = root + "/" + directory + "/" + name
                let stem = String(expectedPath.dropLast(".expected.json".count))
                let path = FileManager.default.fileExists(atPath: stem + ".json") ? stem + ".json" : stem + ".txt"
                let expected = try JSONValue.parse(contentsOf: expectedPath)
                let command = try expected["command"].strings()
                func flag(_ name: String) -> String? { command.firstIndex(of: name).map { command[$0 + 1] } }
                let read = StaticReadOptions(domain: flag("--domain").flatMap(BidAuction.Domain.init(rawValue:)),
                                             upper: flag("--upper").flatMap(Double.init))
                let mechanism = StaticMechanismName(rawValue: flag("--mechanism") ?? "rm")!
                let method = RevenueGuaranteeMethod(rawValue: flag("--method") ?? "auto")!
                let instance = try StaticInstance.read(path: path, options: read)
                let result = try runStaticMechanism(instance, mechanism: mechanism, options: StaticSolveOptions(method: method, jobs: 2))
                let actual = try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result))
                let tolerance = try expected.optional("tolerance")?.number() ?? 1e-6
                let mismatch = subsetMismatch(try expected["expect"].raw, actual, "$", tolerance)
                #expect(mismatch == nil, "\(name): \(mismatch ?? "")")
                checked += 1
            }
        }
        #expect(checked >= 8)
    }

    /// Constraint generation on an outcome table is a typed error saying it applies to auctions.
    @Test func constraintGenerationOnAnOutcomeTableIsATypedError() throws {
        let instance = try StaticInstance.read(path: root + "/instances/static/car-table-3.1.json")
        do {
            _ = try runStaticMechanism(instance, options: StaticSolveOptions(method: .cg))
            Issue.record("cg on an outcome table did not throw")
        } catch let error as StaticMechanismError {
            guard case .methodDoesNotApply(let method, let reason) = error else { Issue.record("\(error)"); return }
            #expect(method == .cg)
            #expect(reason.contains("combinatorial auctions"))
            #expect(!"\(error)".contains("--"))   // no CLI flag named by the library
        }
        // The same problem by RevenueGuaranteeOptions: the same typed error.
        guard case .outcomes(let problem) = instance else { Issue.record("not an outcome table"); return }
        #expect(throws: StaticMechanismError.self) { try runMechanism(problem, .rm, options: RevenueGuaranteeOptions(method: .cg)) }
    }

    /// A wrongly shaped problem, or a report outside its type space, is an InstanceError (no
    /// crash): from runMechanism, revenueGuarantees and the entry point alike.
    @Test func malformedProblemsThrow() throws {
        let good = StaticProblem(name: "car", agents: ["a", "b"], outcomes: ["x", "y"],
                                 typeSpaces: [TypeSpace(lower: [0, 0], upper: [10, 0]), TypeSpace(lower: [0, 0], upper: [0, 10])],
                                 valueColumn: [[0, 1], [0, 1]], reports: [[5, 0], [0, 3]])
        let vcg = try runMechanism(good, .vcg)
        #expect(vcg.vcg.revenue == 3)   // a wins (5 > 3) and pays b's value 3
        var shortColumn = good
        shortColumn.valueColumn[1] = [0]
        var badCoordinate = good
        badCoordinate.valueColumn[0] = [0, 7]
        var missingReport = good
        missingReport.reports = [[5, 0]]
        var shortReport = good
        shortReport.reports[0] = [5]
        var outside = good
        outside.reports[1] = [0, 30]
        var missingSpace = good
        missingSpace.typeSpaces.removeLast()
        for (label, problem) in [("short column", shortColumn), ("bad coordinate", badCoordinate), ("missing report", missingReport),
                                 ("short report", shortReport), ("outside", outside), ("missing space", missingSpace)] {
            #expect(throws: InstanceError.self, "\(label)") { try runMechanism(problem, .rm) }
            #expect(throws: InstanceError.self, "\(label)") { try revenueGuarantees(problem) }
            #expect(throws: InstanceError.self, "\(label)") { try runStaticMechanism(.outcomes(problem)) }
        }
        do {
            _ = try runMechanism(outside, .vcg)
        } catch let error as InstanceError {
            #expect(error.message.contains("outside its type space"))
            #expect(error.location == "reports[1]")
        }
        // An auction built in code with a bid outside its domain.
        let auction = BidAuction(name: "a", goods: ["c"], bidders: ["1", "2"],
                                 bids: [[.init(goods: GoodSet([0], count: 1), value: 30)], [.init(goods: GoodSet([0], count: 1), value: 2)]],
                                 domain: .bids, upper: 10)
        #expect(throws: InstanceError.self) { try runStaticMechanism(.auction(auction)) }
    }

    /// The JSON encoding has exactly the documented keys: outcome tables name the outcome,
    /// auctions give the allocation; under VCG the guarantee is null and "method" is absent.
    @Test func jsonHasExactlyTheDocumentedKeys() throws {
        let top: Set<String> = ["name", "mechanism", "welfare", "vcgRevenue", "redistributed", "rmRevenue", "shareKept", "agents"]
        let agentKeys: Set<String> = ["name", "value", "vcgPayment", "revenueGuarantee", "redistribution", "utility", "valueWithout"]
        for (file, place) in [("instances/static/car-table-3.1.json", "outcome"), ("instances/static/thesis-3.5.2.json", "allocation")] {
            let instance = try StaticInstance.read(path: root + "/" + file)
            for mechanism in StaticMechanismName.allCases {
                let result = try runStaticMechanism(instance, mechanism: mechanism)
                let object = try #require(try JSONSerialization.jsonObject(with: try JSONEncoder().encode(result)) as? [String: Any])
                #expect(Set(object.keys) == top.union([place]), "\(file) \(mechanism)")
                #expect(object["mechanism"] as? String == mechanism.rawValue)
                for agent in try #require(object["agents"] as? [[String: Any]]) {
                    #expect(Set(agent.keys) == (mechanism == .rm ? agentKeys.union(["method"]) : agentKeys))
                    if mechanism == .vcg { #expect(agent["revenueGuarantee"] is NSNull) }
                }
                // The encoding decodes back to the same typed result.
                #expect(try JSONDecoder().decode(StaticMechanismResult.self, from: try JSONEncoder().encode(result)) == result)
            }
        }
    }

    /// The car of Table 3.1 through the entry point: G = (6, 6, 8, 8), Z = G/4, the center
    /// keeps 1 of the VCG revenue 8 (thesis Table 3.1 with values 10, 8, 6, 4), by every
    /// method that applies; and the text renderings carry the same numbers.
    @Test func carByEveryMethod() throws {
        let instance = try StaticInstance.read(path: root + "/instances/static/car-table-3.1.json")
        for method in RevenueGuaranteeMethod.allCases where method != .cg {
            let r = try runStaticMechanism(instance, options: StaticSolveOptions(method: method))
            #expect(r.agents.map(\.revenueGuarantee) == [6, 6, 8, 8], "\(method)")
            #expect(r.agents.map(\.redistribution) == [1.5, 1.5, 2, 2])
            #expect(r.vcgRevenue == 8 && r.rmRevenue == 1 && r.outcome == "ann drives")
            #expect(r.csv().split(separator: "\n")[1] == "ann,10.0,8.0,6.0,1.5,3.5")
            #expect(r.table().contains("center keeps 1"))
        }
    }

    /// An auction with more allocations than the enumeration limit: auto switches to
    /// constraint generation (the "bids" domain of §3.5.2: G = (8, 9, 9) by the independent
    /// grid search of instances/static/derivations), an enumerating method is a typed error,
    /// and VCG alone works by winner determination (payments 0, 5, 6, thesis §3.5.2).
    @Test func tooManyAllocations() throws {
        let instance = try StaticInstance.read(path: root + "/instances/static/thesis-3.5.2-bids.json")
        let auto = try runStaticMechanism(instance, options: StaticSolveOptions(maxOutcomes: 5))
        #expect(zip(auto.agents.map { $0.revenueGuarantee ?? -1 }, [8.0, 9, 9]).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(auto.agents.allSatisfy { $0.method == .cg })
        #expect(auto.allocation == ["1": [], "2": ["d"], "3": ["c"]])
        #expect(throws: StaticMechanismError.tooManyAllocations(instance: "thesis-3.5.2-bids", limit: 5, method: .lp)) {
            try runStaticMechanism(instance, options: StaticSolveOptions(method: .lp, maxOutcomes: 5))
        }
        let vcg = try runStaticMechanism(instance, mechanism: .vcg, options: StaticSolveOptions(method: .lp, maxOutcomes: 5))
        #expect(vcg.agents.map(\.vcgPayment) == [0, 5, 6])
        #expect(vcg.agents.allSatisfy { $0.revenueGuarantee == nil })
    }

    /// The one invariant check refuses what the theory rules out.
    @Test func invariantsAreEnforced() throws {
        let vcg = VCGResult(outcome: 0, welfare: 10, valueWithout: [8, 10], values: [10, 0], payments: [8, 0], revenue: 8)
        func guarantee(_ g: Double) -> AgentRevenueGuarantee {
            AgentRevenueGuarantee(guarantee: g, minimizingType: [0], attainedRevenue: g, method: .lp)
        }
        #expect(throws: Never.self) { try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: [guarantee(6), guarantee(6)]) }
        // G above the VCG revenue.
        #expect(throws: RevenueGuaranteeError.self) { try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: [guarantee(9), guarantee(6)]) }
        // A negative payment.
        var negative = vcg
        negative.payments = [8, -1]
        #expect(throws: RevenueGuaranteeError.self) { try MechanismInvariants.verifiedResult(.vcg, vcg: negative, guarantees: nil) }
        // A guarantee its minimizing type does not attain, or a type outside Θ_i.
        var unattained = guarantee(6)
        unattained.attainedRevenue = 7
        let space = TypeSpace(lower: [0], upper: [10])
        #expect(throws: RevenueGuaranteeError.self) {
            try MechanismInvariants.verifiedResult(.rm, vcg: vcg, guarantees: [unattained, guarantee(6)], typeSpaces: [space, space])
        }
        var outside = guarantee(6)
        outside.minimizingType = [11]
        #expect(throws: RevenueGuaranteeError.self) { try MechanismInvariants.checkedGuarantee(outside, agent: "a", space: space, scale: 10) }
        // Individual rationality: a value below the payment.
        var irrational = vcg
        irrational.values = [5, 0]
        #expect(throws: RevenueGuaranteeError.self) { try MechanismInvariants.verifiedResult(.vcg, vcg: irrational, guarantees: nil) }
    }
}

/// The first difference between an expected JSON subset and an actual JSON value (numbers
/// within `tolerance` relative to max(1, |expected|); arrays of objects with "name" matched
/// by name), or nil.
private func subsetMismatch(_ expected: Any, _ actual: Any?, _ path: String, _ tolerance: Double) -> String? {
    guard let actual else { return "\(path): missing" }
    switch expected {
    case is NSNull:
        return actual is NSNull ? nil : "\(path): expected null"
    case let e as NSNumber:
        guard let a = actual as? NSNumber else { return "\(path): expected \(e), got \(actual)" }
        return abs(e.doubleValue - a.doubleValue) <= tolerance * max(1, abs(e.doubleValue)) ? nil : "\(path): expected \(e), got \(a)"
    case let e as String:
        return actual as? String == e ? nil : "\(path): expected \(e), got \(actual)"
    case let e as [String: Any]:
        guard let a = actual as? [String: Any] else { return "\(path): expected an object" }
        for key in e.keys.sorted() { if let m = subsetMismatch(e[key]!, a[key], "\(path).\(key)", tolerance) { return m } }
        return nil
    case let e as [Any]:
        guard let a = actual as? [Any] else { return "\(path): expected an array" }
        if e.allSatisfy({ ($0 as? [String: Any])?["name"] is String }) {
            for element in e {
                let name = (element as! [String: Any])["name"] as! String
                let match = a.first { ($0 as? [String: Any])?["name"] as? String == name }
                if let m = subsetMismatch(element, match, "\(path)[\(name)]", tolerance) { return m }
            }
            return nil
        }
        guard a.count == e.count else { return "\(path): expected \(e.count) elements, got \(a.count)" }
        for k in e.indices { if let m = subsetMismatch(e[k], a[k], "\(path)[\(k)]", tolerance) { return m } }
        return nil
    default:
        return "\(path): unsupported expected value"
    }
}
