import ArgumentParser
import CATS
import Foundation

/// `rmsolve generate ...`: random instances (CATS auctions and the thesis's outcome tables).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate random instances.",
        subcommands: [GenerateCombinatorial.self, GenerateOutcomes.self, GenerateMDP.self, GenerateBandit.self]
    )
}

extension CATSDistribution: ExpressibleByArgument {}

/// `rmsolve generate combinatorial`: a random combinatorial auction as a CATS `.txt` file.
struct GenerateCombinatorial: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "combinatorial",
        abstract: "Generate a combinatorial auction in CATS format.",
        discussion: """
            Distributions: legacy random (L1), weighted-random (L2), uniform (L3, 3 goods a \
            bid), decay (L4), normal (L5), exponential (L6), binomial (L7) (Sandholm 2002; \
            Fujishima et al. 1999); regions, arbitrary, paths and scheduling (Leyton-Brown, \
            Pearson & Shoham 2000, XOR bids of one bidder marked by a dummy good; for paths the \
            goods are the roads of a random network). The same seed gives the same file. \
            The file has exactly --bids bids.
            """
    )

    @Option(help: "The distribution (see above).")
    var distribution: CATSDistribution

    @Option(help: "The number of goods (at least 1).")
    var goods: Int

    @Option(help: "The number of bids (at least 1).")
    var bids: Int

    @OptionGroup var random: RandomOptions

    @Option(help: "Write the file here (atomically) instead of standard output.")
    var out: String?

    func run() throws {
        try reportingErrors {
            let file: CATSFile
            do {
                file = try distribution.generate(goods: goods, bids: bids, seed: random.seed)
            } catch let error as GeneratorError {
                throw ValidationError(error.message)
            }
            if let out {
                do {
                    try writeAtomically(file.text, to: out)
                } catch {
                    printError("error: cannot write \(out): \(error.localizedDescription)")
                    throw ExitCode(1)
                }
            } else {
                FileHandle.standardOutput.write(Data(file.text.utf8))
            }
        }
    }
}
