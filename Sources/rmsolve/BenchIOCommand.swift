#if canImport(Glibc)
import Glibc
#endif
import ArgumentParser
import Dispatch
import Foundation
import InstanceIO
import LPDynamic

/// `rmsolve bench io`: reading speed and end-to-end times of large instance files, against
/// Python's json module and markovianbandit measured in the same run (peers are run as
/// subprocesses; their scripts are in scripts/peers).
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
            let directory = dir ?? NSTemporaryDirectory() + "rmsolve-bench-io-\(getpid())"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            let me = try selfExecutable()
            let peers = !python.isEmpty && FileManager.default.isExecutableFile(atPath: python)
            var report: [String: Any] = ["bench": "io", "seed": random.seed, "directory": directory, "repeat": repetitions,
                                         "cores": ProcessInfo.processInfo.activeProcessorCount,
                                         "loadBefore": loadAverage(), "peers": peers]
            // Phase 1, subprocesses only (files written by `rmsolve generate`): a child's peak
            // resident memory as the kernel reports it is at least this process's own peak, so
            // this process holds nothing large until they have run.
            func path(_ n: Int, _ form: InstanceForm) -> String { "\(directory)/bandit-\(n)-\(form.rawValue).json" }
            var arms: [[String: Any]] = []
            for n in armStates {
                var entry: [String: Any] = ["states": n, "transitions": n * n]
                for form in InstanceForm.allCases {
                    _ = try measure([me, "generate", "bandit", "--states", String(n), "--form", form.rawValue,
                                     "--seed", String(random.seed), "--out", path(n, form)], stdout: "/dev/null")
                    var f: [String: Any] = ["bytes": fileSize(path(n, form))]
                    let resultPath = "\(directory)/gittins-\(n)-\(form.rawValue).result.json"
                    let run = try measureBest([me, "gittins", path(n, form), "--format", "json"], stdout: resultPath)
                    f["gittinsEndToEnd"] = run.json
                    if peers {
                        let json = try measure([python, "\(scripts)/json_load.py", path(n, form), String(repetitions)],
                                               stdout: directory + "/json.out")
                        f["pythonJsonLoadSeconds"] = try peerLine(directory + "/json.out")["seconds"] as? Double ?? .nan
                        f["pythonJsonLoadPeakRSSBytes"] = json.rssBytes
                        let mb = try measureBest([python, "\(scripts)/gittins_markovianbandit.py", path(n, form), "--compare", resultPath],
                                                 stdout: directory + "/mb.out")
                        var peer = try peerLine(directory + "/mb.out")
                        peer["endToEnd"] = mb.json
                        f["markovianbandit"] = peer
                        f["gittinsSpeedupOverMarkovianbandit"] = mb.seconds / run.seconds
                    }
                    entry[form.rawValue] = f
                }
                arms.append(entry)
            }
            var mdp: [String: Any] = [:]
            let mdpPath = "\(directory)/mdp-\(mdpStates)-compact.json"
            if mdpStates > 0 {
                _ = try measure([me, "generate", "mdp", "--states", String(mdpStates), "--actions", "4", "--successors", "5",
                                 "--seed", String(random.seed), "--out", mdpPath], stdout: "/dev/null")
                let run = try measureBest([me, "mdp", mdpPath, "--method", "pi", "--format", "json"],
                                      stdout: directory + "/mdp.result.json")
                mdp["endToEnd"] = run.json
                mdp["bytes"] = fileSize(mdpPath)
            }
            // Phase 2, in this process: parsing and reading, and the in-memory solve.
            for (k, n) in armStates.enumerated() {
                for form in InstanceForm.allCases {
                    var f = arms[k][form.rawValue] as! [String: Any]
                    let bytes = Double(f["bytes"] as! Int)
                    let parse = best { _ = try JSONValue.parse(contentsOf: path(n, form)) }
                    let read = best { _ = try BanditInstance.read(from: path(n, form)) }
                    f["parseSeconds"] = parse
                    f["parseMBPerSecond"] = bytes / parse / 1e6
                    f["readSeconds"] = read
                    f["readMBPerSecond"] = bytes / read / 1e6
                    if let seconds = f["pythonJsonLoadSeconds"] as? Double {
                        f["parseSpeedupOverJsonLoad"] = seconds / parse
                        f["readSpeedupOverJsonLoad"] = seconds / read
                    }
                    arms[k][form.rawValue] = f
                }
            }
            report["bandit"] = arms
            if mdpStates > 0 {
                let model = try MDP.random(states: mdpStates, actions: 4, successors: 5, discount: 0.9, seed: random.seed)
                let transitions = model.successors.count
                // The model's own size: compressed rows (an 8-byte start and an 8-byte expected
                // reward per pair; 4 + 8 + 8 bytes per transition); names not counted.
                let modelBytes = 16 * (model.stateCount * model.actionCount) + 20 * transitions
                let solveSeconds = best { _ = try model.optimalValues(method: .policyIteration) }
                let bytes = Double(mdp["bytes"] as! Int)
                let parseSeconds = best { _ = try JSONValue.parse(contentsOf: mdpPath) }
                let readSeconds = best { _ = try MDPInstance.read(file: mdpPath) }
                let run = mdp["endToEnd"] as! [String: Any]
                let e2e = run["seconds"] as! Double, rss = run["peakRSSBytes"] as! Int
                mdp.merge(["states": mdpStates, "actions": 4, "successors": 5, "transitions": transitions,
                           "inMemorySolveSeconds": solveSeconds,
                           "parseSeconds": parseSeconds, "parseMBPerSecond": bytes / parseSeconds / 1e6,
                           "readSeconds": readSeconds, "readMBPerSecond": bytes / readSeconds / 1e6,
                           "endToEndOverInMemorySolve": e2e / solveSeconds,
                           "modelBytes": modelBytes, "peakRSSOverModel": Double(rss) / Double(modelBytes),
                           "peakRSSBytesPerTransition": Double(rss) / Double(transitions)]) { $1 }
                report["mdp"] = mdp
            }
            report["loadAfter"] = loadAverage()
            let data = try JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        }
    }

    /// The best wall time of `--repeat` runs of a subprocess, with the largest peak memory.
    func measureBest(_ argv: [String], stdout: String) throws -> MeasuredRun {
        var best = try measure(argv, stdout: stdout)
        for _ in 1..<repetitions {
            let run = try measure(argv, stdout: stdout)
            best = MeasuredRun(seconds: min(best.seconds, run.seconds), rssBytes: max(best.rssBytes, run.rssBytes), status: run.status)
        }
        return best
    }

    /// The best wall time of `--repeat` runs.
    func best(_ body: () throws -> Void) -> Double {
        var best = Double.infinity
        for _ in 0..<repetitions {
            let start = DispatchTime.now().uptimeNanoseconds
            do { try body() } catch { return .nan }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return best
    }
}

private func timed<T>(_ body: () throws -> T) rethrows -> (T, Double) {
    let start = DispatchTime.now().uptimeNanoseconds
    let value = try body()
    return (value, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
}

/// A subprocess's wall time, peak resident memory and exit status.
struct MeasuredRun {
    var seconds: Double
    var rssBytes: Int
    var status: Int32
    var json: [String: Any] { ["seconds": seconds, "peakRSSBytes": rssBytes, "exitStatus": status] }
}

/// Runs `argv` with standard output into `stdout`, measuring wall time and (by `wait4`) the
/// child's own peak resident set size.
func measure(_ argv: [String], stdout: String) throws -> MeasuredRun {
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    defer { posix_spawn_file_actions_destroy(&actions) }
    posix_spawn_file_actions_addopen(&actions, 1, stdout, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
    let arguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
    defer { arguments.forEach { free($0) } }
    var pid = pid_t()
    let start = DispatchTime.now().uptimeNanoseconds
    let spawned = posix_spawnp(&pid, argv[0], &actions, nil, arguments, environ)
    guard spawned == 0 else { throw ValidationError("cannot run \(argv[0]): \(String(cString: strerror(spawned)))") }
    var status: Int32 = 0
    var usage = rusage()
    while wait4(pid, &status, 0, &usage) < 0 && errno == EINTR {}
    let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let exit = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
    guard exit == 0 else { throw ValidationError("\(argv.joined(separator: " ")) exited with status \(exit)") }
    return MeasuredRun(seconds: seconds, rssBytes: Int(usage.ru_maxrss) * 1024, status: exit)
}

/// The JSON line a peer script printed.
private func peerLine(_ path: String) throws -> [String: Any] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    guard let line = text.split(separator: "\n").last,
          let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
        throw ValidationError("\(path): no JSON line from the peer")
    }
    return object
}

/// The size of a file in bytes (0 if it cannot be read).
private func fileSize(_ path: String) -> Int {
    ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
}

/// This executable's absolute path.
private func selfExecutable() throws -> String {
    var buffer = [CChar](repeating: 0, count: 4096)
    let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
    guard count > 0 else { return CommandLine.arguments[0] }
    return String(decoding: buffer[0..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The 1-, 5- and 15-minute load averages.
private func loadAverage() -> [Double] {
    var loads = [Double](repeating: 0, count: 3)
    _ = getloadavg(&loads, 3)
    return loads
}
