#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Foundation
import LPDynamic

/// `rmsolve bench io`: ``benchmarkInstanceIO(_:)``, with this executable as the subprocess
/// (peer scripts are in scripts/peers).
struct BenchIOCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "io",
        abstract: "Time reading large instance files and end-to-end runs against Python's json and markovianbandit.",
        discussion: """
            Writes random instances (rmsolve generate) into --dir: dense bandit arms of each \
            --arm-states size in the compact and named forms, and a --mdp-states MDP (4 actions, \
            5 successors) in the compact form. Measures, in this process, parsing (file read \
            included) and reading into the validated model; as subprocesses (wall time and peak \
            resident memory): `rmsolve gittins` and `rmsolve mdp --method pi` \
            end to end, Python's json.load on the same bytes and markovianbandit computing the \
            same indices end to end. Every time is the best of --repeat runs. Prints one JSON line. \
            Build with -c release.
            """)

    @Option(parsing: .upToNextOption, help: "States of the dense bandit arms (one file per size).")
    var armStates: [Int] = [1000, 2000]
    @Option(help: "States of the MDP (0: skip).") var mdpStates: Int = 100_000
    @Option(help: "Directory for the generated files (default: a fresh temporary directory).") var dir: String?
    @Option(help: "Python with markovianbandit (scripts/peers/setup prints it); empty: skip the peers.")
    var python: String = ".build/peers-venv/bin/python"
    @Option(help: "Directory of the peer scripts.") var scripts: String = "scripts/peers"
    @Option(name: .customLong("repeat"), help: "Repetitions of each in-process measurement (best is reported).") var repetitions: Int = 3
    @OptionGroup var random: RandomOptions

    func validate() throws {
        guard armStates.allSatisfy({ $0 >= 1 }), mdpStates >= 0, repetitions >= 1 else {
            throw ValidationError("sizes and --repeat must be positive")
        }
    }

    func run() throws {
        try reportingErrors {
            var options = IOBenchmarkOptions(executable: try selfExecutable(),
                                             directory: dir ?? NSTemporaryDirectory() + "rmsolve-bench-io-\(getpid())")
            options.armStates = armStates
            options.mdpStates = mdpStates
            options.python = !python.isEmpty && FileManager.default.isExecutableFile(atPath: python) ? python : nil
            options.scripts = scripts
            options.repetitions = repetitions
            options.seed = random.seed
            try printJSONLine(try benchmarkInstanceIO(options))
        }
    }
}

/// This executable's absolute path.
private func selfExecutable() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
