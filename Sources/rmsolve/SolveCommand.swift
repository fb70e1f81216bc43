import ArgumentParser
import Combinatorial
import Foundation
import InstanceIO
import LinearOptimization
import Parallel
import RevenueGuarantee

extension RevenueGuaranteeMethod: ExpressibleByArgument {}
extension BidAuction.Domain: ExpressibleByArgument {}
extension RedistributionMechanismName: ExpressibleByArgument {}

/// `rmsolve solve FILE`: VCG, the redistribution mechanism RM or another mechanism of the
/// redistribution family on a static instance, by ``solveStaticFile(path:mechanism:read:options:)``.
struct Solve: ResultProducing {
    static let configuration = CommandConfiguration(
        abstract: "Run VCG, the redistribution mechanism RM or another redistribution mechanism on a static instance.",
        discussion: """
            Prints, per agent, the value of the chosen outcome, the VCG payment, the revenue \
            guarantee G_i, the redistribution Z_i = G_i/n and the utility; then totals and the \
            share of the value kept by the agents. --method: mip (the thesis's big-M MIP, CBC), \
            lp (one LP per candidate efficient outcome, CLP, in parallel), closed-form (box \
            domains), cg (constraint generation: combinatorial auctions only, no enumeration \
            of allocations), auto (closed form where it applies, else lp; cg for auctions with \
            more allocations than --max-outcomes).
            CATS .txt files are read as auctions: goods g0..g{N-1}, bidders named 0, 1, ... by \
            their first bid (bids sharing a dummy good are one XOR bidder), the domain from \
            --domain (default bids) and --upper (default unbounded).
            --mechanism: rm, vcg, bailey (Bailey's rule: 1/n of the VCG revenue without each \
            agent; may run a deficit outside "units"), wco (Guo and Conitzer's worst-case \
            optimal linear redistribution, "units"), oel (optimal in expectation under the \
            file's prior, "units"), basic-groves, agv (expected externality; needs a prior).
            """)

    @Argument(help: "The instance file (kind \"outcomes\", \"combinatorial\" or \"units\", or a CATS .txt auction).")
    var file: String
    @Option(help: "CATS files: the bidders' domain (default: bids).")
    var domain: BidAuction.Domain?
    @Option(help: "CATS files: the domain's upper bound on any value (default: unbounded).")
    var upper: Double?
    @Option(help: "The mechanism: rm, vcg, bailey, wco, oel, basic-groves or agv (see above).")
    var mechanism: RedistributionMechanismName = .rm
    @Option(help: "How the revenue guarantees are computed (see above).")
    var method: RevenueGuaranteeMethod = .auto
    @OptionGroup var output: OutputFormatOptions
    @OptionGroup var parallel: ParallelOptions
    @OptionGroup var solver: SolverOptions
    @Option(name: .customLong("write-models"), help: "Write every LP/MIP built to this directory (LP format).")
    var writeModels: String?
    @Option(name: .customLong("max-outcomes"), help: ArgumentHelp("Largest number of allocations to enumerate.", visibility: .hidden))
    var maxOutcomes: Int = 200_000

    func validate() throws {
        if let u = upper, !(u >= 0) { throw ValidationError("--upper must be non-negative") }
        guard maxOutcomes >= 1 else { throw ValidationError("--max-outcomes must be at least 1") }
    }

    func run() throws {
        try reportingErrors {
            let models = Locked<[(String, Model)]>([])
            // Progress of the revenue guarantees on standard error, drawn only when it is a
            // terminal (never on standard output, never into a file or a pipe).
            let display = AgentProgressDisplay(label: "revenue guarantees")
            let result: StaticFileResult
            do {
                defer { display.finish() }
                result = try compute(models: writeModels == nil ? nil : models, progress: display)
            }
            if let dir = writeModels {
                try OutputFile.createDirectory(dir)
                for (name, model) in models.value.sorted(by: { $0.0 < $1.0 }) { try model.write(to: "\(dir)/\(name).lp", format: .lp) }
            }
            switch output.format {
            case .table: print(result.table(), terminator: "")
            case .json: print(try result.jsonText())
            case .csv: print(result.csv(), terminator: "")
            }
        }
    }

    func resultJSON() throws -> [String: Any] {
        let data = try JSONEncoder().encode(try compute(models: nil))
        return try JSONSerialization.jsonObject(with: data) as! [String: Any]
    }

    /// Reads and solves; nothing is printed or written (except the progress `display`, on
    /// standard error when it is a terminal). A price above the domain names `--upper`.
    func compute(models: Locked<[(String, Model)]>?, progress display: AgentProgressDisplay? = nil) throws -> StaticFileResult {
        var options = StaticSolveOptions(method: method, jobs: parallel.jobs, solve: solver.solveOptions, maxOutcomes: maxOutcomes)
        if let models { options.modelSink = { name, model in models.withLock { $0.append((name, model)) } } }
        if let display { options.progress = { display.update($0) } }
        do {
            return try solveStaticFile(path: file, mechanism: mechanism, read: StaticReadOptions(domain: domain, upper: upper), options: options)
        } catch let error as InstanceError where error.message.contains("outside the domain") && StaticInstance.isCATSFile(file) {
            throw InstanceError(file: error.file, location: error.location, message: error.message + "; see --upper")
        }
    }
}
