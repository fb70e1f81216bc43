import ArgumentParser
import CATS
import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import RevenueGuarantee

extension RevenueGuaranteeMethod: ExpressibleByArgument {}
extension AuctionInstance.Domain: ExpressibleByArgument {}

/// `rmsolve solve FILE`: VCG or the redistribution mechanism RM on a static instance.
struct Solve: ResultProducing {
    static let configuration = CommandConfiguration(
        abstract: "Run VCG or the redistribution mechanism RM on an outcome table or a combinatorial auction.",
        discussion: """
            Prints, per agent, the value of the chosen outcome, the VCG payment, the revenue \
            guarantee G_i, the redistribution Z_i = G_i/n and the utility; then totals and the \
            share of the value kept by the agents. --method: mip (the thesis's big-M MIP, CBC), \
            lp (one LP per candidate efficient outcome, CLP, in parallel), closed-form (box \
            domains), cg (constraint generation on combinatorial auctions: no enumeration of \
            allocations), auto (closed form where it applies, else lp; cg for auctions with \
            more allocations than --max-outcomes).
            CATS .txt files are read as auctions: goods g0..g{N-1}, bidders named 0, 1, ... by \
            their first bid (bids sharing a dummy good are one XOR bidder), the domain from \
            --domain (default bids) and --upper (default unbounded).
            """)

    enum MechanismName: String, ExpressibleByArgument, CaseIterable { case rm, vcg }
    enum Format: String, ExpressibleByArgument, CaseIterable { case table, json, csv }

    @Argument(help: "The instance file (kind \"outcomes\" or \"combinatorial\", or a CATS .txt auction).")
    var file: String
    @Option(help: "CATS files: the bidders' domain, bids or monotone (default bids).")
    var domain: AuctionInstance.Domain?
    @Option(help: "CATS files: the domain's upper bound on any value (default: unbounded).")
    var upper: Double?
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
        if let u = upper, !(u >= 0) { throw ValidationError("--upper must be non-negative") }
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
        let instance: StaticInstance
        if isCATSFile(file) {
            let auction = try readCATSAuction(file, domain: domain ?? .bids, upper: upper ?? .infinity)
            guard method != .cg, let small = auction.auctionInstance, auction.domain == .bids || small.goods.count <= 12,
                  small.outcomeCount(cap: maxOutcomes) <= maxOutcomes else {
                return try solveByConstraintGeneration(auction)
            }
            instance = .auction(small)
        } else {
            if domain != nil || upper != nil {
                throw InstanceError(file: file, location: "$.domain", message: "--domain and --upper apply to CATS .txt files; a JSON instance sets its own \"domain\"")
            }
            instance = try readStaticInstance(path: file)
        }
        let problem: StaticProblem
        switch instance {
        case .outcomes(let p): problem = p
        case .auction(let auction):
            if method == .cg || (method == .auto && auction.outcomeCount(cap: maxOutcomes) > maxOutcomes) {
                return try solveByConstraintGeneration(BidAuction(auction))
            }
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

extension Solve {
    /// VCG or RM on an auction without enumerating allocations: winner determination by
    /// CLP/CBC and revenue guarantees by constraint generation. The printed problem has one
    /// outcome, the chosen allocation.
    func solveByConstraintGeneration(_ auction: BidAuction) throws -> (StaticProblem, MechanismResult, [(String, Model)]) {
        guard method == .cg || method == .auto || mechanism == .vcg else {
            throw InstanceError(file: file, location: "bids",
                                message: "too many feasible allocations to enumerate for --method \(method.rawValue) (more than \(maxOutcomes), or more than 30 goods): use --method cg or auto")
        }
        let engine = CombinatorialRevenueGuarantees(auction, solveOptions: SolveOptions(timeLimit: timeLimit), jobs: jobs)
        let (vcg, winning) = try engine.vickreyClarkeGroves()
        let result = mechanism == .rm
            ? try redistributionMechanismResult(vcg: vcg, guarantees: try engine.revenueGuarantees())
            : try mechanismResult(vcg: vcg)
        return (allocationProblem(auction, winning: winning), result, [])
    }
}

/// A problem with one outcome, the chosen allocation (for printing a result computed by
/// winner determination).
func allocationProblem(_ auction: BidAuction, winning: [Int]) -> StaticProblem {
    let bundles = auction.bidders.indices.map { i in winning[i] >= 0 ? auction.bids[i][winning[i]].goods.elements.map { auction.goods[$0] } : [] }
    let name = auction.bidders.indices.filter { !bundles[$0].isEmpty }.map { "\(auction.bidders[$0]):{\(bundles[$0].joined(separator: ","))}" }
    var problem = StaticProblem(name: auction.name, agents: auction.bidders, outcomes: [name.joined(separator: " ")],
                                typeSpaces: auction.bids.map { TypeSpace(lower: Array(repeating: 0, count: $0.count), upper: Array(repeating: auction.upper, count: $0.count)) },
                                valueColumn: winning.map { [Int32($0)] }, reports: auction.bids.map { $0.map(\.value) })
    problem.allocations = [bundles]
    return problem
}

/// Whether a file is a CATS auction (ends in .txt, or does not start with `{`).
func isCATSFile(_ path: String) -> Bool {
    if path.hasSuffix(".txt") { return true }
    if path.hasSuffix(".json") { return false }
    guard let handle = FileHandle(forReadingAtPath: path) else { return false }
    defer { try? handle.close() }
    let head = String(decoding: handle.readData(ofLength: 256), as: UTF8.self)
    return head.first(where: { !$0.isWhitespace }).map { $0 != "{" } ?? false
}

/// Reads a CATS file as an auction (see ``BidAuction/init(cats:name:domain:upper:)``),
/// checking the reports lie in the domain.
func readCATSAuction(_ path: String, domain: AuctionInstance.Domain, upper: Double) throws -> BidAuction {
    let file = try CATSFile.read(path: path)
    if domain == .monotone, file.goodCount > 12 {
        throw InstanceError(file: path, location: "goods", message: "the \"monotone\" domain has one variable per bundle: at most 12 goods (found \(file.goodCount)); use --domain bids")
    }
    for (k, bid) in file.bids.enumerated() where bid.price > upper {
        throw InstanceError(file: path, location: "bid \(k)", message: "price \(bid.price) lies outside the domain [0, \(upper)] (raise --upper)")
    }
    let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
    return BidAuction(cats: file, name: name, domain: domain, upper: upper)
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
