import ArgumentParser
import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee

extension RevenueGuaranteeMethod: ExpressibleByArgument {}

/// `rmsolve solve FILE`: VCG or the redistribution mechanism RM on a static instance.
struct Solve: ResultProducing {
    static let configuration = CommandConfiguration(
        abstract: "Run VCG or the redistribution mechanism RM on an outcome table or a combinatorial auction.",
        discussion: """
            Prints, per agent, the value of the chosen outcome, the VCG payment, the revenue \
            guarantee G_i, the redistribution Z_i = G_i/n and the utility; then totals and the \
            share of the value kept by the agents. --method: mip (the thesis's big-M MIP, CBC), \
            lp (one LP per candidate efficient outcome, CLP, in parallel), closed-form (box \
            domains), auto (closed form where it applies, else lp).
            """)

    enum MechanismName: String, ExpressibleByArgument, CaseIterable { case rm, vcg }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "The instance file (kind \"outcomes\" or \"combinatorial\").")
    var file: String
    @Option(help: "rm or vcg.") var mechanism: MechanismName = .rm
    @Option(help: "table, json or csv.") var format: Format = .table
    @Option(help: "Worker threads for the revenue guarantees.") var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    @Option(name: .customLong("time-limit"), help: "Time limit in seconds for each solver call.") var timeLimit: Double?
    @Option(help: "mip, lp, closed-form or auto.") var method: RevenueGuaranteeMethod = .auto
    @Option(name: .customLong("write-models"), help: "Write every LP/MIP built to this directory (LP format).")
    var writeModels: String?
    @Option(name: .customLong("max-outcomes"), help: ArgumentHelp("Largest number of allocations to enumerate.", visibility: .hidden))
    var maxOutcomes: Int = 200_000

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if let t = timeLimit, !(t > 0) { throw ValidationError("--time-limit must be positive") }
    }

    func run() throws {
        try reportingErrors {
            let (problem, result, models) = try compute()
            if let dir = writeModels {
                try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                for (name, model) in models { try model.write(to: "\(dir)/\(name).lp", format: .lp) }
            }
            switch format {
            case .table: print(formatTable(problem, result), terminator: "")
            case .json: print(try jsonText(resultObject(problem, result)))
            case .csv: print(formatCSV(problem, result), terminator: "")
            }
        }
    }

    func resultJSON() throws -> [String: Any] {
        let (problem, result, _) = try compute()
        return resultObject(problem, result)
    }

    /// Reads, compiles and solves; nothing is printed or written.
    func compute() throws -> (StaticProblem, MechanismResult, [(String, Model)]) {
        let instance = try readStaticInstance(path: file)
        let problem: StaticProblem
        switch instance {
        case .outcomes(let p): problem = p
        case .auction(let auction):
            guard let p = auction.compile(maxOutcomes: maxOutcomes) else {
                guard mechanism == .vcg else {
                    throw InstanceError(file: file, location: "$.bidders",
                                        message: "more than \(maxOutcomes) feasible allocations: too many to enumerate for RM's revenue guarantees (VCG alone works: --mechanism vcg)")
                }
                let (restricted, vcg) = try auction.vickreyClarkeGrovesByMIP(options: SolveOptions(timeLimit: timeLimit))
                return (restricted, try mechanismResult(vcg: vcg), [])
            }
            problem = p
        }
        let collected = ModelCollector()
        let options = RevenueGuaranteeOptions(method: method, jobs: jobs, solve: SolveOptions(timeLimit: timeLimit))
        var sink: (@Sendable (String, Model) -> Void)? = nil
        if writeModels != nil { sink = { name, model in collected.add(name, model) } }
        let which: MechanismResult.Mechanism = mechanism == .rm ? .rm : .vcg
        let result = try runMechanism(problem, which, options: options, sink: sink)
        if case .auction(let auction) = instance {
            try crossCheckWinnerDetermination(auction, result.vcg, SolveOptions(timeLimit: timeLimit))
        }
        return (problem, result, collected.models)
    }
}

/// The enumerated welfare maxima (W and every W_{-j}) must equal CBC's winner determination.
func crossCheckWinnerDetermination(_ auction: AuctionInstance, _ vcg: VCGResult, _ options: SolveOptions) throws {
    var checks: [(Int?, Double)] = [(nil, vcg.welfare)]
    for (j, w) in vcg.valueWithout.enumerated() { checks.append((j, w)) }
    for (excluded, enumerated) in checks {
        let mip = try auction.winnerDetermination(excluding: excluded, options: options).welfare
        guard abs(mip - enumerated) <= 1e-6 * max(1, abs(mip)) else {
            throw RevenueGuaranteeError.invariantViolated("winner determination: enumeration gives \(enumerated), CBC gives \(mip)"
                + (excluded.map { " without bidder \"\(auction.bidders[$0])\"" } ?? ""))
        }
    }
}

/// Collects models built during a solve (written only after the solve succeeded).
final class ModelCollector: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [(String, Model)] = []
    func add(_ name: String, _ model: Model) { lock.lock(); items.append((name, model)); lock.unlock() }
    var models: [(String, Model)] { lock.lock(); defer { lock.unlock() }; return items.sorted { $0.0 < $1.0 } }
}
